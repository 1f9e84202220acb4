//! Capacities: a site takes at most its capacity in cases (children); demand beyond it is not
//! counted as covered.
//!
//! Evaluation is exact, not greedy: the covered demand of a set S is the best assignment of
//! cases to sites of S within reach and capacity, maximising the covered weight. Weights sit
//! on the cases only, so the sets of cases that can be placed together form a matroid and
//! the greedy rule over weights is optimal: classes (split by per-case weight) are taken in
//! decreasing per-case weight, and at each weight level a maximum flow (Dinic) from those
//! classes to the sites is added to the flow so far, which keeps every case placed before
//! placed (augmenting paths never unplace a case). Network: source → class (its cases) →
//! site within reach (unlimited) → sink (the site's capacity).
//! The value F(S) is submodular in S (a weighted matroid rank), so the lazy greedy's stale
//! gains stay upper bounds ([`greedy_cap`]), Σ_{j∈S} F({j}) ≥ F(S), and the uncapacitated
//! optimum (and its Lagrangian bound) stays a valid upper bound: capacities only remove cover.
//! Local search with capacities ([`improve_cap`]) tries swaps with the 25 best single sites
//! only (each try is a flow), first improvement, at most 5 passes: a heuristic.
//! Complexity: one evaluation is O(levels · Dinic) on a graph of Σ_{j∈S}|M_j| edges.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::greedy::{Gain, GreedyRun};
use super::instance::Instance;
use crate::progress::{Cancelled, Progress};

/// Capacity of a site without a limit.
pub(crate) const UNLIMITED: i64 = i64::MAX / 4;

/// An exact capacitated assignment of cases to the sites of a set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assignment {
    pub value_w: f64,
    pub cases: u64,
    /// (class, position of the site in the set, cases placed).
    pub flows: Vec<(u32, u32, u64)>,
}

struct Graph {
    head: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<i64>,
    level: Vec<i32>,
    iter: Vec<u32>,
}

const END: u32 = u32::MAX;

impl Graph {
    fn new(nodes: usize) -> Self {
        Graph {
            head: vec![END; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
            level: vec![0; nodes],
            iter: vec![END; nodes],
        }
    }

    fn add(&mut self, u: usize, v: usize, c: i64) -> usize {
        let e = self.to.len();
        for (a, b, cap) in [(u, v, c), (v, u, 0)] {
            self.to.push(b as u32);
            self.cap.push(cap);
            self.next.push(self.head[a]);
            self.head[a] = self.to.len() as u32 - 1;
        }
        e
    }

    fn bfs(&mut self, s: usize, t: usize) -> bool {
        self.level.iter_mut().for_each(|l| *l = -1);
        self.level[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            let mut e = self.head[u];
            while e != END {
                let v = self.to[e as usize] as usize;
                if self.cap[e as usize] > 0 && self.level[v] < 0 {
                    self.level[v] = self.level[u] + 1;
                    queue.push_back(v);
                }
                e = self.next[e as usize];
            }
        }
        self.level[t] >= 0
    }

    fn dfs(&mut self, u: usize, t: usize, f: i64) -> i64 {
        if u == t {
            return f;
        }
        while self.iter[u] != END {
            let e = self.iter[u] as usize;
            let v = self.to[e] as usize;
            if self.cap[e] > 0 && self.level[v] == self.level[u] + 1 {
                let d = self.dfs(v, t, f.min(self.cap[e]));
                if d > 0 {
                    self.cap[e] -= d;
                    self.cap[e ^ 1] += d;
                    return d;
                }
            }
            self.iter[u] = self.next[e];
        }
        0
    }

    fn max_flow(&mut self, s: usize, t: usize) {
        while self.bfs(s, t) {
            self.iter.clone_from(&self.head);
            while self.dfs(s, t, UNLIMITED) > 0 {}
        }
    }
}

/// The exact capacitated cover of `set` (local ids); `caps` per local candidate.
pub(crate) fn evaluate(inst: &Instance, set: &[u32], caps: &[i64]) -> Assignment {
    let (source, sink) = (0, 1);
    let mut class_node = vec![END; inst.classes()];
    let mut classes: Vec<u32> = Vec::new();
    for &j in set {
        for &i in inst.m(j as usize) {
            if class_node[i as usize] == END {
                class_node[i as usize] = (2 + set.len() + classes.len()) as u32;
                classes.push(i);
            }
        }
    }
    let mut g = Graph::new(2 + set.len() + classes.len());
    for (k, &j) in set.iter().enumerate() {
        g.add(2 + k, sink, caps[j as usize]);
    }
    let mut arcs = Vec::new();
    for (k, &j) in set.iter().enumerate() {
        for &i in inst.m(j as usize) {
            let e = g.add(class_node[i as usize] as usize, 2 + k, UNLIMITED);
            arcs.push((i, k as u32, e));
        }
    }
    // Source arcs, opened level by level in decreasing per-case weight.
    let mut order: Vec<u32> = classes.clone();
    order.sort_by(|a, b| unit(inst, *b).total_cmp(&unit(inst, *a)).then(a.cmp(b)));
    let mut src_edge = vec![0usize; inst.classes()];
    for &i in &classes {
        src_edge[i as usize] = g.add(source, class_node[i as usize] as usize, 0);
    }
    let mut k = 0;
    while k < order.len() {
        let u = unit(inst, order[k]);
        while k < order.len() && unit(inst, order[k]) == u {
            let i = order[k] as usize;
            g.cap[src_edge[i]] = inst.cases[i] as i64;
            k += 1;
        }
        g.max_flow(source, sink);
    }
    let mut out = Assignment {
        value_w: 0.0,
        cases: 0,
        flows: Vec::new(),
    };
    for (i, k, e) in arcs {
        let f = g.cap[e ^ 1];
        if f > 0 {
            out.cases += f as u64;
            out.value_w += f as f64 * unit(inst, i);
            out.flows.push((i, k, f as u64));
        }
    }
    out
}

/// Per-case weight of class `i` (classes are split by it when capacities are used).
fn unit(inst: &Instance, i: u32) -> f64 {
    let u = inst.unit_w[i as usize];
    if u.is_nan() {
        inst.w[i as usize] / inst.cases[i as usize].max(1) as f64
    } else {
        u
    }
}

/// F({j}): the heaviest cases within reach of `j` up to its capacity.
pub(crate) fn single(inst: &Instance, j: usize, cap: i64) -> f64 {
    let mut classes: Vec<u32> = inst.m(j).to_vec();
    classes.sort_by(|a, b| unit(inst, *b).total_cmp(&unit(inst, *a)).then(a.cmp(b)));
    let (mut room, mut v) = (cap, 0.0);
    for i in classes {
        let take = (inst.cases[i as usize] as i64).min(room);
        v += take as f64 * unit(inst, i);
        room -= take;
        if room == 0 {
            break;
        }
    }
    v
}

/// Lazy greedy with exact capacitated gains F(S + j) − F(S) (see the module doc).
pub(crate) fn greedy_cap(
    inst: &Instance,
    p_max: usize,
    caps: &[i64],
    progress: &dyn Progress,
) -> Result<GreedyRun, Cancelled> {
    let mut heap: BinaryHeap<(Gain, Reverse<u32>, usize)> = (0..inst.candidates())
        .map(|j| (Gain(single(inst, j, caps[j])), Reverse(j as u32), 0))
        .collect();
    let mut run = GreedyRun {
        order: Vec::new(),
        gain_w: Vec::new(),
        gain_cases: Vec::new(),
    };
    let (mut cur_w, mut cur_cases) = (0.0, 0u64);
    while run.order.len() < p_max {
        progress.check()?;
        let round = run.order.len();
        let Some((Gain(g), Reverse(j), stamp)) = heap.pop() else {
            break;
        };
        let mut set = run.order.clone();
        set.push(j);
        let a = evaluate(inst, &set, caps);
        if stamp != round {
            heap.push((Gain((a.value_w - cur_w).max(0.0)), Reverse(j), round));
            continue;
        }
        run.order.push(j);
        run.gain_w.push(g);
        run.gain_cases.push(a.cases.saturating_sub(cur_cases));
        (cur_w, cur_cases) = (a.value_w, a.cases);
        progress.step("siting: greedy", run.order.len() as u64, p_max as u64);
    }
    Ok(run)
}

/// Swaps with the best single sites while they add capacitated cover (see the module doc).
pub(crate) fn improve_cap(
    inst: &Instance,
    start: &[u32],
    caps: &[i64],
    tolerance: f64,
    progress: &dyn Progress,
) -> Result<Vec<u32>, Cancelled> {
    let mut set = start.to_vec();
    let mut cur = evaluate(inst, &set, caps).value_w;
    let mut pool: Vec<(f64, u32)> = (0..inst.candidates() as u32)
        .map(|j| (single(inst, j as usize, caps[j as usize]), j))
        .collect();
    pool.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    pool.truncate(25 + set.len());
    for _ in 0..5 {
        let mut improved = false;
        for &(_, k) in &pool {
            if set.contains(&k) {
                continue;
            }
            for s in 0..set.len() {
                progress.check()?;
                let mut trial = set.clone();
                trial[s] = k;
                let v = evaluate(inst, &trial, caps).value_w;
                if v > cur + tolerance {
                    (set, cur, improved) = (trial, v, true);
                    break;
                }
            }
        }
        if !improved {
            break;
        }
    }
    set.sort_unstable();
    Ok(set)
}

/// `set` ordered by capacitated greedy gains, with what each adds.
pub(crate) fn rank_cap(inst: &Instance, set: &[u32], caps: &[i64]) -> GreedyRun {
    let mut left: Vec<u32> = set.to_vec();
    left.sort_unstable();
    let mut run = GreedyRun {
        order: Vec::new(),
        gain_w: Vec::new(),
        gain_cases: Vec::new(),
    };
    let (mut cur_w, mut cur_cases) = (0.0, 0u64);
    while !left.is_empty() {
        let mut best: Option<(usize, Assignment)> = None;
        for (k, &j) in left.iter().enumerate() {
            let mut trial = run.order.clone();
            trial.push(j);
            let a = evaluate(inst, &trial, caps);
            if best.as_ref().is_none_or(|b| a.value_w > b.1.value_w) {
                best = Some((k, a));
            }
        }
        let Some((k, a)) = best else { break };
        run.order.push(left.remove(k));
        run.gain_w.push(a.value_w - cur_w);
        run.gain_cases.push(a.cases.saturating_sub(cur_cases));
        (cur_w, cur_cases) = (a.value_w, a.cases);
    }
    run
}
