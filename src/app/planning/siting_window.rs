//! The siting window (Planifikimi ▸ Qendra ditore të reja…): area, candidate sites, reach,
//! existing services that stay, how many new centres, exact search; Run with progress and
//! Cancel; then the ranked sites with the cases each adds, the optimality statement (proven
//! optimum or the gap to the upper bound) and the coverage curve p = 1…P. Counts below 5
//! are shown as "< 5". Only reads the state and pushes actions (`siting_job.rs`).

use egui::Ui;
use egui_plot::{Line, Plot, PlotPoints};

use super::super::actions::Action;
use super::super::i18n::{Language, T};
use super::siting_candidates::CandidateSource;
use super::siting_job::{SitingAction, SitingOutcome, SitingState};
use super::{PlanningAction, ProjectView, count_text, run_row, siting_options};

fn act(a: SitingAction) -> Action {
    Action::Planning(PlanningAction::Siting(a))
}

pub fn window(
    ctx: &egui::Context,
    state: &SitingState,
    view: &ProjectView<'_>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let title = T::SitingTitle.tr(lang);
    if !super::show_window(ctx, title, [340.0, 80.0], |ui| {
        body(ui, state, view, lang, actions)
    }) {
        actions.push(act(SitingAction::Close));
    }
}

fn body(
    ui: &mut Ui,
    state: &SitingState,
    view: &ProjectView<'_>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let municipalities = view.municipalities;
    let mut form = state.form.clone();
    ui.add_enabled_ui(state.task.is_none(), |ui| {
        let all = T::AllAlbania.tr(lang);
        egui::ComboBox::from_label(T::PlanArea.tr(lang))
            .selected_text(form.municipality.as_deref().unwrap_or(all))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.municipality, None, all);
                for m in municipalities {
                    ui.selectable_value(&mut form.municipality, Some(m.clone()), m);
                }
            });
        ui.horizontal(|ui| {
            ui.label(T::SitingCandidates.tr(lang));
            ui.radio_value(
                &mut form.source,
                CandidateSource::Settlements,
                T::SitingSettlements.tr(lang),
            );
            let grid = matches!(form.source, CandidateSource::Grid { .. });
            if ui.radio(grid, T::SitingGrid.tr(lang)).clicked() && !grid {
                form.source = CandidateSource::Grid { spacing_m: 1000 };
            }
            ui.radio_value(
                &mut form.source,
                CandidateSource::Layer,
                T::SitingLayer.tr(lang),
            );
        });
        if let CandidateSource::Grid { spacing_m } = &mut form.source {
            ui.add(
                egui::Slider::new(spacing_m, 250..=5000)
                    .step_by(250.0)
                    .suffix(" m")
                    .text(T::SitingSpacing.tr(lang)),
            );
        }
        ui.checkbox(&mut form.walk, T::SitingWalk.tr(lang));
        if form.walk {
            ui.add(
                egui::Slider::new(&mut form.walk_min, 5.0..=90.0)
                    .step_by(5.0)
                    .suffix(" min")
                    .text(T::SitingWalkMin.tr(lang)),
            );
        } else {
            ui.add(
                egui::Slider::new(&mut form.reach_km, 0.5..=10.0)
                    .step_by(0.5)
                    .suffix(" km")
                    .text(T::SitingReach.tr(lang)),
            );
        }
        ui.horizontal(|ui| {
            ui.label(T::SitingExisting.tr(lang));
            ui.checkbox(&mut form.day_centres, T::GapsDayCentres.tr(lang));
            ui.checkbox(&mut form.cpus, T::GapsCpus.tr(lang));
        });
        ui.add(egui::Slider::new(&mut form.p, 1..=20).text(T::SitingP.tr(lang)));
        ui.checkbox(&mut form.exact, T::SitingExact.tr(lang));
        egui::CollapsingHeader::new(T::SitingMore.tr(lang))
            .id_salt("siting_more")
            .show(ui, |ui| {
                siting_options::options(ui, &mut form, view, state.marking, lang, actions)
            });
    });
    if form != state.form {
        actions.push(act(SitingAction::SetForm(form)));
    }
    ui.separator();
    run_row(
        ui,
        state.task.as_ref(),
        (T::SitingRun.tr(lang), true),
        lang,
        || act(SitingAction::Run),
        || act(SitingAction::Cancel),
        actions,
    );
    if let Some(error) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    if let Some(outcome) = &state.result {
        result(ui, outcome, lang);
    }
}

fn result(ui: &mut Ui, o: &SitingOutcome, lang: Language) {
    ui.separator();
    let share = o
        .share_of_uncovered
        .map_or("–".to_string(), |s| format!("{:.1} %", s * 100.0));
    let layer = super::layer_label(&o.layer, lang).unwrap_or_else(|| o.layer.clone());
    ui.label(format!(
        "{} {layer} · {} {}",
        T::SitingSaved.tr(lang),
        o.candidates,
        T::SitingCandidatesCount.tr(lang)
    ));
    ui.label(format!(
        "{} {} ({share} {})",
        count_text(o.covered),
        T::SitingCovered.tr(lang),
        T::SitingOfUncovered.tr(lang),
    ));
    ui.label(format!(
        "{}: {} · {}: {}",
        T::SitingAlready.tr(lang),
        count_text(o.existing),
        T::SitingUncovered.tr(lang),
        count_text(o.uncovered)
    ));
    let quality = if o.proven_optimal {
        T::SitingOptimal.tr(lang).to_string()
    } else {
        format!(
            "{} {:.1} % ({} {:.0})",
            T::SitingGap.tr(lang),
            o.gap * 100.0,
            T::SitingBound.tr(lang),
            o.upper_bound
        )
    };
    ui.label(egui::RichText::new(quality).strong());
    if let Some(demand) = o.weighted_demand {
        ui.label(format!("{}: {demand:.1}", T::SitingDemand.tr(lang)));
    }
    egui::Grid::new("siting_sites")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in [T::SitingRank, T::SitingSite, T::SitingNew, T::SitingInReach] {
                ui.label(egui::RichText::new(h.tr(lang)).strong());
            }
            ui.end_row();
            for s in &o.sites {
                ui.label(s.rank.to_string());
                ui.label(&s.id);
                ui.label(count_text(s.new_cases));
                ui.label(count_text(s.in_reach));
                ui.end_row();
            }
        });
    if o.curve.len() > 1 {
        let points: PlotPoints = o
            .curve
            .iter()
            .map(|&(p, s)| [p as f64, s * 100.0])
            .collect();
        ui.label(T::SitingCurve.tr(lang));
        Plot::new("siting_curve")
            .height(120.0)
            .width(320.0)
            .include_y(0.0)
            .include_y(100.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .show(ui, |plot| plot.line(Line::new("%", points)));
    }
}
