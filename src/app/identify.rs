//! Identify: which feature is under a click, and the side panel that shows its attributes.
//!
//! [`find`] searches the visible layers, points first, then small polygons, then municipality,
//! qark and land: point layers by the nearest point within `radius_m` metres of the click
//! (equirectangular distance, exact enough at these few metres), polygon layers by
//! point-in-polygon (WGS84). Features hidden by a filter are not found. Line layers (roads)
//! are not searched yet. Cases show
//! only their coded fields (case code, kind, status, age, sex, municipality, team, …): codes,
//! never names.

use egui::{Grid, RichText, ScrollArea, Ui};
use geo::{Intersects, Point};

use super::actions::Action;
use super::i18n::{self, Language, T};
use super::state::{Hit, Identified, LoadedProject};
use crate::model::{FeatureLayer, GeometryType, LayerKind, Value};

/// The fields a case shows, in this order.
const CASE_FIELDS: [&str; 9] = [
    "case_code",
    "identified_on",
    "kind",
    "status",
    "age",
    "sex",
    "municipality",
    "team",
    "gps_accuracy_m",
];

/// Metres between two nearby WGS84 positions (equirectangular approximation).
pub fn distance_m(a_wgs84: [f64; 2], b_wgs84: [f64; 2]) -> f64 {
    let lat0 = ((a_wgs84[1] + b_wgs84[1]) / 2.0).to_radians();
    let dx = (a_wgs84[0] - b_wgs84[0]) * 111_320.0 * lat0.cos();
    let dy = (a_wgs84[1] - b_wgs84[1]) * 110_574.0;
    (dx * dx + dy * dy).sqrt()
}

/// The topmost visible feature at `at_wgs84`, if any.
pub fn find(project: &LoadedProject, at_wgs84: [f64; 2], radius_m: f64) -> Option<Hit> {
    let click = Point::new(at_wgs84[0], at_wgs84[1]);
    let mut layers: Vec<_> = project
        .layers
        .iter()
        .filter(|l| l.visible && l.opacity > 0.0)
        .collect();
    layers.sort_by_key(|l| identify_rank(l.kind));
    for layer in layers {
        let data = &layer.data;
        let is_points = matches!(
            data.geometry_type,
            GeometryType::Point | GeometryType::MultiPoint
        );
        let found = if is_points {
            nearest_point(data, at_wgs84, radius_m, |i| layer.is_shown(i))
        } else {
            data.features.iter().enumerate().position(|(i, f)| {
                layer.is_shown(i) && matches!(&f.geometry_wgs84, Some(g @ (geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_))) if g.intersects(&click))
            })
        };
        if let Some(feature) = found {
            return Some(Hit {
                layer: layer.name.clone(),
                feature,
            });
        }
    }
    None
}

/// Search order: points first, then the small polygons, then the administrative areas from
/// the smallest (municipality) up, and the land last.
fn identify_rank(kind: LayerKind) -> u8 {
    match kind {
        LayerKind::Cases => 0,
        LayerKind::Services => 1,
        LayerKind::Candidates => 2,
        LayerKind::Other => 3,
        LayerKind::Roads => 4,
        LayerKind::Mines => 5,
        LayerKind::Hotspots => 6,
        LayerKind::Municipalities => 7,
        LayerKind::Qarqe => 8,
        LayerKind::Coastline => 9,
    }
}

fn nearest_point(
    data: &FeatureLayer,
    at_wgs84: [f64; 2],
    radius_m: f64,
    shown: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, f) in data.features.iter().enumerate().filter(|(i, _)| shown(*i)) {
        let p = match &f.geometry_wgs84 {
            Some(geo::Geometry::Point(p)) => *p,
            Some(geo::Geometry::MultiPoint(mp)) if !mp.0.is_empty() => mp.0[0],
            _ => continue,
        };
        let d = distance_m(at_wgs84, [p.x(), p.y()]);
        if d <= radius_m && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| i)
}

/// The (label, value) rows shown for a feature, in the given language.
pub fn rows(data: &FeatureLayer, feature: usize, lang: Language) -> Vec<(String, String)> {
    let Some(f) = data.features.get(feature) else {
        return Vec::new();
    };
    let names = shown_fields(data);
    let mut out = Vec::new();
    for name in names {
        let Some(text) = cell_text(data, f, name, lang) else {
            continue;
        };
        let label = i18n::field_label(name, lang)
            .map(str::to_string)
            .unwrap_or_else(|| name.to_string());
        out.push((label, text));
    }
    out
}

/// The displayed text of field `name` of feature `f`: categories in the UI language, yes/no,
/// reals without trailing zeros, counts with thousands separators; `None` when null.
pub fn cell_text(
    data: &FeatureLayer,
    f: &crate::model::Feature,
    name: &str,
    lang: Language,
) -> Option<String> {
    let value = data.value(f, name);
    if value.is_null() {
        return None;
    }
    Some(match value {
        Value::Bool(b) => i18n::yes_no(*b, lang).to_string(),
        Value::Text(code) => i18n::category_value(data.kind, name, code, lang)
            .map(str::to_string)
            .unwrap_or_else(|| code.clone()),
        Value::Real(x) => format_real(*x),
        Value::Int(n) if name == "population" || name == "capacity" => {
            super::layers_panel::format_count(n.unsigned_abs() as usize)
        }
        other => other.to_text(),
    })
}

/// The fields shown for a layer's features, in order: for cases the coded fields only.
pub fn shown_fields(data: &FeatureLayer) -> Vec<&str> {
    if data.kind == LayerKind::Cases {
        CASE_FIELDS
            .iter()
            .copied()
            .filter(|n| data.field_index(n).is_some())
            .collect()
    } else {
        data.fields.iter().map(|d| d.name.as_str()).collect()
    }
}

/// One line for a hover tooltip: the layer's label and the feature's first fields, e.g.
/// "Rastet e identifikuara: TST-2024-002 · 2023-03-15 · Lypje".
pub fn hover_text(project: &LoadedProject, hit: &Hit, lang: Language) -> Option<String> {
    let layer = project.layer(&hit.layer)?;
    let values: Vec<String> = rows(&layer.data, hit.feature, lang)
        .into_iter()
        .take(3)
        .map(|(_, v)| v)
        .collect();
    let label = i18n::layer_label(layer.kind, &layer.name, lang);
    Some(if values.is_empty() {
        label
    } else {
        format!("{label}: {}", values.join(" · "))
    })
}

/// A real number with at most three decimals and no trailing zeros ("5.93", "12").
pub fn format_real(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// The identify side panel's contents.
pub fn panel(
    ui: &mut Ui,
    project: Option<&LoadedProject>,
    identified: &Identified,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.heading(T::Identify.tr(lang));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(T::Close.tr(lang)).clicked() {
                actions.push(Action::ClearIdentify);
            }
        });
    });
    ui.label(
        RichText::new(format!(
            "{:.5}, {:.5}",
            identified.at_wgs84[0], identified.at_wgs84[1]
        ))
        .small()
        .weak(),
    );
    ui.separator();
    let found = identified
        .hit
        .as_ref()
        .and_then(|hit| project?.layer(&hit.layer).map(|layer| (hit, layer)));
    let Some((hit, layer)) = found else {
        ui.label(T::NothingHere.tr(lang));
        return;
    };
    ui.label(RichText::new(i18n::layer_label(layer.kind, &layer.name, lang)).strong());
    ScrollArea::vertical().show(ui, |ui| {
        Grid::new("identify_rows")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for (label, value) in rows(&layer.data, hit.feature, lang) {
                    ui.label(RichText::new(label).weak());
                    ui.label(value);
                    ui.end_row();
                }
            });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_are_shown_with_at_most_three_decimals() {
        assert_eq!(format_real(5.926854327058587), "5.927");
        assert_eq!(format_real(12.0), "12");
        assert_eq!(format_real(0.5), "0.5");
        assert_eq!(format_real(-0.0001), "0");
    }

    #[test]
    fn equirectangular_distance_is_close_to_haversine_at_short_range() {
        // 0.001° of latitude ≈ 110.6 m; 0.001° of longitude at 41.3° N ≈ 83.6 m.
        assert!((distance_m([19.8, 41.3], [19.8, 41.301]) - 110.6).abs() < 0.5);
        assert!((distance_m([19.8, 41.3], [19.801, 41.3]) - 83.6).abs() < 0.5);
    }
}
