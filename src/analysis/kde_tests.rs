use super::*;
use crate::progress::{NoProgress, SharedProgress};

fn cfg(radius_m: f64, pixel_m: f64) -> KdeConfig {
    KdeConfig {
        radius_m,
        pixel_m,
        output: DensityOutput::Raw,
    }
}

#[test]
fn the_grid_is_built_as_qgis_builds_it() {
    let g = kernel_density(
        &[[0.0, 0.0], [1000.0, 500.0]],
        None,
        &cfg(100.0, 30.0),
        &NoProgress,
    )
    .expect("grid");
    // Extent grown by r: x −100..1100 (1200 m), y −100..600 (700 m).
    assert_eq!((g.xmin, g.ymax), (-100.0, 600.0));
    assert_eq!(g.cols, (1200.0f64 / 30.0).ceil() as usize + 1);
    assert_eq!(g.rows, (700.0f64 / 30.0).ceil() as usize + 1);
    assert_eq!((g.cols, g.rows), (41, 25));
    assert_eq!(g.centre(0, 0), [-85.0, 585.0]);
}

#[test]
fn one_stamp_sums_to_pi_r2_over_3_pixels2() {
    let g =
        kernel_density(&[[5003.0, 7001.0]], None, &cfg(1000.0, 10.0), &NoProgress).expect("grid");
    let sum: f64 = g.values.iter().sum();
    let expected = std::f64::consts::PI * 1000.0 * 1000.0 / (3.0 * 10.0 * 10.0);
    assert!(
        ((sum - expected) / expected).abs() < 1e-4,
        "{sum} vs {expected}"
    );
}

#[test]
fn every_pixel_equals_a_direct_evaluation_of_the_kernel_sum() {
    // A fixed pseudo-random cloud (no RNG dependency: a simple LCG).
    let mut s = 12345u64;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let pts: Vec<[f64; 2]> = (0..60)
        .map(|_| [next() * 3000.0, next() * 2000.0])
        .collect();
    let weights: Vec<f64> = (0..60).map(|i| 1.0 + (i % 3) as f64).collect();
    let (r, p) = (450.0, 37.0);
    let g = kernel_density(&pts, Some(&weights), &cfg(r, p), &NoProgress).expect("grid");
    for row in 0..g.rows {
        for col in 0..g.cols {
            let [cx, cy] = g.centre(col, row);
            let direct: f64 = pts
                .iter()
                .zip(&weights)
                .map(|(q, w)| {
                    w * quartic_raw(((cx - q[0]).powi(2) + (cy - q[1]).powi(2)).sqrt(), r)
                })
                .sum();
            let got = g.get(col, row);
            assert!(
                (got - direct).abs() <= 1e-9 * direct.max(1.0),
                "({col},{row}): {got} vs {direct}"
            );
        }
    }
}

#[test]
fn density_per_km2_integrates_to_the_number_of_cases() {
    let config = KdeConfig {
        output: DensityOutput::PerKm2,
        ..cfg(2000.0, 25.0)
    };
    let g =
        kernel_density(&[[0.0, 0.0], [300.0, 100.0]], None, &config, &NoProgress).expect("grid");
    let cell_km2 = (25.0 / 1000.0) * (25.0 / 1000.0);
    let cases: f64 = g.values.iter().sum::<f64>() * cell_km2;
    assert!((cases - 2.0).abs() < 1e-3, "{cases}");
}

#[test]
fn bad_input_is_refused_with_a_reason_and_cancel_stops() {
    let p = [[0.0, 0.0]];
    assert!(matches!(
        kernel_density(&p, None, &cfg(0.0, 10.0), &NoProgress),
        Err(KdeError::BadParameters { .. })
    ));
    assert_eq!(
        kernel_density(&[], None, &cfg(100.0, 10.0), &NoProgress),
        Err(KdeError::NoPoints)
    );
    let tiny = GridSpec::covering([0.0, 0.0, 1.0, 1.0], 0.5).expect("grid");
    for r in [1e-80, 1e80] {
        assert!(matches!(
            kernel_density_on(&p, None, &cfg(r, 0.5), tiny, &NoProgress),
            Err(KdeError::BadParameters { .. })
        ));
    }
    assert_eq!(
        kernel_density(&p, Some(&[1.0, 2.0]), &cfg(100.0, 10.0), &NoProgress),
        Err(KdeError::WeightCount(2, 1))
    );
    assert!(matches!(
        kernel_density(
            &[[0.0, 0.0], [1e9, 1e9]],
            None,
            &cfg(100.0, 1.0),
            &NoProgress
        ),
        Err(KdeError::TooLarge(_))
    ));
    let cancelled = SharedProgress::default();
    cancelled.cancel();
    assert_eq!(
        kernel_density(&p, None, &cfg(100.0, 10.0), &cancelled),
        Err(KdeError::Cancelled)
    );
}

#[test]
fn density_on_a_given_grid_matches_the_qgis_grid_where_they_overlap() {
    let pts = [[1000.0, 1000.0], [1400.0, 1200.0]];
    let c = cfg(300.0, 50.0);
    let own = kernel_density(&pts, None, &c, &NoProgress).expect("qgis grid");
    // A larger grid whose pixels line up with the QGIS grid (offset by whole pixels).
    let spec = GridSpec {
        xmin: own.xmin - 200.0,
        ymax: own.ymax + 100.0,
        pixel_m: 50.0,
        cols: own.cols + 8,
        rows: own.rows + 6,
    };
    let on = kernel_density_on(&pts, None, &c, spec, &NoProgress).expect("given grid");
    for row in 0..own.rows {
        for col in 0..own.cols {
            let a = own.get(col, row);
            let b = on.get(col + 4, row + 2);
            assert!((a - b).abs() < 1e-12, "({col},{row}) {a} vs {b}");
        }
    }
    let sum_own: f64 = own.values.iter().sum();
    let sum_on: f64 = on.values.iter().sum();
    assert!((sum_own - sum_on).abs() < 1e-9);
    // A point far off a small grid adds nothing and does not panic.
    let small = GridSpec::covering([0.0, 0.0, 100.0, 100.0], 10.0).expect("grid");
    let off = kernel_density_on(&[[1e6, 1e6]], None, &c, small, &NoProgress).expect("off");
    assert!(off.values.iter().all(|v| *v == 0.0));
    assert_eq!(small.cell_of([5.0, 95.0]), Some((0, 0)));
    assert_eq!(small.cell_of([-1.0, 50.0]), None);
}

/// The simple sequential evaluation the banded parallel code must reproduce: every point,
/// every pixel of its bounding box, in input order.
fn sequential_reference(pts: &[[f64; 2]], weights: &[f64], r: f64, grid: GridSpec) -> Vec<f64> {
    let mut values = vec![0.0; grid.cells()];
    for (q, w) in pts.iter().zip(weights) {
        if !q.iter().all(|v| v.is_finite()) {
            continue;
        }
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                let [cx, cy] = grid.centre(col, row);
                let d2 = (cx - q[0]).powi(2) + (cy - q[1]).powi(2);
                if d2 <= r * r {
                    values[row * grid.cols + col] += w * (1.0 - d2 / (r * r)).powi(2);
                }
            }
        }
    }
    values
}

#[test]
fn the_parallel_banded_result_equals_a_sequential_reference() {
    let mut s = 987654321u64;
    let mut next = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let spec = GridSpec {
        xmin: 0.0,
        ymax: 4000.0,
        pixel_m: 23.0,
        cols: 150,
        rows: 170,
    };
    let r = 260.0;
    // Inside, near every edge, just off the grid (within r), far off it, and not finite.
    let mut pts: Vec<[f64; 2]> = (0..3000)
        .map(|_| [next() * 4000.0 - 300.0, next() * 4600.0 - 900.0])
        .collect();
    pts.extend([
        [0.0, 4000.0],
        [3450.0, 90.0],
        [-259.0, 2000.0],
        [1000.0, 4259.9],
        [1e7, 1e7],
        [f64::NAN, 10.0],
        [10.0, f64::INFINITY],
    ]);
    let weights: Vec<f64> = (0..pts.len()).map(|_| 0.25 + 3.0 * next()).collect();
    let c = cfg(r, spec.pixel_m);
    let got = kernel_density_on(&pts, Some(&weights), &c, spec, &NoProgress).expect("density");
    let want = sequential_reference(&pts, &weights, r, spec);
    let mut nonzero_edges = 0;
    for (i, (a, b)) in got.values.iter().zip(&want).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * b.abs().max(1.0),
            "pixel {i}: {a} vs {b}"
        );
        let (col, row) = (i % spec.cols, i / spec.cols);
        if (col == 0 || row == 0 || col == spec.cols - 1 || row == spec.rows - 1) && *b > 0.0 {
            nonzero_edges += 1;
        }
    }
    assert!(
        nonzero_edges > 100,
        "the edges were exercised: {nonzero_edges}"
    );
    let (sa, sb): (f64, f64) = (got.values.iter().sum(), want.iter().sum());
    assert!(((sa - sb) / sb).abs() < 1e-12, "{sa} vs {sb}");
    // Deterministic: the same bits on a second run and on a one-thread pool.
    let again = kernel_density_on(&pts, Some(&weights), &c, spec, &NoProgress).expect("again");
    assert_eq!(got.values, again.values);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let one = pool
        .install(|| kernel_density_on(&pts, Some(&weights), &c, spec, &NoProgress))
        .expect("one thread");
    assert_eq!(got.values, one.values);
}

#[test]
fn progress_reaches_the_total_and_cancel_from_workers_stops() {
    let pts: Vec<[f64; 2]> = (0..20_000)
        .map(|i| [(i % 200) as f64 * 10.0, (i / 200) as f64 * 10.0])
        .collect();
    let progress = SharedProgress::default();
    kernel_density(&pts, None, &cfg(50.0, 5.0), &progress).expect("density");
    assert_eq!(progress.fraction(), 1.0);
    assert_eq!(progress.stage(), "density");
    // An empty grid is answered without a panic.
    let empty = GridSpec {
        cols: 0,
        ..GridSpec::covering([0.0, 0.0, 10.0, 10.0], 1.0).expect("grid")
    };
    let none = kernel_density_on(&pts, None, &cfg(50.0, 1.0), empty, &NoProgress).expect("empty");
    assert!(none.values.is_empty());
    // Cancel seen by the worker threads: the up-front check passes, the bands' checks stop.
    struct CancelLater(std::sync::atomic::AtomicU64);
    impl Progress for CancelLater {
        fn step(&self, _: &str, _: u64, _: u64) {}
        fn is_cancelled(&self) -> bool {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 0
        }
    }
    let dense: Vec<[f64; 2]> = (0..100_000)
        .map(|i| [(i % 100) as f64, (i / 100) as f64 * 0.1])
        .collect();
    let later = CancelLater(0.into());
    assert_eq!(
        kernel_density(&dense, None, &cfg(20.0, 5.0), &later),
        Err(KdeError::Cancelled)
    );
    assert!(later.0.load(std::sync::atomic::Ordering::Relaxed) > 1);
}
