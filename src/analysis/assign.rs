//! Municipality assignment: which of the 61 municipalities each point falls in.
//!
//! Inputs: municipality polygons and points, both WGS84. Algorithm: an R-tree over the
//! polygon envelopes selects candidates, then an exact point-in-polygon test decides
//! (boundary points go to the lowest-indexed municipality, so the answer is deterministic).
//! Complexity: O(m log m) to build, O(log m + k·v) per point where k candidates have v vertices.

use geo::Point;

use super::index::PolygonIndex;
use crate::model::{Municipality, MunicipalityRef};
use crate::progress::{Cancelled, Progress};

pub struct MunicipalityLookup {
    index: PolygonIndex,
    refs: Vec<MunicipalityRef>,
}

impl MunicipalityLookup {
    pub fn new(municipalities: &[Municipality]) -> Self {
        Self {
            index: PolygonIndex::new(
                municipalities
                    .iter()
                    .map(|m| m.area_wgs84.clone())
                    .collect(),
            ),
            refs: municipalities.iter().map(Municipality::reference).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// The municipality containing the point, if any.
    pub fn locate(&self, pos_wgs84: Point<f64>) -> Option<&MunicipalityRef> {
        self.index.containing(pos_wgs84).map(|i| &self.refs[i])
    }

    /// Locates many points, reporting progress every 4,096 points.
    pub fn locate_all(
        &self,
        points_wgs84: &[Point<f64>],
        progress: &dyn Progress,
    ) -> Result<Vec<Option<&MunicipalityRef>>, Cancelled> {
        let total = points_wgs84.len() as u64;
        let mut out = Vec::with_capacity(points_wgs84.len());
        for (i, p) in points_wgs84.iter().enumerate() {
            if i % 4096 == 0 {
                progress.check()?;
                progress.step("municipality", i as u64, total);
            }
            out.push(self.locate(*p));
        }
        progress.step("municipality", total, total);
        Ok(out)
    }
}
