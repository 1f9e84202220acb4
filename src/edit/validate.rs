//! The attribute form's rules: turning the form's texts (fields as [`form_spec`] lists them)
//! into stored values ([`validate`]) or typed errors per field.
//!
//! Typed layers follow the model: cases (case_code required and unique in the layer, ISO date
//! `YYYY-MM-DD` not in the future, kind/status/sex from their category lists, age 0-17, GPS
//! accuracy >= 0, never a personal-name field), services (type from its list, capacity >= 0),
//! mine perimeters (name, status from its list, guarded yes/no), coastal hotspots (name,
//! active months such as "6-9" stored as "6,7,8,9", peak hours "HH:MM-HH:MM"). Other layers
//! are checked by field type only. Cost: O(fields), plus O(features) for the unique case code.

use chrono::NaiveDate;

use super::spec::{InputKind, form_spec};
use crate::model::{FeatureLayer, LayerKind, MonthSet, Value};

/// Why a field's text was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("required")]
    Required,
    #[error("not a whole number")]
    NotAnInteger,
    #[error("not a number")]
    NotANumber,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("must be at least {min}")]
    TooSmall { min: f64 },
    #[error("not a date; write it as YYYY-MM-DD")]
    NotADate,
    #[error("the date is in the future")]
    FutureDate,
    #[error("'{value}' is not one of the choices")]
    UnknownCategory { value: String },
    #[error("another feature of this layer already has '{value}'")]
    Duplicate { value: String },
    #[error("not a list of months (e.g. 6-9)")]
    NotMonths,
    #[error("not a time span (e.g. 10:00-19:00)")]
    NotHours,
    #[error("not yes or no")]
    NotABool,
    #[error("cases never hold personal names")]
    PersonalName,
}

/// A refused field: its name and why, so the form can show it next to the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

fn parse_hours(t: &str) -> bool {
    let hm = |s: &str| {
        let (h, m) = s.trim().split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && m.to_string().len() <= 2).then_some(())
    };
    matches!(t.split_once('-'), Some((a, b)) if hm(a).is_some() && hm(b).is_some())
}

/// One field's text as a value, or why not.
fn parse(text: &str, input: &InputKind, today: NaiveDate) -> Result<Value, Problem> {
    let t = text.trim();
    Ok(match input {
        InputKind::Text => Value::Text(t.to_string()),
        InputKind::Int { min, max } => {
            let n: i64 = t.parse().map_err(|_| Problem::NotAnInteger)?;
            let (lo, hi) = (min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX));
            if n < lo || n > hi {
                return Err(match (min, max) {
                    (Some(a), Some(b)) => Problem::OutOfRange { min: *a, max: *b },
                    _ => Problem::TooSmall { min: lo as f64 },
                });
            }
            Value::Int(n)
        }
        InputKind::Real { min } => {
            let x: f64 = t
                .replace(',', ".")
                .parse()
                .map_err(|_| Problem::NotANumber)?;
            if !x.is_finite() {
                return Err(Problem::NotANumber);
            }
            if let Some(m) = min.filter(|m| x < *m) {
                return Err(Problem::TooSmall { min: m });
            }
            Value::Real(x)
        }
        InputKind::Date => {
            let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Problem::NotADate)?;
            if d > today {
                return Err(Problem::FutureDate);
            }
            Value::Date(d)
        }
        InputKind::Bool => Value::Bool(Value::Text(t.into()).as_bool().ok_or(Problem::NotABool)?),
        InputKind::Category(opts) => {
            let o = opts
                .iter()
                .find(|o| o.code == t)
                .ok_or_else(|| Problem::UnknownCategory {
                    value: t.to_string(),
                })?;
            Value::Text(o.code.to_string())
        }
        InputKind::Months => Value::Text(MonthSet::parse(t).ok_or(Problem::NotMonths)?.to_code()),
        InputKind::Hours if parse_hours(t) => Value::Text(t.replace(' ', "")),
        InputKind::Hours => return Err(Problem::NotHours),
    })
}

/// Checks the form's `texts` (aligned with `layer.fields`) for feature `fid` (`None`: a new
/// feature) and returns the values to store, or every refused field. `today` bounds dates.
pub fn validate(
    layer: &FeatureLayer,
    fid: Option<i64>,
    texts: &[String],
    today: NaiveDate,
) -> Result<Vec<Value>, Vec<FieldError>> {
    let mut values = vec![Value::Null; layer.fields.len()];
    let mut errors = Vec::new();
    let text = |i: usize| texts.get(i).map_or("", |s| s.as_str());
    let mut shown = vec![false; layer.fields.len()];
    for spec in form_spec(layer) {
        shown[spec.index] = true;
        let t = text(spec.index);
        let empty = t.trim().is_empty() && spec.input != InputKind::Bool;
        let result = match (empty, spec.required) {
            (true, true) => Err(Problem::Required),
            (true, false) => Ok(Value::Null),
            (false, _) => parse(t, &spec.input, today),
        };
        match result {
            Ok(v) => values[spec.index] = v,
            Err(problem) => errors.push(FieldError {
                field: spec.name.clone(),
                problem,
            }),
        }
    }
    for (i, f) in layer.fields.iter().enumerate().filter(|(i, _)| !shown[*i]) {
        // Hidden fields: only name-like fields of cases, which must stay empty.
        if !text(i).trim().is_empty() {
            errors.push(FieldError {
                field: f.name.clone(),
                problem: Problem::PersonalName,
            });
        }
    }
    if layer.kind == LayerKind::Cases
        && let Some(col) = layer.field_index("case_code")
        && let Value::Text(code) = &values[col]
    {
        let taken = layer.features.iter().any(|f| {
            (fid.is_none() || f.fid != fid)
                && f.values
                    .get(col)
                    .is_some_and(|v| v.to_text().trim() == code)
        });
        if taken {
            errors.push(FieldError {
                field: "case_code".into(),
                problem: Problem::Duplicate {
                    value: code.clone(),
                },
            });
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
