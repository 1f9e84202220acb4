//! The last word on left-out stops, highest priority first: put a left-out stop in where it
//! fits; otherwise take out one stop of lower priority from a route that may serve it when
//! the left-out stop then fits there (the lowest priority taken out first, then the smallest
//! added cost), and try to place the stop taken out elsewhere. Each swap serves the priority
//! classes lexicographically better, so the repair ends; afterwards no single such swap
//! remains.
//! Complexity: O(U · Σ L²) per round over the U left-out stops (each removal is priced by
//! rebuilding the route).

use super::inst::Inst;
use super::state::{NONE, RouteState, Sol};

/// Repairs `sol` in place (see the module doc).
pub(super) fn repair(inst: &Inst, sol: &mut Sol) {
    let mut scratch = RouteState::default();
    loop {
        let mut left: Vec<u32> = inst
            .active
            .iter()
            .copied()
            .filter(|&s| sol.route_of[s as usize] == NONE)
            .collect();
        left.sort_by_key(|&s| inst.stops[s as usize].class);
        let mut changed = false;
        for u in left {
            if sol.route_of[u as usize] != NONE {
                continue;
            }
            if insert_best(inst, sol, u) || swap_in(inst, sol, u, &mut scratch) {
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Inserts `u` at its cheapest feasible place, if any.
fn insert_best(inst: &Inst, sol: &mut Sol, u: u32) -> bool {
    let mut best: Option<(f64, usize, usize)> = None;
    for &r in &inst.elig_routes[u as usize] {
        if let Some((d, p)) = sol.routes[r as usize].best_insertion(inst, u)
            && best.is_none_or(|b| d < b.0)
        {
            best = Some((d, r as usize, p));
        }
    }
    match best {
        Some((_, r, p)) => {
            sol.insert(inst, u, r, p);
            true
        }
        None => false,
    }
}

/// Swaps left-out `u` for a lower-priority stop of a route that may serve it.
fn swap_in(inst: &Inst, sol: &mut Sol, u: u32, scratch: &mut RouteState) -> bool {
    let class_u = inst.stops[u as usize].class;
    // (class of the stop taken out, added cost, route, its sequence index)
    let mut best: Option<(u32, f64, usize, usize)> = None;
    for &r in &inst.elig_routes[u as usize] {
        let r = r as usize;
        let route = &sol.routes[r];
        for (i, &w) in route.seq.iter().enumerate() {
            let class_w = inst.stops[w as usize].class;
            if class_w <= class_u || best.is_some_and(|b| class_w < b.0) {
                continue;
            }
            scratch.clone_from(route);
            scratch.seq.remove(i);
            scratch.recompute(inst, r);
            if let Some((d, _)) = scratch.best_insertion(inst, u) {
                let added = scratch.cost + d - route.cost;
                let better = best.is_none_or(|b| class_w > b.0 || added < b.1);
                if better {
                    best = Some((class_w, added, r, i));
                }
            }
        }
    }
    let Some((_, _, r, i)) = best else {
        return false;
    };
    let w = sol.routes[r].seq[i];
    sol.detach(inst, w);
    sol.refresh(inst, r);
    let Some((_, p)) = sol.routes[r].best_insertion(inst, u) else {
        // Cannot happen (the same insertion was just priced); put `w` back all the same.
        sol.insert(inst, w, r, i);
        return false;
    };
    sol.insert(inst, u, r, p);
    insert_best(inst, sol, w);
    true
}
