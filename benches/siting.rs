//! Siting new day centres (maximal covering location) on 100k synthetic cases clustered
//! around Albanian towns, with the 100 existing day centres of `access_data::services` kept
//! (their demand excluded), 1k and 5k candidates (three quarters around the towns, one
//! quarter spread over the country), reach 2000 m, p = 5, 10, 20.
//!
//! First a one-shot table (stdout): per size and p the greedy, final cover, the Lagrangian
//! bound, the gap, whether it is proven optimal, and the time, for the heuristic + bound and
//! for the exact search (time limit `SITING_EXACT_S`, default 120 s). Then criterion medians
//! of the heuristic + bound, and of the exact search where it proved optimality within 20 s.
//! `SITING_TABLE_ONLY=1` skips criterion.
//!
//! Figures on the 2-core dev machine (other builds running; criterion medians are whole
//! `site()` runs for p = 5, 10, 20 together, demand classes included):
//! - 100 day centres kept (41,718 cases already covered): 1k candidates, 4,151 classes:
//!   covers 4,909 / 7,900 / 12,786, all proven optimal at the root (gap 0), 0.22 s;
//!   5k candidates, 27,425 classes: 5,019 / 8,080 / 13,263, proven at the root, 1.7 s.
//! - no existing service (all 100k cases are demand, dense towns): 1k candidates, 9,690
//!   classes: heuristic + bound 13,337 / 20,944 / 30,228 with gaps 1.4 / 1.6 / 2.1 %, 0.84 s;
//!   exact: p = 5 proven in 0.8 s (68 nodes), p = 10 in 7.3 s (388 nodes), p = 20 not proven
//!   in 112 s (30,272, gap 2.0 %). 5k candidates, 56,131 classes: heuristic + bound
//!   13,438 / 21,191 / 30,503, gaps 1.8 / 2.3 / 3.8 %, 12.8 s; exact with 40 s per p:
//!   13,461 / 21,191 / 30,722, gaps 1.6 / 2.3 / 3.1 %, not proven.
//! - With the search by parts (components + knapsack DP, 120 s for the three p): no
//!   existing service, 1k: p = 5 proven in 1.1 s, p = 10 in 8.0 s, p = 20 not proven in
//!   111 s (30,243, gap 2.0 %); 5k: 13,461 / 21,191 / 30,503, gaps 1.6 / 2.3 / 3.8 %, not
//!   proven in 40 s per p. One part (around Tiranë: 232 / 1,213 candidates, 35 % of the
//!   demand) takes every site, so the split does not shorten these searches.
//! - Best-bound search with depth-first dives (`queue.rs`), 3000 root iterations, branching
//!   on the smallest ρ; `SITING_EXACT_S=60` (20 s per p), no existing service, the figures
//!   before in brackets (same run): 1k: p = 5 proven in 1.5 s, 112 nodes [1.1 s, 67], p = 10
//!   in 8.8 s, 595 nodes [6.2 s, 444], p = 20 not proven in 50 s: 30,238 / bound 30,749,
//!   gap 1.66 % [30,228 / 30,877, 2.10 %] (alone for 120 s, `exact_on_bench_instances`:
//!   30,279 / 30,749.1, 1.53 %, 7,170 nodes: the bound stalls); 5k: 13,461 / 21,191 /
//!   30,645, bounds 13,669.7 / 21,653.0 / 31,520.4, gaps 1.53 / 2.13 / 2.78 % [13,461 /
//!   21,191 / 30,503, 1.63 / 2.28 / 3.76 %]. The heuristic + bound figures are unchanged
//!   (600 root iterations as before).
//! - Reference (benches/data/siting_reference.py, HiGHS 1.16, figures in
//!   siting_reference.json): 1k, no service: LP relaxation 13,496.8 / 21,184.6 / 30,710.5
//!   (the gap is mostly a true integrality gap, 1.2 % at p = 5 and 10; the Lagrangian bound
//!   is 0.2–0.6 % above the LP); HiGHS proves p = 5 (13,337) in 178 s, leaves p = 10 at
//!   20,801 / bound 21,145 after 600 s; for 5k it does not solve the LP in 600 s. CBC 2.10.3
//!   (siting_reference_cbc.py, PuLP's binary, 600 s, niced beside other work) stops at
//!   13,337 / bound 13,496.8 (p = 5: the LP's), 20,839 / 21,184.6 (p = 10, 6 nodes) and
//!   28,471 / 30,688.5 (p = 20, 22 nodes); an earlier run reached 30,022 / 30,690.9 at
//!   p = 20; for 5k, p = 5 it did not solve the root LP in 778 s.
//!
//! Run: `cargo bench --no-default-features --bench siting`.

#[path = "support/access_data.rs"]
mod access_data;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::siting::{Candidate, SitingConfig, SitingReport, site};
use riskatlas::model::{Case, Service, ServiceType};
use riskatlas::progress::NoProgress;

fn candidates(n: usize) -> Vec<Candidate> {
    let mut rng = ChaCha8Rng::seed_from_u64(29);
    let mut pts = access_data::clustered(n * 3 / 4, 31);
    while pts.len() < n {
        pts.push(Point::new(
            rng.random_range(19.3..21.0),
            rng.random_range(39.7..42.6),
        ));
    }
    pts.into_iter()
        .enumerate()
        .map(|(i, p)| Candidate {
            id: format!("K{i}"),
            pos_wgs84: p,
            capacity: None,
        })
        .collect()
}

fn config(exact: bool, time_limit_s: u64) -> SitingConfig {
    SitingConfig {
        service_types: vec![ServiceType::DayCentre],
        p_values: vec![5, 10, 20],
        exact,
        time_limit: Some(Duration::from_secs(time_limit_s)),
        ..SitingConfig::default()
    }
}

fn run(
    cases: &[Case],
    services: &[Service],
    cands: &[Candidate],
    cfg: &SitingConfig,
) -> SitingReport {
    site(cases, services, cands, cfg, &NoProgress).expect("siting runs")
}

fn table(label: &str, r: &SitingReport, total: Duration) {
    println!(
        "{label}: {} cases, {} already covered, {} reachable by a candidate, {} demand classes, {:.2} s in all",
        r.totals.all_cases,
        r.totals.existing_cases,
        r.totals.reachable_cases,
        r.demand_classes,
        total.as_secs_f64()
    );
    for p in &r.results {
        println!(
            "  p={:>2}  greedy {:>6.0}  cover {:>6.0}  bound {:>8.1}  gap {:>6.3} %  proven {:<5}  nodes {:>6}  {:>7.2} s",
            p.p,
            p.greedy_demand,
            p.covered_demand,
            p.upper_bound,
            p.gap * 100.0,
            p.proven_optimal,
            p.nodes,
            p.time.as_secs_f64()
        );
    }
}

fn bench(c: &mut Criterion) {
    let cases = access_data::cases(100_000);
    let services = access_data::services(1_000);
    let exact_s: u64 = std::env::var("SITING_EXACT_S")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let mut fast_exact = Vec::new();
    for (scenario, existing) in [("kept", &services[..]), ("none", &[][..])] {
        for m in [1_000, 5_000] {
            let cands = candidates(m);
            let t = Instant::now();
            let r = run(&cases, existing, &cands, &config(false, 600));
            table(
                &format!("existing services {scenario}, heuristic+bound, {m} candidates"),
                &r,
                t.elapsed(),
            );
            let t = Instant::now();
            let r = run(&cases, existing, &cands, &config(true, exact_s));
            let took = t.elapsed();
            table(
                &format!("existing services {scenario}, exact (limit {exact_s} s), {m} candidates"),
                &r,
                took,
            );
            if r.results.iter().all(|p| p.proven_optimal) && took < Duration::from_secs(20) {
                fast_exact.push((scenario, m));
            }
        }
    }
    if std::env::var("SITING_TABLE_ONLY").as_deref() == Ok("1") {
        return;
    }
    let mut group = c.benchmark_group("siting_100k");
    group.sample_size(10);
    for (scenario, existing) in [("kept", &services[..]), ("none", &[][..])] {
        for m in [1_000, 5_000] {
            let cands = candidates(m);
            let id = format!("{scenario}/{m}");
            group.bench_with_input(BenchmarkId::new("heuristic_bound", &id), &cands, |b, k| {
                b.iter(|| run(&cases, existing, k, &config(false, 600)).results.len())
            });
            if fast_exact.contains(&(scenario, m)) {
                group.bench_with_input(BenchmarkId::new("exact", &id), &cands, |b, k| {
                    b.iter(|| run(&cases, existing, k, &config(true, 60)).results.len())
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
