//! Exact search over independent parts: the best cover with p sites as the best share of p
//! among the parts (see [`super::components`]) of each part's best cover with its share.
//!
//! Inputs: the root [`Instance`], p, an incumbent (root-local ids) and [`SearchLimits`].
//! With f_t(k) the best cover of part t with k sites, the optimum is
//!   max Σ_t f_t(k_t) over Σ_t k_t ≤ p,
//! a knapsack solved by dynamic programming over the parts, O(T·p·K) (K ≤ p sites per part).
//! Each part keeps a lower bound lb_t(k) with a set (greedy in the part, the incumbent's
//! sites in the part, then exact results) and an upper bound ub_t(k) (the smallest of: the
//! part's demand, the k best single-site covers, and the root Lagrangian bound restricted to
//! the part, Σ_{i∈t}(w_i − λ_i) + the k largest ρ_j of t, valid for every λ; made monotone,
//! since f_t is non-decreasing). The DP over ub is an upper bound on the optimum (never above
//! the root Lagrangian bound, which is the DP over its own restrictions); the DP over lb gives
//! the incumbent. Until they meet, the pair (t, k) of the ub-best share with the widest gap
//! that is not solved yet is solved exactly by [`search`] on part t alone (from the best known
//! set after local search; best bound first, so a part search stopped by the deadline still
//! lowers ub_t(k) as far as it got), and both DPs are redone. Every round solves one pair, so this
//! ends; a part search that runs out of time keeps its bound and ends the loop.
//! Complexity: one root bound (O(Z) per iteration), O(Z log Z) to split, then per round a DP
//! and one exact search on one part: the sum, not the product, of the parts' search trees.

use std::rc::Rc;
use std::time::Instant;

use super::branch::{Outcome, SearchLimits, search};
use super::components::{Part, split};
use super::greedy::greedy;
use super::instance::{Instance, NONE};
use super::local_search::improve;
use crate::progress::{Cancelled, Progress};

/// Bounds and sets of one part for k = 0..=K.
struct Table {
    lb: Vec<f64>,
    /// Part-local ids reaching `lb[k]`.
    set: Vec<Vec<u32>>,
    ub: Vec<f64>,
    solved: Vec<bool>,
}

/// The best value and share (k per part) of Σ_t v_t(k_t) over Σ k_t ≤ p.
pub(crate) fn knapsack(values: &[&[f64]], p: usize) -> (f64, Vec<usize>) {
    let mut best = vec![0.0; p + 1];
    let mut choice: Vec<Vec<usize>> = Vec::with_capacity(values.len());
    for v in values {
        let mut next = vec![f64::NEG_INFINITY; p + 1];
        let mut pick = vec![0usize; p + 1];
        for c in 0..=p {
            for (k, &x) in v.iter().enumerate().take(c + 1) {
                let total = best[c - k] + x;
                if total > next[c] {
                    next[c] = total;
                    pick[c] = k;
                }
            }
        }
        best = next;
        choice.push(pick);
    }
    let mut share = vec![0; values.len()];
    let mut c = p;
    for t in (0..values.len()).rev() {
        share[t] = choice[t][c];
        c -= share[t];
    }
    (best[p], share)
}

/// Lower and upper bounds of each part from greedy, the incumbent and the multipliers λ.
fn tables(
    root: &Instance,
    parts: &[Part],
    part_of_class: &[u32],
    p: usize,
    incumbent: &[u32],
    lambda: &[f64],
    progress: &dyn Progress,
) -> Result<Vec<Table>, Cancelled> {
    let mut base = vec![0.0; parts.len()];
    for (i, &t) in part_of_class.iter().enumerate() {
        if t != NONE {
            base[t as usize] += root.w[i] - lambda[i];
        }
    }
    let mut out = Vec::with_capacity(parts.len());
    for (t, part) in parts.iter().enumerate() {
        let inst = &part.inst;
        let top = p.min(inst.candidates());
        let run = greedy(inst, top, progress)?;
        let mut set = vec![Vec::new()];
        let mut lb = vec![0.0];
        for k in 1..=top {
            set.push(run.order[..k].to_vec());
            lb.push(lb[k - 1] + run.gain_w[k - 1]);
        }
        let mine: Vec<u32> = (0..inst.candidates() as u32)
            .filter(|&j| incumbent.contains(&part.ids[j as usize]))
            .collect();
        let v = inst.value(&mine).0;
        let k = mine.len();
        if v > lb[k] {
            lb[k] = v;
            set[k] = mine;
        }
        let sorted = |mut r: Vec<f64>| {
            r.sort_unstable_by(|a, b| b.total_cmp(a));
            r
        };
        let rho = sorted(
            (0..inst.candidates())
                .map(|j| {
                    root.m(part.ids[j] as usize)
                        .iter()
                        .map(|&i| lambda[i as usize])
                        .sum()
                })
                .collect(),
        );
        let single = sorted(
            (0..inst.candidates())
                .map(|j| inst.m(j).iter().map(|&i| inst.w[i as usize]).sum())
                .collect(),
        );
        let total = inst.total_weight();
        let mut ub = vec![0.0; top + 1];
        let (mut r, mut s) = (base[t], 0.0);
        for k in 1..=top {
            r += rho[k - 1];
            s += single[k - 1];
            ub[k] = total.min(r).min(s).max(lb[k]);
        }
        for k in (0..top).rev() {
            ub[k] = ub[k].min(ub[k + 1]);
        }
        let mut solved = vec![false; top + 1];
        solved[0] = true;
        out.push(Table {
            lb,
            set,
            ub,
            solved,
        });
    }
    Ok(out)
}

/// Exact search by parts (see the module doc); falls back to [`search`] on one part.
pub(crate) fn search_parts(
    root: Rc<Instance>,
    p: usize,
    incumbent: Vec<u32>,
    lim: SearchLimits,
    progress: &dyn Progress,
) -> Result<Outcome, Cancelled> {
    let sp = split(&root);
    if sp.parts.len() <= 1 {
        return search(root, p, incumbent, lim, progress);
    }
    // The root alone first: its bound, its Lagrangian heuristic and its multipliers.
    let root_lim = SearchLimits {
        max_nodes: 1,
        ..lim
    };
    let out = search(Rc::clone(&root), p, incumbent, root_lim, progress)?;
    if out.proven || out.lambda.len() != root.classes() || lim.max_nodes <= 1 {
        return Ok(out);
    }
    let incumbent = out.best.clone();
    let mut tab = tables(
        &root,
        &sp.parts,
        &sp.part_of_class,
        p,
        &incumbent,
        &out.lambda,
        progress,
    )?;
    let mut nodes = out.nodes;
    let tolerance = if lim.granularity >= 1.0 {
        0.5
    } else {
        lim.slack
    };
    let (mut lb, mut ub);
    let mut proven = false;
    loop {
        progress.check()?;
        let lbs: Vec<&[f64]> = tab.iter().map(|t| &t.lb[..]).collect();
        lb = knapsack(&lbs, p);
        let ubs: Vec<&[f64]> = tab.iter().map(|t| &t.ub[..]).collect();
        ub = knapsack(&ubs, p);
        if ub.0 < lb.0 + lim.granularity - lim.slack {
            proven = true;
            break;
        }
        let open =
            ub.1.iter()
                .enumerate()
                .filter(|&(t, &k)| !tab[t].solved[k])
                .max_by(|&(a, &ka), &(b, &kb)| {
                    let gap = |t: usize, k: usize| tab[t].ub[k] - tab[t].lb[k];
                    gap(a, ka).total_cmp(&gap(b, kb)).then(b.cmp(&a))
                });
        let Some((t, &k)) = open else { break };
        if lim.deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        // Only a cover above what the best share of the other parts leaves matters.
        let rest: Vec<&[f64]> = (0..tab.len())
            .map(|q| if q == t { &[0.0][..] } else { &tab[q].ub[..] })
            .collect();
        let floor = lb.0 - knapsack(&rest, p - k).0 - lim.granularity;
        let part = &sp.parts[t];
        let start = improve(&part.inst, &tab[t].set[k], tolerance, progress)?;
        // Whole-number covers: a part bound below value + 1 is exact. Otherwise each part
        // may be off by its granularity, so the parts share the run's.
        let granularity = if lim.granularity >= 1.0 {
            lim.granularity
        } else {
            lim.granularity / tab.len() as f64
        };
        let part_lim = SearchLimits {
            floor,
            granularity,
            ..lim
        };
        let res = search(Rc::clone(&part.inst), k, start, part_lim, progress)?;

        nodes += res.nodes;
        let exhausted = res.proven || res.bound < floor + granularity;
        let tb = &mut tab[t];
        if res.value > tb.lb[k] {
            tb.lb[k] = res.value;
            tb.set[k] = res.best;
        }
        tb.ub[k] = tb.ub[k].min(res.bound).max(tb.lb[k]);
        for q in (0..k).rev() {
            tb.ub[q] = tb.ub[q].min(tb.ub[q + 1]);
        }
        tb.solved[k] = exhausted;
        if !exhausted {
            break;
        }
    }
    let mut best: Vec<u32> = Vec::with_capacity(p);
    for (t, &k) in lb.1.iter().enumerate() {
        best.extend(tab[t].set[k].iter().map(|&j| sp.parts[t].ids[j as usize]));
    }
    best.sort_unstable();
    let mut value = root.value(&best).0;
    if value < root.value(&incumbent).0 {
        best = incumbent;
        value = root.value(&best).0;
    }
    let bound = ub.0.min(out.bound).max(value);
    Ok(Outcome {
        best,
        value,
        bound,
        proven: proven || bound < value + lim.granularity - lim.slack,
        nodes,
        lambda: out.lambda,
    })
}
