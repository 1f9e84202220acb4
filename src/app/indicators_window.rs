//! The indicators window (Analysis ▸ Indicators by municipality…): reach and mine distances,
//! Compute with a progress bar and Cancel; then two charts (cases by year and by kind, of the
//! selected municipality or of Albania), Show on map (a choropleth of one indicator) and
//! Export CSV…, and the table of every municipality under the national row, sorted by a click
//! on a header, a row selected by a click. Numbers are shown exactly here (authorised users
//! on their own project); exported files hide small counts. Panels only read the state and
//! push [`IndicatorsAction`]s (see `indicators_job.rs`).

use std::path::Path;

use egui::{RichText, Sense, Ui};
use egui_extras::{Column as TableColumn, TableBuilder};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot};

use super::actions::Action;
use super::files_ui::progress_bar;
use super::i18n::{self, Language, T};
use super::indicators_job::{Computed, IndicatorsAction, IndicatorsState, stage_text};
use super::indicators_view::{Choropleth, Column, sort_order};
use crate::analysis::indicators::AreaIndicators;
use crate::io::indicators_csv::MIN_K;
use crate::model::CaseKind;

const CHART_HEIGHT: f32 = 150.0;

fn push(actions: &mut Vec<Action>, a: IndicatorsAction) {
    actions.push(Action::Indicators(a));
}

/// Shows the window when it is open.
pub fn window(
    ctx: &egui::Context,
    state: &IndicatorsState,
    project: Option<&Path>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new(T::IndicatorsTitle.tr(lang))
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_pos([300.0, 60.0])
        .default_size([900.0, 600.0])
        .show(ctx, |ui| body(ui, state, project, lang, actions));
    if !open {
        push(actions, IndicatorsAction::Close);
    }
}

fn body(
    ui: &mut Ui,
    state: &IndicatorsState,
    project: Option<&Path>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let running = state.task.is_some();
    let mut config = state.config.clone();
    ui.horizontal(|ui| {
        ui.add_enabled_ui(!running, |ui| {
            ui.label(T::IndReach.tr(lang));
            ui.add(
                egui::DragValue::new(&mut config.reach_m)
                    .range(100.0..=50_000.0)
                    .speed(50.0)
                    .suffix(" m"),
            );
            ui.label(T::IndMineNear.tr(lang));
            ui.add(
                egui::DragValue::new(&mut config.mine_near_m)
                    .range(0.0..=50_000.0)
                    .speed(50.0)
                    .suffix(" m"),
            );
        });
        ui.separator();
        match &state.task {
            Some(task) => {
                let p = task.progress.as_ref();
                let cancelling = task.is_cancelling();
                let label = if cancelling { T::Cancelling } else { T::Cancel };
                if ui
                    .add_enabled(!cancelling, egui::Button::new(label.tr(lang)))
                    .clicked()
                {
                    push(actions, IndicatorsAction::Cancel);
                }
                ui.add(progress_bar(p, 140.0));
                ui.label(stage_text(&p.stage(), lang));
                ui.spinner();
            }
            None => {
                let compute = egui::Button::new(T::IndCompute.tr(lang));
                if ui.add_enabled(project.is_some(), compute).clicked() {
                    push(actions, IndicatorsAction::Compute);
                }
            }
        }
    });
    if config != state.config {
        push(actions, IndicatorsAction::SetConfig(config));
    }
    let Some(computed) = state.result_for(project) else {
        message(ui, state);
        return;
    };
    ui.separator();
    ui.horizontal(|ui| {
        ui.add_enabled_ui(!running, |ui| {
            egui::ComboBox::new("indicators_choropleth", T::IndMapBy.tr(lang))
                .selected_text(state.choropleth.label(lang))
                .show_ui(ui, |ui| {
                    for c in Choropleth::ALL {
                        let on = ui.selectable_label(state.choropleth == c, c.label(lang));
                        if on.clicked() {
                            push(actions, IndicatorsAction::SetChoropleth(c));
                        }
                    }
                });
            if ui.button(T::IndShowOnMap.tr(lang)).clicked() {
                push(actions, IndicatorsAction::ShowOnMap);
            }
            ui.separator();
            if ui.button(T::IndExport.tr(lang)).clicked() {
                push(actions, IndicatorsAction::ShowExportDialog);
            }
        });
    });
    let c = &computed.indicators.config;
    let note = T::IndNote
        .tr(lang)
        .replace("{reach}", &format!("{:.0}", c.reach_m))
        .replace("{mines}", &format!("{:.0}", c.mine_near_m))
        .replace("{k}", &MIN_K.to_string());
    ui.label(RichText::new(note).small().weak());
    message(ui, state);
    ui.separator();
    charts(ui, state, computed, lang);
    ui.separator();
    table(ui, state, computed, lang, actions);
}

/// The last outcome (saved, exported, failed), under the buttons so they do not move.
fn message(ui: &mut Ui, state: &IndicatorsState) {
    if let Some((error, text)) = &state.message {
        let colour = if *error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().text_color()
        };
        ui.colored_label(colour, text);
    }
}

/// The name shown for a row: the national row and the row of cases without a municipality
/// in the user's language.
fn row_name(r: &AreaIndicators, national: bool, lang: Language) -> String {
    if national {
        T::IndAlbania.tr(lang).to_string()
    } else if r.lau_code.is_empty() {
        T::IndNoMunicipality.tr(lang).to_string()
    } else {
        r.name.clone()
    }
}

fn charts(ui: &mut Ui, state: &IndicatorsState, computed: &Computed, lang: Language) {
    let ind = &computed.indicators;
    let (area, national) = match state.selected.and_then(|i| ind.rows.get(i)) {
        Some(r) => (r, false),
        None => (&ind.national, true),
    };
    let name = row_name(area, national, lang);
    let width = ((ui.available_width() - 24.0) / 2.0).max(200.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.strong(format!("{}: {name}", T::IndCasesByYear.tr(lang)));
            let bars: Vec<Bar> = area
                .by_year
                .iter()
                .map(|(y, n)| Bar::new(f64::from(*y), f64::from(*n)).width(0.6))
                .collect();
            let chart = BarChart::new(T::IndCases.tr(lang), bars)
                .color(egui::Color32::from_rgb(0, 114, 178));
            still_plot("indicators_by_year", width)
                .x_grid_spacer(integer_marks)
                .x_axis_formatter(|m, _| format!("{:.0}", m.value))
                .show(ui, |p| p.bar_chart(chart));
        });
        ui.vertical(|ui| {
            ui.strong(format!("{}: {name}", T::IndCasesByKind.tr(lang)));
            let n = CaseKind::ALL.len();
            // The first kind on top.
            let bars: Vec<Bar> = CaseKind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    Bar::new((n - 1 - i) as f64, f64::from(area.kind(*k)))
                        .width(0.6)
                        .name(i18n::case_kind(*k, lang))
                })
                .collect();
            let chart = BarChart::new(T::IndCases.tr(lang), bars)
                .horizontal()
                .color(egui::Color32::from_rgb(230, 159, 0));
            still_plot("indicators_by_kind", width)
                .y_grid_spacer(integer_marks)
                .y_axis_min_width(150.0)
                .y_axis_formatter(move |m, _| {
                    let i = m.value.round();
                    if (m.value - i).abs() > 1e-6 || i < 0.0 || i as usize >= n {
                        return String::new();
                    }
                    i18n::case_kind(CaseKind::ALL[n - 1 - i as usize], lang).to_string()
                })
                .show(ui, |p| p.bar_chart(chart));
        });
    });
}

/// A plot that neither pans nor zooms (the window and the map keep the mouse wheel).
fn still_plot(id: &str, width: f32) -> Plot<'static> {
    Plot::new(id)
        .width(width)
        .height(CHART_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_crosshair(false)
        .include_y(0.0)
}

/// Grid marks at whole numbers only (years, kinds).
fn integer_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = (input.bounds.0.ceil(), input.bounds.1.floor());
    if !(lo.is_finite() && hi.is_finite()) || hi - lo > 200.0 {
        return Vec::new();
    }
    let mut marks = Vec::new();
    let mut v = lo;
    while v <= hi {
        marks.push(GridMark {
            value: v,
            step_size: 1.0,
        });
        v += 1.0;
    }
    marks
}

fn table(
    ui: &mut Ui,
    state: &IndicatorsState,
    computed: &Computed,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let ind = &computed.indicators;
    let order = sort_order(&ind.rows, state.sort);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let height = ui.available_height().max(120.0);
    TableBuilder::new(ui)
        .id_salt("indicators_table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .column(TableColumn::initial(150.0).at_least(90.0).clip(true))
        .columns(
            TableColumn::initial(78.0).at_least(48.0),
            Column::ALL.len() - 1,
        )
        .min_scrolled_height(120.0)
        .max_scroll_height(height)
        .header(row_height * 2.6, |mut header| {
            for column in Column::ALL {
                header.col(|ui| {
                    let arrow = match state.sort {
                        Some((c, true)) if c == column => " v",
                        Some((c, false)) if c == column => " ^",
                        _ => "",
                    };
                    let text = RichText::new(format!("{}{arrow}", column.title(lang))).strong();
                    let label = egui::Label::new(text).wrap().sense(Sense::click());
                    if ui.add(label).clicked() {
                        push(actions, IndicatorsAction::Sort(column));
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, order.len() + 1, |mut row| {
                let (r, index) = match row.index() {
                    0 => (&ind.national, None),
                    i => (&ind.rows[order[i - 1]], Some(order[i - 1])),
                };
                row.set_selected(index.is_some() && state.selected == index);
                for column in Column::ALL {
                    row.col(|ui| {
                        let text = match column {
                            Column::Name => row_name(r, index.is_none(), lang),
                            _ => column.cell(r),
                        };
                        let mut text = RichText::new(text);
                        if index.is_none() {
                            text = text.strong();
                        }
                        ui.add(egui::Label::new(text).selectable(false));
                    });
                }
                if row.response().clicked() {
                    push(actions, IndicatorsAction::Select(index));
                }
            });
        });
}
