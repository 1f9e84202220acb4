//! What may be stored, and how: table and field names, geometries fitted to the declared
//! type, attribute values as SQL values.
//!
//! Names: a layer name must not be empty, hold control characters or start with `gpkg_`,
//! `sqlite_`, `rtree_` or `ra_`; field names must be unique ignoring case and not `fid`/`geom`.
//! Identifiers are always quoted, so spaces and non-ASCII letters (ë, ç) are fine.
//! Geometries: a single geometry in a multi layer becomes a one-part multi (and back for a
//! one-part multi in a single layer); anything else that does not fit is an error.
//! Values: dates as `YYYY-MM-DD` text, booleans 0/1, non-finite reals NULL.

use std::collections::HashSet;

use geo::{Geometry, MultiLineString, MultiPoint, MultiPolygon};
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};

use super::StoreError;
use crate::model::{FeatureLayer, GeometryType, Value};

/// SQLite identifier quoting: `"name"` with inner quotes doubled.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) fn bad_name(what: &'static str, name: &str, reason: &str) -> StoreError {
    StoreError::BadName {
        what,
        name: name.to_string(),
        reason: reason.to_string(),
    }
}

pub(crate) fn check_names(layer: &FeatureLayer) -> Result<(), StoreError> {
    let n = layer.name.as_str();
    let lower = n.to_lowercase();
    if n.trim().is_empty() || n.chars().any(char::is_control) {
        return Err(bad_name(
            "layer",
            n,
            "it is empty or holds control characters",
        ));
    }
    if ["gpkg_", "sqlite_", "rtree_", "ra_"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Err(bad_name(
            "layer",
            n,
            "names starting with gpkg_, sqlite_, rtree_ or ra_ are reserved",
        ));
    }
    let mut seen = HashSet::new();
    for f in &layer.fields {
        let key = f.name.to_lowercase();
        if f.name.trim().is_empty() || f.name.chars().any(char::is_control) {
            return Err(bad_name(
                "field",
                &f.name,
                "it is empty or holds control characters",
            ));
        }
        if key == "fid" || key == "geom" {
            return Err(bad_name(
                "field",
                &f.name,
                "fid and geom are the store's own columns",
            ));
        }
        if !seen.insert(key) {
            return Err(bad_name(
                "field",
                &f.name,
                "the layer has two fields of that name",
            ));
        }
    }
    Ok(())
}

/// The stored name of the table `name` matches, ignoring ASCII case as SQLite does.
pub(crate) fn existing_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = lower(?1)",
        [name],
        |r| r.get(0),
    )
    .optional()
}

/// The geometry `g` as the declared type wants it, or why it does not fit.
pub(crate) fn conform(g: &Geometry<f64>, declared: GeometryType) -> Result<Geometry<f64>, String> {
    use GeometryType as T;
    let actual = GeometryType::of(g);
    if declared == T::Geometry || declared == actual {
        return Ok(g.clone());
    }
    let fitted = match (declared, g) {
        (T::MultiPoint, Geometry::Point(p)) => Some(MultiPoint::new(vec![*p]).into()),
        (T::MultiLineString, Geometry::LineString(l)) => {
            Some(MultiLineString::new(vec![l.clone()]).into())
        }
        (T::MultiLineString, Geometry::Line(l)) => {
            Some(MultiLineString::new(vec![(*l).into()]).into())
        }
        (T::MultiPolygon, Geometry::Polygon(p)) => Some(MultiPolygon::new(vec![p.clone()]).into()),
        (T::MultiPolygon, Geometry::Rect(r)) => {
            Some(MultiPolygon::new(vec![r.to_polygon()]).into())
        }
        (T::MultiPolygon, Geometry::Triangle(t)) => {
            Some(MultiPolygon::new(vec![t.to_polygon()]).into())
        }
        (T::Point, Geometry::MultiPoint(m)) if m.0.len() == 1 => Some(m.0[0].into()),
        (T::LineString, Geometry::MultiLineString(m)) if m.0.len() == 1 => {
            Some(m.0[0].clone().into())
        }
        (T::Polygon, Geometry::MultiPolygon(m)) if m.0.len() == 1 => Some(m.0[0].clone().into()),
        _ => None,
    };
    fitted.ok_or_else(|| {
        format!(
            "a {} cannot be stored in a {} layer",
            actual.gpkg_name(),
            declared.gpkg_name()
        )
    })
}

pub(crate) fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Int(i) => Sql::Integer(*i),
        Value::Real(r) if r.is_finite() => Sql::Real(*r),
        Value::Real(_) => Sql::Null,
        Value::Text(s) => Sql::Text(s.clone()),
        Value::Date(d) => Sql::Text(d.format("%Y-%m-%d").to_string()),
    }
}

pub(crate) fn union(a: Option<[f64; 4]>, b: Option<[f64; 4]>) -> Option<[f64; 4]> {
    match (a, b) {
        (Some(a), Some(b)) => Some([
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]),
        (a, b) => a.or(b),
    }
}
