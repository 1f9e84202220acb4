//! Municipality assignment (R-tree over envelopes + exact point-in-polygon) for 10k, 100k
//! and 1M random points over Albania's 61 real municipalities. Fixed seed.
//!
//! Run: `cargo bench --bench assign_municipality`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::assign::MunicipalityLookup;
use riskatlas::progress::NoProgress;

fn points(n: usize) -> Vec<Point<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..n)
        .map(|_| Point::new(rng.random_range(19.3..21.1), rng.random_range(39.6..42.7)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let municipalities = riskatlas::demo::sources::municipalities().expect("embedded data");
    let lookup = MunicipalityLookup::new(&municipalities);
    let mut group = c.benchmark_group("assign_municipality");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let pts = points(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &pts, |b, pts| {
            b.iter(|| {
                lookup
                    .locate_all(pts, &NoProgress)
                    .expect("not cancelled")
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
