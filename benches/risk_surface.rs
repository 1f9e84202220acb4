//! The full risk surface over Albania at 100 m (the demo's 61 municipalities, mine
//! perimeters, coastal hotspots and services; ≈ 1,500 × 3,350 cells) for 10k, 100k and 1M
//! synthetic cases spread uniformly over the municipalities' extent (fixed seed), July,
//! default weights and distances. A second group times classes + zone vectorisation.
//!
//! Run: `cargo bench --no-default-features --bench risk_surface`.
//!
//! Measured here (criterion medians, 2 cores, a CI build beside it): 10k 0.35 s, 100k 0.35 s,
//! 1M 0.84 s (8.5 s at 1M while the density was single-threaded).

#[path = "support/risk_data.rs"]
mod risk_data;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use risk_data::{demo_inputs, uniform};
use riskatlas::analysis::classes::{ClassMethod, classify};
use riskatlas::analysis::risk::{RiskConfig, risk_surface};
use riskatlas::analysis::zones::vectorise_zones;
use riskatlas::progress::NoProgress;

fn bench(c: &mut Criterion) {
    let base = demo_inputs();
    let extent = base.land_extent_m().expect("land");
    let config = RiskConfig::default();
    let mut group = c.benchmark_group("risk_surface");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let mut inputs = base.clone();
        inputs.cases_xy_m = uniform(n, extent);
        group.bench_with_input(BenchmarkId::from_parameter(n), &inputs, |b, inputs| {
            b.iter(|| {
                risk_surface(inputs, &config, &NoProgress)
                    .expect("surface")
                    .score
                    .len()
            })
        });
    }
    group.finish();

    let mut inputs = base.clone();
    inputs.cases_xy_m = uniform(100_000, extent);
    let surface = risk_surface(&inputs, &config, &NoProgress).expect("surface");
    let mut group = c.benchmark_group("risk_zones");
    group.sample_size(10);
    group.bench_function("classes_and_zones_100000", |b| {
        b.iter(|| {
            let classes =
                classify(surface.grid, &surface.score, ClassMethod::default()).expect("classes");
            vectorise_zones(
                &classes,
                &surface.municipality,
                &inputs.cases_xy_m,
                &NoProgress,
            )
            .expect("zones")
            .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
