//! Branch and bound for the uncapacitated siting problem: proves the incumbent optimal or
//! finds a better one, within a time limit.
//!
//! Inputs: the root [`Instance`], p, an incumbent (greedy + swap) and its value, the
//! granularity (1 when all weights are whole numbers: a bound below incumbent + 1 proves
//! optimality; otherwise 1e-9 of the total demand), a deadline and a node limit.
//! Each node is the root problem with some sites fixed in and some fixed out. Its bound is
//! the Lagrangian bound ([`lagrangian`]) warm-started from its parent's multipliers; the
//! reduction tests fix more sites on the way; the node's best Lagrangian set is evaluated on
//! the root instance as a primal guess (better ones replace the incumbent). A node whose
//! bound is below incumbent + granularity is pruned. Otherwise, when the fixings have removed
//! at least 40 % of the node's incidence entries, the instance is compacted (classes covered
//! by fixed-in sites credited and removed, fixed sites dropped, equal classes merged) and
//! bounded again; else it branches on the free site of the best Lagrangian set with the
//! smallest ρ (the least certain of them): "in" and "out". Open nodes are taken best bound
//! first with depth-first dives ([`super::queue`]): a dive goes on while its node's bound is
//! the best open one, so the search's upper bound falls steadily and siblings of equal bound
//! are met depth first; over a memory cap the search dives depth first only.
//! The root gets `root_iter` subgradient iterations with a smallest step factor (it keeps
//! tightening until then), within a third of the time left; other nodes [`NODE_ITER`].
//! The search stops when no node is left (the incumbent is optimal: `proven`), at the
//! deadline, at the node limit or on cancel (`Err(Cancelled)`). The bound reported is then
//! the largest bound of the nodes not yet explored (and never below the incumbent): still a
//! valid upper bound on the optimum.
//! Complexity: exponential in the worst case (the problem is NP-hard); each node costs
//! O(Z · iterations) for Z incidence entries of its (compacted) instance.

use std::rc::Rc;
use std::time::Instant;

use super::bound::{BoundLimits, lagrangian};
use super::instance::{Instance, NONE};
use super::local_search::improve;
use super::queue::{Open, PARK_CAP_BYTES};
use crate::progress::{Cancelled, Progress};

/// Subgradient iterations at the root: bound only, and before an exact search; at other
/// nodes.
pub(crate) const ROOT_ITER: usize = 600;
pub(crate) const ROOT_ITER_EXACT: usize = 3000;
pub(crate) const NODE_ITER: usize = 120;
/// Step factor μ at the root of an exact search once it would fall below 0.005 (its
/// iterations go on to `root_iter`).
const ROOT_MU_MIN: f64 = 0.02;
/// Share of the time left that the root's subgradient may take (the rest goes to the
/// Lagrangian heuristic and the tree).
const ROOT_TIME_SHARE: u32 = 3;
/// Compact a node's instance when its free part holds less than this share of the entries.
const COMPACT_SHARE: f64 = 0.6;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// Best set found: root-local candidate ids (may hold fewer than p when fewer reach
    /// any demand; the caller pads).
    pub best: Vec<u32>,
    pub value: f64,
    /// A valid upper bound on the optimum (≥ `value`).
    pub bound: f64,
    pub proven: bool,
    pub nodes: u64,
    /// The root's best multipliers (empty when the root was solved without them).
    pub lambda: Vec<f64>,
}

struct Node {
    inst: Rc<Instance>,
    state: Vec<i8>,
    p: usize,
    offset: f64,
    /// Root-local ids fixed in by earlier compactions.
    chosen: Vec<u32>,
    lambda: Rc<Vec<f64>>,
}

impl Node {
    /// Memory of the node in bytes (the shared multipliers counted in full).
    fn bytes(&self) -> usize {
        size_of::<Self>() + self.state.len() + 4 * self.chosen.len() + 8 * self.lambda.len()
    }
}

/// Limits of one search.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchLimits {
    pub granularity: f64,
    /// Rounding allowance (see [`BoundLimits::slack`]).
    pub slack: f64,
    pub deadline: Option<Instant>,
    pub max_nodes: u64,
    /// Subgradient iterations at the root ([`ROOT_ITER`] or [`ROOT_ITER_EXACT`]).
    pub root_iter: usize,
    /// Only covers above this value matter (−∞: none given). Nodes whose bound is below
    /// max(incumbent, floor) + granularity are pruned; when the floor is above the
    /// incumbent and the tree is exhausted, the optimum is below floor + granularity.
    pub floor: f64,
}

/// Branch and bound from an incumbent (see the module doc).
pub(crate) fn search(
    root: Rc<Instance>,
    p: usize,
    incumbent: Vec<u32>,
    lim: SearchLimits,
    progress: &dyn Progress,
) -> Result<Outcome, Cancelled> {
    search_capped(root, p, incumbent, lim, PARK_CAP_BYTES, progress)
}

/// [`search`] with open nodes of at most `cap` bytes parked.
pub(crate) fn search_capped(
    root: Rc<Instance>,
    p: usize,
    incumbent: Vec<u32>,
    lim: SearchLimits,
    cap: usize,
    progress: &dyn Progress,
) -> Result<Outcome, Cancelled> {
    let eval = Rc::clone(&root);
    let mut best = Outcome {
        value: eval.value(&incumbent).0,
        best: incumbent,
        bound: f64::INFINITY,
        proven: false,
        nodes: 0,
        lambda: Vec::new(),
    };
    let lambda = Rc::new(root.w.clone());
    let mut open = Open::new(cap);
    let node = Node {
        state: vec![0; root.candidates()],
        inst: root,
        p,
        offset: 0.0,
        chosen: Vec::new(),
        lambda,
    };
    open.push(f64::INFINITY, node.bytes(), node);
    let mut open_bound = f64::NEG_INFINITY;
    while let Some((bound, mut node)) = open.pop() {
        progress.check()?;
        if bound < best.value.max(lim.floor) + lim.granularity - lim.slack {
            continue;
        }
        let out_of_time = lim.deadline.is_some_and(|d| Instant::now() >= d);
        if best.nodes > 0 && (best.nodes >= lim.max_nodes || out_of_time) {
            open_bound = bound.max(open.max_bound());
            break;
        }
        best.nodes += 1;
        progress.step("siting: branch and bound", best.nodes, lim.max_nodes);
        let limits = BoundLimits {
            target: best.value.max(lim.floor) - node.offset,
            granularity: lim.granularity,
            slack: lim.slack,
            max_iter: if best.nodes == 1 {
                lim.root_iter
            } else {
                NODE_ITER
            },
            mu_min: if best.nodes == 1 && lim.root_iter > ROOT_ITER {
                ROOT_MU_MIN
            } else {
                0.0
            },
            deadline: if best.nodes == 1 {
                lim.deadline.map(|d| {
                    let now = Instant::now();
                    now + d.saturating_duration_since(now) / ROOT_TIME_SHARE
                })
            } else {
                lim.deadline
            },
        };
        let out = lagrangian(
            &node.inst,
            node.p,
            &mut node.state,
            (*node.lambda).clone(),
            limits,
            progress,
        )?;
        let node_bound = (node.offset + out.bound).min(bound);
        if best.nodes == 1 {
            best.bound = node_bound;
            best.lambda.clone_from(&out.lambda);
        }
        // Primal guesses: the best Lagrangian set; at the root also local search from the
        // sets met along the way (a Lagrangian heuristic).
        let mut guesses = vec![out.top.clone()];
        if best.nodes == 1 && !out.pruned {
            let tolerance = if lim.granularity >= 1.0 {
                0.5
            } else {
                lim.slack
            };
            for s in out.samples.iter().chain([&out.top]) {
                if lim.deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                guesses.push(improve(&node.inst, s, tolerance, progress)?);
            }
        }
        for g in guesses {
            let mut guess = node.chosen.clone();
            guess.extend(g.iter().map(|&j| node.inst.orig[j as usize]));
            let v = eval.value(&guess).0;
            if v > best.value {
                best.value = v;
                best.best = guess;
            }
        }
        let cut = best.value.max(lim.floor) + lim.granularity - lim.slack;
        if out.pruned || out.exact || node_bound < cut {
            continue;
        }
        let inst = &node.inst;
        let free_entries: usize = (0..inst.candidates())
            .filter(|&j| node.state[j] == 0)
            .map(|j| inst.m(j).len())
            .sum();
        if (free_entries as f64) < COMPACT_SHARE * inst.nnz() as f64 {
            let (small, credit, _, map) = inst.compact(&node.state);
            let mut lambda = vec![0.0; small.classes()];
            for (i, &c) in map.iter().enumerate() {
                if c != NONE {
                    lambda[c as usize] += out.lambda[i];
                }
            }
            let mut chosen = node.chosen.clone();
            chosen.extend(
                (0..inst.candidates())
                    .filter(|&j| node.state[j] > 0)
                    .map(|j| inst.orig[j]),
            );
            let fixed_in = chosen.len() - node.chosen.len();
            let child = Node {
                state: vec![0; small.candidates()],
                inst: Rc::new(small),
                p: node.p - fixed_in,
                offset: node.offset + credit,
                chosen,
                lambda: Rc::new(lambda),
            };
            open.push(node_bound, child.bytes(), child);
            continue;
        }
        // Branch on the free site of the Lagrangian set with the smallest ρ.
        let Some(b) = out
            .top
            .iter()
            .copied()
            .filter(|&j| node.state[j as usize] == 0)
            .min_by(|&a, &b| {
                out.rho[a as usize]
                    .total_cmp(&out.rho[b as usize])
                    .then(a.cmp(&b))
            })
        else {
            continue;
        };
        let lambda = Rc::new(out.lambda);
        let mut out_state = node.state.clone();
        out_state[b as usize] = -1;
        let mut in_state = node.state;
        in_state[b as usize] = 1;
        for state in [out_state, in_state] {
            let child = Node {
                inst: Rc::clone(&node.inst),
                state,
                p: node.p,
                offset: node.offset,
                chosen: node.chosen.clone(),
                lambda: Rc::clone(&lambda),
            };
            open.push(node_bound, child.bytes(), child);
        }
    }
    debug_assert!(open_bound > f64::NEG_INFINITY || open.is_empty());
    best.proven = open_bound == f64::NEG_INFINITY;
    best.bound = if best.proven && best.value < lim.floor {
        // Exhausted below the floor: no node held a cover above floor + granularity
        // (bounds after reduction tests only speak of covers above the threshold).
        best.proven = false;
        lim.floor + lim.granularity - lim.slack
    } else if best.proven {
        best.value
    } else {
        open_bound.min(best.bound).max(best.value)
    };
    Ok(best)
}
