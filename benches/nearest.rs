//! Nearest service per case (R-tree in Albania TM metres, rayon on both cores): 10k, 100k and
//! 1M synthetic cases clustered around Albanian towns × 10k services, fixed seeds.
//!
//! `nearest/xy/N`: build the index over the 10k projected services and query N projected
//! cases (the work scipy's `cKDTree(services).query(cases)` does, ~0.65 s for 1M × 10k on
//! this 2-core machine). `project/1000000`: WGS84 → Albania TM of 1M points, measured apart
//! (the app projects cases once and reuses them). `nearest/geodesic/N`: geodesic re-ranking
//! from WGS84 positions, projection included.
//!
//! Figures on the 2-core dev machine (other builds running, load ≈ 5; criterion medians):
//! xy 10k 4.1 ms, 100k 38 ms, 1M 0.36 s (vs cKDTree ~0.65 s); project 1M 0.26–0.33 s;
//! geodesic 10k 21 ms, 100k 0.21 s (projection included).
//!
//! Run: `cargo bench --no-default-features --bench nearest`.

#[path = "support/access_data.rs"]
mod access_data;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use riskatlas::analysis::metric::project_wgs84;
use riskatlas::analysis::nearest::{
    NearestConfig, ServiceIndex, nearest_projected, nearest_services,
};
use riskatlas::crs::Crs;
use riskatlas::progress::NoProgress;

fn bench(c: &mut Criterion) {
    let tm = Crs::albania_tm();
    let services = access_data::clustered(10_000, 13);
    let services_xy = project_wgs84(&services, &tm, "s", &NoProgress).unwrap();
    let mut group = c.benchmark_group("nearest");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let cases = access_data::clustered(n, 7);
        let cases_xy = project_wgs84(&cases, &tm, "c", &NoProgress).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("xy", n), &cases_xy, |b, xy| {
            b.iter(|| {
                let index = ServiceIndex::from_xy(&services_xy);
                nearest_projected(&index, xy, &[], false, &NoProgress)
                    .unwrap()
                    .len()
            })
        });
        if n == 1_000_000 {
            group.bench_with_input(BenchmarkId::new("project", n), &cases, |b, pts| {
                b.iter(|| project_wgs84(pts, &tm, "c", &NoProgress).unwrap().len())
            });
        }
    }
    let services = access_data::services(10_000);
    let cfg = NearestConfig {
        geodesic: true,
        ..NearestConfig::default()
    };
    for n in [10_000, 100_000] {
        let cases = access_data::cases(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("geodesic", n), &cases, |b, cases| {
            b.iter(|| {
                nearest_services(cases, &services, &cfg, &NoProgress)
                    .unwrap()
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
