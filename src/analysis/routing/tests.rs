//! Unit tests of the routing solver: tiny instances against brute force (TSP and VRP with
//! windows, days and priorities, exact lexicographic optimum), symmetric and asymmetric
//! matrices; every plan passes `validate`.

use chrono::Weekday;
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::progress::NoProgress;

pub(super) fn points(n: usize, seed: u64) -> Vec<Point<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| Point::new(rng.random_range(19.5..20.5), rng.random_range(40.5..42.0)))
        .collect()
}

pub(super) fn team(id: &str, base: Point<f64>, start_h: f64, len_h: f64) -> Team {
    Team {
        id: id.into(),
        base_wgs84: base,
        shift_start_s: start_h * 3600.0,
        shift_len_s: len_h * 3600.0,
        days: DayMask::ALL,
    }
}

pub(super) fn problem(teams: Vec<Team>, stops: Vec<Stop>, days: Vec<Weekday>) -> Problem {
    let locs = Problem::locations(&teams, &stops);
    let matrix = TravelMatrix::haversine(&locs, 40.0, 1.3).unwrap();
    Problem {
        teams,
        stops,
        days,
        matrix,
    }
}

pub(super) fn cfg(seed: u64, iterations: u64) -> RoutingConfig {
    RoutingConfig {
        seed,
        max_iterations: Some(iterations),
        time_limit: None,
        minimise: Minimise::Distance,
    }
}

/// All permutations of `items` (Heap's algorithm), each passed to `f`.
fn permutations(items: &mut [usize], k: usize, f: &mut impl FnMut(&[usize])) {
    if k <= 1 {
        f(items);
        return;
    }
    for i in 0..k {
        permutations(items, k - 1, f);
        let j = if k.is_multiple_of(2) { i } else { 0 };
        items.swap(j, k - 1);
    }
}

/// Cost and feasibility of driving team `t` on weekday `day` through `order`.
fn drive(p: &Problem, t: usize, day: Weekday, order: &[usize], by_dist: bool) -> Option<f64> {
    let team = &p.teams[t];
    let (mut at, mut time, mut cost) = (p.team_loc(t), team.shift_start_s, 0.0);
    let m = &p.matrix;
    for &s in order {
        let stop = &p.stops[s];
        if !stop.days.contains(day) || stop.pinned_team.is_some_and(|x| x != t) {
            return None;
        }
        let loc = p.stop_loc(s);
        let arr = time + m.time(at, loc);
        let begin = if stop.windows.is_empty() {
            arr
        } else {
            let mut ws: Vec<_> = stop.windows.clone();
            ws.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
            ws.iter()
                .filter(|w| arr.max(w.start_s) + stop.service_s <= w.end_s)
                .map(|w| arr.max(w.start_s))
                .next()?
        };
        cost += if by_dist {
            m.dist(at, loc)
        } else {
            m.time(at, loc)
        };
        time = begin + stop.service_s;
        at = loc;
    }
    let base = p.team_loc(t);
    let back = time + m.time(at, base);
    let cost = cost
        + if by_dist {
            m.dist(at, base)
        } else {
            m.time(at, base)
        };
    (back <= team.shift_start_s + team.shift_len_s && back.is_finite()).then_some(cost)
}

/// Exact optimum of a tiny problem: (served per priority class, highest first; cost).
fn brute_force(p: &Problem, by_dist: bool) -> (Vec<usize>, f64) {
    let routes: Vec<(usize, Weekday)> = (0..p.teams.len())
        .flat_map(|t| p.days.iter().map(move |&d| (t, d)))
        .filter(|&(t, d)| p.teams[t].days.contains(d))
        .collect();
    let n = p.stops.len();
    // Cheapest feasible order per route and subset of stops.
    let best: Vec<Vec<f64>> = routes
        .iter()
        .map(|&(t, d)| {
            (0..1usize << n)
                .map(|mask| {
                    let mut items: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
                    let mut c = f64::INFINITY;
                    let k = items.len();
                    permutations(&mut items, k, &mut |o| {
                        if let Some(x) = drive(p, t, d, o, by_dist) {
                            c = c.min(x);
                        }
                    });
                    c
                })
                .collect()
        })
        .collect();
    let mut prios: Vec<f64> = p.stops.iter().map(|s| s.priority).collect();
    prios.sort_by(|a, b| b.total_cmp(a));
    prios.dedup();
    let mut opt: Option<(Vec<usize>, f64)> = None;
    let total = (routes.len() + 1).pow(n as u32);
    for code in 0..total {
        let (mut masks, mut x) = (vec![0usize; routes.len()], code);
        for s in 0..n {
            let r = x % (routes.len() + 1);
            x /= routes.len() + 1;
            if r > 0 {
                masks[r - 1] |= 1 << s;
            }
        }
        let cost: f64 = masks.iter().enumerate().map(|(r, &m)| best[r][m]).sum();
        if !cost.is_finite() {
            continue;
        }
        let served_mask = masks.iter().fold(0, |a, m| a | m);
        let served: Vec<usize> = prios
            .iter()
            .map(|&q| {
                (0..n)
                    .filter(|&s| served_mask >> s & 1 == 1 && p.stops[s].priority == q)
                    .count()
            })
            .collect();
        let better = opt
            .as_ref()
            .is_none_or(|(sv, c)| served > *sv || (served == *sv && cost < *c));
        if better {
            opt = Some((served, cost));
        }
    }
    opt.unwrap_or((vec![0; prios.len()], 0.0))
}

fn served_vector(p: &Problem, plan: &RoutePlan) -> Vec<usize> {
    let mut prios: Vec<f64> = p.stops.iter().map(|s| s.priority).collect();
    prios.sort_by(|a, b| b.total_cmp(a));
    prios.dedup();
    let visits: Vec<usize> = plan
        .routes
        .iter()
        .flat_map(|r| r.visits.iter().map(|v| v.stop))
        .collect();
    prios
        .iter()
        .map(|&q| visits.iter().filter(|&&s| p.stops[s].priority == q).count())
        .collect()
}

#[test]
fn tiny_tsps_match_brute_force_exactly() {
    for n in 1..=8 {
        for seed in 0..3 {
            let pts = points(n + 1, 100 * n as u64 + seed);
            let stops: Vec<Stop> = (0..n)
                .map(|i| Stop::new(format!("s{i}"), pts[i + 1]))
                .collect();
            let p = problem(
                vec![team("A", pts[0], 0.0, f64::INFINITY)],
                stops,
                vec![Weekday::Mon],
            );
            let plan = solve(&p, &cfg(seed, 300), &NoProgress).unwrap();
            validate(&plan, &p).unwrap();
            let (served, opt) = brute_force(&p, true);
            assert_eq!(served, vec![n]);
            assert_eq!(plan.served(), n);
            let rel = (plan.dist_m() - opt).abs() / opt.max(1.0);
            assert!(
                rel < 1e-9,
                "n={n} seed={seed}: {} vs optimum {opt}",
                plan.dist_m()
            );
        }
    }
}

#[test]
fn tiny_asymmetric_tsps_match_brute_force_exactly() {
    for seed in 0..4 {
        let n = 7;
        let pts = points(n + 1, 900 + seed);
        let stops: Vec<Stop> = (0..n)
            .map(|i| Stop::new(format!("s{i}"), pts[i + 1]))
            .collect();
        let mut p = problem(
            vec![team("A", pts[0], 0.0, f64::INFINITY)],
            stops,
            vec![Weekday::Mon],
        );
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // One-way streets: every arc up to 60 % longer, differently each way.
        for v in p.matrix.dist_m.iter_mut() {
            *v *= 1.0 + rng.random_range(0.0..0.6);
        }
        p.matrix.time_s = p.matrix.dist_m.iter().map(|d| d / 10.0).collect();
        let plan = solve(&p, &cfg(seed, 300), &NoProgress).unwrap();
        validate(&plan, &p).unwrap();
        let (_, opt) = brute_force(&p, true);
        assert!(
            (plan.dist_m() - opt).abs() < 1e-6 * opt,
            "{} vs {opt}",
            plan.dist_m()
        );
    }
}

#[test]
fn tiny_vrps_with_windows_days_and_priorities_match_brute_force() {
    for seed in 0..12 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Within about 20 × 30 km, so that shifts of 2–2.5 h hold a few stops.
        let pts: Vec<Point<f64>> = points(8, 500 + seed)
            .iter()
            .map(|q| Point::new(19.8 + (q.x() - 20.0) * 0.25, 41.3 + (q.y() - 41.25) * 0.2))
            .collect();
        let teams = vec![team("A", pts[0], 8.0, 2.5), team("B", pts[1], 9.0, 2.0)];
        let stops: Vec<Stop> = (0..6)
            .map(|i| {
                let mut s = Stop::new(format!("s{i}"), pts[i + 2]);
                s.priority = f64::from(rng.random_range(1..=3));
                s.service_s = 2400.0;
                if rng.random_bool(0.5) {
                    let start = rng.random_range(8.0..10.5) * 3600.0;
                    s.windows = vec![TimeWindow {
                        start_s: start,
                        end_s: start + 3600.0,
                    }];
                }
                if rng.random_bool(0.3) {
                    s.days = DayMask::from_days(&[Weekday::Tue]);
                }
                if rng.random_bool(0.2) {
                    s.pinned_team = Some(1);
                }
                s
            })
            .collect();
        // Odd seeds: Monday only, so that not every stop fits.
        let days = if seed % 2 == 1 {
            vec![Weekday::Mon]
        } else {
            vec![Weekday::Mon, Weekday::Tue]
        };
        let p = problem(teams, stops, days);
        let mut c = cfg(seed, 400);
        c.minimise = Minimise::Time;
        let plan = solve(&p, &c, &NoProgress).unwrap();
        validate(&plan, &p).unwrap();
        let (served, opt) = brute_force(&p, false);
        assert_eq!(served_vector(&p, &plan), served, "seed {seed}");
        let travel: f64 = plan.routes.iter().map(|r| r.travel_s).sum();
        assert!(
            (travel - opt).abs() < 1e-6 * opt.max(1.0),
            "seed {seed}: {travel} vs {opt}"
        );
    }
}
