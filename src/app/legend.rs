//! The legend: the symbols of the layers now shown, in the order they are drawn (top first),
//! from the same `style.rs` definitions the map uses.
//!
//! Each layer lists the classes of its style that have shown features, with their counts
//! after filters: cases by kind with their Okabe–Ito colours (and a note when the map groups
//! them into clusters), services by type with their symbols, categorized and graduated layers
//! by value or range; a single-symbol layer shows one entry. The basemap's land and sea close
//! the list.

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::i18n::{self, Language, T};
use super::identify::format_real;
use super::layers_panel::format_count;
use super::state::{LayerView, Session};
use super::style::{self, Swatch, faded};
use crate::model::{GeometryType, LayerKind, StyleRule};

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
    entry(
        ui,
        &Swatch::Fill(style::NEIGHBOUR_LAND, Stroke::NONE),
        T::NeighbourCountries.tr(lang),
    );
    entry(ui, &Swatch::Fill(style::SEA, Stroke::NONE), T::Sea.tr(lang));
}

/// The label of class `i` of a layer's style: the category's name in the UI language (or the
/// stored value), a value range for graduated classes, "other" for the last class.
pub fn class_label(layer: &LayerView, i: usize, lang: Language) -> String {
    match &layer.style.rule {
        StyleRule::Single { .. } => i18n::layer_label(layer.kind, &layer.name, lang),
        StyleRule::Categorized { field, classes } => match classes.get(i) {
            Some(c) => i18n::category_value(layer.kind, field, &c.value, lang)
                .map_or_else(|| c.value.clone(), str::to_string),
            None => T::OtherValues.tr(lang).to_string(),
        },
        StyleRule::Graduated { bounds, min, .. } => match bounds.get(i) {
            Some(hi) => {
                let lo = if i == 0 { *min } else { bounds[i - 1] };
                format!("{} – {}", format_real(lo), format_real(*hi))
            }
            None => T::NoValue.tr(lang).to_string(),
        },
    }
}

fn layer_entries(ui: &mut Ui, layer: &LayerView, clustered: bool, lang: Language) {
    let o = layer.opacity;
    let title = match layer.kind {
        LayerKind::Cases => T::CasesByKind.tr(lang).to_string(),
        LayerKind::Services => T::ServicesByType.tr(lang).to_string(),
        LayerKind::Mines => T::MinePerimeter.tr(lang).to_string(),
        LayerKind::Hotspots => T::CoastalHotspot.tr(lang).to_string(),
        LayerKind::Municipalities => T::MunicipalityBoundary.tr(lang).to_string(),
        LayerKind::Qarqe => T::QarkBoundary.tr(lang).to_string(),
        kind => i18n::layer_label(kind, &layer.name, lang),
    };
    let is_points = matches!(
        layer.data.geometry_type,
        GeometryType::Point | GeometryType::MultiPoint
    );
    let single = matches!(layer.style.rule, StyleRule::Single { .. });
    if !single {
        let field = layer.style.field().unwrap_or_default();
        // Cases by kind and services by type need no field name: their title says it.
        let own_categories = matches!(
            (layer.kind, field),
            (LayerKind::Cases, "kind") | (LayerKind::Services, "service_type")
        );
        let heading = if own_categories {
            title.clone()
        } else {
            format!(
                "{title}: {}",
                i18n::field_label(field, lang).unwrap_or(field)
            )
        };
        ui.label(RichText::new(heading).strong());
    }
    for i in 0..layer.style.class_count() {
        let n = layer.class_counts.get(i).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let look = layer.style.look(i);
        let swatch = if is_points {
            Swatch::Point(look.symbol, faded(style::colour(look.colour), o))
        } else if layer.kind == LayerKind::Roads {
            Swatch::Line(Stroke::new(1.6, faded(style::colour(look.colour), o)))
        } else {
            let (fill, stroke) = style::polygon_look(layer.kind, &layer.style, i);
            let stroke = Stroke::new(stroke.width, faded(stroke.color, o));
            match fill {
                Some(fill) => Swatch::Fill(faded(fill, o), stroke),
                None => Swatch::Line(stroke),
            }
        };
        let label = if single {
            title.clone()
        } else {
            format!("{} ({})", class_label(layer, i, lang), format_count(n))
        };
        entry(ui, &swatch, &label);
    }
    if clustered && layer.kind == LayerKind::Cases {
        ui.label(RichText::new(T::ClusterNote.tr(lang)).small().weak());
    }
}
