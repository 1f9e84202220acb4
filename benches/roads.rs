//! Road networks on a SYNTHETIC country-size extract (no real Albania `.osm.pbf` is available
//! offline): `benches/data/synthetic_albania.osm.pbf`, made by
//! `benches/data/make_synthetic_albania_pbf.py` (pyosmium; not committed). Without the file
//! the benchmark prints how to make it and measures nothing.
//!
//! One-off steps are timed once with `Instant` (each takes seconds; criterion's 10 samples
//! would take many minutes) and printed: PBF import (both passes), graph build (nodes,
//! degree-2 merging, components, segment R-tree), contraction hierarchy per profile.
//! Criterion then measures queries on the prepared graph: one point-to-point route with
//! geometry between random points anywhere in the country (`roads/path_country`), and a
//! 200 × 200 travel matrix of points in a 40 × 40 km area (`roads/matrix_200/<profile>`).
//!
//! Figures on the 2-core dev machine (release, synthetic file of 1.38 M nodes / 304 k ways,
//! 9.7 MB; other builds running, load 5–8, so ranges over two runs): import 0.6–1.1 s, graph
//! 1.4–2.3 s (227 k nodes, 368 k edges), hierarchy driving 4.4–9.8 s, walking 41–64 s (a
//! uniform grid with one speed is the worst case for contraction hierarchies);
//! path_country 0.08 ms (0.3 ms before workspaces were pooled), matrix_200 driving 8 ms,
//! walking 48–78 ms.
//!
//! Run: `cargo bench --no-default-features --bench roads`.

use std::path::Path;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::roads::{Profile, RoadGraph, RouteOptions};
use riskatlas::io::osm_pbf::{OsmPbfOptions, read_osm_pbf};
use riskatlas::progress::NoProgress;

const FILE: &str = "benches/data/synthetic_albania.osm.pbf";

fn load() -> Option<RoadGraph> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    if !path.exists() {
        eprintln!(
            "roads bench: {FILE} is missing, nothing measured. Make it with:\n  \
             python3 -m venv /tmp/osmvenv && /tmp/osmvenv/bin/pip install osmium\n  \
             /tmp/osmvenv/bin/python benches/data/make_synthetic_albania_pbf.py"
        );
        return None;
    }
    let t = Instant::now();
    let (lines, stats) = read_osm_pbf(&path, &OsmPbfOptions::default(), &NoProgress).unwrap();
    let import_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let g = RoadGraph::from_lines(&lines, &NoProgress).unwrap();
    let build_s = t.elapsed().as_secs_f64();
    let vertices = g.stats().vertices;
    drop(lines);
    eprintln!(
        "roads bench (synthetic): import {import_s:.2} s ({} ways kept of {}, {vertices} vertices); \
         graph {build_s:.2} s ({} nodes, {} edges, {} components, largest {} nodes)",
        stats.road_ways,
        stats.ways,
        g.node_count(),
        g.edge_count(),
        g.component_count(),
        g.largest_component_nodes()
    );
    for profile in Profile::ALL {
        let t = Instant::now();
        g.prepare(profile, &NoProgress).unwrap();
        eprintln!(
            "roads bench (synthetic): contraction hierarchy {profile:?} {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    Some(g)
}

fn random_points(
    rng: &mut ChaCha8Rng,
    n: usize,
    w: f64,
    s: f64,
    e: f64,
    n_: f64,
) -> Vec<Point<f64>> {
    (0..n)
        .map(|_| Point::new(rng.random_range(w..e), rng.random_range(s..n_)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let Some(g) = load() else { return };
    let opts = RouteOptions::default();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let country = random_points(&mut rng, 400, 19.4, 39.8, 20.9, 42.5);
    let pairs: Vec<(Point<f64>, Point<f64>)> = country.chunks(2).map(|p| (p[0], p[1])).collect();
    // Around Bulqizë: about 40 × 40 km.
    let area = random_points(&mut rng, 200, 20.0, 41.3, 20.48, 41.66);
    let mut group = c.benchmark_group("roads");
    group.sample_size(10);
    let mut k = 0;
    group.bench_function("path_country", |b| {
        b.iter(|| {
            k = (k + 1) % pairs.len();
            g.paths(&pairs[k..k + 1], Profile::Driving, &opts, &NoProgress)
                .unwrap()
        })
    });
    for profile in Profile::ALL {
        group.bench_with_input(
            BenchmarkId::new("matrix_200", profile.code()),
            &area,
            |b, pts| b.iter(|| g.matrix_with(pts, profile, &opts, &NoProgress).unwrap()),
        );
    }
    group.finish();
    let m = g.matrix(&area, Profile::Driving).unwrap();
    let finite = m.time_s.iter().filter(|t| t.is_finite()).count();
    let mean_km = m.dist_m.iter().filter(|d| d.is_finite()).sum::<f64>() / finite as f64 / 1000.0;
    eprintln!(
        "roads bench: 200 x 200 driving matrix: {finite} finite entries, mean route {mean_km:.1} km"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
