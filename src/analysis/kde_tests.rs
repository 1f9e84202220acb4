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
