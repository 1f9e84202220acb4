//! GeoPackage reader: ONE feature layer of any GeoPackage (QGIS, GDAL, Risk Atlas) →
//! [`RawTable`].
//!
//! Input: a `.gpkg` path and optionally a layer name (needed when the file holds several
//! feature layers). The file is opened read-only and never modified; a file in WAL mode whose
//! side files cannot be created is retried as `immutable`.
//! Fields come from the table's declared column types (INTEGER, REAL, TEXT, DATE, BOOLEAN,
//! …; BLOB columns are skipped with a note); records are numbered 1, 2, … in fid order;
//! geometry blobs are decoded with Z/M dropped, and a blob that cannot be decoded becomes
//! `RawGeometry::Invalid(reason)` (never dropped). `declared_crs` comes from the layer's
//! `srs_id` through `gpkg_spatial_ref_sys` (organization EPSG + organization_coordsys_id);
//! an undefined SRS (0, -1) or a non-EPSG one gives `None` (the importer then decides).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::raw::{RawGeometry, RawRecord, RawTable};
use crate::crs::Crs;
use crate::store::read::{self, Srs};

#[derive(Debug, thiserror::Error)]
pub enum GpkgReadError {
    #[error("{path} does not exist")]
    NotFound { path: String },
    #[error("{path} is not a GeoPackage: {reason}")]
    NotAGeoPackage { path: String, reason: String },
    #[error("{path} holds no feature layer")]
    NoLayers { path: String },
    #[error("{path} holds several layers ({}); choose one with --layer", .layers.join(", "))]
    SeveralLayers { path: String, layers: Vec<String> },
    #[error("{path} has no layer '{layer}'; its layers are: {}", .available.join(", "))]
    NoSuchLayer {
        path: String,
        layer: String,
        available: Vec<String>,
    },
    #[error("cannot read {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
}

/// Opens `path` read-only and checks it is a GeoPackage.
fn open(path: &Path) -> Result<Connection, GpkgReadError> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(GpkgReadError::NotFound { path: shown });
    }
    let not_gpkg = |reason: &str| GpkgReadError::NotAGeoPackage {
        path: shown.clone(),
        reason: reason.to_string(),
    };
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(not_gpkg(if n == 0 {
            "the file is empty"
        } else {
            "it is not an SQLite database"
        }));
    }
    let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let probe = |c: Connection| -> rusqlite::Result<Connection> {
        c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(c)
    };
    let conn = Connection::open_with_flags(path, ro)
        .and_then(probe)
        .or_else(|_| {
            Connection::open_with_flags(immutable_uri(path), ro | OpenFlags::SQLITE_OPEN_URI)
                .and_then(probe)
        })
        .map_err(|source| GpkgReadError::Sqlite {
            path: shown.clone(),
            source,
        })?;
    let has = |t: &str| crate::store::schema::table_exists(&conn, t).unwrap_or(false);
    if !(has("gpkg_contents") && has("gpkg_geometry_columns")) {
        return Err(not_gpkg(
            "it has no gpkg_contents / gpkg_geometry_columns tables",
        ));
    }
    Ok(conn)
}

/// A `file:` URI with `immutable=1` (no locking, no side files) for `path`.
fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = abs.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        uri.push('/'); // Windows drive letter: file:/C:/…
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The feature layers of a GeoPackage, by name.
pub fn list_gpkg_layers(path: &Path) -> Result<Vec<String>, GpkgReadError> {
    let conn = open(path)?;
    read::feature_tables(&conn).map_err(|source| GpkgReadError::Sqlite {
        path: path.display().to_string(),
        source,
    })
}

/// Reads one feature layer (`layer`, or the only one) of a GeoPackage.
pub fn read_gpkg(path: &Path, layer: Option<&str>) -> Result<RawTable, GpkgReadError> {
    let shown = path.display().to_string();
    let sql = |source| GpkgReadError::Sqlite {
        path: shown.clone(),
        source,
    };
    let conn = open(path)?;
    let layers = read::feature_tables(&conn).map_err(sql)?;
    let name = match (layer, layers.as_slice()) {
        (Some(want), _) => layers
            .iter()
            .find(|l| l.as_str() == want)
            .or_else(|| layers.iter().find(|l| l.eq_ignore_ascii_case(want)))
            .cloned()
            .ok_or_else(|| GpkgReadError::NoSuchLayer {
                path: shown.clone(),
                layer: want.to_string(),
                available: layers.clone(),
            })?,
        (None, []) => return Err(GpkgReadError::NoLayers { path: shown }),
        (None, [only]) => only.clone(),
        (None, _) => {
            return Err(GpkgReadError::SeveralLayers {
                path: shown,
                layers,
            });
        }
    };
    let schema = read::table_schema(&conn, &name)
        .map_err(sql)?
        .ok_or_else(|| GpkgReadError::NoSuchLayer {
            path: shown.clone(),
            layer: name.clone(),
            available: layers.clone(),
        })?;
    let mut notes = vec![format!("GeoPackage layer '{name}'")];
    if layers.len() > 1 {
        notes.push(format!(
            "the file also holds: {}",
            layers
                .iter()
                .filter(|l| **l != name)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !schema.skipped.is_empty() {
        notes.push(format!(
            "binary columns not imported: {}",
            schema.skipped.join(", ")
        ));
    }
    let declared_crs = match read::srs(&conn, schema.srs_id).map_err(sql)? {
        Srs::Wgs84 => Some(Crs::wgs84()),
        Srs::Undefined => {
            notes.push("the layer declares no CRS (undefined SRS)".into());
            None
        }
        Srs::Epsg(code) => match Crs::from_epsg(code) {
            Ok(crs) => Some(crs),
            Err(e) => {
                notes.push(format!(
                    "the layer's CRS is not usable ({e}); choose one with --crs"
                ));
                None
            }
        },
        Srs::Other(what) => {
            notes.push(format!(
                "the layer's CRS {what} is not an EPSG code; choose one with --crs"
            ));
            None
        }
    };
    let mut records = Vec::new();
    read::for_each_row(&conn, &schema, |row| {
        let geometry = match row.geometry {
            Ok(Some(g)) => RawGeometry::Ok(g),
            Ok(None) => RawGeometry::Missing,
            Err(e) => RawGeometry::Invalid(format!("unreadable GeoPackage geometry: {e}")),
        };
        records.push(RawRecord {
            number: records.len() + 1,
            geometry,
            values: row.values,
            gps_accuracy_m: None,
        });
        Ok::<(), rusqlite::Error>(())
    })
    .map_err(sql)?;
    Ok(RawTable {
        name,
        fields: schema.fields,
        records,
        declared_crs,
        notes,
    })
}
