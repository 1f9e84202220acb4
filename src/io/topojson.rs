//! TopoJSON reader: one object of a Topology → [`RawTable`] (own decoder, per the TopoJSON
//! 1.0 specification).
//!
//! Input: a UTF-8 Topology with `arcs`, optional `transform` and `objects`. TopoJSON declares no
//! CRS (coordinates are usually WGS84 longitude/latitude), so `declared_crs` is `None` and the
//! importer decides, unless the topology carries a legacy GeoJSON-style `crs` member.
//!
//! Algorithm:
//! 1. Arcs are decoded once. With a `transform` they are quantized and delta-encoded: each
//!    arc's positions are running sums of integer deltas, then `x = sum_x·scale_x +
//!    translate_x` (same for y). Point/MultiPoint coordinates are quantized but not
//!    delta-encoded: `x = x_q·scale_x + translate_x`.
//! 2. A line or ring is the concatenation of its arcs; index `i < 0` means arc `!i` (= −i−1)
//!    reversed; the first position of each following arc repeats the last of the previous and
//!    is dropped (as topojson-client does).
//! 3. The chosen object (by name, or the only one) gives the features: the members of a
//!    GeometryCollection, else the object itself. Properties become fields as in GeoJSON, the
//!    `id` becomes the field `id`; `"type": null` is `Missing`; a bad arc index or bad
//!    coordinate makes that feature `Invalid`, never a panic.

mod decode;

use std::path::Path;

use serde::Deserialize;
use serde_json::Value as Json;

use self::decode::{Arcs, Decoder, TopoGeometry, Transform, raw_arcs};
use crate::io::geojson::declared_by_member;
use crate::io::geojson::json_text::{JsonFault, strip_bom};
use crate::io::geojson::props::{OrderedMap, Props, add_feature_ids, build_fields};
use crate::io::raw::{RawGeometry, RawRecord, RawTable};

#[derive(Debug, thiserror::Error)]
pub enum TopoJsonError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty (no JSON text)")]
    Empty,
    #[error("TopoJSON is not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the file is JSON but not valid TopoJSON at line {line}, column {column}: {message}")]
    Structure {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not TopoJSON: the top-level \"type\" is {found} (expected \"Topology\")")]
    NotTopology { found: String },
    #[error("the topology has no objects")]
    NoObjects,
    #[error("the topology has several objects ({names}): choose one by name")]
    ChooseObject { names: String },
    #[error("the topology has no object named '{asked}' (it has {names})")]
    NoSuchObject { asked: String, names: String },
    #[error("the topology's transform is invalid: {0}")]
    BadTransform(String),
}

impl From<JsonFault> for TopoJsonError {
    fn from(f: JsonFault) -> Self {
        let (line, column, message) = (f.line, f.column, f.message);
        if f.syntax {
            TopoJsonError::Syntax {
                line,
                column,
                message,
            }
        } else {
            TopoJsonError::Structure {
                line,
                column,
                message,
            }
        }
    }
}

/// Reads object `object` (or the only object) of a TopoJSON file.
pub fn read_topojson(path: &Path, object: Option<&str>) -> Result<RawTable, TopoJsonError> {
    read_topojson_bytes(&std::fs::read(path)?, object)
}

/// Reads object `object` (or the only object) of TopoJSON bytes; the table is named after it.
pub fn read_topojson_bytes(bytes: &[u8], object: Option<&str>) -> Result<RawTable, TopoJsonError> {
    let (body, _) = strip_bom(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(TopoJsonError::Empty);
    }
    let topo: Topology = serde_json::from_slice(body).map_err(|e| JsonFault::from_serde(&e))?;
    match topo.kind.as_deref() {
        Some("Topology") => {}
        Some(other) => {
            return Err(TopoJsonError::NotTopology {
                found: format!("'{other}'"),
            });
        }
        None => {
            return Err(TopoJsonError::NotTopology {
                found: "missing".into(),
            });
        }
    }
    let transform = topo.transform.as_ref().map(Transform::parse).transpose()?;
    let decoder = Decoder::new(topo.arcs, transform);
    let mut notes = Vec::new();
    let declared_crs = match &topo.crs {
        Some(member) if !member.is_null() => declared_by_member(member, &mut notes),
        _ => {
            notes.push("TopoJSON declares no coordinate system".into());
            None
        }
    };
    let mut objects = topo.objects.map(|o| o.0).unwrap_or_default();
    let names = || objects_list(&objects);
    let index = match object {
        Some(asked) => objects
            .iter()
            .position(|(n, _)| n == asked)
            .ok_or_else(|| TopoJsonError::NoSuchObject {
                asked: asked.to_string(),
                names: names(),
            })?,
        None if objects.is_empty() => return Err(TopoJsonError::NoObjects),
        None if objects.len() > 1 => return Err(TopoJsonError::ChooseObject { names: names() }),
        None => 0,
    };
    if objects.len() > 1 {
        notes.push(format!("object '{}' of {}", objects[index].0, names()));
    }
    let (name, chosen) = objects.swap_remove(index);
    let members = match chosen.kind.as_deref() {
        Some("GeometryCollection") => chosen.geometries.unwrap_or_default(),
        _ => vec![chosen],
    };
    let (mut props, mut ids, mut geometries) = (Vec::new(), Vec::new(), Vec::new());
    for (i, m) in members.into_iter().enumerate() {
        geometries.push(match decoder.geometry(&m) {
            Ok(Some(g)) => RawGeometry::Ok(g),
            Ok(None) => RawGeometry::Missing,
            Err(reason) => RawGeometry::Invalid(reason),
        });
        if let Props::NotAnObject(what) = m.properties {
            notes.push(format!(
                "feature {}: \"properties\" is {what}, not an object",
                i + 1
            ));
        }
        props.push(m.properties.into_pairs());
        ids.push(m.id);
    }
    add_feature_ids(&mut props, ids);
    let (fields, rows) = build_fields(props);
    let records = (geometries.into_iter().zip(rows).enumerate())
        .map(|(i, (geometry, values))| RawRecord {
            number: i + 1,
            geometry,
            values,
            gps_accuracy_m: None,
        })
        .collect();
    Ok(RawTable {
        name,
        fields,
        records,
        declared_crs,
        notes,
    })
}

fn objects_list(objects: &[(String, TopoGeometry)]) -> String {
    let quoted: Vec<String> = objects.iter().map(|(n, _)| format!("'{n}'")).collect();
    quoted.join(", ")
}

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    transform: Option<Json>,
    #[serde(default, deserialize_with = "raw_arcs")]
    arcs: Arcs,
    #[serde(default)]
    objects: Option<OrderedMap<TopoGeometry>>,
    #[serde(default)]
    crs: Option<Json>,
}

#[cfg(test)]
mod tests;
