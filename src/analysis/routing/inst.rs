//! The solver's compiled view of a [`Problem`]: routes (one per team and working day of the
//! horizon), stops with their windows turned into intervals of allowed visit *begin* times,
//! priority classes, which routes may serve which stop, why a stop can be served by none,
//! and each stop's nearest other stops.
//!
//! Windows: a visit of `service` seconds inside `[start, end]` may begin in
//! `[start, end - service]`; overlapping intervals are merged and sorted, too-short ones
//! dropped; no window = one unbounded interval. Priority classes: distinct priorities, highest
//! first (class 0). Eligibility of stop s for route r: r's weekday is one of s's days, the pin
//! (if any) names r's team, and base → s → base fits r's shift alone.
//! Complexity: O(S·R) for eligibility, O(S² + S·K log K) for the K nearest neighbours.

use chrono::Weekday;

use super::model::Problem;
use super::plan::UnassignedReason;
use super::{Minimise, RoutingConfig};

/// Nearest neighbours kept per stop (local search uses the first [`LS_NEIGHBOURS`]).
pub(super) const NEIGHBOURS: usize = 40;
pub(super) const LS_NEIGHBOURS: usize = 12;

pub(super) struct StopC {
    pub loc: u32,
    pub service: f64,
    /// Allowed begin intervals `(earliest, latest)`, sorted and disjoint.
    pub win: Vec<(f64, f64)>,
    pub class: u32,
    /// No window restricts it.
    pub free: bool,
}

pub(super) struct RouteC {
    pub team: usize,
    pub day: usize,
    pub weekday: Weekday,
    pub base: u32,
    pub start: f64,
    pub end: f64,
}

pub(super) struct Inst<'a> {
    pub n: usize,
    pub cost: &'a [f64],
    pub time: &'a [f64],
    pub stops: Vec<StopC>,
    pub routes: Vec<RouteC>,
    /// `elig[s * routes + r]`.
    elig: Vec<bool>,
    /// Per stop: the routes that may serve it, ascending.
    pub elig_routes: Vec<Vec<u32>>,
    /// Stops some route may serve, ascending.
    pub active: Vec<u32>,
    /// Per stop: why no route may serve it (None for active stops).
    pub reasons: Vec<Option<UnassignedReason>>,
    /// Per active stop: other active stops by increasing `cost(s,o) + cost(o,s)`.
    pub neigh: Vec<Vec<u32>>,
    /// Per active stop: that sum for its farthest kept neighbour (∞ when all are kept).
    pub reach: Vec<f64>,
    pub n_classes: usize,
}

/// The earliest begin for an arrival at `arr`, or None when every interval has passed.
pub(super) fn earliest_begin(win: &[(f64, f64)], arr: f64) -> Option<f64> {
    win.iter().find(|w| arr <= w.1).map(|w| arr.max(w.0))
}

/// The latest arrival from which a visit can begin by `latest_begin` (−∞ if none).
pub(super) fn latest_arrival(win: &[(f64, f64)], latest_begin: f64) -> f64 {
    let mut best = f64::NEG_INFINITY;
    for w in win {
        if w.0 > latest_begin {
            break;
        }
        best = w.1.min(latest_begin);
    }
    best
}

impl<'a> Inst<'a> {
    pub fn new(p: &'a Problem, cfg: &RoutingConfig) -> Self {
        let t_count = p.teams.len();
        let mut routes = Vec::new();
        for (ti, team) in p.teams.iter().enumerate() {
            for (day, &weekday) in p.days.iter().enumerate() {
                if team.days.contains(weekday) {
                    routes.push(RouteC {
                        team: ti,
                        day,
                        weekday,
                        base: ti as u32,
                        start: team.shift_start_s,
                        end: team.shift_start_s + team.shift_len_s,
                    });
                }
            }
        }
        let mut prios: Vec<f64> = p.stops.iter().map(|s| s.priority).collect();
        prios.sort_by(|a, b| b.total_cmp(a));
        prios.dedup();
        let stops: Vec<StopC> = p
            .stops
            .iter()
            .enumerate()
            .map(|(i, s)| StopC {
                loc: (t_count + i) as u32,
                service: s.service_s,
                win: begin_intervals(&s.windows, s.service_s),
                class: prios.iter().position(|&q| q == s.priority).unwrap_or(0) as u32,
                free: s.windows.is_empty(),
            })
            .collect();
        let cost = match cfg.minimise {
            Minimise::Time => &p.matrix.time_s[..],
            Minimise::Distance => &p.matrix.dist_m[..],
        };
        let mut inst = Inst {
            n: p.matrix.n,
            cost,
            time: &p.matrix.time_s,
            stops,
            routes,
            elig: Vec::new(),
            elig_routes: Vec::new(),
            active: Vec::new(),
            reasons: Vec::new(),
            neigh: Vec::new(),
            reach: Vec::new(),
            n_classes: prios.len().max(1),
        };
        inst.eligibility(p);
        inst.neighbours();
        inst
    }

    #[inline]
    pub fn c(&self, a: u32, b: u32) -> f64 {
        self.cost[a as usize * self.n + b as usize]
    }

    #[inline]
    pub fn t(&self, a: u32, b: u32) -> f64 {
        self.time[a as usize * self.n + b as usize]
    }

    #[inline]
    pub fn eligible(&self, s: u32, r: usize) -> bool {
        self.elig[s as usize * self.routes.len() + r]
    }

    /// Whether `s` alone fits route `r` (day and pin aside).
    fn fits_alone(&self, s: usize, r: &RouteC) -> bool {
        let st = &self.stops[s];
        let (go, back) = (self.t(r.base, st.loc), self.t(st.loc, r.base));
        let ok = |x: f64| x.is_finite();
        if !(ok(go) && ok(back) && ok(self.c(r.base, st.loc)) && ok(self.c(st.loc, r.base))) {
            return false;
        }
        earliest_begin(&st.win, r.start + go).is_some_and(|b| b + st.service + back <= r.end)
    }

    fn eligibility(&mut self, p: &Problem) {
        let nr = self.routes.len();
        self.elig = vec![false; p.stops.len() * nr];
        for (s, stop) in p.stops.iter().enumerate() {
            let mut day_ok = Vec::new();
            for (ri, r) in self.routes.iter().enumerate() {
                if stop.days.contains(r.weekday) && stop.pinned_team.is_none_or(|t| t == r.team) {
                    day_ok.push(ri);
                }
            }
            let fits: Vec<u32> = day_ok
                .iter()
                .filter(|&&ri| self.fits_alone(s, &self.routes[ri]))
                .map(|&ri| ri as u32)
                .collect();
            for &ri in &fits {
                self.elig[s * nr + ri as usize] = true;
            }
            let reason = if !fits.is_empty() {
                self.active.push(s as u32);
                None
            } else {
                Some(self.reason(s, &day_ok, p))
            };
            self.elig_routes.push(fits);
            self.reasons.push(reason);
        }
    }

    /// Why stop `s` fits no route; `day_ok`: the routes of its days (and pin).
    fn reason(&self, s: usize, day_ok: &[usize], p: &Problem) -> UnassignedReason {
        let stop = &p.stops[s];
        if day_ok.is_empty() {
            let any_day = self.routes.iter().any(|r| stop.days.contains(r.weekday));
            let bad_pin = stop.pinned_team.is_some_and(|t| t >= p.teams.len());
            return if bad_pin || (any_day && stop.pinned_team.is_some()) {
                UnassignedReason::PinnedTeamCannotServe
            } else {
                UnassignedReason::NoTeamOnItsDays
            };
        }
        let st = &self.stops[s];
        let reachable: Vec<&RouteC> = day_ok
            .iter()
            .map(|&ri| &self.routes[ri])
            .filter(|r| {
                let legs = [
                    self.t(r.base, st.loc),
                    self.t(st.loc, r.base),
                    self.c(r.base, st.loc),
                    self.c(st.loc, r.base),
                ];
                legs.iter().all(|x| x.is_finite())
            })
            .collect();
        if reachable.is_empty() {
            return UnassignedReason::Unreachable;
        }
        let window_in_shift = reachable.iter().any(|r| {
            st.win
                .iter()
                .any(|w| w.0.max(r.start) <= w.1.min(r.end - st.service))
        });
        if window_in_shift {
            UnassignedReason::TooFarForShift
        } else {
            UnassignedReason::WindowOutsideShifts
        }
    }

    fn neighbours(&mut self) {
        let k = NEIGHBOURS.min(self.active.len().saturating_sub(1));
        let mut neigh = vec![Vec::new(); self.stops.len()];
        let mut reach = vec![f64::INFINITY; self.stops.len()];
        let mut cand: Vec<(f64, u32)> = Vec::with_capacity(self.active.len());
        for &s in &self.active {
            let a = self.stops[s as usize].loc;
            cand.clear();
            cand.extend(self.active.iter().filter(|&&o| o != s).map(|&o| {
                let b = self.stops[o as usize].loc;
                (self.c(a, b) + self.c(b, a), o)
            }));
            let by = |x: &(f64, u32), y: &(f64, u32)| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1));
            if cand.len() > k && k > 0 {
                cand.select_nth_unstable_by(k - 1, by);
                cand.truncate(k);
                reach[s as usize] = cand[k - 1].0;
            }
            cand.sort_by(by);
            neigh[s as usize] = cand.iter().map(|c| c.1).collect();
        }
        self.neigh = neigh;
        self.reach = reach;
    }
}

/// Allowed begin intervals of a visit of `service_s` inside `windows`.
fn begin_intervals(windows: &[super::model::TimeWindow], service_s: f64) -> Vec<(f64, f64)> {
    if windows.is_empty() {
        return vec![(f64::NEG_INFINITY, f64::INFINITY)];
    }
    let mut iv: Vec<(f64, f64)> = windows
        .iter()
        .map(|w| (w.start_s, w.end_s - service_s))
        .filter(|w| w.1 >= w.0)
        .collect();
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::with_capacity(iv.len());
    for w in iv {
        match merged.last_mut() {
            Some(last) if w.0 <= last.1 => last.1 = last.1.max(w.1),
            _ => merged.push(w),
        }
    }
    merged
}
