//! Shared fixture of the app's UI tests: a small project in a temporary GeoPackage (two
//! square municipalities on a land polygon, three cases, two services, a mine perimeter and,
//! for the month filter, two coastal hotspots), and helpers that start the real app on it
//! offline and step it until its background load has ended.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui_kittest::Harness;
use geo::{MultiPolygon, Point, polygon};
use riskatlas::app::{Action, RiskAtlasApp};
use riskatlas::model::{
    Case, CaseKind, CaseStatus, Feature, FeatureLayer, GeometryType, Hotspot, LayerKind,
    MinePerimeter, MineStatus, MonthSet, Municipality, Service, ServiceType, Sex,
    layer_from_records,
};
use riskatlas::store::{ProjectStore, WriteMode};

/// (case code, lon, lat, kind): three cases, far enough apart to click one at a time.
pub const CASES: [(&str, f64, f64, CaseKind); 3] = [
    ("TST-2024-001", 20.23, 41.49, CaseKind::ChromeCollection),
    ("TST-2024-002", 19.82, 41.33, CaseKind::Begging),
    ("TST-2024-003", 19.45, 41.31, CaseKind::InformalWork),
];

pub fn square(lon0: f64, lat0: f64, lon1: f64, lat1: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        polygon![(x: lon0, y: lat0), (x: lon1, y: lat0), (x: lon1, y: lat1), (x: lon0, y: lat1), (x: lon0, y: lat0)],
    ])
}

/// The second case was identified in 2023, the others in 2024.
pub fn case_date(code: &str) -> NaiveDate {
    match code {
        "TST-2024-002" => NaiveDate::from_ymd_opt(2023, 3, 15),
        _ => NaiveDate::from_ymd_opt(2024, 7, 1),
    }
    .unwrap_or_default()
}

/// (name, active months): a summer-long and a July–August coastal hotspot.
pub const HOTSPOTS: [(&str, &str); 2] = [("Plazhi A", "6-9"), ("Plazhi B", "7-8")];

pub fn write_project(path: &Path) {
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
            identified_on: case_date(code),
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
    let hotspots: Vec<Hotspot> = HOTSPOTS
        .iter()
        .enumerate()
        .map(|(i, (name, months))| Hotspot {
            fid: None,
            name: (*name).into(),
            active_months: MonthSet::parse(months).expect("months"),
            peak_hours: None,
            note: None,
            area_wgs84: square(19.40, 40.5 + 0.2 * i as f64, 19.48, 40.58 + 0.2 * i as f64),
        })
        .collect();
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
        layer_from_records(LayerKind::Hotspots, &hotspots),
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

pub type AppHarness = Harness<'static, Option<RiskAtlasApp>>;

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub harness: AppHarness,
}

pub fn app(h: &AppHarness) -> &RiskAtlasApp {
    h.state()
        .as_ref()
        .expect("the app is created on the first frame")
}

/// Starts the app on `path` and steps it until the background load has ended (at most 20 s).
pub fn start_app(path: PathBuf) -> AppHarness {
    start_app_with(path, false)
}

/// As [`start_app`]; with `wgpu` the harness renders real pixels (for snapshot tests).
pub fn start_app_with(path: PathBuf, wgpu: bool) -> AppHarness {
    let mut builder = Harness::builder().with_size(egui::vec2(1280.0, 800.0));
    if wgpu {
        builder = builder.wgpu();
    }
    let mut harness = builder.build_ui_state(
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
pub fn open_app() -> Fixture {
    open_app_with(false)
}

/// As [`open_app`], rendering with wgpu when asked.
pub fn open_app_with(wgpu: bool) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.gpkg");
    write_project(&path);
    let harness = start_app_with(path, wgpu);
    assert_eq!(app(&harness).session().error, None, "loading failed");
    assert!(
        app(&harness).project().is_some(),
        "no project after loading"
    );
    Fixture { _dir: dir, harness }
}

/// Queues an identify at a WGS84 position, runs the UI, returns the layer of the hit.
pub fn identify_at(h: &mut AppHarness, lon: f64, lat: f64) -> Option<String> {
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
