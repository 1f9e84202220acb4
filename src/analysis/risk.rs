//! Composite risk surface: a 0–100 score per cell from four weighted, documented factors.
//!
//! Inputs ([`RiskInputs`], all projected once to KRGJSH-2010 / Albania TM metres): case
//! points, mine perimeters, coastal hotspots with their active months, services with their
//! types, and the municipalities (the land: cells whose centre is in no municipality have no
//! score, NaN). Parameters ([`RiskConfig`], saved as JSON with every run): pixel size, month,
//! density radius, the four weights and the distances, all in metres.
//!
//! Factors, each in 0..1 at the cell centre (see [`super::risk_factors`]):
//! - density: quartic kernel density of the cases (radius `density_radius_m`, QGIS raw
//!   values) divided by its 99th percentile over non-zero land cells, capped at 1;
//! - mines: 1 inside a perimeter, linear decay to 0 at `mine_decay_m` from it;
//! - hotspots: the same with `hotspot_band_m`, only for hotspots active in `month`;
//! - services: distance to the nearest service of `service_types` / `service_far_m`, capped
//!   at 1 (far from services = higher risk; 1 everywhere when there is no such service).
//!
//! Score = 100 × Σ wᵢ fᵢ / Σ wᵢ (weights ≥ 0, not all 0), so it is always within 0..100.
//! Grid: the municipalities' extent with `pixel_m` cells (`GridSpec::covering`), ≈ 2,600 ×
//! 3,500 cells for Albania at 100 m. Complexity: O(cells) for the land raster, the
//! normalisation and the sum (rows in parallel), plus the factor costs documented in
//! `risk_factors`. Progress: stages "land", "density", "mines", "hotspots", "services",
//! "score"; cancel is checked between and inside stages.

use geo::{BoundingRect, MultiPolygon};

use super::kde::{DensityOutput, GridSpec, KdeConfig, KdeError, kernel_density_on};
pub use super::risk_config::{RiskConfig, RiskError, RiskWeights};
use super::risk_factors::{normalise_density, polygon_decay, rasterize_labels, service_distance};
use crate::crs::{CrsError, Transformer};
use crate::model::{Case, Hotspot, MinePerimeter, MonthSet, Municipality, Service, ServiceType};
use crate::progress::Progress;

/// The inputs in Albania TM metres, projected once (the app reuses them across runs).
#[derive(Debug, Clone, Default)]
pub struct RiskInputs {
    pub cases_xy_m: Vec<[f64; 2]>,
    pub mines_tm: Vec<MultiPolygon<f64>>,
    /// Hotspot areas with their active months.
    pub hotspots_tm: Vec<(MultiPolygon<f64>, MonthSet)>,
    pub services_xy_m: Vec<([f64; 2], ServiceType)>,
    /// Municipality areas: the land, and the labels of [`RiskSurface::municipality`].
    pub municipalities_tm: Vec<MultiPolygon<f64>>,
}

impl RiskInputs {
    /// Projects the project's records from WGS84 to Albania TM.
    pub fn from_records(
        cases: &[Case],
        mines: &[MinePerimeter],
        hotspots: &[Hotspot],
        services: &[Service],
        municipalities: &[Municipality],
    ) -> Result<Self, RiskError> {
        let t = Transformer::wgs84_to_tm();
        let point = |p: geo::Point<f64>| t.point(p.x(), p.y()).map(|(x, y)| [x, y]);
        let area = |m: &MultiPolygon<f64>| -> Result<MultiPolygon<f64>, CrsError> {
            use geo::MapCoords;
            m.try_map_coords(|c| t.coord(c))
        };
        Ok(Self {
            cases_xy_m: cases
                .iter()
                .map(|c| point(c.pos_wgs84))
                .collect::<Result<_, _>>()?,
            mines_tm: mines
                .iter()
                .map(|m| area(&m.area_wgs84))
                .collect::<Result<_, _>>()?,
            hotspots_tm: hotspots
                .iter()
                .map(|h| Ok((area(&h.area_wgs84)?, h.active_months)))
                .collect::<Result<_, CrsError>>()?,
            services_xy_m: services
                .iter()
                .map(|s| Ok((point(s.pos_wgs84)?, s.service_type)))
                .collect::<Result<_, CrsError>>()?,
            municipalities_tm: municipalities
                .iter()
                .map(|m| area(&m.area_wgs84))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The municipalities' extent `[xmin, ymin, xmax, ymax]` in metres.
    pub fn land_extent_m(&self) -> Option<[f64; 4]> {
        self.municipalities_tm
            .iter()
            .filter_map(|m| m.bounding_rect())
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }
}

/// The four factors, each 0..1 per cell (kept when `RiskConfig::keep_factors`).
#[derive(Debug, Clone, PartialEq)]
pub struct RiskFactors {
    pub density: Vec<f32>,
    pub mines: Vec<f32>,
    pub hotspots: Vec<f32>,
    pub services: Vec<f32>,
}

/// The result: a 0–100 score per cell (NaN off land) on `grid`.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskSurface {
    pub grid: GridSpec,
    /// Row-major, row 0 north; NaN where the cell centre is in no municipality.
    pub score: Vec<f32>,
    /// 0 = off land, `i + 1` = in `RiskInputs::municipalities_tm[i]`.
    pub municipality: Vec<u16>,
    /// The density value that maps to factor 1 (99th percentile; 0 without cases).
    pub density_reference: f64,
    pub factors: Option<RiskFactors>,
}

/// Computes the risk surface over the land (see the module documentation).
pub fn risk_surface(
    inputs: &RiskInputs,
    config: &RiskConfig,
    progress: &dyn Progress,
) -> Result<RiskSurface, RiskError> {
    config.validate()?;
    let extent = inputs.land_extent_m().ok_or(RiskError::NoLand)?;
    let grid = GridSpec::covering(extent, config.pixel_m).map_err(RiskError::Grid)?;
    risk_surface_on(inputs, config, grid, progress)
}

/// Computes the risk surface on a given grid.
pub fn risk_surface_on(
    inputs: &RiskInputs,
    config: &RiskConfig,
    grid: GridSpec,
    progress: &dyn Progress,
) -> Result<RiskSurface, RiskError> {
    config.validate()?;
    progress.step("land", 0, 1);
    let municipality = rasterize_labels(&grid, &inputs.municipalities_tm);
    progress.check()?;
    let kde = KdeConfig {
        radius_m: config.density_radius_m,
        pixel_m: grid.pixel_m,
        output: DensityOutput::Raw,
    };
    let (density, density_reference) =
        match kernel_density_on(&inputs.cases_xy_m, None, &kde, grid, progress) {
            Ok(d) => normalise_density(&d.values, &municipality),
            Err(KdeError::NoPoints) => (vec![0.0; grid.cells()], 0.0),
            Err(KdeError::Cancelled) => return Err(RiskError::Cancelled),
            Err(e) => return Err(RiskError::Grid(e)),
        };
    let mines = polygon_decay(
        &grid,
        &inputs.mines_tm,
        config.mine_decay_m,
        "mines",
        progress,
    )?;
    let active: Vec<MultiPolygon<f64>> = inputs
        .hotspots_tm
        .iter()
        .filter(|(_, months)| months.contains(config.month))
        .map(|(area, _)| area.clone())
        .collect();
    let hotspots = polygon_decay(&grid, &active, config.hotspot_band_m, "hotspots", progress)?;
    let chosen: Vec<[f64; 2]> = inputs
        .services_xy_m
        .iter()
        .filter(|(_, t)| config.service_types.contains(t))
        .map(|(xy, _)| *xy)
        .collect();
    let services = service_distance(&grid, &chosen, config.service_far_m, progress)?;
    progress.check()?;
    progress.step("score", 0, 1);
    let factors = RiskFactors {
        density,
        mines,
        hotspots,
        services,
    };
    let score = combine(&factors, &municipality, &config.weights);
    progress.step("score", 1, 1);
    Ok(RiskSurface {
        grid,
        score,
        municipality,
        density_reference,
        factors: config.keep_factors.then_some(factors),
    })
}

/// 100 × Σ wᵢ fᵢ / Σ wᵢ on land, NaN elsewhere.
pub fn combine(factors: &RiskFactors, land: &[u16], w: &RiskWeights) -> Vec<f32> {
    use rayon::prelude::*;
    let sum = w.sum();
    (0..land.len())
        .into_par_iter()
        .map(|i| {
            if land[i] == 0 {
                return f32::NAN;
            }
            let s = w.density * f64::from(factors.density[i])
                + w.mines * f64::from(factors.mines[i])
                + w.hotspots * f64::from(factors.hotspots[i])
                + w.services * f64::from(factors.services[i]);
            (100.0 * s / sum).clamp(0.0, 100.0) as f32
        })
        .collect()
}

#[cfg(test)]
#[path = "risk_tests.rs"]
mod tests;
