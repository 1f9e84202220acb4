//! The routes window (Planifikimi ▸ Itineraret e ekipeve…): municipality, month, which places
//! to visit, service time, teams, shift and working days, walking or driving; Run with
//! progress and Cancel; then how distances were measured, one row per team and day, the
//! stops left out with the reason, and GPX / GeoJSON / route-sheet exports. Only reads the
//! state and pushes actions (`routes_job.rs`).

use egui::Ui;

use super::super::actions::Action;
use super::super::filter_panel::month_name;
use super::super::i18n::{Language, T};
use super::routes_export::metric_text;
use super::routes_job::{RoutesAction, RoutesExport, RoutesState};
use super::routes_run::PlannedRoutes;
use super::{PlanningAction, ProjectView, routes_options, run_row};
use crate::analysis::routing::{UnassignedReason, format_clock};
use crate::render::pdf::route_plan_sheets::{SheetLang, weekday};

fn act(a: RoutesAction) -> Action {
    Action::Planning(PlanningAction::Routes(a))
}

pub fn window(
    ctx: &egui::Context,
    state: &RoutesState,
    view: &ProjectView<'_>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let title = T::RoutesTitle.tr(lang);
    if !super::show_window(ctx, title, [360.0, 70.0], |ui| {
        body(ui, state, view, lang, actions)
    }) {
        actions.push(act(RoutesAction::Close));
    }
}

fn body(
    ui: &mut Ui,
    state: &RoutesState,
    view: &ProjectView<'_>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let municipalities = view.municipalities;
    let mut form = state.form.clone();
    ui.add_enabled_ui(state.task.is_none(), |ui| {
        egui::ComboBox::from_label(T::PlanArea.tr(lang))
            .selected_text(form.municipality.as_deref().unwrap_or("–"))
            .show_ui(ui, |ui| {
                for m in municipalities {
                    ui.selectable_value(&mut form.municipality, Some(m.clone()), m);
                }
            });
        ui.add(
            egui::Slider::new(&mut form.month, 1..=12)
                .custom_formatter(|v, _| month_name(v as u32, lang).to_string())
                .text(T::MonthLabel.tr(lang)),
        );
        ui.horizontal(|ui| {
            ui.label(T::RoutesVisit.tr(lang));
            ui.checkbox(&mut form.zones, T::RoutesZones.tr(lang));
            ui.checkbox(&mut form.hotspots, T::RoutesHotspots.tr(lang));
            ui.checkbox(&mut form.mines, T::RoutesMines.tr(lang));
        });
        ui.add(
            egui::Slider::new(&mut form.service_min, 5.0..=180.0)
                .step_by(5.0)
                .suffix(" min")
                .text(T::RoutesService.tr(lang)),
        );
        ui.add(egui::Slider::new(&mut form.teams, 1..=32).text(T::RoutesTeams.tr(lang)));
        ui.add(
            egui::Slider::new(&mut form.shift_start_min, 0..=(23 * 60))
                .step_by(15.0)
                .custom_formatter(|v, _| format_clock(v * 60.0))
                .text(T::RoutesShiftStart.tr(lang)),
        );
        ui.add(
            egui::Slider::new(&mut form.shift_h, 1.0..=12.0)
                .step_by(0.5)
                .suffix(" h")
                .text(T::RoutesShiftLen.tr(lang)),
        );
        ui.horizontal(|ui| {
            let sheet_lang = if lang == Language::Sq {
                SheetLang::Sq
            } else {
                SheetLang::En
            };
            for (i, d) in [
                chrono::Weekday::Mon,
                chrono::Weekday::Tue,
                chrono::Weekday::Wed,
                chrono::Weekday::Thu,
                chrono::Weekday::Fri,
                chrono::Weekday::Sat,
                chrono::Weekday::Sun,
            ]
            .into_iter()
            .enumerate()
            {
                let name: String = weekday(d, sheet_lang)
                    .trim_start_matches("e ")
                    .chars()
                    .take(3)
                    .collect();
                ui.checkbox(&mut form.days[i], name);
            }
        });
        ui.checkbox(&mut form.walking, T::RoutesWalking.tr(lang));
        egui::CollapsingHeader::new(T::SitingMore.tr(lang))
            .id_salt("routes_more")
            .show(ui, |ui| routes_options::options(ui, &mut form, view, lang));
    });
    roads_row(ui, state, lang, actions);
    ui.separator();
    let ready = state.form.municipality.is_some();
    run_row(
        ui,
        state.task.as_ref(),
        (T::RoutesRun.tr(lang), ready),
        lang,
        || act(RoutesAction::Run),
        || act(RoutesAction::Cancel),
        actions,
    );
    if let Some(error) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    if let Some(planned) = &state.result {
        result(ui, planned, lang, actions);
        if state.task.is_none() {
            routes_options::pins(ui, &mut form, planned, lang);
        }
    }
    if let Some(path) = &state.exported {
        ui.label(format!("{} {}", T::ExportWritten.tr(lang), path.display()));
    }
    if form != state.form {
        actions.push(act(RoutesAction::SetForm(form)));
    }
}

/// The road network: import one (.osm.pbf or lines), and what the last import brought.
fn roads_row(ui: &mut Ui, state: &RoutesState, lang: Language, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        run_row(
            ui,
            state.roads_task.as_ref(),
            (T::RoadsImport.tr(lang), state.task.is_none()),
            lang,
            || act(RoutesAction::ChooseRoads),
            || act(RoutesAction::CancelRoads),
            actions,
        );
        if let Some(r) = &state.roads {
            ui.label(format!(
                "{}: {} {}",
                r.layer,
                r.lines,
                T::RoadsLines.tr(lang)
            ));
        }
    });
    let network = &state.network;
    if let Some(task) = &network.task {
        ui.horizontal(|ui| {
            ui.label(T::RoadsPreparing.tr(lang));
            ui.add(super::super::files_ui::progress_bar(
                task.progress.as_ref(),
                120.0,
            ));
            let button = egui::Button::new(T::Cancel.tr(lang));
            if ui.add_enabled(!task.is_cancelling(), button).clicked() {
                actions.push(act(RoutesAction::CancelNetwork));
            }
        });
    } else if network.ready {
        ui.label(T::RoadsReady.tr(lang));
    } else if let Some(e) = &network.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
}

fn reason_text(r: UnassignedReason, lang: Language) -> &'static str {
    match r {
        UnassignedReason::PinnedTeamCannotServe => T::ReasonPinned.tr(lang),
        UnassignedReason::NoTeamOnItsDays => T::ReasonNoTeamDays.tr(lang),
        UnassignedReason::Unreachable => T::ReasonUnreachable.tr(lang),
        UnassignedReason::WindowOutsideShifts => T::ReasonWindow.tr(lang),
        UnassignedReason::TooFarForShift => T::ReasonTooFar.tr(lang),
        UnassignedReason::NotEnoughTime { .. } => T::ReasonNoTime.tr(lang),
    }
}

fn result(ui: &mut Ui, p: &PlannedRoutes, lang: Language, actions: &mut Vec<Action>) {
    ui.separator();
    ui.label(egui::RichText::new(metric_text(p, lang)).strong());
    ui.label(format!(
        "{} {}: {} / {} {}, {:.1} km",
        T::RoutesSaved.tr(lang),
        super::layer_label(&p.layer, lang).unwrap_or_else(|| p.layer.clone()),
        p.plan.served(),
        p.problem.stops.len(),
        T::RoutesServed.tr(lang),
        p.plan.dist_m() / 1000.0
    ));
    let sheet_lang = if lang == Language::Sq {
        SheetLang::Sq
    } else {
        SheetLang::En
    };
    egui::ScrollArea::vertical()
        .max_height(180.0)
        .id_salt("routes_rows")
        .show(ui, |ui| {
            egui::Grid::new("routes_table")
                .striped(true)
                .num_columns(5)
                .show(ui, |ui| {
                    for h in [
                        T::RoutesTeam,
                        T::RoutesDay,
                        T::RoutesStops,
                        T::RoutesKm,
                        T::RoutesHours,
                    ] {
                        ui.label(egui::RichText::new(h.tr(lang)).strong());
                    }
                    ui.end_row();
                    for r in p.plan.routes.iter().filter(|r| !r.visits.is_empty()) {
                        ui.label(&p.problem.teams[r.team].id);
                        ui.label(weekday(r.weekday, sheet_lang));
                        ui.label(r.visits.len().to_string());
                        ui.label(format!("{:.1}", r.dist_m / 1000.0));
                        ui.label(format!(
                            "{}–{}",
                            format_clock(r.start_s),
                            format_clock(r.end_s)
                        ));
                        ui.end_row();
                    }
                });
            if !p.plan.unassigned.is_empty() {
                ui.label(egui::RichText::new(T::RoutesUnassigned.tr(lang)).strong());
                for u in &p.plan.unassigned {
                    ui.label(format!(
                        "{}: {}",
                        p.problem.stops[u.stop].id,
                        reason_text(u.reason, lang)
                    ));
                }
            }
        });
    ui.horizontal(|ui| {
        for (kind, key) in [
            (RoutesExport::SheetsPdf, T::RoutesSheets),
            (RoutesExport::Gpx, T::RoutesGpx),
            (RoutesExport::GeoJson, T::RoutesGeoJson),
        ] {
            if ui.button(key.tr(lang)).clicked() {
                actions.push(act(RoutesAction::ChooseExport(kind)));
            }
        }
    });
}
