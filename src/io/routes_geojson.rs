//! GeoJSON of planned field routes: one FeatureCollection (WGS84, RFC 7946) holding
//!
//! - per route a LineString base → stops → base (leg shapes from a [`LegGeometry`]) with
//!   `kind: "route"`, `team`, `team_index`, `day` (weekday), `day_index`, `stops`,
//!   `length_m`, `duration_s`, `travel_s`, `wait_s`, `start`, `end` (HH:MM);
//! - per visit a Point with `kind: "stop"`, `id`, `team`, `day`, `order` (1-based), `arrival`
//!   and `departure` (HH:MM), `arrival_s`, `wait_s`, `leg_m` (metres from the previous
//!   place), `priority`;
//! - per stop left out a Point with `kind: "unassigned"`, `id`, `priority`, `reason` (code)
//!   and `reason_text`.
//!
//! Stops carry only the user's ids, never a person's name. Coordinates rounded to 7
//! decimals. Written atomically. O(total vertices).

use std::io::Write;
use std::path::Path;

use geo::Point;
use serde_json::{Value, json};

use super::atomic::write_atomic;
use super::gpx::weekday_name;
use crate::analysis::routing::{LegGeometry, Problem, RoutePlan, format_clock};

fn coord(p: Point<f64>) -> Value {
    let r = |v: f64| (v * 1e7).round() / 1e7;
    json!([r(p.x()), r(p.y())])
}

fn round(v: f64, unit: f64) -> f64 {
    (v / unit).round() * unit
}

/// The plan as a GeoJSON FeatureCollection (see the module doc).
pub fn routes_geojson(plan: &RoutePlan, problem: &Problem, legs: &dyn LegGeometry) -> Value {
    let mut features = Vec::new();
    for r in &plan.routes {
        let team = &problem.teams[r.team].id;
        let day = weekday_name(r.weekday);
        let line: Vec<Value> = r.line_wgs84(problem, legs).into_iter().map(coord).collect();
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "LineString", "coordinates": line },
            "properties": {
                "kind": "route",
                "team": team,
                "team_index": r.team,
                "day": day,
                "day_index": r.day,
                "stops": r.visits.len(),
                "length_m": round(r.dist_m, 0.1),
                "duration_s": round(r.duration_s, 1.0),
                "travel_s": round(r.travel_s, 1.0),
                "wait_s": round(r.wait_s, 1.0),
                "start": format_clock(r.start_s),
                "end": format_clock(r.end_s),
            }
        }));
        for (i, v) in r.visits.iter().enumerate() {
            let stop = &problem.stops[v.stop];
            features.push(json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": coord(stop.pos_wgs84) },
                "properties": {
                    "kind": "stop",
                    "id": stop.id,
                    "team": team,
                    "day": day,
                    "order": i + 1,
                    "arrival": format_clock(v.arrival_s),
                    "departure": format_clock(v.departure_s),
                    "arrival_s": round(v.arrival_s, 1.0),
                    "wait_s": round(v.wait_s, 1.0),
                    "leg_m": round(v.leg_dist_m, 0.1),
                    "priority": stop.priority,
                }
            }));
        }
    }
    for u in &plan.unassigned {
        let stop = &problem.stops[u.stop];
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": coord(stop.pos_wgs84) },
            "properties": {
                "kind": "unassigned",
                "id": stop.id,
                "priority": stop.priority,
                "reason": u.reason.code(),
                "reason_text": u.reason.describe(),
            }
        }));
    }
    json!({ "type": "FeatureCollection", "features": features })
}

/// Writes [`routes_geojson`] to `path` atomically.
pub fn write_routes_geojson(
    path: &Path,
    plan: &RoutePlan,
    problem: &Problem,
    legs: &dyn LegGeometry,
) -> std::io::Result<()> {
    let value = routes_geojson(plan, problem, legs);
    write_atomic(path, |w| {
        serde_json::to_writer(&mut *w, &value)?;
        w.write_all(b"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::routing::StraightLegs;

    #[test]
    fn routes_and_ordered_stops_with_properties() {
        let (p, plan) = super::super::gpx::tests::small_plan();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("routes.geojson");
        write_routes_geojson(&path, &plan, &p, &StraightLegs).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let gj: geojson::GeoJson = text.parse().expect("valid GeoJSON");
        let geojson::GeoJson::FeatureCollection(fc) = gj else {
            panic!("not a FeatureCollection")
        };
        let kind = |f: &geojson::Feature| {
            f.property("kind")
                .and_then(|k| k.as_str())
                .map(String::from)
        };
        let lines: Vec<_> = fc
            .features
            .iter()
            .filter(|f| kind(f).as_deref() == Some("route"))
            .collect();
        let stops: Vec<_> = fc
            .features
            .iter()
            .filter(|f| kind(f).as_deref() == Some("stop"))
            .collect();
        assert_eq!(lines.len(), plan.routes.len());
        assert_eq!(stops.len(), plan.served());
        for (f, r) in lines.iter().zip(&plan.routes) {
            let Some(geojson::GeometryValue::LineString { coordinates: c }) =
                f.geometry.as_ref().map(|g| &g.value)
            else {
                panic!("route is not a LineString")
            };
            assert_eq!(c.len(), r.visits.len() + 2);
            let len = f.property("length_m").and_then(|v| v.as_f64()).unwrap();
            assert!((len - r.dist_m).abs() <= 0.05 + 1e-9);
            assert_eq!(
                f.property("team").and_then(|v| v.as_str()),
                Some(p.teams[r.team].id.as_str())
            );
        }
        let first = &plan.routes[0];
        let orders: Vec<(String, u64)> = stops
            .iter()
            .filter(|f| {
                f.property("day").and_then(|v| v.as_str()) == Some(weekday_name(first.weekday))
            })
            .filter(|f| {
                f.property("team").and_then(|v| v.as_str()) == Some(p.teams[first.team].id.as_str())
            })
            .map(|f| {
                let id = f
                    .property("id")
                    .and_then(|v| v.as_str())
                    .unwrap()
                    .to_string();
                (id, f.property("order").and_then(|v| v.as_u64()).unwrap())
            })
            .collect();
        let want: Vec<(String, u64)> = first
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| (p.stops[v.stop].id.clone(), i as u64 + 1))
            .collect();
        assert_eq!(orders, want);
        assert!(stops.iter().all(|f| f.property("arrival").is_some()));
    }
}
