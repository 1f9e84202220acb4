//! A solution under search: each route's stop sequence with the schedule quantities that make
//! insertion checks O(1) (per window of the inserted stop), and the served count per priority
//! class.
//!
//! Positions are "extended": 0 is the start base, 1..=L the stops, L+1 the end base.
//! `dep[p]`: earliest departure from p (the team waits for windows, leaves the base at the
//! shift start); `late[p]`: latest arrival at p that keeps p..end feasible (shift end at
//! L+1); since arriving earlier never hurts (waiting is allowed), a change before p is
//! feasible iff its new arrival at p is ≤ `late[p]`. `cum`/`rcum`: prefix costs of the route
//! driven forwards / backwards, so reversing a segment is priced in O(1) on asymmetric
//! matrices too. Recomputing a route is O(L).

use std::cmp::Ordering;

use super::inst::{Inst, earliest_begin, latest_arrival};

/// Not in any route.
pub(super) const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(super) struct RouteState {
    pub seq: Vec<u32>,
    pub locs: Vec<u32>,
    pub dep: Vec<f64>,
    pub late: Vec<f64>,
    pub cum: Vec<f64>,
    pub rcum: Vec<f64>,
    pub cost: f64,
    /// Every stop on it has no window.
    pub free: bool,
}

impl Clone for RouteState {
    fn clone(&self) -> Self {
        let mut c = RouteState::default();
        c.clone_from(self);
        c
    }

    fn clone_from(&mut self, o: &Self) {
        self.seq.clone_from(&o.seq);
        self.locs.clone_from(&o.locs);
        self.dep.clone_from(&o.dep);
        self.late.clone_from(&o.late);
        self.cum.clone_from(&o.cum);
        self.rcum.clone_from(&o.rcum);
        self.cost = o.cost;
        self.free = o.free;
    }
}

impl RouteState {
    pub fn len(&self) -> usize {
        self.seq.len()
    }

    /// Rebuilds the derived arrays of route `r` from `seq`.
    pub fn recompute(&mut self, inst: &Inst, r: usize) {
        let rc = &inst.routes[r];
        let l = self.seq.len();
        self.locs.clear();
        self.locs.push(rc.base);
        self.locs
            .extend(self.seq.iter().map(|&s| inst.stops[s as usize].loc));
        self.locs.push(rc.base);
        self.free = self.seq.iter().all(|&s| inst.stops[s as usize].free);
        self.dep.clear();
        self.dep.push(rc.start);
        for p in 1..=l {
            let st = &inst.stops[self.seq[p - 1] as usize];
            let arr = self.dep[p - 1] + inst.t(self.locs[p - 1], self.locs[p]);
            let begin = earliest_begin(&st.win, arr).unwrap_or(f64::INFINITY);
            self.dep.push(begin + st.service);
        }
        self.late.clear();
        self.late.resize(l + 2, 0.0);
        self.late[l + 1] = rc.end;
        for p in (1..=l).rev() {
            let st = &inst.stops[self.seq[p - 1] as usize];
            let lb = self.late[p + 1] - inst.t(self.locs[p], self.locs[p + 1]) - st.service;
            self.late[p] = latest_arrival(&st.win, lb);
        }
        self.late[0] = self.late[1] - inst.t(self.locs[0], self.locs[1]);
        self.cum.clear();
        self.rcum.clear();
        self.cum.push(0.0);
        self.rcum.push(0.0);
        for p in 1..=l + 1 {
            let (a, b) = (self.locs[p - 1], self.locs[p]);
            self.cum.push(self.cum[p - 1] + inst.c(a, b));
            self.rcum.push(self.rcum[p - 1] + inst.c(b, a));
        }
        self.cost = if l == 0 { 0.0 } else { self.cum[l + 1] };
    }

    /// Cost increase of inserting stop `s` between extended positions `p` and `p + 1`, or
    /// None when infeasible.
    #[inline]
    pub fn insertion(&self, inst: &Inst, s: u32, p: usize) -> Option<f64> {
        let st = &inst.stops[s as usize];
        let (a, b) = (self.locs[p], self.locs[p + 1]);
        // An empty route costs nothing (not the base-to-base "edge").
        let old = if self.seq.is_empty() {
            0.0
        } else {
            inst.c(a, b)
        };
        let delta = inst.c(a, st.loc) + inst.c(st.loc, b) - old;
        if !delta.is_finite() {
            return None;
        }
        let arr = self.dep[p] + inst.t(a, st.loc);
        let begin = earliest_begin(&st.win, arr)?;
        let next = begin + st.service + inst.t(st.loc, b);
        (next <= self.late[p + 1]).then_some(delta)
    }

    /// Cheapest feasible insertion of `s`: (cost increase, extended position before it).
    pub fn best_insertion(&self, inst: &Inst, s: u32) -> Option<(f64, usize)> {
        let mut best: Option<(f64, usize)> = None;
        for p in 0..=self.seq.len() {
            if let Some(d) = self.insertion(inst, s, p)
                && best.is_none_or(|b| d < b.0)
            {
                best = Some((d, p));
            }
        }
        best
    }
}

/// Whether driving route `r` through `seq` is feasible (windows and shift end).
pub(super) fn feasible(inst: &Inst, r: usize, seq: impl IntoIterator<Item = u32>) -> bool {
    let rc = &inst.routes[r];
    let (mut at, mut time) = (rc.base, rc.start);
    for s in seq {
        let st = &inst.stops[s as usize];
        let arr = time + inst.t(at, st.loc);
        let Some(begin) = earliest_begin(&st.win, arr) else {
            return false;
        };
        time = begin + st.service;
        at = st.loc;
    }
    time + inst.t(at, rc.base) <= rc.end
}

#[derive(Debug, Default)]
pub(super) struct Sol {
    pub routes: Vec<RouteState>,
    /// Per stop: its route or [`NONE`].
    pub route_of: Vec<u32>,
    /// Per stop in a route: its extended position.
    pub pos_of: Vec<u32>,
    /// Served stops per priority class (class 0 = highest priority).
    pub served: Vec<u32>,
    pub cost: f64,
}

impl Clone for Sol {
    fn clone(&self) -> Self {
        let mut c = Sol::default();
        c.clone_from(self);
        c
    }

    fn clone_from(&mut self, o: &Self) {
        self.routes.clone_from(&o.routes);
        self.route_of.clone_from(&o.route_of);
        self.pos_of.clone_from(&o.pos_of);
        self.served.clone_from(&o.served);
        self.cost = o.cost;
    }
}

impl Sol {
    /// All routes empty, nothing served.
    pub fn empty(inst: &Inst) -> Self {
        let mut sol = Sol {
            routes: vec![RouteState::default(); inst.routes.len()],
            route_of: vec![NONE; inst.stops.len()],
            pos_of: vec![0; inst.stops.len()],
            served: vec![0; inst.n_classes],
            cost: 0.0,
        };
        for r in 0..inst.routes.len() {
            sol.routes[r].recompute(inst, r);
        }
        sol
    }

    /// Replaces route `r`'s sequence (the caller keeps `route_of`/`served` right for stops
    /// that join or leave) and refreshes its derived data.
    pub fn refresh(&mut self, inst: &Inst, r: usize) {
        let route = &mut self.routes[r];
        self.cost -= route.cost;
        route.recompute(inst, r);
        self.cost += route.cost;
        for (i, &s) in route.seq.iter().enumerate() {
            self.route_of[s as usize] = r as u32;
            self.pos_of[s as usize] = (i + 1) as u32;
        }
    }

    /// Inserts stop `s` into route `r` after extended position `p`.
    pub fn insert(&mut self, inst: &Inst, s: u32, r: usize, p: usize) {
        self.routes[r].seq.insert(p, s);
        self.served[inst.stops[s as usize].class as usize] += 1;
        self.refresh(inst, r);
    }

    /// Takes stop `s` out of its route without refreshing the route (call `refresh` after).
    pub fn detach(&mut self, inst: &Inst, s: u32) -> Option<usize> {
        let r = self.route_of[s as usize];
        if r == NONE {
            return None;
        }
        let r = r as usize;
        self.routes[r].seq.retain(|&x| x != s);
        self.route_of[s as usize] = NONE;
        self.served[inst.stops[s as usize].class as usize] -= 1;
        Some(r)
    }

    /// Lexicographic order: more served in the highest class first, then lower cost.
    pub fn cmp(&self, other: &Sol) -> Ordering {
        cmp_served(&self.served, &other.served).then(other.cost.total_cmp(&self.cost))
    }
}

/// `Greater` when `a` serves more in the first class where they differ.
pub(super) fn cmp_served(a: &[u32], b: &[u32]) -> Ordering {
    a.iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .map_or(Ordering::Equal, |(x, y)| x.cmp(y))
}
