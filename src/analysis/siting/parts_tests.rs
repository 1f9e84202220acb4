//! The split into parts and the exact search by parts against brute force, on disjoint unions
//! of random set systems (fixed seeds): parts must partition the classes and add up, the
//! search by parts must prove the brute-force optimum, and a search with a floor must never
//! report a bound below the optimum.

use std::rc::Rc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::branch::{ROOT_ITER_EXACT, SearchLimits, search};
use super::components::split;
use super::greedy::greedy;
use super::instance::{Instance, NONE, Rows};
use super::parts::{knapsack, search_parts};
use super::tests::{brute, subsets};
use crate::progress::NoProgress;

/// 1–3 independent random blocks side by side (interleaved candidate ids, one unused
/// candidate), whole-number or fractional weights.
fn union(seed: u64) -> (Instance, usize, bool) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let blocks = rng.random_range(1..=3usize);
    let m = rng.random_range(blocks * 2..=12);
    let integral = !seed.is_multiple_of(3);
    let block_of = |j: usize| j % (blocks + 1);
    let (mut ptr, mut idx, mut w) = (vec![0], Vec::new(), Vec::new());
    for _ in 0..rng.random_range(4..40) {
        let b = rng.random_range(0..blocks);
        let own: Vec<u32> = (0..m as u32)
            .filter(|&j| block_of(j as usize) == b)
            .collect();
        let k = rng.random_range(1..=3.min(own.len()));
        let mut l: Vec<u32> = (0..k)
            .map(|_| own[rng.random_range(0..own.len())])
            .collect();
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
    let n = w.len();
    let (cases, key) = (vec![1u64; n], vec![0u64; n]);
    let rows = Rows {
        ptr: &ptr,
        idx: &idx,
        w: &w,
        cases: &cases,
        key: &key,
        unit_w: None,
    };
    let p = rng.random_range(1..=5.min(m - 1));
    let inst = Instance::aggregate(&rows, (0..m as u32).collect()).0;
    (inst, p, integral)
}

fn limits(integral: bool) -> SearchLimits {
    SearchLimits {
        granularity: if integral { 1.0 } else { 1e-8 },
        slack: 1e-10,
        deadline: None,
        max_nodes: u64::MAX,
        root_iter: ROOT_ITER_EXACT,
        floor: f64::NEG_INFINITY,
    }
}

#[test]
fn parts_partition_the_classes_and_add_up() {
    let mut several = 0;
    for seed in 0..120u64 {
        let (inst, p, _) = union(seed);
        let sp = split(&inst);
        several += usize::from(sp.parts.len() > 1);
        let mut seen = vec![false; inst.candidates()];
        for part in &sp.parts {
            for &j in &part.ids {
                assert!(
                    !std::mem::replace(&mut seen[j as usize], true),
                    "seed {seed}"
                );
            }
            assert_eq!(
                part.inst.orig,
                (0..part.ids.len() as u32).collect::<Vec<_>>()
            );
        }
        let total: f64 = sp.parts.iter().map(|t| t.inst.total_weight()).sum();
        assert!((total - inst.total_weight()).abs() < 1e-9, "seed {seed}");
        assert!(sp.part_of_class.iter().all(|&t| t != NONE));
        for set in subsets(inst.candidates(), p) {
            let parts_sum: f64 = sp
                .parts
                .iter()
                .map(|t| {
                    let local: Vec<u32> = (0..t.ids.len() as u32)
                        .filter(|&j| set.contains(&t.ids[j as usize]))
                        .collect();
                    t.inst.value(&local).0
                })
                .sum();
            assert!((parts_sum - inst.value(&set).0).abs() < 1e-9, "seed {seed}");
        }
    }
    assert!(several > 40, "only {several} instances split");
}

#[test]
fn knapsack_matches_enumeration() {
    let values: [&[f64]; 3] = [&[0.0, 5.0, 6.0], &[0.0, 4.0, 8.5, 9.0], &[0.0, 1.0]];
    for p in 0..=6 {
        let (v, share) = knapsack(&values, p);
        let mut want = f64::NEG_INFINITY;
        for a in 0..3 {
            for b in 0..4 {
                for c in 0..2 {
                    if a + b + c <= p {
                        want = want.max(values[0][a] + values[1][b] + values[2][c]);
                    }
                }
            }
        }
        assert_eq!(v, want, "p = {p}");
        assert!(share.iter().sum::<usize>() <= p);
        let got: f64 = share.iter().zip(values).map(|(&k, v)| v[k]).sum();
        assert_eq!(got, v);
    }
}

#[test]
fn search_by_parts_matches_brute_force() {
    for seed in 0..240u64 {
        let (inst, p, integral) = union(seed);
        let want = brute(&inst, p, |_| true);
        let start = greedy(&inst, p, &NoProgress).unwrap().order;
        let out = search_parts(
            Rc::new(inst.clone()),
            p,
            start,
            limits(integral),
            &NoProgress,
        )
        .unwrap();
        assert!(out.proven, "seed {seed}");
        assert!(out.best.len() <= p, "seed {seed}");
        assert!(
            (out.value - want).abs() < 1e-8,
            "seed {seed}: {} vs {want}",
            out.value
        );
        assert!((inst.value(&out.best).0 - want).abs() < 1e-8, "seed {seed}");
        assert!(out.bound >= want - 1e-9, "seed {seed}");
    }
}

#[test]
fn a_floor_never_cuts_the_bound_below_the_optimum() {
    for seed in 0..240u64 {
        let (inst, p, integral) = union(seed);
        let want = brute(&inst, p, |_| true);
        for floor in [want - 3.0, want - 0.5, want, want + 2.0] {
            let lim = SearchLimits {
                floor,
                ..limits(integral)
            };
            let out = search(Rc::new(inst.clone()), p, vec![0], lim, &NoProgress).unwrap();
            assert!(
                out.bound >= want - 1e-9,
                "seed {seed} floor {floor}: {out:?} want {want}"
            );
            if out.proven {
                assert!((out.value - want).abs() < 1e-8, "seed {seed} floor {floor}");
            }
        }
    }
}
