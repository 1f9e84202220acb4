//! Risk zones: a class raster vectorised into polygons with area and case counts.
//!
//! Inputs: a [`ClassRaster`] (0 = no data, 1–4 = risk class), the municipality label of each
//! cell (`RiskSurface::municipality`: 0 = none, `i + 1` = municipality i) and the case points
//! in the same metric CRS (Albania TM metres).
//! Algorithm: cells of the same class are grouped into 4-connected components (flood fill);
//! each component becomes one zone whose polygon is traced exactly along pixel edges by
//! [`super::zone_trace`] (one counter-clockwise shell, clockwise holes, valid OGC geometry;
//! cells touching only at a corner are separate zones unless linked by edges). Grid vertices
//! become metres: x = xmin + i·pixel, y = ymax − j·pixel. Per zone: its cells, area =
//! cells × pixel² (exact for a pixel-edge polygon, in m² of the projected plane), the cases
//! whose cell is in it, and per municipality (by the cell centre's municipality) the cells and
//! cases. Zones come in raster order of their first (north-west) cell.
//! Complexity: O(cells + cases + boundary edges); memory 4 bytes per cell for the labels.
//! [`zone_polygon_wgs84`] projects a zone's polygon back to WGS84 for storage and export.

use std::collections::BTreeMap;

use geo::{Coord, LineString, Polygon};

use super::classes::ClassRaster;
use super::zone_trace::{signed_area2, trace_rings};
use crate::crs::{CrsError, Transformer};
use crate::progress::{Cancelled, Progress};

/// A zone's share of one municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneMunicipality {
    /// Municipality label: `i + 1` for `RiskInputs::municipalities_tm[i]`.
    pub label: u16,
    pub cells: usize,
    pub area_m2: f64,
    pub cases: usize,
}

/// One connected area of one risk class.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// 1 low, 2 medium, 3 high, 4 very high.
    pub class: u8,
    pub cells: usize,
    pub area_m2: f64,
    /// Cases whose cell is in the zone.
    pub cases: usize,
    /// Shares by municipality, by label; cells off every municipality are not listed.
    pub municipalities: Vec<ZoneMunicipality>,
    /// The zone's outline in the grid's metric CRS.
    pub polygon_m: Polygon<f64>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ZoneError {
    #[error("the municipality raster has {0} cells for a grid of {1}")]
    Size(usize, usize),
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for ZoneError {
    fn from(_: Cancelled) -> Self {
        ZoneError::Cancelled
    }
}

/// Vectorises every class > 0 of `classes` into zones (see the module documentation).
pub fn vectorise_zones(
    classes: &ClassRaster,
    municipality: &[u16],
    cases_xy_m: &[[f64; 2]],
    progress: &dyn Progress,
) -> Result<Vec<Zone>, ZoneError> {
    let g = classes.grid;
    let (cols, rows, n) = (g.cols, g.rows, g.cells());
    if municipality.len() != n {
        return Err(ZoneError::Size(municipality.len(), n));
    }
    let mut cases_in_cell = vec![0u32; n];
    for &xy in cases_xy_m {
        if let Some((c, r)) = g.cell_of(xy) {
            cases_in_cell[r * cols + c] += 1;
        }
    }
    let cell_area = g.pixel_m * g.pixel_m;
    let mut component = vec![0u32; n];
    let mut zones = Vec::new();
    let mut stack = Vec::new();
    let mut cells = Vec::new();
    for start in 0..n {
        let class = classes.classes[start];
        if class == 0 || component[start] != 0 {
            continue;
        }
        if zones.len() % 256 == 0 {
            progress.check()?;
            progress.step("zones", start as u64, n as u64);
        }
        let id = zones.len() as u32 + 1;
        // Flood fill (4-connectivity) of this class from `start`.
        cells.clear();
        component[start] = id;
        stack.push(start);
        while let Some(i) = stack.pop() {
            cells.push(i);
            let (c, r) = (i % cols, i / cols);
            let neighbours = [
                (c > 0).then(|| i - 1),
                (c + 1 < cols).then(|| i + 1),
                (r > 0).then(|| i - cols),
                (r + 1 < rows).then(|| i + cols),
            ];
            for j in neighbours.into_iter().flatten() {
                if component[j] == 0 && classes.classes[j] == class {
                    component[j] = id;
                    stack.push(j);
                }
            }
        }
        let member = |c: i64, r: i64| {
            c >= 0
                && r >= 0
                && (c as usize) < cols
                && (r as usize) < rows
                && component[r as usize * cols + c as usize] == id
        };
        let polygon_m = polygon_from_rings(trace_rings(&cells, cols, &member), &g);
        let mut by_muni: BTreeMap<u16, (usize, usize)> = BTreeMap::new();
        let mut cases = 0;
        for &i in &cells {
            let k = cases_in_cell[i] as usize;
            cases += k;
            if municipality[i] != 0 {
                let e = by_muni.entry(municipality[i]).or_default();
                e.0 += 1;
                e.1 += k;
            }
        }
        zones.push(Zone {
            class,
            cells: cells.len(),
            area_m2: cells.len() as f64 * cell_area,
            cases,
            municipalities: by_muni
                .into_iter()
                .map(|(label, (cells, cases))| ZoneMunicipality {
                    label,
                    cells,
                    area_m2: cells as f64 * cell_area,
                    cases,
                })
                .collect(),
            polygon_m,
        });
    }
    progress.step("zones", n as u64, n as u64);
    Ok(zones)
}

/// One shell (the counter-clockwise ring of largest area) and the clockwise holes, in metres.
fn polygon_from_rings(rings: Vec<Vec<(i64, i64)>>, g: &super::kde::GridSpec) -> Polygon<f64> {
    let to_line = |ring: &[(i64, i64)]| {
        let mut pts: Vec<Coord<f64>> = ring
            .iter()
            .map(|&(i, j)| Coord {
                x: g.xmin + i as f64 * g.pixel_m,
                y: g.ymax - j as f64 * g.pixel_m,
            })
            .collect();
        if let Some(&first) = pts.first() {
            pts.push(first);
        }
        LineString::new(pts)
    };
    let mut shell: Option<(i64, usize)> = None;
    for (k, r) in rings.iter().enumerate() {
        let a = signed_area2(r);
        if a > 0 && shell.is_none_or(|(best, _)| a > best) {
            shell = Some((a, k));
        }
    }
    let Some((_, s)) = shell else {
        return Polygon::new(LineString::new(vec![]), vec![]);
    };
    let holes = rings
        .iter()
        .enumerate()
        .filter(|(k, r)| *k != s && signed_area2(r) < 0)
        .map(|(_, r)| to_line(r))
        .collect();
    Polygon::new(to_line(&rings[s]), holes)
}

/// A zone polygon projected from Albania TM metres to WGS84 (orientation kept).
pub fn zone_polygon_wgs84(polygon_tm: &Polygon<f64>) -> Result<Polygon<f64>, CrsError> {
    use geo::MapCoords;
    let t = Transformer::tm_to_wgs84();
    polygon_tm.try_map_coords(|c| t.coord(c))
}

#[cfg(test)]
#[path = "zones_tests.rs"]
mod tests;
