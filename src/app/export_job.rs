//! File ▸ Export layer: the window's state, actions and the work, through the same library
//! operation as `riskatlas export` (`io::export_layer`), run on the project's worker (which
//! holds the open file) from a background task, so the UI never waits.
//!
//! A layer of cases is exported aggregated (H3 hexagons of a chosen resolution, or
//! municipalities, with counts below k hidden and secondary suppression) unless the user
//! ticks "individual cases": that choice is cleared when the window opens and after every
//! export, keeps free-text fields out unless asked, marks the file CONFIDENTIAL and is
//! recorded in the project's audit table.

use std::path::PathBuf;

use super::RiskAtlasApp;
use super::analysis_job::RunFailure;
use super::i18n::T;
use super::task::Task;
use crate::io::export_layer::{ExportFormat, ExportRequest, ExportSummary, export_layer};
use crate::privacy::MinCount;
use crate::privacy::aggregate::Aggregate;

/// How a case layer leaves the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseOutput {
    Hexagons {
        resolution: u8,
    },
    Municipalities,
    /// Individual cases (explicit, audited).
    Individual {
        with_notes: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportForm {
    /// The layer's table name.
    pub layer: Option<String>,
    pub format: ExportFormat,
    pub cases: CaseOutput,
    pub k: u32,
}

impl Default for ExportForm {
    fn default() -> Self {
        Self {
            layer: None,
            format: ExportFormat::GeoPackage,
            cases: CaseOutput::Hexagons { resolution: 8 },
            k: 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExportAction {
    Open,
    Close,
    SetForm(ExportForm),
    ShowSaveDialog,
    ExportTo(PathBuf),
}

#[derive(Default)]
pub struct ExportState {
    pub open: bool,
    pub form: ExportForm,
    pub task: Option<Task<Result<ExportSummary, RunFailure>>>,
    /// The last outcome: (is it an error?, text).
    pub message: Option<(bool, String)>,
}

fn reset_case_choice(form: &mut ExportForm) {
    if matches!(form.cases, CaseOutput::Individual { .. }) {
        form.cases = CaseOutput::Hexagons { resolution: 8 };
    }
}

pub fn apply(app: &mut RiskAtlasApp, action: ExportAction, ctx: &egui::Context) {
    let lang = app.settings.language;
    let state = &mut app.session.export;
    match action {
        ExportAction::Open => {
            state.open = true;
            state.message = None;
            reset_case_choice(&mut state.form);
        }
        ExportAction::Close => state.open = false,
        ExportAction::SetForm(form) => state.form = form,
        ExportAction::ShowSaveDialog => {
            let (filter, ext) = match state.form.format {
                ExportFormat::GeoJson => ("GeoJSON", "geojson"),
                ExportFormat::Csv => ("CSV", "csv"),
                ExportFormat::GeoPackage => ("GeoPackage", "gpkg"),
            };
            let name = state.form.layer.clone().unwrap_or_default();
            let picked = rfd::FileDialog::new()
                .set_title(T::ExportLayerTitle.tr(lang))
                .add_filter(filter, &[ext])
                .set_file_name(format!("{name}.{ext}"))
                .save_file();
            if let Some(path) = picked {
                apply(app, ExportAction::ExportTo(path), ctx);
            }
        }
        ExportAction::ExportTo(path) => start(app, ctx, path),
    }
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context, out: PathBuf) {
    let lang = app.settings.language;
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let state = &mut app.session.export;
    state.message = None;
    let (Some(jobs), Some(layer)) = (jobs, state.form.layer.clone()) else {
        state.message = Some((true, T::ExportChooseLayer.tr(lang).to_string()));
        return;
    };
    if state.task.is_some() {
        state.message = Some((true, T::Busy.tr(lang).to_string()));
        return;
    }
    let Ok(k) = MinCount::new(state.form.k) else {
        state.message = Some((true, T::ExportFailed.tr(lang).to_string()));
        return;
    };
    let (case_level, with_notes, aggregate) = match state.form.cases {
        CaseOutput::Hexagons { resolution } => (false, false, Some(Aggregate::H3(resolution))),
        CaseOutput::Municipalities => (false, false, Some(Aggregate::Municipality)),
        CaseOutput::Individual { with_notes } => (true, with_notes, None),
    };
    let is_cases = app
        .session
        .project
        .as_ref()
        .and_then(|p| p.layers.iter().find(|l| l.name == layer))
        .is_some_and(|l| l.kind.is_case_level());
    let req = ExportRequest {
        layer,
        out,
        case_level,
        // The aggregation only applies to a layer of cases.
        aggregate: aggregate.filter(|_| is_cases),
        k,
        with_notes,
        from: "app",
    };
    let state = &mut app.session.export;
    let spawned = Task::spawn("export", Some(ctx.clone()), move |_progress| {
        let job = move |store: &mut crate::store::ProjectStore| export_layer(store, &req);
        match jobs.run(job).and_then(|j| j.wait()) {
            Ok(Ok(summary)) => Ok(summary),
            Ok(Err(e)) => Err(RunFailure::Failed(e.to_string())),
            Err(e) => Err(e.into()),
        }
    });
    match spawned {
        Ok(task) => state.task = Some(task),
        Err(e) => state.message = Some((true, e.to_string())),
    }
}

/// Takes the task's result once it has ended; true while it runs.
pub fn poll(app: &mut RiskAtlasApp) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.export;
    let Some(task) = &state.task else {
        return false;
    };
    let Some(result) = task.poll() else {
        return true;
    };
    state.task = None;
    reset_case_choice(&mut state.form);
    state.message = Some(match result {
        Ok(Ok(s)) => (false, summary_text(&s, lang)),
        Ok(Err(RunFailure::Cancelled)) => (true, T::Cancelled.tr(lang).to_string()),
        Ok(Err(RunFailure::Failed(reason))) => {
            (true, format!("{}: {reason}", T::ExportFailed.tr(lang)))
        }
        Err(lost) => (true, lost.to_string()),
    });
    false
}

fn summary_text(s: &ExportSummary, lang: super::i18n::Language) -> String {
    let mut text = format!("{} {} ({})", T::ExportDone.tr(lang), s.layer, s.features);
    if s.aggregate.is_some() {
        text.push_str(&format!(". {} {}", T::ExportHidden.tr(lang), s.suppressed));
    }
    if s.case_level {
        text.push_str(&format!(". {}", T::ExportAudited.tr(lang)));
    }
    text
}
