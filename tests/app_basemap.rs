//! The basemap switcher in the real app (egui_kittest, offline): an offline MBTiles pack is
//! opened, its tiles are painted over the vector basemap with its attribution, the View menu
//! lists it, and "Vector map only" turns tiles off again.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::epaint::Shape;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use riskatlas::app::tile_sources::BasemapChoice;
use riskatlas::app::{Action, RiskAtlasApp};
use riskatlas::io::tile_pack::{PackOptions, build_pack};
use riskatlas::progress::NoProgress;
use riskatlas::render::TileRenderer;

type AppHarness = Harness<'static, Option<RiskAtlasApp>>;

fn app(h: &AppHarness) -> &RiskAtlasApp {
    h.state()
        .as_ref()
        .expect("the app is created on the first frame")
}

/// A few frames: enough to apply queued actions and clicks. (`Harness::run` would wait for
/// the UI to stop repainting, which it does not while the pack's tiles keep arriving.)
fn settle(h: &mut AppHarness) {
    h.run_steps(4);
}

fn push(h: &mut AppHarness, action: Action) {
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(action);
    }
    settle(h);
}

/// A pack of zooms 6..8 of the demo basemap.
fn pack(dir: &Path) -> PathBuf {
    let out = dir.join("albania.mbtiles");
    let renderer =
        TileRenderer::new(riskatlas::demo::basemap_data().expect("data")).expect("renderer");
    let opts = PackOptions {
        min_zoom: 6,
        max_zoom: 8,
        scale: 1,
        bbox_wgs84: [19.25, 39.6, 21.1, 42.7],
        threads: 2,
        name: "test".into(),
        description: String::new(),
        attribution: "Test pack attribution".into(),
    };
    build_pack(&renderer, &out, &opts, &NoProgress).expect("pack");
    out
}

fn paints_a_texture(shapes: &[Shape]) -> bool {
    shapes.iter().any(|s| match s {
        Shape::Mesh(m) => m.texture_id != egui::TextureId::default(),
        Shape::Vec(v) => paints_a_texture(v),
        _ => false,
    })
}

fn start(project: PathBuf) -> AppHarness {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            move |ui, state: &mut Option<RiskAtlasApp>| {
                let app = state
                    .get_or_insert_with(|| RiskAtlasApp::new_for_test(ui.ctx(), project.clone()));
                app.show(ui);
            },
            None,
        );
    let start = Instant::now();
    while app(&h).is_loading() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "load did not end"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
    h
}

#[test]
fn an_offline_pack_is_drawn_listed_and_switched_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.gpkg");
    drop(riskatlas::demo::write_base_project(&project).expect("project"));
    let pack = pack(dir.path());
    let mut h = start(project);
    assert_eq!(
        app(&h).basemap_choice(),
        BasemapChoice::VectorOnly,
        "tests run offline, no packs"
    );

    push(&mut h, Action::OpenPack(pack.clone()));
    assert_eq!(app(&h).basemap_choice(), BasemapChoice::OfflinePack);
    assert_eq!(
        app(&h).settings().offline_pack.as_deref(),
        Some(pack.as_path())
    );
    // Tiles arrive from the reader thread; keep drawing frames until one is painted.
    let start = Instant::now();
    let painted = loop {
        h.step();
        let shapes: Vec<Shape> = h.output().shapes.iter().map(|c| c.shape.clone()).collect();
        if paints_a_texture(&shapes) {
            break true;
        }
        if start.elapsed() > Duration::from_secs(20) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(painted, "no tile of the pack was painted");
    settle(&mut h);
    h.get_by_label("Test pack attribution");

    h.get_by_label("Pamja").click();
    settle(&mut h);
    h.get_by_label("Paketë harte pa rrjet: albania.mbtiles");
    h.get_by_label("Vetëm harta vektoriale").click();
    settle(&mut h);
    assert_eq!(app(&h).basemap_choice(), BasemapChoice::VectorOnly);
    h.get_by_label("© OpenStreetMap contributors");

    // A file that is not a pack: a message in the status bar, and the vector map stays.
    push(&mut h, Action::OpenPack(dir.path().join("missing.mbtiles")));
    let status = app(&h).session().status.clone().unwrap_or_default();
    assert!(
        status.contains("nuk u hap") && status.contains("missing.mbtiles"),
        "{status}"
    );
    assert_eq!(app(&h).session().error, None);
    assert_eq!(app(&h).basemap_choice(), BasemapChoice::VectorOnly);
}
