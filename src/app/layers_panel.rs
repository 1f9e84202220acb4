//! The left panel: the layer list (top of the drawing order first) and the legend.
//!
//! Each layer has a show/hide checkbox labelled in the current language, its feature count,
//! a "zoom to layer" button and, while shown, an opacity slider. The OpenStreetMap background
//! has its own switch and opacity (when online). Nothing here changes state: every change is
//! pushed as an [`Action`].

use egui::{RichText, Ui};

use super::actions::Action;
use super::filter_panel;
use super::i18n::{self, Language, T};
use super::legend;
use super::state::Session;

/// Formats a count with space thousands separators (e.g. "12 345").
pub fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub struct PanelInput<'a> {
    pub session: &'a Session,
    pub lang: Language,
    pub online: bool,
    pub show_tiles: bool,
    pub tiles_opacity: f32,
    pub show_legend: bool,
}

pub fn show(ui: &mut Ui, input: &PanelInput<'_>, actions: &mut Vec<Action>) {
    let lang = input.lang;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(T::Layers.tr(lang));
            ui.add_space(4.0);
            match &input.session.project {
                None => {
                    ui.label(RichText::new(T::NoProject.tr(lang)).weak());
                }
                Some(project) => {
                    if let Some(title) = &project.title {
                        ui.label(RichText::new(title).small().weak());
                    }
                    for layer in project.layers.iter().rev() {
                        layer_row(ui, layer, lang, actions);
                    }
                }
            }
            ui.separator();
            background_row(ui, input, actions);
            if let Some(project) = &input.session.project {
                ui.separator();
                let title = if input.session.filters.is_active() {
                    RichText::new(T::Filters.tr(lang))
                        .strong()
                        .color(ui.visuals().warn_fg_color)
                } else {
                    RichText::new(T::Filters.tr(lang)).strong()
                };
                egui::CollapsingHeader::new(title)
                    .id_salt("filters")
                    .default_open(true)
                    .show(ui, |ui| {
                        filter_panel::show(ui, project, &input.session.filters, lang, actions);
                    });
            }
            if input.show_legend {
                ui.separator();
                legend::show(ui, input.session, lang);
            }
        });
}

fn layer_row(
    ui: &mut Ui,
    layer: &super::state::LayerView,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let label = i18n::layer_label(layer.kind, &layer.name, lang);
    ui.horizontal(|ui| {
        let mut visible = layer.visible;
        let check = ui
            .checkbox(&mut visible, label.as_str())
            .on_hover_text(T::LayerMenuHint.tr(lang));
        if check.changed() {
            actions.push(Action::ToggleLayer(layer.name.clone()));
        }
        check.context_menu(|ui| super::layer_ops::context_menu(ui, layer, lang, actions));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let zoom = magnifier_button(ui, layer.extent_wgs84.is_some(), T::ZoomToLayer.tr(lang));
            if zoom.clicked() {
                actions.push(Action::ZoomToLayer(layer.name.clone()));
            }
            let count = match layer.mask {
                Some(_) => format!(
                    "{} / {}",
                    format_count(layer.shown_count),
                    format_count(layer.feature_count)
                ),
                None => format_count(layer.feature_count),
            };
            ui.label(RichText::new(count).weak()).on_hover_text(format!(
                "{} {}",
                format_count(layer.feature_count),
                T::Features.tr(lang)
            ));
        });
    });
    // Second line: the opacity (while shown) and the attribute table button.
    ui.horizontal(|ui| {
        if layer.visible
            && let Some(opacity) = opacity_row(ui, lang, layer.opacity)
        {
            actions.push(Action::SetOpacity {
                layer: layer.name.clone(),
                opacity,
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let table = ui
                .small_button(T::TableButton.tr(lang))
                .on_hover_text(T::OpenTable.tr(lang));
            if table.clicked() {
                actions.push(Action::OpenTable(layer.name.clone()));
            }
            if ui.small_button(T::Style.tr(lang)).clicked() {
                actions.push(Action::OpenStyleEditor(layer.name.clone()));
            }
        });
    });
}

/// An indented opacity slider with its percentage; the new value when the user moved it.
fn opacity_row(ui: &mut Ui, lang: Language, current: f32) -> Option<f32> {
    ui.horizontal(|ui| {
        ui.add_space(24.0);
        let mut opacity = current;
        let slider = egui::Slider::new(&mut opacity, 0.0..=1.0).show_value(false);
        let response = ui.add(slider).on_hover_text(T::Opacity.tr(lang));
        ui.label(
            RichText::new(format!("{:.0} %", opacity * 100.0))
                .small()
                .weak(),
        );
        response.changed().then_some(opacity)
    })
    .inner
}

/// A small button with a painted magnifier (the default fonts have no emoji); its tooltip is
/// also its accessible name.
fn magnifier_button(ui: &mut Ui, enabled: bool, tooltip: &str) -> egui::Response {
    let response = ui
        .add_enabled(
            enabled,
            egui::Button::new("").min_size(egui::vec2(22.0, 18.0)),
        )
        .on_hover_text(tooltip);
    let colour = ui.style().interact(&response).fg_stroke.color;
    let c = response.rect.center() + egui::vec2(-1.5, -1.5);
    let painter = ui.painter();
    painter.circle_stroke(c, 4.0, egui::Stroke::new(1.5, colour));
    painter.line_segment(
        [c + egui::vec2(2.9, 2.9), c + egui::vec2(6.5, 6.5)],
        egui::Stroke::new(2.0, colour),
    );
    response
}

fn background_row(ui: &mut Ui, input: &PanelInput<'_>, actions: &mut Vec<Action>) {
    let lang = input.lang;
    if !input.online {
        ui.label(RichText::new(T::Offline.tr(lang)).small().weak());
        return;
    }
    let mut on = input.show_tiles;
    if ui.checkbox(&mut on, T::BackgroundTiles.tr(lang)).changed() {
        actions.push(Action::SetTilesVisible(on));
    }
    if input.show_tiles
        && let Some(opacity) = opacity_row(ui, lang, input.tiles_opacity)
    {
        actions.push(Action::SetTilesOpacity(opacity));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::format_count(7), "7");
        assert_eq!(super::format_count(1234), "1 234");
        assert_eq!(super::format_count(1234567), "1 234 567");
    }
}
