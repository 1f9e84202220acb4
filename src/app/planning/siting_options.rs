//! The siting window's further options (a collapsible section under the main form): how much
//! each case counts (every case 1, the risk class of its zone for a month, or a weight per
//! case kind), a capacity per new centre, and the places no centre may be — points marked on
//! the map (map clicks while "Mark on the map" is on) with a radius, and a project layer of
//! polygons or points. Edits the form copy the window pushes back; marking is an action.

use egui::Ui;

use super::super::actions::Action;
use super::super::filter_panel::month_name;
use super::super::i18n::{Language, T};
use super::siting_job::{SitingAction, SitingForm, Weighting};
use super::{PlanningAction, ProjectView};

fn act(a: SitingAction) -> Action {
    Action::Planning(PlanningAction::Siting(a))
}

pub fn options(
    ui: &mut Ui,
    form: &mut SitingForm,
    view: &ProjectView<'_>,
    marking: bool,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    weights(ui, form, view, lang);
    ui.horizontal(|ui| {
        let mut limited = form.capacity.is_some();
        let label = ui.checkbox(&mut limited, T::SitingCapacity.tr(lang)).id;
        match (limited, form.capacity) {
            (true, None) => form.capacity = Some(50),
            (false, Some(_)) => form.capacity = None,
            _ => {}
        }
        if let Some(c) = &mut form.capacity {
            ui.add(
                egui::DragValue::new(c)
                    .range(1..=10_000)
                    .suffix(format!(" {}", T::SitingCases.tr(lang))),
            )
            .labelled_by(label);
        }
    });
    exclusions(ui, form, view, marking, lang, actions);
}

fn weights(ui: &mut Ui, form: &mut SitingForm, view: &ProjectView<'_>, lang: Language) {
    ui.horizontal(|ui| {
        ui.label(T::SitingWeight.tr(lang));
        for (w, key) in [
            (Weighting::Uniform, T::SitingWeightUniform),
            (Weighting::RiskZones, T::SitingWeightRisk),
            (Weighting::ByKind, T::SitingWeightKind),
        ] {
            ui.radio_value(&mut form.weighting, w, key.tr(lang));
        }
    });
    match form.weighting {
        Weighting::Uniform => {}
        Weighting::RiskZones => {
            if view.zone_months.is_empty() {
                ui.colored_label(ui.visuals().warn_fg_color, T::SitingNoZones.tr(lang));
            } else {
                if !view.zone_months.contains(&form.risk_month) {
                    form.risk_month = view.zone_months[0];
                }
                egui::ComboBox::from_label(T::MonthLabel.tr(lang))
                    .selected_text(month_name(form.risk_month, lang))
                    .show_ui(ui, |ui| {
                        for &m in view.zone_months {
                            ui.selectable_value(&mut form.risk_month, m, month_name(m, lang));
                        }
                    });
            }
            ui.small(T::SitingWeightRiskHint.tr(lang));
        }
        Weighting::ByKind => {
            egui::Grid::new("siting_kind_weights")
                .num_columns(2)
                .show(ui, |ui| {
                    for (kind, w) in &mut form.kind_weights {
                        let label = ui.label(match lang {
                            Language::Sq => kind.label_sq(),
                            Language::En => kind.label_en(),
                        });
                        ui.add(egui::DragValue::new(w).range(0.0..=10.0).speed(0.1))
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                });
        }
    }
}

fn exclusions(
    ui: &mut Ui,
    form: &mut SitingForm,
    view: &ProjectView<'_>,
    marking: bool,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    ui.label(T::SitingExclude.tr(lang));
    ui.horizontal(|ui| {
        let (label, on) = if marking {
            (T::SitingMarkDone, false)
        } else {
            (T::SitingMark, true)
        };
        if ui.button(label.tr(lang)).clicked() {
            actions.push(act(SitingAction::SetMarking(on)));
        }
        ui.label(format!(
            "{} {}",
            form.exclude_points.len(),
            T::SitingMarked.tr(lang)
        ));
        if !form.exclude_points.is_empty() && ui.button(T::SitingClearMarks.tr(lang)).clicked() {
            actions.push(act(SitingAction::ClearExclusions));
        }
    });
    if marking {
        ui.colored_label(ui.visuals().warn_fg_color, T::SitingMarking.tr(lang));
    }
    ui.add(
        egui::Slider::new(&mut form.exclude_radius_m, 0.0..=5000.0)
            .step_by(50.0)
            .suffix(" m")
            .text(T::SitingExcludeRadius.tr(lang)),
    );
    let none = T::SitingNone.tr(lang);
    let shown = form
        .exclude_layer
        .as_ref()
        .and_then(|n| view.layers.iter().find(|(name, _)| name == n))
        .map_or(none, |(_, label)| label.as_str());
    egui::ComboBox::from_label(T::SitingExcludeLayer.tr(lang))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut form.exclude_layer, None, none);
            for (name, label) in &view.layers {
                ui.selectable_value(&mut form.exclude_layer, Some(name.clone()), label);
            }
        });
}
