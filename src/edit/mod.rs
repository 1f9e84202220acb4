//! Editing features: the commands, their undo history, attribute validation and vertex
//! operations. Pure logic over `crate::model`: no egui, no SQL, no threads.
//!
//! An edit is an [`EditCommand`] (insert / update / delete one feature of one layer) carrying
//! everything needed to apply it *and* to undo it ([`EditCommand::inverse`]). The store applies
//! commands in one transaction each (`store::worker::apply_edit`) and returns the command as
//! applied (new fid filled in, values as stored); [`History`] keeps applied commands for undo
//! and redo. [`spec`] says which fields the attribute form shows and how; [`validate`] turns the attribute form's texts into typed values or typed
//! [`FieldError`]s per field; [`vertices`] moves, inserts and removes polygon vertices and
//! checks the result is a valid polygon.

pub mod command;
pub mod history;
pub mod spec;
pub mod validate;
pub mod vertices;

pub use command::{EditCommand, EditPurpose};
pub use history::History;
pub use spec::{CategoryOption, FieldSpec, InputKind, form_spec};
pub use validate::{FieldError, Problem, validate};
pub use vertices::{GeometryProblem, VertexRef};
