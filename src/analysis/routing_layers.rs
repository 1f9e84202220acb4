//! A route plan as two layers to store and draw: the routes (lines, one per team and day)
//! and their stops in visiting order (points).
//!
//! Input: a [`RoutePlan`], its [`Problem`] and the legs' shapes. Output (kind `Other`,
//! WGS84): `field_routes` with `team`, `day`, `stops`, `length_km`, `duration_h`, `start`,
//! `end`; and `field_routes_stops` with `team`, `day`, `order`, `stop_id`, `arrival`,
//! `departure`, `priority`. Stops are places (zones, hotspots, mine access points), never
//! cases. Re-running replaces both. O(route vertices).

use geo::{LineString, Point};

use super::routing::{LegGeometry, Problem, RoutePlan, format_clock};
use crate::model::{Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Value};

/// The stored name of the routes layer; the stops layer adds `_stops`.
pub use crate::model::layer_names::ROUTES_LAYER;

fn day_code(d: chrono::Weekday) -> String {
    d.to_string().to_lowercase()
}

/// The routes and their stops (see the module documentation).
pub fn routes_layers(
    plan: &RoutePlan,
    problem: &Problem,
    legs: &dyn LegGeometry,
) -> (FeatureLayer, FeatureLayer) {
    use FieldKind::*;
    let route_fields = vec![
        FieldDef::new("team", Text),
        FieldDef::new("day", Text),
        FieldDef::new("stops", Int),
        FieldDef::new("length_km", Real),
        FieldDef::new("duration_h", Real),
        FieldDef::new("start", Text),
        FieldDef::new("end", Text),
    ];
    let stop_fields = vec![
        FieldDef::new("team", Text),
        FieldDef::new("day", Text),
        FieldDef::new("order", Int),
        FieldDef::new("stop_id", Text),
        FieldDef::new("arrival", Text),
        FieldDef::new("departure", Text),
        FieldDef::new("priority", Real),
    ];
    let mut routes = FeatureLayer::new(
        ROUTES_LAYER,
        LayerKind::Other,
        GeometryType::LineString,
        route_fields,
    );
    let name = format!("{ROUTES_LAYER}_stops");
    let mut stops = FeatureLayer::new(&name, LayerKind::Other, GeometryType::Point, stop_fields);
    for r in plan.routes.iter().filter(|r| !r.visits.is_empty()) {
        let team = problem.teams[r.team].id.clone();
        let day = day_code(r.weekday);
        let line: Vec<Point<f64>> = r.line_wgs84(problem, legs);
        routes.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(LineString::from(line).into()),
            values: vec![
                Value::Text(team.clone()),
                Value::Text(day.clone()),
                Value::Int(r.visits.len() as i64),
                Value::Real((r.dist_m / 100.0).round() / 10.0),
                Value::Real((r.duration_s / 36.0).round() / 100.0),
                Value::Text(format_clock(r.start_s)),
                Value::Text(format_clock(r.end_s)),
            ],
        });
        for (k, v) in r.visits.iter().enumerate() {
            let s = &problem.stops[v.stop];
            stops.features.push(Feature {
                fid: None,
                geometry_wgs84: Some(s.pos_wgs84.into()),
                values: vec![
                    Value::Text(team.clone()),
                    Value::Text(day.clone()),
                    Value::Int(k as i64 + 1),
                    Value::Text(s.id.clone()),
                    Value::Text(format_clock(v.arrival_s)),
                    Value::Text(format_clock(v.departure_s)),
                    Value::Real(s.priority),
                ],
            });
        }
    }
    (routes, stops)
}
