//! One siting run: checks the inputs, builds the demand classes, runs greedy once up to the
//! largest p, then per p (ascending) local search, the bound and, when asked, branch and bound;
//! assembles the [`SitingReport`].
//!
//! Inputs and units as in the module [`super`]; the time limit is shared among the p values
//! still to solve (each gets an equal part of what is left). Progress stages are
//! "siting: …" keys; cancel stops the run with [`SitingError::Cancelled`].
//! Complexity: demand O((n + m) log m + Z log n); greedy O(Z + P·e·|M|); local search and each
//! bound iteration O(Z) over the aggregated classes; exact search exponential at worst.

use std::collections::HashSet;
use std::rc::Rc;
use std::time::Instant;

use super::branch::{ROOT_ITER, ROOT_ITER_EXACT, SearchLimits, search};
use super::capacity::{UNLIMITED, evaluate, greedy_cap, improve_cap, rank_cap, single};
use super::greedy::{greedy, rank};
use super::local_search::improve;
use super::parts::search_parts;
use super::report::{self, PResult, SitingReport, gap, share};
use super::{Candidate, SitingConfig, SitingError, demand};
use crate::model::{Case, Service};
use crate::progress::Progress;

/// With weights that are not all whole numbers, a solution within this share of the total
/// demand of the bound counts as optimal.
pub const RELATIVE_TOLERANCE: f64 = 1e-7;

/// The p values, ascending and without repeats, checked against the candidates.
fn p_values(cfg: &SitingConfig, candidates: usize) -> Result<Vec<usize>, SitingError> {
    if candidates == 0 {
        return Err(SitingError::NoCandidates);
    }
    let mut ps = cfg.p_values.clone();
    ps.sort_unstable();
    ps.dedup();
    match (ps.first(), ps.last()) {
        (None, _) | (_, None) => Err(SitingError::NoP),
        (Some(0), _) => Err(SitingError::PZero),
        (_, Some(&p)) if p > candidates => Err(SitingError::PTooLarge { p, candidates }),
        _ => Ok(ps),
    }
}

/// Capacity per candidate in whole cases ([`UNLIMITED`] when none applies).
fn capacities(cfg: &SitingConfig, candidates: &[Candidate]) -> Result<Vec<i64>, SitingError> {
    let ok = |c: f64| c.is_finite() && c >= 0.0;
    if let Some(c) = cfg.capacity_per_site.filter(|c| !ok(*c)) {
        return Err(SitingError::BadCapacity(format!(
            "the capacity per site must be a number of places ≥ 0, not {c}"
        )));
    }
    candidates
        .iter()
        .map(|c| match c.capacity.or(cfg.capacity_per_site) {
            None => Ok(UNLIMITED),
            Some(v) if ok(v) => Ok(v.floor().min(UNLIMITED as f64) as i64),
            Some(v) => Err(SitingError::BadCapacity(format!(
                "candidate '{}' has capacity {v}: give a number of places ≥ 0",
                c.id
            ))),
        })
        .collect()
}

/// Chooses new sites (see the module [`super`]).
pub fn site(
    cases: &[Case],
    services: &[Service],
    candidates: &[Candidate],
    cfg: &SitingConfig,
    progress: &dyn Progress,
) -> Result<SitingReport, SitingError> {
    let ps = p_values(cfg, candidates.len())?;
    let mut seen = HashSet::new();
    if let Some(c) = candidates.iter().find(|c| !seen.insert(c.id.as_str())) {
        return Err(SitingError::DuplicateId(c.id.clone()));
    }
    if u32::try_from(candidates.len()).is_err() || u32::try_from(cases.len()).is_err() {
        return Err(SitingError::Generate("too many candidates or cases".into()));
    }
    let caps = capacities(cfg, candidates)?;
    let capacitated = cfg.uses_capacity(candidates);
    let started = Instant::now();
    let demand = demand::build(cases, services, candidates, cfg, progress)?;
    let inst = Rc::clone(&demand.inst);
    let total = inst.total_weight();
    let slack = 1e-9 * (total + 1.0);
    let granularity = if inst.integral_weights() {
        1.0
    } else {
        RELATIVE_TOLERANCE * total + slack
    };
    let tolerance = if granularity == 1.0 { 0.5 } else { slack };
    let p_max = *ps.last().unwrap_or(&1);
    let run = if capacitated {
        greedy_cap(&inst, p_max, &caps, progress)?
    } else {
        greedy(&inst, p_max, progress)?
    };
    let curve = report::curve(&run, &demand.totals);
    let capacity_of = |j: usize| {
        capacitated
            .then(|| caps[j] as f64)
            .filter(|c| *c < UNLIMITED as f64)
    };
    let budget_end = cfg.time_limit.map(|t| started + t);
    let mut results = Vec::new();
    for (k, &p) in ps.iter().enumerate() {
        progress.check()?;
        let t0 = Instant::now();
        let deadline = budget_end.map(|end| {
            let left = end.saturating_duration_since(t0);
            t0 + left / (ps.len() - k) as u32
        });
        let start: Vec<u32> = run.order[..p.min(run.order.len())].to_vec();
        let greedy_demand: f64 = run.gain_w[..start.len()].iter().sum();
        let limits = SearchLimits {
            granularity,
            slack,
            deadline,
            max_nodes: if cfg.exact && !capacitated {
                u64::MAX
            } else {
                1
            },
            root_iter: if cfg.exact && !capacitated {
                ROOT_ITER_EXACT
            } else {
                ROOT_ITER
            },
            floor: f64::NEG_INFINITY,
        };
        let (set, bound, proven, nodes, assignment) = if capacitated {
            let set = improve_cap(&inst, &start, &caps, tolerance, progress)?;
            let a = evaluate(&inst, &set, &caps);
            let out = search(Rc::clone(&inst), p, set.clone(), limits, progress)?;
            let mut singles: Vec<f64> = (0..inst.candidates())
                .map(|j| single(&inst, j, caps[j]))
                .collect();
            singles.sort_unstable_by(|a, b| b.total_cmp(a));
            let bound = out
                .bound
                .min(singles.iter().take(p).sum::<f64>())
                .max(a.value_w);
            let proven = bound - a.value_w < granularity - slack;
            (set, bound, proven, out.nodes, Some(a))
        } else {
            let set = improve(&inst, &start, tolerance, progress)?;
            let out = if cfg.exact {
                search_parts(Rc::clone(&inst), p, set, limits, progress)?
            } else {
                search(Rc::clone(&inst), p, set, limits, progress)?
            };
            (out.best, out.bound, out.proven, out.nodes, None)
        };
        let set = pad(set, p, candidates.len());
        let (ranked, assignment) = match assignment {
            Some(_) => {
                let ranked = rank_cap(&inst, &set, &caps);
                let a = evaluate(&inst, &ranked.order, &caps);
                (ranked, Some(a))
            }
            None => (rank(&inst, &set), None),
        };
        let covered_demand: f64 = ranked.gain_w.iter().sum();
        let covered_cases: u64 = ranked.gain_cases.iter().sum();
        let proven = proven || bound - covered_demand < granularity - slack;
        let sites = report::sites(
            &demand,
            candidates,
            &ranked,
            assignment.as_ref(),
            capacity_of,
        );
        results.push(PResult {
            p,
            covered_demand,
            covered_cases,
            share_of_all: share(covered_demand, demand.totals.all_demand),
            share_of_uncovered: share(covered_demand, demand.totals.uncovered_demand()),
            sites,
            upper_bound: bound.max(covered_demand),
            gap: gap(covered_demand, bound),
            proven_optimal: proven,
            greedy_demand,
            nodes,
            time: t0.elapsed(),
        });
    }
    Ok(SitingReport {
        reach_m: demand.reach_m,
        totals: demand.totals,
        demand_classes: inst.classes(),
        candidates: candidates.len(),
        capacitated,
        results,
        curve,
    })
}

/// `set` filled up to p sites with the lowest-indexed candidates not in it (they add nothing:
/// fewer than p candidates reach any demand).
fn pad(mut set: Vec<u32>, p: usize, candidates: usize) -> Vec<u32> {
    let have: HashSet<u32> = set.iter().copied().collect();
    let mut j = 0u32;
    while set.len() < p && (j as usize) < candidates {
        if !have.contains(&j) {
            set.push(j);
        }
        j += 1;
    }
    set
}
