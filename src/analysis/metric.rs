//! Points in a metric CRS for the access analyses (nearest service, coverage).
//!
//! Inputs: WGS84 longitude/latitude points and a projected CRS (metres; geographic CRSs are
//! rejected, since degrees are not distances). Output: `[x, y]` in that CRS's metres.
//!
//! Projection runs on all cores (rayon, chunks of [`CHUNK`] points, progress and cancel per
//! chunk): O(n) and, with `proj4rs`, roughly 0.3 µs per point per core. Project once and reuse
//! the result when the same cases are analysed again.
//!
//! [`scale_bounds`] bounds how far a projected distance may stray from the geodesic one over
//! an area: with k the local scale factor of the projection (projected length / ellipsoidal
//! length), a projected distance p and the geodesic distance g of the same two points satisfy
//! `k_min·g ≤ p ≤ k_max·g` when the paths stay inside the sampled area. So a service within
//! geodesic reach r lies within projected distance k_max·r, and the ratio `k_max / k_min` is
//! what the projected nearest's distance must be widened by so the true geodesic nearest is
//! never missed (see `nearest.rs`).

use geo::{Distance, Geodesic, Point};
use rayon::prelude::*;

use crate::crs::{Crs, CrsError, Transformer};
use crate::progress::{Cancelled, Progress};

/// Points per parallel chunk (progress and cancel are checked once per chunk).
pub const CHUNK: usize = 16_384;

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum MetricError {
    #[error(
        "EPSG:{0} is a geographic CRS (degrees); distances need a projected CRS in metres such as EPSG:6870 (Albania TM)"
    )]
    Geographic(u32),
    #[error("point {index} cannot be projected: {source}")]
    Projection {
        index: usize,
        #[source]
        source: CrsError,
    },
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for MetricError {
    fn from(_: Cancelled) -> Self {
        MetricError::Cancelled
    }
}

/// `Ok` when `crs` measures in metres (a projected CRS).
pub fn require_metric(crs: &Crs) -> Result<(), MetricError> {
    if crs.is_geographic() {
        Err(MetricError::Geographic(crs.epsg()))
    } else {
        Ok(())
    }
}

/// Projects WGS84 points to `crs` (metres) in parallel; `stage` names the step for progress.
pub fn project_wgs84(
    points_wgs84: &[Point<f64>],
    crs: &Crs,
    stage: &str,
    progress: &dyn Progress,
) -> Result<Vec<[f64; 2]>, MetricError> {
    require_metric(crs)?;
    let t = Transformer::new(&Crs::wgs84(), crs);
    let total = points_wgs84.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let chunks: Vec<Vec<[f64; 2]>> = points_wgs84
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            progress.check()?;
            let out = chunk
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    t.point(p.x(), p.y())
                        .map(|(x, y)| [x, y])
                        .map_err(|source| MetricError::Projection {
                            index: c * CHUNK + i,
                            source,
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let n = done.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
            progress.step(stage, n + chunk.len() as u64, total);
            Ok(out)
        })
        .collect::<Result<_, MetricError>>()?;
    Ok(chunks.concat())
}

/// Longitude/latitude bounds `[west, south, east, north]` of points (None when empty).
pub fn bounds_wgs84<'a>(points: impl IntoIterator<Item = &'a Point<f64>>) -> Option<[f64; 4]> {
    let mut b: Option<[f64; 4]> = None;
    for p in points {
        let (x, y) = (p.x(), p.y());
        if !x.is_finite() || !y.is_finite() {
            continue;
        }
        b = Some(match b {
            None => [x, y, x, y],
            Some(b) => [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)],
        });
    }
    b
}

/// Bounds of a projection's scale factor k (projected length / ellipsoidal length) over an
/// area, widened by a safety margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleBounds {
    pub k_min: f64,
    pub k_max: f64,
}

impl ScaleBounds {
    /// No distortion (when nothing could be sampled).
    pub const ONE: ScaleBounds = ScaleBounds {
        k_min: 1.0,
        k_max: 1.0,
    };

    /// `k_max / k_min`: a projected nearest at distance p means the geodesic nearest lies
    /// within projected distance p × ratio.
    pub fn ratio(&self) -> f64 {
        self.k_max / self.k_min
    }
}

/// The scale factor's bounds over `bounds_wgs84` grown by 10 % on every side, sampled on a
/// 17 × 17 grid in four directions, then widened on both sides by 10 % of the ratio's excess
/// over 1 plus 1e-6. About 1.0000–1.0002 for Albania TM over Albania; samples that cannot be
/// projected are skipped; [`ScaleBounds::ONE`] when none can.
pub fn scale_bounds(crs: &Crs, bounds_wgs84: [f64; 4]) -> ScaleBounds {
    let t = Transformer::new(&Crs::wgs84(), crs);
    let [w, s, e, n] = bounds_wgs84;
    let (gw, gh) = (((e - w) * 0.1).max(0.01), ((n - s) * 0.1).max(0.01));
    let (w, s, e, n) = (w - gw, (s - gh).max(-89.0), e + gw, (n + gh).min(89.0));
    const STEPS: usize = 16;
    const D_DEG: f64 = 1e-4;
    let (mut kmin, mut kmax) = (f64::INFINITY, 0.0_f64);
    for i in 0..=STEPS {
        for j in 0..=STEPS {
            let lon = w + (e - w) * i as f64 / STEPS as f64;
            let lat = s + (n - s) * j as f64 / STEPS as f64;
            let Ok(a) = t.point(lon, lat) else { continue };
            for (dx, dy) in [(D_DEG, 0.0), (0.0, D_DEG), (D_DEG, D_DEG), (D_DEG, -D_DEG)] {
                let Ok(b) = t.point(lon + dx, lat + dy) else {
                    continue;
                };
                let g = Geodesic.distance(Point::new(lon, lat), Point::new(lon + dx, lat + dy));
                let p = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
                if g > 0.0 && p.is_finite() {
                    let k = p / g;
                    kmin = kmin.min(k);
                    kmax = kmax.max(k);
                }
            }
        }
    }
    if !(kmin.is_finite() && kmin > 0.0 && kmax >= kmin) {
        return ScaleBounds::ONE;
    }
    let margin = 1.0 + (kmax / kmin - 1.0) * 0.1 + 1e-6;
    ScaleBounds {
        k_min: kmin / margin,
        k_max: kmax * margin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn rejects_geographic_crs() {
        assert_eq!(
            require_metric(&Crs::wgs84()),
            Err(MetricError::Geographic(4326))
        );
        assert!(require_metric(&Crs::albania_tm()).is_ok());
    }

    #[test]
    fn projects_like_the_transformer_and_reports_bad_points() {
        let pts: Vec<_> = (0..40_000)
            .map(|i| {
                Point::new(
                    19.5 + (i % 100) as f64 * 0.01,
                    40.0 + (i / 100) as f64 * 0.005,
                )
            })
            .collect();
        let xy = project_wgs84(&pts, &Crs::albania_tm(), "p", &NoProgress).unwrap();
        let t = Transformer::wgs84_to_tm();
        for i in [0, 17_000, 39_999] {
            let (x, y) = t.point(pts[i].x(), pts[i].y()).unwrap();
            assert_eq!(xy[i], [x, y]);
        }
        let mut bad = pts.clone();
        bad[20_000] = Point::new(f64::NAN, 41.0);
        let err = project_wgs84(&bad, &Crs::albania_tm(), "p", &NoProgress).unwrap_err();
        assert!(matches!(err, MetricError::Projection { index: 20_000, .. }));
    }

    #[test]
    fn ratio_is_small_for_albania_tm_and_large_for_web_mercator() {
        let albania = [19.2, 39.6, 21.1, 42.7];
        let tm = scale_bounds(&Crs::albania_tm(), albania);
        assert!(tm.ratio() > 1.0 && tm.ratio() < 1.001, "{tm:?}");
        assert!(tm.k_min <= 1.0 && tm.k_max > 1.0, "{tm:?}");
        // Web Mercator's scale is about 1/cos(lat): 1.29 at 39.3°, 1.37 at 43°.
        let wm = scale_bounds(&Crs::from_epsg(3857).unwrap(), albania);
        assert!(wm.k_min > 1.27 && wm.k_max < 1.4, "{wm:?}");
        assert!(wm.ratio() > 1.04 && wm.ratio() < 1.1, "{wm:?}");
    }
}
