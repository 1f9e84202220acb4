//! The first solution: regret insertion, priority class by class (every stop of a higher
//! class is placed, or found impossible, before any lower one).
//!
//! Regret-2: each pending stop's cheapest feasible insertion per route is cached; the stop
//! whose best route beats its second best by most (a stop with one possible route first)
//! goes in next, ties to the cheaper. After an insertion into route r only r's entries
//! change: an entry whose position is untouched and still feasible stays the best of the
//! untouched positions (with a triangle inequality on times, an insertion makes the schedule
//! only tighter), so only the two new edges are priced; otherwise the route is rescanned.
//! Complexity: O(P·L) per insertion in the worst case, about O(P) typically.

use super::inst::Inst;
use super::state::{NONE, Sol};

type Entry = Option<(f64, usize)>;

/// Places every active stop it can, highest priority class first.
pub(super) fn construct(inst: &Inst, sol: &mut Sol) {
    for class in 0..inst.n_classes as u32 {
        let pending: Vec<u32> = inst
            .active
            .iter()
            .copied()
            .filter(|&s| inst.stops[s as usize].class == class)
            .filter(|&s| sol.route_of[s as usize] == NONE)
            .collect();
        regret_insert(inst, sol, pending);
    }
}

struct Pending {
    stop: u32,
    /// Aligned with `inst.elig_routes[stop]`.
    entries: Vec<Entry>,
    best: f64,
    best_j: usize,
    second: f64,
}

impl Pending {
    fn rescan(&mut self) {
        (self.best, self.best_j, self.second) = (f64::INFINITY, usize::MAX, f64::INFINITY);
        for (j, e) in self.entries.iter().enumerate() {
            if let Some((d, _)) = *e {
                if d < self.best {
                    (self.second, self.best, self.best_j) = (self.best, d, j);
                } else if d < self.second {
                    self.second = d;
                }
            }
        }
    }

    fn set(&mut self, j: usize, e: Entry) {
        let old = self.entries[j].map_or(f64::INFINITY, |x| x.0);
        self.entries[j] = e;
        let new = e.map_or(f64::INFINITY, |x| x.0);
        if j == self.best_j {
            if new <= old {
                self.best = new;
            } else {
                self.rescan();
            }
        } else if new < self.best {
            (self.second, self.best, self.best_j) = (self.best, new, j);
        } else if new < self.second {
            self.second = new;
        } else if old <= self.second && new > old {
            self.rescan();
        }
    }
}

/// Regret-2 insertion of `pending` (all of one class).
fn regret_insert(inst: &Inst, sol: &mut Sol, pending: Vec<u32>) {
    let mut pend: Vec<Pending> = pending
        .into_iter()
        .map(|s| {
            let entries = inst.elig_routes[s as usize]
                .iter()
                .map(|&r| sol.routes[r as usize].best_insertion(inst, s))
                .collect();
            let mut p = Pending {
                stop: s,
                entries,
                best: 0.0,
                best_j: 0,
                second: 0.0,
            };
            p.rescan();
            p
        })
        .collect();
    loop {
        pend.retain(|p| p.best_j != usize::MAX);
        let Some(i) = pick(&pend) else { return };
        let chosen = pend.swap_remove(i);
        let r = inst.elig_routes[chosen.stop as usize][chosen.best_j] as usize;
        let Some((_, p)) = chosen.entries[chosen.best_j] else {
            return;
        };
        sol.insert(inst, chosen.stop, r, p);
        for q in &mut pend {
            let Ok(j) = inst.elig_routes[q.stop as usize].binary_search(&(r as u32)) else {
                continue;
            };
            let e = update(inst, sol, q.stop, r, p, q.entries[j]);
            q.set(j, e);
        }
    }
}

/// The pending stop with the largest regret (ties: cheaper best, then lower index).
fn pick(pend: &[Pending]) -> Option<usize> {
    let mut best: Option<(usize, f64, f64)> = None;
    for (i, p) in pend.iter().enumerate() {
        let regret = p.second - p.best;
        let better = best.is_none_or(|(_, r, b)| regret > r || (regret == r && p.best < b));
        if better {
            best = Some((i, regret, p.best));
        }
    }
    best.map(|b| b.0)
}

/// Stop `s`'s best insertion into route `r` after a stop went in at extended position
/// `p + 1` (between old positions p and p + 1); `old` is the entry before that.
fn update(inst: &Inst, sol: &Sol, s: u32, r: usize, p: usize, old: Entry) -> Entry {
    let route = &sol.routes[r];
    let fresh = |q: usize| route.insertion(inst, s, q).map(|d| (d, q));
    let kept = match old {
        None => None,
        Some((_, q)) if q == p => return route.best_insertion(inst, s),
        Some((d, q)) => {
            let q = if q < p { q } else { q + 1 };
            match route.insertion(inst, s, q) {
                Some(_) => Some((d, q)),
                None => return route.best_insertion(inst, s),
            }
        }
    };
    [kept, fresh(p), fresh(p + 1)]
        .into_iter()
        .flatten()
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
}
