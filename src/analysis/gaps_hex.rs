//! The steps of [`super::gap_areas`]: gap cells of the raster, the land cells of a hexagon,
//! areas of neighbouring hexagons and their summary.
//!
//! Units: grid cells and case positions in Albania TM metres; hexagons and outlines in WGS84.
//! A grid cell belongs to the hexagon holding its centre, computed one way only
//! ([`cell_of_xy`]), so a gap cell's hexagon always counts it among its land cells.

use std::collections::{BTreeMap, HashMap};

use h3o::geom::Solvent;
use h3o::{CellIndex, Resolution};
use rayon::prelude::*;

use super::super::hexbin::{cell_of_wgs84, cell_polygon_wgs84};
use super::super::risk::RiskSurface;
use super::{GapArea, GapError};
use crate::crs::{CrsError, Transformer};
use crate::progress::{Cancelled, Progress};

/// Rows per progress step and cancel check.
const ROWS: usize = 64;

/// Indices (row-major) of the land cells with score ≥ `min_risk` that are not `covered`.
pub(super) fn gap_cells(
    surface: &RiskSurface,
    min_risk: f64,
    covered: &(dyn Fn([f64; 2]) -> bool + Sync),
    progress: &dyn Progress,
) -> Result<Vec<usize>, Cancelled> {
    let g = surface.grid;
    let rows: Vec<Vec<usize>> = (0..g.rows)
        .into_par_iter()
        .map(|row| {
            if row % ROWS == 0 {
                progress.check()?;
                progress.step("gap cells", row as u64, g.rows as u64);
            }
            Ok((0..g.cols)
                .filter(|&col| {
                    let i = row * g.cols + col;
                    let s = surface.score[i];
                    surface.municipality[i] != 0
                        && s.is_finite()
                        && f64::from(s) >= min_risk
                        && !covered(g.centre(col, row))
                })
                .map(|col| row * g.cols + col)
                .collect())
        })
        .collect::<Result<_, Cancelled>>()?;
    Ok(rows.into_iter().flatten().collect())
}

/// The hexagon holding a point in Albania TM metres.
pub(super) fn cell_of_xy(
    to_wgs: &Transformer,
    xy_m: [f64; 2],
    res: Resolution,
) -> Result<CellIndex, CrsError> {
    let (lon, lat) = to_wgs.point(xy_m[0], xy_m[1])?;
    cell_of_wgs84(lon, lat, res).ok_or(CrsError::Transform {
        x: xy_m[0],
        y: xy_m[1],
        from: 6870,
        to: 4326,
        reason: "not a valid longitude/latitude".into(),
    })
}

/// Each gap cell's hexagon, counted per hexagon and sorted by H3 index (deterministic).
pub(super) fn per_hexagon(
    surface: &RiskSurface,
    gap_cells: &[usize],
    res: Resolution,
    to_wgs: &Transformer,
) -> Result<Vec<(CellIndex, u32)>, CrsError> {
    let g = surface.grid;
    let mut cells: Vec<CellIndex> = gap_cells
        .par_iter()
        .map(|&i| cell_of_xy(to_wgs, g.centre(i % g.cols, i / g.cols), res))
        .collect::<Result<_, CrsError>>()?;
    cells.par_sort_unstable();
    let mut out: Vec<(CellIndex, u32)> = Vec::new();
    for c in cells {
        match out.last_mut() {
            Some(last) if last.0 == c => last.1 += 1,
            _ => out.push((c, 1)),
        }
    }
    Ok(out)
}

/// A candidate hexagon's land cells.
#[derive(Debug, Clone)]
pub(super) struct HexStats {
    pub cell: CellIndex,
    pub land: u32,
    pub gap: u32,
    pub score_sum: f64,
    pub score_max: f32,
    /// Land cells per municipality label.
    pub munis: BTreeMap<u16, u32>,
    /// Bounding box in metres `[xmin, ymin, xmax, ymax]` of its projected outline.
    pub bbox_m: [f64; 4],
}

/// Scans the hexagon's bounding box (one cell wider on each side) for land cells whose
/// centre lies in it.
pub(super) fn hex_stats(
    cell: CellIndex,
    gap: u32,
    res: Resolution,
    surface: &RiskSurface,
    to_wgs: &Transformer,
) -> Result<HexStats, CrsError> {
    let to_tm = Transformer::wgs84_to_tm();
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for c in cell_polygon_wgs84(cell).exterior().coords() {
        let (x, y) = to_tm.point(c.x, c.y)?;
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    let g = surface.grid;
    let span = |lo: f64, hi: f64, n: usize| {
        let a = (lo / g.pixel_m).floor() - 1.0;
        let z = (hi / g.pixel_m).ceil() + 1.0;
        (a.max(0.0) as usize, (z.max(0.0) as usize).min(n))
    };
    let (c0, c1) = span(b[0] - g.xmin, b[2] - g.xmin, g.cols);
    let (r0, r1) = span(g.ymax - b[3], g.ymax - b[1], g.rows);
    let mut s = HexStats {
        cell,
        land: 0,
        gap,
        score_sum: 0.0,
        score_max: f32::MIN,
        munis: BTreeMap::new(),
        bbox_m: b,
    };
    for row in r0..r1 {
        for col in c0..c1 {
            let i = row * g.cols + col;
            let (label, score) = (surface.municipality[i], surface.score[i]);
            if label == 0
                || !score.is_finite()
                || cell_of_xy(to_wgs, g.centre(col, row), res)? != cell
            {
                continue;
            }
            s.land += 1;
            s.score_sum += f64::from(score);
            s.score_max = s.score_max.max(score);
            *s.munis.entry(label).or_default() += 1;
        }
    }
    Ok(s)
}

/// Areas of hexagons sharing an edge: the area number of each hexagon (numbered in the order
/// of their lowest hexagon, as `hexes` is sorted) and how many areas.
pub(super) fn components(hexes: &[HexStats]) -> (Vec<usize>, usize) {
    let at: HashMap<CellIndex, usize> =
        hexes.iter().enumerate().map(|(i, s)| (s.cell, i)).collect();
    let mut comp = vec![usize::MAX; hexes.len()];
    let mut count = 0;
    let mut stack = Vec::new();
    for start in 0..hexes.len() {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = count;
        stack.push(start);
        while let Some(i) = stack.pop() {
            for n in hexes[i].cell.grid_disk_safe(1) {
                if let Some(&j) = at.get(&n)
                    && comp[j] == usize::MAX
                {
                    comp[j] = count;
                    stack.push(j);
                }
            }
        }
        count += 1;
    }
    (comp, count)
}

/// The union of the hexagons' bounding boxes in metres.
pub(super) fn union_bbox(hexes: &[HexStats]) -> Option<[f64; 4]> {
    hexes.iter().map(|s| s.bbox_m).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

/// One area's summary and outline (rank 0 until ranked). `hexes` is sorted and not empty.
pub(super) fn area_of(
    hexes: &[&HexStats],
    uncovered_cases: usize,
    solvent: &Solvent,
) -> Result<GapArea, GapError> {
    let cells: Vec<CellIndex> = hexes.iter().map(|s| s.cell).collect();
    let polygon_wgs84 = solvent
        .dissolve(cells.iter().copied())
        .map_err(|e| GapError::Dissolve(e.to_string()))?;
    let mut munis: BTreeMap<u16, u32> = BTreeMap::new();
    for s in hexes {
        for (&label, &n) in &s.munis {
            *munis.entry(label).or_default() += n;
        }
    }
    // Most land cells; ties to the lowest label (BTreeMap order, strict `>`).
    let mut municipality = (0u16, 0u32);
    for (&label, &n) in &munis {
        if n > municipality.1 {
            municipality = (label, n);
        }
    }
    let land: u32 = hexes.iter().map(|s| s.land).sum();
    let score_sum: f64 = hexes.iter().map(|s| s.score_sum).sum();
    let max = hexes.iter().map(|s| s.score_max).fold(f32::MIN, f32::max);
    Ok(GapArea {
        rank: 0,
        area_km2: cells.iter().map(|c| c.area_km2()).sum(),
        hexagons: cells,
        land_cells: land as usize,
        gap_cells: hexes.iter().map(|s| s.gap as usize).sum(),
        uncovered_cases,
        mean_risk: if land > 0 {
            score_sum / f64::from(land)
        } else {
            0.0
        },
        max_risk: if land > 0 { f64::from(max) } else { 0.0 },
        municipality: municipality.0,
        polygon_wgs84,
    })
}
