//! Searches on a contraction hierarchy: upward Dijkstra, point-to-point and many-to-many.
//!
//! Inputs: a [`Hierarchy`] and seeds: hierarchy nodes with a starting time (deciseconds) and
//! length (metres), the parts of the snapped edge (`route.rs`). Labels are (time, metres),
//! ordered by time and, on equal times, by metres.
//!
//! - Upward search: Dijkstra over arcs to higher-ranked nodes only, with stall-on-demand (a
//!   node reached more cheaply from a higher neighbour is not expanded); it settles every
//!   node of the upward search space (typically hundreds to a few thousand nodes).
//! - Point-to-point: one forward and one backward upward search; the best meeting node of
//!   the two spaces gives the route, unpacked recursively (explicit stack) into road edges.
//! - Many-to-many (Knopp et al. 2007, "bucket" method): a backward search from each target
//!   leaves (target, time, metres) in a bucket at every node it settles; a forward search
//!   from each source scans the buckets of the nodes it settles. Both phases run in parallel
//!   (rayon), one reusable workspace per worker. O((S + T)·|search space| + bucket scans).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::{Deref, DerefMut};
use std::sync::Mutex;

use rayon::prelude::*;

use super::ch::{Hierarchy, NONE};
use crate::progress::{Cancelled, Progress};

/// A start (or end) of a search: hierarchy node, time and length already travelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seed {
    pub node: u32,
    pub ds: u64,
    pub dist_m: f64,
}

/// Best label: time in deciseconds (`u64::MAX` = unreachable) and metres.
pub(crate) type Label = (u64, f64);

pub(crate) const UNREACHED: Label = (u64::MAX, f64::INFINITY);

pub(crate) fn better(a: Label, b: Label) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Workspaces kept for the next query: allocating one costs O(nodes) (25 bytes per node),
/// far more than a search, so point-to-point routes reuse them. At most [`POOL_MAX`] kept.
#[derive(Default)]
pub(crate) struct WorkspacePool(Mutex<Vec<Workspace>>);

pub(crate) const POOL_MAX: usize = 8;

/// A workspace borrowed from a pool; it goes back when dropped.
pub(crate) struct Pooled<'a> {
    ws: Option<Workspace>,
    pool: &'a WorkspacePool,
}

impl Hierarchy {
    pub(crate) fn workspace(&self) -> Pooled<'_> {
        let kept = self.pool.0.lock().ok().and_then(|mut p| p.pop());
        Pooled {
            ws: Some(kept.unwrap_or_else(|| Workspace::new(self.node_count()))),
            pool: &self.pool,
        }
    }
}

impl Deref for Pooled<'_> {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        self.ws.as_ref().expect("present until dropped")
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Workspace {
        self.ws.as_mut().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(ws), Ok(mut pool)) = (self.ws.take(), self.pool.0.lock())
            && pool.len() < POOL_MAX
        {
            pool.push(ws);
        }
    }
}

/// Reusable per-thread search state.
pub(crate) struct Workspace {
    label: Vec<Label>,
    /// Arc index (into `fwd` or `bwd`) and node the label came from; `NONE` at seeds.
    parent: Vec<(u32, u32)>,
    done: Vec<bool>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// Settled, not stalled: `(node, label)` in settling order.
    pub settled: Vec<(u32, Label)>,
}

impl Workspace {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            label: vec![UNREACHED; n],
            parent: vec![(NONE, NONE); n],
            done: vec![false; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            settled: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &t in &self.touched {
            self.label[t as usize] = UNREACHED;
            self.parent[t as usize] = (NONE, NONE);
            self.done[t as usize] = false;
        }
        self.touched.clear();
        self.heap.clear();
        self.settled.clear();
    }

    fn improve(&mut self, node: u32, l: Label, parent: (u32, u32)) {
        let cur = self.label[node as usize];
        if !better(l, cur) || self.done[node as usize] {
            return;
        }
        if cur == UNREACHED {
            self.touched.push(node);
        }
        self.label[node as usize] = l;
        self.parent[node as usize] = parent;
        if l.0 < cur.0 {
            self.heap.push(Reverse((l.0, node)));
        }
    }

    /// Upward search from `seeds`: forward (`up` arcs) or backward (`down` arcs).
    pub(crate) fn upward(&mut self, h: &Hierarchy, seeds: &[Seed], forward: bool) {
        self.reset();
        for s in seeds {
            self.improve(s.node, (s.ds, s.dist_m), (NONE, NONE));
        }
        let (arcs, first) = if forward {
            (&h.fwd, &h.fwd_first)
        } else {
            (&h.bwd, &h.bwd_first)
        };
        while let Some(Reverse((t, node))) = self.heap.pop() {
            let l = self.label[node as usize];
            if t != l.0 || self.done[node as usize] {
                continue;
            }
            self.done[node as usize] = true;
            // Stall on demand: a higher neighbour offers a cheaper way in.
            let stalled = (if forward { h.down(node) } else { h.up(node) })
                .iter()
                .any(|a| {
                    let la = self.label[a.adj as usize];
                    la.0 != u64::MAX && la.0 + (a.time_ds as u64) < l.0
                });
            if stalled {
                continue;
            }
            self.settled.push((node, l));
            let r = h.rank[node as usize] as usize;
            for i in first[r]..first[r + 1] {
                let a = &arcs[i as usize];
                let cand = (l.0 + a.time_ds as u64, l.1 + a.dist_m);
                self.improve(a.adj, cand, (i, node));
            }
        }
    }

    pub(crate) fn label(&self, node: u32) -> Label {
        self.label[node as usize]
    }

    /// Arc indices between the search's seed and `node`, in travel order: seed → node for a
    /// forward search, node → seed for a backward one.
    pub(crate) fn arcs_to(&self, mut node: u32, forward: bool) -> Vec<u32> {
        let mut out = Vec::new();
        while self.parent[node as usize].0 != NONE {
            let (arc, from) = self.parent[node as usize];
            out.push(arc);
            node = from;
        }
        if forward {
            out.reverse();
        }
        out
    }

    /// The seed node a label path starts from.
    pub(crate) fn root_of(&self, mut node: u32) -> u32 {
        while self.parent[node as usize].0 != NONE {
            node = self.parent[node as usize].1;
        }
        node
    }
}

/// Road edges of forward then backward arcs (each list in travel order), unpacked in travel order.
pub(crate) fn unpack(h: &Hierarchy, fwd_arcs: &[u32], bwd_arcs: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut stack: Vec<(bool, u32)> = Vec::new();
    let items = fwd_arcs
        .iter()
        .map(|&i| (true, i))
        .chain(bwd_arcs.iter().map(|&i| (false, i)));
    for item in items {
        stack.push(item);
        while let Some((is_fwd, i)) = stack.pop() {
            let arc = if is_fwd {
                &h.fwd[i as usize]
            } else {
                &h.bwd[i as usize]
            };
            if arc.a == NONE {
                out.push(arc.b);
            } else {
                stack.push((true, arc.b));
                stack.push((false, arc.a));
            }
        }
    }
    out
}

/// Best (time, metres) from every source to every target, row-major; `UNREACHED` when none.
pub(crate) fn many_to_many(
    h: &Hierarchy,
    sources: &[Vec<Seed>],
    targets: &[Vec<Seed>],
    progress: &dyn Progress,
) -> Result<Vec<Label>, Cancelled> {
    let n = h.node_count();
    let stage = "road matrix";
    let total = (sources.len() + targets.len()) as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let tick = || {
        let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress.step(stage, d, total);
    };
    let mut entries: Vec<(u32, u32, Label)> = targets
        .par_iter()
        .enumerate()
        .map_init(
            || h.workspace(),
            |ws, (j, seeds)| {
                progress.check()?;
                ws.upward(h, seeds, false);
                tick();
                Ok(ws
                    .settled
                    .iter()
                    .map(|&(node, l)| (node, j as u32, l))
                    .collect())
            },
        )
        .collect::<Result<Vec<Vec<_>>, Cancelled>>()?
        .concat();
    entries.par_sort_unstable_by_key(|e| (e.0, e.1));
    let mut first = vec![0u32; n + 1];
    for e in &entries {
        first[e.0 as usize + 1] += 1;
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let cols = targets.len();
    let rows: Vec<Vec<Label>> = sources
        .par_iter()
        .map_init(
            || h.workspace(),
            |ws, seeds| {
                progress.check()?;
                ws.upward(h, seeds, true);
                let mut row = vec![UNREACHED; cols];
                for &(node, l) in &ws.settled {
                    let bucket =
                        &entries[first[node as usize] as usize..first[node as usize + 1] as usize];
                    for &(_, j, lt) in bucket {
                        let cand = (l.0 + lt.0, l.1 + lt.1);
                        if better(cand, row[j as usize]) {
                            row[j as usize] = cand;
                        }
                    }
                }
                tick();
                Ok(row)
            },
        )
        .collect::<Result<_, Cancelled>>()?;
    Ok(rows.concat())
}
