//! Coverage vs brute force on random data (fixed seed), walking reach, groups, cancel.

use super::*;
use crate::analysis::nearest::tests::{CancelNow, case_at, service_at};
use crate::progress::NoProgress;
use geo::{Distance, Geodesic};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn random_data(seed: u64) -> (Vec<Case>, Vec<Service>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let types = [
        ServiceType::DayCentre,
        ServiceType::ChildProtectionUnit,
        ServiceType::School,
    ];
    let services = (0..200)
        .map(|i| {
            service_at(
                i,
                types[i % 3],
                rng.random_range(19.6..20.2),
                rng.random_range(41.0..41.5),
            )
        })
        .collect();
    let munis = [("AL01", "Tiranë"), ("AL02", "Durrës"), ("AL00", "Bulqizë")];
    let cases = (0..8_000)
        .map(|i| {
            let mut c = case_at(
                i,
                rng.random_range(19.6..20.2),
                rng.random_range(41.0..41.5),
            );
            c.municipality = (i % 7 != 0).then(|| {
                let (lau, name) = munis[i % 3];
                MunicipalityRef {
                    lau_code: lau.into(),
                    name: name.into(),
                }
            });
            c
        })
        .collect();
    (cases, services)
}

#[test]
fn covered_cases_equal_brute_force_and_groups_add_up() {
    let (cases, services) = random_data(9);
    let cfg = CoverageConfig::default();
    let r = coverage(&cases, &services, &cfg, &NoProgress).unwrap();
    let t = crate::crs::Transformer::wgs84_to_tm();
    let tm = |p: Point<f64>| t.point(p.x(), p.y()).unwrap();
    let chosen: Vec<(f64, f64)> = services
        .iter()
        .filter(|s| cfg.types.contains(&s.service_type))
        .map(|s| tm(s.pos_wgs84))
        .collect();
    let mut want = 0;
    for (i, c) in cases.iter().enumerate() {
        let q = tm(c.pos_wgs84);
        let brute = chosen.iter().any(|p| {
            let (dx, dy) = (p.0 - q.0, p.1 - q.1);
            (dx * dx + dy * dy).sqrt() <= 2000.0
        });
        assert_eq!(r.is_covered(i), brute, "case {i}");
        want += usize::from(brute);
    }
    assert_eq!((r.covered, r.total), (want, cases.len()));
    assert!(want > 500 && want < 7_500, "a test that can fail: {want}");
    let codes: Vec<Option<&str>> = r
        .per_municipality
        .iter()
        .map(|g| g.municipality.as_ref().map(|m| m.lau_code.as_str()))
        .collect();
    assert_eq!(codes, vec![Some("AL00"), Some("AL01"), Some("AL02"), None]);
    let sum = |f: fn(&GroupCoverage) -> usize| r.per_municipality.iter().map(f).sum::<usize>();
    assert_eq!(sum(|g| g.covered), r.covered);
    assert_eq!(sum(|g| g.total), r.total);
    let tirana = &r.per_municipality[1];
    let brute_tirana = (0..cases.len())
        .filter(|&i| {
            cases[i]
                .municipality
                .as_ref()
                .is_some_and(|m| m.lau_code == "AL01")
        })
        .filter(|&i| r.is_covered(i))
        .count();
    assert_eq!(tirana.covered, brute_tirana);
    assert_eq!(
        tirana.share(),
        Some(tirana.covered as f64 / tirana.total as f64)
    );
}

#[test]
fn geodesic_coverage_equals_brute_force_geodesic() {
    let (cases, services) = random_data(10);
    // Web Mercator inflates distances by ~1.33 here: the candidate radius must use k_max.
    for crs in [Crs::albania_tm(), Crs::from_epsg(3857).unwrap()] {
        let cfg = CoverageConfig {
            geodesic: true,
            reach: Reach::Distance { within_m: 3000.0 },
            types: vec![],
            crs,
        };
        let r = coverage(&cases, &services, &cfg, &NoProgress).unwrap();
        for (i, c) in cases.iter().enumerate() {
            let brute = services
                .iter()
                .any(|s| Geodesic.distance(c.pos_wgs84, s.pos_wgs84) <= 3000.0);
            assert_eq!(r.is_covered(i), brute, "case {i}");
        }
        let cap = crate::analysis::capacity::capacity(
            &cases,
            &services,
            &crate::analysis::capacity::CapacityConfig {
                types: vec![],
                reach: cfg.reach,
                crs: cfg.crs.clone(),
                geodesic: true,
            },
            &NoProgress,
        )
        .unwrap();
        let in_reach = (0..cases.len()).filter(|&i| r.is_covered(i)).count();
        assert_eq!(cap.in_reach, in_reach, "{:?}", cfg.crs);
    }
}

#[test]
fn walking_reach_in_metres() {
    let walk = Reach::Walk {
        minutes: 20.0,
        speed_kmh: 4.5,
        detour: 1.0,
    };
    assert_eq!(walk.metres(), Ok(1500.0));
    let detour = Reach::Walk {
        minutes: 20.0,
        speed_kmh: 4.5,
        detour: 1.25,
    };
    assert_eq!(detour.metres(), Ok(1200.0));
    for bad in [
        Reach::Distance { within_m: 0.0 },
        Reach::Distance { within_m: f64::NAN },
        Reach::Walk {
            minutes: 10.0,
            speed_kmh: -1.0,
            detour: 1.0,
        },
        Reach::Walk {
            minutes: 10.0,
            speed_kmh: 4.5,
            detour: 0.5,
        },
    ] {
        assert!(
            matches!(bad.metres(), Err(CoverageError::BadReach(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn reach_is_inclusive_and_cancel_stops() {
    // Projected coordinates straight in: a service exactly 2000 m away covers.
    let index = ServiceIndex::from_xy(&[[0.0, 0.0]]);
    let cases = vec![case_at(0, 20.0, 41.0), case_at(1, 20.0, 41.0)];
    let xy = [[1200.0, 1600.0], [1200.0, 1600.1]];
    let r =
        coverage_projected(&cases, &xy, &index, &CoverageConfig::default(), &NoProgress).unwrap();
    assert_eq!((r.is_covered(0), r.is_covered(1)), (true, false));
    let services = vec![service_at(0, ServiceType::DayCentre, 20.0, 41.0)];
    assert_eq!(
        coverage(&cases, &services, &CoverageConfig::default(), &CancelNow),
        Err(CoverageError::Cancelled)
    );
}
