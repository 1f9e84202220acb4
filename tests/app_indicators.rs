//! The indicators window driven as a planner would: Analysis ▸ Indicators by municipality…,
//! Compute (on a background task); the table lists the fixture's municipalities with their
//! cases (counted here from the fixture's coordinates, independently of the library), a
//! header click sorts, a row click selects and charts that municipality; Export CSV writes the
//! table with small counts hidden and records the run; Show on map saves a choropleth layer
//! with a graduated style and shows it.
#![cfg(feature = "app")]

mod app_support;

use std::time::{Duration, Instant};

use app_support::*;
use egui_kittest::kittest::Queryable;
use riskatlas::app::Action;
use riskatlas::app::indicators_job::IndicatorsAction;
use riskatlas::model::StyleRule;
use riskatlas::store::ProjectStore;

/// Steps the UI until the window's task and any reload after it have ended (at most 60 s).
fn wait(h: &mut AppHarness) {
    let start = Instant::now();
    h.step();
    while app(h).session().indicators.task.is_some() || app(h).is_busy() {
        assert!(start.elapsed() < Duration::from_secs(60), "the task hung");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

/// Cases per fixture municipality, from the cases' longitudes and the squares' edges
/// (Perëndim 19.3–20.0, Korçë 20.0–20.9).
fn expected_cases() -> (usize, usize) {
    let west = CASES.iter().filter(|c| c.1 >= 19.3 && c.1 < 20.0).count();
    let east = CASES.iter().filter(|c| c.1 >= 20.0 && c.1 <= 20.9).count();
    (west, east)
}

/// The screen row (centre y) of the node labelled `label`.
fn row_y(h: &AppHarness, label: &str) -> f32 {
    h.get_by_label(label).rect().center().y
}

/// Whether a cell labelled `text` is on the row of `name`.
fn on_row(h: &AppHarness, name: &str, text: &str) -> bool {
    let y = row_y(h, name);
    h.query_all_by_label(text)
        .any(|n| (n.rect().center().y - y).abs() < 3.0)
}

fn open_and_compute(h: &mut AppHarness) {
    h.get_by_label("Analiza").click();
    h.run();
    h.get_by_label("Treguesit sipas bashkive…").click();
    h.run();
    assert!(app(h).session().indicators.open, "the window did not open");
    h.get_by_label("Llogarit treguesit").click();
    wait(h);
    let state = &app(h).session().indicators;
    assert_eq!(state.message, None);
    assert!(state.result.is_some(), "no result");
}

#[test]
fn the_table_shows_each_municipality_sorts_and_selects() {
    let mut f = open_app();
    let h = &mut f.harness;
    open_and_compute(h);
    let (west, east) = expected_cases();
    assert_eq!((west, east), (2, 1), "the fixture changed");
    assert!(on_row(h, "Perëndim", &west.to_string()));
    assert!(on_row(h, "Korçë", &east.to_string()));
    assert!(on_row(h, "Gjithë Shqipëria", &CASES.len().to_string()));
    // All the fixture's cases are referred; the day centre (30 places) is in Perëndim.
    assert!(on_row(
        h,
        "Perëndim",
        &format!("{:.1}", 30.0 * 100.0 / west as f64)
    ));

    // Cases descending, then ascending: the national row stays on top.
    h.get_by_label("Raste").click();
    h.run();
    assert!(row_y(h, "Gjithë Shqipëria") < row_y(h, "Perëndim"));
    assert!(row_y(h, "Perëndim") < row_y(h, "Korçë"));
    h.get_by_label("Raste v").click();
    h.run();
    assert!(row_y(h, "Korçë") < row_y(h, "Perëndim"));
    assert!(row_y(h, "Gjithë Shqipëria") < row_y(h, "Korçë"));

    // A row click selects the municipality; the charts follow it.
    h.get_by_label_contains("Raste sipas vitit: Gjithë Shqipëria");
    h.get_by_label("Perëndim").click();
    h.run();
    let state = &app(h).session().indicators;
    let rows = &state.result.as_ref().expect("result").indicators.rows;
    let selected = state.selected.map(|i| rows[i].name.as_str());
    assert_eq!(selected, Some("Perëndim"));
    h.get_by_label_contains("Raste sipas vitit: Perëndim");
    h.get_by_label_contains("Raste sipas llojit: Perëndim");
}

#[test]
fn export_writes_the_csv_with_small_counts_hidden_and_records_the_run() {
    let mut f = open_app();
    let project_path = app(&f.harness).project().expect("project").path.clone();
    open_and_compute(&mut f.harness);
    let out = f._dir.path().join("treguesit.csv");
    let action = Action::Indicators(IndicatorsAction::ExportCsv(out.clone()));
    f.harness
        .state_mut()
        .as_mut()
        .expect("app")
        .push_action(action);
    wait(&mut f.harness);
    let message = app(&f.harness).session().indicators.message.clone();
    let (error, text) = message.expect("a message");
    assert!(!error, "{text}");
    assert!(text.starts_with("Tabela u ruajt në"), "{text}");

    let bytes = std::fs::read(&out).expect("the CSV was written");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("lau_code,municipality,qark,cases"));
    let perendim = lines
        .iter()
        .find(|l| l.starts_with("AL901,Perëndim,"))
        .expect("Perëndim's row");
    // Two cases: below 5, hidden.
    assert_eq!(perendim.split(',').nth(3), Some("<5"));
    assert!(lines.iter().any(|l| l.starts_with("AL902,Korçë,")));

    drop(f.harness);
    let store = ProjectStore::open(&project_path).expect("open");
    let runs = store.analysis_runs().expect("runs");
    let run = runs
        .iter()
        .find(|r| r.kind == "indicators")
        .expect("run recorded");
    let params: serde_json::Value = serde_json::from_str(&run.params_json).expect("json");
    assert_eq!(params["reach_m"], 2000.0);
    assert_eq!(params["k"], 5);
}

#[test]
fn show_on_map_saves_a_graduated_choropleth_layer() {
    let mut f = open_app();
    let project_path = app(&f.harness).project().expect("project").path.clone();
    open_and_compute(&mut f.harness);
    f.harness.get_by_label("Shfaq në hartë").click();
    wait(&mut f.harness);
    let state = &app(&f.harness).session().indicators;
    let (error, text) = state.message.clone().expect("a message");
    assert!(!error, "{text}");
    assert!(
        state.result_for(Some(&project_path)).is_some(),
        "the result survives the reload"
    );
    let layer = app(&f.harness)
        .project()
        .and_then(|p| p.layer("indicator_cases"))
        .expect("the choropleth layer is on the map");
    assert!(layer.visible);
    assert_eq!(layer.feature_count, 2);
    assert_eq!(layer.style.field(), Some("value"));
    assert!(matches!(layer.style.rule, StyleRule::Graduated { .. }));
    // Its readable name in the layer list.
    let named = f.harness.query_all_by_label_contains("Treguesi: Raste");
    assert!(named.count() >= 1, "the layer has no readable name");

    drop(f.harness);
    let store = ProjectStore::open(&project_path).expect("open");
    assert!(
        store
            .layers()
            .expect("layers")
            .iter()
            .any(|l| l.name == "indicator_cases")
    );
    let runs = store.analysis_runs().expect("runs");
    assert!(
        runs.iter()
            .any(|r| r.kind == "indicators" && r.result_table.as_deref() == Some("indicator_cases"))
    );
}
