//! The measure tool: click points on the map to measure a path's length and, from three
//! points, the area it encloses (geodesic, WGS84 ellipsoid: `analysis::measure`).
//!
//! While the tool is on, a click adds a vertex instead of identifying; the "Measure" button
//! on the map turns it on and off, "Clear" starts again, and Esc turns it off. The path is
//! drawn by the [`MeasureOverlay`] plugin with a dashed closing segment when it encloses an
//! area; the figures show in a small box under the map's buttons.

use egui::{Color32, Rect, Response, RichText, Shape, Stroke, Ui, UiBuilder, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::actions::Action;
use super::i18n::{Language, T};
use super::transform::{ScreenTransform, merc_from_wgs84};
use crate::analysis::measure::{format_area, format_distance, path_length_m, polygon_area_m2};

/// The points measured so far (WGS84 lon/lat).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measure {
    pub points_wgs84: Vec<[f64; 2]>,
}

impl Measure {
    pub fn length_m(&self) -> f64 {
        path_length_m(&self.points_wgs84)
    }

    /// The enclosed area in m² (0 below three points).
    pub fn area_m2(&self) -> f64 {
        polygon_area_m2(&self.points_wgs84)
    }

    /// The lines of the result box, in the UI language.
    pub fn summary(&self, lang: Language) -> Vec<String> {
        if self.points_wgs84.len() < 2 {
            return vec![T::MeasureHint.tr(lang).to_string()];
        }
        let mut out = vec![format!(
            "{}: {}",
            T::Distance.tr(lang),
            format_distance(self.length_m())
        )];
        if self.points_wgs84.len() >= 3 {
            out.push(format!(
                "{}: {}",
                T::Area.tr(lang),
                format_area(self.area_m2())
            ));
        }
        out
    }
}

/// Draws the measured path over the map.
pub struct MeasureOverlay<'a> {
    pub measure: &'a Measure,
}

impl Plugin for MeasureOverlay<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let pts: Vec<egui::Pos2> = self
            .measure
            .points_wgs84
            .iter()
            .map(|p| t.to_screen(merc_from_wgs84(p[0], p[1])))
            .collect();
        let colour = Color32::from_rgb(220, 40, 120);
        if pts.len() >= 3 {
            let closing = [pts[pts.len() - 1], pts[0]];
            painter.extend(Shape::dashed_line(
                &closing,
                Stroke::new(2.0, colour),
                6.0,
                4.0,
            ));
        }
        if pts.len() >= 2 {
            painter.add(Shape::line(pts.clone(), Stroke::new(2.5, colour)));
        }
        for p in pts {
            painter.circle(p, 4.0, Color32::WHITE, Stroke::new(2.0, colour));
        }
    }
}

/// The Measure / Clear buttons and the result box, under the zoom buttons on the right.
pub fn controls(
    ui: &mut Ui,
    map: Rect,
    measure: Option<&Measure>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let area = Rect::from_min_max(
        map.right_top() + vec2(-260.0, 140.0),
        map.right_top() + vec2(-10.0, 260.0),
    );
    let layout = egui::Layout::top_down(egui::Align::Max);
    ui.scope_builder(UiBuilder::new().max_rect(area).layout(layout), |ui| {
        let on = measure.is_some();
        let button = egui::Button::new(T::Measure.tr(lang))
            .selected(on)
            .min_size(vec2(0.0, 28.0));
        if ui
            .add(button)
            .on_hover_text(T::MeasureTip.tr(lang))
            .clicked()
        {
            actions.push(Action::SetMeasuring(!on));
        }
        let Some(m) = measure else { return };
        egui::Frame::new()
            .fill(Color32::from_white_alpha(235))
            .corner_radius(4)
            .inner_margin(6)
            .show(ui, |ui| {
                for line in m.summary(lang) {
                    ui.label(RichText::new(line).color(Color32::from_rgb(30, 30, 30)));
                }
                if !m.points_wgs84.is_empty() && ui.small_button(T::ClearMeasure.tr(lang)).clicked()
                {
                    actions.push(Action::ClearMeasure);
                }
            });
    });
    if measure.is_some() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        actions.push(Action::SetMeasuring(false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_grows_with_the_points() {
        let mut m = Measure::default();
        assert_eq!(
            m.summary(Language::En),
            vec![T::MeasureHint.tr(Language::En)]
        );
        m.points_wgs84 = vec![[19.8187, 41.3275], [19.4547, 41.3131]];
        assert_eq!(m.summary(Language::En), vec!["Distance: 30.5 km"]);
        m.points_wgs84.push([19.6, 41.5]);
        let s = m.summary(Language::Sq);
        assert_eq!(s.len(), 2);
        assert!(s[0].starts_with("Distanca: "), "{s:?}");
        assert!(
            s[1].starts_with("Sipërfaqja: ") && s[1].ends_with("km²"),
            "{s:?}"
        );
    }
}
