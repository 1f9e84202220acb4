//! Edit mode: the session's edit state and how edit actions are applied.
//!
//! The project stays open on a [`ProjectWorker`] thread while it is shown. Every edit becomes
//! an [`EditCommand`] sent to the worker, which applies it in one transaction; one edit is in
//! flight at a time (they take milliseconds). [`poll`] (each frame) takes the worker's reply:
//! on success it updates the in-memory layer (`edit_sync.rs`), the undo history and says
//! "Saved" in the status line; on failure it shows why and changes nothing. Geometry edits
//! that would make a polygon invalid are refused here, before anything is sent. Panels and
//! the map overlay push [`EditAction`]s (wrapped in `Action::Edit`); [`apply`] applies them.

use geo::{Geometry, MultiPoint, Point};

use super::attr_form::AttrForm;
use super::edit_sync;
use super::i18n::{Language, T};
use super::state::{LayerView, Session};
use crate::edit::vertices::{self, GeometryProblem, VertexRef};
use crate::edit::{EditCommand, EditPurpose, History};
use crate::model::{Feature, GeometryType, LayerKind};
use crate::store::ProjectWorker;

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

fn refuse(session: &mut Session, text: String) {
    session.status = Some(text.clone());
    session.editing.error = Some(text);
}

/// The edit layer's view and the feature with `fid`.
fn feature(session: &Session, fid: i64) -> Option<(&LayerView, &Feature)> {
    let name = session.editing.layer.as_deref()?;
    let layer = session.project.as_ref()?.layer(name)?;
    let f = layer.data.features.iter().find(|f| f.fid == Some(fid))?;
    Some((layer, f))
}

/// Sends a command to the worker unless one is in flight or the project is not editable.
fn send(session: &mut Session, command: EditCommand, purpose: EditPurpose, lang: Language) {
    let edit = &mut session.editing;
    if edit.pending.is_some() {
        session.status = Some(T::Busy.tr(lang).to_string());
        return;
    }
    let Some(worker) = &edit.worker else {
        return refuse(session, T::NotEditable.tr(lang).to_string());
    };
    match worker.apply(purpose, command) {
        Ok(()) => {
            edit.pending = Some(purpose);
            session.status = Some(T::Busy.tr(lang).to_string());
        }
        Err(e) => refuse(session, format!("{}: {e}", T::SaveFailed.tr(lang))),
    }
}

/// Sends an update of feature `fid` to `geometry` (values unchanged).
fn send_geometry(session: &mut Session, fid: i64, geometry: Geometry<f64>, lang: Language) {
    if let Err(p) = vertices::check_in_albania(&geometry) {
        return refuse(session, geometry_problem(&p, lang));
    }
    let Some((layer, before)) = feature(session, fid) else {
        return;
    };
    let mut after = before.clone();
    after.geometry_wgs84 = Some(geometry);
    let command = EditCommand::Update {
        layer: layer.name.clone(),
        fid,
        before: before.clone(),
        after,
    };
    send(session, command, EditPurpose::New, lang);
}

/// A vertex edit of feature `fid`: the new geometry, or the refusal shown to the user.
fn edit_vertices(
    session: &mut Session,
    fid: i64,
    lang: Language,
    op: impl FnOnce(&Geometry<f64>) -> Result<Geometry<f64>, GeometryProblem>,
) {
    let Some(g) = feature(session, fid).and_then(|(_, f)| f.geometry_wgs84.clone()) else {
        return;
    };
    match op(&g) {
        Ok(g) => send_geometry(session, fid, g, lang),
        Err(p) => refuse(session, geometry_problem(&p, lang)),
    }
}

/// Applies one edit action.
pub fn apply(session: &mut Session, action: EditAction, lang: Language) {
    let edit = &mut session.editing;
    match action {
        EditAction::SetActive(on) => {
            let worker = edit.worker.take();
            let (layer, history) = (edit.layer.take(), std::mem::take(&mut edit.history));
            edit.reset(worker);
            edit.history = history;
            edit.active = on;
            if on {
                edit.layer = layer;
                session.identified = None;
            }
        }
        EditAction::SetLayer(name) => {
            edit.layer = Some(name);
            edit.tool = Tool::Select;
            (edit.selected, edit.selected_vertex, edit.form) = (None, None, None);
            edit.draft.clear();
        }
        EditAction::SetTool(tool) => {
            edit.tool = tool;
            edit.selected_vertex = None;
            edit.draft.clear();
        }
        EditAction::Select(fid) => {
            (edit.selected, edit.selected_vertex) = (fid, None);
            if edit.tool == Tool::Select {
                edit.form = None;
                if let Some(fid) = fid {
                    apply(session, EditAction::OpenForm { fid }, lang);
                }
            }
        }
        EditAction::SelectVertex(v) => edit.selected_vertex = v,
        EditAction::AddPointAt(at) => {
            let Some(layer) = edit_layer(session) else {
                return;
            };
            let point = Point::new(at[0], at[1]);
            let geometry = match layer.data.geometry_type {
                GeometryType::MultiPoint => MultiPoint::new(vec![point]).into(),
                _ => point.into(),
            };
            if let Err(p) = vertices::check_in_albania(&geometry) {
                return refuse(session, geometry_problem(&p, lang));
            }
            let form = AttrForm::new_feature(session.project.as_ref(), layer, geometry);
            session.editing.form = Some(form);
        }
        EditAction::MovePoint { fid, to_wgs84 } => {
            let point = Point::new(to_wgs84[0], to_wgs84[1]);
            let multi = matches!(
                feature(session, fid).and_then(|(_, f)| f.geometry_wgs84.as_ref()),
                Some(Geometry::MultiPoint(_))
            );
            let g = if multi {
                MultiPoint::new(vec![point]).into()
            } else {
                point.into()
            };
            send_geometry(session, fid, g, lang);
        }
        EditAction::MoveVertex {
            fid,
            vertex,
            to_wgs84,
        } => edit_vertices(session, fid, lang, |g| {
            vertices::move_vertex(g, vertex, to_wgs84)
        }),
        EditAction::InsertVertex {
            fid,
            after,
            at_wgs84,
        } => edit_vertices(session, fid, lang, |g| {
            vertices::insert_vertex(g, after, at_wgs84)
        }),
        EditAction::RemoveVertex { fid, vertex } => {
            session.editing.selected_vertex = None;
            edit_vertices(session, fid, lang, |g| vertices::remove_vertex(g, vertex));
        }
        EditAction::Delete { fid } => {
            if let Some((layer, f)) = feature(session, fid) {
                let command = EditCommand::Delete {
                    layer: layer.name.clone(),
                    feature: f.clone(),
                };
                send(session, command, EditPurpose::New, lang);
            }
        }
        EditAction::DraftPoint(p) => {
            if edit.draft.last() != Some(&p) {
                edit.draft.push(p);
            }
        }
        EditAction::FinishDraft => match vertices::polygon_from_clicks(&edit.draft).and_then(|mp| {
            vertices::check_in_albania(&mp.clone().into())?;
            Ok(mp)
        }) {
            Err(p) => refuse(session, geometry_problem(&p, lang)),
            Ok(mp) => {
                edit.draft.clear();
                if let Some(layer) = edit_layer(session) {
                    let g = match layer.data.geometry_type {
                        GeometryType::Polygon => mp.0[0].clone().into(),
                        _ => mp.into(),
                    };
                    let form = AttrForm::new_feature(session.project.as_ref(), layer, g);
                    session.editing.form = Some(form);
                }
            }
        },
        EditAction::CancelDraft => edit.draft.clear(),
        EditAction::OpenForm { fid } => {
            if let Some((layer, f)) = feature(session, fid) {
                let form = AttrForm::existing(layer, f);
                session.editing.form = Some(form);
            }
        }
        EditAction::SaveForm => save_form(session, lang),
        EditAction::CloseForm => edit.form = None,
        EditAction::Undo => {
            if let Some(cmd) = edit.history.next_undo() {
                send(session, cmd, EditPurpose::Undo, lang);
            }
        }
        EditAction::Redo => {
            if let Some(cmd) = edit.history.next_redo() {
                send(session, cmd, EditPurpose::Redo, lang);
            }
        }
    }
}

fn edit_layer(session: &Session) -> Option<&LayerView> {
    let name = session.editing.layer.as_deref()?;
    session.project.as_ref()?.layer(name)
}

/// Validates the open form; sends the insert or update, or marks the refused fields.
fn save_form(session: &mut Session, lang: Language) {
    let Some(form) = &session.editing.form else {
        return;
    };
    let Some(layer) = session.project.as_ref().and_then(|p| p.layer(&form.layer)) else {
        return;
    };
    let today = chrono::Local::now().date_naive();
    let values = match crate::edit::validate(&layer.data, form.fid, &form.texts, today) {
        Ok(values) => values,
        Err(errors) => {
            if let Some(form) = &mut session.editing.form {
                form.errors = errors;
            }
            session.status = Some(T::FixErrors.tr(lang).to_string());
            return;
        }
    };
    let command = match form.fid {
        None => EditCommand::Insert {
            layer: layer.name.clone(),
            feature: Feature {
                fid: None,
                geometry_wgs84: form.geometry.clone(),
                values,
            },
        },
        Some(fid) => {
            let Some(before) = layer.data.features.iter().find(|f| f.fid == Some(fid)) else {
                return;
            };
            let mut after = before.clone();
            after.values = values;
            EditCommand::Update {
                layer: layer.name.clone(),
                fid,
                before: before.clone(),
                after,
            }
        }
    };
    if let Some(form) = &mut session.editing.form {
        form.errors.clear();
    }
    send(session, command, EditPurpose::New, lang);
}

/// Takes the worker's reply, if any (each frame). Returns whether an edit is still in flight.
pub fn poll(session: &mut Session, lang: Language) -> bool {
    let edit = &mut session.editing;
    let Some(worker) = &edit.worker else {
        return false;
    };
    let Some(reply) = worker.poll() else {
        if edit.pending.is_some() && worker.is_lost() {
            edit.pending = None;
            refuse(session, T::NotEditable.tr(lang).to_string());
        }
        return session.editing.pending.is_some();
    };
    edit.pending = None;
    match reply.result {
        Ok(applied) => {
            if let Some(project) = &mut session.project {
                edit_sync::apply_to_project(project, &applied);
            }
            if session
                .identified
                .as_ref()
                .and_then(|i| i.hit.as_ref())
                .is_some_and(|h| h.layer == applied.layer())
            {
                session.identified = None;
            }
            let edit = &mut session.editing;
            let text = match reply.purpose {
                EditPurpose::New => T::Saved,
                EditPurpose::Undo => T::UndoneSaved,
                EditPurpose::Redo => T::RedoneSaved,
            };
            match reply.purpose {
                EditPurpose::New => edit.history.record(applied.clone()),
                EditPurpose::Undo => edit.history.undone(applied.clone()),
                EditPurpose::Redo => edit.history.redone(applied.clone()),
            }
            edit.error = None;
            edit.form = None;
            // Select what was just changed (an undo may concern another layer: then nothing).
            let here = edit.layer.as_deref() == Some(applied.layer());
            edit.selected = match &applied {
                EditCommand::Insert { .. } | EditCommand::Update { .. } if here => applied.fid(),
                _ => None,
            };
            session.status = Some(text.tr(lang).to_string());
        }
        Err(e) => refuse(session, format!("{}: {e}", T::SaveFailed.tr(lang))),
    }
    false
}
