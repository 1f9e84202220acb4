//! Risk zones from the app: the form's state, the run on a background task and its result.
//!
//! The run reads the project's records through the project's worker (which holds the open
//! file), computes on the task's own thread (`analysis::risk_run::run_risk_zones`, the same
//! code as `riskatlas risk`, so every map can be reproduced from the CLI with the parameters
//! saved in the project), then saves the zones layer, its style, an audit row and the run's
//! parameters through the worker in ONE transaction. The UI only polls the task: it never
//! waits. When the task ends the project is reloaded so the new layer appears on the map.
//! Cancel stops the computation at its next check; nothing is written then.

use std::sync::Arc;

use super::RiskAtlasApp;
use super::i18n::{Language, T};
use super::task::Task;
use crate::analysis::classes::ClassMethod;
use crate::analysis::risk::{RiskConfig, RiskWeights};
use crate::analysis::risk_layer::ClassSummary;
use crate::analysis::risk_run::{RiskRecords, RiskRunError, run_risk_zones, zones_style};
use crate::model::{Case, Hotspot, LayerKind, MinePerimeter, Municipality, Service};
use crate::progress::{Progress, SharedProgress};
use crate::store::{JobSender, StoreError};

/// What the user set in the risk-zones window.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskForm {
    pub month: u32,
    pub pixel_m: f64,
    pub weights: RiskWeights,
    pub mine_decay_km: f64,
    pub quantiles: bool,
    /// Service gaps: which services close a gap, their reach and the lowest risk of a gap.
    pub gap_day_centres: bool,
    pub gap_cpus: bool,
    pub gap_reach_km: f64,
    pub gap_min_risk: f64,
}

impl Default for RiskForm {
    fn default() -> Self {
        let c = RiskConfig::default();
        Self {
            month: 7,
            pixel_m: c.pixel_m,
            weights: c.weights,
            mine_decay_km: c.mine_decay_m / 1000.0,
            quantiles: false,
            gap_day_centres: true,
            gap_cpus: false,
            gap_reach_km: 2.0,
            gap_min_risk: 50.0,
        }
    }
}

impl RiskForm {
    /// The library's parameters (the rest stay at their documented defaults).
    pub fn config(&self) -> (RiskConfig, ClassMethod) {
        let config = RiskConfig {
            month: self.month,
            pixel_m: self.pixel_m,
            weights: self.weights,
            mine_decay_m: self.mine_decay_km * 1000.0,
            ..RiskConfig::default()
        };
        let method = if self.quantiles {
            ClassMethod::Quantiles
        } else {
            ClassMethod::default()
        };
        (config, method)
    }
}

/// A finished run, as the window reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskOutcome {
    pub layer: String,
    pub month: u32,
    pub zones: usize,
    pub thresholds: [f64; 3],
    pub summaries: Vec<ClassSummary>,
    pub run_id: i64,
}

/// Actions of the risk-zones window.
#[derive(Debug, Clone, PartialEq)]
pub enum AnalysisAction {
    Open,
    Close,
    SetForm(RiskForm),
    Run,
    /// Service-gap areas with the form's risk parameters (see `gaps_job.rs`).
    RunGaps,
    Cancel,
}

#[derive(Default)]
pub struct AnalysisState {
    pub open: bool,
    pub form: RiskForm,
    pub task: Option<Task<Result<Outcome, RunFailure>>>,
    pub result: Option<RiskOutcome>,
    pub gaps: Option<super::gaps_job::GapsOutcome>,
    pub error: Option<String>,
}

/// What a run produced.
#[derive(Debug)]
pub enum Outcome {
    Zones(RiskOutcome),
    Gaps(super::gaps_job::GapsOutcome),
}

/// Why a run ended without a result.
#[derive(Debug)]
pub enum RunFailure {
    Cancelled,
    Failed(String),
}

impl From<StoreError> for RunFailure {
    fn from(e: StoreError) -> Self {
        RunFailure::Failed(e.to_string())
    }
}

impl From<RiskRunError> for RunFailure {
    fn from(e: RiskRunError) -> Self {
        RunFailure::Failed(e.to_string())
    }
}

/// Applies one action of the window.
pub fn apply(app: &mut RiskAtlasApp, action: AnalysisAction, ctx: &egui::Context) {
    let state = &mut app.session.analysis;
    match action {
        AnalysisAction::Open => state.open = true,
        AnalysisAction::Close => state.open = false,
        AnalysisAction::SetForm(form) => state.form = form,
        AnalysisAction::Cancel => {
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        AnalysisAction::Run => start(app, ctx, false),
        AnalysisAction::RunGaps => start(app, ctx, true),
    }
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context, gaps: bool) {
    let lang = app.settings.language;
    let busy = app.is_busy() || app.session.analysis.task.is_some();
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let state = &mut app.session.analysis;
    state.error = None;
    let Some(jobs) = jobs else {
        state.error = Some(T::NoProjectForImport.tr(lang).to_string());
        return;
    };
    if busy {
        state.error = Some(T::Busy.tr(lang).to_string());
        return;
    }
    let (config, method) = state.form.config();
    let gap_config = super::gaps_job::gap_config(&state.form);
    let spawned = Task::spawn("risk-zones", Some(ctx.clone()), move |progress| {
        if gaps {
            super::gaps_job::run(&jobs, gap_config, progress).map(Outcome::Gaps)
        } else {
            run(&jobs, &config, method, progress).map(Outcome::Zones)
        }
    });
    match spawned {
        Ok(task) => state.task = Some(task),
        Err(e) => state.error = Some(e.to_string()),
    }
}

/// The records, read on the worker.
pub(super) struct Records {
    pub cases: Vec<Case>,
    pub mines: Vec<MinePerimeter>,
    pub hotspots: Vec<Hotspot>,
    pub services: Vec<Service>,
    pub municipalities: Vec<Municipality>,
}

/// Reads the records an analysis needs through the project's worker (waits on this thread).
pub(super) fn read_records(jobs: &JobSender) -> Result<Records, RunFailure> {
    Ok(jobs
        .run(|store| -> Result<Records, StoreError> {
            Ok(Records {
                cases: store.read_records(LayerKind::Cases)?,
                mines: store.read_records(LayerKind::Mines)?,
                hotspots: store.read_records(LayerKind::Hotspots)?,
                services: store.read_records(LayerKind::Services)?,
                municipalities: store.read_records(LayerKind::Municipalities)?,
            })
        })?
        .wait()??)
}

fn run(
    jobs: &JobSender,
    config: &RiskConfig,
    method: ClassMethod,
    progress: &Arc<SharedProgress>,
) -> Result<RiskOutcome, RunFailure> {
    progress.step("read", 0, 1);
    let records = read_records(jobs)?;
    let view = RiskRecords {
        cases: &records.cases,
        mines: &records.mines,
        hotspots: &records.hotspots,
        services: &records.services,
        municipalities: &records.municipalities,
    };
    let result = run_risk_zones(&view, config, method, progress.as_ref());
    if progress.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let zones = result?;
    progress.step("write", 0, 1);
    let layer = zones.layer.clone();
    let params = zones.params.to_string();
    let detail = format!(
        "risk zones for month {} (app): layer {}",
        zones.month, layer.name
    );
    let run_id = jobs
        .run(move |store| {
            store.write(|tx| {
                tx.save_analysis_layer(
                    "risk",
                    &layer,
                    Some(&zones_style().to_json()),
                    &params,
                    &detail,
                )
            })
        })?
        .wait()??;
    Ok(RiskOutcome {
        layer: zones.layer.name.clone(),
        month: zones.month,
        zones: zones.zones,
        thresholds: zones.thresholds,
        summaries: zones.summaries,
        run_id,
    })
}

/// Takes the task's result once it has ended; true while a task runs (keep repainting).
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.analysis;
    let Some(task) = &state.task else {
        return false;
    };
    let Some(result) = task.poll() else {
        return true;
    };
    state.task = None;
    match result {
        Ok(Ok(Outcome::Zones(outcome))) => {
            state.result = Some(outcome);
            super::files::reload_after_import(app, ctx);
        }
        Ok(Ok(Outcome::Gaps(outcome))) => {
            state.gaps = Some(outcome);
            super::files::reload_after_import(app, ctx);
        }
        Ok(Err(RunFailure::Cancelled)) => state.error = Some(T::Cancelled.tr(lang).to_string()),
        Ok(Err(RunFailure::Failed(reason))) => {
            state.error = Some(format!("{}: {reason}", T::RiskFailed.tr(lang)));
        }
        Err(lost) => state.error = Some(format!("{}: {lost}", T::RiskFailed.tr(lang))),
    }
    false
}

/// The progress stage of a run, in the user's language.
pub fn stage_text(stage: &str, lang: Language) -> &'static str {
    match stage {
        "read" => T::StageRead.tr(lang),
        "land" => T::StageLand.tr(lang),
        "density" => T::StageDensity.tr(lang),
        "services" => T::StageServices.tr(lang),
        "score" => T::StageScore.tr(lang),
        "zones" => T::StageZones.tr(lang),
        "gap cells" | "gap hexagons" => T::StageGaps.tr(lang),
        "write" => T::StageWrite.tr(lang),
        _ => T::RiskRunning.tr(lang),
    }
}
