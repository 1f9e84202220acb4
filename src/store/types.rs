//! The store's public types: its errors (each one a sentence a planner can act on, e.g.
//! "… is already open in another Risk Atlas window", naming the path or layer), the layer
//! listing and the write modes.

use std::path::PathBuf;

use crate::model::{GeometryType, LayerKind, ModelError};

/// Errors of the project store, each a sentence a planner can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{} is already open in another Risk Atlas window; close it there first", .path.display())]
    AlreadyOpen { path: PathBuf },
    #[error("{} already exists; open it, or choose another file name", .path.display())]
    Exists { path: PathBuf },
    #[error("{} does not exist", .path.display())]
    NotFound { path: PathBuf },
    #[error("{} is not a Risk Atlas project or GeoPackage: {reason}", .path.display())]
    NotAProject { path: PathBuf, reason: String },
    #[error(
        "this project was saved by a newer Risk Atlas (project version {found}; this one reads up to {supported}); please update Risk Atlas"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("the project has no layer named '{0}'")]
    NoSuchLayer(String),
    #[error("layer '{layer}' has no feature {fid}")]
    NoSuchFeature { layer: String, fid: i64 },
    #[error(
        "feature {fid} of layer '{layer}' was changed elsewhere since it was read; reopen the project to see the current version"
    )]
    EditConflict { layer: String, fid: i64 },
    #[error("the project's background work stopped unexpectedly")]
    WorkerLost,
    #[error("the project already has a layer named '{0}'")]
    LayerExists(String),
    #[error("'{name}' cannot be used as a {what} name: {reason}")]
    BadName {
        what: &'static str,
        name: String,
        reason: String,
    },
    #[error("layer '{layer}': {reason}")]
    BadLayer { layer: String, reason: String },
    #[error("geometry error: {0}")]
    Geometry(String),
    #[error("layer '{layer}' uses a coordinate system Risk Atlas cannot read: {srs}")]
    UnsupportedCrs { layer: String, srs: String },
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Crs(#[from] crate::crs::CrsError),
    #[error("project database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

/// One layer of the project as `layers()` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerInfo {
    /// The table name (unique).
    pub name: String,
    pub kind: LayerKind,
    pub geometry_type: GeometryType,
    pub feature_count: u64,
    /// `[min_lon, min_lat, max_lon, max_lat]`; `None` when empty or unknown.
    pub extent_wgs84: Option<[f64; 4]>,
    /// Display title (typed layers: the English kind label; others: the table name).
    pub title: String,
    pub visible: bool,
    pub style_json: Option<String>,
}

/// How `write_layer` treats an existing table of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Error `LayerExists` if the layer exists.
    Create,
    /// Drop and recreate (title, style, order and the fid sequence are kept).
    Replace,
    /// Create if missing; add missing columns; a feature whose fid exists replaces that row.
    Append,
}
