//! Road networks for routing (issue 5): import-independent graph, profiles, snapping,
//! contraction-hierarchy shortest paths, travel matrices and route geometry.
//!
//! Inputs: [`RoadLine`]s in WGS84 (from `io::osm_pbf`, `io::road_lines`, or lines stored in
//! the project). Units: metres (haversine along roads; Albania TM for snapping) and seconds.
//! Pure computation: no files, no UI.
//!
//! - [`profile`]: road classes, walking/driving speeds by class, maxspeed caps.
//! - [`tags`]: attributes from OSM-style tags (oneway, access, maxspeed).
//! - [`graph`] + `build`: [`RoadGraph`] (nodes at junctions and dead ends, degree-2 chains
//!   merged into edges with full geometry), components, [`RoadGraph::edges_wgs84`].
//! - [`snap`]: nearest usable road segment (R-tree in Albania TM metres).
//! - `ch` + `search`: contraction hierarchies prepared by `fast_paths`, upward searches,
//!   bucket many-to-many; [`route`]: [`RoadMatrix`]; [`path`]: [`RoadPath`] geometry;
//!   `dijkstra`: the plain reference the tests compare against.

mod build;
mod ch;
mod dijkstra;
pub mod graph;
pub mod path;
pub mod place;
pub mod profile;
pub mod route;
mod search;
pub mod snap;
pub mod tags;

pub use graph::{BuildStats, RoadGraph, RoadLine};
pub use path::RoadPath;
pub use place::RouteOptions;
pub use profile::{Profile, RoadAttrs, RoadClass, WALKING_KMH};
pub use route::RoadMatrix;
pub use snap::Snap;
pub use tags::{TaggedRoad, road_from_tags};

/// What can go wrong building or querying a road network.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RoadError {
    #[error("there is no road to route on: no line has two distinct points")]
    Empty,
    #[error("road line {index}: {reason}")]
    BadLine { index: usize, reason: String },
    #[error("point {index} ({lon}, {lat}) is not a WGS84 longitude/latitude")]
    BadPoint { index: usize, lon: f64, lat: f64 },
    #[error("the road network is too large: {0} vertices (at most 4,294,967,294)")]
    TooLarge(usize),
    #[error("road positions cannot be projected to Albania TM: {0}")]
    Projection(String),
    #[error("internal error in the road router: {0}")]
    Internal(String),
    #[error("cancelled by the user")]
    Cancelled,
}

impl From<crate::progress::Cancelled> for RoadError {
    fn from(_: crate::progress::Cancelled) -> Self {
        RoadError::Cancelled
    }
}
