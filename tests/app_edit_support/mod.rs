//! Helpers of the app editing tests: a temporary copy of the demo opened in the real app
//! (egui_kittest, offline), stepping until background work ends, toolbar navigation, mouse
//! clicks and drags on the map, and reading features from the app's memory and from the file
//! (through the app's own project worker).
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use riskatlas::app::{Action, RiskAtlasApp};
use riskatlas::model::Feature;

pub type AppHarness = Harness<'static, Option<RiskAtlasApp>>;

pub fn app(h: &AppHarness) -> &RiskAtlasApp {
    h.state()
        .as_ref()
        .expect("the app is created on the first frame")
}

pub fn push(h: &mut AppHarness, a: Action) {
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(a);
    }
    h.run();
}

/// A fresh copy of the demo in a temp folder, the app open on it and loaded.
pub fn open_demo() -> (tempfile::TempDir, PathBuf, AppHarness) {
    let dir = tempfile::Builder::new()
        .prefix("Përdoruesi ç ")
        .tempdir()
        .expect("temp dir");
    let path = dir.path().join("demo ë.gpkg");
    riskatlas::demo::write_demo(&path)
        .expect("demo")
        .close()
        .expect("closed");
    let mut h = open_path(&path);
    settle(&mut h, |a| !a.is_loading());
    assert_eq!(app(&h).session().error, None);
    (dir, path, h)
}

/// The app (offline, 1280 × 800) opening the project at `path`; not stepped yet.
pub fn open_path(path: &std::path::Path) -> AppHarness {
    let p = path.to_path_buf();
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // Opening the attribute form panel takes a few sizing frames.
        .with_max_steps(16)
        .build_ui_state(
            move |ui, state: &mut Option<RiskAtlasApp>| {
                let app =
                    state.get_or_insert_with(|| RiskAtlasApp::new_for_test(ui.ctx(), p.clone()));
                app.show(ui);
            },
            None,
        )
}

/// Steps the app until `done` (at most 20 s): background work ends between frames.
pub fn settle(h: &mut AppHarness, done: impl Fn(&RiskAtlasApp) -> bool) {
    let start = Instant::now();
    loop {
        h.step();
        if h.state().as_ref().is_some_and(&done) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "not done in 20 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

pub fn saved(h: &mut AppHarness) {
    settle(h, |a| a.session().editing.pending.is_none());
}

/// Enters edit mode on `layer_label` with `tool_label`, through the toolbar.
pub fn edit_layer(h: &mut AppHarness, layer_label: &str, tool_label: &str) {
    h.get_by_label("Ndrysho").click();
    h.run();
    h.get_by_label("Shtresa:").click();
    h.run();
    // The layer's name is also a checkbox in the layers panel: take the menu entry.
    h.get_by(|n| n.label().as_deref() == Some(layer_label) && n.role() != Role::CheckBox)
        .click();
    h.run();
    h.get_by_label(tool_label).click();
    h.run();
}

pub fn click_at(h: &mut AppHarness, pos: Pos2, button: PointerButton) {
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
}

pub fn drag(h: &mut AppHarness, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    let button = PointerButton::Primary;
    h.event(Event::PointerButton {
        pos: from,
        button,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for i in 1..=6 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 6.0)));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: to,
        button,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

pub fn in_memory(h: &AppHarness, layer: &str, fid: i64) -> Option<Feature> {
    let data = &app(h).project()?.layer(layer)?.data;
    data.features.iter().find(|f| f.fid == Some(fid)).cloned()
}

/// The feature as the project file holds it, read by the app's own worker.
pub fn on_disk(h: &AppHarness, layer: &'static str, fid: i64) -> Option<Feature> {
    let worker = app(h)
        .session()
        .editing
        .worker
        .as_ref()
        .expect("project open");
    worker
        .run(move |s| s.read_feature(layer, fid))
        .expect("queued")
        .wait()
        .expect("ran")
        .expect("read")
}

pub fn screen(h: &AppHarness, c: geo::Coord<f64>) -> Pos2 {
    app(h).screen_pos_of(c.x, c.y).expect("map drawn")
}

pub fn type_into(h: &mut AppHarness, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    for _ in 0..8 {
        h.key_press(egui::Key::Backspace);
    }
    h.get_by_label(label).type_text(text);
    h.run();
}

pub fn choose(h: &mut AppHarness, combo: &str, option: &str) {
    h.get_by_label(combo).click();
    h.run();
    h.get_by(|n| n.label().as_deref() == Some(option) && n.role() == Role::Button)
        .click();
    h.run();
}

pub fn case_count(h: &AppHarness) -> usize {
    app(h)
        .project()
        .and_then(|p| p.layer("cases"))
        .map_or(0, |l| l.data.features.len())
}

pub fn count(h: &AppHarness, layer: &str) -> usize {
    app(h)
        .project()
        .and_then(|p| p.layer(layer))
        .map_or(0, |l| l.data.features.len())
}

/// The actions of the project's audit table, read by the app's own worker.
pub fn audit_actions(h: &AppHarness) -> Vec<String> {
    let worker = app(h).session().editing.worker.as_ref().expect("open");
    let log = worker
        .run(|s| s.audit_log())
        .expect("queued")
        .wait()
        .expect("ran")
        .expect("read");
    log.into_iter().map(|e| e.action).collect()
}
