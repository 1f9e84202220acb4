//! Reference router: plain Dijkstra on the profile's graph, for tests and checks.
//!
//! Inputs and output as [`RoadGraph::matrix_with`]; same snaps, seeds, direct travel on a
//! shared edge and off-road legs (`place.rs`), so results must agree with the contraction
//! hierarchy: times exactly (integer deciseconds), metres up to ties between equally fast
//! routes (labels here are (time, metres) in lexicographic order, so the metres are the
//! shortest among the fastest routes). Complexity: one full Dijkstra per point,
//! O(n (E + N log N)); use it on small graphs only.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use geo::Point;
use rayon::prelude::*;

use super::RoadError;
use super::ch::plain_arcs;
use super::graph::RoadGraph;
use super::place::{NodeSeed, RouteOptions};
use super::profile::Profile;
use super::route::RoadMatrix;
use super::search::{Label, UNREACHED, better};

impl RoadGraph {
    /// All-pairs matrix by plain Dijkstra (slow reference for tests; same rules as
    /// [`RoadGraph::matrix_with`]).
    pub fn matrix_dijkstra(
        &self,
        points_wgs84: &[Point<f64>],
        profile: Profile,
        opts: &RouteOptions,
    ) -> Result<RoadMatrix, RoadError> {
        let placed = self.place(points_wgs84, profile, opts)?;
        let arcs = plain_arcs(self, profile);
        let n = self.node_count();
        let mut first = vec![0u32; n + 1];
        for a in &arcs {
            first[a.u as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let rows: Vec<Vec<Label>> = placed
            .par_iter()
            .map(|a| {
                let mut row = vec![UNREACHED; placed.len()];
                let Some(a) = a else { return row };
                let label = dijkstra(n, &first, &arcs, &a.leave);
                for (j, b) in placed.iter().enumerate() {
                    let Some(b) = b else { continue };
                    for s in &b.arrive {
                        let l = label[s.node as usize];
                        if l.0 != u64::MAX {
                            let cand = (l.0 + s.ds, l.1 + s.dist_m);
                            if better(cand, row[j]) {
                                row[j] = cand;
                            }
                        }
                    }
                    if let Some(d) = self.direct(&a.snap, &b.snap, profile)
                        && better(d, row[j])
                    {
                        row[j] = d;
                    }
                }
                row
            })
            .collect();
        let mut m = RoadMatrix::unreachable(placed.len());
        for (i, row) in rows.iter().enumerate() {
            for (j, &best) in row.iter().enumerate() {
                if let (Some(a), Some(b)) = (&placed[i], &placed[j]) {
                    m.set(i, j, a, b, best, opts);
                }
            }
        }
        Ok(m)
    }
}

/// Lexicographic (time, metres) Dijkstra from seeds over CSR arcs.
fn dijkstra(
    n: usize,
    first: &[u32],
    arcs: &[super::ch::PlainArc],
    seeds: &[NodeSeed],
) -> Vec<Label> {
    let mut label = vec![UNREACHED; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    for s in seeds {
        let l = (s.ds, s.dist_m);
        if better(l, label[s.node as usize]) {
            label[s.node as usize] = l;
            heap.push(Reverse((l.0, l.1.to_bits(), s.node)));
        }
    }
    while let Some(Reverse((t, bits, u))) = heap.pop() {
        if done[u as usize] || (t, f64::from_bits(bits)) != label[u as usize] {
            continue;
        }
        done[u as usize] = true;
        for a in &arcs[first[u as usize] as usize..first[u as usize + 1] as usize] {
            let cand = (t + a.time_ds as u64, f64::from_bits(bits) + a.dist_m);
            if !done[a.v as usize] && better(cand, label[a.v as usize]) {
                label[a.v as usize] = cand;
                heap.push(Reverse((cand.0, cand.1.to_bits(), a.v)));
            }
        }
    }
    label
}
