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
    /// Shown features per symbol class (case kind / service type index), after filters;
    /// empty for layers without classes. The legend prints these counts.
    pub class_counts: Vec<usize>,
    /// One flag per feature of `data` (true = shown) when a filter applies; `None` = all.
    pub mask: Option<Arc<Vec<bool>>>,
    /// Features shown after filters.
    pub shown_count: usize,
    /// How the layer is drawn (classes: see `PreparedFeature::class`).
    pub style: Arc<crate::model::LayerStyle>,
}

impl LayerView {
    /// Whether a layer is shown when a project opens: everything but the land polygon, which
    /// the basemap already draws.
    pub fn visible_by_default(kind: LayerKind) -> bool {
        kind != LayerKind::Coastline
    }

    /// Whether feature `i` of `data` passes the filters.
    pub fn is_shown(&self, i: usize) -> bool {
        self.mask
            .as_ref()
            .is_none_or(|m| m.get(i).copied().unwrap_or(true))
    }

    /// The prepared features in view that pass the filters.
    pub fn in_view<'a>(
        &'a self,
        t: &ScreenTransform,
    ) -> impl Iterator<Item = &'a super::geometry::PreparedFeature> {
        super::paint::in_view(&self.prepared, t).filter(|f| self.is_shown(f.feature))
    }

    /// Applies a new style: reclassifies the features and recounts them (filters kept).
    pub fn set_style(&mut self, style: crate::model::LayerStyle) {
        let mut prepared = (*self.prepared).clone();
        self.class_counts = super::jobs::classify(&self.data, &style, &mut prepared);
        self.prepared = Arc::new(prepared);
        self.style = Arc::new(style);
        let mask = self.mask.as_ref().map(|m| m.as_ref().clone());
        self.set_mask(mask);
    }

    /// Sets the filter mask and recounts the shown features per class.
    pub fn set_mask(&mut self, mask: Option<Vec<bool>>) {
        self.mask = mask.map(Arc::new);
        let n = self.class_counts.len();
        let mut counts = vec![0; n];
        let mut shown = 0;
        for f in &self.prepared.features {
            if self.is_shown(f.feature) {
                shown += 1;
                if n > 0 {
                    counts[(f.class as usize).min(n - 1)] += 1;
                }
            }
        }
        self.class_counts = counts;
        // Features without geometry are not prepared; they count when shown.
        let unprepared = self
            .feature_count
            .saturating_sub(self.prepared.features.len());
        self.shown_count = shown
            + match &self.mask {
                None => unprepared,
                Some(m) => {
                    let prepared: std::collections::HashSet<usize> =
                        self.prepared.features.iter().map(|f| f.feature).collect();
                    (0..self.feature_count)
                        .filter(|i| !prepared.contains(i) && m.get(*i).copied().unwrap_or(true))
                        .count()
                }
            };
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
    /// Years in which cases were identified, ascending (the filter's year list).
    pub case_years: Vec<i32>,
    /// Municipality names, sorted (the filter's municipality list).
    pub municipality_names: Vec<String>,
    /// Names the search box finds (municipalities, counties, settlements).
    pub gazetteer: Arc<crate::model::Gazetteer>,
}

impl LoadedProject {
    /// Builds a project view and derives the filter choices from its layers.
    pub fn new(
        path: PathBuf,
        title: Option<String>,
        notice: Option<String>,
        mut layers: Vec<LayerView>,
    ) -> Self {
        use chrono::Datelike;
        layers.sort_by_key(|l| LayerView::draw_rank(l.kind));
        let mut years = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for l in &layers {
            let field = match l.kind {
                LayerKind::Cases => l.data.field_index("identified_on"),
                LayerKind::Municipalities => l.data.field_index("name"),
                _ => None,
            };
            let Some(i) = field else { continue };
            for f in &l.data.features {
                let Some(v) = f.values.get(i) else { continue };
                if l.kind == LayerKind::Cases {
                    years.extend(v.as_date().map(|d| d.year()));
                } else {
                    names.extend(v.non_empty_text());
                }
            }
        }
        // Sort names as Albanian readers expect: without regard to case or diacritics.
        let mut municipality_names: Vec<String> = names.into_iter().collect();
        municipality_names.sort_by_key(|n| crate::text::fold(n));
        Self {
            gazetteer: super::search::build(&layers),
            path,
            title,
            notice,
            layers,
            case_years: years.into_iter().collect(),
            municipality_names,
        }
    }

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

/// The filters the user set: cases by date, kind, status, age and municipality; hotspots by
/// month (`None`: the whole year).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub cases: crate::model::CaseFilter,
    pub month: Option<u32>,
}

impl Filters {
    pub fn is_active(&self) -> bool {
        self.cases.is_active() || self.month.is_some()
    }

    /// Recomputes every layer's mask: case layers by the case filter, hotspots by the month.
    pub fn apply_to(&self, project: &mut LoadedProject) {
        for layer in &mut project.layers {
            let mask = match layer.kind {
                LayerKind::Cases if self.cases.is_active() => Some(self.cases.mask(&layer.data)),
                LayerKind::Hotspots => self
                    .month
                    .map(|m| crate::model::hotspots_active_in(&layer.data, m)),
                _ => None,
            };
            layer.set_mask(mask);
        }
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
    /// Where to look once a reload after an analysis ends (`[min_lon, min_lat, max_lon, max_lat]`).
    pub fit_after_reload: Option<[f64; 4]>,
    /// The map's transform in the last frame (for the cursor read-out and tests).
    pub transform: Option<ScreenTransform>,
    pub cursor_wgs84: Option<[f64; 2]>,
    /// Whether the cases were drawn as clusters in the last frame (the legend says so).
    pub cases_clustered: bool,
    pub identified: Option<Identified>,
    pub filters: Filters,
    /// The attribute table under the map, when open.
    pub table: Option<super::table::TableState>,
    /// The style dialog's draft, while open.
    pub style_draft: Option<super::style_editor::StyleDraft>,
    /// Writes (styles, layer order, removals) running on the project's worker; each reports
    /// once in the status line.
    pub saves: Vec<super::layer_ops::PendingSave>,
    /// The layer whose removal waits for the user's confirmation.
    pub confirm_remove: Option<String>,
    /// The measure tool's points, while the tool is on.
    pub measure: Option<super::measure::Measure>,
    pub job: Option<LoadJob>,
    /// The last error to show (in the user's language, or the library's message).
    pub error: Option<String>,
    /// A transient line in the status bar (e.g. "Cancelled").
    pub status: Option<String>,
    /// Files and work: import/report dialogs and the running import or creation.
    pub files: super::files::FilesState,
    /// Edit mode, the open project's worker and the undo history (`editing.rs`).
    pub editing: super::editing::EditState,
    /// The risk-zones window and its background run.
    pub analysis: super::analysis_job::AnalysisState,
    /// The case-density window, its run and the raster on the map.
    pub density: super::density_job::DensityState,
    /// The indicators window, its last result and its background work.
    pub indicators: super::indicators_job::IndicatorsState,
    /// The Print dialog, its preview and its background work.
    pub print: super::print_job::PrintState,
    /// The Export layer window and its background work.
    pub export: super::export_job::ExportState,
    /// The planning windows: new day centres and field-team routes.
    pub planning: super::planning::PlanningState,
    /// The About box is open (Help menu).
    pub about_open: bool,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            project: None,
            map: MapMemory::default(),
            pending_fit: Some(ALBANIA_WGS84),
            fit_after_reload: None,
            transform: None,
            cursor_wgs84: None,
            cases_clustered: false,
            identified: None,
            filters: Filters::default(),
            table: None,
            style_draft: None,
            saves: Vec::new(),
            confirm_remove: None,
            measure: None,
            job: None,
            error: None,
            status: None,
            files: Default::default(),
            editing: Default::default(),
            analysis: Default::default(),
            density: Default::default(),
            indicators: Default::default(),
            print: Default::default(),
            export: Default::default(),
            planning: Default::default(),
            about_open: false,
        }
    }
}
