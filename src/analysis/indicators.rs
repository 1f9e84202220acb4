//! The action plan's indicators for each municipality (and the whole country).
//!
//! Inputs: municipalities (LAU code, name, qark), cases (WGS84 points with their municipality
//! as assigned at import), services (day centres with capacity, Child Protection Units) and
//! mine perimeters (WGS84 polygons). Distances are straight lines in KRGJSH-2010 / Albania TM
//! metres (the projection's scale error is below 0.1 % over Albania).
//!
//! Per municipality: cases identified (all cases) and their current status (identified,
//! referred, under case management, closed), by kind and by year of identification; the share
//! within `reach_m` of a day centre and of a Child Protection Unit (of any municipality: a
//! child near the border is served across it); the median distance to the nearest CPU;
//! day-centre places (sum of capacities of the day centres located in the municipality) per 100
//! cases; cases within `mine_near_m` of a mine perimeter (inside counts); and the trend, the
//! least-squares slope of cases per year over all the years present in the data (zero-filled).
//! Cases without a municipality are counted in an extra row, never dropped.
//!
//! Complexity: O(n log s) for n cases and s services (R-tree nearest, both cores), plus
//! O(n · m) envelope tests for m mine perimeters (m is small: tens).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;
use geo::{BoundingRect, Distance, Euclidean, MultiPolygon, Point, Rect};
use rayon::prelude::*;

use super::assign::MunicipalityLookup;
use super::index::PointIndex;
use crate::crs::{CrsError, Transformer};
use crate::model::{Case, CaseKind, CaseStatus, MinePerimeter, Municipality, Service, ServiceType};
use crate::progress::{Cancelled, Progress};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorConfig {
    /// A case is "within reach" of a service closer than this (metres).
    pub reach_m: f64,
    /// A case is "near a mine" within this distance of a perimeter (metres).
    pub mine_near_m: f64,
}

impl Default for IndicatorConfig {
    fn default() -> Self {
        Self {
            reach_m: 2000.0,
            mine_near_m: 3000.0,
        }
    }
}

/// The indicators of one municipality (or of the country, or of cases without one).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct AreaIndicators {
    /// Eurostat LAU code; empty for the national row and for cases without a municipality.
    pub lau_code: String,
    pub name: String,
    pub qark: Option<String>,
    /// All cases identified.
    pub cases: u32,
    /// Current status, in `CaseStatus::ALL` order.
    pub by_status: Vec<u32>,
    /// In `CaseKind::ALL` order.
    pub by_kind: Vec<u32>,
    /// Cases by year of identification (every year of the data, zero-filled).
    pub by_year: BTreeMap<i32, u32>,
    pub near_day_centre: u32,
    pub near_cpu: u32,
    /// Median distance from the municipality's cases to the nearest CPU (metres).
    pub median_cpu_m: Option<f64>,
    pub day_centres: u32,
    pub day_centre_places: u32,
    pub near_mines: u32,
    /// Least-squares slope of cases per year (cases/year).
    pub trend_per_year: Option<f64>,
}

impl AreaIndicators {
    pub fn share_near_day_centre(&self) -> Option<f64> {
        (self.cases > 0).then(|| self.near_day_centre as f64 / self.cases as f64)
    }

    pub fn share_near_cpu(&self) -> Option<f64> {
        (self.cases > 0).then(|| self.near_cpu as f64 / self.cases as f64)
    }

    /// Day-centre places per 100 cases (`None` without cases).
    pub fn places_per_100_cases(&self) -> Option<f64> {
        (self.cases > 0).then(|| self.day_centre_places as f64 * 100.0 / self.cases as f64)
    }

    pub fn status(&self, s: CaseStatus) -> u32 {
        let i = CaseStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
        self.by_status.get(i).copied().unwrap_or(0)
    }

    pub fn kind(&self, k: CaseKind) -> u32 {
        let i = CaseKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        self.by_kind.get(i).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Indicators {
    /// One row per municipality (in the order given), then one for cases without a
    /// municipality when there are any.
    pub rows: Vec<AreaIndicators>,
    pub national: AreaIndicators,
    /// Every year present in the cases, ascending.
    pub years: Vec<i32>,
    pub config: IndicatorConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum IndicatorError {
    #[error("distances must be positive metres (reach {reach_m}, mines {mine_near_m})")]
    BadParameters { reach_m: f64, mine_near_m: f64 },
    #[error(transparent)]
    Crs(#[from] CrsError),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// What each case contributes beyond its attributes.
#[derive(Clone, Copy)]
struct CaseAccess {
    day_centre_m: Option<f64>,
    cpu_m: Option<f64>,
    near_mine: bool,
}

/// Computes the indicators. Cases whose municipality is not in `municipalities` go to the
/// extra row, like cases without one.
pub fn municipal_indicators(
    municipalities: &[Municipality],
    cases: &[Case],
    services: &[Service],
    mines: &[MinePerimeter],
    config: &IndicatorConfig,
    progress: &dyn Progress,
) -> Result<Indicators, IndicatorError> {
    let (reach_m, mine_near_m) = (config.reach_m, config.mine_near_m);
    if !(reach_m.is_finite() && reach_m > 0.0 && mine_near_m.is_finite() && mine_near_m >= 0.0) {
        return Err(IndicatorError::BadParameters {
            reach_m,
            mine_near_m,
        });
    }
    progress.step("indicators", 0, 3);
    let tm = Transformer::wgs84_to_tm();
    let index_of = |t: ServiceType| -> Result<PointIndex, CrsError> {
        let pts: Vec<Point<f64>> = services
            .iter()
            .filter(|s| s.service_type == t)
            .map(|s| s.pos_wgs84)
            .collect();
        PointIndex::from_wgs84(&pts)
    };
    let day_centres = index_of(ServiceType::DayCentre)?;
    let cpus = index_of(ServiceType::ChildProtectionUnit)?;
    let mines_tm = mines
        .iter()
        .map(|m| {
            let g = tm.geometry(&m.area_wgs84.clone().into())?;
            let mp = match g {
                geo::Geometry::MultiPolygon(mp) => mp,
                geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
                _ => MultiPolygon::new(vec![]),
            };
            Ok((mp.bounding_rect(), mp))
        })
        .collect::<Result<Vec<(Option<Rect<f64>>, MultiPolygon<f64>)>, CrsError>>()?;
    progress.check()?;
    progress.step("indicators", 1, 3);

    let access: Vec<CaseAccess> = cases
        .par_iter()
        .map(|c| {
            let (x, y) = tm.point(c.pos_wgs84.x(), c.pos_wgs84.y())?;
            let p = Point::new(x, y);
            let near_mine = mines_tm.iter().any(|(rect, mp)| {
                rect.is_some_and(|r| {
                    x >= r.min().x - mine_near_m
                        && x <= r.max().x + mine_near_m
                        && y >= r.min().y - mine_near_m
                        && y <= r.max().y + mine_near_m
                }) && Euclidean.distance(&p, mp) <= mine_near_m
            });
            Ok(CaseAccess {
                day_centre_m: day_centres.nearest([x, y]).map(|n| n.1),
                cpu_m: cpus.nearest([x, y]).map(|n| n.1),
                near_mine,
            })
        })
        .collect::<Result<_, CrsError>>()?;
    progress.check()?;
    progress.step("indicators", 2, 3);

    let years: Vec<i32> = cases
        .iter()
        .map(|c| c.identified_on.year())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let row_of: HashMap<&str, usize> = municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (m.lau_code.as_str(), i))
        .collect();
    let none_row = municipalities.len();
    let mut acc: Vec<Accumulator> = (0..=none_row).map(|_| Accumulator::new(&years)).collect();
    let mut national = Accumulator::new(&years);
    for (c, a) in cases.iter().zip(&access) {
        let row = c
            .municipality
            .as_ref()
            .and_then(|m| row_of.get(m.lau_code.as_str()).copied())
            .unwrap_or(none_row);
        acc[row].add_case(c, a, reach_m);
        national.add_case(c, a, reach_m);
    }
    for s in services
        .iter()
        .filter(|s| s.service_type == ServiceType::DayCentre)
    {
        let row = s
            .municipality
            .as_ref()
            .and_then(|m| row_of.get(m.lau_code.as_str()).copied())
            .unwrap_or(none_row);
        acc[row].add_day_centre(s);
        national.add_day_centre(s);
    }
    let mut rows: Vec<AreaIndicators> = municipalities
        .iter()
        .zip(acc.iter_mut())
        .map(|(m, a)| a.finish(&m.lau_code, &m.name, m.qark.clone(), &years))
        .collect();
    if acc[none_row].cases.cases > 0 || acc[none_row].cases.day_centres > 0 {
        rows.push(acc[none_row].finish("", "(pa bashki / no municipality)", None, &years));
    }
    progress.step("indicators", 3, 3);
    Ok(Indicators {
        rows,
        national: national.finish("", "Shqipëria / Albania", None, &years),
        years,
        config: config.clone(),
    })
}

/// Places cases and services that have no municipality in the one containing them (point in
/// polygon), as an import would have; both the app and `riskatlas indicators` call it first.
pub fn fill_missing_municipalities(
    municipalities: &[Municipality],
    cases: &mut [Case],
    services: &mut [Service],
) {
    let lookup = MunicipalityLookup::new(municipalities);
    for c in cases.iter_mut().filter(|c| c.municipality.is_none()) {
        c.municipality = lookup.locate(c.pos_wgs84).cloned();
    }
    for s in services.iter_mut().filter(|s| s.municipality.is_none()) {
        s.municipality = lookup.locate(s.pos_wgs84).cloned();
    }
}

#[path = "indicators_acc.rs"]
mod acc;
use acc::Accumulator;

#[cfg(test)]
#[path = "indicators_tests.rs"]
mod tests;
