//! Road lines from GeoJSON, Shapefile or GeoPackage → [`RoadLine`]s for the road graph.
//!
//! Input: any line layer the existing readers open (`io::format::read_any`: no parser of our
//! own). The CRS is decided as for imports (`--crs`, else what the file declares, else
//! degrees → WGS84) and every vertex is reprojected to WGS84.
//! Attributes (column names matched without regard to letter case):
//! - class: the column given, else the first of `highway`, `fclass` (Geofabrik shapefiles),
//!   `type`, `class`, `road_type`, `lloji`; values as OSM `highway` (`track_grade2`,
//!   `unknown` accepted); an empty value, or no class column at all, is a road of unknown
//!   type ([`RoadClass::Road`]: 30 km/h by car, walkable);
//! - `oneway` (`yes`/`no`/`-1`, Geofabrik `F`/`T`/`B`), `maxspeed` (km/h; 0 = unknown),
//!   `junction`, `access`, `foot`, `motor_vehicle` as OSM tags (`analysis::roads::tags`).
//!
//! LineStrings give one line, MultiLineStrings one per part. Every feature that gives no
//! line (a point or polygon, no geometry, an unreadable geometry, a class that is not a road,
//! fewer than two distinct points) is listed in `skipped` with its feature number and the
//! reason — never dropped silently. O(vertices).

use std::path::Path;

use geo::{Coord, Geometry, LineString};

use super::format::read_any;
use super::import::{ImportError, ImportOptions, decide_crs};
use super::raw::{RawGeometry, RawTable};
use crate::analysis::roads::{RoadError, RoadGraph, RoadLine, road_from_tags};
use crate::crs::{Crs, Transformer};
use crate::model::LayerKind;
use crate::progress::Progress;

pub use crate::analysis::roads::tags::{CLASS_FIELDS, TAG_FIELDS};

#[derive(Debug, Clone, Default)]
pub struct RoadLinesOptions {
    /// The column holding the road class (default: the first of [`CLASS_FIELDS`] present).
    pub class_field: Option<String>,
    /// The CRS of the coordinates when the file declares none (or to override it).
    pub crs: Option<Crs>,
    /// Which layer of a GeoPackage.
    pub source_layer: Option<String>,
}

/// A feature that gave no road line.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFeature {
    /// 1-based feature number in the file.
    pub number: usize,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoadLinesRead {
    pub lines: Vec<RoadLine>,
    pub skipped: Vec<SkippedFeature>,
    /// The class column used, if any.
    pub class_field: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RoadLinesError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("the layer has no column '{0}' for the road class")]
    NoSuchField(String),
    #[error("{path}: no feature is a road line ({skipped} features skipped; the first: {first})")]
    NoLines {
        path: String,
        skipped: usize,
        first: String,
    },
    #[error(transparent)]
    Graph(#[from] RoadError),
}

/// Reads road lines from a file.
pub fn read_road_lines(
    path: &Path,
    opts: &RoadLinesOptions,
) -> Result<RoadLinesRead, RoadLinesError> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(ImportError::NotFound { path: shown }.into());
    }
    let mut import = ImportOptions::new(LayerKind::Roads);
    import.crs = opts.crs.clone();
    import.source_layer = opts.source_layer.clone();
    let (table, _) = read_any(path, &import)?;
    let (crs, note) = decide_crs(&table, &import, &shown)?;
    let mut read = road_lines_from_table(&table, &crs, opts.class_field.as_deref())?;
    read.notes.extend(note);
    if read.lines.is_empty() {
        return Err(RoadLinesError::NoLines {
            path: shown,
            skipped: read.skipped.len(),
            first: read
                .skipped
                .first()
                .map_or("the layer is empty".into(), |s| {
                    format!("feature {}: {}", s.number, s.reason)
                }),
        });
    }
    Ok(read)
}

/// Reads road lines from a file and builds the graph.
pub fn load_road_lines(
    path: &Path,
    opts: &RoadLinesOptions,
    progress: &dyn Progress,
) -> Result<(RoadGraph, RoadLinesRead), RoadLinesError> {
    let read = read_road_lines(path, opts)?;
    let graph = RoadGraph::from_lines(&read.lines, progress)?;
    Ok((graph, read))
}

/// Road lines from a raw table whose coordinates are in `crs`.
pub fn road_lines_from_table(
    table: &RawTable,
    crs: &Crs,
    class_field: Option<&str>,
) -> Result<RoadLinesRead, RoadLinesError> {
    let find = |name: &str| {
        table
            .fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    };
    let (class_col, class_field) = match class_field {
        Some(name) => {
            let i = find(name).ok_or_else(|| RoadLinesError::NoSuchField(name.to_string()))?;
            (Some(i), Some(table.fields[i].name.clone()))
        }
        None => match CLASS_FIELDS.iter().find_map(|n| find(n)) {
            Some(i) => (Some(i), Some(table.fields[i].name.clone())),
            None => (None, None),
        },
    };
    let mut notes = table.notes.clone();
    if class_col.is_none() {
        notes.push(
            "no road class column: every line is a road of unknown type (30 km/h by car)".into(),
        );
    }
    let tag_cols: Vec<(&str, usize)> = TAG_FIELDS
        .iter()
        .filter_map(|t| Some((*t, find(t)?)))
        .collect();
    let to_wgs84 = Transformer::new(crs, &Crs::wgs84());
    let (mut lines, mut skipped) = (Vec::new(), Vec::new());
    for rec in &table.records {
        let skip = |reason: String| SkippedFeature {
            number: rec.number,
            reason,
        };
        let class_text = class_col
            .map(|c| rec.values[c].to_text())
            .unwrap_or_default();
        let class_text = if class_text.trim().is_empty() {
            "road".to_string()
        } else {
            class_text
        };
        let texts: Vec<(&str, String)> = tag_cols
            .iter()
            .map(|(t, c)| (*t, rec.values[*c].to_text()))
            .collect();
        let tags = std::iter::once(("highway", class_text.as_str()))
            .chain(texts.iter().map(|(k, v)| (*k, v.as_str())));
        let Some(road) = road_from_tags(tags) else {
            skipped.push(skip(format!(
                "the class '{class_text}' is not a road to route on"
            )));
            continue;
        };
        let parts: Vec<&LineString<f64>> = match &rec.geometry {
            RawGeometry::Ok(Geometry::LineString(l)) => vec![l],
            RawGeometry::Ok(Geometry::MultiLineString(m)) => m.0.iter().collect(),
            RawGeometry::Ok(other) => {
                skipped.push(skip(format!("a {}, not a line", geometry_name(other))));
                continue;
            }
            RawGeometry::Missing => {
                skipped.push(skip("no geometry".into()));
                continue;
            }
            RawGeometry::Invalid(reason) => {
                skipped.push(skip(reason.clone()));
                continue;
            }
        };
        if parts.is_empty() {
            skipped.push(skip("an empty MultiLineString".into()));
            continue;
        }
        let single =
            parts.len() == 1 && matches!(rec.geometry, RawGeometry::Ok(Geometry::LineString(_)));
        for (k, part) in parts.into_iter().enumerate() {
            let label = |what: &str| {
                if single {
                    what.to_string()
                } else {
                    format!("part {} of the lines: {what}", k + 1)
                }
            };
            let coords: Result<Vec<Coord<f64>>, _> =
                part.coords().map(|c| to_wgs84.coord(*c)).collect();
            let mut coords = match coords {
                Ok(c) => c,
                Err(e) => {
                    skipped.push(skip(label(&format!("cannot be reprojected: {e}"))));
                    continue;
                }
            };
            if let Some(c) = coords
                .iter()
                .find(|c| c.x.abs() > 180.0 || c.y.abs() > 90.0)
            {
                skipped.push(skip(label(&format!(
                    "the vertex ({}, {}) is not a longitude/latitude",
                    c.x, c.y
                ))));
                continue;
            }
            let key = |c: &Coord<f64>| ((c.x * 1e7).round(), (c.y * 1e7).round());
            if coords.iter().all(|c| key(c) == key(&coords[0])) {
                skipped.push(skip(label("fewer than two distinct points")));
                continue;
            }
            if road.reverse {
                coords.reverse();
            }
            lines.push(RoadLine {
                geometry_wgs84: LineString::new(coords),
                attrs: road.attrs,
            });
        }
    }
    Ok(RoadLinesRead {
        lines,
        skipped,
        class_field,
        notes,
    })
}

fn geometry_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => "line",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}
