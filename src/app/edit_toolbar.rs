//! The edit toolbar (a row under the menu bar), the keyboard shortcuts of edit mode and the
//! attribute form panel.
//!
//! The row: an "Edit" switch; while on, the layer to edit (the four typed layers and other
//! point/polygon layers), the tools offered for its geometry, Undo (Ctrl+Z) and Redo (Ctrl+Y,
//! Ctrl+Shift+Z), a hint for the current tool and the last refusal in red. Keys (ignored
//! while a text field has the focus; read before the toolbar, so they never press a focused
//! button): Enter finishes a drawn polygon, Esc cancels it or
//! clears the selection, Delete removes the selected vertex or, with the select tool, the
//! selected feature. Everything is pushed as `Action::Edit`.

use egui::{Color32, ComboBox, Key, KeyboardShortcut, Modifiers, Panel, RichText, Ui};

use super::actions::Action;
use super::attr_form;
use super::editing::{EditAction, Tool, editable};
use super::i18n::{self, Language, T};
use super::state::Session;

fn push(actions: &mut Vec<Action>, a: EditAction) {
    actions.push(Action::Edit(a));
}

/// Draws the toolbar panel, handles the shortcuts and shows the form (call before the map).
pub fn show(ui: &mut Ui, session: &mut Session, lang: Language, actions: &mut Vec<Action>) {
    let Some(project) = &session.project else {
        return;
    };
    // Before the toolbar: Enter must finish a polygon, not press a focused toolbar button.
    shortcuts(ui.ctx(), session, actions);
    let edit = &session.editing;
    Panel::top("edit_toolbar").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui
                .selectable_label(edit.active, T::EditMode.tr(lang))
                .on_hover_text(T::EditModeHint.tr(lang))
                .clicked()
            {
                push(actions, EditAction::SetActive(!edit.active));
            }
            if !edit.active {
                return;
            }
            ui.separator();
            let current = edit
                .layer
                .as_deref()
                .and_then(|n| project.layer(n))
                .map(|l| i18n::layer_label(l.kind, &l.name, lang));
            let layer_label = ui.label(T::EditLayer.tr(lang));
            ComboBox::from_id_salt("ra_edit_layer")
                .selected_text(current.unwrap_or_else(|| T::ChooseLayer.tr(lang).to_string()))
                .show_ui(ui, |ui| {
                    for l in project
                        .layers
                        .iter()
                        .rev()
                        .filter(|l| editable(l).is_some())
                    {
                        let text = i18n::layer_label(l.kind, &l.name, lang);
                        let on = edit.layer.as_deref() == Some(l.name.as_str());
                        if ui.selectable_label(on, text).clicked() {
                            push(actions, EditAction::SetLayer(l.name.clone()));
                        }
                    }
                })
                .response
                .labelled_by(layer_label.id);
            let Some(points) = edit
                .layer
                .as_deref()
                .and_then(|n| project.layer(n))
                .and_then(editable)
            else {
                return;
            };
            ui.separator();
            for tool in Tool::offered(points) {
                if ui
                    .selectable_label(edit.tool == *tool, tool.label().tr(lang))
                    .clicked()
                {
                    push(actions, EditAction::SetTool(*tool));
                }
            }
            ui.separator();
            let idle = edit.pending.is_none();
            let undo = ui
                .add_enabled(
                    idle && edit.history.can_undo(),
                    egui::Button::new(T::Undo.tr(lang)),
                )
                .on_hover_text("Ctrl+Z");
            if undo.clicked() {
                push(actions, EditAction::Undo);
            }
            let redo = ui
                .add_enabled(
                    idle && edit.history.can_redo(),
                    egui::Button::new(T::Redo.tr(lang)),
                )
                .on_hover_text("Ctrl+Y");
            if redo.clicked() {
                push(actions, EditAction::Redo);
            }
            let hint = match edit.tool {
                Tool::DrawPolygon => Some(T::DrawHint),
                Tool::EditVertices => Some(T::VertexHint),
                Tool::MovePoint => Some(T::MoveHint),
                _ => None,
            };
            if let Some(h) = hint {
                ui.label(RichText::new(h.tr(lang)).small().weak());
            }
            if let Some(e) = &edit.error {
                ui.label(RichText::new(e).color(Color32::from_rgb(200, 30, 30)));
            }
        });
    });
    let pending = session.editing.pending.is_some();
    if let Some(form) = &mut session.editing.form {
        attr_form::show(ui, form, pending, lang, actions);
    }
}

fn shortcuts(ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
    let edit = &session.editing;
    if !edit.active || ctx.text_edit_focused() {
        return;
    }
    let shortcut = |m, k| ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)));
    let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
    if shortcut(shift_cmd, Key::Z) || shortcut(Modifiers::COMMAND, Key::Y) {
        push(actions, EditAction::Redo);
    } else if shortcut(Modifiers::COMMAND, Key::Z) {
        push(actions, EditAction::Undo);
    }
    let pressed = |k| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k));
    if edit.tool == Tool::DrawPolygon && !edit.draft.is_empty() {
        if pressed(Key::Enter) {
            push(actions, EditAction::FinishDraft);
        } else if pressed(Key::Escape) {
            push(actions, EditAction::CancelDraft);
        }
    } else if pressed(Key::Escape) {
        push(actions, EditAction::Select(None));
    }
    if pressed(Key::Delete) || pressed(Key::Backspace) {
        match (edit.selected, edit.selected_vertex, edit.tool) {
            (Some(fid), Some(vertex), Tool::EditVertices) => {
                push(actions, EditAction::RemoveVertex { fid, vertex })
            }
            (Some(fid), _, Tool::Select) => push(actions, EditAction::Delete { fid }),
            _ => {}
        }
    }
}
