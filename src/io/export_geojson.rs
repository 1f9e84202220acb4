//! GeoJSON export of a layer: an RFC 7946 FeatureCollection in WGS84 longitude/latitude.
//!
//! Input: a [`FeatureLayer`] (geometries already WGS84). Output: UTF-8 without a byte-order
//! mark, "\n" line ends, one feature per line. Each feature has `id` = its fid (when stored),
//! `properties` in the layer's field order (nulls as `null`, dates as ISO `YYYY-MM-DD`
//! strings, booleans, numbers; a non-finite real as `null`), and its geometry with every
//! coordinate rounded to 7 decimals (≈ 1 cm) and polygons oriented by the right-hand rule
//! (exterior counter-clockwise, holes clockwise) as RFC 7946 recommends. No `crs` member.
//! A layer `name` is added as a foreign member (GDAL and QGIS use it as the layer name).
//!
//! [`write_geojson_file`] writes to a temporary file in the target's directory and renames
//! it over the target only when everything was written and flushed to disk, so a failed
//! export never leaves a half-written file.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use geo::orient::{Direction, Orient};
use geo::{Coord, Geometry, LineString, Polygon};

use crate::model::{FeatureLayer, Value};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("feature {feature} has a coordinate that is not a finite number")]
    NonFinite { feature: String },
}

/// Writes the layer as a GeoJSON FeatureCollection.
pub fn write_geojson(layer: &FeatureLayer, out: &mut impl Write) -> Result<(), ExportError> {
    let name = serde_json::to_string(&layer.name).unwrap_or_else(|_| "\"layer\"".into());
    write!(
        out,
        "{{\n\"type\": \"FeatureCollection\",\n\"name\": {name},\n\"features\": [\n"
    )?;
    let keys: Vec<String> = layer.fields.iter().map(|f| json_string(&f.name)).collect();
    let count = layer.features.len();
    let mut line = String::new();
    for (i, f) in layer.features.iter().enumerate() {
        line.clear();
        line.push_str("{\"type\": \"Feature\"");
        if let Some(fid) = f.fid {
            let _ = write!(line, ", \"id\": {fid}");
        }
        line.push_str(", \"properties\": {");
        for (j, key) in keys.iter().enumerate() {
            let sep = if j == 0 { "" } else { ", " };
            let value = value_json(f.values.get(j).unwrap_or(&Value::Null));
            let _ = write!(line, "{sep}{key}: {value}");
        }
        line.push_str("}, \"geometry\": ");
        match &f.geometry_wgs84 {
            Some(g) => geometry_json(g, &mut line).map_err(|()| ExportError::NonFinite {
                feature: f
                    .fid
                    .map_or_else(|| format!("#{}", i + 1), |fid| fid.to_string()),
            })?,
            None => line.push_str("null"),
        }
        line.push('}');
        if i + 1 < count {
            line.push(',');
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    out.write_all(b"]\n}\n")?;
    Ok(())
}

/// Writes the layer to `path` atomically (temporary file beside it, then rename).
pub fn write_geojson_file(layer: &FeatureLayer, path: &Path) -> Result<(), ExportError> {
    super::atomic::write_atomic(path, |w| write_geojson(layer, w))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn value_json(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Real(r) if r.is_finite() => {
            serde_json::to_string(r).unwrap_or_else(|_| "null".into())
        }
        Value::Real(_) => "null".into(),
        Value::Text(s) => json_string(s),
        Value::Date(d) => format!("\"{}\"", d.format("%Y-%m-%d")),
    }
}

/// Rounds to 7 decimals (≈ 1 cm in degrees); `Err` for non-finite numbers.
fn round7(v: f64) -> Result<f64, ()> {
    if !v.is_finite() {
        return Err(());
    }
    let r = (v * 1e7).round() / 1e7;
    Ok(if r == 0.0 { 0.0 } else { r })
}

fn position(c: Coord<f64>, out: &mut String) -> Result<(), ()> {
    let (x, y) = (round7(c.x)?, round7(c.y)?);
    let x = serde_json::to_string(&x).map_err(|_| ())?;
    let y = serde_json::to_string(&y).map_err(|_| ())?;
    let _ = write!(out, "[{x}, {y}]");
    Ok(())
}

fn list<T>(
    items: &[T],
    out: &mut String,
    mut each: impl FnMut(&T, &mut String) -> Result<(), ()>,
) -> Result<(), ()> {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(item, out)?;
    }
    out.push(']');
    Ok(())
}

fn line_coords(l: &LineString<f64>, out: &mut String) -> Result<(), ()> {
    list(&l.0, out, |c, o| position(*c, o))
}

fn polygon_coords(p: &Polygon<f64>, out: &mut String) -> Result<(), ()> {
    let p = p.orient(Direction::Default);
    let rings: Vec<&LineString<f64>> = std::iter::once(p.exterior()).chain(p.interiors()).collect();
    list(&rings, out, |r, o| line_coords(r, o))
}

fn geometry_json(g: &Geometry<f64>, out: &mut String) -> Result<(), ()> {
    let typed = |kind: &str, out: &mut String, coords: &dyn Fn(&mut String) -> Result<(), ()>| {
        let _ = write!(out, "{{\"type\": \"{kind}\", \"coordinates\": ");
        coords(out)?;
        out.push('}');
        Ok(())
    };
    match g {
        Geometry::Point(p) => typed("Point", out, &|o| position(p.0, o)),
        Geometry::Line(l) => typed("LineString", out, &|o| {
            line_coords(&LineString::new(vec![l.start, l.end]), o)
        }),
        Geometry::LineString(l) => typed("LineString", out, &|o| line_coords(l, o)),
        Geometry::Polygon(p) => typed("Polygon", out, &|o| polygon_coords(p, o)),
        Geometry::Rect(r) => typed("Polygon", out, &|o| polygon_coords(&r.to_polygon(), o)),
        Geometry::Triangle(t) => typed("Polygon", out, &|o| polygon_coords(&t.to_polygon(), o)),
        Geometry::MultiPoint(m) => typed("MultiPoint", out, &|o| {
            list(&m.0, o, |p, o| position(p.0, o))
        }),
        Geometry::MultiLineString(m) => {
            typed("MultiLineString", out, &|o| list(&m.0, o, line_coords))
        }
        Geometry::MultiPolygon(m) => typed("MultiPolygon", out, &|o| list(&m.0, o, polygon_coords)),
        Geometry::GeometryCollection(c) => {
            out.push_str("{\"type\": \"GeometryCollection\", \"geometries\": ");
            list(&c.0, out, geometry_json)?;
            out.push('}');
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, FieldDef, FieldKind, GeometryType, LayerKind};

    #[test]
    fn feature_line_format() {
        let mut layer = FeatureLayer::new(
            "services",
            LayerKind::Services,
            GeometryType::Point,
            vec![
                FieldDef::new("name", FieldKind::Text),
                FieldDef::new("open", FieldKind::Date),
            ],
        );
        layer.features.push(Feature {
            fid: Some(7),
            geometry_wgs84: Some(geo::Point::new(20.780_800_04, 40.618_6).into()),
            values: vec![
                Value::Text("Qendra \"Korçë\"".into()),
                Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
            ],
        });
        let mut buf = Vec::new();
        write_geojson(&layer, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "{\n\"type\": \"FeatureCollection\",\n\"name\": \"services\",\n\"features\": [\n\
             {\"type\": \"Feature\", \"id\": 7, \"properties\": {\"name\": \"Qendra \\\"Korçë\\\"\", \"open\": \"2024-06-01\"}, \
             \"geometry\": {\"type\": \"Point\", \"coordinates\": [20.7808, 40.6186]}}\n]\n}\n"
        );
    }

    #[test]
    fn non_finite_is_an_error_and_leaves_no_file() {
        let mut layer = FeatureLayer::new("x", LayerKind::Other, GeometryType::Point, vec![]);
        layer.features.push(Feature {
            fid: Some(1),
            geometry_wgs84: Some(geo::Point::new(f64::NAN, 1.0).into()),
            values: vec![],
        });
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.geojson");
        let err = write_geojson_file(&layer, &path).unwrap_err();
        assert!(matches!(err, ExportError::NonFinite { .. }), "{err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no file, no temporary left"
        );
    }
}
