//! The import from the app's side: open the dialog for a file, start the background import,
//! take its result (report dialog, reload, or an error in the user's language), save the
//! report as CSV. Called from `files::apply` and `files::poll`.
//!
//! Only one thread opens the project at a time: an import starts only when no load, import
//! or creation is running, and the open project is reloaded only after the import's thread
//! has closed it.

use std::path::{Path, PathBuf};

use super::RiskAtlasApp;
use super::files::{FilesTask, reload_after_import};
use super::i18n::{Language, T, layer_label};
use super::import_form::ImportForm;
use super::import_job::{
    ImportChoice, ImportJobError, ImportRequest, import_in_thread, import_on_worker,
};
use super::layers_panel::format_count;
use super::report_dialog::ShownReport;
use super::task::{Task, TaskLost};
use crate::io::format::detect;
use crate::io::{ImportError, ImportReport};
use crate::model::LayerKind;
use crate::store::StoreError;

/// The file types the import picker offers (what `io::format::detect` reads).
pub const EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "geojson", "json", "topojson", "shp", "gpkg",
];

/// Opens the import dialog for `path` (replacing a dialog that is not running).
pub fn open_dialog(app: &mut RiskAtlasApp, path: PathBuf) {
    let lang = app.settings.language;
    let files = &mut app.session.files;
    if detect(&path).is_none() {
        files.error = Some((
            T::ImportFailed,
            format!("{}: {}", T::UnsupportedFile.tr(lang), path.display()),
        ));
        return;
    }
    if matches!(files.task, Some(FilesTask::Import { .. })) {
        files.error = Some((T::ImportFailed, T::Busy.tr(lang).to_string()));
        return;
    }
    let Some(project) = &app.session.project else {
        files.error = Some((T::ImportFailed, T::NoProjectForImport.tr(lang).to_string()));
        return;
    };
    let mut form = ImportForm::new(path);
    if project.notice.is_some() {
        form.warning = Some(T::ImportIntoDemo.tr(lang).to_string());
    }
    files.import_form = Some(form);
}

/// Starts importing `choice` into the open project on a background thread.
pub fn start(app: &mut RiskAtlasApp, choice: ImportChoice, ctx: &egui::Context) {
    let lang = app.settings.language;
    let busy = app.is_busy();
    let project = app.session.project.as_ref().map(|p| p.path.clone());
    let files = &mut app.session.files;
    let problem = match (&project, busy) {
        (None, _) => Some(T::NoProjectForImport),
        (Some(_), true) => Some(T::Busy),
        _ => None,
    };
    if let Some(key) = problem {
        match &mut files.import_form {
            Some(form) => form.error = Some(key.tr(lang).to_string()),
            None => files.error = Some((T::ImportFailed, key.tr(lang).to_string())),
        }
        return;
    }
    let Some(project) = project else { return };
    let request = ImportRequest { project, choice };
    let thread_request = request.clone();
    // The open project's worker holds the file: the import runs there as one job (the task
    // thread waits for it, so the UI only polls the task).
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let files = &mut app.session.files;
    let spawned = Task::spawn("riskatlas-import", Some(ctx.clone()), move |p| match jobs {
        Some(jobs) => import_on_worker(&jobs, thread_request, std::sync::Arc::clone(p)),
        None => import_in_thread(&thread_request, p),
    });
    match spawned {
        Ok(task) => {
            files.report = None;
            if let Some(form) = &mut files.import_form {
                form.error = None;
            }
            files.task = Some(FilesTask::Import { request, task });
        }
        Err(e) => files.error = Some((T::ImportFailed, e.to_string())),
    }
}

/// Applies the result of an import.
pub fn finished(
    app: &mut RiskAtlasApp,
    request: ImportRequest,
    result: Result<Result<ImportReport, ImportJobError>, TaskLost>,
    ctx: &egui::Context,
) {
    let lang = app.settings.language;
    let message = match result {
        Ok(Ok(report)) => {
            let committed = report.committed;
            let kind = LayerKind::parse(&report.kind).unwrap_or(LayerKind::Other);
            let done = T::ImportDone
                .tr(lang)
                .replace("{n}", &format_count(report.accepted))
                .replace("{layer}", &layer_label(kind, &report.target_layer, lang));
            if committed {
                app.session.files.import_form = None;
            }
            app.session.files.report = Some(ShownReport::new(
                report,
                request.choice,
                request.project.clone(),
            ));
            let shown = app.session.project.as_ref().map(|p| p.path.clone());
            if committed && shown.as_deref() == Some(request.project.as_path()) {
                reload_after_import(app, ctx);
            }
            if committed {
                // After the reload started (starting a load clears the status line).
                app.session.status = Some(done);
            }
            return;
        }
        Ok(Err(e)) if e.is_cancelled() => {
            let text = T::ImportCancelled.tr(lang).to_string();
            app.session.status = Some(text.clone());
            if let Some(form) = &mut app.session.files.import_form {
                form.notice = Some(text);
            }
            return;
        }
        Ok(Err(e)) => error_text(&e, lang),
        Err(lost) => format!("{}: {lost}", T::ImportFailed.tr(lang)),
    };
    let files = &mut app.session.files;
    match &mut files.import_form {
        Some(form) => form.error = Some(message),
        None => files.error = Some((T::ImportFailed, message)),
    }
}

/// An import error in the user's language (the library's sentence when it has no key).
pub fn error_text(e: &ImportJobError, lang: Language) -> String {
    let with = |key: T, detail: &str| format!("{}: {detail}", key.tr(lang));
    match e {
        ImportJobError::Import(ImportError::CrsNeeded { .. }) => T::ErrCrsNeeded.tr(lang).into(),
        ImportJobError::Import(ImportError::LayerExists(name)) => with(T::ErrLayerExists, name),
        ImportJobError::Import(ImportError::StrictRejected { rejected, read }) => {
            T::ErrStrictRejected
                .tr(lang)
                .replace("{rejected}", &rejected.to_string())
                .replace("{read}", &read.to_string())
        }
        ImportJobError::Import(ImportError::NotFound { path }) => with(T::ErrFileNotFound, path),
        ImportJobError::Import(ImportError::UnknownFormat { path }) => {
            with(T::UnsupportedFile, path)
        }
        ImportJobError::Import(ImportError::Read { reason, .. }) => with(T::ErrRead, reason),
        ImportJobError::Store(StoreError::AlreadyOpen { .. })
        | ImportJobError::Import(ImportError::Store(StoreError::AlreadyOpen { .. })) => {
            T::ErrProjectBusy.tr(lang).into()
        }
        ImportJobError::Crs(_) => T::CrsInvalid.tr(lang).into(),
        other => with(T::ImportFailed, &other.to_string()),
    }
}

/// Asks where to save the shown report, then saves it.
pub fn save_report_dialog(app: &mut RiskAtlasApp) {
    let lang = app.settings.language;
    let Some(shown) = &app.session.files.report else {
        return;
    };
    let source = Path::new(&shown.report.source_file);
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut dialog = rfd::FileDialog::new();
    // Beside the imported file, where the user will look for it.
    if let Some(dir) = source.parent().filter(|d| !d.as_os_str().is_empty()) {
        dialog = dialog.set_directory(dir);
    }
    let picked = dialog
        .set_title(T::SaveReportCsv.tr(lang))
        .add_filter(T::CsvFiles.tr(lang), &["csv"])
        .set_file_name(format!("{stem}-{}.csv", T::ReportFileSuffix.tr(lang)))
        .save_file();
    if let Some(path) = picked {
        save_report(app, &path);
    }
}

/// Saves the shown report as CSV (adding `.csv` when missing).
pub fn save_report(app: &mut RiskAtlasApp, path: &Path) {
    let lang = app.settings.language;
    let Some(shown) = &app.session.files.report else {
        return;
    };
    let path = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        path.to_path_buf()
    } else {
        let mut s = path.as_os_str().to_owned();
        s.push(".csv");
        PathBuf::from(s)
    };
    match super::report_csv::write_report_csv(shown, lang, &path) {
        Ok(()) => {
            app.session.status = Some(format!("{}: {}", T::ReportSaved.tr(lang), path.display()))
        }
        Err(e) => {
            app.session.files.error =
                Some((T::ReportSaveFailed, format!("{}: {e}", path.display())))
        }
    }
}
