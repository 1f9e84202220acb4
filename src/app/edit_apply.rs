//! Applying edit actions: tools and the form become [`EditCommand`]s sent to the project's
//! worker (one in flight at a time), after the checks that need no database: polygon validity
//! and positions inside Albania (`edit::vertices`), attribute validation (`edit::validate`).
//! A refusal goes to the status line and the toolbar, and nothing is sent.

use geo::{Geometry, MultiPoint, Point};

use super::attr_form::AttrForm;
use super::editing::{EditAction, Tool, geometry_problem};
use super::i18n::{Language, T};
use super::state::{LayerView, Session};
use crate::edit::vertices::{self, GeometryProblem};
use crate::edit::{EditCommand, EditPurpose};
use crate::model::{Feature, GeometryType};

pub(super) fn refuse(session: &mut Session, text: String) {
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
        session.status = Some(T::SavingEdit.tr(lang).to_string());
        return;
    }
    let Some(worker) = &edit.worker else {
        return refuse(session, T::NotEditable.tr(lang).to_string());
    };
    match worker.apply(purpose, command) {
        Ok(()) => {
            edit.pending = Some(purpose);
            session.status = Some(T::SavingEdit.tr(lang).to_string());
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
