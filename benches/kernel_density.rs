//! Quartic kernel density (QGIS-compatible grid) of 10k, 100k and 1M random points over an
//! Albania-sized extent in metres (200 × 300 km), radius 1 km, pixel 100 m. Fixed seed.
//!
//! Run: `cargo bench --no-default-features --bench kernel_density`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::kde::{DensityOutput, KdeConfig, kernel_density};
use riskatlas::progress::NoProgress;

fn points(n: usize) -> Vec<[f64; 2]> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..n)
        .map(|_| {
            [
                rng.random_range(380_000.0..580_000.0),
                rng.random_range(4_390_000.0..4_690_000.0),
            ]
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let config = KdeConfig {
        radius_m: 1000.0,
        pixel_m: 100.0,
        output: DensityOutput::Raw,
    };
    let mut group = c.benchmark_group("kernel_density");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let pts = points(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &pts, |b, pts| {
            b.iter(|| {
                kernel_density(pts, None, &config, &NoProgress)
                    .expect("density")
                    .values
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
