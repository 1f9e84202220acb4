//! The road graph: intersections and dead ends as nodes, roads between them as edges.
//!
//! Inputs: [`RoadLine`]s in WGS84 (built by [`RoadGraph::from_lines`], see `build.rs`).
//! Nodes are the points where lines meet or end (vertices shared by lines are the same node
//! when their coordinates agree to 1e-7°, ~1 cm); chains of degree-2 nodes with equal
//! attributes are merged, so an edge carries its full geometry (WGS84) and its length in
//! metres (haversine on the mean Earth radius 6,371,008.8 m, summed over its segments).
//! Edge costs per [`Profile`] are derived on demand: seconds (stored as integer deciseconds,
//! at least 1) forward and backward, or closed.
//!
//! Also kept: connected components (undirected, over every edge any profile may use; id 0 is
//! the largest), an R-tree of edge segments in Albania TM metres for snapping (`snap.rs`), and
//! one contraction hierarchy per profile, built on first use (`ch.rs`).
//! Memory: O(vertices + edges); CH per profile O(edges) more.

use std::sync::OnceLock;

use geo::{Coord, LineString, Rect};

use super::ch::Hierarchy;
use super::profile::{Profile, RoadAttrs};
use super::snap::SegmentIndex;

/// One road line: the unit the importers produce and the project stores.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadLine {
    /// Longitude/latitude vertices in travel order (for one-way roads, the allowed direction).
    pub geometry_wgs84: LineString<f64>,
    pub attrs: RoadAttrs,
}

/// One directed-geometry edge between two nodes.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub from: u32,
    pub to: u32,
    /// Range of this edge's vertices in `RoadGraph::coords_wgs84` (both end nodes included).
    pub first: u32,
    pub len: u32,
    pub length_m: f64,
    pub attrs: RoadAttrs,
}

/// What the builder met on the way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildStats {
    /// Lines given to the builder.
    pub lines: usize,
    /// Lines with fewer than two distinct vertices (at 1e-7°), which carry no road.
    pub degenerate_lines: usize,
    /// Vertices of the lines kept.
    pub vertices: usize,
}

/// A routable road network. `Send + Sync`: share it between threads with an `Arc`.
pub struct RoadGraph {
    pub(crate) nodes_wgs84: Vec<[f64; 2]>,
    pub(crate) edges: Vec<Edge>,
    pub(crate) coords_wgs84: Vec<[f64; 2]>,
    /// Component id per node, 0 = the largest.
    pub(crate) component: Vec<u32>,
    pub(crate) component_sizes: Vec<u32>,
    pub(crate) segments: SegmentIndex,
    pub(crate) ch: [OnceLock<Hierarchy>; 2],
    /// Held while a profile's hierarchy is built, so a second caller (a route run while the
    /// app prepares the network in the background) waits for it instead of building twice.
    pub(crate) ch_building: [std::sync::Mutex<()>; 2],
    pub(crate) stats: BuildStats,
}

impl std::fmt::Debug for RoadGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RoadGraph {{ nodes: {}, edges: {} }}",
            self.node_count(),
            self.edge_count()
        )
    }
}

impl RoadGraph {
    pub fn node_count(&self) -> usize {
        self.nodes_wgs84.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn stats(&self) -> &BuildStats {
        &self.stats
    }

    /// Total length of all edges in metres.
    pub fn total_length_m(&self) -> f64 {
        self.edges.iter().map(|e| e.length_m).sum()
    }

    /// Number of connected pieces (ignoring one-way restrictions).
    pub fn component_count(&self) -> usize {
        self.component_sizes.len()
    }

    /// Nodes in the largest connected piece.
    pub fn largest_component_nodes(&self) -> usize {
        self.component_sizes.first().copied().unwrap_or(0) as usize
    }

    /// The connected piece an edge belongs to (0 = the largest).
    pub fn edge_component(&self, edge: usize) -> u32 {
        self.component[self.edges[edge].from as usize]
    }

    /// Longitude/latitude bounds of every vertex; `None` for an empty graph.
    pub fn bbox_wgs84(&self) -> Option<Rect<f64>> {
        let mut it = self.coords_wgs84.iter();
        let first = it.next()?;
        let (mut min, mut max) = (*first, *first);
        for c in it {
            min = [min[0].min(c[0]), min[1].min(c[1])];
            max = [max[0].max(c[0]), max[1].max(c[1])];
        }
        Some(Rect::new(
            Coord {
                x: min[0],
                y: min[1],
            },
            Coord {
                x: max[0],
                y: max[1],
            },
        ))
    }

    /// Node position (WGS84).
    pub fn node_wgs84(&self, node: usize) -> [f64; 2] {
        self.nodes_wgs84[node]
    }

    /// Every edge as a line (geometry + class + one-way + maxspeed + access): what the project
    /// stores; [`RoadGraph::from_lines`] rebuilds the same graph from them.
    pub fn edges_wgs84(&self) -> Vec<RoadLine> {
        (0..self.edges.len()).map(|e| self.edge_line(e)).collect()
    }

    /// One edge as a line.
    pub fn edge_line(&self, edge: usize) -> RoadLine {
        let e = &self.edges[edge];
        RoadLine {
            geometry_wgs84: self
                .edge_coords(edge)
                .iter()
                .map(|c| Coord { x: c[0], y: c[1] })
                .collect(),
            attrs: e.attrs,
        }
    }

    /// Length of an edge in metres.
    pub fn edge_length_m(&self, edge: usize) -> f64 {
        self.edges[edge].length_m
    }

    pub(crate) fn edge_coords(&self, edge: usize) -> &[[f64; 2]] {
        let e = &self.edges[edge];
        &self.coords_wgs84[e.first as usize..(e.first + e.len) as usize]
    }

    /// Travel time of an edge in deciseconds `(forward, backward)`; `None` when closed in that
    /// direction for `profile`. Always at least 1 (the CH needs positive weights).
    pub(crate) fn edge_cost_ds(&self, edge: usize, profile: Profile) -> (Option<u32>, Option<u32>) {
        let e = &self.edges[edge];
        let Some(kmh) = profile.speed_kmh(&e.attrs) else {
            return (None, None);
        };
        let ds = cost_ds(e.length_m, kmh);
        let (fwd, bwd) = profile.directions(&e.attrs);
        (fwd.then_some(ds), bwd.then_some(ds))
    }

    /// Whether `profile` may use the edge in at least one direction.
    pub(crate) fn usable(&self, edge: usize, profile: Profile) -> bool {
        profile.speed_kmh(&self.edges[edge].attrs).is_some()
    }
}

/// Deciseconds to travel `length_m` at `kmh`, rounded, at least 1.
pub(crate) fn cost_ds(length_m: f64, kmh: f64) -> u32 {
    let ds = (length_m / (kmh / 3.6) * 10.0).round();
    ds.clamp(1.0, u32::MAX as f64 / 4.0) as u32
}

/// Haversine distance in metres between two WGS84 positions.
pub(crate) fn haversine_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = la2 - la1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// Undirected connected components: `(component per node, sizes)`, ids by decreasing size
/// (ties: the component holding the lowest node first). Union-find, O(E α(N)).
pub(crate) fn components(n: usize, edges: &[Edge]) -> (Vec<u32>, Vec<u32>) {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    for e in edges {
        let (a, b) = (find(&mut parent, e.from), find(&mut parent, e.to));
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            parent[hi as usize] = lo;
        }
    }
    let roots: Vec<u32> = (0..n as u32).map(|x| find(&mut parent, x)).collect();
    let mut size = vec![0u32; n];
    for &r in &roots {
        size[r as usize] += 1;
    }
    let mut order: Vec<u32> = (0..n as u32).filter(|&r| roots[r as usize] == r).collect();
    order.sort_by_key(|&r| (std::cmp::Reverse(size[r as usize]), r));
    let mut id = vec![0u32; n];
    for (i, &r) in order.iter().enumerate() {
        id[r as usize] = i as u32;
    }
    let component = roots.iter().map(|&r| id[r as usize]).collect();
    let sizes = order.iter().map(|&r| size[r as usize]).collect();
    (component, sizes)
}
