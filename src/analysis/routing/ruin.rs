//! Ruin and recreate, after Christiaens & Vanden Berghe's SISR ("Slack Induction by String
//! Removals", Transportation Science 2020): remove a few strings of consecutive stops from
//! routes near a random seed stop, then put them back (plus nearby left-out stops) by greedy
//! insertion with blinks, highest priority class first.
//!
//! Parameters as in the paper: on average `AVG_REMOVED` stops removed, strings of at most
//! `MAX_STRING` stops, half of the time a "split string" (a string whose middle part stays).
//! Reinsertion order within a class: random, far-from-base first or near-first (4 : 2 : 1);
//! one time in eight the classes are mixed too (random order).
//! Re-insertion: the cheapest feasible place over the stop's routes, each place skipped with
//! probability 1 % ("blinks"); in large plans (more than `FULL_SCAN` places) only the places
//! next to the stop's 40 nearest neighbours and the route ends of bases about as near.
//! Complexity: O(removed · min(Σ L, K + R)) per iteration.

use rand::Rng;
use rand::seq::SliceRandom;

use super::inst::{Inst, LS_NEIGHBOURS};
use super::state::{NONE, Sol};

/// Up to this many candidate places a stop is tried everywhere; beyond, only next to its
/// nearest neighbours and at the ends of routes whose base is about as near.
const FULL_SCAN: usize = 300;

const AVG_REMOVED: f64 = 10.0;
const MAX_STRING: f64 = 10.0;
const BLINK: f64 = 0.01;
/// Left-out stops tried at random besides those near the ruin.
const RANDOM_LEFT_OUT: usize = 4;

/// One ruin-and-recreate step on `sol`.
pub(super) fn ruin_recreate(inst: &Inst, sol: &mut Sol, rng: &mut impl Rng) {
    let removed = ruin(inst, sol, rng);
    let mut again = removed.clone();
    // Left-out stops near the ruined area get a chance, and a few others at random.
    let mut mark = vec![false; inst.stops.len()];
    for &s in &removed {
        mark[s as usize] = true;
    }
    for &s in &removed {
        for &o in inst.neigh[s as usize].iter().take(LS_NEIGHBOURS) {
            if sol.route_of[o as usize] == NONE && !mark[o as usize] {
                mark[o as usize] = true;
                again.push(o);
            }
        }
    }
    let left_out = inst.active.len() - sol.served.iter().sum::<u32>() as usize;
    if left_out > 0 {
        for _ in 0..RANDOM_LEFT_OUT {
            let s = inst.active[rng.random_range(0..inst.active.len())];
            if sol.route_of[s as usize] == NONE && !mark[s as usize] {
                mark[s as usize] = true;
                again.push(s);
            }
        }
    }
    order(inst, &mut again, rng);
    insert_greedy(inst, sol, &again, BLINK, rng);
}

/// Removes strings around a random seed; returns the removed stops.
fn ruin(inst: &Inst, sol: &mut Sol, rng: &mut impl Rng) -> Vec<u32> {
    let used: Vec<usize> = (0..sol.routes.len())
        .filter(|&r| sol.routes[r].len() > 0)
        .collect();
    if used.is_empty() {
        return Vec::new();
    }
    let avg_len =
        used.iter().map(|&r| sol.routes[r].len()).sum::<usize>() as f64 / used.len() as f64;
    let ls_max = MAX_STRING.min(avg_len);
    let ks_max = 4.0 * AVG_REMOVED / (1.0 + ls_max) - 1.0;
    let ks = (rng.random_range(1.0..ks_max.max(1.0) + 1.0)).floor() as usize;
    let seed = inst.active[rng.random_range(0..inst.active.len())];
    let mut ruined: Vec<usize> = Vec::new();
    let mut removed = Vec::new();
    for c in std::iter::once(seed).chain(inst.neigh[seed as usize].iter().copied()) {
        if ruined.len() >= ks {
            break;
        }
        let r = sol.route_of[c as usize];
        if r == NONE || ruined.contains(&(r as usize)) {
            continue;
        }
        let r = r as usize;
        let len = sol.routes[r].len();
        let lmax = (len as f64).min(ls_max);
        let l = (rng.random_range(1.0..lmax + 1.0).floor() as usize).clamp(1, len);
        let pos = sol.pos_of[c as usize] as usize - 1;
        let split = l >= 2 && l < len && rng.random::<bool>();
        remove_string(inst, sol, r, pos, l, split, rng, &mut removed);
        ruined.push(r);
    }
    for &r in &ruined {
        sol.refresh(inst, r);
    }
    removed
}

/// Removes a string of `l` stops of route `r` containing sequence index `pos`; a split
/// string keeps `m` stops in its middle (the string is then `l + m` long).
#[allow(clippy::too_many_arguments)]
fn remove_string(
    inst: &Inst,
    sol: &mut Sol,
    r: usize,
    pos: usize,
    l: usize,
    split: bool,
    rng: &mut impl Rng,
    removed: &mut Vec<u32>,
) {
    let len = sol.routes[r].len();
    let mut m = 0;
    if split {
        m = 1;
        while l + m < len && rng.random::<f64>() < 0.5 {
            m += 1;
        }
    }
    let total = l + m;
    let lo = pos
        .saturating_sub(rng.random_range(0..total))
        .min(len - total);
    // The kept middle part never touches the string's ends.
    let keep_from = if m > 0 {
        lo + rng.random_range(1..l)
    } else {
        len
    };
    let take: Vec<u32> = (lo..lo + total)
        .filter(|&i| i < keep_from || i >= keep_from + m)
        .map(|i| sol.routes[r].seq[i])
        .collect();
    for &s in &take {
        sol.detach(inst, s);
        removed.push(s);
    }
}

/// Reinsertion order: by priority class, within a class random, far-first or near-first.
fn order(inst: &Inst, stops: &mut [u32], rng: &mut impl Rng) {
    stops.shuffle(rng);
    let base_cost = |s: u32| {
        let st = &inst.stops[s as usize];
        let r = inst.elig_routes[s as usize][0] as usize;
        let b = inst.routes[r].base;
        inst.c(b, st.loc) + inst.c(st.loc, b)
    };
    let class = |s: u32| inst.stops[s as usize].class;
    match rng.random_range(0..8) {
        // Now and then any order: a lower priority placed first may leave a better place to
        // a higher one (a plan serving less of a higher class is rejected anyway).
        7 => {}
        0..=3 => stops.sort_by_key(|&s| class(s)),
        4 | 5 => stops.sort_by(|&a, &b| {
            class(a)
                .cmp(&class(b))
                .then(base_cost(b).total_cmp(&base_cost(a)))
        }),
        _ => stops.sort_by(|&a, &b| {
            class(a)
                .cmp(&class(b))
                .then(base_cost(a).total_cmp(&base_cost(b)))
        }),
    }
}

/// Inserts `stops` in the given order, each at its cheapest feasible place (see the module
/// doc), skipping each place with probability `blink`. Stops that fit nowhere stay out.
pub(super) fn insert_greedy(
    inst: &Inst,
    sol: &mut Sol,
    stops: &[u32],
    blink: f64,
    rng: &mut impl Rng,
) {
    for &s in stops {
        let mut best: Option<(f64, usize, usize)> = None;
        let mut consider = |r: usize, p: usize, rng: &mut dyn rand::RngCore| {
            if blink > 0.0 && rng.random::<f64>() < blink {
                return;
            }
            if let Some(d) = sol.routes[r].insertion(inst, s, p)
                && best.is_none_or(|b| d < b.0)
            {
                best = Some((d, r, p));
            }
        };
        let routes = &inst.elig_routes[s as usize];
        let places: usize = routes
            .iter()
            .map(|&r| sol.routes[r as usize].len() + 1)
            .sum();
        if places <= FULL_SCAN {
            for &r in routes {
                for p in 0..=sol.routes[r as usize].len() {
                    consider(r as usize, p, rng);
                }
            }
        } else {
            for &o in &inst.neigh[s as usize] {
                let r = sol.route_of[o as usize];
                if r != NONE && inst.eligible(s, r as usize) {
                    let po = sol.pos_of[o as usize] as usize;
                    consider(r as usize, po - 1, rng);
                    consider(r as usize, po, rng);
                }
            }
            let loc = inst.stops[s as usize].loc;
            for &r in routes {
                let (r, base) = (r as usize, inst.routes[r as usize].base);
                if inst.c(base, loc) + inst.c(loc, base) <= inst.reach[s as usize] {
                    consider(r, 0, rng);
                    consider(r, sol.routes[r].len(), rng);
                }
            }
        }
        if let Some((_, r, p)) = best {
            sol.insert(inst, s, r, p);
        }
    }
}
