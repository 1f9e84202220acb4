//! Exports one project layer to GeoJSON, CSV or GeoPackage under the privacy rules of issue 6:
//! the one operation behind `riskatlas export` and the app's File ▸ Export layer.
//!
//! - A layer of individual cases is written **aggregated** unless the request says
//!   `case_level`: counts per H3 hexagon or municipality with primary and secondary
//!   suppression (`privacy::aggregate`); no case point leaves the project.
//! - `case_level` is the explicit, audited choice: free-text fields (notes, comments) stay
//!   behind unless `with_notes`; every row carries the CONFIDENTIAL marking (and a GeoPackage
//!   layer its description); the export is written to the project's audit table (who, when,
//!   what, where), and the file is removed if that record cannot be written.
//! - Other layers are written as they are. Files are written atomically; the project file
//!   itself is never the target. O(features) plus the aggregation (O(n log m)).

use std::path::{Path, PathBuf};

use crate::model::FeatureLayer;
use crate::privacy::aggregate::{Aggregate, AggregateError, aggregate_cases, without_free_text};
use crate::privacy::{CONFIDENTIAL, MinCount, mark_confidential};
use crate::store::{ProjectStore, StoreError};

/// The file format, from the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    GeoJson,
    Csv,
    GeoPackage,
}

impl ExportFormat {
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "geojson" | "json" => Some(Self::GeoJson),
            "csv" => Some(Self::Csv),
            "gpkg" => Some(Self::GeoPackage),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::GeoJson => "geojson",
            Self::Csv => "csv",
            Self::GeoPackage => "gpkg",
        }
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub layer: String,
    pub out: PathBuf,
    /// Individual cases (explicit; audited). Ignored for layers that are not case level.
    pub case_level: bool,
    /// How a case layer is aggregated when not `case_level` (default H3 resolution 8).
    pub aggregate: Option<Aggregate>,
    pub k: MinCount,
    /// With `case_level`: keep free-text fields.
    pub with_notes: bool,
    /// Who asked, for the audit record ("cli", "app").
    pub from: &'static str,
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    pub layer: String,
    pub format: ExportFormat,
    pub features: usize,
    pub case_level: bool,
    pub aggregate: Option<Aggregate>,
    /// Cases counted (aggregated exports).
    pub cases: usize,
    /// Counts hidden (primary and secondary).
    pub suppressed: usize,
    /// Whether the aggregated total may be shown.
    pub total_published: bool,
    /// Free-text fields left out.
    pub left_out_fields: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LayerExportError {
    #[error("{}: export writes .geojson, .json, .csv or .gpkg", .0.display())]
    Format(PathBuf),
    #[error("{}: that is the project itself; choose another file", .0.display())]
    IsProject(PathBuf),
    #[error("with_notes only applies to case-level exports")]
    NotesWithoutCaseLevel,
    #[error("an aggregation applies to a layer of cases exported without case level")]
    AggregateNotCases,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    #[error("cannot write {}: {reason}", .path.display())]
    Write { path: PathBuf, reason: String },
}

/// Exports `req.layer` of the open project (see the module doc).
pub fn export_layer(
    store: &mut ProjectStore,
    req: &ExportRequest,
) -> Result<ExportSummary, LayerExportError> {
    let format = ExportFormat::from_path(&req.out)
        .ok_or_else(|| LayerExportError::Format(req.out.clone()))?;
    if req.with_notes && !req.case_level {
        return Err(LayerExportError::NotesWithoutCaseLevel);
    }
    if same_file(&req.out, store.path()) {
        return Err(LayerExportError::IsProject(req.out.clone()));
    }
    let layer = store.read_layer(&req.layer)?;
    let cases_layer = layer.kind.is_case_level();
    if req.aggregate.is_some() && (!cases_layer || req.case_level) {
        return Err(LayerExportError::AggregateNotCases);
    }
    let case_level = cases_layer && req.case_level;
    let aggregate = (cases_layer && !case_level).then(|| {
        req.aggregate
            .unwrap_or(Aggregate::H3(crate::analysis::hexbin::DEFAULT_RESOLUTION))
    });
    let mut summary = ExportSummary {
        layer: layer.name.clone(),
        format,
        features: 0,
        case_level,
        aggregate,
        cases: 0,
        suppressed: 0,
        total_published: true,
        left_out_fields: Vec::new(),
    };
    let mut out: FeatureLayer = match aggregate {
        Some(how) => {
            let a = aggregate_cases(store, &layer, how, req.k)?;
            (summary.cases, summary.suppressed, summary.total_published) =
                (a.cases, a.suppressed, a.total_published);
            a.layer
        }
        None if case_level && !req.with_notes => {
            let (l, dropped) = without_free_text(&layer);
            summary.left_out_fields = dropped;
            l
        }
        None => layer,
    };
    if case_level {
        mark_confidential(&mut out);
    }
    summary.features = out.features.len();
    write(&out, &req.out, format, case_level)?;
    if case_level {
        let mut detail = format!(
            "{} features of layer '{}' exported to {} ({})",
            out.features.len(),
            summary.layer,
            req.out.display(),
            req.from
        );
        if req.with_notes {
            detail.push_str(" (with free-text fields)");
        }
        if let Err(e) = store.write(|tx| tx.audit("export_case_level", &detail)) {
            // Unaudited case-level data must not stay behind.
            let _ = std::fs::remove_file(&req.out);
            return Err(e.into());
        }
    }
    Ok(summary)
}

fn write(
    layer: &FeatureLayer,
    path: &Path,
    format: ExportFormat,
    case_level: bool,
) -> Result<(), LayerExportError> {
    let failed = |reason: String| LayerExportError::Write {
        path: path.to_path_buf(),
        reason,
    };
    match format {
        ExportFormat::GeoJson => super::export_geojson::write_geojson_file(layer, path)
            .map_err(|e| failed(e.to_string())),
        ExportFormat::Csv => {
            super::export_csv::write_csv_file(layer, path).map_err(|e| failed(e.to_string()))
        }
        ExportFormat::GeoPackage => {
            super::export_gpkg::write_gpkg_file(layer, path, case_level.then_some(CONFIDENTIAL))
                .map_err(|e| failed(e.to_string()))
        }
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
