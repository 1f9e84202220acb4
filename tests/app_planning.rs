//! The planning windows driven as planners would, on the demo project:
//! - a Tirana planner asks for 3 new day centres within 2 km (Planifikimi ▸ Qendra ditore të
//!   reja…, area Tiranë, Find sites): the run goes to the background, the window lists the
//!   ranked sites and says whether the optimum is proven, the sites and their catchments show
//!   on the map, and the project records the run;
//! - a Bulqizë coordinator plans the week for 2 teams (Planifikimi ▸ Itineraret e ekipeve…):
//!   routes on the map, each team's days within its shift, and the GPX, GeoJSON and route-sheet
//!   PDF written where asked.
#![cfg(feature = "app")]

mod app_support;

use std::time::{Duration, Instant};

use app_support::*;
use egui_kittest::kittest::Queryable;
use riskatlas::app::Action;
use riskatlas::app::planning::routes_job::{RoutesAction, RoutesExport};
use riskatlas::app::planning::{PlanningAction, SitingAction};
use riskatlas::store::ProjectStore;

fn push(h: &mut AppHarness, action: Action) {
    h.state_mut().as_mut().expect("app").push_action(action);
}

struct Demo {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    harness: AppHarness,
}

fn open_demo() -> Demo {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.gpkg");
    drop(riskatlas::demo::write_demo(&path).expect("demo project"));
    let harness = start_app(path.clone());
    assert_eq!(app(&harness).session().error, None, "loading failed");
    Demo {
        _dir: dir,
        path,
        harness,
    }
}

/// Steps the UI until the planning tasks and any reload have ended (at most 180 s).
fn wait(h: &mut AppHarness) {
    let start = Instant::now();
    h.step();
    loop {
        let s = &app(h).session().planning;
        if s.siting.task.is_none() && s.routes.task.is_none() && !app(h).is_busy() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(180), "the run hung");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

fn choose_area(h: &mut AppHarness, name: &str) {
    h.get_by_label("Zona").click();
    h.run();
    h.get_by_label(name).click();
    h.run();
}

#[test]
fn three_new_day_centres_for_tirana() {
    let mut d = open_demo();
    let h = &mut d.harness;
    h.get_by_label("Planifikimi").click();
    h.run();
    h.get_by_label("Qendra ditore të reja…").click();
    h.run();
    assert!(app(h).session().planning.siting.open);
    // The list scrolls (61 municipalities): pick one from its top by clicking, then Tiranë
    // (further down, outside the visible part of the list) through the same form action.
    choose_area(h, "Belsh");
    let mut form = app(h).session().planning.siting.form.clone();
    assert_eq!(form.municipality.as_deref(), Some("Belsh"));
    form.municipality = Some("Tiranë".into());
    push(
        h,
        Action::Planning(PlanningAction::Siting(SitingAction::SetForm(form))),
    );
    h.run();
    let form = app(h).session().planning.siting.form.clone();
    assert_eq!((form.p, form.reach_km), (3, 2.0));
    h.get_by_label("Gjej vendet").click();
    h.step();
    assert!(
        app(h).session().planning.siting.task.is_some(),
        "not on a background task"
    );
    wait(h);

    let state = &app(h).session().planning.siting;
    assert_eq!(state.error, None);
    let o = state.result.clone().expect("a result");
    assert_eq!(o.sites.len(), 3);
    assert_eq!(
        o.sites.iter().map(|s| s.rank).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(
        o.upper_bound + 1e-9 >= o.covered.unwrap_or(0) as f64,
        "bound below the cover"
    );
    // The coverage curve rises with p and ends at the chosen cover.
    assert_eq!(o.curve.len(), 3);
    assert!(o.curve.windows(2).all(|w| w[1].1 >= w[0].1 - 1e-12));
    let verdict = if o.proven_optimal {
        "Zgjidhje optimale e provuar"
    } else {
        "Larg optimumit"
    };
    h.get_by_label_contains(verdict);
    let project = app(h).project().expect("project");
    let sites = project
        .layer(&o.layer)
        .expect("the sites layer is on the map");
    assert_eq!(sites.feature_count, 3);
    assert!(project.layer(&format!("{}_catchments", o.layer)).is_some());

    let path = d.path.clone();
    drop(d.harness);
    let store = ProjectStore::open(&path).expect("open after the app closed");
    let runs = store.analysis_runs().expect("runs");
    assert!(
        runs.iter()
            .any(|r| r.kind == "siting" && r.result_table.as_deref() == Some(o.layer.as_str()))
    );
}

#[test]
fn two_teams_plan_the_week_in_bulqize_and_export() {
    let mut d = open_demo();
    let h = &mut d.harness;
    h.get_by_label("Planifikimi").click();
    h.run();
    h.get_by_label("Itineraret e ekipeve…").click();
    h.run();
    choose_area(h, "Bulqizë");
    let form = app(h).session().planning.routes.form.clone();
    assert_eq!(form.teams, 2);
    h.get_by_label("Planifiko itineraret").click();
    wait(h);

    let state = &app(h).session().planning.routes;
    assert_eq!(state.error, None);
    let planned = state.result.clone().expect("a plan");
    assert!(planned.plan.served() > 0, "nothing planned");
    assert_eq!(
        planned.plan.served() + planned.plan.unassigned.len(),
        planned.problem.stops.len()
    );
    for r in &planned.plan.routes {
        assert!(r.team < 2);
        let team = &planned.problem.teams[r.team];
        assert!(r.start_s >= team.shift_start_s - 1e-6);
        assert!(
            r.end_s <= team.shift_start_s + team.shift_len_s + 1e-6,
            "a route overruns its shift"
        );
    }
    // Straight lines: the demo has no road layer, and the window says so.
    h.get_by_label_contains("pa rrjet rrugor");
    assert!(
        app(h)
            .project()
            .expect("project")
            .layer("field_routes")
            .is_some()
    );

    let out = tempfile::tempdir().expect("out dir");
    for kind in [
        RoutesExport::Gpx,
        RoutesExport::GeoJson,
        RoutesExport::SheetsPdf,
    ] {
        let file = out.path().join(format!("itinerari_ë.{}", kind.extension()));
        let action = Action::Planning(PlanningAction::Routes(RoutesAction::Export(
            kind,
            file.clone(),
        )));
        push(h, action);
        h.run();
        assert_eq!(app(h).session().planning.routes.error, None);
        let bytes = std::fs::read(&file).expect("export written");
        match kind {
            RoutesExport::Gpx => {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.contains("<gpx") && text.contains("<trk>") && text.contains("<wpt"));
            }
            RoutesExport::GeoJson => {
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(v["type"], "FeatureCollection");
            }
            RoutesExport::SheetsPdf => assert!(bytes.starts_with(b"%PDF")),
        }
    }
}

#[test]
fn siting_can_be_cancelled_and_writes_nothing() {
    let mut d = open_demo();
    let h = &mut d.harness;
    let open = Action::Planning(PlanningAction::Siting(SitingAction::Open));
    push(h, open);
    h.run();
    let mut form = app(h).session().planning.siting.form.clone();
    form.p = 20;
    form.exact = true;
    push(
        h,
        Action::Planning(PlanningAction::Siting(SitingAction::SetForm(form))),
    );
    push(
        h,
        Action::Planning(PlanningAction::Siting(SitingAction::Run)),
    );
    push(
        h,
        Action::Planning(PlanningAction::Siting(SitingAction::Cancel)),
    );
    h.step();
    wait(h);
    let state = &app(h).session().planning.siting;
    assert!(state.result.is_none());
    assert_eq!(
        state.error.as_deref(),
        Some("U anulua"),
        "{:?}",
        state.error
    );
    let path = d.path.clone();
    drop(d.harness);
    let store = ProjectStore::open(&path).expect("open");
    assert!(
        !store
            .analysis_runs()
            .expect("runs")
            .iter()
            .any(|r| r.kind == "siting")
    );
}

/// A road network imported from an .osm.pbf (the hand-built fixture near Tirana) becomes a
/// Roads layer of the project, the file itself unchanged; planning then measures along the
/// roads and says so, and stops more than 5 km from any road (Bulqizë) are listed as
/// unreachable rather than dropped.
#[test]
fn imported_osm_roads_are_used_and_far_stops_are_reported() {
    let mut d = open_demo();
    let h = &mut d.harness;
    let pbf =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roads/tiny.osm.pbf");
    let before = std::fs::read(&pbf).expect("fixture");
    push(
        h,
        Action::Planning(PlanningAction::Routes(RoutesAction::Open)),
    );
    push(
        h,
        Action::Planning(PlanningAction::Routes(RoutesAction::ImportRoads(
            pbf.clone(),
        ))),
    );
    h.step();
    let start = Instant::now();
    while app(h).session().planning.routes.roads_task.is_some() || app(h).is_busy() {
        assert!(start.elapsed() < Duration::from_secs(60), "the import hung");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
    let state = &app(h).session().planning.routes;
    assert_eq!(state.error, None);
    let imported = state.roads.clone().expect("imported");
    assert_eq!(imported.layer, "roads_osm");
    assert!(imported.lines >= 5, "{imported:?}");
    assert_eq!(
        std::fs::read(&pbf).expect("fixture"),
        before,
        "the source file changed"
    );
    let layer = app(h)
        .project()
        .and_then(|p| p.layer("roads_osm"))
        .expect("on the map");
    assert_eq!(layer.kind, riskatlas::model::LayerKind::Roads);
    // The network is prepared in the background right after the import (both profiles).
    let start = Instant::now();
    while !app(h).session().planning.routes.network.ready {
        let network = &app(h).session().planning.routes.network;
        assert_eq!(network.error, None);
        assert!(start.elapsed() < Duration::from_secs(60), "not prepared");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
    let key = riskatlas::app::planning::roads_network::current_key(app(h)).expect("roads");
    let graph = app(h).session().planning.routes.network.graph_for(&key);
    let graph = graph.expect("the prepared graph");
    for profile in [
        riskatlas::analysis::roads::Profile::Driving,
        riskatlas::analysis::roads::Profile::Walking,
    ] {
        assert!(graph.is_prepared(profile));
    }
    h.get_by_label("Rrjeti rrugor gati");

    choose_area(h, "Bulqizë");
    h.get_by_label("Planifiko itineraret").click();
    wait(h);
    let state = &app(h).session().planning.routes;
    assert_eq!(state.error, None);
    let planned = state.result.clone().expect("a plan");
    h.get_by_label_contains("përgjatë rrugëve");
    assert_eq!(planned.plan.served(), 0);
    assert_eq!(planned.plan.unassigned.len(), planned.problem.stops.len());
    assert!(
        planned
            .plan
            .unassigned
            .iter()
            .all(|u| u.reason == riskatlas::analysis::routing::UnassignedReason::Unreachable)
    );
    let listed = h
        .get_all_by_label_contains("nuk arrihet nga baza e asnjë ekipi")
        .count();
    assert_eq!(listed, planned.plan.unassigned.len());
}
