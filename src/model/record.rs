//! The bridge between typed records (`Case`, `Service`, …) and generic features.

use super::layer::FeatureLayer;
use super::value::{Feature, FieldDef, Value};

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ModelError {
    #[error("feature {fid:?}: field '{field}' is missing or invalid: {reason}")]
    BadField {
        fid: Option<i64>,
        field: String,
        reason: String,
    },
    #[error("feature {0:?} has no geometry or the wrong geometry type")]
    BadGeometry(Option<i64>),
}

/// A typed record stored as one feature of a typed layer.
pub trait Record: Sized {
    /// The layer's fields, in table order.
    fn fields() -> Vec<FieldDef>;
    /// Values aligned with `fields()`, and the geometry.
    fn to_feature(&self) -> Feature;
    /// Reads a feature of a layer whose fields may be ordered differently.
    fn from_feature(get: &FieldGetter<'_>) -> Result<Self, ModelError>;

    /// All records of a layer; the first bad feature is an error.
    fn read_layer(layer: &FeatureLayer) -> Result<Vec<Self>, ModelError> {
        layer
            .features
            .iter()
            .map(|f| Self::from_feature(&FieldGetter { layer, feature: f }))
            .collect()
    }
}

/// Reads named fields of one feature.
pub struct FieldGetter<'a> {
    pub layer: &'a FeatureLayer,
    pub feature: &'a Feature,
}

impl FieldGetter<'_> {
    pub fn fid(&self) -> Option<i64> {
        self.feature.fid
    }

    pub fn value(&self, name: &str) -> &Value {
        self.layer.value(self.feature, name)
    }

    pub fn bad(&self, field: &str, reason: &str) -> ModelError {
        ModelError::BadField {
            fid: self.feature.fid,
            field: field.to_string(),
            reason: reason.to_string(),
        }
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.value(name).non_empty_text()
    }

    pub fn required_text(&self, name: &str) -> Result<String, ModelError> {
        self.text(name).ok_or_else(|| self.bad(name, "empty"))
    }

    pub fn f64(&self, name: &str) -> Option<f64> {
        self.value(name).as_f64()
    }

    pub fn i64(&self, name: &str) -> Option<i64> {
        self.value(name).as_i64()
    }

    pub fn code<T>(&self, name: &str, parse: fn(&str) -> Option<T>) -> Result<T, ModelError> {
        let text = self.value(name).to_text();
        parse(&text).ok_or_else(|| self.bad(name, &format!("unknown value '{text}'")))
    }

    pub fn point(&self) -> Result<geo::Point<f64>, ModelError> {
        match &self.feature.geometry_wgs84 {
            Some(geo::Geometry::Point(p)) => Ok(*p),
            Some(geo::Geometry::MultiPoint(mp)) if mp.0.len() == 1 => Ok(mp.0[0]),
            _ => Err(ModelError::BadGeometry(self.feature.fid)),
        }
    }

    pub fn multipolygon(&self) -> Result<geo::MultiPolygon<f64>, ModelError> {
        match &self.feature.geometry_wgs84 {
            Some(geo::Geometry::Polygon(p)) => Ok(geo::MultiPolygon::new(vec![p.clone()])),
            Some(geo::Geometry::MultiPolygon(mp)) => Ok(mp.clone()),
            _ => Err(ModelError::BadGeometry(self.feature.fid)),
        }
    }
}

pub fn text_or_null(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::Text(s.clone()))
}

pub fn real_or_null(x: Option<f64>) -> Value {
    x.map_or(Value::Null, Value::Real)
}

pub fn int_or_null(x: Option<i64>) -> Value {
    x.map_or(Value::Null, Value::Int)
}
