//! [`EditCommand`]: one change to one feature, invertible.
//!
//! `Insert` holds the new feature (`fid: None` before it is applied; the applied command has
//! the fid the store gave it). `Update` holds the feature before and after (same fid).
//! `Delete` holds the whole deleted feature, so undoing it restores the same feature with the
//! same fid (a restore, not a reuse: the store refuses fids it never gave out).
//! Inverses: insert ↔ delete, update(before → after) ↔ update(after → before);
//! `c.inverse().inverse() == c`.

use crate::model::Feature;

/// Why a command is sent to the store: a new edit, or undoing/redoing one from the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditPurpose {
    New,
    Undo,
    Redo,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EditCommand {
    Insert {
        layer: String,
        feature: Feature,
    },
    Update {
        layer: String,
        fid: i64,
        before: Feature,
        after: Feature,
    },
    Delete {
        layer: String,
        feature: Feature,
    },
}

impl EditCommand {
    /// The command that undoes this one (once applied: an `Insert` needs its fid).
    pub fn inverse(&self) -> EditCommand {
        match self {
            EditCommand::Insert { layer, feature } => EditCommand::Delete {
                layer: layer.clone(),
                feature: feature.clone(),
            },
            EditCommand::Delete { layer, feature } => EditCommand::Insert {
                layer: layer.clone(),
                feature: feature.clone(),
            },
            EditCommand::Update {
                layer,
                fid,
                before,
                after,
            } => EditCommand::Update {
                layer: layer.clone(),
                fid: *fid,
                before: after.clone(),
                after: before.clone(),
            },
        }
    }

    pub fn layer(&self) -> &str {
        match self {
            EditCommand::Insert { layer, .. }
            | EditCommand::Update { layer, .. }
            | EditCommand::Delete { layer, .. } => layer,
        }
    }

    /// The feature's fid (`None` for an insert not yet applied).
    pub fn fid(&self) -> Option<i64> {
        match self {
            EditCommand::Insert { feature, .. } | EditCommand::Delete { feature, .. } => {
                feature.fid
            }
            EditCommand::Update { fid, .. } => Some(*fid),
        }
    }

    /// The operation's name: "insert", "update" or "delete".
    pub fn operation(&self) -> &'static str {
        match self {
            EditCommand::Insert { .. } => "insert",
            EditCommand::Update { .. } => "update",
            EditCommand::Delete { .. } => "delete",
        }
    }
}

#[cfg(test)]
mod tests {
    use geo::Point;

    use super::*;
    use crate::model::Value;

    fn feature(fid: Option<i64>, x: f64, code: &str) -> Feature {
        Feature {
            fid,
            geometry_wgs84: Some(Point::new(x, 41.0).into()),
            values: vec![Value::Text(code.into())],
        }
    }

    #[test]
    fn inverses_swap_insert_and_delete_and_reverse_updates() {
        let ins = EditCommand::Insert {
            layer: "cases".into(),
            feature: feature(Some(7), 20.0, "A"),
        };
        let del = ins.inverse();
        assert!(matches!(&del, EditCommand::Delete { feature, .. } if feature.fid == Some(7)));
        assert_eq!(del.inverse(), ins);
        assert_eq!(del.operation(), "delete");

        let upd = EditCommand::Update {
            layer: "cases".into(),
            fid: 7,
            before: feature(Some(7), 20.0, "A"),
            after: feature(Some(7), 20.1, "B"),
        };
        let back = upd.inverse();
        match &back {
            EditCommand::Update { before, after, .. } => {
                assert_eq!(before.values[0], Value::Text("B".into()));
                assert_eq!(after.values[0], Value::Text("A".into()));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(back.inverse(), upd);
        assert_eq!((back.layer(), back.fid()), ("cases", Some(7)));
    }
}
