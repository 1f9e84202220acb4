//! What every reader returns: the file's records as the user sees them, before validation.
//!
//! Readers never drop a record: a row whose geometry cannot be read still comes back with
//! `RawGeometry::Invalid` (or `Missing`) and its row number, so the import report can name it.

use geo::Geometry;

use crate::crs::Crs;
use crate::model::{FieldDef, Value};

/// The geometry of one raw record, in the source CRS.
#[derive(Debug, Clone, PartialEq)]
pub enum RawGeometry {
    Ok(Geometry<f64>),
    /// No geometry / empty coordinate cells.
    Missing,
    /// Present but unreadable: the reason, e.g. "latitude 'abc' is not a number".
    Invalid(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// The number a user finds the record by: the CSV line number (header = line 1), or the
    /// 1-based feature number in GeoJSON/TopoJSON/Shapefile/GeoPackage.
    pub number: usize,
    pub geometry: RawGeometry,
    /// Values aligned with `RawTable::fields`.
    pub values: Vec<Value>,
    /// GPS accuracy in metres when the source carries one (Kobo `_precision`, ODK `-Accuracy`,
    /// the 4th part of a geopoint).
    pub gps_accuracy_m: Option<f64>,
}

/// A whole source layer.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// Layer name (file stem, or the GeoPackage/TopoJSON object name).
    pub name: String,
    pub fields: Vec<FieldDef>,
    pub records: Vec<RawRecord>,
    /// The CRS the source declares (GeoJSON default or `crs` member, `.prj`, GeoPackage
    /// `srs_id`); `None` when it declares nothing (CSV): the importer then decides.
    pub declared_crs: Option<Crs>,
    /// What the reader decided on the way, for the report: "delimiter ';'",
    /// "decoded as Windows-1250", "coordinates from columns _gps_latitude/_gps_longitude".
    pub notes: Vec<String>,
}

impl RawTable {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}
