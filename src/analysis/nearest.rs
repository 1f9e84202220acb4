//! Nearest service for every case: which service of the chosen types is closest, and how far.
//!
//! Inputs: cases and services (WGS84 points), [`NearestConfig`]: the service types to consider
//! (empty = all), a projected CRS in metres (default KRGJSH-2010 / Albania TM, EPSG:6870;
//! geographic CRSs are rejected) and `geodesic`.
//! Output: per case, `Some((service index into the input slice, distance_m))`, or `None`
//! when no service of the chosen types exists.
//!
//! Algorithm: the chosen services are projected and put in a static 2-d tree ([`KdTree`]); every case is
//! projected and queried on all cores (rayon, chunks of [`CHUNK`] cases, progress and cancel
//! per chunk). Distances are straight lines in the CRS, `sqrt(dx² + dy²)`. Ties (services at
//! exactly the same distance) go to the lowest service index, so results never depend on the
//! tree's layout or on thread scheduling.
//! Geodesic (`geodesic: true`): distances are on the WGS84 ellipsoid (Karney, via `geo`'s
//! `Geodesic`). The projected nearest at distance p bounds the search: the true geodesic
//! nearest lies within projected distance p × k_max/k_min ([`scale_bounds`]: the CRS's scale-factor spread
//! over the data, about 1.0002 for Albania TM), so every service within that radius is
//! re-ranked by geodesic distance (ties again to the lowest index).
//! Complexity: O(s log s) to build, O(n log s) to query (plus the few candidates per case
//! when geodesic); O(n + s) memory. Projection is O(n) and often costs as much as the queries:
//! [`nearest_projected`] takes cases already projected, for callers that keep them.

use geo::{Distance, Geodesic, Point};
use rayon::prelude::*;

use super::kdtree::KdTree;
use super::metric::{self, CHUNK, MetricError, ScaleBounds, bounds_wgs84, scale_bounds};
use crate::crs::Crs;
use crate::model::{Case, Service, ServiceType};
use crate::progress::{Cancelled, Progress};

/// What to look for and how to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestConfig {
    /// Service types to consider; empty means every service.
    pub types: Vec<ServiceType>,
    /// Projected CRS distances are measured in (metres).
    pub crs: Crs,
    /// Measure on the WGS84 ellipsoid instead of in `crs`.
    pub geodesic: bool,
}

impl Default for NearestConfig {
    fn default() -> Self {
        Self {
            types: Vec::new(),
            crs: Crs::albania_tm(),
            geodesic: false,
        }
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum NearestError {
    #[error("{0}")]
    Metric(MetricError),
    #[error("{what} {index} has a position that cannot be used: {source}")]
    BadPoint {
        what: &'static str,
        index: usize,
        #[source]
        source: MetricError,
    },
    #[error("{0} services: more than this analysis can index")]
    TooManyServices(usize),
    #[error("{cases} case positions for {wgs84} WGS84 positions")]
    LengthMismatch { cases: usize, wgs84: usize },
    #[error("cancelled")]
    Cancelled,
}

impl From<MetricError> for NearestError {
    fn from(e: MetricError) -> Self {
        match e {
            MetricError::Cancelled => NearestError::Cancelled,
            other => NearestError::Metric(other),
        }
    }
}

impl From<Cancelled> for NearestError {
    fn from(_: Cancelled) -> Self {
        NearestError::Cancelled
    }
}

/// Per case: the nearest service's index and its distance in metres.
pub type NearestHit = Option<(usize, f64)>;

/// The services of the chosen types in a [`KdTree`], in a projected CRS's metres.
pub struct ServiceIndex {
    tree: KdTree,
    /// WGS84 positions by input index (for geodesic distances).
    pos_wgs84: Vec<Point<f64>>,
    bounds_wgs84: Option<[f64; 4]>,
    crs: Crs,
}

impl ServiceIndex {
    /// Projects and indexes the services whose type is in `types` (all when empty).
    pub fn build(
        services: &[Service],
        types: &[ServiceType],
        crs: &Crs,
    ) -> Result<Self, NearestError> {
        metric::require_metric(crs)?;
        if u32::try_from(services.len()).is_err() {
            return Err(NearestError::TooManyServices(services.len()));
        }
        let t = crate::crs::Transformer::new(&Crs::wgs84(), crs);
        let mut items = Vec::new();
        for (i, s) in services.iter().enumerate() {
            if !types.is_empty() && !types.contains(&s.service_type) {
                continue;
            }
            let (x, y) =
                t.point(s.pos_wgs84.x(), s.pos_wgs84.y())
                    .map_err(|e| NearestError::BadPoint {
                        what: "service",
                        index: i,
                        source: MetricError::Projection {
                            index: i,
                            source: e,
                        },
                    })?;
            items.push(([x, y], i as u32));
        }
        let pos_wgs84: Vec<Point<f64>> = services.iter().map(|s| s.pos_wgs84).collect();
        let bounds = bounds_wgs84(items.iter().map(|it| &pos_wgs84[it.1 as usize]));
        Ok(Self {
            tree: KdTree::new(items),
            pos_wgs84,
            bounds_wgs84: bounds,
            crs: crs.clone(),
        })
    }

    /// Indexes points already in metres (`xy_m[i]` keeps index `i`; non-finite points are
    /// left out); geodesic queries need [`ServiceIndex::build`].
    pub fn from_xy(xy_m: &[[f64; 2]]) -> Self {
        Self {
            tree: KdTree::new(xy_m.iter().enumerate().map(|(i, p)| (*p, i as u32))),
            pos_wgs84: Vec::new(),
            bounds_wgs84: None,
            crs: Crs::albania_tm(),
        }
    }

    /// How many services are indexed.
    pub fn len(&self) -> usize {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    pub fn crs(&self) -> &Crs {
        &self.crs
    }

    /// The nearest service to `xy_m` and its straight-line distance in metres; ties to the
    /// lowest index.
    pub fn nearest(&self, xy_m: [f64; 2]) -> NearestHit {
        self.tree
            .nearest(xy_m)
            .map(|(id, d2)| (id as usize, d2.sqrt()))
    }

    /// The geodesically nearest service to a case at `xy_m` / `pos_wgs84`, with its geodesic
    /// distance in metres; ties to the lowest index. `scale` comes from
    /// [`ServiceIndex::scale_with`] over the cases.
    pub fn nearest_geodesic(
        &self,
        xy_m: [f64; 2],
        pos_wgs84: Point<f64>,
        scale: ScaleBounds,
    ) -> NearestHit {
        let (_, d2) = self.tree.nearest(xy_m)?;
        let r = d2.sqrt() * scale.ratio() + 1e-3;
        let mut best = (f64::INFINITY, usize::MAX);
        self.tree.within(xy_m, r * r, &mut |id, _| {
            let cand = (
                Geodesic.distance(pos_wgs84, self.pos_wgs84[id as usize]),
                id as usize,
            );
            if cand.0 < best.0 || (cand.0 == best.0 && cand.1 < best.1) {
                best = cand;
            }
        });
        (best.1 != usize::MAX).then_some((best.1, best.0))
    }

    /// Services within `reach_m` (inclusive) as `(distance_m, index)`, nearest first, ties by
    /// index. Geodesic when `scale` is `Some` (then `pos_wgs84` is the case's position): the
    /// candidates are those within projected distance `reach_m × k_max`.
    pub fn within(
        &self,
        xy_m: [f64; 2],
        pos_wgs84: Point<f64>,
        reach_m: f64,
        scale: Option<ScaleBounds>,
    ) -> Vec<(f64, usize)> {
        let ratio = scale.map(|s| s.k_max);
        // Widened a hair so rounding of the squares never drops a service at exactly `reach_m`.
        let search = ratio.map_or(reach_m * (1.0 + 1e-9), |r| reach_m * r + 1e-3);
        let mut out: Vec<(f64, usize)> = Vec::new();
        self.tree.within(xy_m, search * search, &mut |id, d2| {
            let d = match ratio {
                None => d2.sqrt(),
                Some(_) => Geodesic.distance(pos_wgs84, self.pos_wgs84[id as usize]),
            };
            if d <= reach_m {
                out.push((d, id as usize));
            }
        });
        out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        out
    }

    /// [`scale_bounds`] over these services and the given case positions.
    pub fn scale_with(&self, cases_wgs84: &[Point<f64>]) -> ScaleBounds {
        let b = match (self.bounds_wgs84, bounds_wgs84(cases_wgs84)) {
            (Some(a), Some(b)) => [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ],
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return ScaleBounds::ONE,
        };
        scale_bounds(&self.crs, b)
    }
}

/// Nearest service of `cfg.types` for every case (see the module doc).
pub fn nearest_services(
    cases: &[Case],
    services: &[Service],
    cfg: &NearestConfig,
    progress: &dyn Progress,
) -> Result<Vec<NearestHit>, NearestError> {
    let index = ServiceIndex::build(services, &cfg.types, &cfg.crs)?;
    let pos: Vec<Point<f64>> = cases.iter().map(|c| c.pos_wgs84).collect();
    let xy =
        metric::project_wgs84(&pos, &cfg.crs, "project cases", progress).map_err(|e| match e {
            MetricError::Projection { index, .. } => NearestError::BadPoint {
                what: "case",
                index,
                source: e,
            },
            other => other.into(),
        })?;
    nearest_projected(&index, &xy, &pos, cfg.geodesic, progress)
}

/// Nearest service for cases already projected to the index's CRS (`cases_xy_m[i]` is
/// `cases_wgs84[i]` projected; `cases_wgs84` is only read when `geodesic`).
pub fn nearest_projected(
    index: &ServiceIndex,
    cases_xy_m: &[[f64; 2]],
    cases_wgs84: &[Point<f64>],
    geodesic: bool,
    progress: &dyn Progress,
) -> Result<Vec<NearestHit>, NearestError> {
    if geodesic && cases_wgs84.len() != cases_xy_m.len() {
        return Err(NearestError::LengthMismatch {
            cases: cases_xy_m.len(),
            wgs84: cases_wgs84.len(),
        });
    }
    let scale = geodesic.then(|| index.scale_with(cases_wgs84));
    Ok(for_each_case(
        cases_xy_m.len(),
        "nearest service",
        progress,
        |i| match scale {
            None => index.nearest(cases_xy_m[i]),
            Some(s) => index.nearest_geodesic(cases_xy_m[i], cases_wgs84[i], s),
        },
    )?)
}

/// Runs `f(case index)` for `0..n` on all cores, in chunks of [`CHUNK`] with progress and
/// cancel per chunk; results in case order.
pub(crate) fn for_each_case<T: Send>(
    n: usize,
    stage: &str,
    progress: &dyn Progress,
    f: impl Fn(usize) -> T + Sync,
) -> Result<Vec<T>, Cancelled> {
    let done = std::sync::atomic::AtomicU64::new(0);
    let starts: Vec<usize> = (0..n).step_by(CHUNK).collect();
    let chunks: Vec<Vec<T>> = starts
        .into_par_iter()
        .map(|start| {
            progress.check()?;
            let end = (start + CHUNK).min(n);
            let out: Vec<T> = (start..end).map(&f).collect();
            let k = (end - start) as u64;
            let before = done.fetch_add(k, std::sync::atomic::Ordering::Relaxed);
            progress.step(stage, before + k, n as u64);
            Ok(out)
        })
        .collect::<Result<_, Cancelled>>()?;
    Ok(chunks.into_iter().flatten().collect())
}

#[cfg(test)]
#[path = "nearest_tests.rs"]
pub(crate) mod tests;
