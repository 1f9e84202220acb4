//! Editing in the real app, driven with egui_kittest on a temporary copy of the demo project:
//! enter edit mode through the toolbar, drag a vertex of a Bulqizë mine perimeter, check the
//! map's copy and the file changed, undo with Ctrl+Z and check both are back; refuse a
//! self-crossing outline; add a case point through the attribute form (which refuses age 25),
//! undo it with the Undo button and redo it with Ctrl+Y. The file is checked through the
//! app's own project worker while open, and by reopening it after the app is dropped.
#![cfg(feature = "app")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{Geometry, InteriorPoint};
use riskatlas::app::editing::{EditAction, Tool};
use riskatlas::app::{Action, RiskAtlasApp};
use riskatlas::edit::vertices;
use riskatlas::model::Feature;
use riskatlas::store::ProjectStore;

type AppHarness = Harness<'static, Option<RiskAtlasApp>>;

fn app(h: &AppHarness) -> &RiskAtlasApp {
    h.state()
        .as_ref()
        .expect("the app is created on the first frame")
}

fn push(h: &mut AppHarness, a: Action) {
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(a);
    }
    h.run();
}

/// A fresh copy of the demo in a temp folder, the app open on it and loaded.
fn open_demo() -> (tempfile::TempDir, PathBuf, AppHarness) {
    let dir = tempfile::Builder::new()
        .prefix("Përdoruesi ç ")
        .tempdir()
        .expect("temp dir");
    let path = dir.path().join("demo ë.gpkg");
    riskatlas::demo::write_demo(&path)
        .expect("demo")
        .close()
        .expect("closed");
    let p = path.clone();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // Opening a window (the attribute form) takes a few sizing frames.
        .with_max_steps(16)
        .build_ui_state(
            move |ui, state: &mut Option<RiskAtlasApp>| {
                let app =
                    state.get_or_insert_with(|| RiskAtlasApp::new_for_test(ui.ctx(), p.clone()));
                app.show(ui);
            },
            None,
        );
    settle(&mut h, |a| !a.is_loading());
    assert_eq!(app(&h).session().error, None);
    (dir, path, h)
}

/// Steps the app until `done` (at most 20 s): background work ends between frames.
fn settle(h: &mut AppHarness, done: impl Fn(&RiskAtlasApp) -> bool) {
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

fn saved(h: &mut AppHarness) {
    settle(h, |a| a.session().editing.pending.is_none());
}

/// Enters edit mode on `layer_label` with `tool_label`, through the toolbar.
fn edit_layer(h: &mut AppHarness, layer_label: &str, tool_label: &str) {
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

fn click_at(h: &mut AppHarness, pos: Pos2, button: PointerButton) {
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

fn drag(h: &mut AppHarness, from: Pos2, to: Pos2) {
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

fn in_memory(h: &AppHarness, layer: &str, fid: i64) -> Option<Feature> {
    let data = &app(h).project()?.layer(layer)?.data;
    data.features.iter().find(|f| f.fid == Some(fid)).cloned()
}

/// The feature as the project file holds it, read by the app's own worker.
fn on_disk(h: &AppHarness, layer: &'static str, fid: i64) -> Option<Feature> {
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

fn screen(h: &AppHarness, c: geo::Coord<f64>) -> Pos2 {
    app(h).screen_pos_of(c.x, c.y).expect("map drawn")
}

#[test]
fn a_mine_perimeter_vertex_is_dragged_saved_and_undone() {
    let (_dir, path, mut h) = open_demo();
    let mines = &app(&h)
        .project()
        .expect("project")
        .layer("mine_perimeters")
        .expect("mines")
        .data;
    let mine = mines
        .features
        .iter()
        .find(|f| {
            let p = f.geometry_wgs84.as_ref().and_then(|g| g.interior_point());
            p.is_some_and(|p| (20.1..20.35).contains(&p.x()) && (41.4..41.65).contains(&p.y()))
        })
        .expect("a perimeter near Bulqizë")
        .clone();
    let fid = mine.fid.expect("stored");
    let original = mine.geometry_wgs84.clone().expect("geometry");
    let inside = original.interior_point().expect("interior");
    edit_layer(&mut h, "Perimetrat e minierave", "Ndrysho kulmet");
    push(
        &mut h,
        Action::ZoomTo {
            centre_wgs84: [inside.x(), inside.y()],
            zoom: 15.0,
        },
    );
    let at = screen(&h, inside.0);
    click_at(&mut h, at, PointerButton::Primary);
    assert_eq!(
        app(&h).session().editing.selected,
        Some(fid),
        "the click selected the perimeter"
    );

    // Drag the first vertex 30 points away from the middle of the perimeter.
    let (v0, c0) = vertices::vertices(&original)[0];
    let from = screen(&h, c0);
    let out: Vec2 = (from - screen(&h, inside.0)).normalized() * 30.0;
    drag(&mut h, from, from + out);
    saved(&mut h);
    assert_eq!(app(&h).session().status.as_deref(), Some("U ruajt"));
    let moved = in_memory(&h, "mine_perimeters", fid).expect("still there");
    let g = moved.geometry_wgs84.clone().expect("geometry");
    let c1 = vertices::vertices(&g)[0].1;
    let landed = screen(&h, c1);
    assert!(
        (landed - (from + out)).length() < 1.5,
        "vertex at {landed:?}, dropped at {:?}",
        from + out
    );
    assert_eq!(
        vertices::vertices(&g).len(),
        vertices::vertices(&original).len()
    );
    assert_eq!(
        on_disk(&h, "mine_perimeters", fid),
        Some(moved),
        "saved to the file"
    );

    // Ctrl+Z puts it back, in the map and in the file.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    saved(&mut h);
    assert_eq!(
        app(&h).session().status.as_deref(),
        Some("U zhbë dhe u ruajt")
    );
    assert_eq!(
        in_memory(&h, "mine_perimeters", fid).and_then(|f| f.geometry_wgs84),
        Some(original.clone())
    );
    assert_eq!(
        on_disk(&h, "mine_perimeters", fid).and_then(|f| f.geometry_wgs84),
        Some(original.clone())
    );

    // Clicking the midpoint handle of the first side inserts a vertex there; a right-click on
    // that vertex removes it again.
    let (c0, c1) = (
        vertices::vertices(&original)[0].1,
        vertices::vertices(&original)[1].1,
    );
    let mid = screen(&h, c0) + (screen(&h, c1) - screen(&h, c0)) / 2.0;
    click_at(&mut h, mid, PointerButton::Primary);
    saved(&mut h);
    let n = vertices::vertices(&original).len();
    let inserted = on_disk(&h, "mine_perimeters", fid)
        .and_then(|f| f.geometry_wgs84)
        .expect("saved");
    assert_eq!(vertices::vertices(&inserted).len(), n + 1);
    let new_vertex = vertices::vertices(&inserted)[1].1;
    assert!(
        (screen(&h, new_vertex) - mid).length() < 1.0,
        "inserted at the midpoint"
    );
    click_at(&mut h, mid, PointerButton::Secondary);
    saved(&mut h);
    assert_eq!(
        on_disk(&h, "mine_perimeters", fid).and_then(|f| f.geometry_wgs84),
        Some(original.clone())
    );

    // A move that makes the outline cross itself is refused and nothing is saved.
    let across = vertices::vertices(&original)[vertices::vertices(&original).len() / 2].1;
    let far = [2.0 * across.x - inside.x(), 2.0 * across.y - inside.y()];
    push(
        &mut h,
        Action::Edit(EditAction::MoveVertex {
            fid,
            vertex: v0,
            to_wgs84: far,
        }),
    );
    let status = app(&h).session().status.clone().unwrap_or_default();
    assert!(status.contains("do të priste veten"), "{status}");
    assert_eq!(app(&h).session().editing.pending, None);
    assert_eq!(
        on_disk(&h, "mine_perimeters", fid).and_then(|f| f.geometry_wgs84),
        Some(original.clone())
    );

    // Closed (the app dropped), the file holds the original perimeter and the audit trail.
    drop(h);
    let store = ProjectStore::open(&path).expect("closed cleanly by the app");
    let g = store
        .read_feature("mine_perimeters", fid)
        .expect("read")
        .and_then(|f| f.geometry_wgs84);
    assert_eq!(g, Some(original));
    let edits = store
        .audit_log()
        .expect("audit")
        .into_iter()
        .filter(|a| a.action == "edit_update")
        .count();
    assert_eq!(edits, 4, "the drag, its undo, the insert and the removal");
}

fn type_into(h: &mut AppHarness, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    for _ in 0..8 {
        h.key_press(egui::Key::Backspace);
    }
    h.get_by_label(label).type_text(text);
    h.run();
}

fn choose(h: &mut AppHarness, combo: &str, option: &str) {
    h.get_by_label(combo).click();
    h.run();
    h.get_by(|n| n.label().as_deref() == Some(option) && n.role() == Role::Button)
        .click();
    h.run();
}

fn case_count(h: &AppHarness) -> usize {
    app(h)
        .project()
        .and_then(|p| p.layer("cases"))
        .map_or(0, |l| l.data.features.len())
}

#[test]
fn a_case_point_is_added_through_the_form_undone_and_redone() {
    let (_dir, _path, mut h) = open_demo();
    let before = case_count(&h);
    edit_layer(&mut h, "Rastet e identifikuara", "Shto pikë");
    assert_eq!(app(&h).session().editing.tool, Tool::AddPoint);
    push(
        &mut h,
        Action::ZoomTo {
            centre_wgs84: [19.8187, 41.3275],
            zoom: 16.0,
        },
    );
    let at = app(&h).screen_pos_of(19.8187, 41.3275).expect("drawn");
    click_at(&mut h, at, PointerButton::Primary);
    h.get_by_label("Objekt i ri");
    // The form knows the municipality from the map, and has no name field.
    assert!(h.query_by_label("Emri").is_none());
    type_into(&mut h, "Kodi i rastit *", "TIR-2025-901");
    choose(&mut h, "Lloji *", "Lypje");
    type_into(&mut h, "Mosha", "25");
    h.get_by_label("Ruaj").click();
    h.run();
    h.get_by_label("Duhet të jetë nga 0 deri në 17");
    assert_eq!(app(&h).session().editing.pending, None, "nothing sent");
    assert_eq!(case_count(&h), before);

    type_into(&mut h, "Mosha", "12");
    h.get_by_label("Ruaj").click();
    h.run();
    saved(&mut h);
    assert_eq!(case_count(&h), before + 1);
    let data = &app(&h)
        .project()
        .and_then(|p| p.layer("cases"))
        .expect("cases")
        .data;
    let added = data.features.last().expect("added").clone();
    let fid = added.fid.expect("fid");
    assert_eq!(data.value(&added, "case_code").to_text(), "TIR-2025-901");
    assert_eq!(data.value(&added, "age").to_text(), "12");
    assert_eq!(data.value(&added, "municipality").to_text(), "Tiranë");
    let Some(Geometry::Point(p)) = &added.geometry_wgs84 else {
        panic!("a point")
    };
    assert!(
        (p.x() - 19.8187).abs() < 1e-4 && (p.y() - 41.3275).abs() < 1e-4,
        "{p:?}"
    );
    assert_eq!(on_disk(&h, "cases", fid), Some(added.clone()));

    h.get_by_label("Zhbëj").click();
    h.run();
    saved(&mut h);
    assert_eq!(case_count(&h), before);
    assert_eq!(on_disk(&h, "cases", fid), None, "undone in the file");

    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Y);
    h.run();
    saved(&mut h);
    assert_eq!(case_count(&h), before + 1);
    assert_eq!(
        on_disk(&h, "cases", fid),
        Some(added),
        "redone with the same fid"
    );
}

fn count(h: &AppHarness, layer: &str) -> usize {
    app(h)
        .project()
        .and_then(|p| p.layer(layer))
        .map_or(0, |l| l.data.features.len())
}

#[test]
fn a_hotspot_is_drawn_deleted_and_restored() {
    let (_dir, _path, mut h) = open_demo();
    let layer = "coastal_hotspots";
    let before = count(&h, layer);
    edit_layer(&mut h, "Zonat bregdetare verore", "Vizato poligon");
    push(
        &mut h,
        Action::ZoomTo {
            centre_wgs84: [19.40, 41.20],
            zoom: 14.0,
        },
    );
    let c = app(&h).screen_pos_of(19.40, 41.20).expect("drawn");
    // Esc drops a started outline.
    click_at(&mut h, c, PointerButton::Primary);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(app(&h).session().editing.draft.is_empty());
    // Four clicks and Enter: the form asks for the name; months default to the summer.
    for d in [(-60.0, -40.0), (60.0, -40.0), (60.0, 40.0), (-60.0, 40.0)] {
        click_at(&mut h, c + Vec2::new(d.0, d.1), PointerButton::Primary);
    }
    assert_eq!(app(&h).session().editing.draft.len(), 4);
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Objekt i ri");
    type_into(&mut h, "Emri *", "Plazhi prove");
    h.get_by_label("Ruaj").click();
    h.run();
    saved(&mut h);
    assert_eq!(count(&h, layer), before + 1);
    let data = &app(&h)
        .project()
        .and_then(|p| p.layer(layer))
        .expect("hotspots")
        .data;
    let added = data.features.last().expect("added").clone();
    assert_eq!(data.value(&added, "name").to_text(), "Plazhi prove");
    assert_eq!(data.value(&added, "active_months").to_text(), "6,7,8,9");
    let fid = added.fid.expect("fid");
    let Some(Geometry::MultiPolygon(m)) = &added.geometry_wgs84 else {
        panic!("a multipolygon")
    };
    assert_eq!(m.0[0].exterior().0.len(), 5, "four corners, closed");

    // The delete tool removes it; Ctrl+Z brings it back with the same fid.
    h.get_by_label("Fshi").click();
    h.run();
    click_at(&mut h, c, PointerButton::Primary);
    saved(&mut h);
    assert_eq!(count(&h, layer), before);
    assert_eq!(on_disk(&h, "coastal_hotspots", fid), None);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    saved(&mut h);
    assert_eq!(count(&h, layer), before + 1);
    assert_eq!(on_disk(&h, "coastal_hotspots", fid), Some(added));
}
