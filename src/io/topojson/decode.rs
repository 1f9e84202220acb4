//! The TopoJSON decoder: arcs (quantized and delta-encoded or plain), the transform, and
//! geometry objects stitched from arc indexes. See the parent module for the algorithm.

use std::fmt;

use geo::{Coord, Geometry, GeometryCollection, MultiLineString, MultiPoint, MultiPolygon, Point};
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::TopoJsonError;
use crate::io::geojson::geometry::{is_empty, line, polygon, position, short};
use crate::io::geojson::props::Props;

/// Every arc's positions, or the reason it cannot be read.
pub type Arcs = Vec<Result<Vec<Coord<f64>>, String>>;

#[derive(Deserialize)]
pub struct TopoGeometry {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub arcs: Option<Json>,
    #[serde(default)]
    pub coordinates: Option<Json>,
    #[serde(default)]
    pub geometries: Option<Vec<TopoGeometry>>,
    #[serde(default)]
    pub properties: Props,
    #[serde(default)]
    pub id: Option<Json>,
}

/// The arcs array, each arc's positions read as they are stored (quantized deltas or
/// coordinates) one arc at a time; an unreadable arc is kept as its reason.
pub fn raw_arcs<'de, D: Deserializer<'de>>(d: D) -> Result<Arcs, D::Error> {
    struct ArcsVisitor;
    impl<'de> Visitor<'de> for ArcsVisitor {
        type Value = Arcs;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of arcs")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(arc) = seq.next_element::<Json>()? {
                out.push(match arc.as_array() {
                    Some(list) => list.iter().map(position).collect(),
                    None => Err(format!(
                        "the arc {} is not an array of positions",
                        short(&arc)
                    )),
                });
            }
            Ok(out)
        }
    }
    d.deserialize_seq(ArcsVisitor)
}

#[derive(Debug, Clone, Copy)]
pub struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

impl Transform {
    pub fn parse(t: &Json) -> Result<Self, TopoJsonError> {
        let pair = |key: &str| -> Result<[f64; 2], TopoJsonError> {
            let bad =
                || TopoJsonError::BadTransform(format!("\"{key}\" must be two finite numbers"));
            let list = t.get(key).and_then(Json::as_array).ok_or_else(bad)?;
            match list.as_slice() {
                [a, b] => match (a.as_f64(), b.as_f64()) {
                    (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Ok([a, b]),
                    _ => Err(bad()),
                },
                _ => Err(bad()),
            }
        };
        Ok(Self {
            scale: pair("scale")?,
            translate: pair("translate")?,
        })
    }

    fn apply(&self, q: Coord<f64>) -> Coord<f64> {
        Coord {
            x: q.x * self.scale[0] + self.translate[0],
            y: q.y * self.scale[1] + self.translate[1],
        }
    }
}

pub struct Decoder {
    arcs: Arcs,
    transform: Option<Transform>,
}

impl Decoder {
    /// Decodes every arc once: running sums of the deltas, then the transform.
    pub fn new(raw: Arcs, transform: Option<Transform>) -> Self {
        let arcs = match transform {
            None => raw,
            Some(t) => raw
                .into_iter()
                .map(|arc| {
                    arc.map(|deltas| {
                        let mut sum = Coord { x: 0.0, y: 0.0 };
                        deltas
                            .into_iter()
                            .map(|d| {
                                sum = sum + d;
                                t.apply(sum)
                            })
                            .collect()
                    })
                })
                .collect(),
        };
        Self { arcs, transform }
    }

    /// A Point/MultiPoint position: quantized (not delta-encoded) when there is a transform.
    fn point(&self, v: &Json) -> Result<Coord<f64>, String> {
        let c = position(v)?;
        Ok(self.transform.map_or(c, |t| t.apply(c)))
    }

    /// The positions of a line or ring given by its arc indexes.
    fn stitch(&self, indexes: &Json) -> Result<Vec<Coord<f64>>, String> {
        let mut out: Vec<Coord<f64>> = Vec::new();
        for idx in list(indexes)? {
            let i = idx
                .as_i64()
                .ok_or_else(|| format!("arc index {} is not an integer", short(idx)))?;
            let (k, reversed) = if i < 0 { (!i, true) } else { (i, false) };
            let arc = usize::try_from(k)
                .ok()
                .and_then(|k| self.arcs.get(k))
                .ok_or_else(|| {
                    format!(
                        "arc index {i} refers to arc {k}, but the topology has {} arcs",
                        self.arcs.len()
                    )
                })?;
            let arc = arc.as_ref().map_err(|e| format!("arc {k}: {e}"))?;
            out.pop();
            if reversed {
                out.extend(arc.iter().rev());
            } else {
                out.extend(arc.iter());
            }
        }
        Ok(out)
    }

    fn rings(&self, v: &Json) -> Result<Vec<Vec<Coord<f64>>>, String> {
        list(v)?.iter().map(|r| self.stitch(r)).collect()
    }

    /// `Ok(None)` for `"type": null` and empty geometries.
    pub fn geometry(&self, g: &TopoGeometry) -> Result<Option<Geometry<f64>>, String> {
        let Some(kind) = g.kind.as_deref() else {
            return Ok(None);
        };
        let need = |v: &Option<Json>, key: &str| -> Result<Json, String> {
            v.clone()
                .ok_or_else(|| format!("the {kind} has no \"{key}\""))
        };
        let in_kind = |e: String| format!("{kind}: {e}");
        let geometry: Geometry<f64> = match kind {
            "Point" => {
                let c = need(&g.coordinates, "coordinates")?;
                if c.as_array().is_some_and(Vec::is_empty) {
                    return Ok(None);
                }
                Point::from(self.point(&c).map_err(in_kind)?).into()
            }
            "MultiPoint" => {
                let c = need(&g.coordinates, "coordinates")?;
                let pts: Result<Vec<_>, _> =
                    list(&c).and_then(|l| l.iter().map(|p| self.point(p)).collect());
                MultiPoint::from(pts.map_err(in_kind)?).into()
            }
            "LineString" => line(self.stitch(&need(&g.arcs, "arcs")?).map_err(in_kind)?)
                .map_err(in_kind)?
                .into(),
            "MultiLineString" => {
                let a = need(&g.arcs, "arcs")?;
                let lines: Result<Vec<_>, _> = list(&a)
                    .and_then(|l| l.iter().map(|x| self.stitch(x).and_then(line)).collect());
                MultiLineString::new(lines.map_err(in_kind)?).into()
            }
            "Polygon" => polygon(self.rings(&need(&g.arcs, "arcs")?).map_err(in_kind)?)
                .map_err(in_kind)?
                .into(),
            "MultiPolygon" => {
                let a = need(&g.arcs, "arcs")?;
                let parts: Result<Vec<_>, _> = list(&a)
                    .and_then(|l| l.iter().map(|p| self.rings(p).and_then(polygon)).collect());
                MultiPolygon::new(parts.map_err(in_kind)?).into()
            }
            "GeometryCollection" => {
                let mut out = Vec::new();
                for (i, m) in g.geometries.iter().flatten().enumerate() {
                    let member = self
                        .geometry(m)
                        .map_err(|e| format!("GeometryCollection member {}: {e}", i + 1))?;
                    out.extend(member);
                }
                Geometry::GeometryCollection(GeometryCollection(out))
            }
            other => return Err(format!("unknown geometry type '{other}'")),
        };
        Ok((!is_empty(&geometry)).then_some(geometry))
    }
}

fn list(v: &Json) -> Result<&Vec<Json>, String> {
    v.as_array()
        .ok_or_else(|| format!("expected an array, found {}", short(v)))
}
