//! The service-gaps part of the risk-zones window: which services close a gap, their reach,
//! the lowest risk that counts, Compute gaps, and the ranked areas (counts below 5 hidden).

use egui::Ui;

use super::actions::Action;
use super::analysis_job::{AnalysisAction, AnalysisState};
use super::gaps_job::GapsOutcome;
use super::i18n::{Language, T};
use crate::analysis::risk_layer::MIN_COUNT;

pub fn section(ui: &mut Ui, state: &AnalysisState, lang: Language, actions: &mut Vec<Action>) {
    ui.separator();
    ui.label(egui::RichText::new(T::GapsHeader.tr(lang)).strong());
    let running = state.task.is_some();
    let mut form = state.form.clone();
    ui.add_enabled_ui(!running, |ui| {
        ui.horizontal(|ui| {
            ui.checkbox(&mut form.gap_day_centres, T::GapsDayCentres.tr(lang));
            ui.checkbox(&mut form.gap_cpus, T::GapsCpus.tr(lang));
        });
        ui.add(
            egui::Slider::new(&mut form.gap_reach_km, 0.5..=10.0)
                .step_by(0.5)
                .suffix(" km")
                .text(T::GapsReach.tr(lang)),
        );
        ui.add(
            egui::Slider::new(&mut form.gap_min_risk, 0.0..=100.0)
                .step_by(5.0)
                .text(T::GapsMinRisk.tr(lang)),
        );
        let any_type = form.gap_day_centres || form.gap_cpus;
        if ui
            .add_enabled(any_type, egui::Button::new(T::GapsRun.tr(lang)))
            .clicked()
        {
            actions.push(Action::Analysis(AnalysisAction::RunGaps));
        }
    });
    if form != state.form {
        actions.push(Action::Analysis(AnalysisAction::SetForm(form)));
    }
    if let Some(g) = &state.gaps {
        result(ui, g, lang);
    }
}

fn count(n: Option<usize>) -> String {
    n.map_or_else(|| format!("< {MIN_COUNT}"), |n| n.to_string())
}

fn result(ui: &mut Ui, g: &GapsOutcome, lang: Language) {
    ui.label(format!(
        "{} {}: {} {}, {} {}",
        T::GapsSaved.tr(lang),
        g.layer,
        g.areas,
        T::GapsAreas.tr(lang),
        count(g.uncovered),
        T::GapsUncovered.tr(lang),
    ));
    egui::Grid::new("gaps_result")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in [
                T::GapsRank,
                T::Municipality,
                T::RiskAreaKm2,
                T::GapsUncoveredCol,
            ] {
                ui.label(egui::RichText::new(h.tr(lang)).strong());
            }
            ui.end_row();
            for row in &g.top {
                ui.label(row.rank.to_string());
                ui.label(&row.municipality);
                ui.label(format!("{:.1}", row.area_km2));
                ui.label(count(row.uncovered));
                ui.end_row();
            }
        });
}
