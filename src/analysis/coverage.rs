//! Coverage: which cases have a service of the chosen types within reach, in total and per
//! municipality.
//!
//! Inputs: cases and services (WGS84 points) and [`CoverageConfig`]: service types (empty =
//! all), the reach and how distances are measured (a projected CRS in metres, default
//! KRGJSH-2010 / Albania TM, or geodesic on WGS84).
//! Reach ([`Reach`]): a distance in metres (default 2000 m), or a walking time: minutes at a
//! speed in km/h (default 4.5 km/h), turned into a straight-line distance
//! `minutes / 60 × speed_kmh × 1000 / detour` — people walk along streets, not straight lines,
//! so `detour` (default 1.0, i.e. none; 1.3 is a common urban figure) shortens the reach.
//! It is still a straight-line approximation, not a route over a street network.
//! A case is covered when its nearest service of the chosen types is at most the reach away
//! (inclusive). Cases without a municipality are counted in a last group with no municipality,
//! so the groups always add up to the totals.
//! Algorithm: [`nearest`](super::nearest) for every case (rayon, progress and cancel per
//! chunk), then one ordered pass: groups sorted by LAU code, so output is reproducible.
//! Complexity: O((n + s) log s) time, O(n + s) memory.

use std::collections::BTreeMap;

use geo::Point;

use super::metric::{self, MetricError};
use super::nearest::{NearestError, NearestHit, ServiceIndex, nearest_projected};
use crate::crs::Crs;
use crate::model::{Case, MunicipalityRef, Service, ServiceType};
use crate::progress::{Cancelled, Progress};

/// How far a service may be to count as reachable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reach {
    /// Straight-line distance in metres.
    Distance { within_m: f64 },
    /// Walking time: `minutes` at `speed_kmh`, straight line divided by `detour` (≥ 1).
    Walk {
        minutes: f64,
        speed_kmh: f64,
        detour: f64,
    },
}

/// Default walking speed (km/h).
pub const WALK_SPEED_KMH: f64 = 4.5;
/// Default reach in metres.
pub const WITHIN_M: f64 = 2000.0;

impl Default for Reach {
    fn default() -> Self {
        Reach::Distance { within_m: WITHIN_M }
    }
}

impl Reach {
    /// The reach as a straight-line distance in metres; an error for non-positive values.
    pub fn metres(&self) -> Result<f64, CoverageError> {
        let bad = |what: &str, v: f64| {
            CoverageError::BadReach(format!("{what} must be a positive number, not {v}"))
        };
        let ok = |v: f64| v.is_finite() && v > 0.0;
        match *self {
            Reach::Distance { within_m } if ok(within_m) => Ok(within_m),
            Reach::Distance { within_m } => Err(bad("the distance in metres", within_m)),
            Reach::Walk { minutes, .. } if !ok(minutes) => {
                Err(bad("the walking time in minutes", minutes))
            }
            Reach::Walk { speed_kmh, .. } if !ok(speed_kmh) => {
                Err(bad("the walking speed in km/h", speed_kmh))
            }
            Reach::Walk { detour, .. } if !(detour.is_finite() && detour >= 1.0) => {
                Err(CoverageError::BadReach(format!(
                    "the detour factor must be at least 1 (straight line), not {detour}"
                )))
            }
            Reach::Walk {
                minutes,
                speed_kmh,
                detour,
            } => Ok(minutes / 60.0 * speed_kmh * 1000.0 / detour),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CoverageConfig {
    /// Service types that cover a case; empty means every service.
    pub types: Vec<ServiceType>,
    pub reach: Reach,
    /// Projected CRS distances are measured in (metres).
    pub crs: Crs,
    /// Measure on the WGS84 ellipsoid instead of in `crs`.
    pub geodesic: bool,
}

impl Default for CoverageConfig {
    fn default() -> Self {
        Self {
            types: vec![ServiceType::DayCentre, ServiceType::ChildProtectionUnit],
            reach: Reach::default(),
            crs: Crs::albania_tm(),
            geodesic: false,
        }
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum CoverageError {
    #[error("{0}")]
    BadReach(String),
    #[error("{0}")]
    Nearest(NearestError),
    #[error("cancelled")]
    Cancelled,
}

impl From<NearestError> for CoverageError {
    fn from(e: NearestError) -> Self {
        match e {
            NearestError::Cancelled => CoverageError::Cancelled,
            other => CoverageError::Nearest(other),
        }
    }
}

impl From<Cancelled> for CoverageError {
    fn from(_: Cancelled) -> Self {
        CoverageError::Cancelled
    }
}

/// Covered and total cases of one municipality (`None`: cases without a municipality).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCoverage {
    pub municipality: Option<MunicipalityRef>,
    pub covered: usize,
    pub total: usize,
}

impl GroupCoverage {
    /// `covered / total`, `None` when there are no cases.
    pub fn share(&self) -> Option<f64> {
        share(self.covered, self.total)
    }
}

pub fn share(covered: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| covered as f64 / total as f64)
}

#[derive(Debug, Clone, PartialEq)]
pub struct CoverageReport {
    /// The reach as a straight-line distance in metres.
    pub reach_m: f64,
    pub covered: usize,
    pub total: usize,
    /// By LAU code; cases without a municipality last.
    pub per_municipality: Vec<GroupCoverage>,
    /// Per case: nearest service of the chosen types and its distance (metres).
    pub nearest: Vec<NearestHit>,
}

impl CoverageReport {
    pub fn share(&self) -> Option<f64> {
        share(self.covered, self.total)
    }

    /// Whether case `i` is covered.
    pub fn is_covered(&self, i: usize) -> bool {
        self.nearest[i].is_some_and(|(_, d)| d <= self.reach_m)
    }
}

/// Coverage of `cases` by `services` (see the module doc).
pub fn coverage(
    cases: &[Case],
    services: &[Service],
    cfg: &CoverageConfig,
    progress: &dyn Progress,
) -> Result<CoverageReport, CoverageError> {
    cfg.reach.metres()?;
    let index = ServiceIndex::build(services, &cfg.types, &cfg.crs)?;
    let xy = project_cases(cases, &cfg.crs, progress)?;
    coverage_projected(cases, &xy, &index, cfg, progress)
}

/// Projects case positions to `crs` (errors name the case).
pub fn project_cases(
    cases: &[Case],
    crs: &Crs,
    progress: &dyn Progress,
) -> Result<Vec<[f64; 2]>, NearestError> {
    let pos: Vec<Point<f64>> = cases.iter().map(|c| c.pos_wgs84).collect();
    metric::project_wgs84(&pos, crs, "project cases", progress).map_err(|e| match e {
        MetricError::Projection { index, .. } => NearestError::BadPoint {
            what: "case",
            index,
            source: e,
        },
        other => other.into(),
    })
}

/// Coverage for cases already projected to `index`'s CRS (`index` built over `cfg.types`).
pub fn coverage_projected(
    cases: &[Case],
    cases_xy_m: &[[f64; 2]],
    index: &ServiceIndex,
    cfg: &CoverageConfig,
    progress: &dyn Progress,
) -> Result<CoverageReport, CoverageError> {
    let reach_m = cfg.reach.metres()?;
    let pos: Vec<Point<f64>> = cases.iter().map(|c| c.pos_wgs84).collect();
    let nearest = nearest_projected(index, cases_xy_m, &pos, cfg.geodesic, progress)?;
    progress.check()?;
    let mut groups: BTreeMap<&str, GroupCoverage> = BTreeMap::new();
    let mut unknown = GroupCoverage {
        municipality: None,
        covered: 0,
        total: 0,
    };
    let mut covered = 0;
    for (case, hit) in cases.iter().zip(&nearest) {
        let is_covered = hit.is_some_and(|(_, d)| d <= reach_m);
        covered += usize::from(is_covered);
        let g = match &case.municipality {
            Some(m) => groups.entry(&m.lau_code).or_insert_with(|| GroupCoverage {
                municipality: Some(m.clone()),
                covered: 0,
                total: 0,
            }),
            None => &mut unknown,
        };
        g.total += 1;
        g.covered += usize::from(is_covered);
    }
    let mut per_municipality: Vec<GroupCoverage> = groups.into_values().collect();
    if unknown.total > 0 {
        per_municipality.push(unknown);
    }
    Ok(CoverageReport {
        reach_m,
        covered,
        total: cases.len(),
        per_municipality,
        nearest,
    })
}

#[cfg(test)]
#[path = "coverage_tests.rs"]
mod tests;
