//! Input checks of a routing [`Problem`] before any search: sizes, numbers that must be
//! finite and non-negative, windows that end after they start, unique stop ids.
//! A pin to a team that does not exist is not an error here: the stop is reported as
//! unassigned with [`UnassignedReason::PinnedTeamCannotServe`](super::UnassignedReason).
//! Complexity: O(S log S + n²) (the matrix is scanned for NaN and negative values).

use std::collections::HashMap;

use super::RoutingError;
use super::model::Problem;

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
