//! The greedy capacity rule on a hand-made line of cases, and against a global sort on random
//! data (fixed seed).

use super::*;
use crate::analysis::nearest::tests::{CancelNow, case_at, service_at};
use crate::progress::NoProgress;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn cfg(within_m: f64) -> CapacityConfig {
    CapacityConfig {
        reach: Reach::Distance { within_m },
        ..CapacityConfig::default()
    }
}

fn centre(i: usize, capacity: Option<u32>) -> Service {
    let mut s = service_at(i, ServiceType::DayCentre, 20.0, 41.0);
    s.capacity = capacity;
    s
}

#[test]
fn hand_made_line() {
    // Centres on a line (metres): A at 0 (2 places), B at 1500 (1 place), a school at 50
    // (not a centre). Reach 1000 m.
    let services = vec![
        centre(0, Some(2)),
        centre(1, Some(1)),
        service_at(2, ServiceType::School, 20.0, 41.0),
    ];
    let index = ServiceIndex::from_xy(&[[0.0, 0.0], [1500.0, 0.0], [f64::NAN, 0.0]]);
    let xs = [100.0, 300.0, 400.0, 800.0, 1400.0, 3000.0];
    let xy: Vec<[f64; 2]> = xs.iter().map(|&x| [x, 0.0]).collect();
    let cases: Vec<Case> = (0..xs.len()).map(|i| case_at(i, 20.0, 41.0)).collect();
    let r = capacity_projected(&cases, &xy, &services, &index, &cfg(1000.0), &NoProgress).unwrap();
    // Nearest within reach: A takes 100, 300, 400; B takes 800 (700 m) and 1400.
    assert_eq!(r.centres.len(), 2);
    assert_eq!((r.centres[0].load, r.centres[0].overloaded), (3, true));
    assert_eq!((r.centres[1].load, r.centres[1].overloaded), (2, true));
    // Greedy by distance: 100→A, 1400→B, 300→A (A full), 400 finds A full and has no other
    // centre; 800 finds B full, then A full.
    assert_eq!(r.placed, vec![Some(0), Some(0), None, None, Some(1), None]);
    assert_eq!((r.centres[0].assigned, r.centres[1].assigned), (2, 1));
    assert_eq!((r.in_reach, r.covered_within_capacity, r.total), (5, 3, 6));
    assert_eq!(r.overloaded(), 2);

    // With B unlimited, 800 goes to B as well and nothing is overloaded there.
    let mut services = services;
    services[1].capacity = None;
    let r = capacity_projected(&cases, &xy, &services, &index, &cfg(1000.0), &NoProgress).unwrap();
    assert_eq!(r.placed[3], Some(1));
    assert!(!r.centres[1].overloaded);
    assert_eq!(r.covered_within_capacity, 4);
}

#[test]
fn heap_matches_a_global_sort_of_all_pairs() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n_s = 40;
    let s_xy: Vec<[f64; 2]> = (0..n_s)
        .map(|_| {
            [
                rng.random_range(0.0..10_000.0),
                rng.random_range(0.0..10_000.0),
            ]
        })
        .collect();
    let services: Vec<Service> = (0..n_s)
        .map(|i| centre(i, (i % 5 != 0).then(|| rng.random_range(0..30))))
        .collect();
    // Integer coordinates: equal distances happen, so the tie order is exercised.
    let xy: Vec<[f64; 2]> = (0..3_000)
        .map(|_| {
            [
                rng.random_range(0..100) as f64 * 100.0,
                rng.random_range(0..100) as f64 * 100.0,
            ]
        })
        .collect();
    let cases: Vec<Case> = (0..xy.len()).map(|i| case_at(i, 20.0, 41.0)).collect();
    let index = ServiceIndex::from_xy(&s_xy);
    let reach = 1500.0;
    let r = capacity_projected(&cases, &xy, &services, &index, &cfg(reach), &NoProgress).unwrap();

    let mut pairs = Vec::new();
    for (c, q) in xy.iter().enumerate() {
        for (s, p) in s_xy.iter().enumerate() {
            let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
            let d = (dx * dx + dy * dy).sqrt();
            if d <= reach {
                pairs.push((d, c, s));
            }
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut room: Vec<Option<u32>> = services.iter().map(|s| s.capacity).collect();
    let mut placed = vec![None; xy.len()];
    let mut load = vec![0; n_s];
    let mut seen = vec![false; xy.len()];
    for &(_, c, s) in &pairs {
        if !seen[c] {
            seen[c] = true;
            load[s] += 1;
        }
        if placed[c].is_none() && room[s] != Some(0) {
            placed[c] = Some(s);
            if let Some(r) = &mut room[s] {
                *r -= 1;
            }
        }
    }
    assert_eq!(r.placed, placed);
    let loads: Vec<usize> = r.centres.iter().map(|c| c.load).collect();
    assert_eq!(loads, load);
    assert!(r.overloaded() > 0 && r.covered_within_capacity < r.in_reach);
}

#[test]
fn cancel_and_bad_reach() {
    let cases = vec![case_at(0, 20.0, 41.0)];
    let services = vec![centre(0, Some(1))];
    assert_eq!(
        capacity(&cases, &services, &CapacityConfig::default(), &CancelNow),
        Err(CoverageError::Cancelled)
    );
    assert!(matches!(
        capacity(&cases, &services, &cfg(-1.0), &NoProgress),
        Err(CoverageError::BadReach(_))
    ));
    let r = capacity(&cases, &services, &CapacityConfig::default(), &NoProgress).unwrap();
    assert_eq!(r.covered_within_capacity, 1);
}
