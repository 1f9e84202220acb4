//! Gap areas as a layer to store and export, with small counts suppressed.
//!
//! Input: the [`Gaps`] of one run and the municipalities their labels refer to. Output: a
//! [`FeatureLayer`] (kind `Other`, multipolygons in WGS84), one feature per area in rank
//! order, with the fields `rank`, `hexagons`, `h3_resolution`, `area_km2`, `uncovered_cases`
//! (null below `risk_layer::MIN_COUNT`, including 0), `uncovered_cases_note` ("< 5" then),
//! `mean_risk`, `max_risk`, `municipality` (name) and `lau_code`; and [`area_json`], the same
//! summary for `--json` and the app. Areas carry counts and outlines, never case points.
//! Layer name ([`gaps_layer_name`]): `gaps_<type codes joined by _>_<reach>m_mMM`, e.g.
//! `gaps_day_centre_2000m_m07`, so runs for other services, reaches or months sit side by
//! side and a re-run with the same ones replaces its layer. Complexity: O(outline vertices).

use serde_json::json;

use super::gaps::{GapArea, Gaps};
use super::risk_layer::{SUPPRESSED_NOTE, published_count};
use crate::model::{Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind};
use crate::model::{MunicipalityRef, ServiceType, Value};

/// The stored name of a gap run's layer, e.g. `gaps_day_centre_2000m_m07`.
pub fn gaps_layer_name(types: &[ServiceType], reach_m: f64, month: u32) -> String {
    let codes: Vec<&str> = types.iter().map(|t| t.code()).collect();
    format!(
        "gaps_{}_{}m_m{month:02}",
        codes.join("_"),
        reach_m.round() as i64
    )
}

fn round(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

fn municipality_of<'a>(area: &GapArea, refs: &'a [MunicipalityRef]) -> Option<&'a MunicipalityRef> {
    usize::from(area.municipality)
        .checked_sub(1)
        .and_then(|i| refs.get(i))
}

/// The areas as a layer (see the module documentation); `municipalities[label - 1]` names
/// an area's municipality.
pub fn gaps_layer(name: &str, gaps: &Gaps, municipalities: &[MunicipalityRef]) -> FeatureLayer {
    use FieldKind::*;
    let fields = vec![
        FieldDef::new("rank", Int),
        FieldDef::new("hexagons", Int),
        FieldDef::new("h3_resolution", Int),
        FieldDef::new("area_km2", Real),
        FieldDef::new("uncovered_cases", Int),
        FieldDef::new("uncovered_cases_note", Text),
        FieldDef::new("mean_risk", Real),
        FieldDef::new("max_risk", Real),
        FieldDef::new("municipality", Text),
        FieldDef::new("lau_code", Text),
    ];
    let mut layer = FeatureLayer::new(name, LayerKind::Other, GeometryType::MultiPolygon, fields);
    for a in &gaps.areas {
        let (cases, note) = published_count(a.uncovered_cases);
        let m = municipality_of(a, municipalities);
        let text = |s: Option<&String>| s.map_or(Value::Null, |s| Value::Text(s.clone()));
        layer.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(a.polygon_wgs84.clone().into()),
            values: vec![
                Value::Int(a.rank as i64),
                Value::Int(a.hexagons.len() as i64),
                Value::Int(i64::from(u8::from(gaps.resolution))),
                Value::Real(round(a.area_km2, 4)),
                cases,
                note,
                Value::Real(round(a.mean_risk, 2)),
                Value::Real(round(a.max_risk, 2)),
                text(m.map(|m| &m.name)),
                text(m.map(|m| &m.lau_code)),
            ],
        });
    }
    layer
}

/// `{rank, municipality, lau_code, hexagons, area_km2, uncovered_cases,
/// uncovered_cases_note, mean_risk, max_risk}` with the count suppressed below 5.
pub fn area_json(area: &GapArea, municipalities: &[MunicipalityRef]) -> serde_json::Value {
    let m = municipality_of(area, municipalities);
    let (cases, note) = published_json(area.uncovered_cases);
    json!({
        "rank": area.rank,
        "municipality": m.map(|m| m.name.as_str()),
        "lau_code": m.map(|m| m.lau_code.as_str()),
        "hexagons": area.hexagons.len(),
        "area_km2": round(area.area_km2, 4),
        "uncovered_cases": cases,
        "uncovered_cases_note": note,
        "mean_risk": round(area.mean_risk, 2),
        "max_risk": round(area.max_risk, 2),
    })
}

/// A count for JSON: the number, or null and "< 5".
pub fn published_json(n: usize) -> (serde_json::Value, serde_json::Value) {
    match published_count(n) {
        (Value::Int(v), _) => (json!(v), serde_json::Value::Null),
        _ => (serde_json::Value::Null, json!(SUPPRESSED_NOTE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use h3o::{LatLng, Resolution};

    fn area(rank: usize, cases: usize, municipality: u16) -> GapArea {
        let cell = LatLng::new(41.33, 19.82)
            .unwrap()
            .to_cell(Resolution::Eight);
        GapArea {
            rank,
            hexagons: vec![cell],
            area_km2: cell.area_km2(),
            land_cells: 80,
            gap_cells: 60,
            uncovered_cases: cases,
            mean_risk: 61.234,
            max_risk: 80.0,
            municipality,
            polygon_wgs84: geo::MultiPolygon::from(cell),
        }
    }

    #[test]
    fn counts_below_five_are_null_and_names_come_from_labels() {
        let gaps = Gaps {
            areas: vec![area(1, 9, 1), area(2, 3, 0)],
            gap_cells: 120,
            resolution: Resolution::Eight,
        };
        let refs = vec![MunicipalityRef {
            lau_code: "AL011".into(),
            name: "Tiranë".into(),
        }];
        let name = gaps_layer_name(&[ServiceType::DayCentre], 2000.0, 7);
        assert_eq!(name, "gaps_day_centre_2000m_m07");
        let layer = gaps_layer(&name, &gaps, &refs);
        let v = |i: usize, f: &str| layer.value(&layer.features[i], f).clone();
        assert_eq!(v(0, "uncovered_cases"), Value::Int(9));
        assert_eq!(v(0, "municipality"), Value::Text("Tiranë".into()));
        assert_eq!(v(0, "lau_code"), Value::Text("AL011".into()));
        assert_eq!(v(0, "mean_risk"), Value::Real(61.23));
        assert_eq!(v(1, "uncovered_cases"), Value::Null);
        assert_eq!(v(1, "uncovered_cases_note"), Value::Text("< 5".into()));
        assert_eq!(v(1, "municipality"), Value::Null);
        let j = area_json(&gaps.areas[1], &refs);
        assert_eq!(j["uncovered_cases"], serde_json::Value::Null);
        assert_eq!(j["uncovered_cases_note"], "< 5");
        assert_eq!(area_json(&gaps.areas[0], &refs)["uncovered_cases"], 9);
    }
}
