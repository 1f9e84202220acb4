//! Opening a project from the app's side: start the background [`LoadJob`] (cancelling one
//! already running, handing it the open project's worker to close first), poll it each
//! frame, and take its result (the loaded layers with the current filters, the new worker,
//! recent projects) or its error in the user's language.

use super::RiskAtlasApp;
use super::i18n::T;
use super::jobs::{LoadError, LoadJob, LoadSource, Opened};
use super::state::ALBANIA_WGS84;

/// Starts loading a project; a load already running is cancelled and replaced.
pub fn start_load(app: &mut RiskAtlasApp, source: LoadSource, ctx: &egui::Context) {
    // An import or a new project is running: one thing at a time on project files.
    if app.session.files.is_busy() {
        app.session.error = Some(T::Busy.tr(app.settings.language).to_string());
        return;
    }
    if let Some(old) = app.session.job.take() {
        old.cancel();
    }
    app.session.status = None;
    // The open project's worker is closed by the new load before it opens anything.
    let previous = app.session.editing.worker.take();
    match LoadJob::spawn(source, Some(ctx.clone()), previous) {
        Ok(job) => app.session.job = Some(job),
        Err(e) => {
            app.session.error = Some(format!("{}: {e}", T::OpenFailed.tr(app.settings.language)))
        }
    }
}

/// Polls the running job; applies its result when it has finished. Returns whether a job is
/// still running (the caller keeps repainting then, to move the progress bar).
pub fn poll_jobs(app: &mut RiskAtlasApp) -> bool {
    super::layer_ops::poll_saves(&mut app.session, app.settings.language);
    let editing = super::editing::poll(&mut app.session, app.settings.language);
    let Some(job) = &app.session.job else {
        return editing;
    };
    let Some(result) = job.poll() else {
        return true;
    };
    app.session.job = None;
    finish_load(app, result);
    false
}

fn finish_load(app: &mut RiskAtlasApp, result: Result<Opened, LoadError>) {
    let lang = app.settings.language;
    match result {
        Ok(Opened {
            mut project,
            worker,
        }) => {
            app.session.filters.apply_to(&mut project);
            app.session.editing.reset(Some(worker));
            app.settings.last_project = Some(project.path.clone());
            super::recent::remember(&mut app.settings.recent_projects, &project.path);
            app.session.identified = None;
            app.session.pending_fit = Some(ALBANIA_WGS84);
            app.session.project = Some(project);
            app.save_settings();
        }
        Err(LoadError::Cancelled(_)) => {
            app.session.status = Some(T::Cancelled.tr(lang).to_string())
        }
        Err(e) => app.session.error = Some(format!("{}: {e}", T::OpenFailed.tr(lang))),
    }
}
