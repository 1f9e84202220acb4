//! The places field teams should visit, as route stops: high-risk zone centres, coastal
//! hotspots in season and the access points of mine perimeters, inside an area.
//!
//! Inputs (WGS84): a risk-zones layer (`analysis::risk_layer`: field `class`, 1–4), the
//! hotspots and mine perimeters, the settlements, the chosen municipality (or all) and the
//! month. Stops:
//! - each zone of class 3 (high) or 4 (very high): its interior point (always inside the
//!   zone), priority = class, id `Z<fid> <label>`;
//! - each hotspot active in the month: its interior point, priority 3, its peak hours as the
//!   time window when they parse ("10:00-19:00"), id = its name;
//! - each mine perimeter (active or abandoned: children collect chrome at both): the point of its boundary nearest to the closest
//!   settlement (where children come in from; the perimeter's interior point when there are
//!   no settlements), priority 4, id = its name.
//!
//! Only places, never cases: no stop carries personal data. O((zones + hotspots + mines) ×
//! settlements) for the access points (a few thousand settlements: milliseconds).

use geo::{
    Closest, ClosestPoint, Contains, Distance, Haversine, InteriorPoint, MultiPolygon, Point,
};

use super::routing::{Stop, TimeWindow};
use crate::model::{FeatureLayer, Hotspot, MinePerimeter, Value};

/// Where stops come from.
pub struct StopSources<'a> {
    pub zones: Option<&'a FeatureLayer>,
    pub hotspots: &'a [Hotspot],
    pub mines: &'a [MinePerimeter],
    /// Settlement positions (for mine access points).
    pub settlements: &'a [Point<f64>],
    /// Only stops inside this area (`None`: everywhere).
    pub area: Option<&'a MultiPolygon<f64>>,
    pub month: u32,
}

/// Which kinds of stops to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopKinds {
    pub zones: bool,
    pub hotspots: bool,
    pub mines: bool,
}

/// The stops (see the module documentation), each with `service_s` of service time.
pub fn field_stops(src: &StopSources, kinds: StopKinds, service_s: f64) -> Vec<Stop> {
    let inside = |p: &Point<f64>| src.area.is_none_or(|a| a.contains(p));
    let mut out = Vec::new();
    let mut push = |id: String, p: Point<f64>, priority: f64, windows: Vec<TimeWindow>| {
        let mut s = Stop::new(id, p);
        s.priority = priority;
        s.service_s = service_s;
        s.windows = windows;
        out.push(s);
    };
    if let (true, Some(layer)) = (kinds.zones, src.zones) {
        let class = layer.field_index("class");
        let label = layer.field_index("label_sq");
        for (row, f) in layer.features.iter().enumerate() {
            let c = class
                .and_then(|i| f.values.get(i))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let Some(p) = f.geometry_wgs84.as_ref().and_then(|g| g.interior_point()) else {
                continue;
            };
            if c >= 3 && inside(&p) {
                let name = label
                    .and_then(|i| f.values.get(i))
                    .and_then(|v| v.non_empty_text());
                let id = format!(
                    "Z{} {}",
                    f.fid.unwrap_or(row as i64 + 1),
                    name.unwrap_or_default()
                );
                push(id.trim().to_string(), p, c as f64, Vec::new());
            }
        }
    }
    if kinds.hotspots {
        for h in src
            .hotspots
            .iter()
            .filter(|h| h.active_months.contains(src.month))
        {
            let Some(p) = h.area_wgs84.interior_point() else {
                continue;
            };
            if inside(&p) {
                let windows = h
                    .peak_hours
                    .as_deref()
                    .and_then(|t| TimeWindow::parse_list(&t.replace(',', ";")).ok())
                    .unwrap_or_default();
                push(h.name.clone(), p, 3.0, windows);
            }
        }
    }
    if kinds.mines {
        for m in src.mines {
            let Some(p) = access_point(&m.area_wgs84, src.settlements) else {
                continue;
            };
            if inside(&p) {
                push(m.name.clone(), p, 4.0, Vec::new());
            }
        }
    }
    out
}

/// The boundary point of `area` nearest to the settlement closest to it.
pub fn access_point(area: &MultiPolygon<f64>, settlements: &[Point<f64>]) -> Option<Point<f64>> {
    let centre = area.interior_point()?;
    let nearest = settlements.iter().min_by(|a, b| {
        Haversine
            .distance(**a, centre)
            .total_cmp(&Haversine.distance(**b, centre))
    });
    let Some(&town) = nearest else {
        return Some(centre);
    };
    let rings = area.iter().map(|p| p.exterior());
    let best = rings
        .filter_map(|r| match r.closest_point(&town) {
            Closest::Intersection(p) | Closest::SinglePoint(p) => Some(p),
            Closest::Indeterminate => None,
        })
        .min_by(|a, b| {
            Haversine
                .distance(*a, town)
                .total_cmp(&Haversine.distance(*b, town))
        });
    best.or(Some(centre))
}
