//! Pure computation over plain data: no UI, no files, no SQL.
//!
//! - [`index`]: R-trees in Albania TM metres (points) and polygon envelopes.
//! - [`assign`]: point-in-municipality assignment.
//! - [`measure`]: geodesic lengths and areas (the map's measure tool).
//! - [`kde`]: QGIS-compatible quartic kernel density of cases.
//! - [`indicators`]: the action plan's indicators per municipality.
//! - [`risk`], [`risk_config`], [`risk_factors`]: the composite 0–100 risk surface and its factors.
//! - [`classes`], [`zones`], [`zone_trace`]: risk classes and their zone polygons;
//!   [`risk_layer`]: zones as a storable layer with small counts suppressed;
//!   [`risk_run`]: one whole run (surface → classes → zones → layer), shared by CLI and app.
//! - [`kdtree`]: static 2-d tree with deterministic ties (nearest, radius) for access.
//! - [`metric`]: parallel projection to a metric CRS, projected-vs-geodesic scale bounds.
//! - [`nearest`]: nearest service per case (projected or geodesic metres).
//! - [`coverage`]: cases within reach of a service, in total and per municipality.
//! - [`capacity`]: capacity-aware coverage: day-centre load, greedy placement within capacity.
//! - [`hexbin`]: points counted per H3 hexagon (the privacy-safe case map).
//! - [`gaps`]: service-gap areas: high risk and no chosen service within reach, as ranked
//!   H3 hexagon areas ([`gaps_layer`]: as a storable layer).
//! - [`routing`]: field-team routes (teams, shifts, days, time windows, priorities).
//! - [`field_stops`]: the places field teams visit (high-risk zones, hotspots in season, mine
//!   access points) as route stops; [`routing_layers`]: a plan as map layers;
//!   [`routing_roads`]: routes along the project's road layers.
//! - [`roads`]: road networks: graph from road lines, walking/driving profiles, snapping,
//!   contraction-hierarchy routes and travel matrices.
//! - [`siting`]: new day centres: maximal covering location (greedy, swap, Lagrangian bound,
//!   branch and bound), candidate generation; [`siting_layer`]: chosen sites and catchments
//!   as layers.

pub mod assign;
pub mod capacity;
pub mod classes;
pub mod coverage;
pub mod field_stops;
pub mod gaps;
pub mod gaps_layer;
pub mod hexbin;
pub mod index;
pub mod indicators;
pub mod kde;
pub mod kdtree;
pub mod measure;
pub mod metric;
pub mod nearest;
pub mod risk;
pub mod risk_config;
pub mod risk_factors;
pub mod risk_layer;
pub mod risk_run;
pub mod roads;
pub mod routing;
pub mod routing_layers;
pub mod routing_roads;
pub mod siting;
pub mod siting_layer;
pub mod siting_weights;
pub mod zone_trace;
pub mod zones;
