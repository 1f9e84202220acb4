//! Field-team routes from the app (Planifikimi ▸ Itineraret e ekipeve…): the form, the run
//! on a background task, the result and its exports.
//!
//! The run reads the project's records through its worker; makes the stops inside the
//! chosen municipality (`analysis::field_stops`: high-risk zones of the month's risk layer,
//! hotspots in season, mine access points); puts every team at the municipality's Child
//! Protection Unit (else inside the municipality); measures travel along the project's road
//! layers when it has any (`analysis::routing_roads`), else straight lines × detour — the
//! window says which; and plans with `analysis::routing::solve`, the same code as
//! `riskatlas route`. The routes and their stops are saved as two layers with an audit row in
//! ONE transaction, and the plan is kept for the exports (GPX, GeoJSON, route-sheet PDF).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::super::RiskAtlasApp;
use super::super::analysis_job::RunFailure;
use super::super::i18n::T;
use super::super::task::Task;
use super::roads_import::RoadsImported;
use super::routes_run::{PlannedRoutes, run};

/// What the user set in the routes window.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutesForm {
    pub municipality: Option<String>,
    pub month: u32,
    pub zones: bool,
    pub hotspots: bool,
    pub mines: bool,
    pub service_min: f64,
    pub teams: usize,
    /// Minutes after midnight.
    pub shift_start_min: u32,
    pub shift_h: f64,
    /// Monday first.
    pub days: [bool; 7],
    pub walking: bool,
    /// Straight-line travel: detour factor and driving speed.
    pub detour: f64,
    pub speed_kmh: f64,
    /// Also visit the features selected in the attribute table (never case layers).
    pub selection: bool,
    /// Risk-zone stops only in this window (minutes after midnight, from, to).
    pub zone_window_min: Option<[u32; 2]>,
    /// Risk-zone stops only on Saturday and Sunday.
    pub zone_weekends: bool,
    /// Stop id → team number (1-based) that must visit it.
    pub pins: BTreeMap<String, usize>,
}

impl Default for RoutesForm {
    fn default() -> Self {
        Self {
            municipality: None,
            month: 7,
            zones: true,
            hotspots: true,
            mines: true,
            service_min: 45.0,
            teams: 2,
            shift_start_min: 8 * 60,
            shift_h: 8.0,
            days: [true, true, true, true, true, false, false],
            walking: false,
            detour: 1.3,
            speed_kmh: 40.0,
            selection: false,
            zone_window_min: None,
            zone_weekends: false,
            pins: BTreeMap::new(),
        }
    }
}

/// The export files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutesExport {
    Gpx,
    GeoJson,
    SheetsPdf,
}

impl RoutesExport {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Gpx => "gpx",
            Self::GeoJson => "geojson",
            Self::SheetsPdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RoutesAction {
    Open,
    Close,
    SetForm(RoutesForm),
    Run,
    Cancel,
    /// Asks where to save (a file dialog), then exports.
    ChooseExport(RoutesExport),
    /// Writes the export to this file.
    Export(RoutesExport, PathBuf),
    /// Asks for a road network file (a file dialog), then imports it.
    ChooseRoads,
    /// Imports a road network (.osm.pbf or road lines) into the project.
    ImportRoads(PathBuf),
    CancelRoads,
    /// Stops preparing the road network (routes then prepare it themselves).
    CancelNetwork,
}

#[derive(Default)]
pub struct RoutesState {
    pub open: bool,
    pub form: RoutesForm,
    pub task: Option<Task<Result<PlannedRoutes, RunFailure>>>,
    pub result: Option<Arc<PlannedRoutes>>,
    pub error: Option<String>,
    /// The last file written, for the window to confirm.
    pub exported: Option<PathBuf>,
    /// A road-network import running, and the last one's result.
    pub roads_task: Option<Task<Result<RoadsImported, RunFailure>>>,
    pub roads: Option<RoadsImported>,
    /// The project's road network, prepared in the background.
    pub network: super::roads_network::NetworkState,
}

pub fn apply(app: &mut RiskAtlasApp, action: RoutesAction, ctx: &egui::Context) {
    let lang = app.settings.language;
    let state = &mut app.session.planning.routes;
    match action {
        RoutesAction::Open => state.open = true,
        RoutesAction::Close => state.open = false,
        RoutesAction::SetForm(form) => state.form = form,
        RoutesAction::Cancel => {
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        RoutesAction::Run => start(app, ctx),
        RoutesAction::ChooseExport(kind) => {
            let dialog = rfd::FileDialog::new()
                .add_filter(kind.extension(), &[kind.extension()])
                .set_file_name(format!("itineraret.{}", kind.extension()));
            if let Some(path) = dialog.save_file() {
                app.push_action(super::super::actions::Action::Planning(
                    super::PlanningAction::Routes(RoutesAction::Export(kind, path)),
                ));
            }
        }
        RoutesAction::ChooseRoads => {
            let dialog = rfd::FileDialog::new()
                .add_filter("OpenStreetMap (.osm.pbf)", &["pbf"])
                .add_filter(
                    "GeoJSON, Shapefile, GeoPackage",
                    &["geojson", "json", "shp", "gpkg"],
                );
            if let Some(path) = dialog.pick_file() {
                app.push_action(super::super::actions::Action::Planning(
                    super::PlanningAction::Routes(RoutesAction::ImportRoads(path)),
                ));
            }
        }
        RoutesAction::ImportRoads(path) => start_roads(app, ctx, path),
        RoutesAction::CancelNetwork => {
            if let Some(task) = &state.network.task {
                task.cancel();
            }
        }
        RoutesAction::CancelRoads => {
            if let Some(task) = &state.roads_task {
                task.cancel();
            }
        }
        RoutesAction::Export(kind, path) => {
            state.exported = None;
            let Some(plan) = &state.result else { return };
            match super::routes_export::export(plan, kind, &path, lang) {
                Ok(()) => state.exported = Some(path),
                Err(e) => state.error = Some(format!("{}: {e}", T::ExportFailed.tr(lang))),
            }
        }
    }
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context) {
    let lang = app.settings.language;
    let jobs = super::task_worker(app, app.session.planning.routes.task.is_some());
    let state = &mut app.session.planning.routes;
    state.error = None;
    state.exported = None;
    let jobs = match jobs {
        Ok(jobs) => jobs,
        Err(message) => return state.error = Some(message),
    };
    if state.form.municipality.is_none() {
        state.error = Some(T::RoutesNeedArea.tr(lang).to_string());
        return;
    }
    let form = state.form.clone();
    let extra = if form.selection {
        match super::routes_selection::selected_stops(&app.session, form.service_min * 60.0, lang) {
            Ok(stops) => stops,
            Err(message) => {
                app.session.planning.routes.error = Some(message);
                return;
            }
        }
    } else {
        Vec::new()
    };
    let network = super::roads_network::current_key(app)
        .and_then(|key| app.session.planning.routes.network.graph_for(&key));
    let state = &mut app.session.planning.routes;
    match Task::spawn("routes", Some(ctx.clone()), move |p| {
        run(&jobs, &form, &extra, network, p)
    }) {
        Ok(task) => state.task = Some(task),
        Err(e) => state.error = Some(e.to_string()),
    }
}

fn start_roads(app: &mut RiskAtlasApp, ctx: &egui::Context, path: PathBuf) {
    let jobs = super::task_worker(app, app.session.planning.routes.roads_task.is_some());
    let state = &mut app.session.planning.routes;
    state.error = None;
    let jobs = match jobs {
        Ok(jobs) => jobs,
        Err(message) => return state.error = Some(message),
    };
    let work = move |p: &Arc<_>| super::roads_import::run(&jobs, &path, p);
    match Task::spawn("roads-import", Some(ctx.clone()), work) {
        Ok(task) => state.roads_task = Some(task),
        Err(e) => state.error = Some(e.to_string()),
    }
}

/// Takes a road import's result once it has ended; true while it runs.
fn poll_roads(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.planning.routes;
    let Some(result) = state.roads_task.as_ref().map(|t| t.poll()) else {
        return false;
    };
    let Some(result) = result else {
        return true;
    };
    state.roads_task = None;
    match super::task_result(result, T::RoadsImportFailed, lang) {
        Ok(done) => {
            state.roads = Some(done);
            super::super::files::reload_after_import(app, ctx);
        }
        Err(message) => state.error = Some(message),
    }
    false
}

/// Takes the task's result once it has ended; true while it runs.
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    poll_roads(app, ctx) | poll_plan(app, ctx) | super::roads_network::poll(app, ctx)
}

fn poll_plan(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.planning.routes;
    let Some(result) = state.task.as_ref().map(|t| t.poll()) else {
        return false;
    };
    let Some(result) = result else {
        return true;
    };
    state.task = None;
    match super::task_result(result, T::RoutesFailed, lang) {
        Ok(planned) => {
            app.session.fit_after_reload = planned.extent_wgs84();
            app.session.planning.routes.result = Some(Arc::new(planned));
            super::super::files::reload_after_import(app, ctx);
        }
        Err(message) => state.error = Some(message),
    }
    false
}
