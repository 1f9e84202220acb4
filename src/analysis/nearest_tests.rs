//! Nearest service vs brute force on random data (fixed seeds), ties, geodesic, cancel.

use super::*;
use crate::model::{CaseKind, CaseStatus, Sex};
use crate::progress::NoProgress;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub(crate) fn case_at(i: usize, lon: f64, lat: f64) -> Case {
    Case {
        fid: None,
        case_code: format!("C{i}"),
        identified_on: chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        kind: CaseKind::Begging,
        age: None,
        sex: Sex::Unknown,
        status: CaseStatus::Identified,
        municipality: None,
        team: None,
        gps_accuracy_m: None,
        pos_wgs84: Point::new(lon, lat),
    }
}

pub(crate) fn service_at(i: usize, t: ServiceType, lon: f64, lat: f64) -> Service {
    Service {
        fid: None,
        service_type: t,
        name: format!("S{i}"),
        capacity: None,
        municipality: None,
        source: None,
        pos_wgs84: Point::new(lon, lat),
    }
}

/// Cancels on the first check.
pub(crate) struct CancelNow;
impl Progress for CancelNow {
    fn step(&self, _: &str, _: u64, _: u64) {}
    fn is_cancelled(&self) -> bool {
        true
    }
}

fn brute_xy(q: [f64; 2], s: &[[f64; 2]]) -> NearestHit {
    let mut best: Option<(f64, usize)> = None;
    for (i, p) in s.iter().enumerate() {
        let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
        let d2 = dx * dx + dy * dy;
        if best.is_none_or(|b| d2 < b.0) {
            best = Some((d2, i));
        }
    }
    best.map(|(d2, i)| (i, d2.sqrt()))
}

#[test]
fn projected_nearest_equals_brute_force_including_ties() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    // Integer coordinates on a coarse lattice and repeated services: many exact ties.
    let mut s: Vec<[f64; 2]> = (0..400)
        .map(|_| {
            [
                rng.random_range(0..60) as f64 * 50.0,
                rng.random_range(0..60) as f64 * 50.0,
            ]
        })
        .collect();
    s.extend_from_within(..50);
    let cases: Vec<[f64; 2]> = (0..40_000)
        .map(|i| {
            if i % 2 == 0 {
                [
                    rng.random_range(0..120) as f64 * 25.0,
                    rng.random_range(0..120) as f64 * 25.0,
                ]
            } else {
                [
                    rng.random_range(-500.0..3500.0),
                    rng.random_range(-500.0..3500.0),
                ]
            }
        })
        .collect();
    let index = ServiceIndex::from_xy(&s);
    let got = nearest_projected(&index, &cases, &[], false, &NoProgress).unwrap();
    let mut ties = 0;
    for (q, g) in cases.iter().zip(&got) {
        let want = brute_xy(*q, &s);
        assert_eq!(*g, want, "case at {q:?}");
        let d = want.unwrap().1;
        if s.iter()
            .filter(|p| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt() == d)
            .count()
            > 1
        {
            ties += 1;
        }
    }
    assert!(ties > 1000, "the data should exercise ties: {ties}");
}

#[test]
fn types_restrict_and_indices_refer_to_the_input() {
    let services = vec![
        service_at(0, ServiceType::School, 19.80, 41.30),
        service_at(1, ServiceType::DayCentre, 19.90, 41.40),
        service_at(2, ServiceType::ChildProtectionUnit, 19.81, 41.31),
        service_at(3, ServiceType::DayCentre, 20.10, 41.10),
    ];
    let cases = vec![case_at(0, 19.80, 41.30), case_at(1, 20.09, 41.11)];
    let cfg = NearestConfig {
        types: vec![ServiceType::DayCentre],
        ..NearestConfig::default()
    };
    let got = nearest_services(&cases, &services, &cfg, &NoProgress).unwrap();
    assert_eq!(got[0].unwrap().0, 1);
    assert_eq!(got[1].unwrap().0, 3);
    let all = nearest_services(&cases, &services, &NearestConfig::default(), &NoProgress).unwrap();
    assert_eq!(all[0], Some((0, 0.0)));
    let none = NearestConfig {
        types: vec![ServiceType::Police],
        ..NearestConfig::default()
    };
    let got = nearest_services(&cases, &services, &none, &NoProgress).unwrap();
    assert_eq!(got, vec![None, None]);
}

#[test]
fn geodesic_nearest_equals_brute_force_geodesic() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let services: Vec<Service> = (0..300)
        .map(|i| {
            service_at(
                i,
                ServiceType::School,
                rng.random_range(19.3..21.0),
                rng.random_range(39.7..42.6),
            )
        })
        .collect();
    let cases: Vec<Case> = (0..5_000)
        .map(|i| {
            case_at(
                i,
                rng.random_range(19.3..21.0),
                rng.random_range(39.7..42.6),
            )
        })
        .collect();
    for crs in [Crs::albania_tm(), Crs::from_epsg(3857).unwrap()] {
        let cfg = NearestConfig {
            geodesic: true,
            crs,
            ..NearestConfig::default()
        };
        let got = nearest_services(&cases, &services, &cfg, &NoProgress).unwrap();
        let mut reranked = 0;
        let projected = nearest_services(
            &cases,
            &services,
            &NearestConfig {
                geodesic: false,
                ..cfg.clone()
            },
            &NoProgress,
        )
        .unwrap();
        for (k, c) in cases.iter().enumerate() {
            let want = services
                .iter()
                .enumerate()
                .map(|(i, s)| (Geodesic.distance(c.pos_wgs84, s.pos_wgs84), i))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .unwrap();
            assert_eq!(got[k], Some((want.1, want.0)), "case {k} in {:?}", cfg.crs);
            reranked += usize::from(projected[k].unwrap().0 != want.1);
        }
        // Web Mercator stretches distances by 1/cos(lat): its projected nearest is often
        // not the geodesic one, so the re-ranking is really exercised.
        if cfg.crs.epsg() == 3857 {
            assert!(reranked > 0, "no case re-ranked");
        }
    }
}

#[test]
fn geographic_crs_is_rejected_and_cancel_stops() {
    let cases = vec![case_at(0, 19.8, 41.3)];
    let services = vec![service_at(0, ServiceType::School, 19.8, 41.3)];
    let cfg = NearestConfig {
        crs: Crs::wgs84(),
        ..NearestConfig::default()
    };
    assert_eq!(
        nearest_services(&cases, &services, &cfg, &NoProgress),
        Err(NearestError::Metric(MetricError::Geographic(4326)))
    );
    let err = nearest_services(&cases, &services, &NearestConfig::default(), &CancelNow);
    assert_eq!(err, Err(NearestError::Cancelled));
}

#[test]
fn a_bad_case_position_is_an_error_naming_it() {
    let cases = vec![case_at(0, 19.8, 41.3), case_at(1, f64::NAN, 41.3)];
    let services = vec![service_at(0, ServiceType::School, 19.8, 41.3)];
    let err = nearest_services(&cases, &services, &NearestConfig::default(), &NoProgress);
    assert!(
        matches!(
            err,
            Err(NearestError::BadPoint {
                what: "case",
                index: 1,
                ..
            })
        ),
        "{err:?}"
    );
}
