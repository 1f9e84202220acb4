//! Siting new day centres: choose p sites among candidates to cover the most demand not yet
//! covered (the maximal covering location problem, MCLP), with a provable optimality gap.
//!
//! Inputs: cases (demand, WGS84 points; weight 1 each, or by kind, or given per case),
//! existing services (WGS84; those of `service_types` stay and the demand they already reach
//! is left out), candidate sites (WGS84 points with ids, optional capacities in cases) and a
//! [`SitingConfig`]: the reach (metres or walking minutes, as `coverage`), p values, an
//! optional capacity per site, exact search on/off with a time limit, and the projected CRS
//! distances are measured in (metres; default KRGJSH-2010 / Albania TM, EPSG:6870).
//! Pipeline, per run: [`demand`] (coverage sets with the k-d tree, aggregation into classes)
//! → [`greedy`] (lazy greedy up to the largest p: ranked sites and the coverage curve) → per
//! p: [`local_search`] (swap-optimal) → [`bound`] (Lagrangian upper bound, reduction tests)
//! → with `exact`, [`parts`] (the instance split into independent parts by [`components`],
//! p shared among them by dynamic programming, each part's pairs (part, k) closed by
//! [`branch`]: branch and bound, time-limited; one part = plain branch and bound). With
//! capacities, [`capacity`] evaluates cover exactly (matroid greedy over max flows) and drives
//! greedy and a small swap search; the uncapacitated bound stays valid, so a capacitated
//! solution is reported optimal only when it meets that bound.
//! `proven_optimal` is set only when the bound proves it: bound − cover < 1 for whole-number
//! weights (covers are whole numbers then), < 1e-9 of the total demand otherwise.
//! Candidate generation (grid cells, settlements) lives in [`generate`].
//! Complexity: see each step; the exact search is exponential in the worst case.

mod bound;
mod branch;
mod capacity;
mod components;
mod demand;
pub mod generate;
mod greedy;
mod instance;
mod local_search;
mod parts;
mod queue;
mod report;
mod solve;

use std::collections::BTreeMap;
use std::time::Duration;

use geo::Point;

pub use demand::DemandTotals;
pub use report::{ChosenSite, CurvePoint, PResult, SitingReport};
pub use solve::site;

use crate::analysis::coverage::{CoverageError, Reach};
use crate::analysis::metric::MetricError;
use crate::analysis::nearest::NearestError;
use crate::crs::Crs;
use crate::model::{CaseKind, ServiceType};
use crate::progress::Cancelled;

/// How much each case counts as demand.
#[derive(Debug, Clone, PartialEq)]
pub enum DemandWeight {
    /// Every case weighs 1: covered demand is a number of cases.
    Uniform,
    /// By the case's kind; kinds not in the map weigh 1.
    ByKind(BTreeMap<CaseKind, f64>),
    /// One weight per case, in the order of the cases (e.g. a risk score).
    PerCase(Vec<f64>),
}

/// A place where a new centre could open.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub pos_wgs84: Point<f64>,
    /// Places (cases) it could take; overrides [`SitingConfig::capacity_per_site`].
    pub capacity: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SitingConfig {
    pub reach: Reach,
    /// Existing services of these types stay and cover demand (empty = every service).
    pub service_types: Vec<ServiceType>,
    /// Numbers of new sites to choose (each solved separately; e.g. 5, 10, 20 or 1..=P).
    pub p_values: Vec<usize>,
    pub weights: DemandWeight,
    /// Places per new site (cases; fractions are rounded down); `None` = unlimited.
    pub capacity_per_site: Option<f64>,
    /// Run branch and bound to prove (or reach) the optimum within `time_limit`.
    pub exact: bool,
    /// Time for bounding and exact search over all p values (shared equally among the p
    /// values still to solve); `None` = no limit.
    pub time_limit: Option<Duration>,
    /// Projected CRS distances are measured in (metres).
    pub crs: Crs,
}

impl Default for SitingConfig {
    fn default() -> Self {
        Self {
            reach: Reach::default(),
            service_types: vec![ServiceType::DayCentre, ServiceType::ChildProtectionUnit],
            p_values: vec![5],
            weights: DemandWeight::Uniform,
            capacity_per_site: None,
            exact: false,
            time_limit: Some(Duration::from_secs(60)),
            crs: Crs::albania_tm(),
        }
    }
}

impl SitingConfig {
    /// Whether any site has a capacity.
    pub fn uses_capacity(&self, candidates: &[Candidate]) -> bool {
        self.capacity_per_site.is_some() || candidates.iter().any(|c| c.capacity.is_some())
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum SitingError {
    #[error("no candidate sites: give a candidates file or generate candidates")]
    NoCandidates,
    #[error("no number of sites given: give p, e.g. 5 or 5,10,20")]
    NoP,
    #[error("the number of sites p must be at least 1")]
    PZero,
    #[error("p = {p} but there are only {candidates} candidate sites: choose a smaller p")]
    PTooLarge { p: usize, candidates: usize },
    #[error("candidate id '{0}' is used by more than one candidate: ids must be unique")]
    DuplicateId(String),
    #[error("candidate {index} ('{id}') cannot be used: {reason}")]
    BadCandidate {
        index: usize,
        id: String,
        reason: String,
    },
    #[error("{0}")]
    BadWeights(String),
    #[error("{0}")]
    BadCapacity(String),
    #[error("{0}")]
    Coverage(CoverageError),
    #[error("{0}")]
    Metric(MetricError),
    #[error("{0}")]
    Generate(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<CoverageError> for SitingError {
    fn from(e: CoverageError) -> Self {
        match e {
            CoverageError::Cancelled => SitingError::Cancelled,
            other => SitingError::Coverage(other),
        }
    }
}

impl From<NearestError> for SitingError {
    fn from(e: NearestError) -> Self {
        CoverageError::from(e).into()
    }
}

impl From<MetricError> for SitingError {
    fn from(e: MetricError) -> Self {
        match e {
            MetricError::Cancelled => SitingError::Cancelled,
            other => SitingError::Metric(other),
        }
    }
}

impl From<Cancelled> for SitingError {
    fn from(_: Cancelled) -> Self {
        SitingError::Cancelled
    }
}

#[cfg(test)]
mod bench_tests;
#[cfg(test)]
mod branch_tests;
#[cfg(test)]
mod parts_tests;
#[cfg(test)]
mod site_tests;
#[cfg(test)]
mod tests;
