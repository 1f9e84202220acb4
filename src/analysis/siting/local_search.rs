//! Local search for siting: swap a chosen site for an unchosen one while that covers more
//! demand (fast interchange, best improvement, incremental bookkeeping).
//!
//! Inputs: an [`Instance`] and a starting set S of p sites (greedy's, or a Lagrangian set).
//! Output: a set of p sites no single swap improves ("swap-optimal"), never worse than the
//! start. The p chosen sites sit in slots 0..p; per class i: c_i, how many chosen sites reach
//! it, and the sum of their slots, which names the only one when c_i = 1. Kept up to date:
//!   gain(k)    = Σ w_i over i ∈ M_k with c_i = 0 (what adding k newly covers),
//!   loss(q)    = Σ w_i over i ∈ M_s with c_i = 1, s in slot q (what only s covers),
//!   extra(k,q) = Σ w_i over i ∈ M_k with c_i = 1 covered by slot q (k would keep it),
//! so that swapping k into slot q changes the cover by Δ(k, q) = gain(k) − loss(q) + extra(k, q).
//! Each swap picks the largest Δ over all (m − p)·p pairs (ties to the lowest k, then the lowest
//! slot) in O(m·p), applies it while Δ > a tolerance (0.5 for whole-number weights), and updates
//! the three tables only for the classes whose count changes, O(Σ_{i∈M_s∪M_k} |N_i|).
//! The tables are rebuilt from scratch every 64 swaps so float sums cannot drift.
//! Deterministic. Complexity: O(Z) to set up (Z incidence entries), then per swap
//! O(m·p + Σ_{i∈M_s∪M_k}|N_i|); memory O(m·p + n).

use super::instance::Instance;
use crate::progress::{Cancelled, Progress};

/// Largest number of swaps (a safety net; each swap strictly improves the cover).
const MAX_SWAPS: usize = 10_000;
/// Swaps between two rebuilds of the tables.
const REBUILD: usize = 64;

struct State<'a> {
    inst: &'a Instance,
    /// Site in each slot.
    slots: Vec<u32>,
    chosen: Vec<bool>,
    count: Vec<u32>,
    slot_sum: Vec<usize>,
    gain: Vec<f64>,
    loss: Vec<f64>,
    /// `extra[k * p + q]`.
    extra: Vec<f64>,
}

impl<'a> State<'a> {
    fn new(inst: &'a Instance, set: &[u32]) -> Self {
        let mut st = State {
            inst,
            slots: set.to_vec(),
            chosen: vec![false; inst.candidates()],
            count: Vec::new(),
            slot_sum: Vec::new(),
            gain: Vec::new(),
            loss: Vec::new(),
            extra: Vec::new(),
        };
        st.rebuild();
        st
    }

    fn rebuild(&mut self) {
        let (inst, p) = (self.inst, self.slots.len());
        self.chosen.iter_mut().for_each(|c| *c = false);
        self.count = vec![0; inst.classes()];
        self.slot_sum = vec![0; inst.classes()];
        for (q, &s) in self.slots.iter().enumerate() {
            self.chosen[s as usize] = true;
            for &i in inst.m(s as usize) {
                self.count[i as usize] += 1;
                self.slot_sum[i as usize] += q;
            }
        }
        self.gain = vec![0.0; inst.candidates()];
        self.loss = vec![0.0; p];
        self.extra = vec![0.0; inst.candidates() * p];
        for i in 0..inst.classes() {
            let w = inst.w[i];
            match self.count[i] {
                0 => inst.n(i).iter().for_each(|&k| self.gain[k as usize] += w),
                1 => {
                    let q = self.slot_sum[i];
                    self.loss[q] += w;
                    for &k in inst.n(i) {
                        self.extra[k as usize * p + q] += w;
                    }
                }
                _ => {}
            }
        }
    }

    /// Adds `sign · w_i` to `gain` (`q = None`) or to `extra(·, q)` for every k reaching i.
    fn spread(&mut self, i: usize, q: Option<usize>, sign: f64) {
        let (w, p) = (self.inst.w[i] * sign, self.slots.len());
        for &k in self.inst.n(i) {
            match q {
                None => self.gain[k as usize] += w,
                Some(q) => self.extra[k as usize * p + q] += w,
            }
        }
    }

    /// Empties slot `q` (its site leaves).
    fn vacate(&mut self, q: usize) {
        let s = self.slots[q] as usize;
        self.chosen[s] = false;
        for &i in self.inst.m(s) {
            let i = i as usize;
            match self.count[i] {
                1 => {
                    self.loss[q] -= self.inst.w[i];
                    self.spread(i, Some(q), -1.0);
                    self.spread(i, None, 1.0);
                }
                2 => {
                    let r = self.slot_sum[i] - q;
                    self.loss[r] += self.inst.w[i];
                    self.spread(i, Some(r), 1.0);
                }
                _ => {}
            }
            self.count[i] -= 1;
            self.slot_sum[i] -= q;
        }
    }

    /// Puts site `k` in the empty slot `q`.
    fn fill(&mut self, q: usize, k: u32) {
        self.slots[q] = k;
        self.chosen[k as usize] = true;
        for &i in self.inst.m(k as usize) {
            let i = i as usize;
            match self.count[i] {
                0 => {
                    self.loss[q] += self.inst.w[i];
                    self.spread(i, None, -1.0);
                    self.spread(i, Some(q), 1.0);
                }
                1 => {
                    let r = self.slot_sum[i];
                    self.loss[r] -= self.inst.w[i];
                    self.spread(i, Some(r), -1.0);
                }
                _ => {}
            }
            self.count[i] += 1;
            self.slot_sum[i] += q;
        }
    }

    /// The best swap: (Δ, k, slot); ties to the lowest k, then the lowest slot.
    fn best_swap(&self) -> (f64, usize, usize) {
        let p = self.slots.len();
        let mut best = (f64::NEG_INFINITY, usize::MAX, usize::MAX);
        for k in (0..self.gain.len()).filter(|&k| !self.chosen[k]) {
            let row = &self.extra[k * p..(k + 1) * p];
            for (q, (e, l)) in row.iter().zip(&self.loss).enumerate() {
                let d = self.gain[k] - l + e;
                if d > best.0 {
                    best = (d, k, q);
                }
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
    if start.is_empty() || start.len() >= inst.candidates() {
        return Ok(sorted(start.to_vec()));
    }
    let mut st = State::new(inst, start);
    for swaps in 1..=MAX_SWAPS {
        if swaps % 16 == 0 {
            progress.check()?;
        }
        let (d, k, q) = st.best_swap();
        if d.is_nan() || d <= tolerance {
            break;
        }
        st.vacate(q);
        st.fill(q, k as u32);
        if swaps % REBUILD == 0 {
            st.rebuild();
        }
    }
    Ok(sorted(st.slots))
}

fn sorted(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v
}
