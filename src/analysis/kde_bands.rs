//! The fast path of [`super::kernel_density_on`]: quartic kernel stamps accumulated on all
//! cores, band by band; every pixel equals the direct evaluation of the kernel sum to rounding.
//!
//! Inputs: points in the grid's metric CRS, per-point weights already multiplied by the
//! output scale, the radius `r` (metres) and the grid.
//! Algorithm: every point on (or within `r` of) the grid becomes a stamp holding its rows
//! `r0..=r1`; stamps are counting-sorted by `r0` (stable, so the order never depends on the
//! thread count). The raster is cut into horizontal bands of whole rows (about 256 KB each, so
//! a band stays in a core's L2 cache); each band is one rayon task that owns its rows and
//! reads only the contiguous run of stamps whose rows can reach it, so no two threads write the
//! same memory, no locks are taken and every pixel sums its stamps in the same order on any
//! machine: the result is deterministic. Per row the columns within the radius are computed
//! analytically (|dx| ≤ √(r² − dy²), widened by one pixel and clamped by `max(0, ·)`, so no pixel
//! inside is missed and none outside adds anything) and the inner loop over a precomputed table of
//! column centres is branch-free and auto-vectorised: `v += w/r⁴ · max(0, r² − dy² − dx²)²`
//! (compiled twice: baseline SSE2 and AVX2, picked at run time; no FMA, so both give the same
//! bits). Accumulation is in f64.
//! Complexity: O(n + rows) to sort, O(n · (2r/pixel + 1)²) kernel work split over the cores,
//! O(cols · rows) memory. Progress is stepped and cancel checked every 4,096 stamps of a band,
//! from the worker threads ([`Progress`] is `Sync`).

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::{GridSpec, KdeError};
use crate::progress::Progress;

/// A point whose kernel reaches the grid.
#[derive(Clone, Copy)]
struct Stamp {
    x: f64,
    y: f64,
    /// `x` in columns: (x − xmin)/pixel − ½, so column c's centre is at `xs = c`.
    xs: f64,
    /// Weight × output scale / r⁴.
    wk: f64,
    /// First and last rows the kernel can reach (clamped to the grid).
    r0: u32,
    r1: u32,
}

/// Bytes of raster one band aims at (fits a core's L2 cache with room for the stamps).
const BAND_BYTES: usize = 256 * 1024;
/// Stamps between two progress steps and cancel checks.
const CHECK_EVERY: usize = 4096;

/// Kernel sums on `grid` of the finite points in `points_xy_m` (weights `w_scaled[i]`).
pub(super) fn accumulate(
    points_xy_m: &[[f64; 2]],
    w_scaled: &dyn Fn(usize) -> f64,
    r: f64,
    grid: GridSpec,
    progress: &dyn Progress,
) -> Result<Vec<f64>, KdeError> {
    let GridSpec {
        xmin,
        ymax,
        pixel_m: p,
        cols,
        rows,
    } = grid;
    if cols == 0 || rows == 0 {
        return Ok(Vec::new());
    }
    let r2 = r * r;
    let inv_r4 = 1.0 / (r2 * r2);
    let (stamps, first) = sorted_stamps(points_xy_m, w_scaled, inv_r4, r, grid);
    let max_span = stamps.iter().map(|s| s.r1 - s.r0).max().unwrap_or(0) as usize;
    let kernel = Kernel {
        r2,
        inv_p: 1.0 / p,
        centres_x: (0..cols).map(|col| xmin + (col as f64 + 0.5) * p).collect(),
        centres_y: (0..rows).map(|row| ymax - (row as f64 + 0.5) * p).collect(),
        #[cfg(target_arch = "x86_64")]
        avx2: std::arch::is_x86_feature_detected!("avx2"),
    };
    let band_rows = (BAND_BYTES / (cols * 8)).clamp(1, rows.div_ceil(8).max(1));
    // The run of stamps a band reads: r0 in [start − max_span, end).
    let run = |band: usize| {
        let start = band * band_rows;
        let end = (start + band_rows).min(rows);
        (first[start.saturating_sub(max_span)], first[end])
    };
    let bands = rows.div_ceil(band_rows);
    let total: u64 = (0..bands).map(|b| run(b).1 - run(b).0).sum::<usize>() as u64;
    let done = AtomicU64::new(0);
    progress.check()?;
    progress.step("density", 0, total);
    let mut values = vec![0.0; grid.cells()];
    values
        .par_chunks_mut(band_rows * cols)
        .enumerate()
        .try_for_each(|(band, out)| {
            let start = band * band_rows;
            let (lo, hi) = run(band);
            for (k, chunk) in stamps[lo..hi].chunks(CHECK_EVERY).enumerate() {
                if k > 0 {
                    progress.check()?;
                    let d = done.fetch_add(CHECK_EVERY as u64, Ordering::Relaxed);
                    progress.step("density", d + CHECK_EVERY as u64, total);
                }
                kernel.stamp(out, start, chunk);
            }
            // The stamps after the last step above.
            let tail = ((hi - lo) - (hi - lo).saturating_sub(1) / CHECK_EVERY * CHECK_EVERY) as u64;
            let d = done.fetch_add(tail, Ordering::Relaxed);
            progress.step("density", d + tail, total);
            Ok::<(), KdeError>(())
        })?;
    progress.step("density", total, total);
    Ok(values)
}

/// The grid's geometry as the stamping loop needs it.
struct Kernel {
    r2: f64,
    inv_p: f64,
    /// Pixel centres of every column and row (metres).
    centres_x: Vec<f64>,
    centres_y: Vec<f64>,
    #[cfg(target_arch = "x86_64")]
    avx2: bool,
}

impl Kernel {
    /// Adds `stamps` to the rows of `out` (whole rows from `start`).
    fn stamp(&self, out: &mut [f64], start: usize, stamps: &[Stamp]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU has AVX2 (checked at run time by `is_x86_feature_detected!`).
            // Same operations in the same order, so the same bits as the generic path.
            unsafe { self.stamp_avx2(out, start, stamps) };
            return;
        }
        self.stamp_generic(out, start, stamps);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn stamp_avx2(&self, out: &mut [f64], start: usize, stamps: &[Stamp]) {
        self.stamp_generic(out, start, stamps);
    }

    #[inline(always)]
    fn stamp_generic(&self, out: &mut [f64], start: usize, stamps: &[Stamp]) {
        let cols = self.centres_x.len();
        let end = start + out.len() / cols;
        for s in stamps {
            let (s0, s1) = (s.r0 as usize, s.r1 as usize);
            if s1 < start {
                continue;
            }
            for row in s0.max(start)..=s1.min(end - 1) {
                let dy = self.centres_y[row] - s.y;
                let rest = self.r2 - dy * dy;
                if rest < 0.0 {
                    continue;
                }
                // Columns c with |centre(c) − x| ≤ √rest lie in [xs − h, xs + h]; widened
                // by one on each side (truncation toward zero only widens more).
                let h = rest.sqrt() * self.inv_p;
                let c0 = (s.xs - h) as i64 - 1;
                let c1 = (s.xs + h) as i64 + 1;
                if c1 < 0 || c0 >= cols as i64 {
                    continue;
                }
                let (c0, c1) = (c0.max(0) as usize, (c1 as usize).min(cols - 1));
                let line = &mut out[(row - start) * cols..][c0..=c1];
                let (x, wk) = (s.x, s.wk);
                for (v, &cx) in line.iter_mut().zip(&self.centres_x[c0..=c1]) {
                    let dx = cx - x;
                    let t = (rest - dx * dx).max(0.0);
                    *v += wk * (t * t);
                }
            }
        }
    }
}

/// The stamps of the points whose kernel reaches the grid, stably sorted by first row, and
/// `first[row]` = index of the first stamp whose `r0 >= row` (`rows + 1` entries).
fn sorted_stamps(
    points_xy_m: &[[f64; 2]],
    w_scaled: &dyn Fn(usize) -> f64,
    inv_r4: f64,
    r: f64,
    grid: GridSpec,
) -> (Vec<Stamp>, Vec<usize>) {
    let GridSpec {
        xmin,
        ymax,
        pixel_m: p,
        cols,
        rows,
    } = grid;
    // Pass 1: each point's first row (u32::MAX: its kernel misses the grid), counted per row.
    let first_rows: Vec<u32> = points_xy_m
        .iter()
        .map(|&[x, y]| {
            if !(x.is_finite() && y.is_finite()) {
                return u32::MAX;
            }
            // Columns and rows whose centres can be within r: centre = origin ± (index + ½)p.
            let c0 = ((x - r - xmin) / p - 0.5).floor();
            let c1 = ((x + r - xmin) / p - 0.5).ceil();
            let r0 = ((ymax - (y + r)) / p - 0.5).floor();
            let r1 = ((ymax - (y - r)) / p - 0.5).ceil();
            if c1 < 0.0 || r1 < 0.0 || c0 >= cols as f64 || r0 >= rows as f64 {
                u32::MAX
            } else {
                r0.max(0.0) as u32
            }
        })
        .collect();
    let mut first = vec![0usize; rows + 1];
    for &r0 in first_rows.iter().filter(|&&r0| r0 != u32::MAX) {
        first[r0 as usize + 1] += 1;
    }
    for row in 0..rows {
        first[row + 1] += first[row];
    }
    // Pass 2: a stable counting sort straight into place.
    let mut next = first.clone();
    let mut sorted = vec![EMPTY; first[rows]];
    for (i, (&[x, y], &r0)) in points_xy_m.iter().zip(&first_rows).enumerate() {
        if r0 == u32::MAX {
            continue;
        }
        let r1 = ((ymax - (y - r)) / p - 0.5).ceil();
        let slot = &mut next[r0 as usize];
        sorted[*slot] = Stamp {
            x,
            y,
            xs: (x - xmin) / p - 0.5,
            wk: w_scaled(i) * inv_r4,
            r0,
            r1: (r1 as usize).min(rows - 1) as u32,
        };
        *slot += 1;
    }
    (sorted, first)
}

const EMPTY: Stamp = Stamp {
    x: 0.0,
    y: 0.0,
    xs: 0.0,
    wk: 0.0,
    r0: 0,
    r1: 0,
};
