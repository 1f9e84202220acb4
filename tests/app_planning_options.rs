//! The planning windows' further options, driven as planners would on the demo project:
//! - siting: a place marked on the map (Mark on the map, a click) is never chosen, a capacity
//!   per centre caps what each covers, and weighted demand (by kind, or by the risk class of
//!   the month's zones) is used and shown;
//! - routes: places selected in the attribute table become stops, risk-zone stops get the
//!   evening window, a stop pinned to a team is visited by that team only, a pin to a team
//!   that does not exist is a clear error, and case locations are refused as stops.
#![cfg(feature = "app")]

mod app_edit_support;

use std::time::{Duration, Instant};

use app_edit_support::*;
use egui::PointerButton;
use egui_kittest::kittest::Queryable;
use geo::{Distance, Haversine, Point, polygon};
use riskatlas::app::Action;
use riskatlas::app::planning::routes_job::RoutesAction;
use riskatlas::app::planning::siting_job::Weighting;
use riskatlas::app::planning::{PlanningAction, SitingAction};
use riskatlas::model::{
    CaseKind, Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Value,
};
use riskatlas::store::{ProjectStore, WriteMode};

/// Queues an action and steps once (`run` would refuse while a spinner turns).
fn push(h: &mut AppHarness, a: Action) {
    h.state_mut().as_mut().expect("app").push_action(a);
    h.step();
}

fn siting(a: SitingAction) -> Action {
    Action::Planning(PlanningAction::Siting(a))
}

fn routes(a: RoutesAction) -> Action {
    Action::Planning(PlanningAction::Routes(a))
}

/// Steps until the planning tasks and any reload have ended (at most 180 s).
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

/// Very-high-risk zones (class 4) for July over central Tiranë and Bulqizë town, written into
/// the demo before the app opens it (as the risk analysis would).
fn add_july_zones(path: &std::path::Path) {
    let square = |x0: f64, y0: f64, x1: f64, y1: f64| {
        geo::Geometry::Polygon(polygon![
            (x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1), (x: x0, y: y0)
        ])
    };
    let mut layer = FeatureLayer::new(
        "risk_zones_m07",
        LayerKind::Other,
        GeometryType::Polygon,
        vec![
            FieldDef::new("class", FieldKind::Int),
            FieldDef::new("label_sq", FieldKind::Text),
        ],
    );
    for (g, label) in [
        (square(19.78, 41.30, 19.86, 41.36), "Tiranë qendër"),
        (square(20.23, 41.47, 20.28, 41.51), "Bulqizë qytet"),
    ] {
        layer.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(g),
            values: vec![Value::Int(4), Value::Text(label.into())],
        });
    }
    let mut store = ProjectStore::open(path).expect("open");
    store
        .write(|tx| tx.write_layer(&layer, WriteMode::Replace))
        .expect("zones written");
    store.close().expect("closed");
}

fn open_demo_with_zones() -> (tempfile::TempDir, AppHarness) {
    let dir = tempfile::Builder::new()
        .prefix("Përdoruesi ç ")
        .tempdir()
        .expect("temp dir");
    let path = dir.path().join("demo ë.gpkg");
    riskatlas::demo::write_demo(&path)
        .expect("demo")
        .close()
        .expect("closed");
    add_july_zones(&path);
    let mut h = open_path(&path);
    settle(&mut h, |a| !a.is_loading());
    assert_eq!(app(&h).session().error, None);
    (dir, h)
}

fn site_positions(h: &AppHarness, layer: &str) -> Vec<(String, Point<f64>)> {
    let view = app(h)
        .project()
        .and_then(|p| p.layer(layer))
        .expect("sites layer");
    let id = view.data.field_index("site_id").expect("site_id");
    view.data
        .features
        .iter()
        .map(|f| {
            let Some(geo::Geometry::Point(p)) = &f.geometry_wgs84 else {
                panic!("a site is a point")
            };
            (f.values[id].non_empty_text().expect("id"), *p)
        })
        .collect()
}

#[test]
fn marked_places_capacity_and_weights_shape_the_new_centres() {
    let (_dir, mut h) = open_demo_with_zones();
    let h = &mut h;
    push(h, siting(SitingAction::Open));
    let mut form = app(h).session().planning.siting.form.clone();
    form.municipality = Some("Tiranë".into());
    form.exact = false;
    push(h, siting(SitingAction::SetForm(form)));
    push(h, siting(SitingAction::Run));
    wait(h);
    let first = app(h)
        .session()
        .planning
        .siting
        .result
        .clone()
        .expect("result");
    let (best_id, best_pos) = site_positions(h, &first.layer)[0].clone();
    assert_eq!(best_id, first.sites[0].id);

    // Mark the best site on the map (More options ▸ Mark on the map, then a click on it).
    h.get_by_label("Më shumë opsione").click();
    h.run();
    h.get_by_label("Shëno në hartë").click();
    h.run();
    assert!(app(h).session().planning.siting.marking);
    push(
        h,
        Action::ZoomTo {
            // The site ~350 px right of the centre: clear of the siting window on the left.
            centre_wgs84: [best_pos.x() - 0.03, best_pos.y()],
            zoom: 14.0,
        },
    );
    h.run();
    let at = screen(h, best_pos.0);
    click_at(h, at, PointerButton::Primary);
    let marked = app(h).session().planning.siting.form.exclude_points.clone();
    assert_eq!(marked.len(), 1, "the click marked one place");
    let m = Point::new(marked[0][0], marked[0][1]);
    assert!(
        Haversine.distance(m, best_pos) < 20.0,
        "marked where clicked"
    );
    h.get_by_label("Mbaro shënimin").click();
    h.run();
    assert!(!app(h).session().planning.siting.marking);
    assert!(
        app(h).session().identified.is_none(),
        "the click did not identify"
    );

    // A capacity of 20 places and begging counted twice.
    let mut form = app(h).session().planning.siting.form.clone();
    form.capacity = Some(20);
    form.weighting = Weighting::ByKind;
    for (kind, w) in &mut form.kind_weights {
        if *kind == CaseKind::Begging {
            *w = 2.0;
        }
    }
    push(h, siting(SitingAction::SetForm(form.clone())));
    push(h, siting(SitingAction::Run));
    wait(h);
    let state = &app(h).session().planning.siting;
    assert_eq!(state.error, None);
    let o = state.result.clone().expect("result");
    for (id, pos) in site_positions(h, &o.layer) {
        assert_ne!(id, best_id, "the marked site was chosen");
        assert!(
            Haversine.distance(pos, m) > form.exclude_radius_m,
            "{id} lies within the excluded radius"
        );
    }
    for s in &o.sites {
        assert!(
            s.new_cases.unwrap_or(0) <= 20,
            "{s:?} covers beyond its capacity"
        );
    }
    let covered = o.covered.expect("published") as f64;
    let demand = o.weighted_demand.expect("weighted demand shown");
    assert!(
        demand >= covered && demand <= 2.0 * covered,
        "{demand} vs {covered}"
    );
    h.get_by_label_contains("Kërkesa e mbuluar (me peshë)");

    // By the risk zones of July: every case in central Tiranë weighs 4.
    let mut form = app(h).session().planning.siting.form.clone();
    form.weighting = Weighting::RiskZones;
    form.capacity = None;
    push(h, siting(SitingAction::SetForm(form)));
    push(h, siting(SitingAction::Run));
    wait(h);
    let o = app(h)
        .session()
        .planning
        .siting
        .result
        .clone()
        .expect("result");
    let covered = o.covered.expect("published") as f64;
    let demand = o.weighted_demand.expect("weighted demand shown");
    assert!(
        demand > covered && demand <= 4.0 * covered,
        "{demand} vs {covered}"
    );
}

#[test]
fn risk_weights_without_zones_say_what_to_do() {
    let (_dir, _path, mut h) = open_demo();
    let h = &mut h;
    push(h, siting(SitingAction::Open));
    let mut form = app(h).session().planning.siting.form.clone();
    form.municipality = Some("Tiranë".into());
    form.weighting = Weighting::RiskZones;
    push(h, siting(SitingAction::SetForm(form)));
    h.run();
    h.get_by_label("Më shumë opsione").click();
    h.run();
    h.get_by_label_contains("Projekti nuk ka zona rreziku");
    push(h, siting(SitingAction::Run));
    wait(h);
    let state = &app(h).session().planning.siting;
    let error = state.error.clone().expect("an error");
    assert!(error.contains("risk_zones_m07"), "{error}");
    assert!(state.result.is_none());
}

#[test]
fn selected_places_pins_and_evening_zones_shape_the_routes() {
    let (_dir, mut h) = open_demo_with_zones();
    let h = &mut h;
    // Select the municipality of Klos in the attribute table: teams should also go there.
    push(h, Action::OpenTable("municipalities".into()));
    h.run();
    type_into(h, "Kërko:", "Klos");
    h.get_all_by_label("Klos").next().expect("Klos row").click();
    h.run();
    assert_eq!(
        app(h).session().table.as_ref().map(|t| t.selected.len()),
        Some(1)
    );

    push(h, routes(RoutesAction::Open));
    let mut form = app(h).session().planning.routes.form.clone();
    form.municipality = Some("Bulqizë".into());
    form.selection = true;
    form.zone_window_min = Some([17 * 60, 21 * 60]);
    form.shift_start_min = 12 * 60;
    push(h, routes(RoutesAction::SetForm(form.clone())));
    h.run();
    h.get_by_label("Më shumë opsione").click();
    h.run();
    h.get_by_label_contains("· Bashkitë");
    push(h, routes(RoutesAction::Run));
    wait(h);
    let state = &app(h).session().planning.routes;
    assert_eq!(state.error, None);
    let planned = state.result.clone().expect("a plan");
    let stops = &planned.problem.stops;
    let klos = stops
        .iter()
        .position(|s| s.id == "Klos")
        .expect("Klos is a stop");
    assert_eq!(stops[klos].priority, 2.0);
    let zone = stops
        .iter()
        .position(|s| s.id.contains("Bulqizë qytet"))
        .expect("the zone is a stop");
    assert_eq!(stops[zone].windows.len(), 1);
    assert_eq!(stops[zone].windows[0].start_s, 17.0 * 3600.0);
    let visits: Vec<_> = planned
        .plan
        .routes
        .iter()
        .flat_map(|r| r.visits.iter().map(move |v| (r.team, v)))
        .collect();
    if let Some((_, v)) = visits.iter().find(|(_, v)| v.stop == zone) {
        assert!(v.begin_s() >= 17.0 * 3600.0 - 1e-6, "{v:?}");
    }

    // Pin Klos to team 2: only team 2 visits it.
    form.pins.insert("Klos".into(), 2);
    push(h, routes(RoutesAction::SetForm(form.clone())));
    h.get_by_label("Ndalesat dhe ekipet (cakto një ekip)")
        .click();
    h.run();
    h.get_by_label_contains("Nise përsëri");
    push(h, routes(RoutesAction::Run));
    wait(h);
    let planned = app(h)
        .session()
        .planning
        .routes
        .result
        .clone()
        .expect("plan");
    let klos = planned
        .problem
        .stops
        .iter()
        .position(|s| s.id == "Klos")
        .unwrap();
    assert_eq!(planned.problem.stops[klos].pinned_team, Some(1));
    for r in &planned.plan.routes {
        if r.visits.iter().any(|v| v.stop == klos) {
            assert_eq!(r.team, 1, "Klos visited by another team");
        }
    }

    // A pin to a third team when there are two is refused with the reason.
    form.pins.insert("Klos".into(), 3);
    push(h, routes(RoutesAction::SetForm(form.clone())));
    push(h, routes(RoutesAction::Run));
    wait(h);
    let error = app(h)
        .session()
        .planning
        .routes
        .error
        .clone()
        .expect("error");
    assert!(error.contains("pinned to team 3"), "{error}");

    // Case locations are never stops (the window is closed while the row is clicked, as it
    // would cover the table).
    push(h, routes(RoutesAction::Close));
    push(h, Action::OpenTable("cases".into()));
    h.run();
    type_into(h, "Kërko:", "");
    let first_case = app(h)
        .project()
        .and_then(|p| p.layer("cases"))
        .unwrap()
        .data
        .features[0]
        .values[0]
        .non_empty_text()
        .unwrap();
    h.get_all_by_label(&first_case)
        .next()
        .expect("case row")
        .click();
    h.run();
    assert_eq!(
        app(h).session().table.as_ref().map(|t| t.selected.len()),
        Some(1)
    );
    push(h, routes(RoutesAction::Open));
    h.run();
    h.get_by_label_contains("nuk përdoren si ndalesa");
    form.pins.clear();
    push(h, routes(RoutesAction::SetForm(form)));
    push(h, routes(RoutesAction::Run));
    wait(h);
    let error = app(h)
        .session()
        .planning
        .routes
        .error
        .clone()
        .expect("error");
    assert!(error.contains("nuk përdoren si ndalesa"), "{error}");
}
