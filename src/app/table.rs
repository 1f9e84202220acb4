//! The attribute table: one layer's features as rows, in a panel under the map.
//!
//! Rows are the features that pass the layer's filters (the same mask as the map) and the
//! table's own text filter (any shown column contains the text, ignoring case and
//! diacritics), sorted by a clicked column (numbers and dates by value, text by folded text;
//! empty cells last). The row order is computed only when one of its inputs changes
//! ([`RowKey`]), O(n log n); drawing is virtualised (only visible rows), so 100,000 cases
//! scroll smoothly. Selecting rows (click, Ctrl+click, Shift+click) marks them on the map;
//! "Zoom to selection" fits their extent. Cases show their coded fields only.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::actions::Action;
use super::i18n::{self, Language, T};
use super::identify::{cell_text, shown_fields};
use super::layers_panel::format_count;
use super::state::{LayerView, LoadedProject};
use crate::model::Value;
use crate::text::fold;

/// What the table shows; kept in the session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableState {
    pub layer: String,
    /// Sorted column (field name) and ascending?
    pub sort: Option<(String, bool)>,
    pub text_filter: String,
    /// Selected features (indices into the layer's features).
    pub selected: BTreeSet<usize>,
    /// Last clicked row, the anchor of Shift+click ranges.
    pub anchor: Option<usize>,
    cache: Option<(RowKey, Vec<usize>)>,
}

/// Everything the row order depends on.
#[derive(Debug, Clone, PartialEq)]
struct RowKey {
    layer: String,
    sort: Option<(String, bool)>,
    text_filter: String,
    mask: usize,
    features: usize,
    data: usize,
    lang: Language,
}

impl TableState {
    pub fn for_layer(layer: &str) -> Self {
        Self {
            layer: layer.to_string(),
            ..Default::default()
        }
    }

    /// The rows (feature indices) in display order, recomputed only when needed.
    pub fn rows(&mut self, layer: &LayerView, lang: Language) -> &[usize] {
        let key = RowKey {
            layer: layer.name.clone(),
            sort: self.sort.clone(),
            text_filter: self.text_filter.clone(),
            mask: layer
                .mask
                .as_ref()
                .map_or(0, |m| std::sync::Arc::as_ptr(m) as usize),
            features: layer.feature_count,
            data: std::sync::Arc::as_ptr(&layer.data) as usize,
            lang,
        };
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let rows = compute_rows(layer, self.sort.as_ref(), &self.text_filter, lang);
            self.cache = Some((key, rows));
        }
        self.cache
            .as_ref()
            .map(|(_, r)| r.as_slice())
            .unwrap_or(&[])
    }
}

/// Filtered and sorted feature indices of `layer`.
pub fn compute_rows(
    layer: &LayerView,
    sort: Option<&(String, bool)>,
    text: &str,
    lang: Language,
) -> Vec<usize> {
    let data = &layer.data;
    let fields = shown_fields(data);
    let needle = fold(text);
    let mut rows: Vec<usize> = (0..data.features.len())
        .filter(|&i| layer.is_shown(i))
        .filter(|&i| {
            needle.is_empty()
                || fields.iter().any(|name| {
                    cell_text(data, &data.features[i], name, lang)
                        .is_some_and(|t| fold(&t).contains(&needle))
                })
        })
        .collect();
    if let Some((field, ascending)) = sort
        && let Some(col) = data.field_index(field)
    {
        let key = |i: usize| -> SortKey {
            let f = &data.features[i];
            match f.values.get(col).unwrap_or(&Value::Null) {
                Value::Null => SortKey::Empty,
                Value::Int(n) => SortKey::Num(*n as f64),
                Value::Real(x) => SortKey::Num(*x),
                Value::Bool(b) => SortKey::Num(*b as u8 as f64),
                Value::Date(d) => SortKey::Text(d.to_string()),
                Value::Text(_) => {
                    SortKey::Text(fold(&cell_text(data, f, field, lang).unwrap_or_default()))
                }
            }
        };
        let mut keyed: Vec<(SortKey, usize)> = rows.iter().map(|&i| (key(i), i)).collect();
        keyed.sort_by(|(a, ia), (b, ib)| {
            let ord = match (a, b) {
                (SortKey::Empty, SortKey::Empty) => std::cmp::Ordering::Equal,
                // Empty cells last in both directions.
                (SortKey::Empty, _) => return std::cmp::Ordering::Greater,
                (_, SortKey::Empty) => return std::cmp::Ordering::Less,
                (SortKey::Num(x), SortKey::Num(y)) => x.total_cmp(y),
                (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
                (SortKey::Num(_), SortKey::Text(_)) => std::cmp::Ordering::Less,
                (SortKey::Text(_), SortKey::Num(_)) => std::cmp::Ordering::Greater,
            };
            (if *ascending { ord } else { ord.reverse() }).then(ia.cmp(ib))
        });
        rows = keyed.into_iter().map(|(_, i)| i).collect();
    }
    rows
}

enum SortKey {
    Empty,
    Num(f64),
    Text(String),
}

/// Draws the table of `state.layer`. Changes to sorting, the text filter and the selection
/// are made on `state` (the panel's own state) and mirrored to the map through actions.
pub fn show(
    ui: &mut Ui,
    project: &LoadedProject,
    state: &mut TableState,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let Some(layer) = project.layer(&state.layer) else {
        actions.push(Action::CloseTable);
        return;
    };
    ui.horizontal(|ui| {
        egui::ComboBox::from_label(T::Layer.tr(lang))
            .selected_text(i18n::layer_label(layer.kind, &layer.name, lang))
            .show_ui(ui, |ui| {
                for l in project.layers.iter().rev() {
                    let label = i18n::layer_label(l.kind, &l.name, lang);
                    if ui.selectable_label(l.name == layer.name, label).clicked()
                        && l.name != layer.name
                    {
                        actions.push(Action::OpenTable(l.name.clone()));
                    }
                }
            });
        let label = ui.label(T::TableFilter.tr(lang));
        ui.add(egui::TextEdit::singleline(&mut state.text_filter).desired_width(160.0))
            .labelled_by(label.id);
        let n_selected = state.selected.len();
        let zoom = ui.add_enabled(
            n_selected > 0,
            egui::Button::new(T::ZoomToSelection.tr(lang)),
        );
        if zoom.clicked() {
            actions.push(Action::ZoomToSelection);
        }
        if ui
            .add_enabled(
                n_selected > 0,
                egui::Button::new(T::ClearSelection.tr(lang)),
            )
            .clicked()
        {
            state.selected.clear();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(T::Close.tr(lang)).clicked() {
                actions.push(Action::CloseTable);
            }
        });
    });
    let fields: Vec<String> = shown_fields(&layer.data)
        .into_iter()
        .map(str::to_string)
        .collect();
    let rows = state.rows(layer, lang).to_vec();
    ui.label(
        RichText::new(format!(
            "{} {} / {} · {} {}",
            format_count(rows.len()),
            T::Rows.tr(lang),
            format_count(layer.feature_count),
            format_count(state.selected.len()),
            T::Selected.tr(lang)
        ))
        .small()
        .weak(),
    );
    let mut clicked: Option<(usize, egui::Modifiers)> = None;
    let mut sort_clicked: Option<String> = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .column(Column::auto().at_least(48.0))
        .columns(Column::auto().at_least(80.0).clip(true), fields.len())
        .min_scrolled_height(60.0)
        .header(row_height + 2.0, |mut header| {
            header.col(|ui| {
                ui.strong("#");
            });
            for name in &fields {
                header.col(|ui| {
                    let label = i18n::field_label(name, lang).unwrap_or(name);
                    let arrow = match &state.sort {
                        Some((f, true)) if f == name => " ^",
                        Some((f, false)) if f == name => " v",
                        _ => "",
                    };
                    if ui
                        .button(RichText::new(format!("{label}{arrow}")).strong())
                        .clicked()
                    {
                        sort_clicked = Some(name.clone());
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let i = rows[row.index()];
                let f = &layer.data.features[i];
                row.set_selected(state.selected.contains(&i));
                row.col(|ui| {
                    let fid = f.fid.map_or(String::new(), |n| n.to_string());
                    // Not selectable: a click anywhere on the row selects the row.
                    ui.add(egui::Label::new(RichText::new(fid).weak()).selectable(false));
                });
                for name in &fields {
                    row.col(|ui| {
                        let text = cell_text(&layer.data, f, name, lang).unwrap_or_default();
                        ui.add(egui::Label::new(text).selectable(false));
                    });
                }
                if row.response().clicked() {
                    clicked = Some((i, row.response().ctx.input(|inp| inp.modifiers)));
                }
            });
        });
    if let Some(name) = sort_clicked {
        state.sort = match &state.sort {
            Some((f, true)) if *f == name => Some((name, false)),
            Some((f, false)) if *f == name => None,
            _ => Some((name, true)),
        };
    }
    if let Some((i, mods)) = clicked {
        select(state, &rows, i, mods);
    }
}

/// Applies a click on the row of feature `i`: plain click selects only it, Ctrl toggles it,
/// Shift selects the range from the anchor in the current row order.
pub fn select(state: &mut TableState, rows: &[usize], i: usize, mods: egui::Modifiers) {
    if mods.shift
        && let Some(anchor) = state.anchor
        && let (Some(a), Some(b)) = (
            rows.iter().position(|&r| r == anchor),
            rows.iter().position(|&r| r == i),
        )
    {
        let (lo, hi) = (a.min(b), a.max(b));
        state.selected.extend(rows[lo..=hi].iter().copied());
        return;
    }
    if mods.command {
        if !state.selected.remove(&i) {
            state.selected.insert(i);
        }
    } else {
        state.selected.clear();
        state.selected.insert(i);
    }
    state.anchor = Some(i);
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
