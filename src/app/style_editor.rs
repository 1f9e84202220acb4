//! The style dialog of a layer: single symbol, categorized by a field, or graduated by a
//! numeric field (number of classes, equal interval or quantiles), and an optional label
//! field. "Apply" pushes `Action::SetLayerStyle`, which redraws the layer and saves the style
//! in the project, so the map looks the same the next time it opens (and when printed).
//!
//! The dialog edits a draft kept in the session ([`StyleDraft`]); nothing changes until Apply.

use egui::{ComboBox, Ui};

use super::actions::Action;
use super::i18n::{self, Language, T};
use super::state::LayerView;
use crate::model::style::ClassMethod;
use crate::model::{FieldKind, LayerStyle, StyleRule};

/// Most categories a categorized style lists (the rest are "other").
pub const MAX_CATEGORIES: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Single,
    Categorized,
    Graduated,
}

/// The dialog's state while open.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleDraft {
    pub layer: String,
    pub mode: Mode,
    pub field: Option<String>,
    pub classes: usize,
    pub method: ClassMethod,
    pub label_field: Option<String>,
}

impl StyleDraft {
    /// A draft showing the layer's current style.
    pub fn of(layer: &LayerView) -> Self {
        let (mode, classes, method) = match &layer.style.rule {
            StyleRule::Single { .. } => (Mode::Single, 5, ClassMethod::Quantile),
            StyleRule::Categorized { .. } => (Mode::Categorized, 5, ClassMethod::Quantile),
            StyleRule::Graduated { bounds, method, .. } => (Mode::Graduated, bounds.len(), *method),
        };
        Self {
            layer: layer.name.clone(),
            mode,
            field: layer.style.field().map(str::to_string),
            classes,
            method,
            label_field: layer.style.label_field.clone(),
        }
    }

    /// The style the draft describes, built from the layer's data.
    pub fn build(&self, layer: &LayerView) -> LayerStyle {
        let data = &layer.data;
        let mut style = match (self.mode, &self.field) {
            (Mode::Categorized, Some(f)) => {
                // The typed layers' own categories keep their fixed colours.
                let default = LayerStyle::default_for(data);
                if default.field() == Some(f.as_str()) {
                    default
                } else {
                    LayerStyle::categorized(data, f, MAX_CATEGORIES)
                }
            }
            (Mode::Graduated, Some(f)) => LayerStyle::graduated(data, f, self.classes, self.method),
            _ => {
                let mut s = LayerStyle::default_for(data);
                if !matches!(s.rule, StyleRule::Single { .. }) {
                    let colour = s.look(0).colour;
                    s.rule = StyleRule::Single {
                        colour,
                        symbol: crate::model::style::Symbol::Circle,
                    };
                }
                s
            }
        };
        style.label_field = self.label_field.clone();
        style
    }
}

/// Fields that can categorize (any) and graduate (numbers) a layer, and label it (text).
fn fields(layer: &LayerView, numeric: bool) -> Vec<String> {
    layer
        .data
        .fields
        .iter()
        .filter(|f| !numeric || matches!(f.kind, FieldKind::Int | FieldKind::Real))
        .map(|f| f.name.clone())
        .collect()
}

fn field_text(name: &str, lang: Language) -> String {
    i18n::field_label(name, lang).map_or_else(|| name.to_string(), str::to_string)
}

fn field_combo(
    ui: &mut Ui,
    label: T,
    value: &mut Option<String>,
    options: &[String],
    none: Option<T>,
    lang: Language,
) {
    let text = value
        .as_deref()
        .map(|f| field_text(f, lang))
        .unwrap_or_else(|| none.map_or(String::new(), |t| t.tr(lang).to_string()));
    ComboBox::from_label(label.tr(lang))
        .selected_text(text)
        .show_ui(ui, |ui| {
            if let Some(none) = none {
                ui.selectable_value(value, None, none.tr(lang));
            }
            for f in options {
                ui.selectable_value(value, Some(f.clone()), field_text(f, lang));
            }
        });
}

/// The dialog's contents. Returns false when it should close.
pub fn show(
    ui: &mut Ui,
    layer: &LayerView,
    draft: &mut StyleDraft,
    lang: Language,
    actions: &mut Vec<Action>,
) -> bool {
    ui.label(i18n::layer_label(layer.kind, &layer.name, lang));
    ui.horizontal(|ui| {
        ui.radio_value(&mut draft.mode, Mode::Single, T::StyleSingle.tr(lang));
        ui.radio_value(
            &mut draft.mode,
            Mode::Categorized,
            T::StyleCategorized.tr(lang),
        );
        ui.radio_value(&mut draft.mode, Mode::Graduated, T::StyleGraduated.tr(lang));
    });
    let numeric = draft.mode == Mode::Graduated;
    if draft.mode != Mode::Single {
        let options = fields(layer, numeric);
        if draft.field.as_ref().is_none_or(|f| !options.contains(f)) {
            draft.field = options.first().cloned();
        }
        if options.is_empty() {
            ui.label(T::NoNumericField.tr(lang));
        } else {
            field_combo(ui, T::StyleField, &mut draft.field, &options, None, lang);
        }
    }
    if draft.mode == Mode::Graduated {
        ui.add(egui::Slider::new(&mut draft.classes, 2..=9).text(T::StyleClasses.tr(lang)));
        ui.horizontal(|ui| {
            ui.radio_value(
                &mut draft.method,
                ClassMethod::Quantile,
                T::Quantiles.tr(lang),
            );
            ui.radio_value(
                &mut draft.method,
                ClassMethod::EqualInterval,
                T::EqualInterval.tr(lang),
            );
        });
    }
    let text_fields = fields(layer, false);
    field_combo(
        ui,
        T::LabelField,
        &mut draft.label_field,
        &text_fields,
        Some(T::NoLabels),
        lang,
    );
    ui.separator();
    let mut open = true;
    ui.horizontal(|ui| {
        if ui.button(T::Apply.tr(lang)).clicked() {
            actions.push(Action::SetLayerStyle {
                layer: layer.name.clone(),
                style: draft.build(layer),
            });
            open = false;
        }
        if ui.button(T::Cancel.tr(lang)).clicked() {
            open = false;
        }
    });
    open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::view_of;
    use crate::model::{FeatureLayer, GeometryType, LayerKind};

    #[test]
    fn drafts_rebuild_the_style_they_were_made_from() {
        let cases = FeatureLayer::new("cases", LayerKind::Cases, GeometryType::Point, vec![]);
        let view = view_of(cases);
        let draft = StyleDraft::of(&view);
        assert_eq!(draft.mode, Mode::Categorized);
        assert_eq!(draft.build(&view), *view.style);
        let single = StyleDraft {
            mode: Mode::Single,
            ..draft.clone()
        }
        .build(&view);
        assert!(matches!(single.rule, StyleRule::Single { .. }));
        let labelled = StyleDraft {
            label_field: Some("case_code".into()),
            ..draft
        }
        .build(&view);
        assert_eq!(labelled.label_field.as_deref(), Some("case_code"));
    }
}
