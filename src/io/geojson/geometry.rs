//! GeoJSON geometry objects (as parsed JSON) → `geo` geometries, in the file's CRS and units.
//!
//! Each position's first two numbers are x (longitude/easting) and y (latitude/northing);
//! a third (height) is ignored. A geometry that cannot be used becomes
//! `RawGeometry::Invalid` with the reason (unknown type, a coordinate that is text or not
//! finite, a position with fewer than two numbers, a line of one position, a ring of fewer
//! than three); `null` and empty coordinates become `RawGeometry::Missing`. Unclosed rings are
//! closed (geo does it), as GDAL does. The polygon helpers are shared with TopoJSON.

use geo::{Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint};
use geo::{MultiPolygon, Point, Polygon};
use serde_json::Value as Json;

use crate::io::raw::RawGeometry;

/// A parsed GeoJSON geometry object (or `null`) as a raw geometry.
pub fn geometry_from_json(g: &Json) -> RawGeometry {
    match convert(g) {
        Ok(Some(geometry)) => RawGeometry::Ok(geometry),
        Ok(None) => RawGeometry::Missing,
        Err(reason) => RawGeometry::Invalid(reason),
    }
}

const TYPES: &str =
    "Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon, GeometryCollection";

/// `Ok(None)` for `null` and empty geometries.
fn convert(g: &Json) -> Result<Option<Geometry<f64>>, String> {
    let obj = match g {
        Json::Null => return Ok(None),
        Json::Object(o) => o,
        other => return Err(format!("the geometry is {}, not an object", short(other))),
    };
    let kind = match obj.get("type") {
        Some(Json::String(t)) => t.as_str(),
        Some(other) => return Err(format!("the geometry type {} is not text", short(other))),
        None => return Err("the geometry has no \"type\"".into()),
    };
    if kind == "GeometryCollection" {
        let Some(members) = obj.get("geometries").and_then(Json::as_array) else {
            return Err("the GeometryCollection has no \"geometries\" array".into());
        };
        let mut out = Vec::new();
        for (i, m) in members.iter().enumerate() {
            match convert(m) {
                Ok(Some(g)) => out.push(g),
                Ok(None) => {}
                Err(e) => return Err(format!("GeometryCollection member {}: {e}", i + 1)),
            }
        }
        return Ok(
            (!out.is_empty()).then_some(Geometry::GeometryCollection(GeometryCollection(out)))
        );
    }
    if !TYPES.split(", ").any(|t| t == kind) {
        return Err(format!(
            "unknown geometry type '{kind}' (expected one of {TYPES})"
        ));
    }
    let Some(c) = obj.get("coordinates") else {
        return Err(format!("the {kind} has no \"coordinates\""));
    };
    let in_kind = |e: String| format!("{kind}: {e}");
    let geometry: Geometry<f64> = match kind {
        "Point" => {
            if array(c).map_err(in_kind)?.is_empty() {
                return Ok(None);
            }
            Point::from(position(c).map_err(in_kind)?).into()
        }
        "MultiPoint" => MultiPoint::from(positions(c).map_err(in_kind)?).into(),
        "LineString" => line(positions(c).map_err(in_kind)?)
            .map_err(in_kind)?
            .into(),
        "MultiLineString" => MultiLineString::new(lines(c).map_err(in_kind)?).into(),
        "Polygon" => polygon(rings(c).map_err(in_kind)?).map_err(in_kind)?.into(),
        _ => {
            let mut parts = Vec::new();
            for (i, p) in array(c).map_err(in_kind)?.iter().enumerate() {
                let part = rings(p).and_then(polygon);
                parts.push(part.map_err(|e| format!("MultiPolygon part {}: {e}", i + 1))?);
            }
            MultiPolygon::new(parts).into()
        }
    };
    Ok((!is_empty(&geometry)).then_some(geometry))
}

/// A geometry with no positions (GeoJSON `"coordinates": []`).
pub fn is_empty(g: &Geometry<f64>) -> bool {
    match g {
        Geometry::GeometryCollection(c) => c.0.is_empty(),
        Geometry::MultiPoint(m) => m.0.is_empty(),
        Geometry::LineString(l) => l.0.is_empty(),
        Geometry::MultiLineString(m) => m.0.is_empty(),
        Geometry::Polygon(p) => p.exterior().0.is_empty(),
        Geometry::MultiPolygon(m) => m.0.is_empty(),
        _ => false,
    }
}

fn array(v: &Json) -> Result<&Vec<Json>, String> {
    v.as_array()
        .ok_or_else(|| format!("expected an array of coordinates, found {}", short(v)))
}

fn positions(v: &Json) -> Result<Vec<Coord<f64>>, String> {
    array(v)?.iter().map(position).collect()
}

fn lines(v: &Json) -> Result<Vec<LineString<f64>>, String> {
    array(v)?
        .iter()
        .map(|l| positions(l).and_then(line))
        .collect()
}

fn rings(v: &Json) -> Result<Vec<Vec<Coord<f64>>>, String> {
    array(v)?.iter().map(positions).collect()
}

/// One position: at least two finite numbers.
pub fn position(v: &Json) -> Result<Coord<f64>, String> {
    let Some(nums) = v.as_array() else {
        return Err(format!("position {} is not an array of numbers", short(v)));
    };
    if nums.len() < 2 {
        return Err(format!(
            "position {} has {} number(s); x and y (longitude and latitude) are needed",
            short(v),
            nums.len()
        ));
    }
    Ok(Coord {
        x: number(&nums[0])?,
        y: number(&nums[1])?,
    })
}

/// A coordinate number. The GeoJSON reader turns the non-standard bare `NaN`/`Infinity`
/// into strings before parsing, so they arrive here as text.
pub fn number(v: &Json) -> Result<f64, String> {
    match v {
        Json::Number(n) => match n.as_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(format!("coordinate {n} is not a finite number")),
        },
        Json::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {
            Err(format!("coordinate {s} is not a finite number"))
        }
        Json::String(s) => Err(format!("coordinate \"{s}\" is text, not a number")),
        other => Err(format!("coordinate {} is not a number", short(other))),
    }
}

/// A line needs two positions.
pub fn line(coords: Vec<Coord<f64>>) -> Result<LineString<f64>, String> {
    match coords.len() {
        0 => Ok(LineString::new(coords)),
        1 => Err("a line has only 1 position (2 are needed)".into()),
        _ => Ok(LineString::new(coords)),
    }
}

/// The first ring is the exterior, the others holes. Each ring needs three positions.
pub fn polygon(rings: Vec<Vec<Coord<f64>>>) -> Result<Polygon<f64>, String> {
    let mut it = rings.into_iter();
    let Some(exterior) = it.next() else {
        return Ok(Polygon::new(LineString::new(vec![]), vec![]));
    };
    let mut holes = Vec::new();
    for (i, ring) in it.enumerate() {
        holes.push(ring_line(ring, i + 2)?);
    }
    Ok(Polygon::new(ring_line(exterior, 1)?, holes))
}

fn ring_line(ring: Vec<Coord<f64>>, number: usize) -> Result<LineString<f64>, String> {
    let closed = ring.len() >= 2 && ring.first() == ring.last();
    let distinct = ring.len() - usize::from(closed);
    if distinct < 3 {
        return Err(format!(
            "ring {number} has {} position(s); a ring needs at least 3 distinct corners",
            ring.len()
        ));
    }
    Ok(LineString::new(ring))
}

/// JSON text cut to 40 characters, for messages.
pub fn short(v: &Json) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reason(v: Json) -> String {
        match geometry_from_json(&v) {
            RawGeometry::Invalid(r) => r,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn good_geometries() {
        let p = geometry_from_json(&json!({"type": "Point", "coordinates": [19.8, 41.3, 100]}));
        assert_eq!(p, RawGeometry::Ok(Point::new(19.8, 41.3).into()));
        let poly = json!({"type": "Polygon", "coordinates": [
            [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 3], [3, 3], [2, 2]]]});
        let RawGeometry::Ok(Geometry::Polygon(poly)) = geometry_from_json(&poly) else {
            panic!("not a polygon")
        };
        assert_eq!(poly.interiors().len(), 1);
        assert_eq!(geometry_from_json(&Json::Null), RawGeometry::Missing);
        let empty = json!({"type": "MultiPolygon", "coordinates": []});
        assert_eq!(geometry_from_json(&empty), RawGeometry::Missing);
    }

    #[test]
    fn bad_geometries_say_why() {
        let r = reason(json!({"type": "Polygonz", "coordinates": []}));
        assert!(r.contains("unknown geometry type 'Polygonz'"), "{r}");
        let r = reason(json!({"type": "Point", "coordinates": ["20.7", "40.6"]}));
        assert!(r.contains("\"20.7\" is text"), "{r}");
        let r = reason(json!({"type": "Point", "coordinates": [20.7]}));
        assert!(r.contains("has 1 number"), "{r}");
        let r = reason(json!({"type": "Point", "coordinates": ["NaN", 1]}));
        assert!(r.contains("NaN is not a finite number"), "{r}");
        let r = reason(json!({"type": "LineString", "coordinates": [[1, 2]]}));
        assert!(r.contains("only 1 position"), "{r}");
        let r = reason(json!({"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [1, 2]]]}));
        assert!(r.contains("ring 1"), "{r}");
        let r = reason(json!({"type": "LineString", "coordinates": 5}));
        assert!(r.contains("expected an array"), "{r}");
    }
}
