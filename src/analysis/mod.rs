//! Pure computation over plain data: no UI, no files, no SQL.
//!
//! - [`index`]: R-trees in Albania TM metres (points) and polygon envelopes.
//! - [`assign`]: point-in-municipality assignment.
//! - [`measure`]: geodesic lengths and areas (the map's measure tool).
//! - [`kde`]: QGIS-compatible quartic kernel density of cases.
//! - [`indicators`]: the action plan's indicators per municipality.

pub mod assign;
pub mod index;
pub mod indicators;
pub mod kde;
pub mod measure;
