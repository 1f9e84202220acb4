//! Spatial indexes in a metric CRS: the one place R-trees are built.
//!
//! Points and polygon envelopes are projected from WGS84 to KRGJSH-2010 / Albania TM
//! (metres) before indexing, so `within_distance` and `nearest` measure metres, not degrees.
//! Building is O(n log n) (bulk load); a nearest or radius query is O(log n + k).

use geo::{BoundingRect, Contains, Coord, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::crs::{CrsError, Transformer};

/// Points (in Albania TM metres) with the index of the item they came from.
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 2], usize>>,
}

impl PointIndex {
    /// Indexes points given in WGS84; `items[i]` keeps data index `i`.
    pub fn from_wgs84(points_wgs84: &[Point<f64>]) -> Result<Self, CrsError> {
        let t = Transformer::wgs84_to_tm();
        let xy_tm = points_wgs84
            .iter()
            .map(|p| t.point(p.x(), p.y()).map(|(x, y)| [x, y]))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_tm(&xy_tm))
    }

    /// Indexes points already in Albania TM metres.
    pub fn from_tm(xy_tm: &[[f64; 2]]) -> Self {
        let items = xy_tm
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(*p, i))
            .collect();
        Self {
            tree: RTree::bulk_load(items),
        }
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The nearest item and its distance in metres.
    pub fn nearest(&self, xy_tm: [f64; 2]) -> Option<(usize, f64)> {
        self.tree.nearest_neighbor(&xy_tm).map(|n| {
            let d = ((n.geom()[0] - xy_tm[0]).powi(2) + (n.geom()[1] - xy_tm[1]).powi(2)).sqrt();
            (n.data, d)
        })
    }

    /// Items within `radius_m` metres (inclusive), in no particular order.
    pub fn within_distance(&self, xy_tm: [f64; 2], radius_m: f64) -> Vec<usize> {
        self.tree
            .locate_within_distance(xy_tm, radius_m * radius_m)
            .map(|n| n.data)
            .collect()
    }
}

/// Polygons indexed by their envelope (in WGS84 degrees: envelopes are only a filter;
/// the exact test is point-in-polygon on the original geometry).
pub struct PolygonIndex {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    polygons_wgs84: Vec<MultiPolygon<f64>>,
}

impl PolygonIndex {
    pub fn new(polygons_wgs84: Vec<MultiPolygon<f64>>) -> Self {
        let items = polygons_wgs84
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let r = p.bounding_rect()?;
                let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                Some(GeomWithData::new(rect, i))
            })
            .collect();
        Self {
            tree: RTree::bulk_load(items),
            polygons_wgs84,
        }
    }

    /// The first polygon containing the point (boundary points count as inside).
    pub fn containing(&self, pos_wgs84: Point<f64>) -> Option<usize> {
        let q = [pos_wgs84.x(), pos_wgs84.y()];
        let mut hits: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_point(q))
            .map(|n| n.data)
            .collect();
        hits.sort_unstable();
        let c = Coord { x: q[0], y: q[1] };
        hits.iter()
            .copied()
            .find(|&i| self.polygons_wgs84[i].contains(&c))
            .or_else(|| {
                use geo::Intersects;
                hits.into_iter()
                    .find(|&i| self.polygons_wgs84[i].intersects(&c))
            })
    }

    pub fn polygon(&self, i: usize) -> &MultiPolygon<f64> {
        &self.polygons_wgs84[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn nearest_and_radius_in_metres() {
        let idx = PointIndex::from_tm(&[[0.0, 0.0], [1000.0, 0.0], [0.0, 2500.0]]);
        assert_eq!(idx.nearest([900.0, 10.0]).map(|n| n.0), Some(1));
        let mut within = idx.within_distance([0.0, 0.0], 1000.0);
        within.sort();
        assert_eq!(within, vec![0, 1]);
    }

    #[test]
    fn point_in_polygon_through_envelopes() {
        let a = MultiPolygon::new(vec![
            polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)],
        ]);
        // A concave "C" whose envelope covers (1.5, 0.5) but whose area does not.
        let c = MultiPolygon::new(vec![polygon![
            (x: 1.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 0.2), (x: 1.2, y: 0.2),
            (x: 1.2, y: 0.8), (x: 3.0, y: 0.8), (x: 3.0, y: 1.0), (x: 1.0, y: 1.0)
        ]]);
        let idx = PolygonIndex::new(vec![a, c]);
        assert_eq!(idx.containing(Point::new(0.5, 0.5)), Some(0));
        assert_eq!(idx.containing(Point::new(2.0, 0.1)), Some(1));
        assert_eq!(idx.containing(Point::new(2.0, 0.5)), None);
        assert_eq!(idx.containing(Point::new(1.0, 0.5)), Some(0)); // shared edge: first wins
    }
}
