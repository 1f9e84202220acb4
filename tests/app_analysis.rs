//! The risk-zones window driven as a planner would: Analysis ▸ Risk zones…, a coarser cell
//! size, Compute; the run goes to the background, the window reports the classes, the zones
//! layer appears on the map (reloaded) and the project file holds the layer, its style and
//! the run's parameters. Cancel leaves the project unchanged.
#![cfg(feature = "app")]

mod app_support;

use std::time::{Duration, Instant};

use app_support::*;
use egui_kittest::kittest::Queryable;
use riskatlas::store::ProjectStore;

/// Steps the UI until the risk run and the reload after it have ended (at most 120 s).
fn wait_for_run(h: &mut AppHarness) {
    let start = Instant::now();
    h.step();
    while app(h).session().analysis.task.is_some() || app(h).is_busy() {
        assert!(start.elapsed() < Duration::from_secs(120), "the run hung");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

fn open_window(h: &mut AppHarness) {
    h.get_by_label("Analiza").click();
    h.run();
    h.get_by_label("Zonat e rrezikut…").click();
    h.run();
    assert!(app(h).session().analysis.open, "the window did not open");
    // 1 km cells keep the debug-build test quick.
    h.get_by_label("Madhësia e qelizës").click();
    h.run();
    h.get_by_label("1000 m").click();
    h.run();
    assert_eq!(app(h).session().analysis.form.pixel_m, 1000.0);
}

#[test]
fn risk_zones_for_july_from_the_window() {
    let mut f = open_app();
    let project_path = app(&f.harness).project().expect("project").path.clone();
    open_window(&mut f.harness);
    assert_eq!(app(&f.harness).session().analysis.form.month, 7);
    f.harness.get_by_label("Llogarit zonat").click();
    f.harness.step();
    assert!(
        app(&f.harness).session().analysis.task.is_some(),
        "the run is not on a background task"
    );
    wait_for_run(&mut f.harness);

    let state = &app(&f.harness).session().analysis;
    assert_eq!(state.error, None);
    let outcome = state.result.clone().expect("a result");
    assert_eq!(outcome.layer, "risk_zones_m07");
    assert!(outcome.zones > 0);
    assert_eq!(outcome.summaries.len(), 4);
    // The window reports the result; the reloaded map shows the layer, styled by class.
    f.harness
        .get_by_label_contains("Zonat u ruajtën në shtresën risk_zones_m07 (korrik)");
    let layer = app(&f.harness)
        .project()
        .and_then(|p| p.layer("risk_zones_m07"))
        .expect("the zones layer is on the map");
    assert!(layer.visible);
    assert_eq!(layer.feature_count, outcome.zones);
    assert_eq!(layer.style.field(), Some("class_code"));

    // The project file: the layer, and the run with its parameters (reproducible by the CLI).
    drop(f.harness);
    let store = ProjectStore::open(&project_path).expect("open after the app closed");
    let runs = store.analysis_runs().expect("runs");
    let run = runs
        .iter()
        .find(|r| r.kind == "risk")
        .expect("risk run recorded");
    assert_eq!(run.result_table.as_deref(), Some("risk_zones_m07"));
    let params: serde_json::Value = serde_json::from_str(&run.params_json).expect("json");
    assert_eq!(params["config"]["month"], 7);
    assert_eq!(params["config"]["pixel_m"], 1000.0);
    assert!(
        store
            .layers()
            .expect("layers")
            .iter()
            .any(|l| l.name == "risk_zones_m07")
    );
}

#[test]
fn a_cancelled_run_writes_nothing() {
    let mut f = open_app();
    let project_path = app(&f.harness).project().expect("project").path.clone();
    f.harness.get_by_label("Analiza").click();
    f.harness.run();
    f.harness.get_by_label("Zonat e rrezikut…").click();
    f.harness.run();
    // 100 m cells over the fixture's 130 × 280 km: seconds of work, time to cancel.
    f.harness.get_by_label("Llogarit zonat").click();
    f.harness.step();
    f.harness.step();
    f.harness.get_by_label("Anulo").click();
    wait_for_run(&mut f.harness);
    let state = &app(&f.harness).session().analysis;
    assert_eq!(state.result, None, "the run was not cancelled");
    assert_eq!(state.error.as_deref(), Some("U anulua"));
    drop(f.harness);
    let store = ProjectStore::open(&project_path).expect("open");
    assert!(store.analysis_runs().expect("runs").is_empty());
    let layers = store.layers().expect("layers");
    assert!(!layers.iter().any(|l| l.name.starts_with("risk_zones")));
}

/// Steps the UI until the density estimate has ended (at most 60 s).
fn wait_for_density(h: &mut AppHarness) {
    let start = Instant::now();
    h.step();
    while app(h).session().density.task.is_some() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the estimate hung"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

fn push(h: &mut AppHarness, action: riskatlas::app::Action) {
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(action);
    }
    h.run_steps(4);
}

#[test]
fn case_density_of_the_cases_shown_on_the_map() {
    use riskatlas::app::Action;
    use riskatlas::app::density_job::DensityAction;
    let mut f = open_app();
    f.harness.get_by_label("Analiza").click();
    f.harness.run();
    f.harness.get_by_label("Dendësia e rasteve…").click();
    f.harness.run();
    f.harness.get_by_label("Llogarit dendësinë").click();
    wait_for_density(&mut f.harness);
    let d = &app(&f.harness).session().density;
    assert_eq!(d.error, None);
    let r = d.result.as_ref().expect("a raster");
    assert_eq!(r.count, 3, "the fixture's three cases");
    // QGIS raw output: each case adds about π r²/(3 p²) to the raster sum.
    let sum: f64 = r.grid.values.iter().sum();
    let expected = 3.0 * std::f64::consts::PI * 1000.0f64.powi(2) / (3.0 * 100.0f64.powi(2));
    assert!((sum / expected - 1.0).abs() < 0.01, "{sum} vs {expected}");
    assert!(r.visible && r.texture.is_some());
    assert!(
        r.lattice.cols >= 2 && r.lattice.rows >= 2,
        "no drawing mesh"
    );

    // Only the 2023 case passes a date filter: the next estimate uses that one case.
    let mut filters = app(&f.harness).session().filters.clone();
    filters.cases.date_to = chrono::NaiveDate::from_ymd_opt(2023, 12, 31);
    push(&mut f.harness, Action::SetFilters(filters));
    f.harness.get_by_label("Llogarit dendësinë").click();
    wait_for_density(&mut f.harness);
    let r = app(&f.harness)
        .session()
        .density
        .result
        .as_ref()
        .expect("raster");
    assert_eq!(r.count, 1);

    // GeoTIFF export (the dialog would give this path), then Clear removes the overlay.
    let tif = f._dir.path().join("dendësia.tif");
    push(
        &mut f.harness,
        Action::Density(DensityAction::ExportTiff(tif.clone())),
    );
    let bytes = std::fs::read(&tif).expect("the GeoTIFF was written");
    assert_eq!(&bytes[..4], b"II*\0");
    f.harness.get_by_label_contains("GeoTIFF u ruajt");
    f.harness.get_by_label("Hiqe nga harta").click();
    f.harness.run();
    assert!(app(&f.harness).session().density.result.is_none());
}

#[test]
fn service_gaps_for_day_centres_from_the_window() {
    use riskatlas::app::Action;
    use riskatlas::app::analysis_job::AnalysisAction;
    let mut f = open_app();
    open_window(&mut f.harness);
    // Score 20 is what distance from services alone gives: every land cell far from a day
    // centre is then a gap, so there must be areas.
    let mut form = app(&f.harness).session().analysis.form.clone();
    form.gap_min_risk = 20.0;
    push(
        &mut f.harness,
        Action::Analysis(AnalysisAction::SetForm(form)),
    );
    f.harness.get_by_label("Llogarit zonat pa shërbim").click();
    f.harness.step();
    assert!(app(&f.harness).session().analysis.task.is_some());
    wait_for_run(&mut f.harness);
    let state = &app(&f.harness).session().analysis;
    assert_eq!(state.error, None);
    let g = state.gaps.clone().expect("gaps");
    assert_eq!(g.layer, "gaps_day_centre_2000m_m07");
    assert!(g.areas >= 1 && g.hexagons >= g.areas, "{g:?}");
    assert!(g.top.iter().all(|r| r.uncovered.is_none_or(|n| n >= 5)));
    let ranks: Vec<usize> = g.top.iter().map(|r| r.rank).collect();
    assert_eq!(ranks, (1..=ranks.len()).collect::<Vec<_>>());
    let layer = app(&f.harness)
        .project()
        .and_then(|p| p.layer("gaps_day_centre_2000m_m07"))
        .expect("the gaps layer is on the map");
    assert_eq!(layer.feature_count, g.areas);
    assert_eq!(layer.style.label_field.as_deref(), Some("rank"));
}
