//! Field routes: one team through 50 / 200 / 1,000 stops in Albania (straight lines, depot
//! Tirana) against OR-Tools' guided local search (benches/data/tspN_reference.json), and a
//! week of 32 teams × 40 stops (1,280 stops) with 8-hour shifts, windows, days, priorities
//! and pins.
//!
//! Before timing, a report prints each instance's tour length, its ratio to OR-Tools and the
//! time of one solve (and served / unassigned for the week).
//!
//! Figures on the 2-core dev machine (other builds running; criterion medians; OR-Tools 9.15
//! PATH_CHEAPEST_ARC + GUIDED_LOCAL_SEARCH on the same haversine metres):
//! tsp50 1,012.8 km = OR-Tools (60 s) in 32 ms (3,000 iterations);
//! tsp200 1,843.0 km vs OR-Tools 1,881.5 km (120 s): 0.980 in 0.57 s (10,000 iterations);
//! tsp1000 3,954.5 km vs OR-Tools 4,006.1 km (300 s): 0.987 in 8.3 s (30,000 iterations);
//! week 32 × 40: 709 of 1,280 stops served (by priority 5…1: 187/214, 255/285, 185/228,
//! 71/256, 11/297; the rest: 28 on weekends only, 41 too far, 68 windows outside the shift,
//! 434 no time left), 160 routes, 9,360 km, in 3.5 s (20,000 iterations).
//!
//! Run: `cargo bench --no-default-features --bench routing`.

#[path = "support/routing_data.rs"]
mod routing_data;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use riskatlas::analysis::routing::{
    Minimise, Problem, RoutePlan, RoutingConfig, UnassignedReason, solve, validate,
};
use riskatlas::progress::NoProgress;

/// Iterations per instance: enough for the quality reported, not more.
fn tsp_cfg(n: usize) -> RoutingConfig {
    RoutingConfig {
        seed: 1,
        max_iterations: Some(match n {
            0..=50 => 3_000,
            51..=200 => 10_000,
            _ => 30_000,
        }),
        time_limit: None,
        minimise: Minimise::Distance,
    }
}

fn week_cfg() -> RoutingConfig {
    RoutingConfig {
        seed: 1,
        max_iterations: Some(20_000),
        time_limit: None,
        minimise: Minimise::Time,
    }
}

fn timed(p: &Problem, cfg: &RoutingConfig) -> (RoutePlan, Duration) {
    let t = Instant::now();
    let plan = solve(p, cfg, &NoProgress).expect("solve");
    let took = t.elapsed();
    validate(&plan, p).expect("valid plan");
    (plan, took)
}

fn report() {
    for n in [50, 200, 1000] {
        let name = format!("tsp{n}");
        let p = routing_data::tsp(&name);
        let (plan, took) = timed(&p, &tsp_cfg(n));
        let km = plan.dist_m() / 1000.0;
        match routing_data::reference_m(&name) {
            Some(r) => println!(
                "routing report: {name}: {km:.1} km, OR-Tools {:.1} km, ratio {:.4}, {took:.2?} ({} iterations)",
                r / 1000.0,
                plan.dist_m() / r,
                plan.iterations
            ),
            None => println!("routing report: {name}: {km:.1} km, {took:.2?}"),
        }
    }
    let p = routing_data::week_32x40();
    let (plan, took) = timed(&p, &week_cfg());
    let mut reasons = std::collections::BTreeMap::new();
    for u in &plan.unassigned {
        let code = match u.reason {
            UnassignedReason::NotEnoughTime { outranked: true } => "not_enough_time (outranked)",
            r => r.code(),
        };
        *reasons.entry(code).or_insert(0) += 1;
    }
    let by_priority: Vec<String> = (1..=5)
        .rev()
        .map(|q| {
            let of = |stops: &mut dyn Iterator<Item = usize>| {
                stops
                    .filter(|&s| p.stops[s].priority == f64::from(q))
                    .count()
            };
            let served = of(&mut plan
                .routes
                .iter()
                .flat_map(|r| r.visits.iter().map(|v| v.stop)));
            format!("p{q} {served}/{}", of(&mut (0..p.stops.len())))
        })
        .collect();
    println!(
        "routing report: week 32x40: served {} of {} ({}), unassigned {:?}, {} routes, {:.0} km, {:.0} h on the road, {took:.2?}",
        plan.served(),
        p.stops.len(),
        by_priority.join(", "),
        reasons,
        plan.routes.len(),
        plan.dist_m() / 1000.0,
        plan.routes.iter().map(|r| r.travel_s).sum::<f64>() / 3600.0
    );
}

fn bench(c: &mut Criterion) {
    report();
    let mut group = c.benchmark_group("routing");
    group.sample_size(10);
    for n in [50, 200, 1000] {
        let p = routing_data::tsp(&format!("tsp{n}"));
        let cfg = tsp_cfg(n);
        group.bench_with_input(BenchmarkId::new("one_team", n), &p, |b, p| {
            b.iter(|| solve(p, &cfg, &NoProgress).unwrap().dist_m())
        });
    }
    let p = routing_data::week_32x40();
    let cfg = week_cfg();
    group.bench_function("week_32x40", |b| {
        b.iter(|| solve(&p, &cfg, &NoProgress).unwrap().served())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
