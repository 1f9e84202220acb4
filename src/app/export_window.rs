//! The Export layer window (File ▸ Export layer…): the layer, the format (GeoPackage, GeoJSON,
//! CSV) and, for a layer of cases, how it leaves the project — counts per H3 hexagon (with
//! its resolution) or per municipality with the smallest count shown, or, as an explicit
//! choice with a red warning, the individual cases (with or without free-text notes).

use egui::Ui;

use super::actions::Action;
use super::export_job::{CaseOutput, ExportAction, ExportState};
use super::i18n::{Language, T};
use super::labels::layer_label;
use super::state::LoadedProject;
use crate::io::export_layer::ExportFormat;

pub fn window(
    ctx: &egui::Context,
    state: &ExportState,
    project: Option<&LoadedProject>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new(T::ExportLayerTitle.tr(lang))
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .default_pos([260.0, 90.0])
        .show(ctx, |ui| body(ui, state, project, lang, actions));
    if !open {
        actions.push(Action::Export(ExportAction::Close));
    }
}

fn body(
    ui: &mut Ui,
    state: &ExportState,
    project: Option<&LoadedProject>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let mut f = state.form.clone();
    let layers = project.map_or(&[][..], |p| p.layers.as_slice());
    let label_of = |name: &str| {
        layers
            .iter()
            .find(|l| l.name == name)
            .map_or(name.to_string(), |l| layer_label(l.kind, &l.name, lang))
    };
    let selected = f.layer.as_deref().map_or(String::new(), label_of);
    egui::ComboBox::from_label(T::ExportLayer.tr(lang))
        .selected_text(selected)
        .show_ui(ui, |ui| {
            for l in layers {
                let label = layer_label(l.kind, &l.name, lang);
                ui.selectable_value(&mut f.layer, Some(l.name.clone()), label);
            }
        });
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.format, ExportFormat::GeoPackage, "GeoPackage");
        ui.radio_value(&mut f.format, ExportFormat::GeoJson, "GeoJSON");
        ui.radio_value(&mut f.format, ExportFormat::Csv, "CSV");
    });
    let cases = f
        .layer
        .as_deref()
        .and_then(|n| layers.iter().find(|l| l.name == n))
        .is_some_and(|l| l.kind.is_case_level());
    if cases {
        ui.separator();
        ui.label(T::ExportCasesHow.tr(lang));
        let hex = matches!(f.cases, CaseOutput::Hexagons { .. });
        ui.horizontal(|ui| {
            if ui.radio(hex, T::ExportHexagons.tr(lang)).clicked() && !hex {
                f.cases = CaseOutput::Hexagons { resolution: 8 };
            }
            if let CaseOutput::Hexagons { resolution } = &mut f.cases {
                let l = ui.label(T::ExportResolution.tr(lang));
                ui.add(egui::DragValue::new(resolution).range(5..=10))
                    .labelled_by(l.id);
            }
        });
        ui.radio_value(
            &mut f.cases,
            CaseOutput::Municipalities,
            T::ExportMunicipalities.tr(lang),
        );
        ui.horizontal(|ui| {
            let l = ui.label(T::PrintK.tr(lang));
            ui.add(egui::DragValue::new(&mut f.k).range(5..=100))
                .labelled_by(l.id);
        });
        let individual = matches!(f.cases, CaseOutput::Individual { .. });
        if ui.radio(individual, T::ExportIndividual.tr(lang)).clicked() && !individual {
            f.cases = CaseOutput::Individual { with_notes: false };
        }
        if let CaseOutput::Individual { with_notes } = &mut f.cases {
            ui.checkbox(with_notes, T::ExportWithNotes.tr(lang));
            ui.colored_label(ui.visuals().error_fg_color, T::ExportCaseWarning.tr(lang));
        }
    }
    if f != state.form {
        actions.push(Action::Export(ExportAction::SetForm(f)));
    }
    ui.separator();
    ui.horizontal(|ui| {
        let ready = state.task.is_none() && state.form.layer.is_some();
        let button = egui::Button::new(T::ExportButton.tr(lang));
        if ui.add_enabled(ready, button).clicked() {
            actions.push(Action::Export(ExportAction::ShowSaveDialog));
        }
        if state.task.is_some() {
            ui.spinner();
        }
    });
    if let Some((error, text)) = &state.message {
        if *error {
            ui.colored_label(ui.visuals().error_fg_color, text);
        } else {
            ui.label(text);
        }
    }
}
