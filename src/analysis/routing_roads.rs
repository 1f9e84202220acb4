//! Field routes along roads: the road network stored in a project (layers of kind Roads)
//! turned into a [`RoadGraph`], the travel matrix between team bases and stops, and the road
//! shape of each leg for maps, GPX tracks and route sheets.
//!
//! Stored road layers ([`roads_layer`] writes them: `highway`, `oneway`, `maxspeed`, `foot`,
//! `motor_vehicle`; lines in travel direction) and user-imported line layers (any of the
//! class columns `highway`, `fclass`, `type`, `class`, `road_type`, `lloji`, and the OSM tag
//! columns `oneway`, `maxspeed`, `junction`, `foot`, `access`, `motor_vehicle`, …) are read
//! through the same OSM tag rules (`roads::road_from_tags`); lines whose class is not a road
//! are counted in `skipped`, never silently dropped.
//! Matrix: contraction hierarchies, many-to-many (`RoadGraph::matrix_with`); points are
//! snapped to the nearest usable road (the off-road part at walking speed). Leg shapes are
//! routed on demand and cached. Complexity: CH build O(E log E) once per profile, matrix
//! O(n² + n·search space).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use geo::{Geometry, LineString, Point};

use super::roads::tags::{CLASS_FIELDS, TAG_FIELDS};
use super::roads::{Profile, RoadError, RoadGraph, RoadLine, RouteOptions, road_from_tags};
use super::routing::{LegGeometry, RoutingError, TravelMatrix};
use crate::model::{Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Value};
use crate::progress::Progress;

#[derive(Debug, thiserror::Error)]
pub enum RoutingRoadsError {
    #[error("the road layers hold no usable road ({skipped} lines skipped: not roads)")]
    NoRoads { skipped: usize },
    #[error("{0}")]
    Road(#[from] RoadError),
    #[error("{0}")]
    Routing(#[from] RoutingError),
}

/// Road lines of stored layers; the second value counts lines that are not roads.
pub fn lines_from_layers(layers: &[FeatureLayer]) -> (Vec<RoadLine>, usize) {
    let (mut lines, mut skipped) = (Vec::new(), 0);
    for layer in layers {
        let class = CLASS_FIELDS.iter().find_map(|f| layer.field_index(f));
        let tags: Vec<(&str, usize)> = TAG_FIELDS
            .iter()
            .filter_map(|t| Some((*t, layer.field_index(t)?)))
            .collect();
        for f in &layer.features {
            let text = |i: usize| {
                f.values
                    .get(i)
                    .and_then(|v| v.non_empty_text())
                    .unwrap_or_default()
            };
            let class_text = class
                .map(text)
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| "road".into());
            let values: Vec<(&str, String)> = tags.iter().map(|(k, i)| (*k, text(*i))).collect();
            let all = std::iter::once(("highway", class_text.as_str()))
                .chain(values.iter().map(|(k, v)| (*k, v.as_str())));
            let Some(road) = road_from_tags(all) else {
                skipped += 1;
                continue;
            };
            let parts: Vec<LineString<f64>> = match &f.geometry_wgs84 {
                Some(Geometry::LineString(l)) => vec![l.clone()],
                Some(Geometry::MultiLineString(m)) => m.0.clone(),
                _ => {
                    skipped += 1;
                    continue;
                }
            };
            for mut part in parts {
                if road.reverse {
                    part.0.reverse();
                }
                lines.push(RoadLine {
                    geometry_wgs84: part,
                    attrs: road.attrs,
                });
            }
        }
    }
    (lines, skipped)
}

/// Road lines as a layer of kind Roads (WGS84), readable by [`lines_from_layers`].
pub fn roads_layer(name: &str, lines: &[RoadLine]) -> FeatureLayer {
    use FieldKind::*;
    let fields = ["highway", "oneway", "maxspeed", "foot", "motor_vehicle"]
        .map(|n| FieldDef::new(n, Text))
        .to_vec();
    let mut layer = FeatureLayer::new(name, LayerKind::Roads, GeometryType::LineString, fields);
    let yes_no = |v: Option<bool>| {
        v.map_or(Value::Null, |b| {
            Value::Text(if b { "yes" } else { "no" }.into())
        })
    };
    for l in lines {
        let a = &l.attrs;
        layer.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(l.geometry_wgs84.clone().into()),
            values: vec![
                Value::Text(a.class.code().into()),
                Value::Text(if a.oneway { "yes" } else { "no" }.into()),
                a.maxspeed_kmh
                    .map_or(Value::Null, |s| Value::Text(format!("{s}"))),
                yes_no(a.foot),
                yes_no(a.motor),
            ],
        });
    }
    layer
}

/// A leg's road shape (`None`: no road connection).
type Leg = Option<Vec<Point<f64>>>;

/// Leg shapes along the roads, routed when first asked and cached.
pub struct RoadLegs {
    graph: Arc<RoadGraph>,
    profile: Profile,
    points: Vec<Point<f64>>,
    cache: Mutex<HashMap<(usize, usize), Leg>>,
}

impl LegGeometry for RoadLegs {
    fn leg(&self, from: usize, to: usize) -> Option<Vec<Point<f64>>> {
        if let Ok(cache) = self.cache.lock()
            && let Some(hit) = cache.get(&(from, to))
        {
            return hit.clone();
        }
        let (a, b) = (*self.points.get(from)?, *self.points.get(to)?);
        let shape = self
            .graph
            .path(a, b, self.profile)
            .ok()
            .flatten()
            .map(|p| p.coords_wgs84);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert((from, to), shape.clone());
        }
        shape
    }
}

/// Travel along roads between `points` (team bases, then stops).
pub struct RoadTravel {
    pub matrix: TravelMatrix,
    pub legs: RoadLegs,
    /// Length of the network in km.
    pub network_km: f64,
}

/// The matrix and leg shapes on an already built graph.
pub fn travel_on_graph(
    graph: Arc<RoadGraph>,
    profile: Profile,
    points: &[Point<f64>],
    progress: &dyn Progress,
) -> Result<RoadTravel, RoutingRoadsError> {
    progress.step("matrix", 0, 1);
    let m = graph.matrix_with(points, profile, &RouteOptions::default(), progress)?;
    let matrix = TravelMatrix::new(m.n, m.dist_m, m.time_s)?;
    let network_km = graph.total_length_m() / 1000.0;
    let legs = RoadLegs {
        graph,
        profile,
        points: points.to_vec(),
        cache: Mutex::new(HashMap::new()),
    };
    Ok(RoadTravel {
        matrix,
        legs,
        network_km,
    })
}

/// Builds the graph from the project's road layers, then [`travel_on_graph`].
pub fn road_travel(
    layers: &[FeatureLayer],
    walking: bool,
    points: &[Point<f64>],
    progress: &dyn Progress,
) -> Result<RoadTravel, RoutingRoadsError> {
    let (lines, skipped) = lines_from_layers(layers);
    if lines.is_empty() {
        return Err(RoutingRoadsError::NoRoads { skipped });
    }
    let graph = Arc::new(RoadGraph::from_lines(&lines, progress)?);
    let profile = if walking {
        Profile::Walking
    } else {
        Profile::Driving
    };
    travel_on_graph(graph, profile, points, progress)
}
