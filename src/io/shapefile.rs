//! ESRI Shapefile reader: `.shp` + `.shx` + `.dbf` (+ `.prj`, `.cpg`) → [`RawTable`].
//!
//! Input: the path of any part (normally the `.shp`); the other parts are found beside it by
//! the same stem, extension in any letter case. `.shp`, `.shx` and `.dbf` are required and
//! must not be empty. Coordinates stay in the file's CRS: the `.prj` (ESRI or OGC WKT) is
//! recognised by [`crate::crs::detect_prj`]; a missing `.prj` declares nothing (with a note),
//! an unknown one is an error naming it. Text encoding: see [`dbf`].
//!
//! Algorithm: shapes are read one by one through the `.shx` index with the `shapefile` crate
//! (a shape that cannot be read becomes `Invalid`, and reading goes on), attributes with our
//! own dBASE reader, aligned by position. Records are numbered from 1 in file order; a record
//! marked deleted in the `.dbf` is skipped with a note (GIS software hides it too); a count
//! mismatch between `.shp` and `.dbf` is noted and the missing side is empty. Files are only
//! read.

mod codepage;
mod dbf;
mod shapes;

use std::ffi::OsStr;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use ::shapefile::ShapeReader;

use crate::crs::{Crs, CrsError, detect_prj};
use crate::io::raw::{RawGeometry, RawRecord, RawTable};
use crate::model::Value;

#[derive(Debug, thiserror::Error)]
pub enum ShapefileError {
    #[error("{path} does not exist")]
    NotFound { path: String },
    #[error(
        "the shapefile has no {part} file: {expected} is missing (a shapefile needs its .shp, .shx and .dbf side by side)"
    )]
    MissingPart {
        part: &'static str,
        expected: String,
    },
    #[error("{path} is empty (0 bytes): the shapefile is incomplete")]
    EmptyPart { path: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a valid shapefile part: {reason}")]
    BadShp { path: String, reason: String },
    #[error("{path} cannot be read as a dBASE table: {reason}")]
    BadDbf { path: String, reason: String },
    #[error(
        "{path} names a coordinate system Risk Atlas does not know ('{name}'): reproject the layer to EPSG:4326, 6870 or 32634, or remove the .prj and choose the CRS when importing"
    )]
    UnknownPrj { path: String, name: String },
}

/// The parts of one shapefile.
struct Parts {
    shp: PathBuf,
    shx: PathBuf,
    dbf: PathBuf,
    prj: Option<PathBuf>,
    cpg: Option<PathBuf>,
}

/// Reads a shapefile given the path of any of its parts; the layer is named after the stem.
pub fn read_shapefile(path: &Path) -> Result<RawTable, ShapefileError> {
    let shown = |p: &Path| p.display().to_string();
    if !path.is_file() {
        return Err(ShapefileError::NotFound { path: shown(path) });
    }
    let parts = find_parts(path)?;
    for p in [&parts.shp, &parts.shx, &parts.dbf] {
        let len = std::fs::metadata(p).map_err(|e| io_err(p, e))?.len();
        if len == 0 {
            return Err(ShapefileError::EmptyPart { path: shown(p) });
        }
    }
    let mut notes = Vec::new();
    let declared_crs = prj_crs(parts.prj.as_deref(), &mut notes)?;
    let cpg = match &parts.cpg {
        Some(p) => {
            Some(String::from_utf8_lossy(&std::fs::read(p).map_err(|e| io_err(p, e))?).into_owned())
        }
        None => None,
    };
    let dbf_bytes = std::fs::read(&parts.dbf).map_err(|e| io_err(&parts.dbf, e))?;
    let table =
        dbf::read_dbf(&dbf_bytes, cpg.as_deref()).map_err(|reason| ShapefileError::BadDbf {
            path: shown(&parts.dbf),
            reason,
        })?;
    notes.extend(table.notes);

    let bad_shp = |reason: String| ShapefileError::BadShp {
        path: shown(&parts.shp),
        reason,
    };
    let open = |p: &Path| File::open(p).map(BufReader::new).map_err(|e| io_err(p, e));
    let mut reader = ShapeReader::with_shx(open(&parts.shp)?, open(&parts.shx)?)
        .map_err(|e| bad_shp(format!("{e} (or its .shx index is damaged)")))?;
    let shape_count = reader.shape_count().map_err(|e| bad_shp(e.to_string()))?;
    if shape_count != table.rows.len() {
        notes.push(format!(
            "the .shp has {shape_count} shapes but the .dbf has {} records: the missing side is empty",
            table.rows.len()
        ));
    }
    let width = table.fields.len();
    let (mut records, mut deleted, mut repaired) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..shape_count.max(table.rows.len()) {
        let values = match table.rows.get(i) {
            Some(None) => {
                deleted.push(i + 1);
                continue;
            }
            Some(Some(values)) => values.clone(),
            None => vec![Value::Null; width],
        };
        let geometry = match (i < shape_count)
            .then(|| reader.read_nth_shape(i))
            .flatten()
        {
            Some(Ok(shape)) => {
                let (geometry, note) = shapes::to_raw(&shape);
                repaired.extend(note.map(|n| format!("record {}: {n}", i + 1)));
                geometry
            }
            Some(Err(e)) => RawGeometry::Invalid(format!("the shape could not be read: {e}")),
            None => RawGeometry::Missing,
        };
        records.push(RawRecord {
            number: i + 1,
            geometry,
            values,
            gps_accuracy_m: None,
        });
    }
    if !deleted.is_empty() {
        notes.push(format!(
            "{} record(s) marked deleted in the .dbf were skipped: {}",
            deleted.len(),
            list(&deleted)
        ));
    }
    let more = repaired.len().saturating_sub(10);
    notes.extend(repaired.into_iter().take(10));
    if more > 0 {
        notes.push(format!(
            "… and {more} more records with polygon rings assembled the same way"
        ));
    }
    let name = parts
        .shp
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(RawTable {
        name,
        fields: table.fields,
        records,
        declared_crs,
        notes,
    })
}

/// The CRS the `.prj` declares: `None` (with a note) when there is none or it is empty, an
/// error naming it when Risk Atlas does not know it.
fn prj_crs(prj: Option<&Path>, notes: &mut Vec<String>) -> Result<Option<Crs>, ShapefileError> {
    let text = match prj {
        Some(p) => {
            String::from_utf8_lossy(&std::fs::read(p).map_err(|e| io_err(p, e))?).into_owned()
        }
        None => String::new(),
    };
    let (Some(p), false) = (prj, text.trim().is_empty()) else {
        notes.push(
            "the shapefile has no .prj (or an empty one): it declares no coordinate system".into(),
        );
        return Ok(None);
    };
    match detect_prj(&text) {
        Ok(crs) => {
            notes.push(format!(
                "coordinate system from the .prj: EPSG:{} ({})",
                crs.epsg(),
                crs.name()
            ));
            Ok(Some(crs))
        }
        Err(e) => {
            let name = match e {
                CrsError::UnknownPrj(name) if !name.is_empty() => name,
                CrsError::UnknownPrj(_) => "no CRS name in the file".into(),
                other => other.to_string(),
            };
            Err(ShapefileError::UnknownPrj {
                path: p.display().to_string(),
                name,
            })
        }
    }
}

fn list(numbers: &[usize]) -> String {
    let shown: Vec<String> = numbers.iter().take(10).map(usize::to_string).collect();
    let more = if numbers.len() > 10 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

fn io_err(path: &Path, source: std::io::Error) -> ShapefileError {
    ShapefileError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The parts beside `path` with its stem: exact extension first, then any letter case.
fn find_parts(path: &Path) -> Result<Parts, ShapefileError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let stem = path.file_stem().unwrap_or_default();
    let listing: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let named = |ext: &str| {
        let mut name = stem.to_os_string();
        name.push(".");
        name.push(ext);
        dir.join(name)
    };
    let find = |ext: &str| -> Option<PathBuf> {
        let exact = named(ext);
        if exact.is_file() {
            return Some(exact);
        }
        listing.iter().find(|p| same_part(p, stem, ext)).cloned()
    };
    let need = |ext: &'static str| {
        find(ext).ok_or_else(|| ShapefileError::MissingPart {
            part: match ext {
                "shp" => ".shp",
                "shx" => ".shx",
                _ => ".dbf",
            },
            expected: named(ext).display().to_string(),
        })
    };
    Ok(Parts {
        shp: need("shp")?,
        shx: need("shx")?,
        dbf: need("dbf")?,
        prj: find("prj"),
        cpg: find("cpg"),
    })
}

fn same_part(p: &Path, stem: &OsStr, ext: &str) -> bool {
    p.is_file()
        && p.file_stem() == Some(stem)
        && p.extension()
            .and_then(OsStr::to_str)
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
