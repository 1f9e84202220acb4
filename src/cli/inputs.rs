//! Inputs of the analysis subcommands: `--cases FILE|PROJECT`, `--services FILE|PROJECT`.
//!
//! A project (`.gpkg`) is read as it is. Any other file goes through the same importer as
//! `riskatlas import` into a temporary project holding the Albania base layers (so records get
//! their municipality), which is removed afterwards: the same validation, the same row-numbered
//! report of rejected rows (printed to stderr, never silently dropped), and the source file is
//! only read.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::crs::Crs;
use crate::io::import::{ImportOptions, import_file};
use crate::io::report::Severity;
use crate::model::{Case, LayerKind, Record, Service};
use crate::progress::NoProgress;
use crate::store::ProjectStore;

/// How to read a non-project input file.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// CRS of the file's coordinates when it declares none (e.g. EPSG:6870).
    pub crs: Option<String>,
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
}

/// The cases of a project or file.
pub fn load_cases(path: &Path, opts: &InputOptions) -> anyhow::Result<Vec<Case>> {
    load(path, LayerKind::Cases, opts)
}

/// The services of a project or file.
pub fn load_services(path: &Path, opts: &InputOptions) -> anyhow::Result<Vec<Service>> {
    load(path, LayerKind::Services, opts)
}

/// True when `path` names a project rather than a file to import.
pub fn is_project(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
}

fn load<R: Record>(path: &Path, kind: LayerKind, opts: &InputOptions) -> anyhow::Result<Vec<R>> {
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    if is_project(path) {
        let store = ProjectStore::open(path)?;
        let records = store.read_records::<R>(kind)?;
        store.close()?;
        return Ok(records);
    }
    let temp = TempProject::new()?;
    let mut store =
        crate::demo::write_base_project(&temp.path).context("cannot create a working project")?;
    let mut import = ImportOptions::new(kind);
    import.crs = opts.crs.as_deref().map(Crs::parse).transpose()?;
    import.lon_column = opts.lon_column.clone();
    import.lat_column = opts.lat_column.clone();
    let report = import_file(&mut store, path, &import, &NoProgress)
        .with_context(|| format!("cannot read {}", path.display()))?;
    for e in report
        .entries
        .iter()
        .filter(|e| e.severity == Severity::Rejected)
    {
        eprintln!(
            "riskatlas: {}: row {} left out: {}",
            path.display(),
            e.number,
            e.message
        );
    }
    if report.rejected > 0 {
        eprintln!(
            "riskatlas: {}: {} of {} rows left out (see above); `riskatlas import --dry-run` shows the full report",
            path.display(),
            report.rejected,
            report.records_read
        );
    }
    if report.accepted == 0 {
        bail!("{}: no usable {} record", path.display(), kind.code());
    }
    let records = store.read_records::<R>(kind)?;
    store.close()?;
    Ok(records)
}

/// A project file in the temp directory, removed (with its journal) when dropped.
struct TempProject {
    path: PathBuf,
}

impl TempProject {
    fn new() -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "riskatlas-input-{}-{nanos}.gpkg",
            std::process::id()
        ));
        Ok(Self { path })
    }
}

impl Drop for TempProject {
    fn drop(&mut self) {
        crate::store::remove_project_files(&self.path);
    }
}
