use geo::{LineString, MultiPolygon, Polygon};

use super::*;
use crate::progress::NoProgress;

fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> LineString<f64> {
    LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
}

fn mp(p: Polygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![p])
}

/// 60 × 20 cells of 100 m; centres at x = 0, 100, …, 5900 and y = 1000, 900, …, −900.
fn grid() -> GridSpec {
    GridSpec {
        xmin: -50.0,
        ymax: 1050.0,
        pixel_m: 100.0,
        cols: 60,
        rows: 20,
    }
}

#[test]
fn labels_fill_cell_centres_inside_keep_holes_and_share_edges() {
    let g = grid();
    let a = Polygon::new(
        square(0.0, 0.0, 1000.0, 1000.0),
        vec![square(400.0, 400.0, 600.0, 600.0)],
    );
    let b = Polygon::new(square(1000.0, 0.0, 2000.0, 1000.0), vec![]);
    let labels = rasterize_labels(&g, &[mp(a.clone()), mp(b)]);
    for r in 0..g.rows {
        for c in 0..g.cols {
            let [x, y] = g.centre(c, r);
            let in_square = |x0: f64, x1: f64| (x0..x1).contains(&x) && (0.0..1000.0).contains(&y);
            let in_hole = (400.0..600.0).contains(&x) && (400.0..600.0).contains(&y);
            let expect = if in_square(0.0, 1000.0) && !in_hole {
                1
            } else if in_square(1000.0, 2000.0) {
                2
            } else {
                0
            };
            assert_eq!(
                labels[r * g.cols + c],
                expect,
                "cell ({c}, {r}) at ({x}, {y})"
            );
        }
    }
    let count = |l: u16| labels.iter().filter(|v| **v == l).count();
    // Centres 0..=900 in x and y (half-open: the lower/left edges are in, the upper/right
    // ones out), minus the 2 × 2 hole centres at 400/500.
    assert_eq!(count(1), 10 * 10 - 4);
    assert_eq!(count(2), 10 * 10);
}

#[test]
fn mine_factor_is_one_inside_half_at_half_decay_zero_beyond() {
    let g = grid();
    let mine = mp(Polygon::new(square(0.0, 0.0, 1000.0, 1000.0), vec![]));
    let f = polygon_decay(&g, &[mine], 3000.0, "mines", &NoProgress).unwrap();
    let at = |x: f64, y: f64| {
        let (c, r) = g.cell_of([x, y]).unwrap();
        f[r * g.cols + c]
    };
    assert_eq!(at(500.0, 500.0), 1.0);
    assert!(
        (at(2500.0, 500.0) - 0.5).abs() < 1e-6,
        "{}",
        at(2500.0, 500.0)
    );
    assert!((at(1300.0, 500.0) - 0.9).abs() < 1e-6);
    assert_eq!(at(4000.0, 500.0), 0.0);
    assert_eq!(at(5900.0, -900.0), 0.0);
    assert!(f.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn service_factor_matches_brute_force_nearest_distance() {
    let g = grid();
    let services = [[0.0, 0.0], [3300.0, 420.0]];
    let far = 2000.0;
    let f = service_distance(&g, &services, far, &NoProgress).unwrap();
    for r in 0..g.rows {
        for c in 0..g.cols {
            let [x, y] = g.centre(c, r);
            let d = services
                .iter()
                .map(|s| ((x - s[0]).powi(2) + (y - s[1]).powi(2)).sqrt())
                .fold(f64::INFINITY, f64::min);
            let expect = (d / far).min(1.0) as f32;
            assert!((f[r * g.cols + c] - expect).abs() < 1e-6, "({c}, {r})");
        }
    }
    let (c, r) = g.cell_of([1000.0, 0.0]).unwrap();
    assert!((f[r * g.cols + c] - 0.5).abs() < 1e-6);
    let none = service_distance(&g, &[], far, &NoProgress).unwrap();
    assert!(none.iter().all(|v| *v == 1.0));
}

#[test]
fn density_is_scaled_by_its_99th_percentile_on_land() {
    let values: Vec<f64> = (0..=100).map(f64::from).collect();
    let mut land = vec![1u16; values.len()];
    land[100] = 0; // 100 is off land: not part of the reference
    let (f, reference) = normalise_density(&values, &land);
    // Non-zero land values 1..=99; index round(98 × 0.99) = 97 → 98.
    assert_eq!(reference, 98.0);
    assert!((f[49] - 49.0 / 98.0).abs() < 1e-6);
    assert_eq!(f[99], 1.0);
    assert_eq!(f[100], 1.0, "capped at 1");
    assert_eq!(f[0], 0.0);
    let (zeros, r0) = normalise_density(&[0.0; 4], &[1; 4]);
    assert_eq!((zeros, r0), (vec![0.0; 4], 0.0));
}
