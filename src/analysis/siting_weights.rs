//! Demand weights for siting from a risk-zones layer: a case inside a zone weighs the zone's
//! risk class (1 low … 4 very high), a case outside every zone weighs 1, so a new centre is
//! drawn towards the children in the riskiest places without ignoring the others.
//!
//! Inputs: cases (WGS84 points) and a zones layer as `analysis::risk_layer` writes it
//! (polygons in WGS84 with an integer field `class`, 1–4). Output: one weight per case, in
//! the cases' order, for [`DemandWeight::PerCase`](super::siting::DemandWeight::PerCase).
//! Zones of one run do not overlap; if a layer's zones did, the highest class wins.
//! Algorithm: an R-tree of the zones' boxes ([`PolygonIndex`]) and a point-in-polygon test
//! per case. Complexity: O(z log z + n (log z + v)) for z zones with v vertices per tested
//! zone and n cases.

use geo::{Geometry, MultiPolygon};

use super::index::PolygonIndex;
use crate::model::{Case, FeatureLayer, Value};

/// Weight of a case outside every zone.
pub const OUTSIDE_WEIGHT: f64 = 1.0;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ZoneWeightError {
    #[error("layer {0} has no field 'class': it is not a risk-zones layer")]
    NoClassField(String),
    #[error("layer {layer} feature {row}: the risk class must be a whole number from 1 to 4")]
    BadClass { layer: String, row: usize },
}

/// One weight per case: the class of the riskiest zone holding it, else [`OUTSIDE_WEIGHT`].
pub fn risk_zone_weights(
    cases: &[Case],
    zones: &FeatureLayer,
) -> Result<Vec<f64>, ZoneWeightError> {
    let field = zones
        .field_index("class")
        .ok_or_else(|| ZoneWeightError::NoClassField(zones.name.clone()))?;
    let mut polygons = Vec::new();
    let mut classes = Vec::new();
    for (row, f) in zones.features.iter().enumerate() {
        let class = match f.values.get(field) {
            Some(Value::Int(c)) if (1..=4).contains(c) => *c as f64,
            Some(Value::Real(c)) if (1.0..=4.0).contains(c) && c.fract() == 0.0 => *c,
            _ => {
                return Err(ZoneWeightError::BadClass {
                    layer: zones.name.clone(),
                    row: row + 1,
                });
            }
        };
        let area: Option<MultiPolygon<f64>> = match &f.geometry_wgs84 {
            Some(Geometry::Polygon(p)) => Some(MultiPolygon(vec![p.clone()])),
            Some(Geometry::MultiPolygon(m)) => Some(m.clone()),
            _ => None,
        };
        if let Some(a) = area {
            polygons.push(a);
            classes.push(class);
        }
    }
    // Highest class first, so `containing` (the first hit) returns the riskiest zone.
    let mut order: Vec<usize> = (0..polygons.len()).collect();
    order.sort_by(|&a, &b| classes[b].total_cmp(&classes[a]));
    let classes: Vec<f64> = order.iter().map(|&i| classes[i]).collect();
    let polygons: Vec<MultiPolygon<f64>> = order.iter().map(|&i| polygons[i].clone()).collect();
    let index = PolygonIndex::new(polygons);
    Ok(cases
        .iter()
        .map(|c| {
            index
                .containing(c.pos_wgs84)
                .map_or(OUTSIDE_WEIGHT, |i| classes[i])
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use geo::polygon;

    use super::*;
    use crate::model::{Feature, FieldDef, FieldKind, GeometryType, LayerKind};

    fn square(x0: f64, y0: f64, size: f64) -> Geometry<f64> {
        Geometry::Polygon(polygon![
            (x: x0, y: y0),
            (x: x0 + size, y: y0),
            (x: x0 + size, y: y0 + size),
            (x: x0, y: y0 + size),
            (x: x0, y: y0),
        ])
    }

    fn zones(items: &[(Geometry<f64>, Value)]) -> FeatureLayer {
        let mut layer = FeatureLayer::new(
            "risk_zones_m07",
            LayerKind::Other,
            GeometryType::Polygon,
            vec![FieldDef::new("class", FieldKind::Int)],
        );
        for (g, v) in items {
            layer.features.push(Feature {
                fid: None,
                geometry_wgs84: Some(g.clone()),
                values: vec![v.clone()],
            });
        }
        layer
    }

    fn case_at(x: f64, y: f64) -> Case {
        crate::analysis::nearest::tests::case_at(0, x, y)
    }

    #[test]
    fn inside_a_zone_weighs_its_class_outside_weighs_one() {
        let layer = zones(&[
            (square(19.0, 41.0, 0.1), Value::Int(4)),
            (square(20.0, 41.0, 0.1), Value::Int(2)),
            // Overlapping a class-4 zone with a lower class: the higher one wins.
            (square(19.05, 41.05, 0.1), Value::Int(1)),
        ]);
        let cases = [
            case_at(19.02, 41.02),
            case_at(20.05, 41.05),
            case_at(19.07, 41.07),
            case_at(19.12, 41.12),
            case_at(21.0, 42.0),
        ];
        let w = risk_zone_weights(&cases, &layer).unwrap();
        assert_eq!(w, vec![4.0, 2.0, 4.0, 1.0, OUTSIDE_WEIGHT]);
    }

    #[test]
    fn a_layer_without_classes_is_refused() {
        let mut layer = zones(&[(square(19.0, 41.0, 0.1), Value::Int(4))]);
        layer.fields[0] = FieldDef::new("score", FieldKind::Int);
        assert!(matches!(
            risk_zone_weights(&[], &layer),
            Err(ZoneWeightError::NoClassField(_))
        ));
        let layer = zones(&[(square(19.0, 41.0, 0.1), Value::Int(7))]);
        assert_eq!(
            risk_zone_weights(&[], &layer),
            Err(ZoneWeightError::BadClass {
                layer: "risk_zones_m07".into(),
                row: 1
            })
        );
    }
}
