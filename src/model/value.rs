//! Generic attribute values, field definitions and features: the shape every layer shares.
//!
//! Typed layers (cases, services, …) convert to and from this shape, so the store, the
//! importers and the exporters have one path for every layer.

use chrono::NaiveDate;
use geo::Geometry;
use serde::{Deserialize, Serialize};

/// One attribute value. Dates are calendar dates (no time zone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(String),
    Date(NaiveDate),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Text form for CSV export, tables and reports (empty for null).
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Real(r) => r.to_string(),
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Real(r) => Some(*r),
            Value::Text(s) => s.trim().replace(',', ".").parse().ok(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(r) if r.fract() == 0.0 && r.is_finite() => Some(*r as i64),
            Value::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            Value::Text(s) => match s.trim().to_lowercase().as_str() {
                "true" | "yes" | "po" | "1" | "y" | "t" => Some(true),
                "false" | "no" | "jo" | "0" | "n" | "f" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            Value::Text(s) => crate::io::dates::parse_date(s).ok(),
            _ => None,
        }
    }

    /// Text, trimmed, `None` when null or empty.
    pub fn non_empty_text(&self) -> Option<String> {
        let t = self.to_text();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

/// The storage type of a field (GeoPackage column type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    Bool,
    Int,
    Real,
    Text,
    Date,
}

impl FieldKind {
    /// The GeoPackage / SQLite declared type.
    pub fn sql_type(self) -> &'static str {
        match self {
            FieldKind::Bool => "BOOLEAN",
            FieldKind::Int => "INTEGER",
            FieldKind::Real => "REAL",
            FieldKind::Text => "TEXT",
            FieldKind::Date => "DATE",
        }
    }

    pub fn from_sql_type(decl: &str) -> Self {
        let d = decl.to_ascii_uppercase();
        if d.starts_with("BOOL") {
            FieldKind::Bool
        } else if d.contains("INT") {
            FieldKind::Int
        } else if d.starts_with("REAL") || d.starts_with("DOUBLE") || d.starts_with("FLOAT") {
            FieldKind::Real
        } else if d == "DATE" {
            FieldKind::Date
        } else {
            FieldKind::Text
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    pub kind: FieldKind,
}

impl FieldDef {
    pub fn new(name: &str, kind: FieldKind) -> Self {
        Self {
            name: name.to_string(),
            kind,
        }
    }
}

/// The geometry type a layer declares (GeoPackage `geometry_type_name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeometryType {
    Point,
    LineString,
    Polygon,
    MultiPoint,
    MultiLineString,
    MultiPolygon,
    /// Mixed or unknown (`GEOMETRY`).
    Geometry,
}

impl GeometryType {
    pub fn gpkg_name(self) -> &'static str {
        match self {
            GeometryType::Point => "POINT",
            GeometryType::LineString => "LINESTRING",
            GeometryType::Polygon => "POLYGON",
            GeometryType::MultiPoint => "MULTIPOINT",
            GeometryType::MultiLineString => "MULTILINESTRING",
            GeometryType::MultiPolygon => "MULTIPOLYGON",
            GeometryType::Geometry => "GEOMETRY",
        }
    }

    pub fn from_gpkg_name(name: &str) -> Self {
        match name.to_ascii_uppercase().as_str() {
            "POINT" => GeometryType::Point,
            "LINESTRING" => GeometryType::LineString,
            "POLYGON" => GeometryType::Polygon,
            "MULTIPOINT" => GeometryType::MultiPoint,
            "MULTILINESTRING" => GeometryType::MultiLineString,
            "MULTIPOLYGON" => GeometryType::MultiPolygon,
            _ => GeometryType::Geometry,
        }
    }

    pub fn of(g: &Geometry<f64>) -> Self {
        match g {
            Geometry::Point(_) => GeometryType::Point,
            Geometry::LineString(_) | Geometry::Line(_) => GeometryType::LineString,
            Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => {
                GeometryType::Polygon
            }
            Geometry::MultiPoint(_) => GeometryType::MultiPoint,
            Geometry::MultiLineString(_) => GeometryType::MultiLineString,
            Geometry::MultiPolygon(_) => GeometryType::MultiPolygon,
            Geometry::GeometryCollection(_) => GeometryType::Geometry,
        }
    }

    /// The declared type for a layer holding these geometries: the common type, the
    /// multi-type when singles and multis of one family mix, else `Geometry`.
    pub fn common<'a>(geoms: impl IntoIterator<Item = &'a Geometry<f64>>) -> Self {
        let mut acc: Option<GeometryType> = None;
        for g in geoms {
            let t = Self::of(g);
            acc = Some(match acc {
                None => t,
                Some(a) if a == t => a,
                Some(a) => match (a.family(), t.family()) {
                    (Some(x), Some(y)) if x == y => x,
                    _ => GeometryType::Geometry,
                },
            });
        }
        acc.unwrap_or(GeometryType::Geometry)
    }

    fn family(self) -> Option<GeometryType> {
        match self {
            GeometryType::Point | GeometryType::MultiPoint => Some(GeometryType::MultiPoint),
            GeometryType::LineString | GeometryType::MultiLineString => {
                Some(GeometryType::MultiLineString)
            }
            GeometryType::Polygon | GeometryType::MultiPolygon => Some(GeometryType::MultiPolygon),
            GeometryType::Geometry => None,
        }
    }
}

/// One feature: a stable id once stored (`fid`), a WGS84 geometry, values aligned with the
/// layer's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub fid: Option<i64>,
    pub geometry_wgs84: Option<Geometry<f64>>,
    pub values: Vec<Value>,
}
