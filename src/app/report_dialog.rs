//! The import report dialog: what happened (rows read, imported, rejected, with warnings,
//! written or not), what to fix (one line per kind of problem, with a hint in the user's
//! language), and a scrollable table of every problem row (row number, severity, field,
//! problem, the importer's details). "Save report as CSV…" writes the same table for Excel.
//!
//! The importer's report (`io::ImportReport`) carries English sentences for the CLI; the
//! dialog adds the explanation and the fix hint of each `IssueCode` from the translation
//! files, and derives the field a problem is about from the code (and, for attribute
//! problems, from the importer's sentence). Sorting the rows is O(n log n), done once.

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::actions::Action;
use super::files::FilesAction;
use super::i18n::{self, Language, T};
use super::import_job::ImportChoice;
use super::layers_panel::format_count;
use super::report_text::{code_name, field_display, field_of, fix_for, issue_text, severity_text};
use crate::io::ImportReport;
use crate::io::report::{IssueCode, ReportEntry, Severity};
use crate::model::LayerKind;

/// A report on screen, with what is needed to run the import for real after a dry run.
#[derive(Debug, Clone)]
pub struct ShownReport {
    pub report: ImportReport,
    pub choice: ImportChoice,
    pub project: PathBuf,
    /// Entries by row number, rejections first within a row.
    pub rows: Vec<ReportEntry>,
    /// Problems by kind: (severity, code, number of rows, first row numbers).
    pub groups: Vec<(Severity, IssueCode, usize, Vec<usize>)>,
}

impl ShownReport {
    pub fn new(report: ImportReport, choice: ImportChoice, project: PathBuf) -> Self {
        let mut rows = report.entries.clone();
        rows.sort_by_key(|e| (e.number, e.severity));
        let mut groups: Vec<(Severity, IssueCode, usize, Vec<usize>)> = Vec::new();
        for e in &rows {
            match groups
                .iter_mut()
                .find(|g| g.0 == e.severity && g.1 == e.code)
            {
                Some(g) => {
                    g.2 += 1;
                    if g.3.len() < 5 {
                        g.3.push(e.number);
                    }
                }
                None => groups.push((e.severity, e.code, 1, vec![e.number])),
            }
        }
        groups.sort_by_key(|g| (g.0, std::cmp::Reverse(g.2)));
        Self {
            report,
            choice,
            project,
            rows,
            groups,
        }
    }

    pub fn kind(&self) -> LayerKind {
        LayerKind::parse(&self.report.kind).unwrap_or(LayerKind::Other)
    }
}

/// Draws the report window. `can_import_now`: a dry run whose import dialog is still open.
pub fn show(
    ctx: &egui::Context,
    shown: &ShownReport,
    can_import_now: bool,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let mut open = true;
    egui::Window::new(T::ReportTitle.tr(lang))
        .id(egui::Id::unique("import_report"))
        .collapsible(false)
        .resizable(true)
        .default_size([820.0, 560.0])
        .open(&mut open)
        .show(ctx, |ui| {
            summary(ui, shown, lang);
            ui.separator();
            what_to_fix(ui, shown, lang);
            ui.separator();
            table(ui, shown, lang);
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(T::SaveReportCsv.tr(lang)).clicked() {
                    actions.push(Action::Files(FilesAction::ShowSaveReportDialog));
                }
                let accepted = shown.report.accepted > 0;
                if can_import_now && shown.choice.dry_run && accepted {
                    let mut choice = shown.choice.clone();
                    choice.dry_run = false;
                    if ui
                        .button(RichText::new(T::ImportNow.tr(lang)).strong())
                        .clicked()
                    {
                        actions.push(Action::Files(FilesAction::StartImport(choice)));
                    }
                }
                if ui.button(T::Close.tr(lang)).clicked() {
                    actions.push(Action::Files(FilesAction::CloseReport));
                }
            });
        });
    if !open {
        actions.push(Action::Files(FilesAction::CloseReport));
    }
}

fn summary(ui: &mut Ui, shown: &ShownReport, lang: Language) {
    let r = &shown.report;
    let file = std::path::Path::new(&r.source_file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| r.source_file.clone());
    let (outcome, colour) = if r.committed {
        (T::ReportCommitted, Color32::from_rgb(0x1b, 0x7a, 0x3a))
    } else if shown.choice.dry_run {
        (T::ReportDryRun, Color32::from_rgb(0x1f, 0x5f, 0xa8))
    } else if shown.choice.strict && r.rejected > 0 {
        (T::ReportStrictRefused, Color32::from_rgb(0xb0, 0x20, 0x20))
    } else {
        (T::ReportNothingWritten, Color32::from_rgb(0xb0, 0x20, 0x20))
    };
    ui.label(RichText::new(outcome.tr(lang)).strong().color(colour));
    egui::Grid::new("report_summary")
        .num_columns(4)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label(T::ImportFileLabel.tr(lang));
            ui.label(RichText::new(file).strong())
                .on_hover_text(&r.source_file);
            ui.label(T::ReportLayer.tr(lang));
            let layer = i18n::layer_label(shown.kind(), &r.target_layer, lang);
            ui.label(layer).on_hover_text(&r.target_layer);
            ui.end_row();
            ui.label(T::ImportFormat.tr(lang));
            ui.label(&r.format);
            ui.label(T::ReportCrs.tr(lang));
            ui.label(&r.source_crs);
            ui.end_row();
            let imported = if shown.choice.dry_run {
                T::RowsWouldImport
            } else {
                T::RowsImported
            };
            let imported_n = if r.committed || shown.choice.dry_run {
                r.accepted
            } else {
                0
            };
            ui.label(T::RowsRead.tr(lang));
            ui.label(RichText::new(format_count(r.records_read)).strong());
            ui.label(imported.tr(lang));
            ui.label(RichText::new(format_count(imported_n)).strong());
            ui.end_row();
            ui.label(T::RowsRejected.tr(lang));
            ui.label(RichText::new(format_count(r.rejected)).strong());
            ui.label(T::RowsWarnings.tr(lang));
            ui.label(RichText::new(format_count(r.warnings)).strong());
            ui.end_row();
        });
    if !r.notes.is_empty() {
        egui::CollapsingHeader::new(format!("{} ({})", T::ReportNotes.tr(lang), r.notes.len()))
            .id_salt("report_notes")
            .show(ui, |ui| {
                for n in &r.notes {
                    ui.label(RichText::new(n).small());
                }
            });
    }
}

fn what_to_fix(ui: &mut Ui, shown: &ShownReport, lang: Language) {
    if shown.groups.is_empty() {
        ui.label(T::NoIssues.tr(lang));
        return;
    }
    ui.label(RichText::new(T::WhatToFix.tr(lang)).strong());
    egui::ScrollArea::vertical()
        .id_salt("report_groups")
        .max_height(150.0)
        .show(ui, |ui| {
            for (severity, code, count, first) in &shown.groups {
                let rows: Vec<String> = first.iter().map(usize::to_string).collect();
                let more = if *count > first.len() {
                    format!(
                        " … {}",
                        T::RowsInAll.tr(lang).replace("{n}", &count.to_string())
                    )
                } else {
                    String::new()
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(severity_label(*severity, lang));
                    ui.label(RichText::new(issue_text(*code, lang)).strong());
                    ui.label(format!(
                        "({}: {}{more})",
                        T::RowsWord.tr(lang),
                        rows.join(", ")
                    ));
                });
                ui.indent(code_name(*code), |ui| {
                    ui.label(RichText::new(fix_for(*code, *severity, lang)).italics());
                });
            }
        });
}

fn severity_label(s: Severity, lang: Language) -> RichText {
    let colour = match s {
        Severity::Rejected => Color32::from_rgb(0xb0, 0x20, 0x20),
        Severity::Warning => Color32::from_rgb(0x9a, 0x60, 0x00),
    };
    RichText::new(severity_text(s, lang)).color(colour)
}

fn table(ui: &mut Ui, shown: &ShownReport, lang: Language) {
    if shown.rows.is_empty() {
        return;
    }
    let kind = shown.kind();
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("report_table")
        .striped(true)
        .resizable(true)
        .max_scroll_height(260.0)
        .column(Column::exact(64.0))
        .column(Column::initial(100.0))
        .column(Column::initial(130.0))
        .column(Column::initial(230.0))
        .column(Column::remainder().at_least(160.0))
        .header(height, |mut h| {
            for key in [
                T::ColRow,
                T::ColSeverity,
                T::ColField,
                T::ColProblem,
                T::ColDetails,
            ] {
                h.col(|ui| {
                    ui.strong(key.tr(lang));
                });
            }
        })
        .body(|body| {
            body.rows(height, shown.rows.len(), |mut row| {
                let e = &shown.rows[row.index()];
                row.col(|ui| {
                    ui.monospace(e.number.to_string());
                });
                row.col(|ui| {
                    ui.label(severity_label(e.severity, lang));
                });
                row.col(|ui| {
                    let field = field_of(e, kind).map(|f| field_display(&f, lang));
                    ui.label(field.unwrap_or_default());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(issue_text(e.code, lang)).truncate())
                        .on_hover_text(fix_for(e.code, e.severity, lang));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(&e.message).small()).truncate())
                        .on_hover_text(&e.message);
                });
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_count_rows_per_problem() {
        let mut report = ImportReport::default();
        for n in [5, 2, 9] {
            report.push(
                n,
                Severity::Rejected,
                IssueCode::OutsideAlbania,
                "x".into(),
                None,
            );
        }
        report.push(
            3,
            Severity::Warning,
            IssueCode::NoMunicipality,
            "y".into(),
            None,
        );
        let shown = ShownReport::new(
            report,
            ImportChoice::new("a.csv".into(), LayerKind::Cases),
            "p.gpkg".into(),
        );
        assert_eq!(
            shown.rows.iter().map(|e| e.number).collect::<Vec<_>>(),
            vec![2, 3, 5, 9]
        );
        assert_eq!(
            shown.groups[0],
            (
                Severity::Rejected,
                IssueCode::OutsideAlbania,
                3,
                vec![2, 5, 9]
            )
        );
        assert_eq!(shown.groups[1].2, 1);
    }
}
