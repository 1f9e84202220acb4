//! The routes window's further options and the pin list. Options (a collapsible section):
//! also visit the features selected in the attribute table (the count and layer are shown;
//! case layers are refused), and when risk zones may be visited — only within hours (e.g.
//! evenings, 17:00–21:00) and/or only at weekends. Pins (under a plan): every stop of the last
//! plan with the team that must visit it ("automatic" = any); a change takes effect at the
//! next run. Edits the form copy the window pushes back.

use egui::Ui;

use super::super::i18n::{Language, T};
use super::ProjectView;
use super::routes_job::RoutesForm;
use super::routes_run::PlannedRoutes;
use crate::analysis::routing::format_clock;

pub fn options(ui: &mut Ui, form: &mut RoutesForm, view: &ProjectView<'_>, lang: Language) {
    ui.checkbox(&mut form.selection, T::RoutesSelection.tr(lang));
    if form.selection {
        match &view.selection {
            None => {
                ui.colored_label(ui.visuals().warn_fg_color, T::RoutesSelectionNone.tr(lang));
            }
            Some((_, _, true)) => {
                ui.colored_label(ui.visuals().warn_fg_color, T::RoutesSelectionCases.tr(lang));
            }
            Some((label, n, false)) => {
                ui.label(format!("{n} · {label}"));
            }
        }
    }
    let mut limited = form.zone_window_min.is_some();
    ui.checkbox(&mut limited, T::RoutesZoneWindow.tr(lang));
    match (limited, form.zone_window_min) {
        (true, None) => form.zone_window_min = Some([17 * 60, 21 * 60]),
        (false, Some(_)) => form.zone_window_min = None,
        _ => {}
    }
    if let Some([from, to]) = &mut form.zone_window_min {
        let clock = |v: f64, _| format_clock(v * 60.0);
        ui.horizontal(|ui| {
            ui.add(
                egui::Slider::new(from, 0..=(23 * 60 + 30))
                    .step_by(30.0)
                    .custom_formatter(clock)
                    .text(T::RoutesFrom.tr(lang)),
            );
            ui.add(
                egui::Slider::new(to, 30..=(24 * 60))
                    .step_by(30.0)
                    .custom_formatter(clock)
                    .text(T::RoutesTo.tr(lang)),
            );
        });
        if *to <= *from {
            *to = (*from + 30).min(24 * 60);
        }
    }
    ui.checkbox(&mut form.zone_weekends, T::RoutesZoneWeekends.tr(lang));
}

/// The last plan's stops, each with a team choice (pin).
pub fn pins(ui: &mut Ui, form: &mut RoutesForm, planned: &PlannedRoutes, lang: Language) {
    let auto = T::RoutesPinAuto.tr(lang);
    egui::CollapsingHeader::new(T::RoutesPins.tr(lang))
        .id_salt("routes_pins")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .id_salt("routes_pin_rows")
                .show(ui, |ui| {
                    egui::Grid::new("routes_pin_grid")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for stop in &planned.problem.stops {
                                let label = ui.label(&stop.id).id;
                                let current = form.pins.get(&stop.id).copied();
                                let text = current.map_or(auto.to_string(), |t| t.to_string());
                                let mut chosen = current;
                                egui::ComboBox::from_id_salt(("pin", &stop.id))
                                    .selected_text(text)
                                    .show_ui(ui, |ui| {
                                        ui.selectable_value(&mut chosen, None, auto);
                                        for t in 1..=form.teams.max(1) {
                                            ui.selectable_value(
                                                &mut chosen,
                                                Some(t),
                                                t.to_string(),
                                            );
                                        }
                                    })
                                    .response
                                    .labelled_by(label);
                                if chosen != current {
                                    match chosen {
                                        Some(t) => form.pins.insert(stop.id.clone(), t),
                                        None => form.pins.remove(&stop.id),
                                    };
                                }
                                ui.end_row();
                            }
                        });
                });
            if !form.pins.is_empty() {
                ui.small(T::RoutesPinRerun.tr(lang));
            }
        });
}
