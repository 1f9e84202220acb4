//! Takes the project worker's replies ([`poll`], once per frame) and brings the in-memory
//! layer up to date with an edit the store has applied.
//!
//! Input: the command as applied (fids and values as stored). The layer's features stay in
//! fid order, as the store reads them: an insert goes to its fid's place (binary search), an
//! update replaces the feature, a delete removes it. The layer's prepared screen geometry,
//! symbol classes, count and extent are then rebuilt from the data (`jobs::view_with_style`: O(n) in
//! the layer's features, a few milliseconds for the demo's 3 000 cases), keeping the view's
//! own settings (visibility, opacity) untouched.

use std::sync::Arc;

use super::edit_apply::refuse;
use super::i18n::{Language, T};
use super::jobs::view_with_style;
use super::state::{LayerView, LoadedProject, Session};
use crate::edit::{EditCommand, EditPurpose};
use crate::model::{Feature, FeatureLayer};

/// Applies `applied` to the project's copy of its layer; false when the layer is not loaded.
pub fn apply_to_project(project: &mut LoadedProject, applied: &EditCommand) -> bool {
    let Some(view) = project.layer_mut(applied.layer()) else {
        return false;
    };
    let mut data = take_data(view);
    apply_to_layer(&mut data, applied);
    refresh(view, data);
    true
}

/// The view's layer data, without copying when nothing else shares it.
fn take_data(view: &mut LayerView) -> FeatureLayer {
    let empty = FeatureLayer::new(&view.name, view.kind, view.data.geometry_type, Vec::new());
    let shared = std::mem::replace(&mut view.data, Arc::new(empty));
    Arc::try_unwrap(shared).unwrap_or_else(|a| (*a).clone())
}

/// Applies a command to a layer in memory.
pub fn apply_to_layer(data: &mut FeatureLayer, applied: &EditCommand) {
    let position = |data: &FeatureLayer, fid: Option<i64>| {
        data.features
            .binary_search_by_key(&fid, |f| f.fid)
            .ok()
            .or_else(|| data.features.iter().position(|f| f.fid == fid))
    };
    match applied {
        EditCommand::Insert { feature, .. } => insert_sorted(data, feature.clone()),
        EditCommand::Update { fid, after, .. } => match position(data, Some(*fid)) {
            Some(i) => data.features[i] = after.clone(),
            None => insert_sorted(data, after.clone()),
        },
        EditCommand::Delete { feature, .. } => {
            if let Some(i) = position(data, feature.fid) {
                data.features.remove(i);
            }
        }
    }
}

fn insert_sorted(data: &mut FeatureLayer, feature: Feature) {
    let at = data.features.partition_point(|f| f.fid < feature.fid);
    data.features.insert(at, feature);
}

/// Rebuilds what the map draws from `data` in the layer's own style, keeping visibility,
/// opacity and anything else the view holds; the filter mask is recomputed by the caller
/// (`Filters::apply_to`), since feature indices may have moved.
fn refresh(view: &mut LayerView, data: FeatureLayer) {
    let fresh = view_with_style(data, (*view.style).clone());
    view.data = fresh.data;
    view.prepared = fresh.prepared;
    view.class_counts = fresh.class_counts;
    view.feature_count = fresh.feature_count;
    view.extent_wgs84 = fresh.extent_wgs84;
    view.mask = None;
    view.shown_count = fresh.shown_count;
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
                apply_to_project(project, &applied);
                // The edited feature may pass or fail the filters now.
                session.filters.apply_to(project);
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

#[cfg(test)]
mod tests {
    use geo::Point;

    use super::*;
    use crate::model::{GeometryType, LayerKind, Value};

    fn f(fid: i64, x: f64) -> Feature {
        Feature {
            fid: Some(fid),
            geometry_wgs84: Some(Point::new(x, 41.0).into()),
            values: vec![Value::Int(fid)],
        }
    }

    #[test]
    fn features_stay_in_fid_order_through_insert_update_delete() {
        let mut layer = FeatureLayer::new("p", LayerKind::Other, GeometryType::Point, vec![]);
        layer.features = vec![f(1, 20.0), f(3, 20.1), f(7, 20.2)];
        let name = "p".to_string();
        let del = EditCommand::Delete {
            layer: name.clone(),
            feature: f(3, 20.1),
        };
        apply_to_layer(&mut layer, &del);
        apply_to_layer(
            &mut layer,
            &EditCommand::Insert {
                layer: name.clone(),
                feature: f(9, 20.3),
            },
        );
        // Undoing the delete restores fid 3 in its place.
        apply_to_layer(&mut layer, &del.inverse());
        let upd = EditCommand::Update {
            layer: name,
            fid: 7,
            before: f(7, 20.2),
            after: f(7, 19.9),
        };
        apply_to_layer(&mut layer, &upd);
        let fids: Vec<_> = layer.features.iter().map(|f| f.fid.unwrap_or(0)).collect();
        assert_eq!(fids, [1, 3, 7, 9]);
        assert_eq!(layer.features[2], f(7, 19.9));
    }
}
