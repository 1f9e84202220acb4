//! The attribute form: a panel right of the map for a new or selected feature of the edit
//! layer (a panel, not a window, so it never hides the feature being edited).
//!
//! Fields come from `edit::form_spec` (cases never show name-like fields): categories are
//! dropdowns labelled in the UI language (the stored value is the code), yes/no fields are
//! checkboxes, the rest text fields (dates `YYYY-MM-DD`). The texts are the form's own widget
//! state; Save pushes `EditAction::SaveForm`, which validates them (`edit::validate`) and
//! either sends the edit or puts each refusal next to its field, in red. A new case or service
//! gets today's date and the municipality that contains it, found in the project's
//! municipalities layer.

use egui::{Color32, ComboBox, Grid, RichText, TextEdit};
use geo::{Geometry, Intersects};

use super::actions::Action;
use super::editing::EditAction;
use super::i18n::{self, Language, T};
use super::state::{LayerView, LoadedProject};
use crate::edit::spec::input_text;
use crate::edit::{FieldError, FieldSpec, InputKind, Problem, form_spec};
use crate::model::{Feature, LayerKind};

/// An open form: which feature, and the texts being edited (aligned with the layer's fields).
#[derive(Debug, Clone, PartialEq)]
pub struct AttrForm {
    pub layer: String,
    pub kind: LayerKind,
    /// `None`: a new feature with `geometry`.
    pub fid: Option<i64>,
    pub geometry: Option<Geometry<f64>>,
    pub specs: Vec<FieldSpec>,
    pub texts: Vec<String>,
    pub errors: Vec<FieldError>,
}

impl AttrForm {
    /// The form of an existing feature.
    pub fn existing(layer: &LayerView, f: &Feature) -> Self {
        let specs = form_spec(&layer.data);
        let mut texts: Vec<String> = f.values.iter().map(|v| v.to_text()).collect();
        texts.resize(layer.data.fields.len(), String::new());
        for s in &specs {
            if let Some(v) = f.values.get(s.index) {
                texts[s.index] = input_text(v, &s.input);
            }
        }
        Self {
            layer: layer.name.clone(),
            kind: layer.kind,
            fid: f.fid,
            geometry: f.geometry_wgs84.clone(),
            specs,
            texts,
            errors: Vec::new(),
        }
    }

    /// The form of a new feature at `geometry`, with the defaults of its layer.
    pub fn new_feature(
        project: Option<&LoadedProject>,
        layer: &LayerView,
        geometry: Geometry<f64>,
    ) -> Self {
        let data = &layer.data;
        let mut texts = vec![String::new(); data.fields.len()];
        let mut set = |name: &str, value: String| {
            if let Some(i) = data.field_index(name) {
                texts[i] = value;
            }
        };
        match layer.kind {
            LayerKind::Cases => {
                set(
                    "identified_on",
                    chrono::Local::now().date_naive().to_string(),
                );
                set("status", "identified".into());
                set("sex", "unknown".into());
            }
            LayerKind::Mines => {
                set("status", "active".into());
                set("guarded", "false".into());
            }
            LayerKind::Hotspots => set("active_months", "6,7,8,9".into()),
            _ => {}
        }
        if matches!(layer.kind, LayerKind::Cases | LayerKind::Services)
            && let Some((lau, name)) = project.and_then(|p| municipality_at(p, &geometry))
        {
            set("municipality_lau", lau);
            set("municipality", name);
        }
        Self {
            layer: layer.name.clone(),
            kind: layer.kind,
            fid: None,
            geometry: Some(geometry),
            specs: form_spec(data),
            texts,
            errors: Vec::new(),
        }
    }
}

/// The LAU code and name of the municipality containing `g`, from the project's layer.
fn municipality_at(project: &LoadedProject, g: &Geometry<f64>) -> Option<(String, String)> {
    let layer = project.first_of(LayerKind::Municipalities)?;
    let data = &layer.data;
    let f = data
        .features
        .iter()
        .find(|f| f.geometry_wgs84.as_ref().is_some_and(|m| m.intersects(g)))?;
    let text = |name: &str| data.value(f, name).non_empty_text();
    Some((text("lau_code")?, text("name").unwrap_or_default()))
}

/// A refusal in the user's language.
pub fn problem_text(p: &Problem, lang: Language) -> String {
    let t = |k: T| k.tr(lang).to_string();
    match p {
        Problem::Required => t(T::ProblemRequired),
        Problem::NotAnInteger => t(T::ProblemNotInteger),
        Problem::NotANumber => t(T::ProblemNotNumber),
        Problem::OutOfRange { min, max } => T::ProblemRange
            .tr(lang)
            .replace("{min}", &min.to_string())
            .replace("{max}", &max.to_string()),
        Problem::TooSmall { min } => T::ProblemTooSmall
            .tr(lang)
            .replace("{min}", &min.to_string()),
        Problem::NotADate => t(T::ProblemNotDate),
        Problem::FutureDate => t(T::ProblemFutureDate),
        Problem::UnknownCategory { .. } => t(T::ProblemUnknownCategory),
        Problem::Duplicate { .. } => t(T::ProblemDuplicate),
        Problem::NotMonths => t(T::ProblemMonths),
        Problem::NotHours => t(T::ProblemHours),
        Problem::NotABool => t(T::ProblemBool),
        Problem::PersonalName => t(T::ProblemPersonalName),
    }
}

/// Draws the form panel (when one is open); edits its texts in place.
pub fn show(
    ui: &mut egui::Ui,
    form: &mut AttrForm,
    pending: bool,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let title = match form.fid {
        None => T::NewFeature.tr(lang).to_string(),
        Some(fid) => format!("{} {fid}", T::EditAttributes.tr(lang)),
    };
    egui::Panel::right("ra_attr_form")
        .resizable(false)
        .default_size(340.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading(title);
            ui.label(RichText::new(i18n::layer_label(form.kind, &form.layer, lang)).weak());
            ui.add_space(4.0);
            Grid::new("ra_attr_grid")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    for i in 0..form.specs.len() {
                        let spec = form.specs[i].clone();
                        field_row(ui, &spec, form, lang);
                    }
                });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let save = ui.add_enabled(!pending, egui::Button::new(T::Save.tr(lang)));
                if save.clicked() {
                    actions.push(Action::Edit(EditAction::SaveForm));
                }
                if ui.button(T::Cancel.tr(lang)).clicked() {
                    actions.push(Action::Edit(EditAction::CloseForm));
                }
            });
        });
}

fn field_row(ui: &mut egui::Ui, spec: &FieldSpec, form: &mut AttrForm, lang: Language) {
    let name = i18n::field_label(&spec.name, lang).unwrap_or(&spec.name);
    let label = if spec.required {
        format!("{name} *")
    } else {
        name.to_string()
    };
    let label = ui.label(label);
    let error = form.errors.iter().find(|e| e.field == spec.name);
    let text = &mut form.texts[spec.index];
    ui.vertical(|ui| {
        match &spec.input {
            InputKind::Category(options) => {
                let current = options.iter().find(|o| o.code == text.as_str());
                let shown = current.map_or("-", |o| pick(lang, o.label_sq, o.label_en));
                ComboBox::from_id_salt(("ra_attr", &spec.name))
                    .selected_text(shown)
                    .width(190.0)
                    .show_ui(ui, |ui| {
                        for o in options {
                            let l = pick(lang, o.label_sq, o.label_en);
                            if ui.selectable_label(current == Some(o), l).clicked() {
                                *text = o.code.to_string();
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
            InputKind::Bool => {
                let mut on = text.trim() == "true";
                if ui.checkbox(&mut on, "").labelled_by(label.id).changed() {
                    *text = on.to_string();
                }
            }
            input => {
                let hint = match input {
                    InputKind::Date => T::DateHint.tr(lang),
                    InputKind::Months => "6-9",
                    InputKind::Hours => "10:00-19:00",
                    _ => "",
                };
                ui.add(
                    TextEdit::singleline(text)
                        .hint_text(hint)
                        .desired_width(190.0),
                )
                .labelled_by(label.id);
            }
        }
        if let Some(e) = error {
            ui.label(
                RichText::new(problem_text(&e.problem, lang)).color(Color32::from_rgb(200, 30, 30)),
            );
        }
    });
    ui.end_row();
}

fn pick(lang: Language, sq: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Sq => sq,
        Language::En => en,
    }
}
