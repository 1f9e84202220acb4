//! GeoJSON reader: a FeatureCollection, a single Feature or a bare geometry → [`RawTable`].
//!
//! Input: a UTF-8 file (a byte-order mark is skipped). Coordinates stay in the file's CRS:
//! RFC 7946 says WGS84 longitude/latitude, so a file without a `crs` member declares EPSG:4326;
//! legacy (2008) files with a `crs` member (`{"type":"name","properties":{"name":
//! "urn:ogc:def:crs:EPSG::6870"}}`, `"EPSG:6870"`, `"urn:ogc:def:crs:OGC:1.3:CRS84"` = 4326,
//! or `{"type":"EPSG","properties":{"code":6870}}`) declare that CRS. A `crs` member that cannot
//! be understood declares nothing (with a note), so the importer asks for `--crs`.
//!
//! Algorithm: one pass of serde_json over the bytes; each feature's geometry is converted to
//! `geo` as soon as it is parsed (so a big file is never held twice as JSON trees); properties
//! keep their key order and become typed fields ([`props::build_fields`]); a feature `id`
//! becomes the field `id`. Every feature becomes a record numbered from 1: a `null` geometry
//! is `Missing`, an unusable one `Invalid` with the reason. Text that is not JSON is an error
//! with its line and column; bare `NaN`/`Infinity` are tolerated so that only the features
//! using them are invalid.

pub mod crs_member;
pub mod geometry;
pub mod json_text;
pub mod props;

use std::path::Path;

use serde::{Deserialize, Deserializer};
use serde_json::Value as Json;

pub use self::crs_member::declared_by_member;
use self::geometry::geometry_from_json;
use self::json_text::{JsonFault, quote_non_finite, strip_bom};
use self::props::{Props, add_feature_ids, build_fields};
use crate::crs::Crs;
use crate::io::raw::{RawGeometry, RawRecord, RawTable};

#[derive(Debug, thiserror::Error)]
pub enum GeoJsonError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty (no JSON text)")]
    Empty,
    #[error("GeoJSON is not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the file is JSON but not valid GeoJSON at line {line}, column {column}: {message}")]
    Structure {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is TopoJSON (\"type\": \"Topology\"), not GeoJSON: read it as TopoJSON")]
    IsTopoJson,
    #[error(
        "not GeoJSON: the top-level \"type\" is {found} (expected FeatureCollection, Feature or a geometry)"
    )]
    NotGeoJson { found: String },
}

impl From<JsonFault> for GeoJsonError {
    fn from(f: JsonFault) -> Self {
        let (line, column, message) = (f.line, f.column, f.message);
        if f.syntax {
            GeoJsonError::Syntax {
                line,
                column,
                message,
            }
        } else {
            GeoJsonError::Structure {
                line,
                column,
                message,
            }
        }
    }
}

/// Reads a GeoJSON file; the layer is named after the file stem.
pub fn read_geojson(path: &Path) -> Result<RawTable, GeoJsonError> {
    let bytes = std::fs::read(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "layer".into());
    read_geojson_bytes(&bytes, &name)
}

/// Reads GeoJSON text; `name` names the layer.
pub fn read_geojson_str(text: &str, name: &str) -> Result<RawTable, GeoJsonError> {
    read_geojson_bytes(text.as_bytes(), name)
}

/// Reads GeoJSON bytes (UTF-8, optionally with a byte-order mark); `name` names the layer.
pub fn read_geojson_bytes(bytes: &[u8], name: &str) -> Result<RawTable, GeoJsonError> {
    let mut notes = Vec::new();
    let (body, bom) = strip_bom(bytes);
    if bom {
        notes.push("a UTF-8 byte-order mark at the start of the file was skipped".to_string());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(GeoJsonError::Empty);
    }
    let doc: Doc = match serde_json::from_slice(body) {
        Ok(doc) => doc,
        Err(first) => {
            let fault = JsonFault::from_serde(&first);
            let fixed = if fault.syntax {
                quote_non_finite(body)
            } else {
                None
            };
            let Some(fixed) = fixed else {
                return Err(fault.into());
            };
            let doc = serde_json::from_slice(&fixed).map_err(|e| JsonFault::from_serde(&e))?;
            notes.push(
                "the file contains NaN or Infinity, which JSON does not allow: features with them in their coordinates are invalid".into(),
            );
            doc
        }
    };
    doc_to_table(doc, name, notes)
}

/// The top level of a GeoJSON document: any of FeatureCollection, Feature, geometry.
#[derive(Deserialize)]
struct Doc {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    features: Option<Vec<FeatureIn>>,
    #[serde(default, deserialize_with = "some_geometry")]
    geometry: Option<RawGeometry>,
    #[serde(default)]
    properties: Props,
    #[serde(default)]
    id: Option<Json>,
    #[serde(default)]
    crs: Option<Json>,
    #[serde(default)]
    coordinates: Option<Json>,
    #[serde(default)]
    geometries: Option<Json>,
}

#[derive(Deserialize)]
struct FeatureIn {
    #[serde(default = "missing", deserialize_with = "geometry_now")]
    geometry: RawGeometry,
    #[serde(default)]
    properties: Props,
    #[serde(default)]
    id: Option<Json>,
}

fn missing() -> RawGeometry {
    RawGeometry::Missing
}

fn geometry_now<'de, D: Deserializer<'de>>(d: D) -> Result<RawGeometry, D::Error> {
    Json::deserialize(d).map(|g| geometry_from_json(&g))
}

fn some_geometry<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RawGeometry>, D::Error> {
    geometry_now(d).map(Some)
}

const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

fn doc_to_table(doc: Doc, name: &str, mut notes: Vec<String>) -> Result<RawTable, GeoJsonError> {
    let declared_crs = match &doc.crs {
        None | Some(Json::Null) => Some(Crs::wgs84()),
        Some(member) => declared_by_member(member, &mut notes),
    };
    let kind = doc.kind.unwrap_or_default();
    let features = match kind.as_str() {
        "FeatureCollection" => doc.features.unwrap_or_else(|| {
            notes.push("the FeatureCollection has no \"features\" array".into());
            Vec::new()
        }),
        "Feature" => vec![FeatureIn {
            geometry: doc.geometry.unwrap_or(RawGeometry::Missing),
            properties: doc.properties,
            id: doc.id,
        }],
        "Topology" => return Err(GeoJsonError::IsTopoJson),
        t if GEOMETRY_TYPES.contains(&t) => {
            let mut obj = serde_json::Map::new();
            obj.insert("type".into(), Json::String(kind.clone()));
            for (key, value) in [
                ("coordinates", doc.coordinates),
                ("geometries", doc.geometries),
            ] {
                if let Some(v) = value {
                    obj.insert(key.into(), v);
                }
            }
            let geometry = geometry_from_json(&Json::Object(obj));
            vec![FeatureIn {
                geometry,
                properties: Props::Empty,
                id: None,
            }]
        }
        "" => {
            return Err(GeoJsonError::NotGeoJson {
                found: "missing".into(),
            });
        }
        other => {
            return Err(GeoJsonError::NotGeoJson {
                found: format!("'{other}'"),
            });
        }
    };
    let mut props = Vec::with_capacity(features.len());
    let mut ids = Vec::with_capacity(features.len());
    let mut geometries = Vec::with_capacity(features.len());
    for (i, f) in features.into_iter().enumerate() {
        if let Props::NotAnObject(what) = f.properties {
            notes.push(format!(
                "feature {}: \"properties\" is {what}, not an object: its attributes are empty",
                i + 1
            ));
        }
        props.push(f.properties.into_pairs());
        ids.push(f.id);
        geometries.push(f.geometry);
    }
    add_feature_ids(&mut props, ids);
    let (fields, rows) = build_fields(props);
    let records = geometries
        .into_iter()
        .zip(rows)
        .enumerate()
        .map(|(i, (geometry, values))| RawRecord {
            number: i + 1,
            geometry,
            values,
            gps_accuracy_m: None,
        })
        .collect();
    Ok(RawTable {
        name: name.to_string(),
        fields,
        records,
        declared_crs,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_geometry_and_single_feature() {
        let t = read_geojson_str(r#"{"type": "Point", "coordinates": [19.8, 41.3]}"#, "p").unwrap();
        assert_eq!(t.records.len(), 1);
        assert!(t.fields.is_empty());
        let f = r#"{"type": "Feature", "id": 9, "geometry": null, "properties": {"a": 1}}"#;
        let t = read_geojson_str(f, "f").unwrap();
        assert_eq!(
            t.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["id", "a"]
        );
        assert_eq!(t.records[0].geometry, RawGeometry::Missing);
    }

    #[test]
    fn errors_not_panics() {
        assert!(matches!(
            read_geojson_str("  \n", "e"),
            Err(GeoJsonError::Empty)
        ));
        let e = read_geojson_str("{\"type\": \"FeatureCollection\",\n \"features\": [", "t")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("GeoJSON is not valid JSON at line 2, column"),
            "{e}"
        );
        let e = read_geojson_str(r#"{"type": "Topology"}"#, "t").unwrap_err();
        assert!(matches!(e, GeoJsonError::IsTopoJson));
        let e =
            read_geojson_str(r#"{"type": "FeatureCollection", "features": 5}"#, "t").unwrap_err();
        assert!(matches!(e, GeoJsonError::Structure { .. }), "{e}");
    }
}
