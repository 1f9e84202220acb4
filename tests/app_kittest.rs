//! UI tests of the real app with egui_kittest (no window, no network: the app runs offline).
//!
//! A small project is written to a temporary GeoPackage (two square municipalities on a land
//! polygon, three cases, two services, a mine perimeter); the app loads it on its background
//! thread; the tests then toggle a layer by its label, switch the language through the menu,
//! click a case on the map to identify it, and check the offline vector basemap is drawn.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui::epaint::Shape;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{MultiPolygon, Point, polygon};
use riskatlas::app::{Action, Language, RiskAtlasApp, style};
use riskatlas::model::{
    Case, CaseKind, CaseStatus, Feature, FeatureLayer, GeometryType, LayerKind, MinePerimeter,
    MineStatus, Municipality, Service, ServiceType, Sex, layer_from_records,
};
use riskatlas::store::{ProjectStore, WriteMode};

/// (case code, lon, lat, kind): three cases, far enough apart to click one at a time.
const CASES: [(&str, f64, f64, CaseKind); 3] = [
    ("TST-2024-001", 20.23, 41.49, CaseKind::ChromeCollection),
    ("TST-2024-002", 19.82, 41.33, CaseKind::Begging),
    ("TST-2024-003", 19.45, 41.31, CaseKind::InformalWork),
];

fn square(lon0: f64, lat0: f64, lon1: f64, lat1: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        polygon![(x: lon0, y: lat0), (x: lon1, y: lat0), (x: lon1, y: lat1), (x: lon0, y: lat1), (x: lon0, y: lat0)],
    ])
}

fn write_project(path: &Path) {
    let municipality = |name: &str, lau: &str, area| Municipality {
        fid: None,
        name: name.into(),
        lau_code: lau.into(),
        qark: None,
        population: Some(1000),
        area_wgs84: area,
    };
    let municipalities = vec![
        municipality("Perëndim", "AL901", square(19.3, 40.0, 20.0, 42.5)),
        municipality("Korçë", "AL902", square(20.0, 40.0, 20.9, 42.5)),
    ];
    let cases: Vec<Case> = CASES
        .iter()
        .map(|(code, lon, lat, kind)| Case {
            fid: None,
            case_code: (*code).into(),
            identified_on: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or_default(),
            kind: *kind,
            age: Some(12),
            sex: Sex::Female,
            status: CaseStatus::Referred,
            municipality: None,
            team: Some("T-07".into()),
            gps_accuracy_m: Some(5.0),
            pos_wgs84: Point::new(*lon, *lat),
        })
        .collect();
    let service = |ty, lon, lat| Service {
        fid: None,
        service_type: ty,
        name: "Qendra test".into(),
        capacity: Some(30),
        municipality: None,
        source: Some("test".into()),
        pos_wgs84: Point::new(lon, lat),
    };
    let services = [
        (ServiceType::DayCentre, 19.9, 41.0),
        (ServiceType::School, 20.5, 40.6),
    ]
    .map(|(ty, lon, lat)| service(ty, lon, lat));
    let mines = vec![MinePerimeter {
        fid: None,
        name: "Mina test".into(),
        mineral: "chromium".into(),
        status: MineStatus::Active,
        guarded: false,
        note: Some("illustrative".into()),
        area_wgs84: square(20.5, 41.8, 20.7, 42.0),
    }];
    let kind = LayerKind::Coastline;
    let mut land = FeatureLayer::new("coastline", kind, GeometryType::MultiPolygon, vec![]);
    land.features.push(Feature {
        fid: None,
        geometry_wgs84: Some(square(19.3, 40.0, 20.9, 42.5).into()),
        values: vec![],
    });
    let layers = [
        land,
        layer_from_records(LayerKind::Municipalities, &municipalities),
        layer_from_records(LayerKind::Mines, &mines),
        layer_from_records(LayerKind::Services, &services),
        layer_from_records(LayerKind::Cases, &cases),
    ];
    let mut store = ProjectStore::create(path).expect("create project");
    store
        .write(|tx| {
            for layer in &layers {
                tx.write_layer(layer, WriteMode::Create)?;
            }
            Ok(())
        })
        .expect("write layers");
}

type AppHarness = Harness<'static, Option<RiskAtlasApp>>;

struct Fixture {
    _dir: tempfile::TempDir,
    harness: AppHarness,
}

fn app(h: &AppHarness) -> &RiskAtlasApp {
    h.state()
        .as_ref()
        .expect("the app is created on the first frame")
}

/// Starts the app on `path` and steps it until the background load has ended (at most 20 s).
fn start_app(path: PathBuf) -> AppHarness {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            move |ui, state: &mut Option<RiskAtlasApp>| {
                let app =
                    state.get_or_insert_with(|| RiskAtlasApp::new_for_test(ui.ctx(), path.clone()));
                app.show(ui);
            },
            None,
        );
    let start = Instant::now();
    while app(&harness).is_loading() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the load did not end in 20 s"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run();
    harness
}

/// Opens the app on a fresh project and checks it loaded.
fn open_app() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.gpkg");
    write_project(&path);
    let harness = start_app(path);
    assert_eq!(app(&harness).session().error, None, "loading failed");
    assert!(
        app(&harness).project().is_some(),
        "no project after loading"
    );
    Fixture { _dir: dir, harness }
}

/// Queues an identify at a WGS84 position, runs the UI, returns the layer of the hit.
fn identify_at(h: &mut AppHarness, lon: f64, lat: f64) -> Option<String> {
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(Action::Identify {
            at_wgs84: [lon, lat],
            radius_m: 50.0,
        });
    }
    h.run();
    let identified = app(h).session().identified.as_ref()?;
    identified.hit.as_ref().map(|hit| hit.layer.clone())
}

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
    assert_eq!(f.harness.query_all_by_label("Lypje").count(), 1, "legend");
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
    // "Lypje" (begging) is in the legend and now also in the identify panel.
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
