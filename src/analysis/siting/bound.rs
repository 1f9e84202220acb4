//! An upper bound on the best coverage with p sites: Lagrangian relaxation of the coverage
//! constraints, minimised by subgradient optimisation; plus reduction tests that fix sites in
//! or out for the exact search.
//!
//! The problem: maximise Σ_i w_i z_i subject to z_i ≤ Σ_{j∈N_i} y_j, Σ_j y_j = p,
//! y_j ∈ {0,1}, 0 ≤ z_i ≤ 1 (class i is covered only if a chosen site reaches it).
//! Relaxing z_i ≤ Σ y_j with multipliers 0 ≤ λ_i ≤ w_i gives, for every such λ,
//!   L(λ) = Σ_i (w_i − λ_i) + (sum of the p largest ρ_j),   ρ_j = Σ_{i∈M_j} λ_i,
//! an upper bound on the optimum (weak duality: any feasible (y, z) has objective
//! ≤ Σ w_i z_i + Σ λ_i (Σ_{N_i} y_j − z_i) ≤ L(λ)). Its minimum over λ equals the LP
//! relaxation's value. λ = w gives "the p best single-site coverages", λ = 0 "all reachable
//! demand": both trivial bounds are evaluated first, so the result is never worse than them.
//! Fixed sites (from the branch and bound) are honoured: a site fixed in is always taken and
//! the classes it reaches get λ_i = 0; a site fixed out is never taken.
//! Subgradient step: g_i = (chosen sites reaching i) − 1; λ_i ← clamp(λ_i − t·w_i·g_i, 0, w_i)
//! with Polyak's step t = μ (L − target) / Σ w_i g_i² (scaled by w so that classes of
//! different sizes move alike), target = the incumbent's value; μ starts at 2 and halves
//! after 40 iterations without a better bound. Stops at `max_iter`, μ < 0.005, a zero
//! subgradient (λ optimal) or once the bound proves the incumbent optimal (`pruned`); with
//! `mu_min` ≥ 0.005, μ goes on at `mu_min` instead of falling below 0.005 (the first
//! iterations, hence the sampled sets, are those of a run without it).
//! Reduction tests, valid for every λ: a site j outside the best set, forced in, has bound
//! L − ρ_(p) + ρ_j; a site inside, forced out, L − ρ_j + ρ_(p+1). When that is below
//! `target + granularity − slack` (slack: 1e-9 of the values, for rounding), no better
//! solution uses (avoids) j, so it is fixed out (in).
//! Complexity: O(Z) per iteration (Z incidence entries; the ρ sums on all cores) plus
//! O(m) for the selection.

use std::time::Instant;

use rayon::prelude::*;

use super::instance::Instance;
use crate::progress::{Cancelled, Progress};

/// What one bounding run found (values local to the instance: add the node's offset).
#[derive(Debug, Clone)]
pub(crate) struct BoundOutcome {
    /// A valid upper bound (the smallest found).
    pub bound: f64,
    /// The multipliers that gave it.
    pub lambda: Vec<f64>,
    /// ρ at those multipliers (0 for fixed sites).
    pub rho: Vec<f64>,
    /// Sites fixed in plus the p best free sites at those multipliers (a primal guess).
    pub top: Vec<u32>,
    /// Best sets met along the way (every [`SAMPLE_EVERY`] iterations, at most [`SAMPLES`];
    /// plus the best-bound set every [`TOP_EVERY`] iterations; distinct): starting points for
    /// local search.
    pub samples: Vec<Vec<u32>>,
    /// The bound is below `target + granularity`: nothing here beats the incumbent.
    pub pruned: bool,
    /// The subproblem was solved exactly (no free choice left); `bound` is its value.
    pub exact: bool,
    pub iterations: usize,
}

/// Iterations between two sampled sets, and the most sets kept.
pub(crate) const SAMPLE_EVERY: usize = 20;
pub(crate) const SAMPLES: usize = 24;
/// Iterations between two samples of the best-bound set (long runs: its set at the end of a
/// shorter run is among the samples).
pub(crate) const TOP_EVERY: usize = 200;

/// Limits of one bounding run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BoundLimits {
    pub target: f64,
    pub granularity: f64,
    /// Rounding allowance: a bound must be below `target + granularity − slack` to prune or
    /// fix (float sums of equal values may differ in the last bits).
    pub slack: f64,
    pub max_iter: usize,
    /// Step factor μ once it would fall below 0.005 (0: none, the run stops).
    pub mu_min: f64,
    pub deadline: Option<Instant>,
}

/// Iterations without a better bound before the step factor μ halves; smallest μ.
const PATIENCE: usize = 40;
const MU_MIN: f64 = 0.005;

/// Minimises L(λ) from `lambda` (see the module doc); `state[j]` is 1 (fixed in), −1 (fixed
/// out) or 0 and receives the reduction tests' fixings; `p` counts the fixed-in sites.
pub(crate) fn lagrangian(
    inst: &Instance,
    p: usize,
    state: &mut [i8],
    mut lambda: Vec<f64>,
    lim: BoundLimits,
    progress: &dyn Progress,
) -> Result<BoundOutcome, Cancelled> {
    let n = inst.classes();
    let threshold = lim.target + lim.granularity - lim.slack;
    let mut out = BoundOutcome {
        bound: f64::INFINITY,
        lambda: Vec::new(),
        rho: vec![0.0; inst.candidates()],
        top: Vec::new(),
        samples: Vec::new(),
        pruned: false,
        exact: false,
        iterations: 0,
    };
    let mut mu = 2.0;
    let mut stale = 0;
    let mut floored = false;
    let mut sampled = 0;
    let mut rho = vec![0.0; inst.candidates()];
    let mut count = vec![0u32; n];
    let mut grad = vec![0.0; n];
    let mut setup = true;
    let (mut fixed_in, mut free, mut in_cov) = (Vec::new(), Vec::new(), Vec::new());
    let mut p_free = 0;
    loop {
        progress.check()?;
        if setup {
            setup = false;
            fixed_in = (0..state.len() as u32)
                .filter(|&j| state[j as usize] > 0)
                .collect();
            free = (0..state.len() as u32)
                .filter(|&j| state[j as usize] == 0)
                .collect();
            if fixed_in.len() > p {
                out.bound = f64::NEG_INFINITY;
                out.pruned = true;
                return Ok(out);
            }
            p_free = p - fixed_in.len();
            in_cov = inst.covered_by(fixed_in.iter().copied());
            if p_free == 0 || free.len() <= p_free {
                let mut set = fixed_in.clone();
                if p_free > 0 {
                    set.extend(&free);
                }
                let v = inst.value(&set).0;
                out.bound = out.bound.min(v);
                out.pruned = out.bound < threshold;
                out.exact = true;
                out.top = set;
                out.lambda = lambda;
                return Ok(out);
            }
            for (l, (&c, &w)) in lambda.iter_mut().zip(in_cov.iter().zip(&inst.w)) {
                *l = if c { 0.0 } else { l.clamp(0.0, w) };
            }
            let trivial = trivial_bound(inst, &in_cov, &free, p_free);
            if trivial < out.bound {
                out.bound = trivial;
            }
        }
        rho.par_iter_mut().enumerate().for_each(|(j, r)| {
            *r = if state[j] == 0 {
                inst.m(j).iter().map(|&i| lambda[i as usize]).sum()
            } else {
                0.0
            };
        });
        let base: f64 = inst.w.iter().zip(&lambda).map(|(w, l)| w - l).sum();
        let mut ranked: Vec<(f64, u32)> = free.iter().map(|&j| (rho[j as usize], j)).collect();
        let by_rho = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        ranked.select_nth_unstable_by(p_free - 1, by_rho);
        let rho_p = ranked[p_free - 1].0;
        let rho_next = ranked[p_free..]
            .iter()
            .map(|r| r.0)
            .fold(f64::NEG_INFINITY, f64::max);
        let top_sum: f64 = ranked[..p_free].iter().map(|r| r.0).sum();
        let l = base + top_sum;
        out.iterations += 1;
        if l < out.bound || out.lambda.is_empty() {
            if l < out.bound {
                out.bound = l;
                stale = 0;
            }
            out.lambda.clone_from(&lambda);
            out.rho.clone_from(&rho);
            out.top = fixed_in.clone();
            out.top.extend(ranked[..p_free].iter().map(|r| r.1));
        } else {
            stale += 1;
        }
        if out.iterations.is_multiple_of(SAMPLE_EVERY) && sampled < SAMPLES {
            sampled += 1;
            let mut set = fixed_in.clone();
            set.extend(ranked[..p_free].iter().map(|r| r.1));
            set.sort_unstable();
            if !out.samples.contains(&set) {
                out.samples.push(set);
            }
        }
        if out.iterations.is_multiple_of(TOP_EVERY) && out.iterations < lim.max_iter {
            let mut set = out.top.clone();
            set.sort_unstable();
            if !out.samples.contains(&set) {
                out.samples.push(set);
            }
        }
        if out.bound < threshold {
            out.pruned = true;
            return Ok(out);
        }
        // Reduction tests with this λ's bound.
        for (k, &(r, j)) in ranked.iter().enumerate() {
            let fix = if k < p_free {
                l - r + rho_next < threshold
            } else {
                l - rho_p + r < threshold
            };
            if fix {
                state[j as usize] = if k < p_free { 1 } else { -1 };
                setup = true;
            }
        }
        let timed_out = lim.deadline.is_some_and(|d| Instant::now() >= d);
        if out.iterations >= lim.max_iter || mu < MU_MIN || timed_out {
            return Ok(out);
        }
        if setup {
            continue;
        }
        if stale >= PATIENCE {
            mu *= 0.5;
            floored |= mu < MU_MIN && lim.mu_min > 0.0;
            if floored {
                mu = mu.max(lim.mu_min);
            }
            stale = 0;
        }
        // Subgradient step.
        count.iter_mut().for_each(|c| *c = 0);
        for &(_, j) in &ranked[..p_free] {
            for &i in inst.m(j as usize) {
                count[i as usize] += 1;
            }
        }
        let mut norm = 0.0;
        for i in 0..n {
            let g = f64::from(count[i]) - 1.0;
            let blocked =
                in_cov[i] || (lambda[i] <= 0.0 && g > 0.0) || (lambda[i] >= inst.w[i] && g < 0.0);
            grad[i] = if blocked { 0.0 } else { g };
            norm += inst.w[i] * grad[i] * grad[i];
        }
        if norm <= 0.0 {
            return Ok(out);
        }
        let t = mu * (l - lim.target).max(lim.granularity) / norm;
        for i in 0..n {
            if grad[i] != 0.0 {
                lambda[i] = (lambda[i] - t * inst.w[i] * grad[i]).clamp(0.0, inst.w[i]);
            }
        }
    }
}

/// min(demand any allowed site reaches, fixed-in cover + the p best free single-site covers).
fn trivial_bound(inst: &Instance, in_cov: &[bool], free: &[u32], p_free: usize) -> f64 {
    let mut reach = in_cov.to_vec();
    for &j in free {
        for &i in inst.m(j as usize) {
            reach[i as usize] = true;
        }
    }
    let total: f64 = (0..inst.classes())
        .filter(|&i| reach[i])
        .map(|i| inst.w[i])
        .sum();
    let fixed: f64 = (0..inst.classes())
        .filter(|&i| in_cov[i])
        .map(|i| inst.w[i])
        .sum();
    let mut single: Vec<f64> = free
        .iter()
        .map(|&j| {
            inst.m(j as usize)
                .iter()
                .filter(|&&i| !in_cov[i as usize])
                .map(|&i| inst.w[i as usize])
                .sum()
        })
        .collect();
    single.sort_unstable_by(|a, b| b.total_cmp(a));
    let best: f64 = single.iter().take(p_free).sum();
    total.min(fixed + best)
}
