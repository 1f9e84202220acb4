//! Building a [`RoadGraph`] from road lines.
//!
//! Inputs: [`RoadLine`]s in WGS84, each in its travel direction (one-way roads already turned
//! to their allowed direction by the importers).
//!
//! Algorithm:
//! 1. Every vertex gets a key: its longitude and latitude rounded to 1e-7° (~1 cm, the
//!    precision of OSM), so lines meet where they share a vertex; consecutive repeats are
//!    dropped. The keys are sorted once (parallel) and counted.
//! 2. A vertex is a node when it ends a line or its key occurs more than once (a crossing,
//!    a junction, a line touching itself). Lines are cut at nodes into raw edges.
//! 3. A node met by exactly two raw edges with equal attributes (and, when one-way, one
//!    entering and one leaving) is dissolved: chains are walked from kept nodes and become one
//!    edge with the whole geometry. Rings made only of such nodes keep one node.
//! 4. Lengths (haversine), components, the segment R-tree (`snap.rs`).
//!
//! Complexity: O(V log V) for V vertices (the sort and one binary search per vertex), the rest
//! O(V); memory about 40 bytes per vertex while building.

use rayon::prelude::*;

use super::RoadError;
use super::graph::{BuildStats, Edge, RoadGraph, RoadLine, components, haversine_m};
use super::snap::SegmentIndex;
use crate::progress::Progress;

const NONE: u32 = u32::MAX;

/// A piece of a line between two nodes (indices into the key table).
struct RawEdge {
    from: u32,
    to: u32,
    /// Range of its vertices in the flattened vertex list (both ends included).
    start: u32,
    end: u32,
    line: u32,
}

/// The key of a position: lon and lat in 1e-7° packed into 64 bits.
pub(crate) fn vertex_key(c: [f64; 2]) -> u64 {
    let lon = (c[0] * 1e7).round() as i32 as u32 as u64;
    let lat = (c[1] * 1e7).round() as i32 as u32 as u64;
    (lon << 32) | lat
}

fn key_position(key: u64) -> [f64; 2] {
    let lon = (key >> 32) as u32 as i32;
    let lat = key as u32 as i32;
    [lon as f64 * 1e-7, lat as f64 * 1e-7]
}

impl RoadGraph {
    /// Builds the graph from road lines (WGS84). Errors: a non-finite or out-of-range
    /// coordinate (with the line's index), no line with two distinct vertices, cancel.
    pub fn from_lines(lines: &[RoadLine], progress: &dyn Progress) -> Result<RoadGraph, RoadError> {
        let stage = "road vertices";
        let mut stats = BuildStats {
            lines: lines.len(),
            ..BuildStats::default()
        };
        let (mut verts, mut keys, mut line_of, mut starts) = (vec![], vec![], vec![], vec![]);
        for (i, line) in lines.iter().enumerate() {
            if i % 65_536 == 0 {
                progress.check().map_err(|_| RoadError::Cancelled)?;
                progress.step(stage, i as u64, lines.len() as u64);
            }
            let begin = verts.len();
            for c in line.geometry_wgs84.coords() {
                if !(c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0)
                {
                    return Err(RoadError::BadLine {
                        index: i,
                        reason: format!("the vertex ({}, {}) is not a WGS84 position", c.x, c.y),
                    });
                }
                let key = vertex_key([c.x, c.y]);
                if keys.len() > begin && keys.last() == Some(&key) {
                    continue;
                }
                keys.push(key);
                verts.push([c.x, c.y]);
            }
            if verts.len() - begin < 2 {
                verts.truncate(begin);
                keys.truncate(begin);
                stats.degenerate_lines += 1;
                continue;
            }
            starts.push(begin as u32);
            line_of.push(i as u32);
        }
        if verts.len() >= NONE as usize {
            return Err(RoadError::TooLarge(verts.len()));
        }
        stats.vertices = verts.len();
        starts.push(verts.len() as u32);
        let mut uniq = keys.clone();
        uniq.par_sort_unstable();
        uniq.dedup();
        let vid: Vec<u32> = keys
            .par_iter()
            .map(|k| uniq.binary_search(k).map_or(NONE, |i| i as u32))
            .collect();
        drop(keys);
        let mut count = vec![0u8; uniq.len()];
        for &v in &vid {
            count[v as usize] = count[v as usize].saturating_add(1);
        }
        for w in starts.windows(2) {
            count[vid[w[0] as usize] as usize] = 2;
            count[vid[w[1] as usize - 1] as usize] = 2;
        }
        progress.check().map_err(|_| RoadError::Cancelled)?;
        progress.step("road edges", 0, 1);

        let mut raw = Vec::new();
        for (l, w) in starts.windows(2).enumerate() {
            let mut from = w[0];
            for v in w[0] + 1..w[1] {
                if count[vid[v as usize] as usize] >= 2 {
                    raw.push(RawEdge {
                        from: vid[from as usize],
                        to: vid[v as usize],
                        start: from,
                        end: v,
                        line: line_of[l],
                    });
                    from = v;
                }
            }
        }
        let (edges, coords, kept) = merge_chains(&raw, &verts, &uniq, lines);
        drop(raw);
        drop(verts);
        let mut node_id = vec![NONE; uniq.len()];
        let mut nodes_wgs84 = Vec::new();
        for (u, &k) in kept.iter().enumerate() {
            if k {
                node_id[u] = nodes_wgs84.len() as u32;
                nodes_wgs84.push(key_position(uniq[u]));
            }
        }
        let edges: Vec<Edge> = edges
            .into_iter()
            .map(|mut e| {
                e.from = node_id[e.from as usize];
                e.to = node_id[e.to as usize];
                e
            })
            .collect();
        if edges.is_empty() {
            return Err(RoadError::Empty);
        }
        progress.check().map_err(|_| RoadError::Cancelled)?;
        let (component, component_sizes) = components(nodes_wgs84.len(), &edges);
        let segments = SegmentIndex::build(&coords, &edges, progress)?;
        Ok(RoadGraph {
            nodes_wgs84,
            edges,
            coords_wgs84: coords,
            component,
            component_sizes,
            segments,
            ch: Default::default(),
            ch_building: Default::default(),
            stats,
        })
    }
}

/// Dissolves degree-2 nodes between equal roads: `(edges with key-table node ids, their
/// vertices, which key-table entries stay nodes)`.
fn merge_chains(
    raw: &[RawEdge],
    verts: &[[f64; 2]],
    uniq: &[u64],
    lines: &[RoadLine],
) -> (Vec<Edge>, Vec<[f64; 2]>, Vec<bool>) {
    let n = uniq.len();
    let mut deg = vec![0u32; n];
    let mut inc = vec![[NONE; 2]; n];
    for (i, e) in raw.iter().enumerate() {
        for end in [e.from, e.to] {
            let d = &mut deg[end as usize];
            if *d < 2 {
                inc[end as usize][*d as usize] = i as u32;
            }
            *d += 1;
        }
    }
    let attrs = |e: u32| &lines[raw[e as usize].line as usize].attrs;
    let removable = |v: usize| -> bool {
        let [a, b] = inc[v];
        if deg[v] != 2 || a == b {
            return false;
        }
        let (ea, eb) = (&raw[a as usize], &raw[b as usize]);
        let (aa, ab) = (attrs(a), attrs(b));
        aa == ab && (!aa.oneway || ((ea.to as usize == v) != (eb.to as usize == v)))
    };
    let mut kept: Vec<bool> = (0..n).map(|v| deg[v] > 0 && !removable(v)).collect();
    let mut consumed = vec![false; raw.len()];
    let mut edges = Vec::with_capacity(raw.len());
    let mut coords: Vec<[f64; 2]> = Vec::with_capacity(verts.len());
    let mut walk = |start: u32, first_edge: u32, kept: &[bool], consumed: &mut [bool]| {
        let first = coords.len();
        coords.push(key_position(uniq[start as usize]));
        let (mut cur, mut e) = (start, first_edge);
        loop {
            consumed[e as usize] = true;
            let r = &raw[e as usize];
            let forward = r.from == cur;
            let inner = r.start + 1..r.end;
            if forward {
                coords.extend(inner.map(|v| verts[v as usize]));
            } else {
                coords.extend(inner.rev().map(|v| verts[v as usize]));
            }
            let next = if forward { r.to } else { r.from };
            coords.push(key_position(uniq[next as usize]));
            if kept[next as usize] {
                let run = &coords[first..];
                let length_m = run.windows(2).map(|w| haversine_m(w[0], w[1])).sum();
                edges.push(Edge {
                    from: start,
                    to: next,
                    first: first as u32,
                    len: run.len() as u32,
                    length_m,
                    attrs: *attrs(first_edge),
                });
                return;
            }
            let [a, b] = inc[next as usize];
            e = if a == e { b } else { a };
            cur = next;
        }
    };
    for (i, r) in raw.iter().enumerate() {
        if consumed[i] {
            continue;
        }
        if kept[r.from as usize] {
            walk(r.from, i as u32, &kept, &mut consumed);
        } else if kept[r.to as usize] && !attrs(i as u32).oneway {
            walk(r.to, i as u32, &kept, &mut consumed);
        }
    }
    // What is left are rings of dissolvable nodes: keep one node of each.
    for (i, r) in raw.iter().enumerate() {
        if !consumed[i] {
            kept[r.from as usize] = true;
            walk(r.from, i as u32, &kept, &mut consumed);
        }
    }
    (edges, coords, kept)
}
