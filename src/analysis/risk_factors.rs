//! The building blocks of the risk surface, each a raster on one [`GridSpec`]:
//! polygon labels (which municipality holds each cell centre), the distance-decay factor of
//! polygons (mine perimeters, hotspots), the distance-to-nearest-service factor and the
//! robust normalisation of the case density.
//!
//! Inputs are in a metric CRS (Albania TM metres); rasters are row-major, row 0 north, one
//! value per cell, evaluated at the cell centre.
//! - [`rasterize_labels`]: scanline fill. For each polygon, every edge crossing the horizontal
//!   line through a row's cell centres adds its x (half-open rule on y, so a vertex counts
//!   once); the sorted crossings pair up (even-odd: holes and multipart polygons work) and the
//!   cells whose centres lie in `[x_a, x_b)` get the polygon's label (the first polygon wins
//!   where polygons overlap). O(edges × rows spanned + cells filled).
//! - [`polygon_decay`]: 1 inside a polygon, `1 − d / decay_m` at distance d outside, 0 beyond.
//!   Only the cells of each polygon's bounding box grown by `decay_m` are visited (rows in
//!   parallel), each with geo's exact Euclidean point–polygon distance: O(Σ window cells ×
//!   vertices). Several polygons: the maximum.
//! - [`service_distance`]: `min(d / far_m, 1)` for the distance d to the nearest service. Each
//!   service stamps the disc of radius `far_m` around it with the smaller squared distance
//!   (exact, as the factor is 1 beyond `far_m` anyway): O(services × (2 far_m / pixel)²).
//! - [`normalise_density`]: divides by the 99th percentile of the non-zero values on land and
//!   caps at 1, so one dense town does not flatten the rest of the country. O(cells).

use geo::{Distance, Euclidean, MultiPolygon, Point};
use rayon::prelude::*;

use super::kde::GridSpec;
use crate::progress::{Cancelled, Progress};

/// Label raster: 0 = in no polygon, `i + 1` = cell centre in `polygons[i]`.
/// More than 65,535 polygons would not fit the labels: the extra ones are left out.
pub fn rasterize_labels(grid: &GridSpec, polygons: &[MultiPolygon<f64>]) -> Vec<u16> {
    let mut labels = vec![0u16; grid.cells()];
    let p = grid.pixel_m;
    for (k, poly) in polygons.iter().enumerate().take(u16::MAX as usize) {
        let label = k as u16 + 1;
        let Some((r0, r1)) = row_span(grid, poly) else {
            continue;
        };
        let mut crossings: Vec<Vec<f64>> = vec![Vec::new(); r1 - r0 + 1];
        let rings = poly
            .0
            .iter()
            .flat_map(|pg| std::iter::once(pg.exterior()).chain(pg.interiors()));
        for ring in rings {
            for line in ring.lines() {
                let (a, b) = (line.start, line.end);
                if a.y == b.y {
                    continue;
                }
                let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
                // Rows whose centre y is in [lo, hi): centre_y = ymax − (row + ½)p.
                let first = ((grid.ymax - hi) / p - 0.5).ceil().max(r0 as f64) as usize;
                let last = ((grid.ymax - lo) / p - 0.5).floor().min(r1 as f64);
                if last < first as f64 {
                    continue;
                }
                for row in first..=last as usize {
                    let cy = grid.ymax - (row as f64 + 0.5) * p;
                    if cy >= lo && cy < hi {
                        let x = a.x + (cy - a.y) * (b.x - a.x) / (b.y - a.y);
                        crossings[row - r0].push(x);
                    }
                }
            }
        }
        for (i, xs) in crossings.iter_mut().enumerate() {
            xs.sort_by(f64::total_cmp);
            let line = &mut labels[(r0 + i) * grid.cols..(r0 + i + 1) * grid.cols];
            for pair in xs.chunks_exact(2) {
                let c0 = first_col_at_or_after(grid, pair[0]);
                let c1 = first_col_at_or_after(grid, pair[1]);
                for cell in &mut line[c0..c1] {
                    if *cell == 0 {
                        *cell = label;
                    }
                }
            }
        }
    }
    labels
}

/// First column whose centre is ≥ x, clamped to `0..=cols`.
fn first_col_at_or_after(grid: &GridSpec, x: f64) -> usize {
    ((x - grid.xmin) / grid.pixel_m - 0.5)
        .ceil()
        .clamp(0.0, grid.cols as f64) as usize
}

/// Rows (inclusive) a polygon's bounding box covers on the grid, if any.
fn row_span(grid: &GridSpec, poly: &MultiPolygon<f64>) -> Option<(usize, usize)> {
    use geo::BoundingRect;
    let r = poly.bounding_rect()?;
    window(grid, [r.min().x, r.min().y, r.max().x, r.max().y], 0.0).map(|w| (w.2, w.3))
}

/// Cells `(c0, c1, r0, r1)` (inclusive) whose centres may lie within `grow_m` of a box.
fn window(grid: &GridSpec, bbox: [f64; 4], grow_m: f64) -> Option<(usize, usize, usize, usize)> {
    let p = grid.pixel_m;
    let c0 = ((bbox[0] - grow_m - grid.xmin) / p - 0.5).floor().max(0.0);
    let c1 = ((bbox[2] + grow_m - grid.xmin) / p - 0.5).ceil();
    let r0 = ((grid.ymax - bbox[3] - grow_m) / p - 0.5).floor().max(0.0);
    let r1 = ((grid.ymax - bbox[1] + grow_m) / p - 0.5).ceil();
    if !(c0.is_finite() && c1.is_finite() && r0.is_finite() && r1.is_finite())
        || c1 < 0.0
        || r1 < 0.0
        || c0 >= grid.cols as f64
        || r0 >= grid.rows as f64
    {
        return None;
    }
    let c1 = (c1 as usize).min(grid.cols - 1);
    let r1 = (r1 as usize).min(grid.rows - 1);
    Some((c0 as usize, c1, r0 as usize, r1))
}

/// Linear distance decay from polygons: 1 inside, `1 − d / decay_m` outside, 0 beyond
/// `decay_m`; the maximum over the polygons. `decay_m = 0` gives 1 inside and 0 outside.
pub fn polygon_decay(
    grid: &GridSpec,
    polygons: &[MultiPolygon<f64>],
    decay_m: f64,
    stage: &str,
    progress: &dyn Progress,
) -> Result<Vec<f32>, Cancelled> {
    use geo::BoundingRect;
    let mut factor = vec![0f32; grid.cells()];
    let total = polygons.len() as u64;
    for (k, poly) in polygons.iter().enumerate() {
        progress.check()?;
        progress.step(stage, k as u64, total);
        let Some(r) = poly.bounding_rect() else {
            continue;
        };
        let bbox = [r.min().x, r.min().y, r.max().x, r.max().y];
        let Some((c0, c1, r0, r1)) = window(grid, bbox, decay_m) else {
            continue;
        };
        let rows = &mut factor[r0 * grid.cols..(r1 + 1) * grid.cols];
        rows.par_chunks_mut(grid.cols)
            .enumerate()
            .for_each(|(i, line)| {
                for (c, v) in line.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                    let [x, y] = grid.centre(c, r0 + i);
                    let d = Euclidean.distance(poly, &Point::new(x, y));
                    let f = if d <= 0.0 {
                        1.0
                    } else if d >= decay_m {
                        0.0
                    } else {
                        1.0 - d / decay_m
                    };
                    *v = v.max(f as f32);
                }
            });
    }
    progress.step(stage, total, total);
    Ok(factor)
}

/// Distance factor to the nearest service: `min(d / far_m, 1)`; 1 everywhere when there is
/// no service.
pub fn service_distance(
    grid: &GridSpec,
    services_xy_m: &[[f64; 2]],
    far_m: f64,
    progress: &dyn Progress,
) -> Result<Vec<f32>, Cancelled> {
    let far2 = far_m * far_m;
    let mut d2 = vec![f64::INFINITY; grid.cells()];
    let total = services_xy_m.len() as u64;
    for (k, &[x, y]) in services_xy_m.iter().enumerate() {
        if k % 256 == 0 {
            progress.check()?;
            progress.step("services", k as u64, total);
        }
        let Some((c0, c1, r0, r1)) = window(grid, [x, y, x, y], far_m) else {
            continue;
        };
        for row in r0..=r1 {
            let cy = grid.ymax - (row as f64 + 0.5) * grid.pixel_m;
            let dy2 = (cy - y) * (cy - y);
            if dy2 > far2 {
                continue;
            }
            let line = &mut d2[row * grid.cols..(row + 1) * grid.cols];
            for (c, v) in line.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                let cx = grid.xmin + (c as f64 + 0.5) * grid.pixel_m;
                let e = (cx - x) * (cx - x) + dy2;
                if e < *v {
                    *v = e;
                }
            }
        }
    }
    progress.step("services", total, total);
    Ok(d2
        .par_iter()
        .map(|&e| {
            if far_m <= 0.0 || e >= far2 {
                1.0
            } else {
                (e.sqrt() / far_m) as f32
            }
        })
        .collect())
}

/// Density scaled to 0..1: value / (99th percentile of the non-zero values where `land`
/// is non-zero), capped at 1. All zeros when there is no non-zero value on land.
/// Returns the factor and the reference value used.
pub fn normalise_density(values: &[f64], land: &[u16]) -> (Vec<f32>, f64) {
    let mut nonzero: Vec<f64> = values
        .iter()
        .zip(land)
        .filter(|(v, l)| **l != 0 && **v > 0.0 && v.is_finite())
        .map(|(v, _)| *v)
        .collect();
    if nonzero.is_empty() {
        return (vec![0.0; values.len()], 0.0);
    }
    let k = ((nonzero.len() - 1) as f64 * 0.99).round() as usize;
    let (_, reference, _) = nonzero.select_nth_unstable_by(k, f64::total_cmp);
    let reference = *reference;
    let factor = values
        .par_iter()
        .map(|&v| {
            if v > 0.0 {
                (v / reference).min(1.0) as f32
            } else {
                0.0
            }
        })
        .collect();
    (factor, reference)
}

#[cfg(test)]
#[path = "risk_factors_tests.rs"]
mod tests;
