//! The import dialog: which file, what it holds, how to read it, then "Check only" (dry run)
//! or "Import". Its form (`import_form::ImportForm`) is the dialog's own widget state; everything else
//! goes out as actions (`FilesAction::StartImport(choice)`, `CancelTask`, `CloseImportDialog`).
//!
//! The CRS field takes an EPSG code (`6870`, `EPSG:6870`), checked when it changes against
//! the definitions the library knows; empty means "as the file declares". Options that only
//! make sense for some formats (encoding, coordinate columns, source layer) are shown for them
//! only. While the import runs, the dialog shows its progress and a Cancel button.

use egui::{Color32, RichText, Ui};

use super::actions::Action;
use super::files::FilesAction;
use super::i18n::{Language, T};
use super::import_form::{CrsField, ENCODINGS, ImportForm, KINDS, format_label, kind_label};
use crate::crs::SUPPORTED;
use crate::io::format::Format;
use crate::model::LayerKind;
use crate::progress::SharedProgress;

/// Width of the dialog's input fields (points).
const FIELD_WIDTH: f32 = 240.0;

/// Draws the dialog. `running` is the progress of the import in flight, if any.
pub fn show(
    ctx: &egui::Context,
    form: &mut ImportForm,
    running: Option<&SharedProgress>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let mut open = true;
    egui::Window::new(T::ImportTitle.tr(lang))
        .id(egui::Id::unique("import_dialog"))
        .collapsible(false)
        .auto_sized()
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, -40.0))
        .open(&mut open)
        .show(ctx, |ui| {
            // Auto-sized to the labels of the language, but separators must not stretch it.
            ui.set_max_width(FIELD_WIDTH + 300.0);
            ui.add_enabled_ui(running.is_none(), |ui| fields(ui, form, lang));
            if let Some(warning) = &form.warning {
                ui.add_space(4.0);
                ui.label(RichText::new(warning).color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            buttons(ui, form, running, lang, actions);
        });
    if !open && running.is_none() {
        actions.push(Action::Files(FilesAction::CloseImportDialog));
    }
}

fn fields(ui: &mut Ui, form: &mut ImportForm, lang: Language) {
    let format = form.format;
    egui::Grid::new("import_fields")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label(T::ImportFileLabel.tr(lang));
            let name = form
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(RichText::new(name).strong())
                .on_hover_text(form.file.display().to_string());
            ui.end_row();
            ui.label(T::ImportFormat.tr(lang));
            ui.label(format_label(format, lang));
            ui.end_row();

            let label = ui.label(T::ImportAs.tr(lang)).id;
            egui::ComboBox::from_id_salt("import_kind")
                .selected_text(kind_label(form.kind, lang))
                .width(FIELD_WIDTH)
                .show_ui(ui, |ui| {
                    for kind in KINDS {
                        ui.selectable_value(&mut form.kind, kind, kind_label(kind, lang));
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
            if form.kind == LayerKind::Other {
                let label = ui.label(T::LayerName.tr(lang)).id;
                ui.add(egui::TextEdit::singleline(&mut form.layer_name).desired_width(FIELD_WIDTH))
                    .labelled_by(label);
                ui.end_row();
            }
            if matches!(format, Some(Format::GeoPackage | Format::TopoJson)) {
                let label = ui.label(T::SourceLayer.tr(lang)).id;
                ui.add(
                    egui::TextEdit::singleline(&mut form.source_layer).desired_width(FIELD_WIDTH),
                )
                .labelled_by(label);
                ui.end_row();
            }

            let label = ui.label(T::CrsLabel.tr(lang)).id;
            crs_field(ui, form, label, lang);
            ui.end_row();

            if matches!(format, Some(Format::Csv | Format::Shapefile)) {
                let label = ui.label(T::Encoding.tr(lang)).id;
                let shown = |e: &str| {
                    if e.is_empty() {
                        T::EncodingAuto.tr(lang).to_string()
                    } else {
                        e.to_string()
                    }
                };
                egui::ComboBox::from_id_salt("import_encoding")
                    .selected_text(shown(&form.encoding))
                    .show_ui(ui, |ui| {
                        for e in ENCODINGS {
                            ui.selectable_value(&mut form.encoding, e.to_string(), shown(e));
                        }
                    })
                    .response
                    .labelled_by(label);
                ui.end_row();
            }
            if format == Some(Format::Csv) {
                let label = ui.label(T::LonColumn.tr(lang)).id;
                ui.add(
                    egui::TextEdit::singleline(&mut form.lon_column)
                        .hint_text(T::AutoHint.tr(lang))
                        .desired_width(FIELD_WIDTH),
                )
                .labelled_by(label);
                ui.end_row();
                let label = ui.label(T::LatColumn.tr(lang)).id;
                ui.add(
                    egui::TextEdit::singleline(&mut form.lat_column)
                        .hint_text(T::AutoHint.tr(lang))
                        .desired_width(FIELD_WIDTH),
                )
                .labelled_by(label);
                ui.end_row();
            }
            if form.kind == LayerKind::Cases {
                let label = ui.label(T::MaxGpsAccuracy.tr(lang)).id;
                ui.add(
                    egui::DragValue::new(&mut form.max_gps_accuracy_m)
                        .range(1.0..=10_000.0)
                        .speed(1.0)
                        .suffix(" m"),
                )
                .labelled_by(label);
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.checkbox(&mut form.fix_swapped, T::OptFixSwapped.tr(lang));
    ui.checkbox(&mut form.repair_polygons, T::OptRepairPolygons.tr(lang));
    ui.checkbox(&mut form.strict, T::OptStrict.tr(lang));
}

fn crs_field(ui: &mut Ui, form: &mut ImportForm, label: egui::Id, lang: Language) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let mut text = form.crs_text.clone();
            let edit = egui::TextEdit::singleline(&mut text)
                .hint_text(T::CrsFromFile.tr(lang))
                .desired_width(150.0);
            if ui.add(edit).labelled_by(label).changed() {
                form.set_crs_text(&text);
            }
            ui.menu_button(T::CrsPick.tr(lang), |ui| {
                if ui.button(T::CrsFromFile.tr(lang)).clicked() {
                    form.set_crs_text("");
                }
                for (epsg, name) in SUPPORTED {
                    if ui.button(format!("EPSG:{epsg}  {name}")).clicked() {
                        form.set_crs_text(&format!("EPSG:{epsg}"));
                    }
                }
            });
        });
        match form.crs() {
            CrsField::FromFile => {}
            CrsField::Valid { epsg, name } => {
                ui.label(RichText::new(format!("EPSG:{epsg}  {name}")).small());
            }
            CrsField::Invalid => {
                ui.label(
                    RichText::new(T::CrsInvalid.tr(lang))
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
        }
    });
}

fn buttons(
    ui: &mut Ui,
    form: &mut ImportForm,
    running: Option<&SharedProgress>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if let Some(progress) = running {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(super::files::stage_text(&progress.stage(), lang));
        });
        ui.horizontal(|ui| {
            ui.add(super::files_ui::progress_bar(progress, 300.0));
            let label = if progress_cancelled(progress) {
                T::Cancelling
            } else {
                T::Cancel
            };
            if ui
                .add_enabled(
                    !progress_cancelled(progress),
                    egui::Button::new(label.tr(lang)),
                )
                .clicked()
            {
                actions.push(Action::Files(FilesAction::CancelTask));
            }
        });
        return;
    }
    ui.horizontal(|ui| {
        let mut start = |dry_run: bool| match form.choice(dry_run) {
            Ok(choice) => {
                form.error = None;
                form.notice = None;
                actions.push(Action::Files(FilesAction::StartImport(choice)));
            }
            Err(key) => form.error = Some(key.tr(lang).to_string()),
        };
        if ui.button(T::DryRun.tr(lang)).clicked() {
            start(true);
        }
        if ui
            .button(RichText::new(T::ImportButton.tr(lang)).strong())
            .clicked()
        {
            start(false);
        }
        if ui.button(T::Close.tr(lang)).clicked() {
            actions.push(Action::Files(FilesAction::CloseImportDialog));
        }
    });
    if let Some(notice) = &form.notice {
        ui.add_space(4.0);
        ui.label(RichText::new(notice).strong());
    }
    if let Some(error) = &form.error {
        ui.add_space(4.0);
        ui.label(RichText::new(error).color(Color32::from_rgb(0xb0, 0x20, 0x20)));
    }
}

fn progress_cancelled(p: &SharedProgress) -> bool {
    use crate::progress::Progress;
    p.is_cancelled()
}
