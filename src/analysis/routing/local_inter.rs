//! Local search between routes: relocate a segment of 1–3 stops (forwards or reversed),
//! exchange two stops, and 2-opt* (swap the tails of two routes).
//!
//! Each move puts stop `u` next to one of its nearest neighbours `v` in another route. Every
//! moved stop must be allowed on its new route (day, pin). Cost changes are O(1) from the
//! prefix costs; feasibility of relocate and exchange is O(segment) with the routes' `dep` /
//! `late` arrays (a route that loses stops stays feasible when its new arrival at the next
//! stop is within `late`); 2-opt* drives both new routes, O(L), only when it improves.

use super::inst::{Inst, LS_NEIGHBOURS, earliest_begin};
use super::local::improves;
use super::state::{NONE, RouteState, Sol, feasible};

/// Whether `stops` (in this order) fit between extended positions `x` and `next` of `route`.
fn fits_between(inst: &Inst, route: &RouteState, stops: &[u32], x: usize, next: usize) -> bool {
    let (mut at, mut time) = (route.locs[x], route.dep[x]);
    for &s in stops {
        let st = &inst.stops[s as usize];
        let Some(begin) = earliest_begin(&st.win, time + inst.t(at, st.loc)) else {
            return false;
        };
        time = begin + st.service;
        at = st.loc;
    }
    time + inst.t(at, route.locs[next]) <= route.late[next]
}

/// Moves a segment starting at `u` into another route, next to a neighbour.
pub(super) fn relocate(inst: &Inst, sol: &mut Sol, u: u32) -> bool {
    let ra = sol.route_of[u as usize] as usize;
    let a = sol.pos_of[u as usize] as usize;
    for seg_len in 1..=3 {
        let route_a = &sol.routes[ra];
        let b = a + seg_len - 1;
        if b > route_a.len() {
            break;
        }
        let la = &route_a.locs;
        let whole = seg_len == route_a.len();
        let internal = route_a.cum[b] - route_a.cum[a];
        let internal_rev = route_a.rcum[b] - route_a.rcum[a];
        let gain = if whole {
            internal - route_a.cost
        } else {
            inst.c(la[a - 1], la[b + 1]) - inst.c(la[a - 1], la[a]) - inst.c(la[b], la[b + 1])
        };
        if !whole && route_a.dep[a - 1] + inst.t(la[a - 1], la[b + 1]) > route_a.late[b + 1] {
            continue;
        }
        let seg: Vec<u32> = route_a.seq[a - 1..b].to_vec();
        for &v in inst.neigh[u as usize].iter().take(LS_NEIGHBOURS) {
            let rb = sol.route_of[v as usize];
            if rb == NONE || rb as usize == ra {
                continue;
            }
            let rb = rb as usize;
            if !seg.iter().all(|&s| inst.eligible(s, rb)) {
                continue;
            }
            let route_b = &sol.routes[rb];
            let lb = &route_b.locs;
            let pv = sol.pos_of[v as usize] as usize;
            for x in [pv - 1, pv] {
                let gap = inst.c(lb[x], lb[x + 1]);
                let (f, l) = (inst.stops[seg[0] as usize].loc, la[b]);
                let fwd = gain + inst.c(lb[x], f) + inst.c(l, lb[x + 1]) - gap;
                let rev =
                    gain + inst.c(lb[x], l) + inst.c(f, lb[x + 1]) - gap + internal_rev - internal;
                for (delta, reversed) in [(fwd, false), (rev, true)] {
                    if !improves(delta) || (reversed && seg_len == 1) {
                        continue;
                    }
                    let mut moved = seg.clone();
                    if reversed {
                        moved.reverse();
                    }
                    if fits_between(inst, route_b, &moved, x, x + 1) {
                        sol.routes[ra].seq.drain(a - 1..b);
                        let at = x;
                        sol.routes[rb].seq.splice(at..at, moved);
                        sol.refresh(inst, ra);
                        sol.refresh(inst, rb);
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// Swaps `u` with one of its neighbours in another route, or with a stop next to one.
pub(super) fn exchange(inst: &Inst, sol: &mut Sol, u: u32) -> bool {
    let ra = sol.route_of[u as usize] as usize;
    let pa = sol.pos_of[u as usize] as usize;
    for &v in inst.neigh[u as usize].iter().take(LS_NEIGHBOURS) {
        let rb = sol.route_of[v as usize];
        if rb == NONE || rb as usize == ra || !inst.eligible(u, rb as usize) {
            continue;
        }
        let rb = rb as usize;
        let pv = sol.pos_of[v as usize] as usize;
        for pw in [pv, pv - 1, pv + 1] {
            let (route_a, route_b) = (&sol.routes[ra], &sol.routes[rb]);
            if pw == 0 || pw > route_b.len() {
                continue;
            }
            let w = route_b.seq[pw - 1];
            if !inst.eligible(w, ra) {
                continue;
            }
            let (la, lb) = (&route_a.locs, &route_b.locs);
            let (lu, lw) = (la[pa], lb[pw]);
            let c = |p: u32, q: u32| inst.c(p, q);
            let delta =
                c(la[pa - 1], lw) + c(lw, la[pa + 1]) - c(la[pa - 1], lu) - c(lu, la[pa + 1])
                    + c(lb[pw - 1], lu)
                    + c(lu, lb[pw + 1])
                    - c(lb[pw - 1], lw)
                    - c(lw, lb[pw + 1]);
            if improves(delta)
                && fits_between(inst, route_a, &[w], pa - 1, pa + 1)
                && fits_between(inst, route_b, &[u], pw - 1, pw + 1)
            {
                sol.routes[ra].seq[pa - 1] = w;
                sol.routes[rb].seq[pw - 1] = u;
                sol.refresh(inst, ra);
                sol.refresh(inst, rb);
                return true;
            }
        }
    }
    false
}

/// Cost of route `x` up to extended position `i`, then `y`'s stops from extended position
/// `j` to its last, back to `x`'s base.
fn joined_cost(inst: &Inst, x: &RouteState, i: usize, y: &RouteState, j: usize) -> f64 {
    let ly = y.len();
    let base = x.locs[0];
    if j > ly {
        return if i == 0 {
            0.0
        } else {
            x.cum[i] + inst.c(x.locs[i], base)
        };
    }
    x.cum[i] + inst.c(x.locs[i], y.locs[j]) + (y.cum[ly] - y.cum[j]) + inst.c(y.locs[ly], base)
}

/// 2-opt*: `u` followed by neighbour `v` — `u`'s route keeps its head and takes `v`'s tail,
/// `v`'s route keeps its head and takes `u`'s tail.
pub(super) fn two_opt_star(inst: &Inst, sol: &mut Sol, u: u32) -> bool {
    let ra = sol.route_of[u as usize] as usize;
    let pa = sol.pos_of[u as usize] as usize;
    for &v in inst.neigh[u as usize].iter().take(LS_NEIGHBOURS) {
        let rb = sol.route_of[v as usize];
        if rb == NONE || rb as usize == ra {
            continue;
        }
        let rb = rb as usize;
        let pb = sol.pos_of[v as usize] as usize;
        let (a, b) = (&sol.routes[ra], &sol.routes[rb]);
        let new_a = joined_cost(inst, a, pa, b, pb);
        let new_b = joined_cost(inst, b, pb - 1, a, pa + 1);
        if !improves(new_a + new_b - a.cost - b.cost) {
            continue;
        }
        let tail_b = &b.seq[pb - 1..];
        let tail_a = &a.seq[pa..];
        if !tail_b.iter().all(|&s| inst.eligible(s, ra))
            || !tail_a.iter().all(|&s| inst.eligible(s, rb))
        {
            continue;
        }
        let seq_a: Vec<u32> = [&a.seq[..pa], tail_b].concat();
        let seq_b: Vec<u32> = [&b.seq[..pb - 1], tail_a].concat();
        if feasible(inst, ra, seq_a.iter().copied()) && feasible(inst, rb, seq_b.iter().copied()) {
            sol.routes[ra].seq = seq_a;
            sol.routes[rb].seq = seq_b;
            sol.refresh(inst, ra);
            sol.refresh(inst, rb);
            return true;
        }
    }
    false
}
