//! Field-team route planning: which team visits which stop on which day, in what order.
//!
//! Inputs ([`Problem`]): stops (WGS84 position, priority ≥ 0, visit time, time windows in
//! seconds since midnight, allowed weekdays, optional pinned team), teams (base, shift start
//! and length, working weekdays), the horizon's days and a [`TravelMatrix`] (metres and
//! seconds between bases and stops: straight lines × detour from
//! [`TravelMatrix::haversine`], or a road network's shortest paths supplied by the caller).
//! One route per team and working day: it leaves the base at the shift start, may wait for
//! windows, and is back by the shift end. Each stop is visited at most once in the horizon.
//!
//! Objective, lexicographic: serve as many stops of the highest priority as possible, then of
//! the next priority, and so on (one stop of priority 5 outweighs any number of priority 4);
//! then minimise total travel time (or distance, [`Minimise`]).
//!
//! Algorithm ([`solve`]): stops no route can serve even alone are set aside with their reason
//! (`inst`); regret-2 insertion class by class (`construct`); local search — 2-opt and Or-opt
//! within routes, relocate, exchange and 2-opt* between routes on the 12 nearest neighbours
//! (`local`, `local_inter`); then ruin and recreate (SISR string removals, greedy
//! re-insertion with blinks, `ruin`) under simulated-annealing acceptance on cost among
//! solutions serving the same stops per class, strictly better service always accepted
//! (`search`); finally local search again and a repair that swaps a left-out stop for a
//! lower-priority one where that fits (`repair`). Deterministic for a seed when the iteration
//! limit, not the time limit, ends the search. [`validate`] checks any plan independently.
//! Complexity: O(S² + S·R) set-up, then O(removed · Σ route lengths) per iteration.

mod construct;
mod inst;
mod local;
mod local_inter;
pub mod matrix;
pub mod model;
pub mod plan;
mod repair;
mod ruin;
mod search;
mod state;
mod validate;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rules;

use std::time::Duration;

pub use matrix::{EARTH_RADIUS_M, TravelMatrix, haversine_m};
pub use model::{
    DAY_S, DayMask, Problem, Stop, Team, TimeWindow, format_clock, parse_clock, parse_weekday,
};
pub use plan::{LegGeometry, Route, RoutePlan, StraightLegs, Unassigned, UnassignedReason, Visit};
pub use validate::validate;

use crate::progress::{Cancelled, Progress};

/// What the travel cost to minimise is (after service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Minimise {
    /// Total driving time (seconds).
    #[default]
    Time,
    /// Total distance (metres).
    Distance,
}

/// How hard to search.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingConfig {
    pub seed: u64,
    /// Ruin-and-recreate iterations; `None`: 200 per stop, at least 5,000, at most 200,000.
    pub max_iterations: Option<u64>,
    /// Stops the search early (the best plan so far is returned).
    pub time_limit: Option<Duration>,
    pub minimise: Minimise,
}

impl Default for RoutingConfig {
    fn default() -> Self {
        RoutingConfig {
            seed: 1,
            max_iterations: None,
            time_limit: Some(Duration::from_secs(10)),
            minimise: Minimise::Time,
        }
    }
}

impl RoutingConfig {
    pub fn iterations_for(&self, stops: usize) -> u64 {
        self.max_iterations
            .unwrap_or_else(|| (200 * stops as u64).clamp(5_000, 200_000))
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum RoutingError {
    #[error("{0}")]
    BadInput(String),
    #[error("travel matrix: {0}")]
    BadMatrix(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for RoutingError {
    fn from(_: Cancelled) -> Self {
        RoutingError::Cancelled
    }
}

/// Plans the routes (see the module doc). Progress stage: "route".
pub fn solve(
    problem: &Problem,
    cfg: &RoutingConfig,
    progress: &dyn Progress,
) -> Result<RoutePlan, RoutingError> {
    problem.check()?;
    search::run(problem, cfg, progress)
}
