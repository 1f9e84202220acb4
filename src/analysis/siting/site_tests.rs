//! `site()` end to end on small geographic instances: brute force over every p-subset with
//! distances measured independently, existing services excluded, weights, capacities by
//! hand, catchments, cancel, and clear errors.

use std::collections::BTreeMap;

use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::tests::subsets;
use super::*;
use crate::analysis::nearest::tests::{CancelNow, case_at, service_at};
use crate::crs::Transformer;
use crate::model::{Case, Service};
use crate::progress::NoProgress;

fn cand(id: &str, lon: f64, lat: f64) -> Candidate {
    Candidate {
        id: id.into(),
        pos_wgs84: Point::new(lon, lat),
        capacity: None,
    }
}

fn tm(p: Point<f64>) -> (f64, f64) {
    Transformer::wgs84_to_tm().point(p.x(), p.y()).unwrap()
}

fn within(a: Point<f64>, b: Point<f64>, r: f64) -> bool {
    let (a, b) = (tm(a), tm(b));
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() <= r
}

fn random_site(seed: u64) -> (Vec<Case>, Vec<Service>, Vec<Candidate>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pt = || {
        (
            rng.random_range(19.80..19.84),
            rng.random_range(41.31..41.34),
        )
    };
    let cases = (0..60)
        .map(|i| {
            let p = pt();
            case_at(i, p.0, p.1)
        })
        .collect();
    let services = (0..2)
        .map(|i| {
            let p = pt();
            service_at(i, ServiceType::DayCentre, p.0, p.1)
        })
        .collect();
    let cands = (0..9)
        .map(|i| {
            let p = pt();
            cand(&format!("K{i}"), p.0, p.1)
        })
        .collect();
    (cases, services, cands)
}

fn config(p: Vec<usize>, exact: bool) -> SitingConfig {
    SitingConfig {
        reach: Reach::Distance { within_m: 700.0 },
        service_types: vec![ServiceType::DayCentre],
        p_values: p,
        exact,
        ..SitingConfig::default()
    }
}

#[test]
fn matches_brute_force_with_existing_services_and_weights() {
    for seed in 0..30u64 {
        let (cases, services, cands) = random_site(seed);
        let weights: Vec<f64> = (0..cases.len()).map(|i| [1.0, 2.5, 0.5][i % 3]).collect();
        let weighted = seed % 2 == 1;
        let mut cfg = config(vec![1, 2, 3, 4], seed % 3 != 0);
        if weighted {
            cfg.weights = DemandWeight::PerCase(weights.clone());
        }
        let r = site(&cases, &services, &cands, &cfg, &NoProgress).unwrap();
        let w = |i: usize| if weighted { weights[i] } else { 1.0 };
        let open: Vec<usize> = (0..cases.len())
            .filter(|&i| {
                !services
                    .iter()
                    .any(|s| within(cases[i].pos_wgs84, s.pos_wgs84, 700.0))
            })
            .collect();
        assert_eq!(
            r.totals.existing_cases,
            cases.len() - open.len(),
            "seed {seed}"
        );
        assert_eq!(r.totals.uncovered_cases(), open.len());
        let reaches: Vec<Vec<bool>> = cases
            .iter()
            .map(|c| {
                cands
                    .iter()
                    .map(|k| within(c.pos_wgs84, k.pos_wgs84, 700.0))
                    .collect()
            })
            .collect();
        for res in &r.results {
            let value = |set: &[u32]| -> f64 {
                open.iter()
                    .filter(|&&i| set.iter().any(|&j| reaches[i][j as usize]))
                    .map(|&i| w(i))
                    .sum()
            };
            let best = subsets(cands.len(), res.p)
                .iter()
                .map(|s| value(s))
                .fold(0.0, f64::max);
            let chosen: Vec<u32> = res.sites.iter().map(|s| s.candidate as u32).collect();
            assert_eq!(chosen.len(), res.p);
            assert!(
                (value(&chosen) - res.covered_demand).abs() < 1e-9,
                "seed {seed}"
            );
            assert!(res.upper_bound >= best - 1e-9, "seed {seed} p {}", res.p);
            assert!(res.covered_demand <= best + 1e-9);
            if res.proven_optimal || cfg.exact {
                assert!(
                    (res.covered_demand - best).abs() < 1e-6,
                    "seed {seed} p {}: {} vs {best}",
                    res.p,
                    res.covered_demand
                );
                assert!(res.proven_optimal, "seed {seed}");
            }
            // Ranks: marginals add up, do not grow, and catchments partition the cover.
            let sum: f64 = res.sites.iter().map(|s| s.marginal_demand).sum();
            assert!((sum - res.covered_demand).abs() < 1e-9);
            assert!(
                res.sites
                    .windows(2)
                    .all(|s| s[0].marginal_demand >= s[1].marginal_demand - 1e-12)
            );
            let mut all: Vec<usize> = res
                .sites
                .iter()
                .flat_map(|s| s.assigned_cases.clone())
                .collect();
            all.sort_unstable();
            let before = all.len();
            all.dedup();
            assert_eq!(all.len(), before, "a case in two catchments");
            assert_eq!(all.len() as u64, res.covered_cases);
            for s in &res.sites {
                assert!(
                    s.assigned_cases
                        .iter()
                        .all(|&i| open.contains(&i) && reaches[i][s.candidate])
                );
            }
        }
    }
}

#[test]
fn capacity_counts_only_places_and_prefers_heavy_cases() {
    let a = (19.8187, 41.3275);
    let b = (19.9400, 41.3275); // ~10 km east
    let mut cases: Vec<Case> = (0..5).map(|i| case_at(i, a.0, a.1)).collect();
    cases.extend((5..8).map(|i| case_at(i, b.0, b.1)));
    cases[7].kind = CaseKind::ChromeCollection;
    let cands = vec![cand("A", a.0, a.1), cand("B", b.0, b.1)];
    let mut cfg = config(vec![1, 2], false);
    cfg.capacity_per_site = Some(2.0);
    let r = site(&cases, &[], &cands, &cfg, &NoProgress).unwrap();
    assert!(r.capacitated);
    assert_eq!(
        (r.results[0].covered_cases, r.results[0].covered_demand),
        (2, 2.0)
    );
    assert_eq!(
        (r.results[1].covered_cases, r.results[1].covered_demand),
        (4, 4.0)
    );
    assert_eq!(r.results[1].sites[0].assigned_cases.len(), 2);
    assert!(
        r.results[1].proven_optimal,
        "4 = the bound: 2 places × 2 sites"
    );
    // One place each, chrome collection weighs 3: B's heavy case wins for p = 1.
    cfg.capacity_per_site = Some(1.0);
    cfg.weights = DemandWeight::ByKind(BTreeMap::from([(CaseKind::ChromeCollection, 3.0)]));
    let r = site(&cases, &[], &cands, &cfg, &NoProgress).unwrap();
    assert_eq!(r.results[0].sites[0].id, "B");
    assert_eq!(
        (r.results[0].covered_cases, r.results[0].covered_demand),
        (1, 3.0)
    );
    assert_eq!(r.results[0].sites[0].assigned_cases, vec![7]);
    assert_eq!(r.results[1].covered_demand, 4.0);
    // A candidate's own capacity wins over the global one; unlimited without either.
    let mut cands = cands;
    cands[0].capacity = Some(5.0);
    cfg.capacity_per_site = None;
    cfg.weights = DemandWeight::Uniform;
    let r = site(&cases, &[], &cands, &cfg, &NoProgress).unwrap();
    assert_eq!(r.results[1].covered_cases, 8);
    assert_eq!(r.results[0].sites[0].capacity, Some(5.0));
}

#[test]
fn cancel_and_errors_are_clear() {
    let (cases, services, cands) = random_site(1);
    let err = site(
        &cases,
        &services,
        &cands,
        &config(vec![2], true),
        &CancelNow,
    )
    .unwrap_err();
    assert_eq!(err, SitingError::Cancelled);
    let e = |cfg: SitingConfig, cands: &[Candidate]| {
        site(&cases, &services, cands, &cfg, &NoProgress).unwrap_err()
    };
    assert_eq!(
        e(config(vec![10], false), &cands),
        SitingError::PTooLarge {
            p: 10,
            candidates: 9
        }
    );
    assert!(
        e(config(vec![10], false), &cands)
            .to_string()
            .contains("only 9 candidate sites")
    );
    assert_eq!(e(config(vec![1], false), &[]), SitingError::NoCandidates);
    assert_eq!(e(config(vec![0, 2], false), &cands), SitingError::PZero);
    assert_eq!(e(config(vec![], false), &cands), SitingError::NoP);
    let mut geographic = config(vec![2], false);
    geographic.crs = crate::crs::Crs::wgs84();
    assert!(e(geographic, &cands).to_string().contains("geographic CRS"));
    let mut bad_reach = config(vec![2], false);
    bad_reach.reach = Reach::Distance { within_m: -1.0 };
    assert!(e(bad_reach, &cands).to_string().contains("positive"));
    let mut twice = cands.clone();
    twice[3].id = "K0".into();
    assert_eq!(
        e(config(vec![2], false), &twice),
        SitingError::DuplicateId("K0".into())
    );
    let mut short = config(vec![2], false);
    short.weights = DemandWeight::PerCase(vec![1.0; 3]);
    assert!(
        e(short, &cands)
            .to_string()
            .contains("3 weights for 60 cases")
    );
    let mut cap = config(vec![2], false);
    cap.capacity_per_site = Some(-1.0);
    assert!(matches!(e(cap, &cands), SitingError::BadCapacity(_)));
    let mut nan = cands.clone();
    nan[2].pos_wgs84 = Point::new(f64::NAN, 41.0);
    assert!(
        e(config(vec![2], false), &nan)
            .to_string()
            .contains("candidate 2 ('K2')")
    );
}

#[test]
fn generated_grid_and_settlements_respect_areas_and_exclusions() {
    let square = geo::MultiPolygon::new(vec![geo::Polygon::new(
        geo::LineString::from(vec![
            (19.80, 41.30),
            (19.86, 41.30),
            (19.86, 41.34),
            (19.80, 41.34),
            (19.80, 41.30),
        ]),
        vec![],
    )]);
    let areas = [generate::Area {
        code: "AL01",
        area_wgs84: &square,
    }];
    let crs = crate::crs::Crs::albania_tm();
    let all = generate::grid(&areas, 500.0, &crs, &[]).unwrap();
    // About 5 km × 4.4 km at 500 m: ~90 cells.
    assert!((70..=110).contains(&all.len()), "{}", all.len());
    assert!(all.iter().all(|c| c.id.starts_with("AL01-g")));
    let centre = Point::new(19.83, 41.32);
    let excl = [generate::Exclusion::Around {
        pos_wgs84: centre,
        radius_m: 1000.0,
    }];
    let some = generate::grid(&areas, 500.0, &crs, &excl).unwrap();
    assert!(some.len() < all.len() && some.len() + 20 > all.len() - 16);
    assert!(some.iter().all(|c| !within(c.pos_wgs84, centre, 1000.0)));
    assert!(generate::grid(&areas, 1.0, &crs, &[]).is_err());
    let places = vec![
        ("Inside".to_string(), Point::new(19.81, 41.31)),
        ("Outside".to_string(), Point::new(20.5, 41.0)),
        ("Inside".to_string(), Point::new(19.85, 41.33)),
    ];
    let s = generate::settlements(&places, &areas, &crs, &[]).unwrap();
    let ids: Vec<&str> = s.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["Inside", "Inside (2)"]);
}
