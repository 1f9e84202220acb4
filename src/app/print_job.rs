//! The Print dialog's state, actions and background work (issue 6): the same library code as
//! `riskatlas print` (`render::print::{project, pages, document, layout}`), so the app and the
//! CLI print the same pages.
//!
//! Opening the dialog reads the project on its worker (the open file) and builds the
//! [`PrintProject`] (indicators with their suppression marks) on a task; every change of the
//! form then renders a low-resolution preview of the page on a task (never on the UI thread).
//! Print writes the PDF/PNG atomically with progress and Cancel between pages. Printing the
//! individual cases is a choice made again each time (the box is cleared when the dialog opens
//! and after every print), marks every page CONFIDENTIAL and is written to the project's
//! audit table; a file whose audit fails is removed. Layouts (title, elements, layers, paper)
//! are saved in the project through the worker, in one transaction. Basemap tiles (the
//! OpenStreetMap tile cache when the screen shows OpenStreetMap, then the offline MBTiles
//! pack: [`TileInputs`]) are opened with the project and printed under the map when the
//! form's box is on. The pages count the cases the map's filter shows (taken when the dialog
//! opens and again whenever the filter changes while it is open), and say which.

use std::path::PathBuf;
use std::sync::Arc;

use super::RiskAtlasApp;
use super::analysis_job::RunFailure;
use super::i18n::T;
use super::print_form::{PrintForm, TileInputs, options};
use super::task::Task;
use crate::model::CaseFilter;
use crate::progress::Progress;
use crate::render::print::PrintError;
use crate::render::print::document::{self, Format};
use crate::render::print::layout::{self, PrintLayout};
use crate::render::print::project::{PrintProject, ProjectRecords};
use crate::render::print::tile_pack::PrintTiles;
use crate::store::JobSender;

/// Actions of the Print dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintAction {
    Open,
    Close,
    /// The form as edited (applied as a whole; the preview follows).
    SetForm(Box<PrintForm>),
    /// Chooses a layout from the list by name (built-in or saved).
    UseLayout(String),
    SaveLayout,
    ShowSaveDialog,
    PrintTo(PathBuf),
    Cancel,
}

/// What a finished task did.
pub enum Done {
    /// The project, its layouts and the offline pack opened for printing (if any).
    Loaded(Arc<PrintProject>, Vec<PrintLayout>, Option<PrintTiles>),
    Preview(Box<PrintForm>, [usize; 2], Vec<u8>),
    /// The preview of this form could not be drawn (not tried again until the form changes).
    PreviewFailed(Box<PrintForm>, String),
    Printed(PathBuf, usize),
    Saved(Vec<PrintLayout>, String),
}

#[derive(Default)]
pub struct PrintState {
    pub open: bool,
    pub form: PrintForm,
    /// Built-in and saved layouts.
    pub layouts: Vec<PrintLayout>,
    pub project: Option<Arc<PrintProject>>,
    /// Where tiles may come from (found when the dialog opens) and, once loaded, the
    /// sources opened for printing tiles under the map.
    pub tile_inputs: TileInputs,
    /// The map's case filter the loaded project was built with (the pages count those cases
    /// and say so); a change of the map's filter while the dialog is open reloads.
    pub filter: CaseFilter,
    pub tiles: Option<PrintTiles>,
    pub task: Option<Task<Result<Done, RunFailure>>>,
    /// The preview and the form it shows.
    pub preview: Option<(egui::TextureHandle, Box<PrintForm>)>,
    pub preview_failed: Option<Box<PrintForm>>,
    /// Work asked for while a preview was being drawn: started when it ends.
    pending: Option<Work>,
    /// The last outcome: (is it an error?, text).
    pub message: Option<(bool, String)>,
}

impl From<PrintError> for RunFailure {
    fn from(e: PrintError) -> Self {
        match e {
            PrintError::Cancelled => RunFailure::Cancelled,
            e => RunFailure::Failed(e.to_string()),
        }
    }
}

/// Preview resolution (dots per inch): an A4 page is about 440 × 310 pixels.
const PREVIEW_DPI: u32 = 54;

pub fn apply(app: &mut RiskAtlasApp, action: PrintAction, ctx: &egui::Context) {
    let lang = app.settings.language;
    let state = &mut app.session.print;
    match action {
        PrintAction::Open => {
            state.open = true;
            state.form.case_level = false;
            state.form.albanian = lang == super::i18n::Language::Sq;
            state.message = None;
            state.project = None;
            state.preview = None;
            state.tiles = None;
            let pack = super::print_form::print_pack(&app.basemap);
            let cache = app.config.tile_cache_dir.as_deref();
            state.tile_inputs = TileInputs::new(app.basemap.active, cache, pack);
            state.filter = app.session.filters.cases.clone();
            start(app, ctx, Work::Load);
        }
        PrintAction::Close => state.open = false,
        PrintAction::SetForm(form) => {
            let rebuild = state.form.k != form.k || state.form.reach_m != form.reach_m;
            state.form = *form;
            if rebuild {
                state.project = None;
                start(app, ctx, Work::Load);
            }
        }
        PrintAction::UseLayout(name) => {
            if let Some(l) = state.layouts.iter().find(|l| l.name == name) {
                state.form.layout = l.clone();
            }
        }
        PrintAction::Cancel => {
            state.pending = None;
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        PrintAction::SaveLayout => start(app, ctx, Work::Save),
        PrintAction::ShowSaveDialog => {
            let pdf = state.form.png_dpi.is_none();
            let (filter, ext) = if pdf { ("PDF", "pdf") } else { ("PNG", "png") };
            let picked = rfd::FileDialog::new()
                .set_title(T::PrintTitle.tr(lang))
                .add_filter(filter, &[ext])
                .set_file_name(format!("{}.{ext}", state.form.layout.name))
                .save_file();
            if let Some(path) = picked {
                apply(app, PrintAction::PrintTo(path), ctx);
            }
        }
        PrintAction::PrintTo(path) => start(app, ctx, Work::Print(path)),
    }
}

enum Work {
    Load,
    Preview,
    Save,
    Print(PathBuf),
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context, work: Work) {
    let lang = app.settings.language;
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let state = &mut app.session.print;
    let Some(jobs) = jobs else {
        state.message = Some((true, T::NoProjectForImport.tr(lang).to_string()));
        return;
    };
    if state.task.is_some() {
        // A preview is quick: what the user asked for runs right after it.
        if !matches!(work, Work::Preview) {
            state.pending = Some(work);
        }
        return;
    }
    if !matches!(work, Work::Preview) {
        state.message = None;
    }
    let form = state.form.clone();
    let project = state.project.clone();
    let (inputs, tiles) = (state.tile_inputs.clone(), state.tiles.clone());
    let filter = state.filter.clone();
    let spawned = Task::spawn("print", Some(ctx.clone()), move |progress| {
        let progress: &dyn Progress = progress.as_ref();
        match (work, project) {
            (Work::Load, _) => load(&jobs, &form, &inputs, &filter, progress),
            (Work::Save, _) => save(&jobs, &form),
            (Work::Preview, Some(p)) => Ok(preview(&p, form, tiles.as_ref())),
            (Work::Print(path), Some(p)) => print(&jobs, &p, &form, tiles.as_ref(), path, progress),
            (_, None) => Err(RunFailure::Failed(T::PrintNotReady.tr(lang).to_string())),
        }
    });
    match spawned {
        Ok(task) => state.task = Some(task),
        Err(e) => state.message = Some((true, e.to_string())),
    }
}

fn load(
    jobs: &JobSender,
    form: &PrintForm,
    inputs: &TileInputs,
    filter: &CaseFilter,
    progress: &dyn Progress,
) -> Result<Done, RunFailure> {
    progress.step("read", 0, 1);
    let read = |store: &mut crate::store::ProjectStore| {
        Ok::<_, PrintError>((ProjectRecords::read(store)?, layout::all(store)?))
    };
    // Printed legends name the layers as the app does, in the page's language
    // (`render::print::styled`).
    let (records, layouts) = jobs.run(read)?.wait()??;
    let k = crate::privacy::MinCount::new(form.k).map_err(|e| RunFailure::Failed(e.to_string()))?;
    let project = PrintProject::build(records, form.reach_m, k, filter, progress)?;
    // Sources that cannot be opened leave the tiles box disabled (the vector basemap prints).
    let tiles = inputs.open();
    Ok(Done::Loaded(Arc::new(project), layouts, tiles))
}

fn preview(project: &PrintProject, form: PrintForm, tiles: Option<&PrintTiles>) -> Done {
    let drawn = form.areas(project).and_then(|(area, _)| {
        let opts = options(&form, tiles);
        Ok(document::preview(project, area, &opts, PREVIEW_DPI)?)
    });
    match drawn {
        Ok((w, h, rgba)) => Done::Preview(Box::new(form), [w as usize, h as usize], rgba),
        Err(RunFailure::Failed(reason)) => Done::PreviewFailed(Box::new(form), reason),
        Err(RunFailure::Cancelled) => Done::PreviewFailed(Box::new(form), String::new()),
    }
}

fn save(jobs: &JobSender, form: &PrintForm) -> Result<Done, RunFailure> {
    let chosen = form.layout.clone();
    let name = chosen.name.clone();
    let layouts = jobs
        .run(move |store| {
            layout::save(store, &chosen)?;
            layout::all(store)
        })?
        .wait()??;
    Ok(Done::Saved(layouts, name))
}

fn print(
    jobs: &JobSender,
    project: &PrintProject,
    form: &PrintForm,
    tiles: Option<&PrintTiles>,
    path: PathBuf,
    progress: &dyn Progress,
) -> Result<Done, RunFailure> {
    let (first, areas) = form.areas(project)?;
    let opts = options(form, tiles);
    let title = if areas.len() > 1 {
        T::PrintAtlasTitle.tr(form.language()).to_string()
    } else {
        project.page(first, &opts).title
    };
    let format = match form.png_dpi {
        Some(dpi) => Format::Png { dpi },
        None => Format::Pdf,
    };
    let done = document::render(project, &areas, &opts, &title, format, progress)?;
    document::write_file(&path, &done.bytes)?;
    if form.case_level {
        let detail = format!(
            "case-level print from the app ({} page(s), layout {}) written to {}",
            done.pages,
            form.layout.name,
            path.display()
        );
        let audited = jobs
            .run(move |store| store.write(|tx| tx.audit("print_case_level", &detail)))
            .and_then(|j| j.wait())
            .and_then(|r| r);
        if let Err(e) = audited {
            // Unaudited case-level data must not stay behind.
            let _ = std::fs::remove_file(&path);
            return Err(e.into());
        }
    }
    Ok(Done::Printed(path, done.pages))
}

/// Takes a finished task's result and starts the preview when the form changed; true while
/// a task runs (keep repainting).
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.print;
    if !state.open && state.task.is_none() {
        return false;
    }
    if state.open && state.filter != app.session.filters.cases {
        state.filter = app.session.filters.cases.clone();
        state.project = None;
        start(app, ctx, Work::Load);
        return true;
    }
    if let Some(task) = &state.task {
        let Some(result) = task.poll() else {
            return true;
        };
        state.task = None;
        match result {
            Ok(Ok(Done::Loaded(project, layouts, tiles))) => {
                state.project = Some(project);
                state.layouts = layouts;
                state.tiles = tiles;
                // Tiles change the page: draw the preview again.
                state.preview = None;
            }
            Ok(Ok(Done::Preview(form, size, rgba))) => {
                let image = egui::ColorImage::from_rgba_unmultiplied(size, &rgba);
                let texture = ctx.load_texture("print-preview", image, Default::default());
                state.preview = Some((texture, form));
                state.preview_failed = None;
            }
            Ok(Ok(Done::PreviewFailed(form, reason))) => {
                let text = format!("{}: {reason}", T::PrintFailed.tr(lang));
                state.message = Some((true, text));
                state.preview_failed = Some(form);
            }
            Ok(Ok(Done::Printed(path, pages))) => {
                state.form.case_level = false;
                let text = format!("{} {} ({pages})", T::PrintWritten.tr(lang), path.display());
                state.message = Some((false, text));
            }
            Ok(Ok(Done::Saved(layouts, name))) => {
                state.layouts = layouts;
                state.message = Some((false, format!("{} {name}", T::PrintLayoutSaved.tr(lang))));
            }
            Ok(Err(RunFailure::Cancelled)) => {
                state.message = Some((true, T::Cancelled.tr(lang).to_string()));
            }
            Ok(Err(RunFailure::Failed(reason))) => {
                let text = format!("{}: {reason}", T::PrintFailed.tr(lang));
                state.message = Some((true, text));
            }
            Err(lost) => state.message = Some((true, lost.to_string())),
        }
    }
    if let Some(work) = state.pending.take() {
        start(app, ctx, work);
        return true;
    }
    let state = &mut app.session.print;
    let stale = state
        .preview
        .as_ref()
        .is_none_or(|(_, shown)| **shown != state.form)
        && state.preview_failed.as_deref() != Some(&state.form);
    if state.open && state.project.is_some() && stale {
        start(app, ctx, Work::Preview);
        return true;
    }
    app.session.print.task.is_some()
}
