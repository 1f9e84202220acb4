//! Snapping a point to the nearest road a profile may use.
//!
//! Inputs: a WGS84 position, a [`Profile`] and the farthest snap distance in metres.
//! The segment index is an R-tree (rstar, bulk-loaded) of every edge segment projected to
//! KRGJSH-2010 / Albania TM (crate::crs), so "nearest" is in metres; segments are visited in
//! increasing distance until one belongs to an edge the profile may use (either direction).
//!
//! Output: the edge, the segment and the fraction along it, the distance along the edge from
//! its first vertex and the off-road distance (both haversine metres, like edge lengths; the
//! sphere differs from the projected metres by up to ~0.3 %, which only matters for the
//! `max_snap_m` test) and the snapped position (interpolated in WGS84 at the projected
//! fraction). Routing travels the off-road part in a
//! straight line at walking speed in both profiles (see `route.rs`): you walk from the car to
//! the door.
//!
//! Complexity: build O(S log S) for S segments; a snap O(log S) expected.

use geo::Point;
use rstar::RTree;
use rstar::primitives::{GeomWithData, Line};

use super::RoadError;
use super::graph::{Edge, RoadGraph, haversine_m};
use super::profile::Profile;
use crate::analysis::metric::{MetricError, project_wgs84};
use crate::crs::{Crs, Transformer};
use crate::progress::Progress;

/// A point placed on a road.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    /// The edge (index into [`RoadGraph::edges_wgs84`]).
    pub edge: usize,
    /// The segment of the edge's geometry (0 = from its first vertex).
    pub seg: usize,
    /// Position along that segment, 0..=1.
    pub frac: f64,
    /// Metres from the edge's first vertex along its geometry.
    pub along_m: f64,
    /// Straight (haversine) distance from the point to the road, metres.
    pub offroad_m: f64,
    /// The snapped position on the road.
    pub on_road_wgs84: Point<f64>,
}

impl Snap {
    /// Whether this snap lies at or before `other` along the same edge's geometry.
    pub fn precedes(&self, other: &Snap) -> bool {
        (self.seg, self.frac) <= (other.seg, other.frac)
    }
}

/// R-tree of edge segments in Albania TM metres; each item names its first vertex in
/// `RoadGraph::coords_wgs84`.
pub(crate) struct SegmentIndex {
    tree: RTree<GeomWithData<Line<[f64; 2]>, u32>>,
    to_tm: Transformer,
}

impl SegmentIndex {
    pub(crate) fn build(
        coords_wgs84: &[[f64; 2]],
        edges: &[Edge],
        progress: &dyn Progress,
    ) -> Result<Self, RoadError> {
        let points: Vec<Point<f64>> = coords_wgs84
            .iter()
            .map(|c| Point::new(c[0], c[1]))
            .collect();
        let xy = project_wgs84(&points, &Crs::albania_tm(), "road index", progress).map_err(
            |e| match e {
                MetricError::Cancelled => RoadError::Cancelled,
                other => RoadError::Projection(other.to_string()),
            },
        )?;
        drop(points);
        let mut items = Vec::with_capacity(coords_wgs84.len());
        for e in edges {
            for v in e.first..e.first + e.len - 1 {
                let (a, b) = (xy[v as usize], xy[v as usize + 1]);
                items.push(GeomWithData::new(Line::new(a, b), v));
            }
        }
        progress.check().map_err(|_| RoadError::Cancelled)?;
        Ok(Self {
            tree: RTree::bulk_load(items),
            to_tm: Transformer::wgs84_to_tm(),
        })
    }
}

impl RoadGraph {
    /// The nearest point on a road `profile` may use, within `max_snap_m` metres; `None` when
    /// there is none or the position is not a valid WGS84 position.
    pub fn snap(&self, pos_wgs84: Point<f64>, profile: Profile, max_snap_m: f64) -> Option<Snap> {
        let (x, y) = self
            .segments
            .to_tm
            .point(pos_wgs84.x(), pos_wgs84.y())
            .ok()?;
        let q = [x, y];
        let max2 = max_snap_m * max_snap_m;
        for (item, d2) in self.segments.tree.nearest_neighbor_iter_with_distance_2(&q) {
            if d2 > max2 {
                return None;
            }
            let v = item.data as usize;
            let edge = self.edges.partition_point(|e| e.first as usize <= v) - 1;
            if !self.usable(edge, profile) {
                continue;
            }
            let (a, b) = (item.geom().from, item.geom().to);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let l2 = dx * dx + dy * dy;
            let frac = if l2 > 0.0 {
                (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let first = self.edges[edge].first as usize;
            let seg = v - first;
            let coords = self.edge_coords(edge);
            let before: f64 = coords[..=seg]
                .windows(2)
                .map(|w| haversine_m(w[0], w[1]))
                .sum();
            let (p, r) = (coords[seg], coords[seg + 1]);
            let along_m = (before + frac * haversine_m(p, r)).min(self.edges[edge].length_m);
            let on_road = [p[0] + frac * (r[0] - p[0]), p[1] + frac * (r[1] - p[1])];
            return Some(Snap {
                edge,
                seg,
                frac,
                along_m,
                offroad_m: haversine_m([pos_wgs84.x(), pos_wgs84.y()], on_road),
                on_road_wgs84: Point::new(on_road[0], on_road[1]),
            });
        }
        None
    }

    /// The edge's vertices from the snap point to its last vertex (`toward_end`) or to its
    /// first vertex, starting with the snapped position.
    pub(crate) fn partial_coords(&self, s: &Snap, toward_end: bool) -> Vec<[f64; 2]> {
        let coords = self.edge_coords(s.edge);
        let mut out = vec![[s.on_road_wgs84.x(), s.on_road_wgs84.y()]];
        if toward_end {
            out.extend_from_slice(&coords[s.seg + 1..]);
        } else {
            out.extend(coords[..=s.seg].iter().rev());
        }
        out
    }

    /// The edge's vertices between two snaps on it, from `a` to `b`.
    pub(crate) fn between_coords(&self, a: &Snap, b: &Snap) -> Vec<[f64; 2]> {
        let coords = self.edge_coords(a.edge);
        let mut out = vec![[a.on_road_wgs84.x(), a.on_road_wgs84.y()]];
        if a.precedes(b) {
            out.extend_from_slice(&coords[a.seg + 1..=b.seg]);
        } else {
            out.extend(coords[b.seg + 1..=a.seg].iter().rev());
        }
        out.push([b.on_road_wgs84.x(), b.on_road_wgs84.y()]);
        out
    }
}
