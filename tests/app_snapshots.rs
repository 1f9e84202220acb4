//! Image snapshots of stable views of the real app, rendered with wgpu (software Vulkan,
//! lavapipe, on machines without a GPU: `.ci/run` installs it). The images are in
//! `tests/snapshots/`; after an intended change of the look, accept the new images with
//! `UPDATE_SNAPSHOTS=1 cargo test --test app_snapshots` and look at them before committing.
//! Nothing adapter-dependent is shown (no renderer names), and the fixture project is fixed.
#![cfg(feature = "app")]

mod app_support;

use app_support::*;
use egui_kittest::SnapshotOptions;
use riskatlas::app::Action;

/// egui_kittest's default tolerance (per-pixel colour distance 0.6, no pixel over it): the
/// software renderer is deterministic, so any changed digit, colour or symbol fails.
fn options() -> SnapshotOptions {
    SnapshotOptions::new()
}

#[test]
fn the_offline_map_of_the_test_project() {
    let mut f = open_app_with(true);
    f.harness.run_steps(4);
    f.harness.snapshot_options("offline_map_sq", &options());
}

#[test]
fn chrome_collection_in_2024_in_english() {
    let mut f = open_app_with(true);
    let h = &mut f.harness;
    let mut filters = app(h).session().filters.clone();
    filters.cases.set_year(2024);
    filters.cases.kinds = vec![riskatlas::model::CaseKind::ChromeCollection];
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(Action::SetFilters(filters));
        app.push_action(Action::SetLanguage(riskatlas::app::Language::En));
    }
    h.run_steps(6);
    h.snapshot_options("filtered_chrome_2024_en", &options());
}
