//! Gap areas on a hand-made surface: 20 × 10 km of land near Tirana (100 m cells, two
//! municipalities split at x = 480,000 m), score 0 except discs of score 80.

use geo::{Contains, Point, Validation};

use super::*;
use crate::analysis::kde::GridSpec;
use crate::progress::NoProgress;

const A: [f64; 2] = [476_000.0, 4_595_000.0];
const B: [f64; 2] = [486_000.0, 4_595_000.0];
const BLOB_M: f64 = 1500.0;

fn surface(blobs: &[[f64; 2]]) -> RiskSurface {
    let grid = GridSpec {
        xmin: 470_000.0,
        ymax: 4_600_000.0,
        pixel_m: 100.0,
        cols: 200,
        rows: 100,
    };
    let mut score = vec![0.0f32; grid.cells()];
    let mut municipality = vec![1u16; grid.cells()];
    for row in 0..grid.rows {
        for col in 0..grid.cols {
            let [x, y] = grid.centre(col, row);
            let i = row * grid.cols + col;
            if x >= 480_000.0 {
                municipality[i] = 2;
            }
            if blobs.iter().any(|b| (x - b[0]).hypot(y - b[1]) <= BLOB_M) {
                score[i] = 80.0;
            }
        }
    }
    RiskSurface {
        grid,
        score,
        municipality,
        density_reference: 0.0,
        factors: None,
    }
}

/// `n` cases a few metres around `at`.
fn cases_at(at: [f64; 2], n: usize) -> Vec<[f64; 2]> {
    (0..n)
        .map(|i| [at[0] + 3.0 * i as f64, at[1] - 2.0 * i as f64])
        .collect()
}

fn inputs(cases: Vec<[f64; 2]>, services: Vec<([f64; 2], ServiceType)>) -> RiskInputs {
    RiskInputs {
        cases_xy_m: cases,
        services_xy_m: services,
        ..RiskInputs::default()
    }
}

fn wgs84(xy: [f64; 2]) -> Point<f64> {
    let (lon, lat) = Transformer::tm_to_wgs84().point(xy[0], xy[1]).unwrap();
    Point::new(lon, lat)
}

#[test]
fn a_blob_far_from_services_is_one_gap() {
    let mut cases = cases_at(A, 7);
    cases.extend(cases_at([472_000.0, 4_591_000.0], 4)); // low risk: not in a gap
    // A child protection unit in the blob does not close a day-centre gap.
    let inp = inputs(cases, vec![(A, ServiceType::ChildProtectionUnit)]);
    let gaps = gap_areas(&surface(&[A]), &inp, &GapConfig::default(), &NoProgress).unwrap();
    assert_eq!(gaps.areas.len(), 1);
    let a = &gaps.areas[0];
    assert_eq!(a.rank, 1);
    assert_eq!(a.uncovered_cases, 7);
    // The disc is π × 1.5² ≈ 7.07 km²; the hexagons (≈ 0.74 km²) that are mostly in it.
    assert!((4.0..11.0).contains(&a.area_km2), "{}", a.area_km2);
    assert_eq!(a.hexagons.len(), gaps.hexagons());
    let per_hex = a.area_km2 / a.hexagons.len() as f64;
    assert!((0.6..1.0).contains(&per_hex), "{per_hex} km² per hexagon");
    assert_eq!(a.max_risk, 80.0);
    assert!(
        a.mean_risk >= 40.0 && a.mean_risk <= 80.0,
        "{}",
        a.mean_risk
    );
    assert!(a.gap_cells * 2 >= a.land_cells && a.gap_cells <= gaps.gap_cells);
    // π × 15² ≈ 707 gap cells of 100 m.
    assert!((690..=720).contains(&gaps.gap_cells), "{}", gaps.gap_cells);
    assert_eq!(a.municipality, 1);
    assert!(
        a.polygon_wgs84.is_valid(),
        "{:?}",
        a.polygon_wgs84.validation_errors()
    );
    assert!(a.polygon_wgs84.contains(&wgs84(A)));
    assert!(!a.polygon_wgs84.contains(&wgs84([472_000.0, 4_591_000.0])));
    assert!(a.hexagons.windows(2).all(|w| w[0] < w[1]));
    assert!(
        a.hexagons
            .iter()
            .all(|h| h.resolution() == Resolution::Eight)
    );
}

#[test]
fn a_service_in_the_middle_removes_the_covered_part() {
    let blob = surface(&[A]);
    let cases = cases_at(A, 7);
    let open = gap_areas(
        &blob,
        &inputs(cases.clone(), vec![]),
        &GapConfig::default(),
        &NoProgress,
    )
    .unwrap();
    let centre = vec![(A, ServiceType::DayCentre)];
    let cfg = GapConfig {
        reach_m: 1000.0,
        ..GapConfig::default()
    };
    let ring = gap_areas(
        &blob,
        &inputs(cases.clone(), centre.clone()),
        &cfg,
        &NoProgress,
    )
    .unwrap();
    // Only the 1,000–1,500 m ring is left: about 393 cells, the centre's hexagon not a gap.
    assert!((370..=410).contains(&ring.gap_cells), "{}", ring.gap_cells);
    let area = |g: &Gaps| g.areas.iter().map(|a| a.area_km2).sum::<f64>();
    assert!(
        area(&ring) < area(&open),
        "{} vs {}",
        area(&ring),
        area(&open)
    );
    assert_eq!(
        ring.uncovered_cases(),
        0,
        "the children at the centre are covered"
    );
    for a in &ring.areas {
        assert!(!a.polygon_wgs84.contains(&wgs84(A)));
        assert!(a.polygon_wgs84.is_valid());
    }
    // Within 2,000 m the whole disc is covered: no gap at all.
    let cfg = GapConfig {
        reach_m: 2000.0,
        ..GapConfig::default()
    };
    let none = gap_areas(&blob, &inputs(cases, centre), &cfg, &NoProgress).unwrap();
    assert_eq!((none.gap_cells, none.areas.len()), (0, 0));
}

#[test]
fn two_blobs_are_two_areas_ranked_by_cases() {
    let mut cases = cases_at(A, 3);
    cases.extend(cases_at(B, 8));
    let inp = inputs(cases, vec![]);
    let s = surface(&[A, B]);
    let gaps = gap_areas(&s, &inp, &GapConfig::default(), &NoProgress).unwrap();
    assert_eq!(gaps.areas.len(), 2);
    let (first, second) = (&gaps.areas[0], &gaps.areas[1]);
    assert_eq!(
        (first.rank, first.uncovered_cases, first.municipality),
        (1, 8, 2)
    );
    assert_eq!(
        (second.rank, second.uncovered_cases, second.municipality),
        (2, 3, 1)
    );
    assert!(first.polygon_wgs84.contains(&wgs84(B)));
    assert_eq!(gaps.uncovered_cases(), 11);
    // Deterministic: the same answer again.
    assert_eq!(
        gap_areas(&s, &inp, &GapConfig::default(), &NoProgress).unwrap(),
        gaps
    );
    // Above the blobs' score nothing is a gap.
    let high = GapConfig {
        min_risk: 90.0,
        ..GapConfig::default()
    };
    assert!(
        gap_areas(&s, &inp, &high, &NoProgress)
            .unwrap()
            .areas
            .is_empty()
    );
}

#[test]
fn bad_parameters_and_cancel() {
    let s = surface(&[A]);
    let inp = inputs(vec![], vec![]);
    let bad = [
        GapConfig {
            min_risk: 101.0,
            ..GapConfig::default()
        },
        GapConfig {
            reach_m: 0.0,
            ..GapConfig::default()
        },
        GapConfig {
            types: vec![],
            ..GapConfig::default()
        },
        GapConfig {
            h3_resolution: 12,
            ..GapConfig::default()
        },
    ];
    for cfg in bad {
        assert!(gap_areas(&s, &inp, &cfg, &NoProgress).is_err(), "{cfg:?}");
    }
    struct Stop;
    impl Progress for Stop {
        fn step(&self, _: &str, _: u64, _: u64) {}
        fn is_cancelled(&self) -> bool {
            true
        }
    }
    assert_eq!(
        gap_areas(&s, &inp, &GapConfig::default(), &Stop),
        Err(GapError::Cancelled)
    );
    let json = serde_json::to_value(GapConfig::default()).unwrap();
    assert_eq!(json["types"][0], "day_centre");
    let back: GapConfig = serde_json::from_str(r#"{"reach_m": 500}"#).unwrap();
    assert_eq!((back.reach_m, back.min_risk), (500.0, 50.0));
}
