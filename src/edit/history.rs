//! Undo/redo stacks of applied [`EditCommand`]s, bounded in length.
//!
//! The store applies commands asynchronously, so undo and redo are two steps: `next_undo()`
//! gives the command to send (the inverse of the last edit) without removing anything; when
//! the store confirms, `undone(applied)` moves the entry to the redo stack (as the inverse of
//! what was applied, i.e. the original edit with the values as stored). If the store refuses,
//! nothing moved and the user can try again. Redo mirrors this with `next_redo()`/`redone()`.
//! A new edit (`record`) clears the redo stack. The oldest entries are dropped beyond `limit`.
//! All operations are O(1) (amortised).

use std::collections::VecDeque;

use super::EditCommand;

#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<EditCommand>,
    redo: Vec<EditCommand>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::new(Self::DEFAULT_LIMIT)
    }
}

impl History {
    /// How many edits can be undone by default.
    pub const DEFAULT_LIMIT: usize = 500;

    pub fn new(limit: usize) -> Self {
        Self {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Records a new edit as applied by the store; the redo stack is cleared.
    pub fn record(&mut self, applied: EditCommand) {
        self.redo.clear();
        self.push_undo(applied);
    }

    fn push_undo(&mut self, applied: EditCommand) {
        self.undo.push_back(applied);
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }

    /// The command that undoes the last edit, if any (nothing is removed yet).
    pub fn next_undo(&self) -> Option<EditCommand> {
        self.undo.back().map(EditCommand::inverse)
    }

    /// The store applied the undo command `applied`: the edit moves to the redo stack.
    pub fn undone(&mut self, applied: EditCommand) {
        if self.undo.pop_back().is_some() {
            self.redo.push(applied.inverse());
        }
    }

    /// The command that redoes the last undone edit, if any (nothing is removed yet).
    pub fn next_redo(&self) -> Option<EditCommand> {
        self.redo.last().cloned()
    }

    /// The store applied the redo command `applied`: it is undoable again.
    pub fn redone(&mut self, applied: EditCommand) {
        if self.redo.pop().is_some() {
            self.push_undo(applied);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// (undoable, redoable) counts.
    pub fn len(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    pub fn is_empty(&self) -> bool {
        self.undo.is_empty() && self.redo.is_empty()
    }

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use geo::Point;

    use super::*;
    use crate::model::{Feature, Value};

    fn upd(fid: i64, from: i64, to: i64) -> EditCommand {
        let f = |v| Feature {
            fid: Some(fid),
            geometry_wgs84: Some(Point::new(20.0, 41.0).into()),
            values: vec![Value::Int(v)],
        };
        EditCommand::Update {
            layer: "cases".into(),
            fid,
            before: f(from),
            after: f(to),
        }
    }

    #[test]
    fn undo_then_redo_round_trips_and_a_new_edit_clears_redo() {
        let mut h = History::default();
        assert_eq!(h.next_undo(), None);
        h.record(upd(1, 10, 11));
        h.record(upd(1, 11, 12));
        // Undo the last edit: the command to send sets 12 back to 11.
        let cmd = h.next_undo().expect("undoable");
        assert_eq!(cmd, upd(1, 12, 11));
        assert_eq!(h.len(), (2, 0), "nothing moves before the store confirms");
        h.undone(cmd);
        assert_eq!(h.len(), (1, 1));
        // Redo sends the original edit again.
        let redo = h.next_redo().expect("redoable");
        assert_eq!(redo, upd(1, 11, 12));
        h.redone(redo);
        assert_eq!(h.len(), (2, 0));
        // Undo twice, then a new edit: the redo stack is gone.
        for _ in 0..2 {
            let c = h.next_undo().expect("undoable");
            h.undone(c);
        }
        assert_eq!(h.len(), (0, 2));
        assert!(!h.can_undo() && h.can_redo());
        h.record(upd(2, 0, 1));
        assert_eq!(h.len(), (1, 0));
        assert_eq!(h.next_redo(), None);
    }

    #[test]
    fn the_history_is_bounded_dropping_the_oldest() {
        let mut h = History::new(3);
        for i in 0..5 {
            h.record(upd(1, i, i + 1));
        }
        assert_eq!(h.len(), (3, 0));
        let mut undone = Vec::new();
        while let Some(c) = h.next_undo() {
            h.undone(c.clone());
            undone.push(c);
        }
        // The three newest edits (4→5, 3→4, 2→3) undo, newest first.
        assert_eq!(undone, vec![upd(1, 5, 4), upd(1, 4, 3), upd(1, 3, 2)]);
    }
}
