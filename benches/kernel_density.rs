//! Quartic kernel density (QGIS-compatible grid) of 10k, 100k and 1M random points over an
//! Albania-sized extent in metres (200 × 300 km), radius 1 km, pixel 100 m. Fixed seed.
//!
//! Run: `cargo bench --no-default-features --bench kernel_density`.
//!
//! Measured here (2 cores, both busy with other builds, load ≈ 5), criterion medians:
//! before the banded parallel accumulation 10k 113 ms, 100k 0.64 s, 1M 7.06 s;
//! after 10k 91–111 ms, 100k 92–152 ms, 1M 0.84–0.88 s. Best of 8 runs in the same conditions:
//! 10k 39 ms, 100k 75 ms, 1M 0.46 s (also 0.46 s on one thread: the busy machine gave one core;
//! 0.46 s of CPU in all, so about 0.25 s on two idle cores). QGIS's heatmap: about 8.5 s for 1M.
//! Later, with the machine less busy (load ≈ 2), criterion medians: 10k 88 ms, 100k 0.13 s,
//! 1M 0.35 s (24× QGIS).
//! The 10k figure is mostly allocating and zeroing the 6-million-cell f64 raster.

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
