//! Administrative areas: the 61 municipalities (bashki) and 12 counties (qarqe).

use geo::MultiPolygon;

use super::case::MunicipalityRef;
use super::record::{FieldGetter, ModelError, Record, int_or_null, text_or_null};
use super::value::{Feature, FieldDef, FieldKind, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub fid: Option<i64>,
    pub name: String,
    /// Eurostat LAU code, e.g. "AL111" for Bulqizë.
    pub lau_code: String,
    /// The county (qark) name.
    pub qark: Option<String>,
    pub population: Option<i64>,
    pub area_wgs84: MultiPolygon<f64>,
}

impl Municipality {
    pub fn reference(&self) -> MunicipalityRef {
        MunicipalityRef {
            lau_code: self.lau_code.clone(),
            name: self.name.clone(),
        }
    }
}

impl Record for Municipality {
    fn fields() -> Vec<FieldDef> {
        use FieldKind::*;
        vec![
            FieldDef::new("name", Text),
            FieldDef::new("lau_code", Text),
            FieldDef::new("qark", Text),
            FieldDef::new("population", Int),
        ]
    }

    fn to_feature(&self) -> Feature {
        Feature {
            fid: self.fid,
            geometry_wgs84: Some(self.area_wgs84.clone().into()),
            values: vec![
                Value::Text(self.name.clone()),
                Value::Text(self.lau_code.clone()),
                text_or_null(&self.qark),
                int_or_null(self.population),
            ],
        }
    }

    fn from_feature(g: &FieldGetter<'_>) -> Result<Self, ModelError> {
        Ok(Municipality {
            fid: g.fid(),
            name: g.required_text("name")?,
            lau_code: g.required_text("lau_code")?,
            qark: g.text("qark"),
            population: g.i64("population"),
            area_wgs84: g.multipolygon()?,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Qark {
    pub fid: Option<i64>,
    pub name: String,
    /// NUTS-3 (2021) code, e.g. "AL011".
    pub nuts3_code: String,
    pub population: Option<i64>,
    pub area_wgs84: MultiPolygon<f64>,
}

impl Record for Qark {
    fn fields() -> Vec<FieldDef> {
        use FieldKind::*;
        vec![
            FieldDef::new("name", Text),
            FieldDef::new("nuts3_code", Text),
            FieldDef::new("population", Int),
        ]
    }

    fn to_feature(&self) -> Feature {
        Feature {
            fid: self.fid,
            geometry_wgs84: Some(self.area_wgs84.clone().into()),
            values: vec![
                Value::Text(self.name.clone()),
                Value::Text(self.nuts3_code.clone()),
                int_or_null(self.population),
            ],
        }
    }

    fn from_feature(g: &FieldGetter<'_>) -> Result<Self, ModelError> {
        Ok(Qark {
            fid: g.fid(),
            name: g.required_text("name")?,
            nuts3_code: g.text("nuts3_code").unwrap_or_default(),
            population: g.i64("population"),
            area_wgs84: g.multipolygon()?,
        })
    }
}
