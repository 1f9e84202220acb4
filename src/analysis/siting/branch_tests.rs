//! The best-bound search under limits on random set systems against brute force: stopped by
//! a node limit, with parking allowed, capped or off, it must report a set worth its value, a
//! value never above the optimum and a bound never below it; proven means optimal.

use std::rc::Rc;

use super::branch::{ROOT_ITER_EXACT, SearchLimits, search_capped};
use super::greedy::greedy;
use super::tests::{brute, instances};
use crate::progress::NoProgress;

#[test]
fn stopped_or_capped_searches_keep_a_valid_bound() {
    let mut stopped = 0;
    for (seed, inst, p, integral) in instances() {
        let want = brute(&inst, p, |_| true);
        let start = greedy(&inst, p, &NoProgress).unwrap().order;
        let gran = if integral { 1.0 } else { 1e-8 };
        for max_nodes in [1, 2, 3, 5, 8, 20, u64::MAX] {
            // No parking (depth first), a cap of about two nodes, no cap.
            for cap in [0, 600, usize::MAX] {
                let lim = SearchLimits {
                    granularity: gran,
                    slack: 1e-10,
                    deadline: None,
                    max_nodes,
                    root_iter: ROOT_ITER_EXACT,
                    floor: f64::NEG_INFINITY,
                };
                let inst = Rc::new(inst.clone());
                let out = search_capped(Rc::clone(&inst), p, start.clone(), lim, cap, &NoProgress)
                    .unwrap();
                let what = format!("seed {seed} nodes {max_nodes} cap {cap}: {out:?} want {want}");
                assert!(out.best.len() <= p, "{what}");
                assert!((inst.value(&out.best).0 - out.value).abs() < 1e-9, "{what}");
                assert!(out.value <= want + 1e-9, "{what}");
                assert!(out.bound >= want - 1e-9, "{what}");
                assert!(out.bound >= out.value, "{what}");
                if out.proven {
                    assert!((out.value - want).abs() < 1e-8, "{what}");
                } else {
                    stopped += 1;
                }
                if max_nodes == u64::MAX {
                    assert!(out.proven, "{what}");
                }
            }
        }
    }
    assert!(stopped > 50, "only {stopped} searches were stopped early");
}
