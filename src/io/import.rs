//! Importing a file into a project: read (any supported format), decide the CRS, check every
//! record's geometry and attributes, assign municipalities, and write the accepted records
//! in ONE transaction together with the import log. The source file is only read.
//!
//! Complexity: O(n log m) for n records and m municipalities (R-tree point-in-polygon),
//! plus O(n) hashing for duplicate keys.

use std::collections::HashMap;
use std::path::Path;

use geo::{Geometry, Point};
use sha2::{Digest, Sha256};

use super::convert::Converter;
use super::format::{Format, read_any};
use super::raw::{RawGeometry, RawTable};
use super::report::{ImportReport, IssueCode, Severity};
use super::validate::{GeometryOptions, check_geometry};
use crate::analysis::assign::MunicipalityLookup;
use crate::crs::{Crs, Transformer};
use crate::model::{FeatureLayer, GeometryType, LayerKind, Municipality, MunicipalityRef};
use crate::progress::{Cancelled, Progress};
use crate::store::{ImportLogEntry, ProjectStore, StoreError, WriteMode};

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub kind: LayerKind,
    /// The CRS of the source coordinates when the file declares none (or to override it).
    pub crs: Option<Crs>,
    /// Which layer/object of a GeoPackage or TopoJSON file.
    pub source_layer: Option<String>,
    /// Name of the new layer for `LayerKind::Other` (default: the file name).
    pub target_name: Option<String>,
    pub geometry: GeometryOptions,
    /// Write nothing if any record is rejected.
    pub strict: bool,
    /// Validate and report only.
    pub dry_run: bool,
    /// GPS fixes worse than this (metres) get a warning.
    pub max_gps_accuracy_m: f64,
    /// Force a text encoding for CSV/DBF (e.g. "windows-1250").
    pub encoding: Option<String>,
    /// CSV columns holding longitude/easting and latitude/northing, when the automatic
    /// detection does not find them (both or neither).
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
}

impl ImportOptions {
    pub fn new(kind: LayerKind) -> Self {
        Self {
            kind,
            crs: None,
            source_layer: None,
            target_name: None,
            geometry: GeometryOptions::default(),
            strict: false,
            dry_run: false,
            max_gps_accuracy_m: 50.0,
            encoding: None,
            lon_column: None,
            lat_column: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path} does not exist")]
    NotFound { path: String },
    #[error(
        "{path}: unsupported file type (use .geojson, .json, .topojson, .csv, .tsv, .txt, .shp or .gpkg)"
    )]
    UnknownFormat { path: String },
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error(
        "{path} declares no coordinate system and its coordinates are not longitude/latitude degrees: give one with --crs (e.g. EPSG:6870 for KRGJSH-2010 / Albania TM, EPSG:32634 for UTM 34N)"
    )]
    CrsNeeded { path: String },
    #[error("a layer named '{0}' already exists in the project: choose another name (--name)")]
    LayerExists(String),
    #[error(
        "{rejected} of {read} records were rejected and --strict was given: nothing was written"
    )]
    StrictRejected { rejected: usize, read: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// Imports `path` into `store` and returns the report (also when nothing was written).
pub fn import_file(
    store: &mut ProjectStore,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport, ImportError> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(ImportError::NotFound { path: shown });
    }
    progress.step("read", 0, 1);
    let (table, format) = read_any(path, opts)?;
    progress.check()?;
    let (source_crs, crs_note) = decide_crs(&table, opts, &shown)?;

    let target = match opts.kind.table_name() {
        Some(t) => t.to_string(),
        None => sanitize(opts.target_name.as_deref().unwrap_or(&table.name)),
    };
    if opts.kind == LayerKind::Other && store.layers()?.iter().any(|l| l.name == target) {
        return Err(ImportError::LayerExists(target));
    }

    let mut report = ImportReport {
        source_file: shown.clone(),
        format: format.label().to_string(),
        target_layer: target.clone(),
        kind: opts.kind.code().to_string(),
        source_crs: format!("EPSG:{} ({})", source_crs.epsg(), source_crs.name()),
        records_read: table.records.len(),
        notes: table.notes.clone(),
        ..Default::default()
    };
    report.notes.extend(crs_note);
    let (converter, notes) = Converter::plan(opts.kind, &table.fields);
    report.notes.extend(notes);

    let municipalities: Vec<Municipality> = store.read_records(LayerKind::Municipalities)?;
    let lookup = MunicipalityLookup::new(&municipalities);
    let needs_municipality = matches!(opts.kind, LayerKind::Cases | LayerKind::Services);
    if needs_municipality && lookup.is_empty() {
        report.notes.push(
            "the project has no municipalities layer: records were not assigned to municipalities"
                .into(),
        );
    }
    let locate = |p: Point<f64>| -> Option<MunicipalityRef> { lookup.locate(p).cloned() };
    let mut seen: HashMap<String, String> = existing_keys(store, opts.kind)?;

    let to_wgs84 = Transformer::new(&source_crs, &Crs::wgs84());
    let expected = expected_geometry(opts.kind, &table);
    let mut layer = FeatureLayer::new(&target, opts.kind, expected, converter.fields.clone());
    let total = table.records.len() as u64;
    for (i, rec) in table.records.iter().enumerate() {
        if i % 1024 == 0 {
            progress.check()?;
            progress.step("validate", i as u64, total);
        }
        let n = rec.number;
        let checked = check_geometry(
            &rec.geometry,
            &to_wgs84,
            source_crs.is_geographic(),
            expected,
            opts.geometry,
        );
        let (geometry, mut warnings) = match checked {
            Ok(ok) => ok,
            Err((code, msg, fix)) => {
                report.push(n, Severity::Rejected, code, msg, fix);
                continue;
            }
        };
        let converted = match converter.convert(rec, geometry, &locate) {
            Ok(c) => c,
            Err((code, msg, fix)) => {
                report.push(n, Severity::Rejected, code, msg, fix);
                continue;
            }
        };
        if let Some(key) = &converted.key {
            if let Some(first) = seen.get(key) {
                report.push(
                    n,
                    Severity::Rejected,
                    IssueCode::DuplicateKey,
                    format!("'{key}' is already used by {first}"),
                    None,
                );
                continue;
            }
            seen.insert(key.clone(), format!("row {n} of this file"));
        }
        warnings.extend(converted.warnings);
        if !needs_municipality || lookup.is_empty() {
            warnings.retain(|w| w.0 != IssueCode::NoMunicipality);
        }
        if opts.kind == LayerKind::Cases {
            let acc = layer_accuracy(&converter.fields, &converted.feature);
            if let Some(acc) = acc.filter(|a| *a > opts.max_gps_accuracy_m) {
                warnings.push((
                    IssueCode::LowGpsAccuracy,
                    format!(
                        "GPS accuracy {acc:.0} m is worse than {:.0} m",
                        opts.max_gps_accuracy_m
                    ),
                    None,
                ));
            }
        }
        for (code, msg, fix) in warnings {
            report.push(n, Severity::Warning, code, msg, fix);
        }
        layer.features.push(converted.feature);
    }
    progress.step("validate", total, total);
    report.accepted = layer.features.len();
    report.recount();
    if opts.strict && report.rejected > 0 {
        return Err(ImportError::StrictRejected {
            rejected: report.rejected,
            read: report.records_read,
        });
    }
    if opts.dry_run || layer.features.is_empty() {
        return Ok(report);
    }
    progress.check()?;
    progress.step("write", 0, 1);
    let entry = ImportLogEntry {
        source_file: shown,
        source_sha256: sha256_file(path).map_err(|e| ImportError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?,
        layer: target,
        kind: opts.kind,
        accepted: report.accepted as u64,
        rejected: report.rejected as u64,
        warnings: report.warnings as u64,
        report_json: serde_json::to_string(&report).unwrap_or_default(),
    };
    let mode = if opts.kind == LayerKind::Other {
        WriteMode::Create
    } else {
        WriteMode::Append
    };
    store.write(|tx| {
        tx.write_layer(&layer, mode)?;
        tx.log_import(&entry)?;
        tx.audit(
            "import",
            &format!(
                "{} records from {} into {}",
                entry.accepted, entry.source_file, entry.layer
            ),
        )?;
        Ok(())
    })?;
    report.committed = true;
    progress.step("write", 1, 1);
    Ok(report)
}

/// The CRS a table's coordinates are read in: `opts.crs`, else what the file declares, else
/// WGS 84 when every coordinate looks like degrees; plus a note for the report.
pub(crate) fn decide_crs(
    table: &RawTable,
    opts: &ImportOptions,
    shown: &str,
) -> Result<(Crs, Option<String>), ImportError> {
    match (&opts.crs, &table.declared_crs) {
        (Some(asked), Some(declared)) if asked != declared => Ok((
            asked.clone(),
            Some(format!(
                "the file declares EPSG:{} but EPSG:{} was asked for: using EPSG:{}",
                declared.epsg(),
                asked.epsg(),
                asked.epsg()
            )),
        )),
        (Some(asked), _) => Ok((asked.clone(), None)),
        (None, Some(declared)) => Ok((declared.clone(), None)),
        (None, None) => {
            let degrees = table.records.iter().all(|r| match &r.geometry {
                RawGeometry::Ok(g) => looks_like_degrees(g),
                _ => true,
            });
            if degrees {
                Ok((Crs::wgs84(), Some("no CRS declared: coordinates look like degrees, read as WGS 84 (EPSG:4326)".into())))
            } else {
                Err(ImportError::CrsNeeded {
                    path: shown.to_string(),
                })
            }
        }
    }
}

fn looks_like_degrees(g: &Geometry<f64>) -> bool {
    use geo::BoundingRect;
    g.bounding_rect().is_none_or(|r| {
        r.min().x >= -180.0 && r.max().x <= 180.0 && r.min().y >= -90.0 && r.max().y <= 90.0
    })
}

fn expected_geometry(kind: LayerKind, table: &RawTable) -> GeometryType {
    if kind != LayerKind::Other {
        return kind.geometry_type();
    }
    GeometryType::common(table.records.iter().filter_map(|r| match &r.geometry {
        RawGeometry::Ok(g) => Some(g),
        _ => None,
    }))
}

fn layer_accuracy(fields: &[crate::model::FieldDef], f: &crate::model::Feature) -> Option<f64> {
    let i = fields.iter().position(|d| d.name == "gps_accuracy_m")?;
    f.values.get(i)?.as_f64()
}

/// Keys already in the project (case codes, LAU codes), so an import cannot duplicate them.
fn existing_keys(
    store: &ProjectStore,
    kind: LayerKind,
) -> Result<HashMap<String, String>, StoreError> {
    let field = match kind {
        LayerKind::Cases => "case_code",
        LayerKind::Municipalities => "lau_code",
        LayerKind::Qarqe => "nuts3_code",
        _ => return Ok(HashMap::new()),
    };
    let Some(table) = kind.table_name() else {
        return Ok(HashMap::new());
    };
    if !store.layers()?.iter().any(|l| l.name == table) {
        return Ok(HashMap::new());
    }
    let layer = store.read_layer(table)?;
    Ok(layer
        .features
        .iter()
        .filter_map(|f| {
            let key = layer.value(f, field).non_empty_text()?;
            Some((
                key,
                format!("feature {} in the project", f.fid.unwrap_or_default()),
            ))
        })
        .collect())
}

/// A safe table name: letters, digits and underscores, not starting with a digit or `gpkg_`/`ra_`.
pub fn sanitize(name: &str) -> String {
    let folded = crate::text::fold(name);
    let mut s: String = folded
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    s = s.trim_matches('_').to_string();
    if s.is_empty()
        || s.starts_with(|c: char| c.is_ascii_digit())
        || s.starts_with("gpkg_")
        || s.starts_with("ra_")
        || s.starts_with("sqlite")
    {
        s = format!("layer_{s}");
    }
    s
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut f = std::fs::File::open(path)?;
    std::io::copy(&mut f, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::TopoJson => "TopoJSON",
            Format::Csv => "CSV",
            Format::Shapefile => "ESRI Shapefile",
            Format::GeoPackage => "GeoPackage",
        }
    }
}
