//! An independent check of a [`RoutePlan`] against its [`Problem`], written from the rules,
//! not from the solver's data structures (tests use it on every plan).
//!
//! Every route: an existing team on a day of the horizon that the team works, at most one
//! route per team and day, leaves the base no earlier than the shift start and is back by the
//! shift end; every leg's metres and seconds are the matrix's; arrivals are departures plus
//! travel (any waiting happens at the stop); each visit begins no earlier than its arrival
//! and lies wholly inside one of its windows; the stop's days include the route's weekday;
//! a pinned stop is on its team.
//! Every stop is in exactly one route or exactly once among the unassigned.
//! Times compare with a tolerance of 1 µs (plus 1e-9 relative). Complexity: O(S + R).
//!
//! Also the input checks run before any search (`check_problem`): sizes, numbers that must
//! be finite and non-negative, windows that end after they start, unique stop ids. A pin to
//! a team that does not exist is not an error: that stop is left out with
//! `PinnedTeamCannotServe`. O(S + n²) (the matrix is scanned for NaN and negative values).

use std::collections::{HashMap, HashSet};

use super::RoutingError;
use super::model::Problem;
use super::plan::RoutePlan;

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-6 + 1e-9 * a.abs().max(b.abs())
}

/// `Ok` when `plan` keeps every rule of `problem` (see the module doc).
pub fn validate(plan: &RoutePlan, problem: &Problem) -> Result<(), String> {
    let m = &problem.matrix;
    let mut seen = vec![false; problem.stops.len()];
    let mut team_days = HashSet::new();
    for (ri, r) in plan.routes.iter().enumerate() {
        let at_route = |what: String| {
            Err(format!(
                "route {ri} (team {}, day {}): {what}",
                r.team, r.day
            ))
        };
        let Some(team) = problem.teams.get(r.team) else {
            return at_route("no such team".into());
        };
        match problem.days.get(r.day) {
            Some(&d) if d == r.weekday => {}
            _ => return at_route(format!("day {} is not {} in the horizon", r.day, r.weekday)),
        }
        if !team.days.contains(r.weekday) {
            return at_route(format!("team {} does not work on {}", team.id, r.weekday));
        }
        if !team_days.insert((r.team, r.day)) {
            return at_route("a second route for the same team and day".into());
        }
        if r.start_s < team.shift_start_s - 1e-6 {
            return at_route(format!(
                "leaves at {} s, before the shift starts",
                r.start_s
            ));
        }
        let base = problem.team_loc(r.team);
        let (mut at, mut time) = (base, r.start_s);
        let (mut dist, mut travel) = (0.0, 0.0);
        for (k, v) in r.visits.iter().enumerate() {
            let Some(stop) = problem.stops.get(v.stop) else {
                return at_route(format!("visit {k}: no stop {}", v.stop));
            };
            let at_visit = |what: String| at_route(format!("visit {k} (stop {}): {what}", stop.id));
            if std::mem::replace(&mut seen[v.stop], true) {
                return at_visit("visited twice".into());
            }
            if !stop.days.contains(r.weekday) {
                return at_visit(format!("not allowed on {}", r.weekday));
            }
            if stop.pinned_team.is_some_and(|t| t != r.team) {
                return at_visit("pinned to another team".into());
            }
            let loc = problem.stop_loc(v.stop);
            let (leg_d, leg_t) = (m.dist(at, loc), m.time(at, loc));
            if !(leg_t.is_finite() && leg_d.is_finite()) {
                return at_visit("unreachable from the previous place".into());
            }
            if !close(v.leg_dist_m, leg_d) || !close(v.leg_time_s, leg_t) {
                return at_visit("leg length differs from the travel matrix".into());
            }
            if !close(v.arrival_s, time + leg_t) {
                return at_visit(format!(
                    "arrives at {} s, not at departure + travel",
                    v.arrival_s
                ));
            }
            if v.wait_s < -1e-9 {
                return at_visit("negative wait".into());
            }
            let begin = v.begin_s();
            if !close(v.departure_s, begin + stop.service_s) {
                return at_visit("departure is not begin + visit time".into());
            }
            let inside = stop.windows.is_empty()
                || stop
                    .windows
                    .iter()
                    .any(|w| begin >= w.start_s - 1e-6 && begin + stop.service_s <= w.end_s + 1e-6);
            if !inside {
                return at_visit(format!("visit at {begin} s is outside its time windows"));
            }
            (dist, travel) = (dist + leg_d, travel + leg_t);
            (at, time) = (loc, v.departure_s);
        }
        let (back_d, back_t) = (m.dist(at, base), m.time(at, base));
        if !close(r.return_dist_m, back_d) || !close(r.return_time_s, back_t) {
            return at_route("return leg differs from the travel matrix".into());
        }
        if r.end_s < time + back_t - 1e-6 {
            return at_route(format!("back at {} s, before it can get there", r.end_s));
        }
        let shift_end = team.shift_start_s + team.shift_len_s;
        if r.end_s > shift_end + 1e-6 {
            return at_route(format!(
                "back at {} s, after the shift ends at {shift_end} s",
                r.end_s
            ));
        }
        if !close(r.dist_m, dist + back_d) || !close(r.travel_s, travel + back_t) {
            return at_route("totals differ from the sum of the legs".into());
        }
        if !close(r.duration_s, r.end_s - r.start_s) {
            return at_route("duration is not end - start".into());
        }
    }
    for u in &plan.unassigned {
        match seen.get_mut(u.stop) {
            None => return Err(format!("unassigned stop {} does not exist", u.stop)),
            Some(true) => {
                let id = &problem.stops[u.stop].id;
                return Err(format!(
                    "stop {id} is both served (or listed twice) and unassigned"
                ));
            }
            Some(s) => *s = true,
        }
    }
    match seen.iter().position(|s| !s) {
        Some(i) => Err(format!(
            "stop {} is neither served nor unassigned",
            problem.stops[i].id
        )),
        None => Ok(()),
    }
}

/// The input checks (see the module doc).
pub(super) fn check_problem(p: &Problem) -> Result<(), RoutingError> {
    let bad = |why: String| Err(RoutingError::BadInput(why));
    if p.teams.is_empty() {
        return bad("no team".into());
    }
    if p.days.is_empty() {
        return bad("no day in the horizon".into());
    }
    let n = p.teams.len() + p.stops.len();
    if p.matrix.n != n {
        return Err(RoutingError::BadMatrix(format!(
            "{} locations, but {} teams + {} stops = {n}",
            p.matrix.n,
            p.teams.len(),
            p.stops.len()
        )));
    }
    p.matrix.check()?;
    for t in &p.teams {
        if !(t.shift_start_s.is_finite() && t.shift_start_s >= 0.0) {
            return bad(format!(
                "team {}: the shift start {} is not a time of day",
                t.id, t.shift_start_s
            ));
        }
        if t.shift_len_s.is_nan() || t.shift_len_s <= 0.0 {
            return bad(format!(
                "team {}: the shift length must be positive, not {}",
                t.id, t.shift_len_s
            ));
        }
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, s) in p.stops.iter().enumerate() {
        if let Some(first) = ids.insert(s.id.as_str(), i) {
            return bad(format!(
                "stop id '{}' is used twice (stops {} and {})",
                s.id,
                first + 1,
                i + 1
            ));
        }
        if !(s.priority.is_finite() && s.priority >= 0.0) {
            return bad(format!(
                "stop {}: the priority must be a number ≥ 0, not {}",
                s.id, s.priority
            ));
        }
        if !(s.service_s.is_finite() && s.service_s >= 0.0) {
            return bad(format!(
                "stop {}: the visit time must be ≥ 0 seconds, not {}",
                s.id, s.service_s
            ));
        }
        for w in &s.windows {
            if !(w.start_s.is_finite() && w.end_s.is_finite() && w.start_s < w.end_s) {
                return bad(format!(
                    "stop {}: the time window {}–{} s is empty",
                    s.id, w.start_s, w.end_s
                ));
            }
        }
    }
    Ok(())
}
