//! UI tests of File ▸ Import / New project / Open recent and drag-and-drop (egui_kittest, no
//! native dialogs: the tests push the action a dialog would produce, or drop a file).
//!
//! A small project (a land square, two square municipalities, one case) is written to a
//! temporary GeoPackage; the tests import a CSV with one good and one bad row through the
//! import dialog's buttons and check the report dialog, the project file and the reloaded
//! map layers; cancel an import and check the file is unchanged; create a project with the
//! Albania base layers; and check the recent-projects list.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use geo::{MultiPolygon, Point, polygon};
use riskatlas::app::files::FilesAction;
use riskatlas::app::import_job::ImportChoice;
use riskatlas::app::{Action, RiskAtlasApp};
use riskatlas::model::{
    Case, CaseKind, CaseStatus, Feature, FeatureLayer, GeometryType, LayerKind, Municipality, Sex,
    layer_from_records,
};
use riskatlas::store::{ProjectStore, WriteMode};

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
    let cases = vec![Case {
        fid: None,
        case_code: "TST-2024-001".into(),
        identified_on: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or_default(),
        kind: CaseKind::Begging,
        age: Some(12),
        sex: Sex::Female,
        status: CaseStatus::Referred,
        municipality: None,
        team: None,
        gps_accuracy_m: Some(5.0),
        pos_wgs84: Point::new(20.23, 41.49),
    }];
    let mut land = FeatureLayer::new(
        "coastline",
        LayerKind::Coastline,
        GeometryType::MultiPolygon,
        vec![],
    );
    land.features.push(Feature {
        fid: None,
        geometry_wgs84: Some(square(19.3, 40.0, 20.9, 42.5).into()),
        values: vec![],
    });
    let layers = [
        land,
        layer_from_records(LayerKind::Municipalities, &municipalities),
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

/// One good row (line 2) and one with a latitude that is not a number (line 3).
const ONE_GOOD_ONE_BAD: &str = "case_code,identified_on,kind,lon,lat\r\n\
TST-2024-101,2024-07-02,begging,19.8187,41.3275\r\n\
TST-2024-102,2024-07-02,recycling,19.4565,abc\r\n";

type AppHarness = Harness<'static, Option<RiskAtlasApp>>;

fn app(h: &AppHarness) -> &RiskAtlasApp {
    h.state()
        .as_ref()
        .expect("the app is created on the first frame")
}

fn push(h: &mut AppHarness, action: Action) {
    h.state_mut().as_mut().expect("app").push_action(action);
}

/// Steps the app until no load, import or creation runs (at most 60 s).
fn wait_idle(h: &mut AppHarness) {
    let start = Instant::now();
    h.step();
    while app(h).is_busy() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the task did not end in 60 s"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

fn start_app(path: PathBuf) -> AppHarness {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(16)
        .build_ui_state(
            move |ui, state: &mut Option<RiskAtlasApp>| {
                let app =
                    state.get_or_insert_with(|| RiskAtlasApp::new_for_test(ui.ctx(), path.clone()));
                app.show(ui);
            },
            None,
        );
    wait_idle(&mut harness);
    harness
}

struct Fixture {
    dir: tempfile::TempDir,
    project: PathBuf,
    harness: AppHarness,
}

fn open_app() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("projekti.gpkg");
    write_project(&project);
    let harness = start_app(project.clone());
    assert_eq!(app(&harness).session().error, None, "loading failed");
    Fixture {
        dir,
        project,
        harness,
    }
}

fn cases_shown(h: &AppHarness) -> Option<usize> {
    app(h).project()?.layer("cases").map(|l| l.feature_count)
}

/// Runs `job` on the project file: through the app's project worker when the app has it open
/// (the worker holds the file's lock), else by opening it.
fn on_project<T: Send + 'static>(
    h: &AppHarness,
    project: &Path,
    job: impl FnOnce(&mut ProjectStore) -> T + Send + 'static,
) -> T {
    let same = |a: &Path| a == project || a.canonicalize().ok() == project.canonicalize().ok();
    match app(h)
        .session()
        .editing
        .worker
        .as_ref()
        .filter(|w| same(w.path()))
    {
        Some(w) => w.run(job).expect("queued").wait().expect("ran"),
        None => job(&mut ProjectStore::open(project).expect("open project")),
    }
}

fn cases_in_file(h: &AppHarness, project: &Path) -> (usize, usize) {
    on_project(h, project, |store| {
        let cases = store.read_layer("cases").expect("cases").features.len();
        let imports = store.imports().expect("imports").len();
        (cases, imports)
    })
}

#[test]
fn importing_a_csv_reports_the_bad_row_and_adds_the_good_one() {
    let mut f = open_app();
    let csv = f.dir.path().join("rastet.csv");
    std::fs::write(&csv, ONE_GOOD_ONE_BAD).expect("write csv");
    assert_eq!(cases_shown(&f.harness), Some(1));

    push(
        &mut f.harness,
        Action::Files(FilesAction::OpenImportDialog(csv.clone())),
    );
    f.harness.run();
    let form = app(&f.harness)
        .files()
        .import_form
        .as_ref()
        .expect("dialog open");
    assert_eq!(
        form.kind,
        LayerKind::Cases,
        "a CSV named 'rastet' holds cases"
    );
    f.harness.get_by_label("Importo të dhëna");
    f.harness.get_by_label("rastet.csv");
    f.harness.get_by_label("CSV");

    // "Check only" first: a report, nothing written.
    f.harness.get_by_label("Vetëm kontrollo").click();
    wait_idle(&mut f.harness);
    let shown = app(&f.harness)
        .files()
        .report
        .as_ref()
        .expect("report after dry run");
    assert!(!shown.report.committed);
    assert_eq!((shown.report.accepted, shown.report.rejected), (1, 1));
    assert_eq!(
        cases_in_file(&f.harness, &f.project),
        (1, 0),
        "a dry run wrote something"
    );
    f.harness
        .get_by_label("Vetëm kontroll: asgjë nuk u shkrua në projekt");

    // Then the import from the report's "Import now".
    f.harness.get_by_label("Importo tani").click();
    wait_idle(&mut f.harness);
    let shown = app(&f.harness)
        .files()
        .report
        .as_ref()
        .expect("report after import");
    assert!(shown.report.committed);
    assert_eq!(shown.rows.len(), 1);
    assert_eq!(shown.rows[0].number, 3, "the bad row is line 3 of the file");
    assert!(
        app(&f.harness).files().import_form.is_none(),
        "dialog closes after import"
    );
    // The report dialog: outcome, the bad row's number, and the problem in Albanian.
    f.harness.get_by_label("Të dhënat u shkruan në projekt");
    f.harness.get_by_label("3");
    assert!(
        f.harness
            .query_all_by_label("Koordinata të pavlefshme")
            .count()
            >= 1
    );
    f.harness.get_by_label("Çfarë duhet rregulluar");

    // The project file has one case more and one import logged; the map shows it too.
    assert_eq!(cases_in_file(&f.harness, &f.project), (2, 1));
    assert_eq!(
        cases_shown(&f.harness),
        Some(2),
        "the layers were not reloaded"
    );
    let status = app(&f.harness).session().status.clone().unwrap_or_default();
    assert!(status.starts_with("1 rreshta u importuan"), "{status}");

    f.harness.get_by_label("Mbyll").click();
    f.harness.run();
    assert!(app(&f.harness).files().report.is_none());
}

#[test]
fn a_cancelled_import_leaves_the_project_unchanged() {
    let mut f = open_app();
    let csv = f.dir.path().join("shume_raste.csv");
    let mut text = String::from("case_code,identified_on,kind,lon,lat\n");
    for i in 0..5000 {
        let lon = 19.5 + (i % 100) as f64 * 0.01;
        text.push_str(&format!("BIG-{i:05},2024-07-02,begging,{lon:.4},41.30\n"));
    }
    std::fs::write(&csv, text).expect("write csv");

    push(
        &mut f.harness,
        Action::Files(FilesAction::OpenImportDialog(csv.clone())),
    );
    let choice = ImportChoice::new(csv, LayerKind::Cases);
    push(
        &mut f.harness,
        Action::Files(FilesAction::StartImport(choice)),
    );
    push(&mut f.harness, Action::Files(FilesAction::CancelTask));
    wait_idle(&mut f.harness);

    let files = app(&f.harness).files();
    assert!(files.report.is_none(), "a cancelled import shows no report");
    let form = files.import_form.as_ref().expect("the dialog stays open");
    assert_eq!(form.error, None, "cancelling is not an error");
    assert_eq!(
        form.notice.as_deref(),
        Some("Importi u anulua: projekti nuk ndryshoi")
    );
    // In the dialog and in the status bar.
    let shown = f
        .harness
        .query_all_by_label("Importi u anulua: projekti nuk ndryshoi");
    assert_eq!(shown.count(), 2);
    assert_eq!(cases_shown(&f.harness), Some(1));
    assert_eq!(cases_in_file(&f.harness, &f.project), (1, 0));
    let audit = on_project(&f.harness, &f.project, |store| {
        store.audit_log().expect("audit")
    });
    assert!(audit.iter().all(|a| a.action != "import"));
}

#[test]
fn new_project_has_the_base_layers_and_opens() {
    let mut f = open_app();
    let path = f.dir.path().join("Projekti i ri");
    push(
        &mut f.harness,
        Action::Files(FilesAction::CreateProject(path.clone())),
    );
    wait_idle(&mut f.harness);
    let created = f.dir.path().join("Projekti i ri.gpkg");
    assert_eq!(app(&f.harness).session().error, None);
    assert_eq!(
        app(&f.harness).files().error.as_ref().map(|e| e.1.clone()),
        None
    );
    let project = app(&f.harness).project().expect("project open");
    assert_eq!(project.path, created, "the new project is open");
    assert_eq!(
        project.title.as_deref(),
        Some("Projekti i ri"),
        "titled by its name"
    );
    for name in ["coastline", "municipalities", "qarqe"] {
        let layer = project
            .layer(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert!(layer.feature_count > 0, "{name} is empty");
    }
    assert!(project.layer("cases").is_none());
    assert_eq!(
        project.layer("municipalities").map(|l| l.feature_count),
        Some(61)
    );
    let layers = on_project(&f.harness, &created, |store| {
        store.layers().expect("layers")
    });
    assert_eq!(layers.len(), 3);
    let leftovers: Vec<_> = std::fs::read_dir(f.dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let recent = &app(&f.harness).settings().recent_projects;
    assert_eq!(recent.first(), Some(&created));

    // Creating it again refuses to replace it.
    push(
        &mut f.harness,
        Action::Files(FilesAction::CreateProject(created.clone())),
    );
    wait_idle(&mut f.harness);
    let error = app(&f.harness).files().error.clone().expect("an error");
    assert!(error.1.contains("already exists"), "{}", error.1);
    f.harness.get_by_label("Projekti nuk u krijua");
}

#[test]
fn recent_projects_put_the_last_first_without_duplicates() {
    let mut f = open_app();
    let other = f.dir.path().join("tjetri.gpkg");
    write_project(&other);
    for path in [&other, &f.project] {
        push(&mut f.harness, Action::OpenProject(path.clone()));
        wait_idle(&mut f.harness);
    }
    let recent = app(&f.harness).settings().recent_projects.clone();
    assert_eq!(recent, vec![f.project.clone(), other.clone()]);

    // The menu lists both; a deleted file is shown but disabled.
    std::fs::remove_file(&other).expect("delete");
    f.harness.get_by_label("Skedari").click();
    f.harness.run();
    f.harness.get_by_label("Hap të fundit").click();
    f.harness.run();
    let label = |p: &Path| {
        let dir = p
            .parent()
            .and_then(|d| d.file_name())
            .map(|d| d.to_string_lossy().into_owned());
        format!(
            "{} — {}",
            p.file_name().expect("name").to_string_lossy(),
            dir.expect("dir")
        )
    };
    assert!(
        !f.harness
            .get_by_label(&label(&f.project))
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        f.harness
            .get_by_label(&label(&other))
            .accesskit_node()
            .is_disabled()
    );
    f.harness.get_by_label("Hiq skedarët që mungojnë").click();
    f.harness.run();
    assert_eq!(
        app(&f.harness).settings().recent_projects,
        vec![f.project.clone()]
    );
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_open_projects_or_the_import_dialog() {
    let mut f = open_app();
    let csv = f.dir.path().join("sherbimet.csv");
    std::fs::write(&csv, ONE_GOOD_ONE_BAD).expect("write csv");
    f.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(csv.clone())));
    f.harness.run();
    let form = app(&f.harness)
        .files()
        .import_form
        .as_ref()
        .expect("import dialog");
    assert_eq!(form.file, csv);
    assert_eq!(form.kind, LayerKind::Services, "'sherbimet' holds services");
    f.harness.get_by_label("Mbyll").click();
    f.harness.run();
    assert!(app(&f.harness).files().import_form.is_none());

    let other = f.dir.path().join("tjetri.gpkg");
    write_project(&other);
    f.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(other.clone())));
    wait_idle(&mut f.harness);
    assert_eq!(
        app(&f.harness).project().map(|p| p.path.clone()),
        Some(other)
    );

    let zip = f.dir.path().join("arkivi.xlsx");
    std::fs::write(&zip, b"PK").expect("write");
    f.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(zip)));
    f.harness.run();
    let error = app(&f.harness)
        .files()
        .error
        .clone()
        .expect("unsupported file");
    assert!(
        error.1.starts_with("Ky lloj skedari nuk mbështetet"),
        "{}",
        error.1
    );
}

#[test]
fn a_file_without_crs_in_metres_asks_for_one_in_the_dialog() {
    let mut f = open_app();
    let csv = f.dir.path().join("rastet_tm.csv");
    std::fs::write(
        &csv,
        "case_code,identified_on,kind,x,y\nTM-1,2024-07-02,begging,484822.04,4576960.34\n",
    )
    .expect("write");
    push(
        &mut f.harness,
        Action::Files(FilesAction::OpenImportDialog(csv)),
    );
    f.harness.run();
    f.harness.get_by_label("Importo").click();
    wait_idle(&mut f.harness);
    let error = app(&f.harness)
        .files()
        .import_form
        .as_ref()
        .and_then(|f| f.error.clone())
        .expect("an error in the dialog");
    assert!(
        error.starts_with("Skedari nuk deklaron sistem koordinatash"),
        "{error}"
    );
    // With EPSG:6870 the same file imports.
    let mut choice = app(&f.harness)
        .files()
        .import_form
        .as_ref()
        .expect("form")
        .choice(false)
        .expect("choice");
    choice.crs_epsg = Some(6870);
    push(
        &mut f.harness,
        Action::Files(FilesAction::StartImport(choice)),
    );
    wait_idle(&mut f.harness);
    let shown = app(&f.harness).files().report.as_ref().expect("report");
    assert!(shown.report.committed, "{:?}", shown.report);
    assert_eq!(cases_shown(&f.harness), Some(2));
}
