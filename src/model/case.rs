//! Identified cases: one child identified by a field team, as a point. Never a name.

use chrono::NaiveDate;
use geo::Point;

use super::category::{CaseKind, CaseStatus, Sex};
use super::record::{FieldGetter, ModelError, Record, int_or_null, real_or_null, text_or_null};
use super::value::{Feature, FieldDef, FieldKind, Value};

/// A municipality as cases and services refer to it: Eurostat LAU code and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityRef {
    pub lau_code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Stable feature id in the project (`None` before it is stored).
    pub fid: Option<i64>,
    /// The team's code for the child (e.g. "BUL-2018-014"); never a person's name.
    pub case_code: String,
    pub identified_on: NaiveDate,
    pub kind: CaseKind,
    pub age: Option<u8>,
    pub sex: Sex,
    pub status: CaseStatus,
    pub municipality: Option<MunicipalityRef>,
    pub team: Option<String>,
    pub gps_accuracy_m: Option<f64>,
    pub pos_wgs84: Point<f64>,
}

impl Record for Case {
    fn fields() -> Vec<FieldDef> {
        use FieldKind::*;
        vec![
            FieldDef::new("case_code", Text),
            FieldDef::new("identified_on", Date),
            FieldDef::new("kind", Text),
            FieldDef::new("age", Int),
            FieldDef::new("sex", Text),
            FieldDef::new("status", Text),
            FieldDef::new("municipality_lau", Text),
            FieldDef::new("municipality", Text),
            FieldDef::new("team", Text),
            FieldDef::new("gps_accuracy_m", Real),
        ]
    }

    fn to_feature(&self) -> Feature {
        let (lau, name) = match &self.municipality {
            Some(m) => (Value::Text(m.lau_code.clone()), Value::Text(m.name.clone())),
            None => (Value::Null, Value::Null),
        };
        Feature {
            fid: self.fid,
            geometry_wgs84: Some(self.pos_wgs84.into()),
            values: vec![
                Value::Text(self.case_code.clone()),
                Value::Date(self.identified_on),
                Value::Text(self.kind.code().into()),
                int_or_null(self.age.map(i64::from)),
                Value::Text(self.sex.code().into()),
                Value::Text(self.status.code().into()),
                lau,
                name,
                text_or_null(&self.team),
                real_or_null(self.gps_accuracy_m),
            ],
        }
    }

    fn from_feature(g: &FieldGetter<'_>) -> Result<Self, ModelError> {
        let municipality = match (g.text("municipality_lau"), g.text("municipality")) {
            (Some(lau_code), name) => Some(MunicipalityRef {
                name: name.unwrap_or_default(),
                lau_code,
            }),
            _ => None,
        };
        Ok(Case {
            fid: g.fid(),
            case_code: g.required_text("case_code")?,
            identified_on: g
                .value("identified_on")
                .as_date()
                .ok_or_else(|| g.bad("identified_on", "not a date"))?,
            kind: g.code("kind", CaseKind::from_code)?,
            age: g.i64("age").and_then(|a| u8::try_from(a).ok()),
            sex: g.code("sex", Sex::from_code)?,
            status: g.code("status", CaseStatus::from_code)?,
            municipality,
            team: g.text("team"),
            gps_accuracy_m: g.f64("gps_accuracy_m"),
            pos_wgs84: g.point()?,
        })
    }
}
