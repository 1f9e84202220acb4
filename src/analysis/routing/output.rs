//! From the search's solution to the [`RoutePlan`] callers see: each route's schedule with
//! times of day and leg lengths from the travel matrix, and every stop left out with its
//! reason.
//!
//! Schedule: the team leaves the base at the shift start and begins each visit as early as
//! its windows allow; then the departure is delayed by the wait at the first stop (which
//! changes no visit), so a day does not start with waiting at the first stop. Reasons: the
//! set-up's reason for stops no route can serve alone, otherwise "not enough time", marked
//! `outranked` when every stop planned on the routes that could take it has at least its
//! priority. Complexity: O(S + Σ L · windows).

use super::inst::{Inst, earliest_begin};
use super::model::Problem;
use super::plan::{Route, RoutePlan, Unassigned, UnassignedReason, Visit};
use super::state::{NONE, Sol};

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
