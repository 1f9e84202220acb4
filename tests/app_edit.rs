//! Editing in the real app, driven with egui_kittest on a temporary copy of the demo project:
//! enter edit mode through the toolbar, drag a vertex of a Bulqizë mine perimeter, check the
//! map's copy and the file changed, undo with Ctrl+Z and check both are back; insert a vertex
//! at a midpoint and remove it with a right-click; refuse a self-crossing outline; add a case
//! point through the attribute form (which refuses age 25 and a point outside Albania), undo
//! it with the Undo button and redo it with Ctrl+Y; draw a hotspot (Esc cancels, Enter
//! finishes), delete it and restore it. The file is checked through the app's own project
//! worker while open, and by reopening it after the app is dropped.
#![cfg(feature = "app")]

mod app_edit_support;

use egui::{Modifiers, PointerButton, Vec2};
use egui_kittest::kittest::Queryable;
use geo::{Geometry, InteriorPoint};
use riskatlas::app::Action;
use riskatlas::app::editing::{EditAction, Tool};
use riskatlas::edit::vertices;
use riskatlas::store::ProjectStore;

use app_edit_support::*;

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
