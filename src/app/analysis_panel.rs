//! The risk-zones window (Analysis ▸ Risk zones…): month, cell size, factor weights, mine
//! influence distance and class method; Compute with a progress bar and Cancel; the result
//! per class (zones, area, cases with counts below 5 hidden). Panels only read the state and
//! push [`AnalysisAction`]s (see `analysis_job.rs`).

use egui::Ui;

use super::actions::Action;
use super::analysis_job::{AnalysisAction, AnalysisState, RiskOutcome, stage_text};
use super::files_ui::progress_bar;
use super::filter_panel::month_name;
use super::i18n::{Language, T};
use crate::analysis::classes::{CLASS_LABELS_EN, CLASS_LABELS_SQ};
use crate::analysis::risk_layer::MIN_COUNT;

const PIXEL_SIZES_M: [f64; 4] = [100.0, 200.0, 500.0, 1000.0];

/// Shows the window when it is open.
pub fn window(
    ctx: &egui::Context,
    state: &AnalysisState,
    has_project: bool,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new(T::RiskZonesTitle.tr(lang))
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .default_pos([320.0, 90.0])
        .show(ctx, |ui| body(ui, state, has_project, lang, actions));
    if !open {
        actions.push(Action::Analysis(AnalysisAction::Close));
    }
}

fn body(
    ui: &mut Ui,
    state: &AnalysisState,
    has_project: bool,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let running = state.task.is_some();
    let mut form = state.form.clone();
    ui.add_enabled_ui(!running, |ui| {
        ui.add(
            egui::Slider::new(&mut form.month, 1..=12)
                .custom_formatter(|v, _| month_name(v as u32, lang).to_string())
                .text(T::MonthLabel.tr(lang)),
        );
        egui::ComboBox::from_label(T::RiskPixel.tr(lang))
            .selected_text(format!("{} m", form.pixel_m))
            .show_ui(ui, |ui| {
                for p in PIXEL_SIZES_M {
                    ui.selectable_value(&mut form.pixel_m, p, format!("{p} m"));
                }
            });
        ui.add(
            egui::Slider::new(&mut form.mine_decay_km, 0.5..=10.0)
                .step_by(0.5)
                .suffix(" km")
                .text(T::RiskMineDecay.tr(lang)),
        );
        ui.label(egui::RichText::new(T::RiskWeights.tr(lang)).strong());
        let w = &mut form.weights;
        for (value, key) in [
            (&mut w.density, T::RiskWeightDensity),
            (&mut w.mines, T::RiskWeightMines),
            (&mut w.hotspots, T::RiskWeightHotspots),
            (&mut w.services, T::RiskWeightServices),
        ] {
            ui.add(
                egui::Slider::new(value, 0.0..=1.0)
                    .step_by(0.05)
                    .text(key.tr(lang)),
            );
        }
        ui.checkbox(&mut form.quantiles, T::RiskQuantiles.tr(lang));
    });
    if form != state.form {
        actions.push(Action::Analysis(AnalysisAction::SetForm(form)));
    }
    ui.separator();
    ui.horizontal(|ui| match &state.task {
        Some(task) => {
            let p = task.progress.as_ref();
            let cancelling = task.is_cancelling();
            let label = if cancelling { T::Cancelling } else { T::Cancel };
            if ui
                .add_enabled(!cancelling, egui::Button::new(label.tr(lang)))
                .clicked()
            {
                actions.push(Action::Analysis(AnalysisAction::Cancel));
            }
            ui.add(progress_bar(p, 140.0));
            ui.label(stage_text(&p.stage(), lang));
            ui.spinner();
        }
        None => {
            if ui
                .add_enabled(has_project, egui::Button::new(T::RiskRun.tr(lang)))
                .clicked()
            {
                actions.push(Action::Analysis(AnalysisAction::Run));
            }
        }
    });
    if let Some(error) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    if let Some(outcome) = &state.result {
        result_table(ui, outcome, lang);
    }
    super::gaps_panel::section(ui, state, lang, actions);
}

fn result_table(ui: &mut Ui, outcome: &RiskOutcome, lang: Language) {
    ui.separator();
    ui.label(format!(
        "{} {} ({}): {}",
        T::RiskSaved.tr(lang),
        outcome.layer,
        month_name(outcome.month, lang),
        outcome.zones
    ));
    egui::Grid::new("risk_result")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in [T::RiskClass, T::RiskZones, T::RiskAreaKm2, T::RiskCases] {
                ui.label(egui::RichText::new(h.tr(lang)).strong());
            }
            ui.end_row();
            for s in &outcome.summaries {
                let c = usize::from(s.class.min(4));
                let label = match lang {
                    Language::Sq => CLASS_LABELS_SQ[c],
                    Language::En => CLASS_LABELS_EN[c],
                };
                ui.label(label);
                ui.label(s.zones.to_string());
                ui.label(format!("{:.1}", s.area_m2 / 1e6));
                ui.label(if s.cases < MIN_COUNT {
                    format!("< {MIN_COUNT}")
                } else {
                    s.cases.to_string()
                });
                ui.end_row();
            }
        });
}
