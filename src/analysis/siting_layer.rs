//! A siting run's chosen sites as layers to store, draw and export: the sites (points) and
//! their catchments (circles of the reach), with counts of newly covered cases suppressed
//! below `risk_layer::MIN_COUNT`.
//!
//! Input: one [`PResult`] of `analysis::siting` and the layer base name. Output: two
//! [`FeatureLayer`]s (kind `Other`, WGS84): `<base>` with points and `<base>_catchments`
//! with 72-gon circles of `radius_m` drawn in Albania TM (metres) and turned back to WGS84.
//! Fields: `rank`, `site_id`, `new_cases` (null when fewer than 5), `new_cases_note` ("< 5"
//! then), `in_reach_cases` (same rule), `radius_m`, `p`. No case points. O(p) time.

use geo::{LineString, Point, Polygon};

use super::risk_layer::published_count;
use super::siting::{ChosenSite, PResult};
use crate::crs::{CrsError, Transformer};
use crate::model::{Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Value};

/// The stored name of a siting run's site layer, e.g. `sites_p3_2000m`.
pub fn sites_layer_name(p: usize, reach_m: f64) -> String {
    format!("sites_p{p}_{}m", reach_m.round() as i64)
}

fn fields() -> Vec<FieldDef> {
    use FieldKind::*;
    vec![
        FieldDef::new("rank", Int),
        FieldDef::new("site_id", Text),
        FieldDef::new("new_cases", Int),
        FieldDef::new("new_cases_note", Text),
        FieldDef::new("in_reach_cases", Int),
        FieldDef::new("in_reach_cases_note", Text),
        FieldDef::new("radius_m", Real),
        FieldDef::new("p", Int),
    ]
}

fn values(s: &ChosenSite, p: usize) -> Vec<Value> {
    let (new, new_note) = published_count(s.marginal_cases as usize);
    let (reach, reach_note) = published_count(s.in_reach_cases as usize);
    vec![
        Value::Int(s.rank as i64),
        Value::Text(s.id.clone()),
        new,
        new_note,
        reach,
        reach_note,
        Value::Real(s.radius_m.round()),
        Value::Int(p as i64),
    ]
}

/// A circle of `radius_m` around `centre` (WGS84), drawn in Albania TM.
pub fn circle_wgs84(centre: Point<f64>, radius_m: f64) -> Result<Polygon<f64>, CrsError> {
    let to_tm = Transformer::wgs84_to_tm();
    let to_wgs = Transformer::tm_to_wgs84();
    let (cx, cy) = to_tm.point(centre.x(), centre.y())?;
    let mut ring = Vec::with_capacity(73);
    for k in 0..72 {
        let a = k as f64 / 72.0 * std::f64::consts::TAU;
        let (x, y) = to_wgs.point(cx + radius_m * a.cos(), cy + radius_m * a.sin())?;
        ring.push((x, y));
    }
    ring.push(ring[0]);
    Ok(Polygon::new(LineString::from(ring), vec![]))
}

/// The sites and their catchments (see the module documentation).
pub fn siting_layers(
    base: &str,
    result: &PResult,
) -> Result<(FeatureLayer, FeatureLayer), CrsError> {
    let mut sites = FeatureLayer::new(base, LayerKind::Other, GeometryType::Point, fields());
    let name = format!("{base}_catchments");
    let mut areas = FeatureLayer::new(&name, LayerKind::Other, GeometryType::Polygon, fields());
    for s in &result.sites {
        sites.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(s.pos_wgs84.into()),
            values: values(s, result.p),
        });
        areas.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(circle_wgs84(s.pos_wgs84, s.radius_m)?.into()),
            values: values(s, result.p),
        });
    }
    Ok((sites, areas))
}
