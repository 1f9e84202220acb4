//! One frame of map drawing for the cases layer: the shapes the walkers plugin paints, for
//! 10k, 100k and 1M case points spread over Albania (fixed seed), in a 1280×800 view:
//! the whole country at zoom 7.5 (cases clustered on a screen grid) and Tirana at zoom 13
//! (points drawn one by one, most of them off screen and culled).
//!
//! Headless: an egui `Context` without a window; the time is the CPU work of building the
//! frame's shapes (culling, projection, clustering, text layout of the counts), not GPU time.
//! Run: `cargo bench --bench map_frame` (builds the app in release: slow the first time).

use std::cell::RefCell;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::app::jobs::view_of;
use riskatlas::app::overlays::LayerOverlay;
use riskatlas::app::transform::ScreenTransform;
use riskatlas::model::{Case, CaseKind, CaseStatus, LayerKind, Sex, layer_from_records};

fn cases(n: usize) -> Vec<Case> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    (0..n)
        .map(|i| Case {
            fid: Some(i as i64 + 1),
            case_code: format!("B-{i}"),
            identified_on: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            kind: CaseKind::ALL[i % CaseKind::ALL.len()],
            age: Some(12),
            sex: Sex::Unknown,
            status: CaseStatus::Referred,
            municipality: None,
            team: None,
            gps_accuracy_m: None,
            pos_wgs84: Point::new(rng.random_range(19.3..21.0), rng.random_range(39.7..42.6)),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let rect = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(1280.0, 800.0));
    let views = [
        ("albania_z7.5", [20.1, 41.15], 7.5),
        ("tirana_z13", [19.82, 41.33], 13.0),
    ];
    let mut group = c.benchmark_group("map_frame_cases");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let layer = view_of(layer_from_records(LayerKind::Cases, &cases(n)));
        group.throughput(Throughput::Elements(n as u64));
        for (name, centre, zoom) in views {
            let t = ScreenTransform::new(rect, centre, zoom);
            let clusters = RefCell::new(None);
            let overlay = LayerOverlay {
                layer: &layer,
                clusters: &clusters,
            };
            // Text layout needs the fonts of a running frame.
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                let painter = ui.painter().clone();
                group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                    b.iter(|| overlay.shapes(&painter, &t).len())
                });
            });
            // No renderer takes the font texture: drop its upload on purpose.
            out.textures_delta.clear();
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
