//! What a siting run reports: per p the covered demand, the sites in rank order with what
//! each adds, the upper bound and gap, and each site's catchment; plus the demand totals and
//! the greedy coverage curve.
//!
//! Units: demand in the configuration's weight units (cases when uniform), distances in
//! metres, times wall-clock. Shares are fractions (0–1), `None` when the denominator is 0.
//! The gap is (upper bound − covered) / upper bound: the solution covers at least
//! (1 − gap) of the optimum. Catchments: each new case covered is assigned to the first site
//! in rank order that reaches it (with capacities: where the exact assignment placed it).

use std::time::Duration;

use geo::Point;

use super::Candidate;
use super::capacity::Assignment;
use super::demand::{Demand, DemandTotals};
use super::greedy::GreedyRun;
use super::instance::NONE;

/// One chosen site.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenSite {
    /// Index into the candidates given.
    pub candidate: usize,
    pub id: String,
    pub pos_wgs84: Point<f64>,
    /// 1 = adds the most.
    pub rank: usize,
    /// Demand it adds to the sites ranked before it.
    pub marginal_demand: f64,
    pub marginal_cases: u64,
    /// Cases newly covered and assigned to this site (indices into the cases given).
    pub assigned_cases: Vec<usize>,
    /// Cases not covered before that are within its reach (catchments may overlap).
    pub in_reach_cases: u64,
    /// Catchment radius (the reach as a straight line), for drawing.
    pub radius_m: f64,
    /// Places, when capacities apply.
    pub capacity: Option<f64>,
}

/// The solution for one p.
#[derive(Debug, Clone, PartialEq)]
pub struct PResult {
    pub p: usize,
    pub covered_demand: f64,
    pub covered_cases: u64,
    /// covered / all demand.
    pub share_of_all: Option<f64>,
    /// covered / demand not covered by existing services.
    pub share_of_uncovered: Option<f64>,
    /// In rank order.
    pub sites: Vec<ChosenSite>,
    /// No choice of p sites covers more than this.
    pub upper_bound: f64,
    pub gap: f64,
    pub proven_optimal: bool,
    /// Greedy's cover for this p (before local search and exact search).
    pub greedy_demand: f64,
    /// Branch-and-bound nodes explored (1 = the root's bound only).
    pub nodes: u64,
    pub time: Duration,
}

/// Greedy's cover with the first p sites.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    pub p: usize,
    pub covered_demand: f64,
    pub covered_cases: u64,
    pub share_of_uncovered: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SitingReport {
    /// The reach as a straight-line distance.
    pub reach_m: f64,
    pub totals: DemandTotals,
    /// Demand classes after aggregation (cases with identical candidate sets merged).
    pub demand_classes: usize,
    pub candidates: usize,
    pub capacitated: bool,
    /// One per p value, ascending p.
    pub results: Vec<PResult>,
    /// Greedy coverage curve p = 1…max p.
    pub curve: Vec<CurvePoint>,
}

pub(crate) fn share(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

/// The gap (bound − value) / bound, 0 when both are 0.
pub(crate) fn gap(value: f64, bound: f64) -> f64 {
    if bound > 0.0 {
        ((bound - value) / bound).max(0.0)
    } else {
        0.0
    }
}

/// Greedy's curve from its run.
pub(crate) fn curve(run: &GreedyRun, totals: &DemandTotals) -> Vec<CurvePoint> {
    let (mut w, mut c) = (0.0, 0);
    run.order
        .iter()
        .enumerate()
        .map(|(k, _)| {
            w += run.gain_w[k];
            c += run.gain_cases[k];
            CurvePoint {
                p: k + 1,
                covered_demand: w,
                covered_cases: c,
                share_of_uncovered: share(w, totals.uncovered_demand()),
            }
        })
        .collect()
}

/// The chosen sites in `ranked` order with their catchments. `assignment`: the capacitated
/// flows (site positions in `ranked.order`); `None`: first site in rank order reaching a class.
pub(crate) fn sites(
    demand: &Demand,
    candidates: &[Candidate],
    ranked: &GreedyRun,
    assignment: Option<&Assignment>,
    capacity: impl Fn(usize) -> Option<f64>,
) -> Vec<ChosenSite> {
    let inst = &demand.inst;
    // Cases of each class, in case order.
    let mut class_cases: Vec<Vec<usize>> = vec![Vec::new(); inst.classes()];
    for (i, &c) in demand.class_of_case.iter().enumerate() {
        if c != NONE {
            class_cases[c as usize].push(i);
        }
    }
    let mut assigned: Vec<Vec<usize>> = vec![Vec::new(); ranked.order.len()];
    match assignment {
        Some(a) => {
            let mut taken = vec![0usize; inst.classes()];
            for &(class, pos, n) in &a.flows {
                let list = &class_cases[class as usize];
                let start = taken[class as usize];
                let end = (start + n as usize).min(list.len());
                assigned[pos as usize].extend_from_slice(&list[start..end]);
                taken[class as usize] = end;
            }
        }
        None => {
            let mut done = vec![false; inst.classes()];
            for (k, &j) in ranked.order.iter().enumerate() {
                for &i in inst.m(j as usize) {
                    if !done[i as usize] {
                        done[i as usize] = true;
                        assigned[k].extend_from_slice(&class_cases[i as usize]);
                    }
                }
            }
        }
    }
    ranked
        .order
        .iter()
        .enumerate()
        .zip(assigned)
        .map(|((k, &j), mut cases)| {
            let j = j as usize;
            cases.sort_unstable();
            ChosenSite {
                candidate: j,
                id: candidates[j].id.clone(),
                pos_wgs84: candidates[j].pos_wgs84,
                rank: k + 1,
                marginal_demand: ranked.gain_w[k],
                marginal_cases: ranked.gain_cases[k],
                assigned_cases: cases,
                in_reach_cases: inst.m(j).iter().map(|&i| inst.cases[i as usize]).sum(),
                radius_m: demand.reach_m,
                capacity: capacity(j),
            }
        })
        .collect()
}
