//! Session state of the app: the loaded project, layer visibility, map view, identify result.
//!
//! Split as ARCHITECTURE.md asks: persisted settings live in `config::Settings`; this is the
//! session (lost on exit); caches (prepared screen geometry) hang off each [`LayerView`] behind
//! `Arc`, built by the loader thread and never persisted. Panels only read this; the one
//! function in `actions.rs` changes it.

use std::path::PathBuf;
use std::sync::Arc;

use walkers::MapMemory;

use super::geometry::PreparedLayer;
use super::jobs::LoadJob;
use super::transform::ScreenTransform;
use crate::model::{FeatureLayer, LayerKind};

/// Albania with a small margin: min lon, min lat, max lon, max lat (WGS84).
pub const ALBANIA_WGS84: [f64; 4] = [19.25, 39.6, 21.1, 42.7];

/// One layer of the open project as the map shows it.
#[derive(Clone)]
pub struct LayerView {
    /// Table name in the project: the layer's id.
    pub name: String,
    pub kind: LayerKind,
    pub feature_count: usize,
    pub extent_wgs84: Option<[f64; 4]>,
    pub visible: bool,
    /// 0 (invisible) ..= 1 (opaque).
    pub opacity: f32,
    pub data: Arc<FeatureLayer>,
    pub prepared: Arc<PreparedLayer>,
    /// Features per symbol class (case kind / service type index); empty for other layers.
    pub class_counts: Vec<usize>,
}

impl LayerView {
    /// Whether a layer is shown when a project opens: everything but the land polygon, which
    /// the basemap already draws.
    pub fn visible_by_default(kind: LayerKind) -> bool {
        kind != LayerKind::Coastline
    }

    /// Drawing order, bottom first.
    pub fn draw_rank(kind: LayerKind) -> u8 {
        match kind {
            LayerKind::Coastline => 0,
            LayerKind::Municipalities => 1,
            LayerKind::Qarqe => 2,
            LayerKind::Other => 3,
            LayerKind::Hotspots => 4,
            LayerKind::Mines => 5,
            LayerKind::Roads => 6,
            LayerKind::Candidates => 7,
            LayerKind::Services => 8,
            LayerKind::Cases => 9,
        }
    }
}

/// A project read by the loader thread.
#[derive(Clone)]
pub struct LoadedProject {
    pub path: PathBuf,
    pub title: Option<String>,
    /// Shown over the map when set (the demo's "synthetic data" notice).
    pub notice: Option<String>,
    /// Layers bottom first (see [`LayerView::draw_rank`]).
    pub layers: Vec<LayerView>,
}

impl LoadedProject {
    pub fn layer(&self, name: &str) -> Option<&LayerView> {
        self.layers.iter().find(|l| l.name == name)
    }

    pub fn layer_mut(&mut self, name: &str) -> Option<&mut LayerView> {
        self.layers.iter_mut().find(|l| l.name == name)
    }

    /// The first layer of a kind (the basemap uses the land, municipalities and qarqe).
    pub fn first_of(&self, kind: LayerKind) -> Option<&LayerView> {
        self.layers.iter().find(|l| l.kind == kind)
    }
}

/// What a click on the map found.
#[derive(Debug, Clone, PartialEq)]
pub struct Identified {
    pub at_wgs84: [f64; 2],
    pub hit: Option<Hit>,
}

/// A feature: its layer's name and its index in the layer's features.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub layer: String,
    pub feature: usize,
}

/// Everything that lasts one session.
pub struct Session {
    pub project: Option<LoadedProject>,
    pub map: MapMemory,
    /// A WGS84 box to fit into the map on the next frame (the map knows its size then).
    pub pending_fit: Option<[f64; 4]>,
    /// The map's transform in the last frame (for the cursor read-out and tests).
    pub transform: Option<ScreenTransform>,
    pub cursor_wgs84: Option<[f64; 2]>,
    /// Whether the cases were drawn as clusters in the last frame (the legend says so).
    pub cases_clustered: bool,
    pub identified: Option<Identified>,
    pub job: Option<LoadJob>,
    /// The last error to show (in the user's language, or the library's message).
    pub error: Option<String>,
    /// A transient line in the status bar (e.g. "Cancelled").
    pub status: Option<String>,
    /// Edit mode, the open project's worker and the undo history (`editing.rs`).
    pub editing: super::editing::EditState,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            project: None,
            map: MapMemory::default(),
            pending_fit: Some(ALBANIA_WGS84),
            transform: None,
            cursor_wgs84: None,
            cases_clustered: false,
            identified: None,
            job: None,
            error: None,
            status: None,
            editing: Default::default(),
        }
    }
}
