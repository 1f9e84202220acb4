//! Local search for siting: swap a chosen site for an unchosen one while that covers more
//! demand (fast interchange, best improvement).
//!
//! Inputs: an [`Instance`] and a starting set S of p sites (the greedy solution). Output: a set
//! of p sites no single swap improves (a "swap-optimal" solution), never worse than the start.
//! Bookkeeping per class i: c_i, how many sites of S reach it, and the sum of their ids, which
//! names the only one when c_i = 1. Then for a swap (add k ∉ S, drop s ∈ S):
//!   gain(k)   = Σ w_i over i ∈ M_k with c_i = 0 (newly covered),
//!   loss(s)   = Σ w_i over i ∈ M_s with c_i = 1 (covered by s alone),
//!   extra(k,s)= Σ w_i over i ∈ M_k ∩ M_s with c_i = 1 (k keeps what only s covered),
//!   Δ(k, s)   = gain(k) − loss(s) + extra(k, s).
//! One pass over every unchosen k's list gives gain(k) and extra(k, ·) for all s at once (a
//! p-vector), so the best of all (m − p)·p swaps costs O(Z) — Z incidence entries — on all
//! cores; the best swap (largest Δ, ties to the lowest k then the lowest s) is applied while
//! Δ > a tolerance (0 for whole-number weights), and the bookkeeping updated in O(|M_k| +
//! |M_s| + Σ_S |M_s|). Deterministic: sums are per candidate in a fixed order.
//! Complexity: O(Z) per improving swap; usually a handful of swaps after greedy.

use rayon::prelude::*;

use super::instance::Instance;
use crate::progress::{Cancelled, Progress};

/// Largest number of swaps (a safety net; each swap strictly improves the cover).
const MAX_SWAPS: usize = 10_000;

struct State<'a> {
    inst: &'a Instance,
    set: Vec<u32>,
    /// Position in `set` per candidate, or `usize::MAX`.
    pos: Vec<usize>,
    count: Vec<u32>,
    id_sum: Vec<u64>,
}

impl<'a> State<'a> {
    fn new(inst: &'a Instance, set: &[u32]) -> Self {
        let mut st = State {
            inst,
            set: Vec::new(),
            pos: vec![usize::MAX; inst.candidates()],
            count: vec![0; inst.classes()],
            id_sum: vec![0; inst.classes()],
        };
        for &j in set {
            st.add(j);
        }
        st
    }

    fn add(&mut self, j: u32) {
        self.pos[j as usize] = self.set.len();
        self.set.push(j);
        for &i in self.inst.m(j as usize) {
            self.count[i as usize] += 1;
            self.id_sum[i as usize] += u64::from(j);
        }
    }

    fn remove(&mut self, j: u32) {
        let k = self.pos[j as usize];
        self.set.swap_remove(k);
        if k < self.set.len() {
            self.pos[self.set[k] as usize] = k;
        }
        self.pos[j as usize] = usize::MAX;
        for &i in self.inst.m(j as usize) {
            self.count[i as usize] -= 1;
            self.id_sum[i as usize] -= u64::from(j);
        }
    }

    fn loss(&self) -> Vec<f64> {
        self.set
            .iter()
            .map(|&s| {
                self.inst
                    .m(s as usize)
                    .iter()
                    .filter(|&&i| self.count[i as usize] == 1)
                    .map(|&i| self.inst.w[i as usize])
                    .sum()
            })
            .collect()
    }

    /// The best swap for candidate `k ∉ set`: (Δ, position in `set`).
    fn best_for(&self, k: usize, loss: &[f64], extra: &mut [f64]) -> (f64, usize) {
        extra.iter_mut().for_each(|e| *e = 0.0);
        let mut gain = 0.0;
        for &i in self.inst.m(k) {
            let i = i as usize;
            match self.count[i] {
                0 => gain += self.inst.w[i],
                1 => extra[self.pos[self.id_sum[i] as usize]] += self.inst.w[i],
                _ => {}
            }
        }
        let mut best = (f64::NEG_INFINITY, 0);
        for (s, (l, e)) in loss.iter().zip(extra.iter()).enumerate() {
            let d = gain - l + e;
            if d > best.0 {
                best = (d, s);
            }
        }
        best
    }
}

/// Swap-optimal set reached from `start` (see the module doc); sorted ids.
pub(crate) fn improve(
    inst: &Instance,
    start: &[u32],
    tolerance: f64,
    progress: &dyn Progress,
) -> Result<Vec<u32>, Cancelled> {
    let mut st = State::new(inst, start);
    let m = inst.candidates();
    if st.set.is_empty() || st.set.len() >= m {
        return Ok(sorted(st.set));
    }
    for _ in 0..MAX_SWAPS {
        progress.check()?;
        let loss = st.loss();
        let p = st.set.len();
        let best = (0..m)
            .into_par_iter()
            .with_min_len(256)
            .fold(
                || (vec![0.0; p], (f64::NEG_INFINITY, usize::MAX, usize::MAX)),
                |(mut extra, best), k| {
                    if st.pos[k] != usize::MAX {
                        return (extra, best);
                    }
                    let (d, s) = st.best_for(k, &loss, &mut extra);
                    let cand = (d, k, st.set[s] as usize);
                    (extra, better(best, cand))
                },
            )
            .map(|(_, b)| b)
            .reduce(|| (f64::NEG_INFINITY, usize::MAX, usize::MAX), better);
        if !(best.0 > tolerance) {
            break;
        }
        st.remove(best.2 as u32);
        st.add(best.1 as u32);
    }
    Ok(sorted(st.set))
}

/// The larger Δ; ties to the lower added id, then the lower dropped id.
fn better(a: (f64, usize, usize), b: (f64, usize, usize)) -> (f64, usize, usize) {
    if b.0 > a.0 || (b.0 == a.0 && (b.1, b.2) < (a.1, a.2)) {
        b
    } else {
        a
    }
}

fn sorted(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v
}
