//! Files and work: New project, Import, Open recent, drag-and-drop, and the background task
//! that runs an import or creates a project ([`FilesState`], [`FilesAction`]).
//!
//! Panels and dialogs push `Action::Files(..)`; [`apply`] applies them (native dialogs via
//! rfd, starting tasks). Each frame [`poll`] checks the running task: an import's report
//! opens the report dialog and, when records were written, the project is reloaded through
//! the ordinary load job (keeping the map view and layer visibility); a new project is
//! opened. One task at a time, never while a project is loading, so only one thread ever
//! has the project file open.

use std::path::PathBuf;

use walkers::MapMemory;

use super::RiskAtlasApp;
use super::actions::{self, Action};
use super::i18n::T;
use super::import_form::ImportForm;
use super::import_job::{self, CreateError, ImportChoice, ImportJobError, ImportRequest};
use super::jobs::LoadSource;
use super::report_dialog::ShownReport;
use super::task::Task;
use crate::io::ImportReport;
use crate::io::format::detect;

pub use super::files_ui::{
    drop_overlay, file_menu, show_windows, stage_text, status_widget, take_dropped,
};

#[derive(Debug, Clone, PartialEq)]
pub enum FilesAction {
    /// Shows the save dialog, then creates the project.
    ShowNewProjectDialog,
    CreateProject(PathBuf),
    /// Shows the file picker, then the import dialog.
    ShowImportPicker,
    OpenImportDialog(PathBuf),
    StartImport(ImportChoice),
    CloseImportDialog,
    CancelTask,
    CloseReport,
    /// Shows the save dialog, then saves the report as CSV.
    ShowSaveReportDialog,
    SaveReportCsv(PathBuf),
    /// Files dropped on the window: a `.gpkg` opens, a data file goes to the import dialog.
    Dropped(Vec<PathBuf>),
    PruneRecent,
    ClearRecent,
    DismissError,
}

/// A running import or project creation.
pub enum FilesTask {
    Import {
        request: ImportRequest,
        task: Task<Result<ImportReport, ImportJobError>>,
    },
    Create {
        task: Task<Result<PathBuf, CreateError>>,
    },
}

impl FilesTask {
    pub fn progress(&self) -> &crate::progress::SharedProgress {
        match self {
            FilesTask::Import { task, .. } => &task.progress,
            FilesTask::Create { task } => &task.progress,
        }
    }
}

/// The map view and layer styles to keep across the reload after an import.
struct ReloadMemo {
    path: PathBuf,
    map: MapMemory,
    layers: Vec<(String, bool, f32)>,
}

/// Dialogs and the running task of this feature.
#[derive(Default)]
pub struct FilesState {
    pub import_form: Option<ImportForm>,
    pub report: Option<ShownReport>,
    pub task: Option<FilesTask>,
    /// An error with its title (in the user's language).
    pub error: Option<(T, String)>,
    reload: Option<ReloadMemo>,
}

impl FilesState {
    pub fn is_busy(&self) -> bool {
        self.task.is_some()
    }
}

impl RiskAtlasApp {
    pub fn files(&self) -> &FilesState {
        &self.session.files
    }

    /// Whether a load, an import or a project creation is running.
    pub fn is_busy(&self) -> bool {
        self.is_loading() || self.session.files.is_busy()
    }
}

/// Applies one action of this feature.
pub fn apply(app: &mut RiskAtlasApp, action: FilesAction, ctx: &egui::Context) {
    let lang = app.settings.language;
    match action {
        FilesAction::ShowNewProjectDialog => {
            let picked = rfd::FileDialog::new()
                .set_title(T::NewProjectTitle.tr(lang))
                .add_filter(T::GeoPackage.tr(lang), &["gpkg"])
                .set_file_name(T::NewProjectFileName.tr(lang))
                .save_file();
            if let Some(path) = picked {
                apply(app, FilesAction::CreateProject(path), ctx);
            }
        }
        FilesAction::CreateProject(path) => start_create(app, path, ctx),
        FilesAction::ShowImportPicker => {
            let picked = rfd::FileDialog::new()
                .set_title(T::ImportTitle.tr(lang))
                .add_filter(T::DataFiles.tr(lang), super::import_flow::EXTENSIONS)
                .pick_file();
            if let Some(path) = picked {
                apply(app, FilesAction::OpenImportDialog(path), ctx);
            }
        }
        FilesAction::OpenImportDialog(path) => super::import_flow::open_dialog(app, path),
        FilesAction::StartImport(choice) => super::import_flow::start(app, choice, ctx),
        FilesAction::CloseImportDialog => {
            if app.session.files.task.is_none() {
                app.session.files.import_form = None;
            }
        }
        FilesAction::CancelTask => {
            if let Some(task) = &app.session.files.task {
                match task {
                    FilesTask::Import { task, .. } => task.cancel(),
                    FilesTask::Create { task } => task.cancel(),
                }
            }
        }
        FilesAction::CloseReport => app.session.files.report = None,
        FilesAction::ShowSaveReportDialog => super::import_flow::save_report_dialog(app),
        FilesAction::SaveReportCsv(path) => super::import_flow::save_report(app, &path),
        FilesAction::Dropped(paths) => dropped(app, paths, ctx),
        FilesAction::PruneRecent => {
            super::recent::prune_missing(&mut app.settings.recent_projects);
            app.save_settings();
        }
        FilesAction::ClearRecent => {
            app.settings.recent_projects.clear();
            app.save_settings();
        }
        FilesAction::DismissError => app.session.files.error = None,
    }
}

fn dropped(app: &mut RiskAtlasApp, paths: Vec<PathBuf>, ctx: &egui::Context) {
    let is_gpkg = |p: &PathBuf| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
    };
    if let Some(project) = paths.iter().find(|p| is_gpkg(p)) {
        actions::apply(app, Action::OpenProject(project.clone()), ctx);
    } else if let Some(data) = paths.iter().find(|p| detect(p).is_some()) {
        super::import_flow::open_dialog(app, data.clone());
    } else if let Some(first) = paths.first() {
        let lang = app.settings.language;
        app.session.files.error = Some((
            T::ImportFailed,
            format!("{}: {}", T::UnsupportedFile.tr(lang), first.display()),
        ));
    }
}

fn start_create(app: &mut RiskAtlasApp, path: PathBuf, ctx: &egui::Context) {
    let lang = app.settings.language;
    if app.is_busy() {
        app.session.files.error = Some((T::CreateFailed, T::Busy.tr(lang).to_string()));
        return;
    }
    let spawned = Task::spawn("riskatlas-new-project", Some(ctx.clone()), move |p| {
        import_job::create_project(&path, p)
    });
    match spawned {
        Ok(task) => app.session.files.task = Some(FilesTask::Create { task }),
        Err(e) => app.session.files.error = Some((T::CreateFailed, e.to_string())),
    }
}

/// Polls the running task and applies its result. Returns whether it is still running.
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    restore_after_reload(app);
    let finished = match &app.session.files.task {
        None => return false,
        Some(FilesTask::Import { task, .. }) => task.poll().map(|r| (Some(r), None)),
        Some(FilesTask::Create { task }) => task.poll().map(|r| (None, Some(r))),
    };
    let Some(result) = finished else {
        return true;
    };
    let task = app.session.files.task.take();
    match (task, result) {
        (Some(FilesTask::Import { request, .. }), (Some(r), _)) => {
            super::import_flow::finished(app, request, r, ctx)
        }
        (_, (_, Some(r))) => finish_create(app, r, ctx),
        _ => {}
    }
    false
}

fn finish_create(
    app: &mut RiskAtlasApp,
    result: Result<Result<PathBuf, CreateError>, super::task::TaskLost>,
    ctx: &egui::Context,
) {
    let lang = app.settings.language;
    match result {
        Ok(Ok(path)) => actions::start_load(app, LoadSource::File(path), ctx),
        Ok(Err(CreateError::Cancelled(_))) => {
            app.session.status = Some(T::Cancelled.tr(lang).to_string())
        }
        Ok(Err(e)) => app.session.files.error = Some((T::CreateFailed, e.to_string())),
        Err(lost) => app.session.files.error = Some((T::CreateFailed, lost.to_string())),
    }
}

/// Reloads the open project after an import wrote to it, remembering the view.
pub(super) fn reload_after_import(app: &mut RiskAtlasApp, ctx: &egui::Context) {
    let Some(project) = &app.session.project else {
        return;
    };
    let memo = ReloadMemo {
        path: project.path.clone(),
        map: app.session.map.clone(),
        layers: project
            .layers
            .iter()
            .map(|l| (l.name.clone(), l.visible, l.opacity))
            .collect(),
    };
    let path = memo.path.clone();
    app.session.files.reload = Some(memo);
    actions::start_load(app, LoadSource::File(path), ctx);
}

/// Once the reload has ended: the same view and layer settings as before the import.
fn restore_after_reload(app: &mut RiskAtlasApp) {
    if app.session.job.is_some() {
        return;
    }
    let Some(memo) = app.session.files.reload.take() else {
        return;
    };
    let Some(project) = app.session.project.as_mut() else {
        return;
    };
    if project.path != memo.path {
        return;
    }
    for (name, visible, opacity) in memo.layers {
        if let Some(l) = project.layer_mut(&name) {
            l.visible = visible;
            l.opacity = opacity;
        }
    }
    app.session.map = memo.map;
    // Keep the view, unless the work that reloaded asked to show its result.
    app.session.pending_fit = app.session.fit_after_reload.take();
}
