//! Service-gap areas: where the risk is high and no chosen service is within reach, as
//! connected H3 hexagon areas ranked by the cases they leave uncovered.
//!
//! Inputs: a [`RiskSurface`] (score 0–100 per cell of a grid in KRGJSH-2010 / Albania TM
//! metres), the [`RiskInputs`] it was computed from (cases and services in the same metres)
//! and [`GapConfig`]: `min_risk` (a score, default 50), the service `types` that close a gap
//! (default day centres), `reach_m` (straight-line metres, default 2,000), `h3_resolution`
//! (default 8, ≈ 0.74 km² hexagons; see [`super::hexbin`] for resolutions 6–9) and `risk`,
//! the risk parameters of the surface (recorded with every run).
//!
//! Algorithm:
//! 1. gap cells: land cells with score ≥ `min_risk` whose centre has no service of `types`
//!    within `reach_m` (k-d tree nearest, rows on all cores);
//! 2. each gap cell's centre → WGS84 → its H3 hexagon: the candidate hexagons;
//! 3. per candidate, its land cells (grid cells whose centre lies in it, found by scanning
//!    the hexagon's bounding box): a hexagon is a **gap hexagon when at least half of its
//!    land cells are gap cells** ([`GAP_SHARE`]), so an area follows the raster's gaps and
//!    a lone gap cell does not make a hexagon;
//! 4. gap hexagons sharing an edge (`grid_disk(1)`) form one area, dissolved into its
//!    outline by h3o's `Solvent` (exact union of the hexagons' edges, WGS84);
//! 5. per area: hexagons, area (Σ exact H3 cell areas, km²), uncovered cases (cases inside
//!    its hexagons with no service of `types` within `reach_m`), mean and max score over its
//!    land cells, and the municipality holding most of its land cells;
//! 6. rank: uncovered cases descending, then area descending, then lowest H3 index.
//!
//! Complexity: O(L log s) for L land cells and s services; O(g) projections for g gap cells;
//! O(h · c) for h candidate hexagons of c grid cells each (≈ 74 at resolution 8 and 100 m);
//! O(n log s) for n cases. Deterministic: everything is keyed by sorted H3 indices.
//! Progress: stages "gap cells", "gap hexagons", "gap cases"; cancel is checked in each.

use std::collections::HashMap;

use geo::MultiPolygon;
use h3o::geom::SolventBuilder;
use h3o::{CellIndex, Resolution};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::hexbin::{HexbinError, resolution};
use super::nearest::{ServiceIndex, for_each_case};
use super::risk::{RiskConfig, RiskError, RiskInputs, RiskSurface, risk_surface};
use crate::crs::{CrsError, Transformer};
use crate::model::ServiceType;
use crate::progress::{Cancelled, Progress};

#[path = "gaps_hex.rs"]
mod hex;
use hex::{HexStats, hex_stats};

/// Share of a hexagon's land cells that must be gap cells for it to be a gap hexagon.
pub const GAP_SHARE: f64 = 0.5;

/// Every parameter of a gap run (saved with the run; missing fields take their defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GapConfig {
    /// Lowest risk score (0–100) of a gap cell (default 50).
    pub min_risk: f64,
    /// Services that close a gap (default: day centres).
    pub types: Vec<ServiceType>,
    /// Straight-line reach of a service in metres (default 2,000).
    pub reach_m: f64,
    /// H3 resolution of the hexagons (default 8).
    pub h3_resolution: u8,
    /// The risk surface's parameters (month, weights, pixel size...).
    pub risk: RiskConfig,
}

impl Default for GapConfig {
    fn default() -> Self {
        Self {
            min_risk: 50.0,
            types: vec![ServiceType::DayCentre],
            reach_m: 2000.0,
            h3_resolution: super::hexbin::DEFAULT_RESOLUTION,
            risk: RiskConfig::default(),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GapError {
    #[error("{name} must be {expected} (got {value})")]
    BadParameter {
        name: &'static str,
        expected: &'static str,
        value: f64,
    },
    #[error("choose at least one service type")]
    NoTypes,
    #[error(transparent)]
    Hexbin(HexbinError),
    #[error(transparent)]
    Risk(RiskError),
    #[error(transparent)]
    Crs(#[from] CrsError),
    #[error("cannot outline a gap area: {0}")]
    Dissolve(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for GapError {
    fn from(_: Cancelled) -> Self {
        GapError::Cancelled
    }
}

impl From<HexbinError> for GapError {
    fn from(e: HexbinError) -> Self {
        match e {
            HexbinError::Cancelled => GapError::Cancelled,
            other => GapError::Hexbin(other),
        }
    }
}

impl From<RiskError> for GapError {
    fn from(e: RiskError) -> Self {
        match e {
            RiskError::Cancelled => GapError::Cancelled,
            other => GapError::Risk(other),
        }
    }
}

impl GapConfig {
    /// Checks the gap parameters (not `risk`) and returns the H3 resolution.
    pub fn validate(&self) -> Result<Resolution, GapError> {
        if !(self.min_risk.is_finite() && (0.0..=100.0).contains(&self.min_risk)) {
            return Err(GapError::BadParameter {
                name: "the lowest risk score",
                expected: "a number from 0 to 100",
                value: self.min_risk,
            });
        }
        if !(self.reach_m.is_finite() && self.reach_m > 0.0) {
            return Err(GapError::BadParameter {
                name: "the reach in metres",
                expected: "a positive number",
                value: self.reach_m,
            });
        }
        if self.types.is_empty() {
            return Err(GapError::NoTypes);
        }
        Ok(resolution(self.h3_resolution)?)
    }
}

/// One gap area.
#[derive(Debug, Clone, PartialEq)]
pub struct GapArea {
    /// 1 = most uncovered cases.
    pub rank: usize,
    /// Its gap hexagons, sorted.
    pub hexagons: Vec<CellIndex>,
    pub area_km2: f64,
    /// Grid cells (land) whose centre lies in its hexagons, and how many are gap cells.
    pub land_cells: usize,
    pub gap_cells: usize,
    /// The true count; publish it through `gaps_layer` (suppressed below 5).
    pub uncovered_cases: usize,
    pub mean_risk: f64,
    pub max_risk: f64,
    /// Municipality holding most of its land cells: `i + 1` for `municipalities_tm[i]`, 0 none.
    pub municipality: u16,
    /// The dissolved outline in WGS84 degrees.
    pub polygon_wgs84: MultiPolygon<f64>,
}

/// The result of a gap run.
#[derive(Debug, Clone, PartialEq)]
pub struct Gaps {
    /// Ranked, best first.
    pub areas: Vec<GapArea>,
    /// Gap cells of the raster (including those in hexagons below [`GAP_SHARE`]).
    pub gap_cells: usize,
    pub resolution: Resolution,
}

impl Gaps {
    pub fn hexagons(&self) -> usize {
        self.areas.iter().map(|a| a.hexagons.len()).sum()
    }

    pub fn uncovered_cases(&self) -> usize {
        self.areas.iter().map(|a| a.uncovered_cases).sum()
    }
}

/// Computes the risk surface with `config.risk`, then its gap areas.
pub fn service_gaps(
    inputs: &RiskInputs,
    config: &GapConfig,
    progress: &dyn Progress,
) -> Result<Gaps, GapError> {
    config.validate()?;
    let surface = risk_surface(inputs, &config.risk, progress)?;
    gap_areas(&surface, inputs, config, progress)
}

/// The gap areas of a computed surface (see the module documentation).
pub fn gap_areas(
    surface: &RiskSurface,
    inputs: &RiskInputs,
    config: &GapConfig,
    progress: &dyn Progress,
) -> Result<Gaps, GapError> {
    let res = config.validate()?;
    let chosen: Vec<[f64; 2]> = inputs
        .services_xy_m
        .iter()
        .filter(|(_, t)| config.types.contains(t))
        .map(|(xy, _)| *xy)
        .collect();
    let index = ServiceIndex::from_xy(&chosen);
    let reach = config.reach_m;
    let covered = |xy: [f64; 2]| index.nearest(xy).is_some_and(|(_, d)| d <= reach);
    let gap_cells = hex::gap_cells(surface, config.min_risk, &covered, progress)?;
    let to_wgs = Transformer::tm_to_wgs84();
    let gap_per_hex = hex::per_hexagon(surface, &gap_cells, res, &to_wgs)?;
    progress.check()?;
    progress.step("gap hexagons", 0, gap_per_hex.len() as u64);
    let stats: Vec<HexStats> = gap_per_hex
        .par_iter()
        .map(|&(cell, gap)| {
            progress.check()?;
            Ok(hex_stats(cell, gap, res, surface, &to_wgs)?)
        })
        .collect::<Result<_, GapError>>()?;
    let gap_hexes: Vec<HexStats> = stats
        .into_iter()
        .filter(|s| f64::from(s.gap) >= GAP_SHARE * f64::from(s.land))
        .collect();
    progress.step(
        "gap hexagons",
        gap_per_hex.len() as u64,
        gap_per_hex.len() as u64,
    );
    let (component, count) = hex::components(&gap_hexes);
    // Uncovered cases per area.
    let of_hex: HashMap<CellIndex, usize> = gap_hexes
        .iter()
        .zip(&component)
        .map(|(s, &c)| (s.cell, c))
        .collect();
    let bbox = hex::union_bbox(&gap_hexes);
    let hits = for_each_case(inputs.cases_xy_m.len(), "gap cases", progress, |i| {
        let xy = inputs.cases_xy_m[i];
        let inside =
            bbox.is_some_and(|b| xy[0] >= b[0] && xy[1] >= b[1] && xy[0] <= b[2] && xy[1] <= b[3]);
        if !inside || covered(xy) {
            return None;
        }
        let cell = hex::cell_of_xy(&to_wgs, xy, res).ok()?;
        of_hex.get(&cell).copied()
    })?;
    let mut uncovered = vec![0usize; count];
    for c in hits.into_iter().flatten() {
        uncovered[c] += 1;
    }
    let mut areas = Vec::with_capacity(count);
    let mut members: Vec<Vec<&HexStats>> = vec![Vec::new(); count];
    for (s, &c) in gap_hexes.iter().zip(&component) {
        members[c].push(s);
    }
    let solvent = SolventBuilder::new().build();
    for (c, hexes) in members.into_iter().enumerate() {
        progress.check()?;
        areas.push(hex::area_of(&hexes, uncovered[c], &solvent)?);
    }
    areas.sort_by(|a, b| {
        b.uncovered_cases
            .cmp(&a.uncovered_cases)
            .then(b.area_km2.total_cmp(&a.area_km2))
            .then(a.hexagons[0].cmp(&b.hexagons[0]))
    });
    for (i, a) in areas.iter_mut().enumerate() {
        a.rank = i + 1;
    }
    Ok(Gaps {
        areas,
        gap_cells: gap_cells.len(),
        resolution: res,
    })
}

#[cfg(test)]
#[path = "gaps_tests.rs"]
mod tests;
