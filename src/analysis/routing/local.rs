//! Local search within a route (2-opt, Or-opt) and the driver that runs every operator until
//! none improves (inter-route operators in `local_inter`).
//!
//! Moves are generated from each stop's nearest neighbours (granular neighbourhoods, the 12
//! nearest): a move must bring the stop next to one of them. The cost change of every move is
//! O(1) (reversed segments priced with the backward prefix costs, so asymmetric matrices
//! work); only an improving move is checked for feasibility, O(L) by driving the new
//! sequence. First improvement; the stops are visited in a seeded random order each pass.
//! Complexity: O(S · K) cost evaluations per pass.

use rand::Rng;
use rand::seq::SliceRandom;

use super::inst::{Inst, LS_NEIGHBOURS};
use super::local_inter;
use super::state::{NONE, Sol, feasible};

/// Smallest cost decrease that counts as an improvement (seconds or metres).
pub(super) const EPS: f64 = 1e-7;

/// Whether a cost change improves (false for NaN, e.g. from infinite legs).
pub(super) fn improves(delta: f64) -> bool {
    delta < -EPS
}

/// Runs all operators until no move improves `sol`.
pub(super) fn improve(inst: &Inst, sol: &mut Sol, rng: &mut impl Rng) {
    let mut order = inst.active.clone();
    // A pass over every stop finds at least one improvement or ends the search; the cap
    // only guards against cycling on floating-point ties.
    for _ in 0..1000 {
        order.shuffle(rng);
        let mut improved = false;
        for &u in &order {
            if sol.route_of[u as usize] == NONE {
                continue;
            }
            improved |= two_opt(inst, sol, u)
                || or_opt(inst, sol, u)
                || local_inter::relocate(inst, sol, u)
                || local_inter::exchange(inst, sol, u)
                || local_inter::two_opt_star(inst, sol, u);
        }
        if !improved {
            break;
        }
    }
}

/// Reverses a segment so that `u` and a neighbour become adjacent.
fn two_opt(inst: &Inst, sol: &mut Sol, u: u32) -> bool {
    let r = sol.route_of[u as usize] as usize;
    let pu = sol.pos_of[u as usize] as usize;
    for &v in inst.neigh[u as usize].iter().take(LS_NEIGHBOURS) {
        if sol.route_of[v as usize] as usize != r {
            continue;
        }
        let route = &sol.routes[r];
        let pv = sol.pos_of[v as usize] as usize;
        let (lo, hi) = (pu.min(pv), pu.max(pv));
        for (i, j) in [(lo + 1, hi), (lo, hi - 1)] {
            if i >= j {
                continue;
            }
            let (l, c) = (&route.locs, |a: u32, b: u32| inst.c(a, b));
            let delta =
                c(l[i - 1], l[j]) + c(l[i], l[j + 1]) - c(l[i - 1], l[i]) - c(l[j], l[j + 1])
                    + (route.rcum[j] - route.rcum[i])
                    - (route.cum[j] - route.cum[i]);
            if improves(delta) {
                let mut seq = route.seq.clone();
                seq[i - 1..j].reverse();
                if feasible(inst, r, seq.iter().copied()) {
                    sol.routes[r].seq = seq;
                    sol.refresh(inst, r);
                    return true;
                }
            }
        }
    }
    false
}

/// Moves a segment of 1–3 stops starting at `u` next to one of `u`'s neighbours in the same
/// route, forwards or reversed.
fn or_opt(inst: &Inst, sol: &mut Sol, u: u32) -> bool {
    let r = sol.route_of[u as usize] as usize;
    let a = sol.pos_of[u as usize] as usize;
    let len_r = sol.routes[r].len();
    for seg in 1..=3 {
        let b = a + seg - 1;
        if b > len_r || seg >= len_r {
            break;
        }
        for &v in inst.neigh[u as usize].iter().take(LS_NEIGHBOURS) {
            if sol.route_of[v as usize] as usize != r {
                continue;
            }
            let pv = sol.pos_of[v as usize] as usize;
            for x in [pv, pv - 1] {
                if (a - 1..=b).contains(&x) {
                    continue;
                }
                if let Some(seq) = or_opt_move(inst, sol, r, a, b, x) {
                    sol.routes[r].seq = seq;
                    sol.refresh(inst, r);
                    return true;
                }
            }
        }
    }
    false
}

/// The improving, feasible sequence after moving extended positions `a..=b` between `x` and
/// `x + 1` (forwards or reversed), if any.
fn or_opt_move(inst: &Inst, sol: &Sol, r: usize, a: usize, b: usize, x: usize) -> Option<Vec<u32>> {
    let route = &sol.routes[r];
    let l = &route.locs;
    let c = |p: u32, q: u32| inst.c(p, q);
    let gain = c(l[a - 1], l[b + 1]) - c(l[a - 1], l[a]) - c(l[b], l[b + 1]);
    let gap = c(l[x], l[x + 1]);
    let fwd = gain + c(l[x], l[a]) + c(l[b], l[x + 1]) - gap;
    let rev = gain + c(l[x], l[b]) + c(l[a], l[x + 1]) - gap + (route.rcum[b] - route.rcum[a])
        - (route.cum[b] - route.cum[a]);
    for (delta, reversed) in [(fwd, false), (rev, true)] {
        if !improves(delta) || (reversed && a == b) {
            continue;
        }
        let s = &route.seq;
        let mut seg: Vec<u32> = s[a - 1..b].to_vec();
        if reversed {
            seg.reverse();
        }
        let seq: Vec<u32> = if x < a {
            [&s[..x], &seg[..], &s[x..a - 1], &s[b..]].concat()
        } else {
            [&s[..a - 1], &s[b..x], &seg[..], &s[x..]].concat()
        };
        if feasible(inst, r, seq.iter().copied()) {
            return Some(seq);
        }
    }
    None
}
