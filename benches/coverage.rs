//! Coverage within 2000 m (day centres and CPUs) and capacity-aware day-centre load for 10k,
//! 100k and 1M synthetic cases clustered around Albanian towns × 1k services (a tenth day
//! centres with 20–80 places), fixed seeds, cases projected once beforehand (the app keeps
//! them projected; `nearest/project` measures projection).
//!
//! Figures on the 2-core dev machine (other builds running, load ≈ 5; criterion medians):
//! within_2000m 10k 2.3 ms, 100k 25 ms, 1M 0.26 s; capacity 10k 2.2 ms, 100k 42 ms, 1M 0.88 s.
//!
//! Run: `cargo bench --no-default-features --bench coverage`.

#[path = "support/access_data.rs"]
mod access_data;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use riskatlas::analysis::capacity::{CapacityConfig, capacity_projected};
use riskatlas::analysis::coverage::{CoverageConfig, coverage_projected, project_cases};
use riskatlas::analysis::nearest::ServiceIndex;
use riskatlas::progress::NoProgress;

fn bench(c: &mut Criterion) {
    let services = access_data::services(1_000);
    let cov = CoverageConfig::default();
    let cap = CapacityConfig::default();
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let cases = access_data::cases(n);
        let xy = project_cases(&cases, &cov.crs, &NoProgress).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("within_2000m", n), &xy, |b, xy| {
            b.iter(|| {
                let index = ServiceIndex::build(&services, &cov.types, &cov.crs).unwrap();
                coverage_projected(&cases, xy, &index, &cov, &NoProgress)
                    .unwrap()
                    .covered
            })
        });
        group.bench_with_input(BenchmarkId::new("capacity", n), &xy, |b, xy| {
            b.iter(|| {
                let index = ServiceIndex::build(&services, &cap.types, &cap.crs).unwrap();
                capacity_projected(&cases, xy, &services, &index, &cap, &NoProgress)
                    .unwrap()
                    .covered_within_capacity
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
