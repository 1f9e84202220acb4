//! Service-gap areas on a precomputed Albania risk surface at 100 m (the demo's 61
//! municipalities, mines, hotspots and services; ≈ 1,500 × 3,350 cells, July, default
//! weights) for 10k, 100k and 1M synthetic cases spread uniformly over the municipalities'
//! extent (fixed seed): day centres, 2,000 m, risk ≥ 50, H3 resolution 8. The surface is
//! computed once per size, outside the timing. A second group times `hexbin` of 10k, 100k
//! and 1M WGS84 points over Albania's bounding box at resolution 8.
//!
//! Run: `cargo bench --no-default-features --bench gaps`.

#[path = "support/risk_data.rs"]
mod risk_data;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use geo::Point;
use risk_data::{demo_inputs, uniform};
use riskatlas::analysis::gaps::{GapConfig, gap_areas};
use riskatlas::analysis::hexbin::{HexbinConfig, hexbin};
use riskatlas::analysis::risk::risk_surface;
use riskatlas::progress::NoProgress;

fn bench(c: &mut Criterion) {
    let base = demo_inputs();
    let extent = base.land_extent_m().expect("land");
    let config = GapConfig::default();
    let mut group = c.benchmark_group("gaps");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let mut inputs = base.clone();
        inputs.cases_xy_m = uniform(n, extent);
        let surface = risk_surface(&inputs, &config.risk, &NoProgress).expect("surface");
        let once = gap_areas(&surface, &inputs, &config, &NoProgress).expect("gaps");
        eprintln!(
            "{n} cases: {} gap cells, {} areas, {} hexagons, {} uncovered cases",
            once.gap_cells,
            once.areas.len(),
            once.hexagons(),
            once.uncovered_cases()
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &inputs, |b, inputs| {
            b.iter(|| {
                gap_areas(&surface, inputs, &config, &NoProgress)
                    .expect("gaps")
                    .areas
                    .len()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("hexbin");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let pts: Vec<Point<f64>> = uniform(n, [19.26, 39.64, 21.07, 42.66])
            .into_iter()
            .map(|[x, y]| Point::new(x, y))
            .collect();
        group.bench_with_input(BenchmarkId::from_parameter(n), &pts, |b, pts| {
            b.iter(|| {
                hexbin(pts, &HexbinConfig::default(), &NoProgress)
                    .expect("hexbin")
                    .cells
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
