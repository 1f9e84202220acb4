//! UI tests of the real app with egui_kittest (no window, no network: the app runs offline).
//!
//! A small project is written to a temporary GeoPackage (two square municipalities on a land
//! polygon, three cases, two services, a mine perimeter); the app loads it on its background
//! thread; the tests then toggle a layer by its label, switch the language through the menu,
//! click a case on the map to identify it, and check the offline vector basemap is drawn.
#![cfg(feature = "app")]

mod app_support;

use app_support::*;
use egui::epaint::Shape;
use egui_kittest::kittest::Queryable;
use riskatlas::app::{Language, style};
use std::path::PathBuf;

#[test]
fn loads_the_project_in_the_background_and_lists_its_layers() {
    let f = open_app();
    let project = app(&f.harness).project().expect("project");
    let names: Vec<&str> = project.layers.iter().map(|l| l.name.as_str()).collect();
    let expected = [
        "coastline",
        "municipalities",
        "mine_perimeters",
        "services",
        "cases",
    ];
    for name in expected {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert_eq!(project.layer("cases").map(|l| l.feature_count), Some(3));
    // Albanian is the default language; layer labels come from the model.
    assert_eq!(app(&f.harness).language(), Language::Sq);
    f.harness.get_by_label("Rastet e identifikuara");
    f.harness.get_by_label("Bashkitë");
    f.harness.get_by_label("© OpenStreetMap contributors");
}

#[test]
fn toggling_a_layer_checkbox_hides_and_shows_it() {
    let mut f = open_app();
    assert_eq!(app(&f.harness).layer_visible("cases"), Some(true));
    f.harness.get_by_label("Rastet e identifikuara").click();
    f.harness.run();
    assert_eq!(app(&f.harness).layer_visible("cases"), Some(false));
    f.harness.get_by_label("Rastet e identifikuara").click();
    f.harness.run();
    assert_eq!(app(&f.harness).layer_visible("cases"), Some(true));
}

#[test]
fn switching_the_language_to_english_relabels_the_ui() {
    let mut f = open_app();
    f.harness.get_by_label("Gjuha").click();
    f.harness.run();
    f.harness.get_by_label("English").click();
    f.harness.run();
    assert_eq!(app(&f.harness).language(), Language::En);
    f.harness.get_by_label("Identified cases");
    f.harness.get_by_label("Layers");
    assert!(
        f.harness.query_by_label("Rastet e identifikuara").is_none(),
        "Albanian label still shown"
    );
}

#[test]
fn clicking_a_case_on_the_map_identifies_it_by_code() {
    let mut f = open_app();
    let (code, lon, lat, _) = CASES[1];
    let pos = app(&f.harness).screen_pos_of(lon, lat).expect("drawn");
    // The legend counts the kind; the filter panel has a "Lypje" checkbox.
    f.harness.get_by_label("Lypje (1)");
    assert_eq!(f.harness.query_all_by_label("Lypje").count(), 1, "filter");
    f.harness.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        f.harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        });
    }
    f.harness.run();
    let identified = app(&f.harness).session().identified.clone();
    let hit = identified
        .and_then(|i| i.hit)
        .expect("the click found the case");
    assert_eq!(hit.layer, "cases");
    // The side panel shows the case's code and its kind in Albanian; never a name field.
    f.harness.get_by_label(code);
    // "Lypje" (begging) is in the filter panel and now also in the identify panel.
    assert_eq!(f.harness.query_all_by_label("Lypje").count(), 2);
    f.harness.get_by_label("Kodi i rastit");

    // Inside the mine perimeter, away from any point: the polygon is found.
    let layer = identify_at(&mut f.harness, 20.6, 41.9);
    assert_eq!(layer.as_deref(), Some("mine_perimeters"));
    f.harness.get_by_label("Mina test");
    // Away from points and the mine: the municipality, whose name has ë and ç (the default
    // fonts must have both glyphs, or kittest panics on the missing glyph).
    let layer = identify_at(&mut f.harness, 20.3, 40.3);
    assert_eq!(layer.as_deref(), Some("municipalities"));
    f.harness.get_by_label("Korçë");
}

/// True when some painted mesh vertex or rectangle fill has `colour` (recursing into lists).
fn paints_colour(shapes: &[Shape], colour: egui::Color32) -> bool {
    shapes.iter().any(|s| match s {
        Shape::Mesh(m) => m.vertices.iter().any(|v| v.color == colour),
        Shape::Rect(r) => r.fill == colour,
        Shape::Vec(v) => paints_colour(v, colour),
        _ => false,
    })
}

#[test]
fn the_offline_map_draws_sea_and_land_from_the_project() {
    let mut f = open_app();
    f.harness.step();
    let clipped = &f.harness.output().shapes;
    let shapes: Vec<Shape> = clipped.iter().map(|c| c.shape.clone()).collect();
    assert!(paints_colour(&shapes, style::LAND), "no land fill painted");
    assert!(
        paints_colour(&shapes, style::SEA),
        "no sea background painted"
    );
}

#[test]
fn a_missing_project_shows_an_error_instead_of_a_panic() {
    let harness = start_app(PathBuf::from("/nonexistent/nowhere.gpkg"));
    assert!(app(&harness).session().error.is_some());
    assert!(app(&harness).project().is_none());
    harness.get_by_label("Projekti nuk u hap");
}
