//! Mine perimeters (polygons): where children collect chrome near the Bulqizë mines.

use geo::MultiPolygon;

use super::category::MineStatus;
use super::record::{FieldGetter, ModelError, Record, text_or_null};
use super::value::{Feature, FieldDef, FieldKind, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct MinePerimeter {
    pub fid: Option<i64>,
    pub name: String,
    pub mineral: String,
    pub status: MineStatus,
    pub guarded: bool,
    /// Provenance, e.g. "illustrative perimeter around a real mine site".
    pub note: Option<String>,
    pub area_wgs84: MultiPolygon<f64>,
}

impl Record for MinePerimeter {
    fn fields() -> Vec<FieldDef> {
        use FieldKind::*;
        vec![
            FieldDef::new("name", Text),
            FieldDef::new("mineral", Text),
            FieldDef::new("status", Text),
            FieldDef::new("guarded", Bool),
            FieldDef::new("note", Text),
        ]
    }

    fn to_feature(&self) -> Feature {
        Feature {
            fid: self.fid,
            geometry_wgs84: Some(self.area_wgs84.clone().into()),
            values: vec![
                Value::Text(self.name.clone()),
                Value::Text(self.mineral.clone()),
                Value::Text(self.status.code().into()),
                Value::Bool(self.guarded),
                text_or_null(&self.note),
            ],
        }
    }

    fn from_feature(g: &FieldGetter<'_>) -> Result<Self, ModelError> {
        Ok(MinePerimeter {
            fid: g.fid(),
            name: g.text("name").unwrap_or_default(),
            mineral: g.text("mineral").unwrap_or_default(),
            status: g.code("status", MineStatus::from_code)?,
            guarded: g.value("guarded").as_bool().unwrap_or(false),
            note: g.text("note"),
            area_wgs84: g.multipolygon()?,
        })
    }
}
