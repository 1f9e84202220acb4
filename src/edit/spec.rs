//! Which fields the attribute form shows for a layer and how each is entered: category
//! dropdowns (the model's codes with Albanian and English labels), yes/no, numbers with their
//! bounds, ISO dates, months and hours for coastal hotspots, free text otherwise. Cases never
//! show name-like fields. Typed layers follow the model; other layers go by field type.

use crate::io::columns_map::looks_like_personal_name;
use crate::model::{
    CaseKind, CaseStatus, FeatureLayer, FieldKind, LayerKind, MineStatus, MonthSet, ServiceType,
    Sex, Value,
};

/// One choice of a category dropdown: the stored code and its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryOption {
    pub code: &'static str,
    pub label_sq: &'static str,
    pub label_en: &'static str,
}

/// How a field is entered.
#[derive(Debug, Clone, PartialEq)]
pub enum InputKind {
    Text,
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    Real {
        min: Option<f64>,
    },
    /// `YYYY-MM-DD`.
    Date,
    Bool,
    Category(Vec<CategoryOption>),
    /// A set of months ("6-9", "June-September", "6,7,8").
    Months,
    /// A time span "HH:MM-HH:MM".
    Hours,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// The field's name (its index in the layer is `index`).
    pub name: String,
    pub index: usize,
    pub input: InputKind,
    pub required: bool,
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    sq: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> InputKind {
    InputKind::Category(
        all.iter()
            .map(|&c| CategoryOption {
                code: code(c),
                label_sq: sq(c),
                label_en: en(c),
            })
            .collect(),
    )
}

/// The input and whether it is required, for a field of a typed layer.
fn typed_input(kind: LayerKind, field: &str) -> Option<(InputKind, bool)> {
    use InputKind as I;
    let int = |min, max| I::Int { min, max };
    Some(match (kind, field) {
        (LayerKind::Cases, "case_code") => (I::Text, true),
        (LayerKind::Cases, "identified_on") => (I::Date, true),
        (LayerKind::Cases, "kind") => (
            options(
                CaseKind::ALL,
                CaseKind::code,
                CaseKind::label_sq,
                CaseKind::label_en,
            ),
            true,
        ),
        (LayerKind::Cases, "status") => (
            options(
                CaseStatus::ALL,
                CaseStatus::code,
                CaseStatus::label_sq,
                CaseStatus::label_en,
            ),
            true,
        ),
        (LayerKind::Cases, "sex") => (
            options(Sex::ALL, Sex::code, Sex::label_sq, Sex::label_en),
            true,
        ),
        (LayerKind::Cases, "age") => (int(Some(0), Some(17)), false),
        (LayerKind::Cases, "gps_accuracy_m") => (I::Real { min: Some(0.0) }, false),
        (LayerKind::Services, "service_type") => (
            options(
                ServiceType::ALL,
                ServiceType::code,
                ServiceType::label_sq,
                ServiceType::label_en,
            ),
            true,
        ),
        (LayerKind::Services, "capacity") => (int(Some(0), None), false),
        (LayerKind::Mines | LayerKind::Hotspots, "name") => (I::Text, true),
        (LayerKind::Mines, "status") => (
            options(
                MineStatus::ALL,
                MineStatus::code,
                MineStatus::label_sq,
                MineStatus::label_en,
            ),
            true,
        ),
        (LayerKind::Mines, "guarded") => (I::Bool, false),
        (LayerKind::Hotspots, "active_months") => (I::Months, true),
        (LayerKind::Hotspots, "peak_hours") => (I::Hours, false),
        _ => return None,
    })
}

/// The fields the form shows, in the layer's order. Cases never show name-like fields.
pub fn form_spec(layer: &FeatureLayer) -> Vec<FieldSpec> {
    let mut out = Vec::new();
    for (index, f) in layer.fields.iter().enumerate() {
        if layer.kind == LayerKind::Cases && looks_like_personal_name(&f.name) {
            continue;
        }
        let (input, required) = typed_input(layer.kind, &f.name).unwrap_or(match f.kind {
            FieldKind::Bool => (InputKind::Bool, false),
            FieldKind::Int => (
                InputKind::Int {
                    min: None,
                    max: None,
                },
                false,
            ),
            FieldKind::Real => (InputKind::Real { min: None }, false),
            FieldKind::Date => (InputKind::Date, false),
            FieldKind::Text => (InputKind::Text, false),
        });
        out.push(FieldSpec {
            name: f.name.clone(),
            index,
            input,
            required,
        });
    }
    out
}

/// A stored value as the form's text for `input` (dates ISO, booleans "true"/"false").
pub fn input_text(value: &Value, input: &InputKind) -> String {
    match (input, value) {
        (InputKind::Bool, v) => v.as_bool().unwrap_or(false).to_string(),
        (InputKind::Months, v) => {
            let t = v.to_text();
            MonthSet::parse(&t).map_or(t, MonthSet::to_code)
        }
        (_, v) => v.to_text(),
    }
}
