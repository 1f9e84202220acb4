//! The legend: the symbols of the layers now shown, in the order they are drawn (top first),
//! from the same `style.rs` definitions the map uses.
//!
//! Cases list the kinds present with their Okabe–Ito colours (and a note when the map groups
//! them into clusters); services list the types present with their symbols; polygon and line
//! layers show their fill or stroke; the basemap's land and sea close the list.

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::i18n::{self, Language, T};
use super::layers_panel::format_count;
use super::state::{LayerView, Session};
use super::style::{self, Swatch, faded};
use crate::model::{CaseKind, LayerKind, ServiceType};

fn entry(ui: &mut Ui, swatch: &Swatch, text: &str) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(22.0, 14.0), Sense::hover());
        style::paint_swatch(ui.painter(), rect, swatch);
        ui.label(text);
    });
}

pub fn show(ui: &mut Ui, session: &Session, lang: Language) {
    ui.heading(T::Legend.tr(lang));
    let Some(project) = &session.project else {
        return;
    };
    for layer in project.layers.iter().rev().filter(|l| l.visible) {
        layer_entries(ui, layer, session.cases_clustered, lang);
    }
    ui.add_space(4.0);
    entry(
        ui,
        &Swatch::Fill(style::LAND, Stroke::new(0.7, style::MUNICIPALITY_LINE)),
        T::Land.tr(lang),
    );
    entry(ui, &Swatch::Fill(style::SEA, Stroke::NONE), T::Sea.tr(lang));
}

fn layer_entries(ui: &mut Ui, layer: &LayerView, clustered: bool, lang: Language) {
    let o = layer.opacity;
    match layer.kind {
        LayerKind::Cases => {
            ui.label(RichText::new(T::CasesByKind.tr(lang)).strong());
            for (i, kind) in CaseKind::ALL.iter().enumerate() {
                let n = layer.class_counts.get(i).copied().unwrap_or(0);
                if n > 0 {
                    let swatch =
                        Swatch::Point(style::Symbol::Circle, faded(style::case_colour(*kind), o));
                    let label = format!("{} ({})", i18n::case_kind(*kind, lang), format_count(n));
                    entry(ui, &swatch, &label);
                }
            }
            if clustered {
                ui.label(RichText::new(T::ClusterNote.tr(lang)).small().weak());
            }
        }
        LayerKind::Services => {
            ui.label(RichText::new(T::ServicesByType.tr(lang)).strong());
            for (i, ty) in ServiceType::ALL.iter().enumerate() {
                let n = layer.class_counts.get(i).copied().unwrap_or(0);
                if n > 0 {
                    let swatch =
                        Swatch::Point(style::service_symbol(*ty), faded(style::SERVICE_COLOUR, o));
                    let label = format!("{} ({})", i18n::service_type(*ty, lang), format_count(n));
                    entry(ui, &swatch, &label);
                }
            }
        }
        LayerKind::Candidates => {
            let label = i18n::layer_label(layer.kind, &layer.name, lang);
            entry(
                ui,
                &Swatch::Point(style::Symbol::Circle, faded(style::CANDIDATE_COLOUR, o)),
                &label,
            );
        }
        LayerKind::Roads => {
            let label = i18n::layer_label(layer.kind, &layer.name, lang);
            entry(
                ui,
                &Swatch::Line(Stroke::new(1.6, faded(style::ROAD_COLOUR, o))),
                &label,
            );
        }
        kind => {
            let label = match kind {
                LayerKind::Mines => T::MinePerimeter.tr(lang).to_string(),
                LayerKind::Hotspots => T::CoastalHotspot.tr(lang).to_string(),
                LayerKind::Municipalities => T::MunicipalityBoundary.tr(lang).to_string(),
                LayerKind::Qarqe => T::QarkBoundary.tr(lang).to_string(),
                _ => i18n::layer_label(kind, &layer.name, lang),
            };
            let (fill, stroke) = style::polygon_style(kind);
            let stroke = Stroke::new(stroke.width, faded(stroke.color, o));
            let swatch = match fill {
                Some(fill) => Swatch::Fill(faded(fill, o), stroke),
                None => Swatch::Line(stroke),
            };
            entry(ui, &swatch, &label);
        }
    }
}
