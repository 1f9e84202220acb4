//! Routes with their geometry, for drawing on the map and writing GPX tracks.
//!
//! Inputs: pairs of WGS84 points, a [`Profile`], [`RouteOptions`]. Each pair: both points
//! placed (`place.rs`), one forward upward search from the start's seeds and one backward
//! upward search from the end's seeds on the profile's hierarchy; the best meeting node of
//! the two search spaces (or direct travel along a shared edge, if better) gives the route;
//! its arcs are unpacked into road edges (`search::unpack`) and their geometries joined.
//! The line runs: the start point, its snapped position (the straight off-road leg), the
//! partial first edge, whole edges, the partial last edge, the end's snapped position, the
//! end point; repeated vertices are dropped. Metres and seconds are those of the matrix.
//!
//! Complexity per pair: two upward searches + O(route vertices). Pairs run in parallel
//! with one reusable workspace per worker.

use geo::Point;
use rayon::prelude::*;

use super::RoadError;
use super::ch::{Hierarchy, NONE};
use super::graph::RoadGraph;
use super::place::{NodeSeed, Placed, RouteOptions, finish, same_place};
use super::profile::Profile;
use super::search::{Label, Seed, UNREACHED, Workspace, better, unpack};
use crate::progress::{NoProgress, Progress};

/// One route: its line (WGS84), length and travel time.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadPath {
    pub coords_wgs84: Vec<Point<f64>>,
    pub dist_m: f64,
    pub time_s: f64,
}

impl RoadGraph {
    /// The fastest route from `from_wgs84` to `to_wgs84` with default options; `None` when
    /// there is none (no usable road near a point, or no connection).
    pub fn path(
        &self,
        from_wgs84: Point<f64>,
        to_wgs84: Point<f64>,
        profile: Profile,
    ) -> Result<Option<RoadPath>, RoadError> {
        let mut all = self.paths(
            &[(from_wgs84, to_wgs84)],
            profile,
            &RouteOptions::default(),
            &NoProgress,
        )?;
        Ok(all.pop().flatten())
    }

    /// The fastest route of every pair (in order), sharing search workspaces.
    pub fn paths(
        &self,
        pairs_wgs84: &[(Point<f64>, Point<f64>)],
        profile: Profile,
        opts: &RouteOptions,
        progress: &dyn Progress,
    ) -> Result<Vec<Option<RoadPath>>, RoadError> {
        let points: Vec<Point<f64>> = pairs_wgs84.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let placed = self.place(&points, profile, opts)?;
        let h = self.hierarchy(profile, progress)?;
        let total = pairs_wgs84.len() as u64;
        pairs_wgs84
            .par_iter()
            .enumerate()
            .map_init(
                || (h.workspace(), h.workspace()),
                |(wf, wb), (i, _)| {
                    progress.check().map_err(|_| RoadError::Cancelled)?;
                    progress.step("road routes", i as u64, total);
                    let (Some(a), Some(b)) = (&placed[2 * i], &placed[2 * i + 1]) else {
                        return Ok(None);
                    };
                    Ok(self.route_one(h, a, b, profile, opts, wf, wb))
                },
            )
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn route_one(
        &self,
        h: &Hierarchy,
        a: &Placed,
        b: &Placed,
        profile: Profile,
        opts: &RouteOptions,
        wf: &mut Workspace,
        wb: &mut Workspace,
    ) -> Option<RoadPath> {
        if same_place(a, b) {
            return Some(RoadPath {
                coords_wgs84: vec![a.pos_wgs84],
                dist_m: 0.0,
                time_s: 0.0,
            });
        }
        let seeds = |s: &[NodeSeed]| -> Vec<Seed> {
            s.iter()
                .filter(|s| h.local_of[s.node as usize] != NONE)
                .map(|s| Seed {
                    node: h.local_of[s.node as usize],
                    ds: s.ds,
                    dist_m: s.dist_m,
                })
                .collect()
        };
        wf.upward(h, &seeds(&a.leave), true);
        wb.upward(h, &seeds(&b.arrive), false);
        let mut best: Label = UNREACHED;
        let mut meet = NONE;
        for &(node, lf) in &wf.settled {
            let lb = wb.label(node);
            if lb.0 == u64::MAX {
                continue;
            }
            let cand = (lf.0 + lb.0, lf.1 + lb.1);
            if better(cand, best) {
                best = cand;
                meet = node;
            }
        }
        let mut line: Vec<[f64; 2]> = vec![[a.pos_wgs84.x(), a.pos_wgs84.y()]];
        match self.direct(&a.snap, &b.snap, profile) {
            Some(d) if !better(best, d) => {
                best = d;
                line.extend(self.between_coords(&a.snap, &b.snap));
            }
            _ if meet == NONE => return None,
            _ => {
                let start = wf.root_of(meet);
                let end = wb.root_of(meet);
                let leave = used_seed(&a.leave, h, start, wf.label(start))?;
                let arrive = used_seed(&b.arrive, h, end, wb.label(end))?;
                line.extend(self.partial_coords(&a.snap, leave.at_end));
                let mut cur = leave.node;
                for e in unpack(h, &wf.arcs_to(meet, true), &wb.arcs_to(meet, false)) {
                    let (coords, edge) = (self.edge_coords(e as usize), &self.edges[e as usize]);
                    if edge.from == cur {
                        line.extend_from_slice(&coords[1..]);
                        cur = edge.to;
                    } else {
                        line.extend(coords[..coords.len() - 1].iter().rev());
                        cur = edge.from;
                    }
                }
                debug_assert_eq!(cur, arrive.node);
                let mut tail = self.partial_coords(&b.snap, arrive.at_end);
                tail.reverse();
                line.extend(tail);
            }
        }
        line.push([b.pos_wgs84.x(), b.pos_wgs84.y()]);
        line.dedup();
        let (time_s, dist_m) = finish(best.0, best.1, &a.snap, &b.snap, opts);
        Some(RoadPath {
            coords_wgs84: line.into_iter().map(|c| Point::new(c[0], c[1])).collect(),
            dist_m,
            time_s,
        })
    }
}

/// The seed a search path started from: at the root's graph node with the root's label
/// (two seeds share a node only on a loop edge; the label tells them apart).
fn used_seed(seeds: &[NodeSeed], h: &Hierarchy, root: u32, label: Label) -> Option<NodeSeed> {
    let node = h.global_of[root as usize];
    let at = |s: &&NodeSeed| s.node == node;
    seeds
        .iter()
        .filter(at)
        .find(|s| s.ds == label.0 && s.dist_m == label.1)
        .or_else(|| seeds.iter().find(at))
        .copied()
}
