//! The action plan's indicators for the 61 municipalities (the demo's municipalities, services
//! and mine perimeters) with 10k, 100k and 1M synthetic cases copied from the demo's cases
//! (so they sit where the demo puts children, with their municipality, kind, status and
//! date), each copy shifted by up to ±500 m (fixed seed).
//!
//! Run: `cargo bench --no-default-features --bench indicators`.
//!
//! Measured here (criterion medians, 2 cores, a clean-clone CI build running beside it):
//! 10k 12.6 ms, 100k 82 ms, 1M 0.84 s.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::indicators::{IndicatorConfig, municipal_indicators};
use riskatlas::model::{Case, LayerKind, MinePerimeter, Municipality, Record, Service};
use riskatlas::progress::NoProgress;

fn bench(c: &mut Criterion) {
    let layers = riskatlas::demo::build_layers().expect("demo layers");
    let of = |k: LayerKind| layers.iter().find(|l| l.kind == k).expect("layer");
    let municipalities = Municipality::read_layer(of(LayerKind::Municipalities)).unwrap();
    let services = Service::read_layer(of(LayerKind::Services)).unwrap();
    let mines = MinePerimeter::read_layer(of(LayerKind::Mines)).unwrap();
    let demo_cases = Case::read_layer(of(LayerKind::Cases)).unwrap();
    let config = IndicatorConfig::default();
    let mut group = c.benchmark_group("indicators");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        let cases: Vec<Case> = (0..n)
            .map(|i| {
                let mut c = demo_cases[i % demo_cases.len()].clone();
                let (dx, dy) = (
                    rng.random_range(-0.006..0.006),
                    rng.random_range(-0.0045..0.0045),
                );
                c.pos_wgs84 = Point::new(c.pos_wgs84.x() + dx, c.pos_wgs84.y() + dy);
                c
            })
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &cases, |b, cases| {
            b.iter(|| {
                municipal_indicators(
                    &municipalities,
                    cases,
                    &services,
                    &mines,
                    &config,
                    &NoProgress,
                )
                .expect("indicators")
                .national
                .cases
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
