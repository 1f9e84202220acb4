//! Field routes: the answer. One [`Route`] per team and day that has work, its visits in
//! order with clock times (seconds since midnight of the route's day) and leg lengths
//! (metres, seconds, from the travel matrix), and every stop left out with its reason.
//!
//! Geometry for maps and files: [`Route::line_wgs84`] joins base → stops → base, taking each
//! leg's shape from a [`LegGeometry`] (a road network supplies the road's vertices; the
//! default [`StraightLegs`] draws straight segments).

use chrono::Weekday;
use geo::Point;

use super::model::Problem;

/// One visit of a route: `arrival_s + wait_s` is when the visit begins.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Index into `Problem::stops`.
    pub stop: usize,
    pub arrival_s: f64,
    pub wait_s: f64,
    pub departure_s: f64,
    /// The leg that leads here, from the base or the previous stop.
    pub leg_dist_m: f64,
    pub leg_time_s: f64,
}

impl Visit {
    pub fn begin_s(&self) -> f64 {
        self.arrival_s + self.wait_s
    }
}

/// One team's day: leaves its base at `start_s`, is back at `end_s`.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Index into `Problem::teams`.
    pub team: usize,
    /// Index into `Problem::days` (the horizon), and that day's weekday.
    pub day: usize,
    pub weekday: Weekday,
    pub start_s: f64,
    pub end_s: f64,
    pub visits: Vec<Visit>,
    /// The way back to the base.
    pub return_dist_m: f64,
    pub return_time_s: f64,
    /// Travelled distance (all legs).
    pub dist_m: f64,
    /// `end_s - start_s`: travel, visits and waiting.
    pub duration_s: f64,
    pub travel_s: f64,
    pub wait_s: f64,
}

impl Route {
    /// Matrix locations in driving order: base, stops…, base.
    pub fn locations(&self, problem: &Problem) -> Vec<usize> {
        let base = problem.team_loc(self.team);
        let stops = self.visits.iter().map(|v| problem.stop_loc(v.stop));
        std::iter::once(base)
            .chain(stops)
            .chain(std::iter::once(base))
            .collect()
    }

    /// The route's line, base → stops → base, with each leg's shape from `legs`.
    pub fn line_wgs84(&self, problem: &Problem, legs: &dyn LegGeometry) -> Vec<Point<f64>> {
        let locs = self.locations(problem);
        let mut line = vec![problem.location(locs[0])];
        for w in locs.windows(2) {
            let (a, b) = (problem.location(w[0]), problem.location(w[1]));
            match legs.leg(w[0], w[1]) {
                Some(shape) if shape.len() >= 2 => {
                    let skip = usize::from(shape.first() == line.last());
                    line.extend(shape.into_iter().skip(skip));
                }
                _ => {
                    if line.last() != Some(&a) {
                        line.push(a);
                    }
                    line.push(b);
                }
            }
        }
        line
    }
}

/// The shape of the leg between two matrix locations (WGS84, from `from` to `to`), or `None`
/// for a straight segment.
pub trait LegGeometry {
    fn leg(&self, from_loc: usize, to_loc: usize) -> Option<Vec<Point<f64>>>;
}

/// Straight segments (the haversine metric).
pub struct StraightLegs;

impl LegGeometry for StraightLegs {
    fn leg(&self, _: usize, _: usize) -> Option<Vec<Point<f64>>> {
        None
    }
}

/// Why a stop is in no route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnassignedReason {
    /// Pinned to a team that does not exist or works on none of the stop's days.
    PinnedTeamCannotServe,
    /// No team works on any of the stop's days in the horizon.
    NoTeamOnItsDays,
    /// No way from or back to the base of any team that could serve it (infinite travel).
    Unreachable,
    /// Its time windows leave no room for the visit inside any possible shift.
    WindowOutsideShifts,
    /// Even alone, going there, visiting and coming back does not fit any possible shift.
    TooFarForShift,
    /// It would fit alone, but the shifts that could take it are full.
    /// `outranked`: every stop planned in those shifts has a priority at least as high.
    NotEnoughTime { outranked: bool },
}

impl UnassignedReason {
    /// Stable machine code (JSON, files).
    pub fn code(self) -> &'static str {
        match self {
            Self::PinnedTeamCannotServe => "pinned_team_cannot_serve",
            Self::NoTeamOnItsDays => "no_team_on_its_days",
            Self::Unreachable => "unreachable",
            Self::WindowOutsideShifts => "window_outside_shifts",
            Self::TooFarForShift => "too_far_for_shift",
            Self::NotEnoughTime { .. } => "not_enough_time",
        }
    }

    /// One English sentence for the CLI (the app translates by `code`).
    pub fn describe(self) -> &'static str {
        match self {
            Self::PinnedTeamCannotServe => {
                "pinned to a team that does not exist or does not work on its days"
            }
            Self::NoTeamOnItsDays => "no team works on any of its days",
            Self::Unreachable => "cannot be reached from any team's base (no way there or back)",
            Self::WindowOutsideShifts => {
                "its time windows leave no room for the visit in any shift"
            }
            Self::TooFarForShift => "too far: even alone it does not fit in a shift",
            Self::NotEnoughTime { outranked: true } => {
                "not enough time: lower priority than the stops served"
            }
            Self::NotEnoughTime { outranked: false } => {
                "not enough time: the shifts that could take it are full"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unassigned {
    /// Index into `Problem::stops`.
    pub stop: usize,
    pub reason: UnassignedReason,
}

/// Routes (teams in order, then days) and the stops left out (in stop order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoutePlan {
    pub routes: Vec<Route>,
    pub unassigned: Vec<Unassigned>,
    /// Ruin-and-recreate iterations the solver ran.
    pub iterations: u64,
}

impl RoutePlan {
    pub fn served(&self) -> usize {
        self.routes.iter().map(|r| r.visits.len()).sum()
    }

    pub fn dist_m(&self) -> f64 {
        self.routes.iter().map(|r| r.dist_m).sum::<f64>() + 0.0 // never −0.0
    }

    pub fn duration_s(&self) -> f64 {
        self.routes.iter().map(|r| r.duration_s).sum::<f64>() + 0.0
    }

    /// Sum of the served stops' priorities.
    pub fn served_priority(&self, problem: &Problem) -> f64 {
        let visits = self.routes.iter().flat_map(|r| &r.visits);
        visits.map(|v| problem.stops[v.stop].priority).sum()
    }
}
