//! Changes to the project's list of layers: drawing order (move up / down) and removal, from
//! the layer's context menu (right-click on its name in the layer panel).
//!
//! Both are saved in the project through its worker: the order as `ra_layers.sort_order`
//! (bottom first) with the metadata `layer_order = user`, so the next load keeps it instead of
//! the default order by kind; a removal deletes the layer's table in one transaction with an
//! audit row, after a confirmation that says how many features go (case layers hold data
//! about children: nothing is removed by a single click).

use egui::{RichText, Ui};

use super::actions::Action;
use super::i18n::{self, Language, T};
use super::layers_panel::format_count;
use super::state::{LayerView, Session};
use crate::store::{JobReply, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub enum LayerOp {
    /// One step up (drawn above the next layer) or down.
    Move {
        layer: String,
        up: bool,
    },
    /// Asks for confirmation before removing.
    AskRemove(String),
    CancelRemove,
    /// Removes the layer and its features from the project.
    Remove(String),
}

/// A write sent to the project's worker; its outcome is shown once in the status line.
pub struct PendingSave {
    pub reply: JobReply<Result<(), StoreError>>,
    pub done: T,
    pub failed: T,
}

/// The layer's context menu entries.
pub fn context_menu(ui: &mut Ui, layer: &LayerView, lang: Language, actions: &mut Vec<Action>) {
    let name = || layer.name.clone();
    let entries: [(T, Action); 6] = [
        (
            T::MoveUp,
            Action::Layer(LayerOp::Move {
                layer: name(),
                up: true,
            }),
        ),
        (
            T::MoveDown,
            Action::Layer(LayerOp::Move {
                layer: name(),
                up: false,
            }),
        ),
        (T::ZoomToLayer, Action::ZoomToLayer(name())),
        (T::OpenTable, Action::OpenTable(name())),
        (T::StyleTitle, Action::OpenStyleEditor(name())),
        (T::RemoveLayer, Action::Layer(LayerOp::AskRemove(name()))),
    ];
    for (i, (label, action)) in entries.into_iter().enumerate() {
        if i == 2 || i == 5 {
            ui.separator();
        }
        if ui.button(label.tr(lang)).clicked() {
            actions.push(action);
            ui.close();
        }
    }
}

/// The confirmation window of a removal, while one is asked.
pub fn confirm_window(
    ctx: &egui::Context,
    session: &Session,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let Some(name) = &session.confirm_remove else {
        return;
    };
    let Some(layer) = session.project.as_ref().and_then(|p| p.layer(name)) else {
        return;
    };
    egui::Window::new(T::RemoveLayer.tr(lang))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            let label = i18n::layer_label(layer.kind, &layer.name, lang);
            let text = T::RemoveLayerQuestion
                .tr(lang)
                .replace("{layer}", &label)
                .replace("{n}", &format_count(layer.feature_count));
            ui.label(text);
            if layer.kind.is_case_level() {
                ui.label(RichText::new(T::RemoveCasesWarning.tr(lang)).strong());
            }
            ui.horizontal(|ui| {
                if ui.button(T::RemoveLayerConfirm.tr(lang)).clicked() {
                    actions.push(Action::Layer(LayerOp::Remove(name.clone())));
                }
                if ui.button(T::Cancel.tr(lang)).clicked() {
                    actions.push(Action::Layer(LayerOp::CancelRemove));
                }
            });
        });
}

/// Applies a layer operation to the session and sends the write to the project's worker.
pub fn apply(session: &mut Session, op: LayerOp, lang: Language) {
    let Some(project) = session.project.as_mut() else {
        return;
    };
    match op {
        LayerOp::Move { layer, up } => {
            let Some(i) = project.layers.iter().position(|l| l.name == layer) else {
                return;
            };
            // Layers are kept bottom first: "up" means later in the list.
            let j = if up { i + 1 } else { i.wrapping_sub(1) };
            if j >= project.layers.len() {
                return;
            }
            project.layers.swap(i, j);
            let names: Vec<String> = project.layers.iter().map(|l| l.name.clone()).collect();
            save(session, T::OrderSaved, T::OrderNotSaved, lang, move |tx| {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                tx.set_layer_order(&names)?;
                tx.set_meta(USER_ORDER_KEY, "user")
            });
        }
        LayerOp::AskRemove(layer) => session.confirm_remove = Some(layer),
        LayerOp::CancelRemove => session.confirm_remove = None,
        LayerOp::Remove(layer) => {
            session.confirm_remove = None;
            project.layers.retain(|l| l.name != layer);
            if session.table.as_ref().is_some_and(|t| t.layer == layer) {
                session.table = None;
            }
            if session
                .style_draft
                .as_ref()
                .is_some_and(|d| d.layer == layer)
            {
                session.style_draft = None;
            }
            if session
                .identified
                .as_ref()
                .and_then(|i| i.hit.as_ref())
                .is_some_and(|h| h.layer == layer)
            {
                session.identified = None;
            }
            save(
                session,
                T::LayerRemoved,
                T::LayerNotRemoved,
                lang,
                move |tx| {
                    tx.delete_layer(&layer)?;
                    tx.audit("remove_layer", &layer)
                },
            );
        }
    }
}

/// The metadata key that says the user ordered the layers (else the default order by kind).
pub const USER_ORDER_KEY: &str = "layer_order";

fn save(
    session: &mut Session,
    done: T,
    failed: T,
    lang: Language,
    write: impl FnOnce(&crate::store::StoreTx<'_>) -> Result<(), StoreError> + Send + 'static,
) {
    let Some(worker) = session.editing.worker.as_ref() else {
        session.error = Some(format!("{}: {}", failed.tr(lang), StoreError::WorkerLost));
        return;
    };
    match worker.run(move |store| store.write(write)) {
        Ok(reply) => session.saves.push(PendingSave {
            reply,
            done,
            failed,
        }),
        Err(e) => session.error = Some(format!("{}: {e}", failed.tr(lang))),
    }
}

/// Reports finished saves in the status line (or the error window).
pub fn poll_saves(session: &mut Session, lang: Language) {
    let mut status = None;
    let mut error = None;
    session.saves.retain(|s| match s.reply.poll() {
        None => true,
        Some(Ok(Ok(()))) => {
            status = Some(s.done.tr(lang).to_string());
            false
        }
        Some(Ok(Err(e)) | Err(e)) => {
            error = Some(format!("{}: {e}", s.failed.tr(lang)));
            false
        }
    });
    if status.is_some() {
        session.status = status;
    }
    if error.is_some() {
        session.error = error;
    }
}
