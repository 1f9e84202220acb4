//! The siting steps on random set systems (fixed seeds) against brute force: every p-subset
//! enumerated. Exact search must match the optimum, bounds must never fall below it,
//! reduction tests must keep an optimal solution, greedy must be plain greedy, local search
//! must end swap-optimal, and the capacitated cover must equal a brute-force assignment.

use std::rc::Rc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::bound::{BoundLimits, lagrangian};
use super::branch::{ROOT_ITER_EXACT, SearchLimits, search};
use super::capacity::{UNLIMITED, evaluate};
use super::greedy::greedy;
use super::instance::{Instance, Rows};
use super::local_search::improve;
use crate::progress::NoProgress;

/// `n` rows over `m` candidates, each reached by 1–4 random candidates; weights whole
/// numbers 1–9 (`integral`) or fractions.
pub(crate) fn random_instance(seed: u64, m: usize, n: usize, integral: bool) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut ptr, mut idx, mut w) = (vec![0], Vec::new(), Vec::new());
    for _ in 0..n {
        let k = rng.random_range(1..=4.min(m));
        let mut l: Vec<u32> = (0..k).map(|_| rng.random_range(0..m as u32)).collect();
        l.sort_unstable();
        l.dedup();
        idx.extend(l);
        ptr.push(idx.len());
        w.push(if integral {
            f64::from(rng.random_range(1..10u32))
        } else {
            rng.random_range(0.1..5.0)
        });
    }
    let cases = vec![1u64; n];
    let key = vec![0u64; n];
    let rows = Rows {
        ptr: &ptr,
        idx: &idx,
        w: &w,
        cases: &cases,
        key: &key,
        unit_w: None,
    };
    Instance::aggregate(&rows, (0..m as u32).collect()).0
}

/// Every p-subset of 0..m (lexicographic).
pub(crate) fn subsets(m: usize, p: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut cur: Vec<u32> = (0..p as u32).collect();
    loop {
        out.push(cur.clone());
        let Some(k) = (0..p).rev().find(|&k| cur[k] < (m - p + k) as u32) else {
            return out;
        };
        cur[k] += 1;
        for t in k + 1..p {
            cur[t] = cur[t - 1] + 1;
        }
    }
}

pub(crate) fn brute(inst: &Instance, p: usize, allowed: impl Fn(&[u32]) -> bool) -> f64 {
    subsets(inst.candidates(), p)
        .iter()
        .filter(|s| allowed(s))
        .map(|s| inst.value(s).0)
        .fold(f64::NEG_INFINITY, f64::max)
}

pub(crate) fn instances() -> impl Iterator<Item = (u64, Instance, usize, bool)> {
    (0..240u64).map(|seed| {
        let mut rng = ChaCha8Rng::seed_from_u64(1000 + seed);
        let m = rng.random_range(4..13);
        let n = rng.random_range(5..50);
        let integral = seed % 3 != 0;
        let p = rng.random_range(1..=5.min(m - 1));
        (seed, random_instance(seed, m, n, integral), p, integral)
    })
}

#[test]
fn aggregation_merges_equal_lists_and_keeps_totals() {
    let ptr = [0, 2, 2, 4, 6, 7];
    let idx = [0, 2, /* empty */ 0, 2, 1, 2, 2];
    let w = [1.0, 5.0, 2.0, 3.0, 4.0];
    let cases = [1, 1, 1, 1, 1];
    let key = [0; 5];
    let rows = Rows {
        ptr: &ptr,
        idx: &idx,
        w: &w,
        cases: &cases,
        key: &key,
        unit_w: None,
    };
    let (inst, map) = Instance::aggregate(&rows, vec![0, 1, 2]);
    assert_eq!(map, vec![0, u32::MAX, 0, 1, 2]);
    assert_eq!(inst.w, vec![3.0, 3.0, 4.0]);
    assert_eq!(inst.cases, vec![2, 1, 1]);
    assert_eq!(inst.m(2), &[0, 1, 2]);
    assert_eq!(inst.m(1), &[1]);
    assert_eq!(inst.value(&[1]), (3.0, 1));
    assert_eq!(inst.value(&[0, 1]), (6.0, 3));
}

#[test]
fn exact_search_matches_brute_force() {
    let mut branched = 0;
    for (seed, inst, p, integral) in instances() {
        let want = brute(&inst, p, |_| true);
        let start = greedy(&inst, p, &NoProgress).unwrap().order;
        let gran = if integral { 1.0 } else { 1e-8 };
        let lim = SearchLimits {
            granularity: gran,
            slack: 1e-10,
            deadline: None,
            max_nodes: u64::MAX,
            root_iter: ROOT_ITER_EXACT,
            floor: f64::NEG_INFINITY,
        };
        let out = search(Rc::new(inst.clone()), p, start, lim, &NoProgress).unwrap();
        assert!(out.proven, "seed {seed}");
        assert!(out.best.len() <= p, "seed {seed}");
        assert!(
            (out.value - want).abs() < 1e-8,
            "seed {seed}: {} vs {want}",
            out.value
        );
        assert!((inst.value(&out.best).0 - want).abs() < 1e-8, "seed {seed}");
        branched += usize::from(out.nodes > 1);
    }
    assert!(
        branched > 10,
        "the search branched on {branched} instances only"
    );
}

#[test]
fn bounds_are_never_below_the_optimum() {
    for (seed, inst, p, _) in instances() {
        let want = brute(&inst, p, |_| true);
        for (iters, mu_min) in [(1, 0.0), (3, 0.0), (20, 0.0), (200, 0.0), (600, 0.02)] {
            for start in [inst.w.clone(), vec![0.0; inst.classes()]] {
                let lim = BoundLimits {
                    target: 0.0,
                    granularity: 1e-9,
                    slack: 1e-10,
                    max_iter: iters,
                    mu_min,
                    deadline: None,
                };
                let mut state = vec![0i8; inst.candidates()];
                let out = lagrangian(&inst, p, &mut state, start, lim, &NoProgress).unwrap();
                assert!(
                    out.bound >= want - 1e-9,
                    "seed {seed}: {} < {want}",
                    out.bound
                );
            }
        }
        let lim = SearchLimits {
            granularity: 1e-9,
            slack: 1e-10,
            deadline: None,
            max_nodes: 1,
            root_iter: ROOT_ITER_EXACT,
            floor: f64::NEG_INFINITY,
        };
        let out = search(Rc::new(inst.clone()), p, vec![0], lim, &NoProgress).unwrap();
        assert!(out.bound >= want - 1e-9, "seed {seed}");
    }
}

#[test]
fn reduction_tests_keep_an_optimal_solution() {
    let mut fixed = 0;
    for (seed, inst, p, integral) in instances().filter(|i| i.3) {
        assert!(integral);
        let want = brute(&inst, p, |_| true);
        // Incumbent just below the optimum: every optimal set must survive the fixings.
        let lim = BoundLimits {
            target: want - 1.0,
            granularity: 1.0,
            slack: 1e-9,
            max_iter: 200,
            mu_min: 0.0,
            deadline: None,
        };
        let mut state = vec![0i8; inst.candidates()];
        let lambda = inst.w.clone();
        lagrangian(&inst, p, &mut state, lambda, lim, &NoProgress).unwrap();
        fixed += state.iter().filter(|s| **s != 0).count();
        let allowed = |s: &[u32]| {
            (0..inst.candidates()).all(|j| match state[j] {
                1 => s.contains(&(j as u32)),
                -1 => !s.contains(&(j as u32)),
                _ => true,
            })
        };
        assert_eq!(brute(&inst, p, allowed), want, "seed {seed}: {state:?}");
    }
    assert!(fixed > 0, "no reduction test ever fired");
}

#[test]
fn greedy_is_plain_greedy_and_local_search_is_swap_optimal() {
    for (seed, inst, p, _) in instances() {
        let run = greedy(&inst, p, &NoProgress).unwrap();
        let mut chosen: Vec<u32> = Vec::new();
        for k in 0..p {
            let base = inst.value(&chosen).0;
            let (mut best, mut best_j) = (f64::NEG_INFINITY, 0);
            for j in (0..inst.candidates() as u32).filter(|j| !chosen.contains(j)) {
                let mut s = chosen.clone();
                s.push(j);
                let g = inst.value(&s).0 - base;
                if g > best {
                    (best, best_j) = (g, j);
                }
            }
            assert_eq!(run.order[k], best_j, "seed {seed} round {k}");
            assert!((run.gain_w[k] - best).abs() < 1e-9, "seed {seed}");
            chosen.push(best_j);
        }
        let set = improve(&inst, &run.order, 1e-9, &NoProgress).unwrap();
        let v = inst.value(&set).0;
        assert_eq!(set.len(), p);
        assert!(v >= inst.value(&run.order).0 - 1e-9, "seed {seed}");
        for out in 0..p {
            for k in (0..inst.candidates() as u32).filter(|k| !set.contains(k)) {
                let mut s = set.clone();
                s[out] = k;
                assert!(inst.value(&s).0 <= v + 1e-9, "seed {seed}: swap improves");
            }
        }
    }
}

/// Best weighted assignment of single cases to sites within reach and capacity, by trying
/// every assignment (each case: a site of the set reaching it, or none).
fn brute_assignment(inst: &Instance, set: &[u32], caps: &[i64]) -> f64 {
    fn go(inst: &Instance, set: &[u32], room: &mut [i64], i: usize) -> f64 {
        if i == inst.classes() {
            return 0.0;
        }
        let mut best = go(inst, set, room, i + 1);
        for (k, &j) in set.iter().enumerate() {
            if room[k] > 0 && inst.n(i).contains(&j) {
                room[k] -= 1;
                best = best.max(inst.w[i] + go(inst, set, room, i + 1));
                room[k] += 1;
            }
        }
        best
    }
    let mut room: Vec<i64> = set.iter().map(|&j| caps[j as usize].min(99)).collect();
    go(inst, set, &mut room, 0)
}

#[test]
fn capacitated_cover_is_the_best_assignment() {
    for seed in 0..120u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let m = rng.random_range(2..6);
        let n = rng.random_range(2..9);
        // One case per row, keys keep rows apart: classes are single cases.
        let mut inst = random_instance(seed, m, n, seed % 2 == 0);
        inst.cases = vec![1; inst.classes()];
        inst.unit_w = inst.w.clone();
        let caps: Vec<i64> = (0..m)
            .map(|_| match rng.random_range(0..4) {
                0 => UNLIMITED,
                c => c,
            })
            .collect();
        for p in 1..=m.min(3) {
            for set in subsets(m, p) {
                let a = evaluate(&inst, &set, &caps);
                let want = brute_assignment(&inst, &set, &caps);
                assert!(
                    (a.value_w - want).abs() < 1e-9,
                    "seed {seed} {set:?}: {} vs {want}",
                    a.value_w
                );
                let placed: u64 = a.flows.iter().map(|f| f.2).sum();
                assert_eq!(placed, a.cases);
                for (k, &j) in set.iter().enumerate() {
                    let at: u64 = a
                        .flows
                        .iter()
                        .filter(|f| f.1 == k as u32)
                        .map(|f| f.2)
                        .sum();
                    assert!(at as i64 <= caps[j as usize], "seed {seed}");
                }
            }
        }
    }
}
