//! Risk zones as a layer to store and export, with small counts suppressed.
//!
//! Input: the [`Zone`]s of one run (polygons in Albania TM metres), the month and the
//! municipalities the zones' labels refer to. Output: a [`FeatureLayer`] (kind `Other`,
//! polygons in WGS84) with one feature per zone and the fields
//! `class` (1–4), `class_code`, `label_en`, `label_sq`, `month`, `area_km2`, `cases`,
//! `cases_note`, `municipalities` (JSON text: `[{lau, name, area_km2, cases, cases_note}]`,
//! largest area first); and a per-class summary ([`class_summaries`]).
//! Privacy: zones carry counts, never case points. A count below [`MIN_COUNT`] (including 0,
//! so a reader cannot tell "none" from "one child") is written as null with
//! `cases_note = "< 5"`. Complexity: O(zone vertices) for the projection.

use serde_json::json;

use super::classes::{CLASS_CODES, CLASS_LABELS_EN, CLASS_LABELS_SQ};
use super::zones::{Zone, zone_polygon_wgs84};
use crate::crs::CrsError;
use crate::model::{Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind};
use crate::model::{MunicipalityRef, Value};

/// Smallest count written as a number (k-anonymity threshold of aggregate outputs).
pub const MIN_COUNT: usize = 5;
/// What a suppressed count says instead.
pub const SUPPRESSED_NOTE: &str = "< 5";

/// The stored name of a month's zones layer, e.g. `risk_zones_m07`.
pub fn zones_layer_name(month: u32) -> String {
    format!("risk_zones_m{month:02}")
}

/// A count as it may be published: the number, or null and "< 5".
pub fn published_count(n: usize) -> (Value, Value) {
    if n < MIN_COUNT {
        (Value::Null, Value::Text(SUPPRESSED_NOTE.into()))
    } else {
        (Value::Int(n as i64), Value::Null)
    }
}

fn count_json(n: usize) -> (serde_json::Value, serde_json::Value) {
    if n < MIN_COUNT {
        (serde_json::Value::Null, json!(SUPPRESSED_NOTE))
    } else {
        (json!(n), serde_json::Value::Null)
    }
}

fn km2(m2: f64) -> f64 {
    (m2 / 1e6 * 10_000.0).round() / 10_000.0
}

/// The zones as a layer (see the module documentation). `municipalities[label - 1]`
/// names a zone share's municipality.
pub fn zones_layer(
    name: &str,
    month: u32,
    zones: &[Zone],
    municipalities: &[MunicipalityRef],
) -> Result<FeatureLayer, CrsError> {
    use FieldKind::*;
    let fields = vec![
        FieldDef::new("class", Int),
        FieldDef::new("class_code", Text),
        FieldDef::new("label_en", Text),
        FieldDef::new("label_sq", Text),
        FieldDef::new("month", Int),
        FieldDef::new("area_km2", Real),
        FieldDef::new("cases", Int),
        FieldDef::new("cases_note", Text),
        FieldDef::new("municipalities", Text),
    ];
    let mut layer = FeatureLayer::new(name, LayerKind::Other, GeometryType::Polygon, fields);
    for z in zones {
        let c = usize::from(z.class.min(4));
        let (cases, note) = published_count(z.cases);
        let mut shares: Vec<_> = z.municipalities.iter().collect();
        shares.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.label.cmp(&b.label)));
        let shares: Vec<serde_json::Value> = shares
            .into_iter()
            .map(|m| {
                let r = municipalities.get(usize::from(m.label).wrapping_sub(1));
                let (cases, note) = count_json(m.cases);
                json!({
                    "lau": r.map(|r| r.lau_code.as_str()),
                    "name": r.map(|r| r.name.as_str()),
                    "area_km2": km2(m.area_m2),
                    "cases": cases,
                    "cases_note": note,
                })
            })
            .collect();
        layer.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(zone_polygon_wgs84(&z.polygon_m)?.into()),
            values: vec![
                Value::Int(i64::from(z.class)),
                Value::Text(CLASS_CODES[c].into()),
                Value::Text(CLASS_LABELS_EN[c].into()),
                Value::Text(CLASS_LABELS_SQ[c].into()),
                Value::Int(i64::from(month)),
                Value::Real(km2(z.area_m2)),
                cases,
                note,
                Value::Text(serde_json::Value::Array(shares).to_string()),
            ],
        });
    }
    Ok(layer)
}

/// Totals of one class over its zones.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSummary {
    pub class: u8,
    pub zones: usize,
    pub area_m2: f64,
    /// The true total; publish it with [`ClassSummary::to_json`] (suppressed below 5).
    pub cases: usize,
}

impl ClassSummary {
    /// `{class, code, label_en, label_sq, zones, area_km2, cases, cases_note}`.
    pub fn to_json(&self) -> serde_json::Value {
        let c = usize::from(self.class.min(4));
        let (cases, note) = count_json(self.cases);
        json!({
            "class": self.class,
            "code": CLASS_CODES[c],
            "label_en": CLASS_LABELS_EN[c],
            "label_sq": CLASS_LABELS_SQ[c],
            "zones": self.zones,
            "area_km2": km2(self.area_m2),
            "cases": cases,
            "cases_note": note,
        })
    }
}

/// One summary per class 1–4 (classes without zones included, with zeros).
pub fn class_summaries(zones: &[Zone]) -> Vec<ClassSummary> {
    (1..=4u8)
        .map(|class| {
            let of: Vec<&Zone> = zones.iter().filter(|z| z.class == class).collect();
            ClassSummary {
                class,
                zones: of.len(),
                area_m2: of.iter().fold(0.0, |a, z| a + z.area_m2),
                cases: of.iter().map(|z| z.cases).sum(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::zones::ZoneMunicipality;
    use geo::{LineString, Polygon};

    fn zone(class: u8, cases: usize, shares: Vec<ZoneMunicipality>) -> Zone {
        let (x, y) = (480_000.0, 4_580_000.0);
        let ring = vec![
            (x, y),
            (x + 200.0, y),
            (x + 200.0, y + 100.0),
            (x, y + 100.0),
            (x, y),
        ];
        Zone {
            class,
            cells: 2,
            area_m2: 20_000.0,
            cases,
            municipalities: shares,
            polygon_m: Polygon::new(LineString::from(ring), vec![]),
        }
    }

    #[test]
    fn small_counts_are_null_with_a_note() {
        let muni = vec![MunicipalityRef {
            lau_code: "AL111".into(),
            name: "Bulqizë".into(),
        }];
        let share = |cases| ZoneMunicipality {
            label: 1,
            cells: 2,
            area_m2: 20_000.0,
            cases,
        };
        let zones = [
            zone(3, 4, vec![share(4)]),
            zone(4, 7, vec![share(7)]),
            zone(1, 0, vec![]),
        ];
        let layer = zones_layer(&zones_layer_name(7), 7, &zones, &muni).unwrap();
        assert_eq!(layer.name, "risk_zones_m07");
        let v = |i: usize, f: &str| layer.value(&layer.features[i], f).clone();
        assert_eq!(
            (v(0, "cases"), v(0, "cases_note")),
            (Value::Null, Value::Text("< 5".into()))
        );
        assert_eq!(
            (v(1, "cases"), v(1, "cases_note")),
            (Value::Int(7), Value::Null)
        );
        assert_eq!(v(2, "cases"), Value::Null, "0 is suppressed too");
        assert_eq!(v(0, "label_sq"), Value::Text("i lartë".into()));
        assert_eq!(v(1, "area_km2"), Value::Real(0.02));
        let shares: serde_json::Value =
            serde_json::from_str(v(0, "municipalities").as_str().unwrap()).unwrap();
        assert_eq!(shares[0]["name"], "Bulqizë");
        assert_eq!(shares[0]["cases"], serde_json::Value::Null);
        assert_eq!(shares[0]["cases_note"], "< 5");
        let summary = class_summaries(&zones);
        assert_eq!(summary.len(), 4);
        assert_eq!(summary[3].to_json()["cases"], 7);
        assert_eq!(summary[2].to_json()["cases"], serde_json::Value::Null);
        assert_eq!(summary[1].zones, 0);
    }
}
