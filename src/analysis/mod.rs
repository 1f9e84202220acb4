//! Pure computation over plain data: no UI, no files, no SQL.
//!
//! - [`index`]: R-trees in Albania TM metres (points) and polygon envelopes.
//! - [`assign`]: point-in-municipality assignment.
//! - [`measure`]: geodesic lengths and areas (the map's measure tool).
//! - [`kde`]: QGIS-compatible quartic kernel density of cases.
//! - [`kdtree`]: static 2-d tree with deterministic ties (nearest, radius) for access.
//! - [`metric`]: parallel projection to a metric CRS, projected-vs-geodesic scale bounds.
//! - [`nearest`]: nearest service per case (projected or geodesic metres).
//! - [`coverage`]: cases within reach of a service, in total and per municipality.
//! - [`capacity`]: capacity-aware coverage: day-centre load, greedy placement within capacity.

pub mod assign;
pub mod capacity;
pub mod coverage;
pub mod index;
pub mod kde;
pub mod kdtree;
pub mod measure;
pub mod metric;
pub mod nearest;
