//! What the files feature draws: its File menu entries, the hint while files are dragged
//! over the window, the import / report / error windows, and the running task in the status
//! bar (progress, stage, Cancel). Everything pushes `Action::Files(..)`; `files.rs` applies.

use std::path::PathBuf;

use egui::Ui;

use super::RiskAtlasApp;
use super::actions::Action;
use super::files::{FilesAction, FilesState, FilesTask};
use super::i18n::{Language, T};

/// The File menu entries of this feature (before "Open demo").
pub fn file_menu(ui: &mut Ui, recent: &[PathBuf], lang: Language, actions: &mut Vec<Action>) {
    if ui.button(T::NewProject.tr(lang)).clicked() {
        actions.push(Action::Files(FilesAction::ShowNewProjectDialog));
    }
    super::recent::submenu(ui, recent, lang, actions);
    if ui.button(T::ImportFile.tr(lang)).clicked() {
        actions.push(Action::Files(FilesAction::ShowImportPicker));
    }
}

/// Queues the files dropped on the window this frame.
pub fn take_dropped(ctx: &egui::Context, actions: &mut Vec<Action>) {
    let paths: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if !paths.is_empty() {
        actions.push(Action::Files(FilesAction::Dropped(paths)));
    }
}

/// Dims the window and says what a drop will do while files are dragged over it.
pub fn drop_overlay(ctx: &egui::Context, lang: Language) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_overlay"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        T::DropHint.tr(lang),
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

/// Draws this feature's windows (import dialog, report, errors).
pub fn show_windows(ctx: &egui::Context, app: &mut RiskAtlasApp, actions: &mut Vec<Action>) {
    let lang = app.settings.language;
    let files = &mut app.session.files;
    let running = match &files.task {
        Some(FilesTask::Import { task, .. }) => Some(task.progress.as_ref()),
        _ => None,
    };
    if let Some(form) = &mut files.import_form {
        super::import_dialog::show(ctx, form, running, lang, actions);
    }
    if let Some(shown) = &files.report {
        let can_import_now = files.import_form.is_some() && files.task.is_none();
        super::report_dialog::show(ctx, shown, can_import_now, lang, actions);
    }
    if let Some((title, message)) = &files.error {
        egui::Window::new(title.tr(lang))
            .id(egui::Id::unique("files_error"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(message);
                if ui.button(T::Dismiss.tr(lang)).clicked() {
                    actions.push(Action::Files(FilesAction::DismissError));
                }
            });
    }
}

/// The running task in the status bar (right to left: Cancel, bar, text). Returns whether
/// it drew anything.
pub fn status_widget(
    ui: &mut Ui,
    files: &FilesState,
    lang: Language,
    actions: &mut Vec<Action>,
) -> bool {
    let Some(task) = &files.task else {
        return false;
    };
    let progress = task.progress();
    let cancelling = crate::progress::Progress::is_cancelled(progress);
    let cancel = if cancelling { T::Cancelling } else { T::Cancel };
    if ui
        .add_enabled(!cancelling, egui::Button::new(cancel.tr(lang)))
        .clicked()
    {
        actions.push(Action::Files(FilesAction::CancelTask));
    }
    ui.add(progress_bar(progress, 160.0));
    ui.label(stage_text(&progress.stage(), lang));
    ui.spinner();
    true
}

/// The progress stage of an import or creation, in the user's language.
pub fn stage_text(stage: &str, lang: Language) -> &'static str {
    match stage {
        "read" => T::StageRead.tr(lang),
        "validate" => T::StageValidate.tr(lang),
        "write" => T::StageWrite.tr(lang),
        "create" => T::StageCreate.tr(lang),
        _ => T::Importing.tr(lang),
    }
}

/// The bar of a running task: a percentage once the work is counted, an animation while the
/// file is being read (its length in records is not known yet).
pub fn progress_bar(progress: &crate::progress::SharedProgress, width: f32) -> egui::ProgressBar {
    let bar = egui::ProgressBar::new(progress.fraction()).desired_width(width);
    if progress.stage() == "read" {
        bar.animate(true)
    } else {
        bar.show_percentage()
    }
}
