//! Candidate sites when the user has none: grid cells or settlements inside chosen areas
//! (municipalities), minus the places the user rules out.
//!
//! Inputs: areas (id code + WGS84 polygons, e.g. municipalities), a projected CRS in metres
//! (default use: Albania TM), exclusions (WGS84 polygons, or points with a radius in metres).
//! - [`grid`]: cell centres of a square grid of `spacing_m` anchored at the CRS origin (cell
//!   (ix, iy) has centre ((ix + ½)·s, (iy + ½)·s)), kept when strictly inside an area; id
//!   `"<area code>-g<ix>_<iy>"`, so ids are stable across runs and areas.
//! - [`settlements`]: given named points (e.g. the OSM places of the demo) inside an area;
//!   id = the name, later repeats of a name get " (2)", " (3)", ….
//!
//! Points inside an excluded polygon or within an excluded point's radius (straight line in
//! the CRS) are left out. At most [`MAX_GENERATED`] candidates (an error beyond: choose a
//! larger spacing or fewer areas). Complexity: grid O(cells · v) for v polygon vertices;
//! settlements O(points · v).

use std::collections::{BTreeSet, HashMap};

use geo::{BoundingRect, Contains, MultiPolygon, Point};

use super::{Candidate, SitingError};
use crate::analysis::metric;
use crate::crs::{Crs, Transformer};

/// The most candidates one generation may produce.
pub const MAX_GENERATED: usize = 100_000;

/// An area candidates are generated in.
#[derive(Debug, Clone, Copy)]
pub struct Area<'a> {
    /// Short code used in grid ids (e.g. the municipality's LAU code).
    pub code: &'a str,
    pub area_wgs84: &'a MultiPolygon<f64>,
}

/// A place no candidate may be.
#[derive(Debug, Clone, PartialEq)]
pub enum Exclusion {
    Area(MultiPolygon<f64>),
    Around {
        pos_wgs84: Point<f64>,
        radius_m: f64,
    },
}

/// Exclusions prepared for testing points.
struct Excluded<'a> {
    areas: Vec<&'a MultiPolygon<f64>>,
    /// (x, y, radius) in the CRS.
    around: Vec<(f64, f64, f64)>,
    to_crs: Transformer,
}

impl<'a> Excluded<'a> {
    fn new(exclusions: &'a [Exclusion], crs: &Crs) -> Result<Self, SitingError> {
        let to_crs = Transformer::new(&Crs::wgs84(), crs);
        let mut out = Excluded {
            areas: Vec::new(),
            around: Vec::new(),
            to_crs,
        };
        for e in exclusions {
            match e {
                Exclusion::Area(a) => out.areas.push(a),
                Exclusion::Around {
                    pos_wgs84,
                    radius_m,
                } => {
                    if !(radius_m.is_finite() && *radius_m >= 0.0) {
                        return Err(SitingError::Generate(format!(
                            "an excluded point's radius must be metres ≥ 0, not {radius_m}"
                        )));
                    }
                    let (x, y) = out
                        .to_crs
                        .point(pos_wgs84.x(), pos_wgs84.y())
                        .map_err(|e| SitingError::Generate(format!("excluded point: {e}")))?;
                    out.around.push((x, y, *radius_m));
                }
            }
        }
        Ok(out)
    }

    fn excludes(&self, pos_wgs84: Point<f64>, xy: (f64, f64)) -> bool {
        self.areas.iter().any(|a| a.contains(&pos_wgs84))
            || self
                .around
                .iter()
                .any(|&(x, y, r)| (xy.0 - x).powi(2) + (xy.1 - y).powi(2) <= r * r)
    }
}

fn too_many(n: usize) -> SitingError {
    SitingError::Generate(format!(
        "{n} candidate sites or more: the limit is {MAX_GENERATED}; choose a larger spacing or fewer municipalities"
    ))
}

/// Grid-cell centres inside `areas` (see the module doc).
pub fn grid(
    areas: &[Area<'_>],
    spacing_m: f64,
    crs: &Crs,
    exclusions: &[Exclusion],
) -> Result<Vec<Candidate>, SitingError> {
    metric::require_metric(crs)?;
    if !(spacing_m.is_finite() && spacing_m >= 10.0) {
        return Err(SitingError::Generate(format!(
            "the grid spacing must be at least 10 metres, not {spacing_m}"
        )));
    }
    let excluded = Excluded::new(exclusions, crs)?;
    let to_wgs84 = Transformer::new(crs, &Crs::wgs84());
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for area in areas {
        let projected = excluded
            .to_crs
            .geometry(&geo::Geometry::MultiPolygon(area.area_wgs84.clone()))
            .map_err(|e| SitingError::Generate(format!("area {}: {e}", area.code)))?;
        let Some(b) = projected.bounding_rect() else {
            continue;
        };
        let (x0, x1) = (
            (b.min().x / spacing_m).floor(),
            (b.max().x / spacing_m).ceil(),
        );
        let (y0, y1) = (
            (b.min().y / spacing_m).floor(),
            (b.max().y / spacing_m).ceil(),
        );
        if (x1 - x0) * (y1 - y0) > (MAX_GENERATED * 8) as f64 {
            return Err(too_many(MAX_GENERATED));
        }
        for iy in y0 as i64..y1 as i64 {
            for ix in x0 as i64..x1 as i64 {
                let xy = ((ix as f64 + 0.5) * spacing_m, (iy as f64 + 0.5) * spacing_m);
                if !projected.contains(&Point::new(xy.0, xy.1)) || !seen.insert((ix, iy)) {
                    continue;
                }
                let Ok((lon, lat)) = to_wgs84.point(xy.0, xy.1) else {
                    continue;
                };
                let pos = Point::new(lon, lat);
                if excluded.excludes(pos, xy) {
                    continue;
                }
                if out.len() >= MAX_GENERATED {
                    return Err(too_many(out.len() + 1));
                }
                out.push(Candidate {
                    id: format!("{}-g{ix}_{iy}", area.code),
                    pos_wgs84: pos,
                    capacity: None,
                });
            }
        }
    }
    Ok(out)
}

/// Named points inside `areas` (see the module doc).
pub fn settlements(
    places: &[(String, Point<f64>)],
    areas: &[Area<'_>],
    crs: &Crs,
    exclusions: &[Exclusion],
) -> Result<Vec<Candidate>, SitingError> {
    metric::require_metric(crs)?;
    let excluded = Excluded::new(exclusions, crs)?;
    let mut uses: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (name, pos) in places {
        if !areas.iter().any(|a| a.area_wgs84.contains(pos)) {
            continue;
        }
        let Ok(xy) = excluded.to_crs.point(pos.x(), pos.y()) else {
            continue;
        };
        if excluded.excludes(*pos, xy) {
            continue;
        }
        if out.len() >= MAX_GENERATED {
            return Err(too_many(out.len() + 1));
        }
        let n = uses.entry(name.as_str()).or_insert(0);
        *n += 1;
        let id = if *n == 1 {
            name.clone()
        } else {
            format!("{name} ({n})")
        };
        out.push(Candidate {
            id,
            pos_wgs84: *pos,
            capacity: None,
        });
    }
    Ok(out)
}

/// `candidates` minus those the exclusions rule out (e.g. an imported candidate layer), and
/// how many were left out.
pub fn without_excluded(
    candidates: Vec<Candidate>,
    crs: &Crs,
    exclusions: &[Exclusion],
) -> Result<(Vec<Candidate>, usize), SitingError> {
    if exclusions.is_empty() {
        return Ok((candidates, 0));
    }
    metric::require_metric(crs)?;
    let excluded = Excluded::new(exclusions, crs)?;
    let before = candidates.len();
    let mut kept = Vec::with_capacity(before);
    for c in candidates {
        let xy = excluded
            .to_crs
            .point(c.pos_wgs84.x(), c.pos_wgs84.y())
            .map_err(|e| SitingError::Generate(format!("candidate {}: {e}", c.id)))?;
        if !excluded.excludes(c.pos_wgs84, xy) {
            kept.push(c);
        }
    }
    let left_out = before - kept.len();
    Ok((kept, left_out))
}

#[cfg(test)]
mod tests {
    use geo::polygon;

    use super::*;

    #[test]
    fn without_excluded_drops_candidates_in_areas_and_radii() {
        let at = |id: &str, x: f64, y: f64| Candidate {
            id: id.into(),
            pos_wgs84: Point::new(x, y),
            capacity: None,
        };
        // Tiranë-ish points: a is inside the excluded square, b is 150 m from the excluded
        // point (radius 200 m), c is 1.7 km away from it and outside the square.
        let cands = vec![
            at("a", 19.805, 41.325),
            at("b", 19.8218, 41.33),
            at("c", 19.84, 41.33),
        ];
        let square = MultiPolygon(vec![polygon![
            (x: 19.80, y: 41.32), (x: 19.81, y: 41.32), (x: 19.81, y: 41.33),
            (x: 19.80, y: 41.33), (x: 19.80, y: 41.32),
        ]]);
        let exclusions = [
            Exclusion::Area(square),
            Exclusion::Around {
                pos_wgs84: Point::new(19.82, 41.33),
                radius_m: 200.0,
            },
        ];
        let crs = Crs::albania_tm();
        let (kept, left_out) = without_excluded(cands.clone(), &crs, &exclusions).unwrap();
        assert_eq!(left_out, 2);
        assert_eq!(kept, vec![cands[2].clone()]);
        let (all, none) = without_excluded(cands.clone(), &crs, &[]).unwrap();
        assert_eq!((all.len(), none), (3, 0));
    }
}
