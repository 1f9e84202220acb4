//! Placing route points on the graph: snaps turned into search seeds, and the cost rules
//! shared by the hierarchy (`route.rs`, `path.rs`) and the Dijkstra reference.
//!
//! A point snapped at fraction r = along / length of edge u→v (time T forward, T' backward)
//! leaves towards v in round(T·(1−r)) deciseconds and towards u in round(T'·r) when those
//! directions are open; it is reached from u in round(T·r) and from v in round(T'·(1−r)).
//! Two points on the same edge may also travel directly along it. Metres follow the same
//! split. The off-road legs (point ↔ snapped position, straight) add their metres and are
//! travelled at `RouteOptions::offroad_kmh` (walking speed by default) in both profiles.
//! O(1) per point after the snap.

use geo::Point;

use super::RoadError;
use super::graph::RoadGraph;
use super::profile::{Profile, WALKING_KMH};
use super::snap::Snap;

/// How points are placed on the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteOptions {
    /// Points farther than this from every usable road are unreachable (metres).
    pub max_snap_m: f64,
    /// Speed of the straight off-road legs between a point and its road (km/h).
    pub offroad_kmh: f64,
}

impl Default for RouteOptions {
    fn default() -> Self {
        Self {
            max_snap_m: 5_000.0,
            offroad_kmh: WALKING_KMH,
        }
    }
}

/// A graph node reached with a time (deciseconds) and a length (metres).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NodeSeed {
    pub node: u32,
    pub ds: u64,
    pub dist_m: f64,
    /// The seed is the edge's last node (else its first): which way the partial edge runs.
    pub at_end: bool,
}

/// A point on the network: its snap and the seeds leaving it / arriving at it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub pos_wgs84: Point<f64>,
    pub snap: Snap,
    pub leave: Vec<NodeSeed>,
    pub arrive: Vec<NodeSeed>,
}

fn part(ds: u32, share: f64) -> u64 {
    (ds as f64 * share.clamp(0.0, 1.0)).round() as u64
}

impl RoadGraph {
    /// Snaps every point; `None` for points with no usable road within `max_snap_m`.
    /// A position that is not WGS84 (non-finite, |lon| > 180, |lat| > 90) is an error.
    pub(crate) fn place(
        &self,
        points_wgs84: &[Point<f64>],
        profile: Profile,
        opts: &RouteOptions,
    ) -> Result<Vec<Option<Placed>>, RoadError> {
        for (index, p) in points_wgs84.iter().enumerate() {
            let (lon, lat) = (p.x(), p.y());
            if !(lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0) {
                return Err(RoadError::BadPoint { index, lon, lat });
            }
        }
        use rayon::prelude::*;
        Ok(points_wgs84
            .par_iter()
            .map(|&p| {
                let snap = self.snap(p, profile, opts.max_snap_m)?;
                let e = &self.edges[snap.edge];
                let r = if e.length_m > 0.0 {
                    snap.along_m / e.length_m
                } else {
                    0.0
                };
                let (fwd, bwd) = self.edge_cost_ds(snap.edge, profile);
                let (to_end_m, to_start_m) = ((e.length_m - snap.along_m).max(0.0), snap.along_m);
                let mut leave = Vec::new();
                let mut arrive = Vec::new();
                if let Some(t) = fwd {
                    leave.push(NodeSeed {
                        node: e.to,
                        ds: part(t, 1.0 - r),
                        dist_m: to_end_m,
                        at_end: true,
                    });
                    arrive.push(NodeSeed {
                        node: e.from,
                        ds: part(t, r),
                        dist_m: to_start_m,
                        at_end: false,
                    });
                }
                if let Some(t) = bwd {
                    leave.push(NodeSeed {
                        node: e.from,
                        ds: part(t, r),
                        dist_m: to_start_m,
                        at_end: false,
                    });
                    arrive.push(NodeSeed {
                        node: e.to,
                        ds: part(t, 1.0 - r),
                        dist_m: to_end_m,
                        at_end: true,
                    });
                }
                Some(Placed {
                    pos_wgs84: p,
                    snap,
                    leave,
                    arrive,
                })
            })
            .collect())
    }

    /// Travel directly along the shared edge from `a` to `b`: (deciseconds, metres).
    pub(crate) fn direct(&self, a: &Snap, b: &Snap, profile: Profile) -> Option<(u64, f64)> {
        if a.edge != b.edge {
            return None;
        }
        let e = &self.edges[a.edge];
        let share = if e.length_m > 0.0 {
            (b.along_m - a.along_m).abs() / e.length_m
        } else {
            0.0
        };
        let (fwd, bwd) = self.edge_cost_ds(a.edge, profile);
        let m = (b.along_m - a.along_m).abs();
        let t = if a.precedes(b) { fwd } else { bwd };
        t.map(|t| (part(t, share), m))
    }
}

/// Seconds and metres of a whole route: the road part plus both off-road legs.
pub(crate) fn finish(ds: u64, road_m: f64, a: &Snap, b: &Snap, opts: &RouteOptions) -> (f64, f64) {
    let off_m = a.offroad_m + b.offroad_m;
    let time_s = ds as f64 / 10.0 + off_m / (opts.offroad_kmh / 3.6);
    (time_s, road_m + off_m)
}

/// Two points at the same position need no travel.
pub(crate) fn same_place(a: &Placed, b: &Placed) -> bool {
    a.pos_wgs84 == b.pos_wgs84
}
