//! Services children can be referred to (day centres, CPUs, schools, …), as points.

use geo::Point;

use super::case::MunicipalityRef;
use super::category::ServiceType;
use super::record::{FieldGetter, ModelError, Record, int_or_null, text_or_null};
use super::value::{Feature, FieldDef, FieldKind, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub fid: Option<i64>,
    pub service_type: ServiceType,
    pub name: String,
    /// Places (children) the service can take, when known.
    pub capacity: Option<u32>,
    pub municipality: Option<MunicipalityRef>,
    /// Where the record came from (e.g. "OpenStreetMap node 295966541", "illustrative").
    pub source: Option<String>,
    pub pos_wgs84: Point<f64>,
}

impl Record for Service {
    fn fields() -> Vec<FieldDef> {
        use FieldKind::*;
        vec![
            FieldDef::new("service_type", Text),
            FieldDef::new("name", Text),
            FieldDef::new("capacity", Int),
            FieldDef::new("municipality_lau", Text),
            FieldDef::new("municipality", Text),
            FieldDef::new("source", Text),
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
                Value::Text(self.service_type.code().into()),
                Value::Text(self.name.clone()),
                int_or_null(self.capacity.map(i64::from)),
                lau,
                name,
                text_or_null(&self.source),
            ],
        }
    }

    fn from_feature(g: &FieldGetter<'_>) -> Result<Self, ModelError> {
        Ok(Service {
            fid: g.fid(),
            service_type: g.code("service_type", ServiceType::from_code)?,
            name: g.text("name").unwrap_or_default(),
            capacity: g.i64("capacity").and_then(|c| u32::try_from(c).ok()),
            municipality: g.text("municipality_lau").map(|lau_code| MunicipalityRef {
                lau_code,
                name: g.text("municipality").unwrap_or_default(),
            }),
            source: g.text("source"),
            pos_wgs84: g.point()?,
        })
    }
}
