//! Clipping in tile pixels, so the rasteriser only ever sees coordinates near the tile.
//!
//! Input: rings and lines already mapped to pixels (f64), and a clip box (the tile grown by a
//! margin wider than any stroke, so clipped edges never show). Polygons: Sutherland–Hodgman
//! against the box's four sides, O(n) per ring; the zero-width bridges it leaves along the
//! box lie in the margin, outside the tile. Lines: Liang–Barsky per segment, joined into
//! runs. Both drop vertices closer than `min_step_px` to the last one kept (the full-detail
//! coastline costs nothing at country zooms).

/// A box in pixels: [min x, min y, max x, max y].
pub type BoxPx = [f64; 4];

/// Clips a closed ring (first point need not repeat) to `bounds`; `None` when nothing is left.
pub fn clip_ring(ring: &[[f64; 2]], bounds: BoxPx, min_step_px: f64) -> Option<Vec<[f64; 2]>> {
    let mut pts: Vec<[f64; 2]> = ring.to_vec();
    // (axis, limit, keep points with coordinate >= limit?)
    for (axis, limit, keep_above) in [
        (0, bounds[0], true),
        (0, bounds[2], false),
        (1, bounds[1], true),
        (1, bounds[3], false),
    ] {
        if pts.len() < 3 {
            return None;
        }
        let inside = |p: &[f64; 2]| {
            if keep_above {
                p[axis] >= limit
            } else {
                p[axis] <= limit
            }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let cur = pts[i];
            let prev = pts[(i + pts.len() - 1) % pts.len()];
            let (ci, pi) = (inside(&cur), inside(&prev));
            if ci != pi {
                let t = (limit - prev[axis]) / (cur[axis] - prev[axis]);
                let mut x = [
                    prev[0] + (cur[0] - prev[0]) * t,
                    prev[1] + (cur[1] - prev[1]) * t,
                ];
                x[axis] = limit;
                out.push(x);
            }
            if ci {
                out.push(cur);
            }
        }
        pts = out;
    }
    let thinned = thin(&pts, min_step_px);
    (thinned.len() >= 3).then_some(thinned)
}

/// Drops points closer than `min_step_px` to the previous point kept (the last point is kept).
pub fn thin(pts: &[[f64; 2]], min_step_px: f64) -> Vec<[f64; 2]> {
    let min_sq = min_step_px * min_step_px;
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(pts.len());
    for (i, p) in pts.iter().enumerate() {
        match out.last() {
            Some(q) if i + 1 < pts.len() && dist_sq(*p, *q) < min_sq => {}
            _ => out.push(*p),
        }
    }
    out
}

fn dist_sq(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// The part of segment `a`–`b` inside `bounds` (Liang–Barsky), or `None`.
pub fn clip_segment(a: [f64; 2], b: [f64; 2], bounds: BoxPx) -> Option<([f64; 2], [f64; 2])> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-d[0], a[0] - bounds[0]),
        (d[0], bounds[2] - a[0]),
        (-d[1], a[1] - bounds[1]),
        (d[1], bounds[3] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then(|| {
        (
            [a[0] + t0 * d[0], a[1] + t0 * d[1]],
            [a[0] + t1 * d[0], a[1] + t1 * d[1]],
        )
    })
}

/// Splits a polyline into the runs inside `bounds`, each of 2+ points.
pub fn clip_line(line: &[[f64; 2]], bounds: BoxPx, min_step_px: f64) -> Vec<Vec<[f64; 2]>> {
    let mut runs = Vec::new();
    let mut run: Vec<[f64; 2]> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(w[0], w[1], bounds) {
            Some((a, b)) => {
                let continues = run.last().is_some_and(|l| dist_sq(*l, a) < 1e-12);
                if !continues {
                    flush(&mut runs, &mut run, min_step_px);
                    run.push(a);
                }
                run.push(b);
            }
            None => flush(&mut runs, &mut run, min_step_px),
        }
    }
    flush(&mut runs, &mut run, min_step_px);
    runs
}

fn flush(runs: &mut Vec<Vec<[f64; 2]>>, run: &mut Vec<[f64; 2]>, min_step_px: f64) {
    if run.len() >= 2 {
        let t = thin(run, min_step_px);
        if t.len() >= 2 {
            runs.push(t);
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_larger_than_the_box_becomes_the_box() {
        let ring = [
            [-100.0, -100.0],
            [400.0, -100.0],
            [400.0, 400.0],
            [-100.0, 400.0],
        ];
        let out = clip_ring(&ring, [0.0, 0.0, 256.0, 256.0], 0.3).expect("inside");
        assert_eq!(out.len(), 4);
        for p in out {
            assert!(p[0] == 0.0 || p[0] == 256.0);
            assert!(p[1] == 0.0 || p[1] == 256.0);
        }
        let away = [[500.0, 500.0], [600.0, 500.0], [600.0, 600.0]];
        assert!(clip_ring(&away, [0.0, 0.0, 256.0, 256.0], 0.3).is_none());
    }

    #[test]
    fn a_line_through_the_box_is_cut_at_its_edges_and_split_when_it_leaves() {
        let line = [
            [-50.0, 10.0],
            [50.0, 10.0],
            [300.0, 10.0],
            [300.0, 50.0],
            [100.0, 50.0],
        ];
        let runs = clip_line(&line, [0.0, 0.0, 256.0, 256.0], 0.3);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0], vec![[0.0, 10.0], [50.0, 10.0], [256.0, 10.0]]);
        assert_eq!(runs[1], vec![[256.0, 50.0], [100.0, 50.0]]);
    }

    #[test]
    fn thinning_keeps_the_ends() {
        let pts: Vec<[f64; 2]> = (0..=100).map(|i| [i as f64 * 0.01, 0.0]).collect();
        let t = thin(&pts, 0.3);
        assert!((4..=6).contains(&t.len()), "{t:?}");
        assert_eq!(t.first(), Some(&[0.0, 0.0]));
        assert_eq!(t.last(), Some(&[1.0, 0.0]));
    }
}
