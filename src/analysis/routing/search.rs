//! The search loop: construction, local search, then ruin-and-recreate iterations under
//! simulated annealing, keeping the best plan.
//!
//! Acceptance of a candidate against the current solution: more stops served in the first
//! priority class where they differ — always; fewer — never; the same — when its cost is
//! below `current + T·ln(1/U)`, U uniform in (0, 1) (SA as in SISR). T cools geometrically
//! from `T0 = 0.3 × mean leg cost` to `T0 / 100` over the iterations (or the time limit,
//! whichever runs out first). Every new best gets a full local search. Progress "route"
//! every 32 iterations, with a check for cancel. The random stream is ChaCha8 from the
//! seed; nothing else varies, so a run that ends by its iteration count is reproducible.
//! Complexity: iterations × O(removed · Σ L) plus local search on improvements.
//!
//! The plan returned (`plan`): each route's schedule — the team leaves at the shift start
//! and begins each visit as early as its windows allow, then the departure is delayed by the
//! wait at the first stop (which changes no visit) — with times of day and leg lengths from
//! the travel matrix; stops left out with the set-up's reason, or "not enough time", marked
//! `outranked` when every stop planned on the routes that could take it has at least its
//! priority.

use std::cmp::Ordering;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::inst::{Inst, earliest_begin};
use super::model::Problem;
use super::plan::{Route, RoutePlan, Unassigned, UnassignedReason, Visit};
use super::state::{NONE, Sol, cmp_served};
use super::{RoutingConfig, RoutingError, local, repair, ruin};
use crate::progress::Progress;

const T0_FACTOR: f64 = 0.3;
const T_RATIO: f64 = 0.01;
const PROGRESS_EVERY: u64 = 32;

pub(super) fn run(
    problem: &Problem,
    cfg: &RoutingConfig,
    progress: &dyn Progress,
) -> Result<RoutePlan, RoutingError> {
    let t_start = Instant::now();
    let inst = Inst::new(problem, cfg);
    let iterations = cfg.iterations_for(inst.active.len());
    progress.step("route", 0, iterations);
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut cur = Sol::empty(&inst);
    super::construct::construct(&inst, &mut cur);
    progress.check()?;
    local::improve(&inst, &mut cur, &mut rng);
    repair::repair(&inst, &mut cur);
    let mut best = cur.clone();
    let mut cand = cur.clone();
    let legs = cur.served.iter().sum::<u32>() as f64
        + cur.routes.iter().filter(|r| r.len() > 0).count() as f64;
    let t0 = T0_FACTOR * cur.cost / legs.max(1.0);
    let mut done = 0;
    if inst.active.len() >= 2 {
        while done < iterations {
            if done % PROGRESS_EVERY == 0 {
                progress.check()?;
                progress.step("route", done, iterations);
            }
            let mut frac = done as f64 / iterations as f64;
            if let Some(limit) = cfg.time_limit {
                let f = t_start.elapsed().as_secs_f64() / limit.as_secs_f64().max(1e-9);
                if f >= 1.0 {
                    break;
                }
                frac = frac.max(f);
            }
            let temp = t0 * T_RATIO.powf(frac);
            cand.clone_from(&cur);
            ruin::ruin_recreate(&inst, &mut cand, &mut rng);
            done += 1;
            if accept(&cand, &cur, temp, &mut rng) {
                std::mem::swap(&mut cur, &mut cand);
                if cur.cmp(&best) == Ordering::Greater {
                    local::improve(&inst, &mut cur, &mut rng);
                    best.clone_from(&cur);
                }
            }
        }
    }
    progress.check()?;
    repair::repair(&inst, &mut best);
    local::improve(&inst, &mut best, &mut rng);
    progress.step("route", iterations, iterations);
    Ok(plan(&inst, problem, &best, done))
}

fn accept(cand: &Sol, cur: &Sol, temp: f64, rng: &mut impl Rng) -> bool {
    match cmp_served(&cand.served, &cur.served) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => {
            let u: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
            cand.cost < cur.cost - temp * u.ln()
        }
    }
}

/// The [`RoutePlan`] of a solution (see the module doc).
pub(super) fn plan(inst: &Inst, problem: &Problem, sol: &Sol, iterations: u64) -> RoutePlan {
    let m = &problem.matrix;
    let mut routes = Vec::new();
    for (r, rs) in sol.routes.iter().enumerate() {
        if rs.seq.is_empty() {
            continue;
        }
        let rc = &inst.routes[r];
        let mut at = rc.base as usize;
        let mut time = rc.start;
        let mut visits = Vec::with_capacity(rs.seq.len());
        for &s in &rs.seq {
            let st = &inst.stops[s as usize];
            let loc = st.loc as usize;
            let arrival_s = time + m.time(at, loc);
            let begin = earliest_begin(&st.win, arrival_s).unwrap_or(arrival_s);
            visits.push(Visit {
                stop: s as usize,
                arrival_s,
                wait_s: begin - arrival_s,
                departure_s: begin + st.service,
                leg_dist_m: m.dist(at, loc),
                leg_time_s: m.time(at, loc),
            });
            time = begin + st.service;
            at = loc;
        }
        let base = rc.base as usize;
        let (return_dist_m, return_time_s) = (m.dist(at, base), m.time(at, base));
        let end_s = time + return_time_s;
        let mut start_s = rc.start;
        if let Some(first) = visits.first_mut() {
            start_s += first.wait_s;
            first.arrival_s += first.wait_s;
            first.wait_s = 0.0;
        }
        let dist_m = visits.iter().map(|v| v.leg_dist_m).sum::<f64>() + return_dist_m;
        let travel_s = visits.iter().map(|v| v.leg_time_s).sum::<f64>() + return_time_s;
        let wait_s = visits.iter().map(|v| v.wait_s).sum();
        routes.push(Route {
            team: rc.team,
            day: rc.day,
            weekday: rc.weekday,
            start_s,
            end_s,
            visits,
            return_dist_m,
            return_time_s,
            dist_m,
            duration_s: end_s - start_s,
            travel_s,
            wait_s,
        });
    }
    let unassigned = (0..inst.stops.len())
        .filter(|&s| sol.route_of[s] == NONE)
        .map(|s| Unassigned {
            stop: s,
            reason: inst.reasons[s].unwrap_or_else(|| UnassignedReason::NotEnoughTime {
                outranked: outranked(inst, sol, s),
            }),
        })
        .collect();
    RoutePlan {
        routes,
        unassigned,
        iterations,
    }
}

/// Every stop on the routes that may serve `s` has at least `s`'s priority.
fn outranked(inst: &Inst, sol: &Sol, s: usize) -> bool {
    let class = inst.stops[s].class;
    inst.elig_routes[s].iter().all(|&r| {
        sol.routes[r as usize]
            .seq
            .iter()
            .all(|&w| inst.stops[w as usize].class <= class)
    })
}
