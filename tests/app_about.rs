//! The About box in the real app (egui_kittest, offline): Help → About shows the version
//! written in Cargo.toml, the licence and the data attributions (OpenStreetMap and the
//! embedded data's), in Albanian and English, and closes again.
#![cfg(feature = "app")]

mod app_support;

use app_support::open_app;
use egui_kittest::kittest::Queryable;

/// The version as Cargo.toml writes it (the one place it is set).
fn cargo_toml_version() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("Cargo.toml");
    text.lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version line")
        .to_string()
}

#[test]
fn about_box_shows_version_licence_and_attributions() {
    let mut f = open_app();
    let h = &mut f.harness;
    let version = cargo_toml_version();
    let osm_labels =
        |h: &app_support::AppHarness| h.query_all_by_label("© OpenStreetMap contributors").count();
    // The map already credits OpenStreetMap once.
    let before = osm_labels(h);
    assert!(h.query_by_label(&format!("Versioni {version}")).is_none());

    h.get_by_label("Ndihmë").click();
    h.run();
    h.get_by_label("Rreth Risk Atlas").click();
    h.run();
    assert!(app_support::app(h).session().about_open);
    h.get_by_label(&format!("Versioni {version}"));
    h.get_by_label("Licenca: MIT OR Apache-2.0");
    h.get_by_label_contains("© OpenStreetMap contributors (ODbL 1.0)");
    h.get_by_label_contains("Who's On First");
    assert_eq!(
        osm_labels(h),
        before + 1,
        "the About box links the OSM copyright"
    );

    h.get_by_label("Mbyll").click();
    h.run();
    assert!(!app_support::app(h).session().about_open);
    assert!(h.query_by_label(&format!("Versioni {version}")).is_none());

    // In English.
    h.get_by_label("Gjuha").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Risk Atlas").click();
    h.run();
    h.get_by_label(&format!("Version {version}"));
    h.get_by_label("Licence: MIT OR Apache-2.0");
}
