//! Indicators by municipality from the app: the window's state, its actions and the work they
//! start on a background task (one at a time): compute, export the CSV, save a choropleth.
//!
//! Compute reads the project's records through the project's worker (which holds the open
//! file) and computes on the task's own thread with `analysis::indicators` (the code of
//! `riskatlas indicators`). Cases and day centres saved without a municipality (drawn in edit
//! mode, or written by other tools) are first placed by point-in-polygon in the project's
//! municipalities, so they count where they are. Export writes the CSV atomically with
//! counts below [`MIN_K`] hidden (`io::indicators_csv`) and records the run in the project;
//! Show on map saves a layer `indicator_<code>` with a graduated style through the worker in
//! one transaction and reloads the project. The UI only polls the task; Cancel stops a
//! computation at its next check, and nothing is written by a computation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use geo::MultiPolygon;
use serde_json::json;

use super::RiskAtlasApp;
use super::analysis_job::RunFailure;
use super::i18n::{Language, T};
use super::indicators_view::{Choropleth, Column, choropleth_layer};
use super::task::Task;
use crate::analysis::indicators::{
    IndicatorConfig, IndicatorError, Indicators, municipal_indicators,
};
use crate::io::indicators_csv::{MIN_K, write_indicators_csv_file};
use crate::model::{Case, LayerKind, MinePerimeter, Municipality, Service};
use crate::progress::{Progress, SharedProgress};
use crate::store::{JobSender, StoreError};

/// Actions of the indicators window.
#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorsAction {
    Open,
    Close,
    SetConfig(IndicatorConfig),
    Compute,
    Cancel,
    /// A click on a column's header.
    Sort(Column),
    /// A click on a row: an index into the rows, or `None` for the national row.
    Select(Option<usize>),
    SetChoropleth(Choropleth),
    ShowOnMap,
    /// Shows the save dialog, then exports to the chosen file.
    ShowExportDialog,
    ExportCsv(PathBuf),
}

/// The last computation, with what the choropleth needs.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The project it was computed from (hidden once another project is open).
    pub project: PathBuf,
    pub indicators: Indicators,
    /// LAU code, name and WGS84 area of each municipality.
    pub areas: Arc<Vec<(String, String, MultiPolygon<f64>)>>,
}

/// What a finished task did.
pub enum Done {
    Computed(Box<Computed>),
    Exported(PathBuf),
    Mapped(String),
}

pub struct IndicatorsState {
    pub open: bool,
    pub config: IndicatorConfig,
    pub task: Option<Task<Result<Done, RunFailure>>>,
    pub result: Option<Computed>,
    /// Sorted column and descending?
    pub sort: Option<(Column, bool)>,
    pub selected: Option<usize>,
    pub choropleth: Choropleth,
    /// The last outcome: (is it an error?, text).
    pub message: Option<(bool, String)>,
}

impl Default for IndicatorsState {
    fn default() -> Self {
        Self {
            open: false,
            config: IndicatorConfig::default(),
            task: None,
            result: None,
            sort: None,
            selected: None,
            choropleth: Choropleth::Cases,
            message: None,
        }
    }
}

impl IndicatorsState {
    /// The result when it belongs to the open project.
    pub fn result_for(&self, project: Option<&Path>) -> Option<&Computed> {
        self.result
            .as_ref()
            .filter(|c| Some(c.project.as_path()) == project)
    }
}

/// Applies one action of the window.
pub fn apply(app: &mut RiskAtlasApp, action: IndicatorsAction, ctx: &egui::Context) {
    let lang = app.settings.language;
    let state = &mut app.session.indicators;
    match action {
        IndicatorsAction::Open => state.open = true,
        IndicatorsAction::Close => state.open = false,
        IndicatorsAction::SetConfig(config) => state.config = config,
        IndicatorsAction::Cancel => {
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        IndicatorsAction::Sort(column) => {
            state.sort = Some(super::indicators_view::next_sort(state.sort, column));
        }
        IndicatorsAction::Select(row) => state.selected = row,
        IndicatorsAction::SetChoropleth(c) => state.choropleth = c,
        IndicatorsAction::ShowExportDialog => {
            let picked = rfd::FileDialog::new()
                .set_title(T::IndExport.tr(lang))
                .add_filter(T::CsvFiles.tr(lang), &["csv"])
                .set_file_name(T::IndFileName.tr(lang))
                .save_file();
            if let Some(path) = picked {
                apply(app, IndicatorsAction::ExportCsv(path), ctx);
            }
        }
        IndicatorsAction::Compute => start(app, ctx, Work::Compute),
        IndicatorsAction::ExportCsv(path) => start(app, ctx, Work::Export(path)),
        IndicatorsAction::ShowOnMap => start(app, ctx, Work::Map),
    }
}

enum Work {
    Compute,
    Export(PathBuf),
    Map,
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context, work: Work) {
    let lang = app.settings.language;
    let busy = app.is_busy() || app.session.indicators.task.is_some();
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let project = app.session.project.as_ref().map(|p| p.path.clone());
    let state = &mut app.session.indicators;
    state.message = None;
    let (Some(jobs), Some(project)) = (jobs, project) else {
        state.message = Some((true, T::NoProjectForImport.tr(lang).to_string()));
        return;
    };
    if busy {
        state.message = Some((true, T::Busy.tr(lang).to_string()));
        return;
    }
    let computed = state.result_for(Some(&project)).cloned();
    let config = state.config.clone();
    let choice = state.choropleth;
    let spawned = Task::spawn("indicators", Some(ctx.clone()), move |progress| {
        match (work, computed) {
            (Work::Compute, _) => compute(&jobs, project, &config, progress),
            (Work::Export(path), Some(c)) => export(&jobs, &c, path),
            (Work::Map, Some(c)) => show_on_map(&jobs, &c, choice),
            (_, None) => Err(RunFailure::Failed(T::IndNoResult.tr(lang).to_string())),
        }
    });
    match spawned {
        Ok(task) => state.task = Some(task),
        Err(e) => state.message = Some((true, e.to_string())),
    }
}

/// The records, read on the worker.
struct Records {
    municipalities: Vec<Municipality>,
    cases: Vec<Case>,
    services: Vec<Service>,
    mines: Vec<MinePerimeter>,
}

fn compute(
    jobs: &JobSender,
    project: PathBuf,
    config: &IndicatorConfig,
    progress: &Arc<SharedProgress>,
) -> Result<Done, RunFailure> {
    progress.step("read", 0, 1);
    let read = |store: &mut crate::store::ProjectStore| -> Result<Records, StoreError> {
        Ok(Records {
            municipalities: store.read_records(LayerKind::Municipalities)?,
            cases: store.read_records(LayerKind::Cases)?,
            services: store.read_records(LayerKind::Services)?,
            mines: store.read_records(LayerKind::Mines)?,
        })
    };
    let mut r = jobs.run(read)?.wait()??;
    if r.municipalities.is_empty() {
        return Err(RunFailure::Failed(NO_MUNICIPALITIES.to_string()));
    }
    crate::analysis::indicators::fill_missing_municipalities(
        &r.municipalities,
        &mut r.cases,
        &mut r.services,
    );
    let result = municipal_indicators(
        &r.municipalities,
        &r.cases,
        &r.services,
        &r.mines,
        config,
        progress.as_ref(),
    );
    let indicators = match result {
        Ok(i) => i,
        Err(IndicatorError::Cancelled(_)) => return Err(RunFailure::Cancelled),
        Err(e) => return Err(RunFailure::Failed(e.to_string())),
    };
    let areas = r
        .municipalities
        .into_iter()
        .map(|m| (m.lau_code, m.name, m.area_wgs84))
        .collect();
    Ok(Done::Computed(Box::new(Computed {
        project,
        indicators,
        areas: Arc::new(areas),
    })))
}

/// Replaced by the translated text when polled.
const NO_MUNICIPALITIES: &str = "no municipalities";

fn export(jobs: &JobSender, c: &Computed, path: PathBuf) -> Result<Done, RunFailure> {
    write_indicators_csv_file(&c.indicators, MIN_K, &path)
        .map_err(|e| RunFailure::Failed(e.to_string()))?;
    let params = json!({
        "reach_m": c.indicators.config.reach_m,
        "mine_near_m": c.indicators.config.mine_near_m,
        "k": MIN_K,
        "out": path,
        "from": "app",
    })
    .to_string();
    let record = move |store: &mut crate::store::ProjectStore| {
        store.write(|tx| tx.record_analysis_run("indicators", &params, None))
    };
    let recorded = jobs.run(record).and_then(|j| j.wait()).and_then(|r| r);
    if let Err(e) = recorded {
        // As the CLI: a table the project does not know about is not left behind.
        let _ = std::fs::remove_file(&path);
        return Err(e.into());
    }
    Ok(Done::Exported(path))
}

fn show_on_map(jobs: &JobSender, c: &Computed, choice: Choropleth) -> Result<Done, RunFailure> {
    let (layer, style) = choropleth_layer(&c.indicators.rows, &c.areas, choice);
    let name = layer.name.clone();
    let params = json!({
        "indicator": choice.code(),
        "reach_m": c.indicators.config.reach_m,
        "mine_near_m": c.indicators.config.mine_near_m,
    })
    .to_string();
    let detail = format!("indicator map {} (app): layer {name}", choice.code());
    jobs.run(move |store| {
        store.write(|tx| {
            tx.save_analysis_layer(
                "indicators",
                &layer,
                Some(&style.to_json()),
                &params,
                &detail,
            )
        })
    })?
    .wait()??;
    Ok(Done::Mapped(name))
}

/// Takes the task's result once it has ended; true while a task runs (keep repainting).
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.indicators;
    let Some(task) = &state.task else {
        return false;
    };
    let Some(result) = task.poll() else {
        return true;
    };
    state.task = None;
    let failed = |reason: &str| {
        let reason = match reason {
            NO_MUNICIPALITIES => T::IndNoMunicipalities.tr(lang),
            r => r,
        };
        (true, format!("{}: {reason}", T::IndFailed.tr(lang)))
    };
    state.message = Some(match result {
        Ok(Ok(Done::Computed(c))) => {
            state.result = Some(*c);
            state.selected = None;
            return false;
        }
        Ok(Ok(Done::Exported(path))) => (
            false,
            format!("{} {}", T::IndExported.tr(lang), path.display()),
        ),
        Ok(Ok(Done::Mapped(name))) => {
            let label = super::i18n::layer_label(LayerKind::Other, &name, lang);
            state.message = Some((false, format!("{} {label}", T::IndMapShown.tr(lang))));
            super::files::reload_after_import(app, ctx);
            return false;
        }
        Ok(Err(RunFailure::Cancelled)) => (true, T::Cancelled.tr(lang).to_string()),
        Ok(Err(RunFailure::Failed(reason))) => failed(&reason),
        Err(lost) => failed(&lost.to_string()),
    });
    false
}

/// The progress stage, in the user's language.
pub fn stage_text(stage: &str, lang: Language) -> &'static str {
    match stage {
        "read" => T::StageRead.tr(lang),
        _ => T::IndRunning.tr(lang),
    }
}
