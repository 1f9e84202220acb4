//! Contraction hierarchy of one profile, prepared by the `fast_paths` crate.
//!
//! Inputs: the [`RoadGraph`] and a [`Profile`]. Each usable edge gives one or two arcs
//! weighted by travel time in deciseconds (integers ≥ 1); parallel arcs keep the fastest
//! (then shortest, then lowest edge id) and self-loops are left out (never on a shortest
//! path; snapping onto them still works, `route.rs`). Only nodes touched by the profile's
//! arcs enter the hierarchy.
//!
//! `fast_paths::prepare` orders and contracts the nodes (witness searches, shortcuts);
//! its result is read through the public `FastGraph32` view into our own arrays: per rank,
//! upward "forward" arcs (node → higher node) and "backward" arcs (higher node → node), each
//! with its time, its length in metres (originals: the edge's; shortcuts: the sum of the two
//! arcs they replace, computed in rank order since both lie at the lower-ranked centre) and
//! what it stands for (a road edge, or `bwd[a]` then `fwd[b]`). The searches (`search.rs`)
//! run on these arrays, so matrices carry metres and times together.
//!
//! Preparation runs on its own thread so that cancel answers at once (the thread then
//! finishes in the background and its result is dropped). Cost: about fast_paths' figures
//! (1.9 M nodes ≈ 36 s on one core); memory O(arcs + shortcuts).

use std::sync::mpsc;
use std::time::Duration;

use fast_paths::{FastGraph32, InputGraph};

use super::RoadError;
use super::graph::RoadGraph;
use super::profile::Profile;
use super::search::WorkspacePool;
use crate::progress::Progress;

pub(crate) const NONE: u32 = u32::MAX;

/// One arc of the hierarchy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChArc {
    /// The other (higher-ranked) node.
    pub adj: u32,
    pub time_ds: u32,
    pub dist_m: f64,
    /// `NONE` for an original arc (then `b` is the road edge); else the shortcut is
    /// `bwd[a]` followed by `fwd[b]`.
    pub a: u32,
    pub b: u32,
}

pub(crate) struct Hierarchy {
    /// Graph node → hierarchy node (`NONE` when the profile cannot reach it).
    pub local_of: Vec<u32>,
    /// Hierarchy node → graph node.
    pub global_of: Vec<u32>,
    pub rank: Vec<u32>,
    pub fwd_first: Vec<u32>,
    pub fwd: Vec<ChArc>,
    pub bwd_first: Vec<u32>,
    pub bwd: Vec<ChArc>,
    /// Search workspaces kept between queries (see `search::Pooled`).
    pub pool: WorkspacePool,
}

/// A directed arc of the profile's plain graph (also the Dijkstra reference's input).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlainArc {
    pub u: u32,
    pub v: u32,
    pub time_ds: u32,
    pub dist_m: f64,
    pub edge: u32,
}

/// The profile's arcs between distinct nodes, sorted by `(u, v)`, best first, one per pair.
pub(crate) fn plain_arcs(graph: &RoadGraph, profile: Profile) -> Vec<PlainArc> {
    let mut arcs = Vec::new();
    for (i, e) in graph.edges.iter().enumerate() {
        if e.from == e.to {
            continue;
        }
        let (fwd, bwd) = graph.edge_cost_ds(i, profile);
        let mut push = |u, v, t: Option<u32>| {
            if let Some(time_ds) = t {
                arcs.push(PlainArc {
                    u,
                    v,
                    time_ds,
                    dist_m: e.length_m,
                    edge: i as u32,
                });
            }
        };
        push(e.from, e.to, fwd);
        push(e.to, e.from, bwd);
    }
    arcs.sort_unstable_by(|a, b| {
        (a.u, a.v, a.time_ds)
            .cmp(&(b.u, b.v, b.time_ds))
            .then(a.dist_m.total_cmp(&b.dist_m))
            .then(a.edge.cmp(&b.edge))
    });
    arcs.dedup_by(|later, first| later.u == first.u && later.v == first.v);
    arcs
}

impl Hierarchy {
    pub(crate) fn build(
        graph: &RoadGraph,
        profile: Profile,
        progress: &dyn Progress,
    ) -> Result<Hierarchy, RoadError> {
        let stage = match profile {
            Profile::Walking => "contraction hierarchy (walking)",
            Profile::Driving => "contraction hierarchy (driving)",
        };
        progress.step(stage, 0, 1);
        let mut arcs = plain_arcs(graph, profile);
        let mut local_of = vec![NONE; graph.node_count()];
        let mut global_of = Vec::new();
        for a in &mut arcs {
            for n in [&mut a.u, &mut a.v] {
                let l = &mut local_of[*n as usize];
                if *l == NONE {
                    *l = global_of.len() as u32;
                    global_of.push(*n);
                }
                *n = *l;
            }
        }
        arcs.sort_unstable_by_key(|a| (a.u, a.v));
        let mut input = InputGraph::new();
        for a in &arcs {
            input.add_edge(a.u as usize, a.v as usize, a.time_ds as usize);
        }
        input.freeze();
        let fast = prepare_cancellable(input, progress)?;
        let n = fast.ranks.len();
        // Nodes fast_paths did not number (none expected: every local node has an arc).
        global_of.truncate(n);
        for l in local_of
            .iter_mut()
            .filter(|l| **l != NONE && **l as usize >= n)
        {
            *l = NONE;
        }
        let orig = |u: u32, v: u32| {
            let i = arcs
                .binary_search_by_key(&(u, v), |a| (a.u, a.v))
                .expect("every original arc of the hierarchy is an input arc");
            (arcs[i].dist_m, arcs[i].edge)
        };
        let mut node_of_rank = vec![0u32; n];
        for (node, &r) in fast.ranks.iter().enumerate() {
            node_of_rank[r as usize] = node as u32;
        }
        let (mut fwd, mut bwd): (Vec<ChArc>, Vec<ChArc>) = (
            Vec::with_capacity(fast.edges_fwd.len()),
            Vec::with_capacity(fast.edges_bwd.len()),
        );
        for (r, &base) in node_of_rank.iter().enumerate() {
            let range =
                fast.first_edge_ids_fwd[r] as usize..fast.first_edge_ids_fwd[r + 1] as usize;
            for e in &fast.edges_fwd[range] {
                let arc = if e.replaced_in_edge == NONE {
                    let (dist_m, edge) = orig(base, e.adj_node);
                    (dist_m, NONE, edge)
                } else {
                    let (a, b) = (e.replaced_in_edge, e.replaced_out_edge);
                    (bwd[a as usize].dist_m + fwd[b as usize].dist_m, a, b)
                };
                fwd.push(ChArc {
                    adj: e.adj_node,
                    time_ds: e.weight,
                    dist_m: arc.0,
                    a: arc.1,
                    b: arc.2,
                });
            }
            let range =
                fast.first_edge_ids_bwd[r] as usize..fast.first_edge_ids_bwd[r + 1] as usize;
            for e in &fast.edges_bwd[range] {
                let arc = if e.replaced_in_edge == NONE {
                    let (dist_m, edge) = orig(e.adj_node, base);
                    (dist_m, NONE, edge)
                } else {
                    let (a, b) = (e.replaced_in_edge, e.replaced_out_edge);
                    (bwd[a as usize].dist_m + fwd[b as usize].dist_m, a, b)
                };
                bwd.push(ChArc {
                    adj: e.adj_node,
                    time_ds: e.weight,
                    dist_m: arc.0,
                    a: arc.1,
                    b: arc.2,
                });
            }
        }
        progress.step(stage, 1, 1);
        Ok(Hierarchy {
            local_of,
            global_of,
            rank: fast.ranks,
            fwd_first: fast.first_edge_ids_fwd,
            fwd,
            bwd_first: fast.first_edge_ids_bwd,
            bwd,
            pool: WorkspacePool::default(),
        })
    }

    pub(crate) fn node_count(&self) -> usize {
        self.rank.len()
    }

    /// Upward forward arcs of a hierarchy node.
    pub(crate) fn up(&self, node: u32) -> &[ChArc] {
        let r = self.rank[node as usize] as usize;
        &self.fwd[self.fwd_first[r] as usize..self.fwd_first[r + 1] as usize]
    }

    /// Arcs from higher nodes into a hierarchy node.
    pub(crate) fn down(&self, node: u32) -> &[ChArc] {
        let r = self.rank[node as usize] as usize;
        &self.bwd[self.bwd_first[r] as usize..self.bwd_first[r + 1] as usize]
    }
}

/// `fast_paths::prepare` on a helper thread, answering cancel within 50 ms.
fn prepare_cancellable(
    input: InputGraph,
    progress: &dyn Progress,
) -> Result<FastGraph32, RoadError> {
    progress.check().map_err(|_| RoadError::Cancelled)?;
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("riskatlas-ch".into())
        .spawn(move || {
            let fast = fast_paths::prepare(&input);
            let _ = tx.send(FastGraph32::new(&fast));
        })
        .map_err(|e| RoadError::Internal(format!("cannot start the preparation thread: {e}")))?;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(fast) => return Ok(fast),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                progress.check().map_err(|_| RoadError::Cancelled)?;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(RoadError::Internal(
                    "the contraction hierarchy preparation stopped unexpectedly".into(),
                ));
            }
        }
    }
}
