//! Travel-time and distance matrices along roads.
//!
//! Inputs: points in WGS84, a [`Profile`], [`RouteOptions`]. Each point is snapped
//! (`snap.rs`) and seeded (`place.rs`); the profile's contraction hierarchy (`ch.rs`, built on
//! first use and kept in the graph) answers all pairs with the bucket many-to-many search
//! (`search.rs`); pairs on the same edge may also travel directly along it. Output: a square
//! row-major [`RoadMatrix`] of seconds and metres (the fastest route's length), `INFINITY`
//! when there is no route (a point far from any usable road, different components, one-way
//! dead ends); 0 on the diagonal and between identical points.
//!
//! Complexity: n snaps O(n log S), then 2n upward searches (parallel) and the bucket scans.

use geo::Point;

use super::RoadError;
use super::ch::{Hierarchy, NONE};
use super::graph::RoadGraph;
use super::place::{NodeSeed, Placed, RouteOptions, finish, same_place};
use super::profile::Profile;
use super::search::{Label, Seed, UNREACHED, better, many_to_many};
use crate::progress::{NoProgress, Progress};

/// Square travel matrix, row-major: entry `i * n + j` is from point i to point j.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadMatrix {
    pub n: usize,
    /// Metres along the fastest route (off-road legs included); `INFINITY` = unreachable.
    pub dist_m: Vec<f64>,
    /// Seconds along the fastest route (off-road legs included); `INFINITY` = unreachable.
    pub time_s: Vec<f64>,
}

impl RoadMatrix {
    pub fn dist(&self, from: usize, to: usize) -> f64 {
        self.dist_m[from * self.n + to]
    }

    pub fn time(&self, from: usize, to: usize) -> f64 {
        self.time_s[from * self.n + to]
    }

    /// Filled with `INFINITY` off the diagonal, 0 on it.
    pub(crate) fn unreachable(n: usize) -> Self {
        let mut m = Self {
            n,
            dist_m: vec![f64::INFINITY; n * n],
            time_s: vec![f64::INFINITY; n * n],
        };
        for i in 0..n {
            m.dist_m[i * n + i] = 0.0;
            m.time_s[i * n + i] = 0.0;
        }
        m
    }

    /// Writes the route from `a` to `b` given its best road label (deciseconds, metres).
    pub(crate) fn set(
        &mut self,
        i: usize,
        j: usize,
        a: &Placed,
        b: &Placed,
        best: Label,
        opts: &RouteOptions,
    ) {
        if i == j || same_place(a, b) {
            self.dist_m[i * self.n + j] = 0.0;
            self.time_s[i * self.n + j] = 0.0;
        } else if best != UNREACHED {
            let (t, m) = finish(best.0, best.1, &a.snap, &b.snap, opts);
            self.time_s[i * self.n + j] = t;
            self.dist_m[i * self.n + j] = m;
        }
    }
}

impl RoadGraph {
    /// Builds (once) the contraction hierarchy of `profile`; later routing reuses it.
    pub fn prepare(&self, profile: Profile, progress: &dyn Progress) -> Result<(), RoadError> {
        self.hierarchy(profile, progress).map(|_| ())
    }

    /// Prepares both profiles at once, one per core (`fast_paths` itself is single-threaded).
    pub fn prepare_all(&self, progress: &dyn Progress) -> Result<(), RoadError> {
        let (walking, driving) = rayon::join(
            || self.prepare(Profile::Walking, progress),
            || self.prepare(Profile::Driving, progress),
        );
        walking.and(driving)
    }

    /// Whether [`RoadGraph::prepare`] already ran for `profile`.
    pub fn is_prepared(&self, profile: Profile) -> bool {
        self.ch[profile.index()].get().is_some()
    }

    pub(crate) fn hierarchy(
        &self,
        profile: Profile,
        progress: &dyn Progress,
    ) -> Result<&Hierarchy, RoadError> {
        let cell = &self.ch[profile.index()];
        if let Some(h) = cell.get() {
            return Ok(h);
        }
        // One builder at a time; a poisoned lock only means an earlier builder panicked.
        let _building = self.ch_building[profile.index()]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(h) = cell.get() {
            return Ok(h);
        }
        let h = Hierarchy::build(self, profile, progress)?;
        Ok(cell.get_or_init(|| h))
    }

    /// All-pairs travel times and distances between `points_wgs84` with default options.
    pub fn matrix(
        &self,
        points_wgs84: &[Point<f64>],
        profile: Profile,
    ) -> Result<RoadMatrix, RoadError> {
        self.matrix_with(points_wgs84, profile, &RouteOptions::default(), &NoProgress)
    }

    /// All-pairs travel times and distances, with options, progress and cancel.
    pub fn matrix_with(
        &self,
        points_wgs84: &[Point<f64>],
        profile: Profile,
        opts: &RouteOptions,
        progress: &dyn Progress,
    ) -> Result<RoadMatrix, RoadError> {
        let placed = self.place(points_wgs84, profile, opts)?;
        let h = self.hierarchy(profile, progress)?;
        let to_ch = |seeds: &[NodeSeed]| -> Vec<Seed> {
            seeds
                .iter()
                .filter_map(|s| {
                    let node = h.local_of[s.node as usize];
                    (node != NONE).then_some(Seed {
                        node,
                        ds: s.ds,
                        dist_m: s.dist_m,
                    })
                })
                .collect()
        };
        let on: Vec<(usize, &Placed)> = placed
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, p.as_ref()?)))
            .collect();
        let sources: Vec<Vec<Seed>> = on.iter().map(|(_, p)| to_ch(&p.leave)).collect();
        let targets: Vec<Vec<Seed>> = on.iter().map(|(_, p)| to_ch(&p.arrive)).collect();
        let labels =
            many_to_many(h, &sources, &targets, progress).map_err(|_| RoadError::Cancelled)?;
        let mut m = RoadMatrix::unreachable(points_wgs84.len());
        let k = on.len();
        for (si, &(i, a)) in on.iter().enumerate() {
            for (ti, &(j, b)) in on.iter().enumerate() {
                let mut best = labels[si * k + ti];
                if let Some(d) = self.direct(&a.snap, &b.snap, profile)
                    && better(d, best)
                {
                    best = d;
                }
                m.set(i, j, a, b, best, opts);
            }
        }
        Ok(m)
    }
}
