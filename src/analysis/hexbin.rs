//! Hexagon aggregation of points on the H3 grid (`h3o`, pure-Rust H3): counts per hexagon
//! and the hexagons' outlines, the privacy-safe map of cases (no point is ever drawn).
//!
//! Inputs: points in WGS84 degrees (longitude x, latitude y) and [`HexbinConfig`]: the H3
//! resolution, [`MIN_RESOLUTION`]..=[`MAX_RESOLUTION`], default 8. Average hexagon areas
//! (H3's published figures; a cell's exact area is `CellIndex::area_km2`):
//!
//! | resolution | area km² | edge km | use |
//! |---|---|---|---|
//! | 6 | 36.13 | 3.7 | a municipality at a glance |
//! | 7 | 5.16 | 1.4 | a town |
//! | 8 | 0.737 | 0.53 | neighbourhoods, villages (default) |
//! | 9 | 0.105 | 0.20 | a few streets (too fine for small counts) |
//!
//! Output: [`HexBins`], the hexagons holding at least one point with their count, sorted by
//! H3 index (so the output never depends on thread scheduling); [`cell_polygon_wgs84`] gives
//! a hexagon's outline (WGS84, closed ring, counter-clockwise as H3 returns it), and
//! [`hexbin_layer`] the published form: one polygon per hexagon, a count below
//! [`MIN_COUNT`](super::risk_layer::MIN_COUNT) written as null with the note "< 5" (the rule of `risk_layer`);
//! [`hexbin_layer_protected`] adds secondary suppression for a map whose total is printed
//! too (all of Albania's cases, a municipality's), see `crate::privacy::group`.
//! Algorithm: each point's cell (`LatLng::to_cell`) on all cores, then a parallel sort and
//! one counting pass. Complexity: O(n log n) time, O(n) memory; progress and cancel per
//! chunk of `metric::CHUNK` points.

use geo::{Coord, LineString, Point, Polygon};
use h3o::{CellIndex, LatLng, Resolution};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::nearest::for_each_case;
use super::risk_layer::published_count;
use crate::model::{Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Value};
use crate::privacy::group::{GroupSuppression, suppress_group};
use crate::privacy::{MinCount, Suppression};
use crate::progress::{Cancelled, Progress};

/// Coarsest and finest resolution accepted (≈ 253 km² and ≈ 0.015 km² hexagons).
pub const MIN_RESOLUTION: u8 = 5;
pub const MAX_RESOLUTION: u8 = 10;
/// Default resolution: ≈ 0.74 km² hexagons.
pub const DEFAULT_RESOLUTION: u8 = 8;

/// How to aggregate (saved with runs; missing fields take their defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HexbinConfig {
    /// H3 resolution, [`MIN_RESOLUTION`]..=[`MAX_RESOLUTION`] (default 8).
    pub resolution: u8,
}

impl Default for HexbinConfig {
    fn default() -> Self {
        Self {
            resolution: DEFAULT_RESOLUTION,
        }
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum HexbinError {
    #[error("the H3 resolution must be {MIN_RESOLUTION} to {MAX_RESOLUTION} (got {0})")]
    BadResolution(u8),
    #[error("point {index} is not a valid longitude/latitude ({lon}, {lat})")]
    BadPoint { index: usize, lon: f64, lat: f64 },
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for HexbinError {
    fn from(_: Cancelled) -> Self {
        HexbinError::Cancelled
    }
}

/// The H3 resolution for `res`, checked against the accepted range.
pub fn resolution(res: u8) -> Result<Resolution, HexbinError> {
    if !(MIN_RESOLUTION..=MAX_RESOLUTION).contains(&res) {
        return Err(HexbinError::BadResolution(res));
    }
    Resolution::try_from(res).map_err(|_| HexbinError::BadResolution(res))
}

/// The H3 cell of a WGS84 position at `res`, `None` when it is not a valid position.
pub fn cell_of_wgs84(lon: f64, lat: f64, res: Resolution) -> Option<CellIndex> {
    if !(lon.is_finite() && lat.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
        return None;
    }
    LatLng::new(lat, lon).ok().map(|ll| ll.to_cell(res))
}

/// One hexagon and how many points fall in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HexCount {
    pub cell: CellIndex,
    pub count: usize,
}

/// Points per hexagon (only hexagons with points), sorted by H3 index.
#[derive(Debug, Clone, PartialEq)]
pub struct HexBins {
    pub resolution: Resolution,
    pub cells: Vec<HexCount>,
}

impl HexBins {
    /// All points counted (the sum of the counts).
    pub fn total(&self) -> usize {
        self.cells.iter().map(|c| c.count).sum()
    }
}

/// Counts `points_wgs84` per H3 hexagon (see the module documentation).
pub fn hexbin(
    points_wgs84: &[Point<f64>],
    config: &HexbinConfig,
    progress: &dyn Progress,
) -> Result<HexBins, HexbinError> {
    let res = resolution(config.resolution)?;
    let cells = for_each_case(points_wgs84.len(), "hexagons", progress, |i| {
        let p = points_wgs84[i];
        cell_of_wgs84(p.x(), p.y(), res).ok_or(HexbinError::BadPoint {
            index: i,
            lon: p.x(),
            lat: p.y(),
        })
    })?;
    let mut cells: Vec<CellIndex> = cells.into_iter().collect::<Result<_, _>>()?;
    progress.check()?;
    cells.par_sort_unstable();
    let mut out: Vec<HexCount> = Vec::new();
    for cell in cells {
        match out.last_mut() {
            Some(last) if last.cell == cell => last.count += 1,
            _ => out.push(HexCount { cell, count: 1 }),
        }
    }
    Ok(HexBins {
        resolution: res,
        cells: out,
    })
}

/// A hexagon's outline in WGS84 degrees (x longitude, y latitude), a closed ring.
pub fn cell_polygon_wgs84(cell: CellIndex) -> Polygon<f64> {
    let mut ring: Vec<Coord<f64>> = cell
        .boundary()
        .iter()
        .map(|ll| Coord {
            x: ll.lng(),
            y: ll.lat(),
        })
        .collect();
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    Polygon::new(LineString::new(ring), vec![])
}

/// The published hexagon map: fields `h3` (index as hex text), `resolution`, `area_km2`,
/// `cases` (null below `risk_layer::MIN_COUNT`) and `cases_note` ("< 5" when suppressed).
pub fn hexbin_layer(name: &str, bins: &HexBins) -> FeatureLayer {
    layer_with(name, bins, |i| published_count(bins.cells[i].count))
}

/// The hexagon map when its total is published as well: the hexagons are one group
/// ([`suppress_group`]), so a hidden count is null with `cases_note` "<k" (1..k − 1) or "x"
/// (hidden so that a smaller one cannot be recovered from the total). The suppression says
/// whether the total itself may be printed (`total`).
pub fn hexbin_layer_protected(
    name: &str,
    bins: &HexBins,
    k: MinCount,
) -> (FeatureLayer, GroupSuppression) {
    let counts: Vec<u64> = bins.cells.iter().map(|c| c.count as u64).collect();
    let g = suppress_group(&counts, k);
    let layer = layer_with(name, bins, |i| match g.cells[i] {
        Suppression::Shown => (Value::Int(counts[i] as i64), Value::Null),
        m => (Value::Null, Value::Text(m.text(counts[i], k))),
    });
    (layer, g)
}

fn layer_with(name: &str, bins: &HexBins, count: impl Fn(usize) -> (Value, Value)) -> FeatureLayer {
    use FieldKind::*;
    let fields = vec![
        FieldDef::new("h3", Text),
        FieldDef::new("resolution", Int),
        FieldDef::new("area_km2", Real),
        FieldDef::new("cases", Int),
        FieldDef::new("cases_note", Text),
    ];
    let mut layer = FeatureLayer::new(name, LayerKind::Other, GeometryType::Polygon, fields);
    for (i, c) in bins.cells.iter().enumerate() {
        let (cases, note) = count(i);
        layer.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(cell_polygon_wgs84(c.cell).into()),
            values: vec![
                Value::Text(c.cell.to_string()),
                Value::Int(i64::from(u8::from(bins.resolution))),
                Value::Real((c.cell.area_km2() * 10_000.0).round() / 10_000.0),
                cases,
                note,
            ],
        });
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::risk_layer::MIN_COUNT;
    use crate::progress::NoProgress;
    use geo::{Contains, Validation};

    /// Points around Tirana and Bulqizë, a few metres apart, and one in Durrës.
    fn points() -> Vec<Point<f64>> {
        let mut v = Vec::new();
        for i in 0..7 {
            v.push(Point::new(19.8187 + i as f64 * 1e-5, 41.3275));
        }
        for i in 0..3 {
            v.push(Point::new(20.2557, 41.4917 + i as f64 * 1e-5));
        }
        v.push(Point::new(19.4565, 41.3246));
        v
    }

    #[test]
    fn counts_add_up_and_points_lie_in_their_cells() {
        let pts = points();
        let bins = hexbin(&pts, &HexbinConfig::default(), &NoProgress).unwrap();
        assert_eq!(bins.total(), pts.len());
        assert_eq!(bins.resolution, Resolution::Eight);
        let counts: Vec<usize> = bins.cells.iter().map(|c| c.count).collect();
        let mut sorted = counts.clone();
        sorted.sort();
        assert_eq!(sorted, [1, 3, 7]);
        assert!(bins.cells.windows(2).all(|w| w[0].cell < w[1].cell));
        for p in &pts {
            let cell = cell_of_wgs84(p.x(), p.y(), bins.resolution).unwrap();
            assert_eq!(cell.resolution(), Resolution::Eight);
            let poly = cell_polygon_wgs84(cell);
            assert!(poly.is_valid(), "{:?}", poly.validation_errors());
            assert!(poly.contains(p), "{p:?} not in its hexagon");
            assert!(bins.cells.iter().any(|c| c.cell == cell));
        }
    }

    #[test]
    fn resolution_is_respected() {
        let pts = points();
        let fine = HexbinConfig { resolution: 9 };
        let coarse = HexbinConfig { resolution: 6 };
        let f = hexbin(&pts, &fine, &NoProgress).unwrap();
        let c = hexbin(&pts, &coarse, &NoProgress).unwrap();
        assert!(
            f.cells
                .iter()
                .all(|h| h.cell.resolution() == Resolution::Nine)
        );
        assert!(
            c.cells
                .iter()
                .all(|h| h.cell.resolution() == Resolution::Six)
        );
        let a6 = c.cells[0].cell.area_km2();
        assert!((30.0..42.0).contains(&a6), "{a6}");
        assert_eq!(f.total(), c.total());
        for bad in [4, 11, 15] {
            let err = hexbin(&pts, &HexbinConfig { resolution: bad }, &NoProgress);
            assert_eq!(err, Err(HexbinError::BadResolution(bad)));
        }
        let nan = [Point::new(f64::NAN, 41.0)];
        let err = hexbin(&nan, &HexbinConfig::default(), &NoProgress).unwrap_err();
        assert!(matches!(err, HexbinError::BadPoint { index: 0, .. }));
    }

    #[test]
    fn published_layer_hides_small_counts() {
        let bins = hexbin(&points(), &HexbinConfig::default(), &NoProgress).unwrap();
        let layer = hexbin_layer("cases_h3_r8", &bins);
        assert_eq!(layer.features.len(), 3);
        let mut shown = 0;
        for f in &layer.features {
            match layer.value(f, "cases") {
                Value::Int(n) => {
                    assert!(*n >= MIN_COUNT as i64);
                    shown += 1;
                }
                Value::Null => {
                    assert_eq!(layer.value(f, "cases_note"), &Value::Text("< 5".into()))
                }
                other => panic!("{other:?}"),
            }
            let a = layer.value(f, "area_km2").as_f64().unwrap();
            assert!((0.5..1.0).contains(&a), "{a}");
        }
        assert_eq!(shown, 1, "only the hexagon of 7 is shown");
        // With the total (11) published: 3 + 1 = 4 is 1+3, 2+2 or 3+1, so nothing more hides.
        let (layer, g) = hexbin_layer_protected("cases_h3_r8", &bins, MinCount::DEFAULT);
        assert_eq!(g.hidden(), 2);
        assert_eq!(g.total, Suppression::Shown);
        let shown: Vec<&Value> = layer
            .features
            .iter()
            .map(|f| layer.value(f, "cases"))
            .collect();
        assert_eq!(shown.iter().filter(|v| ***v == Value::Int(7)).count(), 1);
        // Two ones would be pinned (1 + 1 = 2): the 7 hides as well, marked "x".
        let mut pts = points();
        pts.truncate(8);
        pts.push(Point::new(19.4565, 41.3246));
        let bins = hexbin(&pts, &HexbinConfig::default(), &NoProgress).unwrap();
        let (layer, g) = hexbin_layer_protected("r8", &bins, MinCount::DEFAULT);
        assert_eq!(g.hidden(), 3);
        let x = Value::Text("x".into());
        assert_eq!(
            layer
                .features
                .iter()
                .filter(|f| layer.value(f, "cases_note") == &x)
                .count(),
            1
        );
    }
}
