//! Edit mode: the session's edit state and how edit actions are applied.
//!
//! The project stays open on a [`ProjectWorker`] thread while it is shown. Every edit becomes
//! an [`EditCommand`] sent to the worker, which applies it in one transaction; one edit is in
//! flight at a time (they take milliseconds). [`poll`] (each frame, `edit_sync.rs`) takes the
//! worker's reply: on success it updates the in-memory layer, the undo history and says
//! "Saved" in the status line; on failure it shows why and changes nothing. Panels and the
//! map overlay push [`EditAction`]s (wrapped in `Action::Edit`); [`apply`] (`edit_apply.rs`)
//! applies them, refusing invalid polygons and bad attributes before anything is sent.
//! This file holds the state, the tools and the actions.

use super::attr_form::AttrForm;
use super::i18n::{Language, T};
use super::state::LayerView;
use crate::edit::vertices::{GeometryProblem, VertexRef};
use crate::edit::{EditPurpose, History};
use crate::model::{GeometryType, LayerKind};
use crate::store::ProjectWorker;

pub use super::edit_apply::apply;
pub use super::edit_sync::poll;

/// The tools of the edit toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    #[default]
    Select,
    AddPoint,
    MovePoint,
    Delete,
    DrawPolygon,
    EditVertices,
}

impl Tool {
    /// The tools offered for a point layer or a polygon layer, in toolbar order.
    pub fn offered(points: bool) -> &'static [Tool] {
        if points {
            &[Tool::Select, Tool::AddPoint, Tool::MovePoint, Tool::Delete]
        } else {
            &[
                Tool::Select,
                Tool::DrawPolygon,
                Tool::EditVertices,
                Tool::Delete,
            ]
        }
    }

    pub fn label(self) -> T {
        match self {
            Tool::Select => T::ToolSelect,
            Tool::AddPoint => T::ToolAddPoint,
            Tool::MovePoint => T::ToolMovePoint,
            Tool::Delete => T::ToolDelete,
            Tool::DrawPolygon => T::ToolDrawPolygon,
            Tool::EditVertices => T::ToolEditVertices,
        }
    }
}

/// Whether a layer can be edited, and whether it holds points (else polygons).
pub fn editable(layer: &LayerView) -> Option<bool> {
    let kind_ok = matches!(
        layer.kind,
        LayerKind::Cases | LayerKind::Services | LayerKind::Mines | LayerKind::Hotspots
    ) || layer.kind == LayerKind::Other;
    match layer.data.geometry_type {
        _ if !kind_ok => None,
        GeometryType::Point | GeometryType::MultiPoint => Some(true),
        GeometryType::Polygon | GeometryType::MultiPolygon => Some(false),
        _ => None,
    }
}

/// Everything edit mode keeps for the session.
#[derive(Default)]
pub struct EditState {
    /// The open project's store, on its own thread; `None` while loading or after a failure.
    pub worker: Option<ProjectWorker>,
    pub active: bool,
    /// The layer being edited (table name).
    pub layer: Option<String>,
    pub tool: Tool,
    pub selected: Option<i64>,
    pub selected_vertex: Option<VertexRef>,
    /// The polygon being drawn, WGS84.
    pub draft: Vec<[f64; 2]>,
    pub form: Option<AttrForm>,
    pub history: History,
    /// The edit sent to the worker and not yet answered.
    pub pending: Option<EditPurpose>,
    /// The last refusal or failure, shown in the toolbar until the next success.
    pub error: Option<String>,
}

impl EditState {
    /// Whether map clicks go to the edit tools (not to identify).
    pub fn captures_clicks(&self) -> bool {
        self.active && self.layer.is_some()
    }

    /// A new project was opened: start afresh on its worker.
    pub fn reset(&mut self, worker: Option<ProjectWorker>) {
        *self = EditState {
            worker,
            ..EditState::default()
        };
    }
}

/// What the toolbar, the form and the map overlay ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum EditAction {
    SetActive(bool),
    SetLayer(String),
    SetTool(Tool),
    Select(Option<i64>),
    SelectVertex(Option<VertexRef>),
    /// Opens the form for a new point feature at this WGS84 position.
    AddPointAt([f64; 2]),
    MovePoint {
        fid: i64,
        to_wgs84: [f64; 2],
    },
    MoveVertex {
        fid: i64,
        vertex: VertexRef,
        to_wgs84: [f64; 2],
    },
    InsertVertex {
        fid: i64,
        after: VertexRef,
        at_wgs84: [f64; 2],
    },
    RemoveVertex {
        fid: i64,
        vertex: VertexRef,
    },
    Delete {
        fid: i64,
    },
    DraftPoint([f64; 2]),
    FinishDraft,
    CancelDraft,
    OpenForm {
        fid: i64,
    },
    SaveForm,
    CloseForm,
    Undo,
    Redo,
}

/// The text of a refused geometry edit.
pub fn geometry_problem(p: &GeometryProblem, lang: Language) -> String {
    match p {
        GeometryProblem::TooFewVertices => T::GeomTooFewVertices.tr(lang).to_string(),
        GeometryProblem::SelfIntersection => T::GeomSelfIntersection.tr(lang).to_string(),
        GeometryProblem::Invalid(why) => format!("{}: {why}", T::GeomInvalid.tr(lang)),
        GeometryProblem::OutsideAlbania => T::GeomOutsideAlbania.tr(lang).to_string(),
        GeometryProblem::NotAPolygon | GeometryProblem::NoSuchVertex => {
            T::GeomInvalid.tr(lang).to_string()
        }
    }
}
