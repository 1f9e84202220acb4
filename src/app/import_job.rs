//! The work behind File ▸ Import and File ▸ New project, as it runs on a background thread.
//!
//! [`ImportChoice`] is what the import dialog asks for (plain data, so it can travel in an
//! `Action`); [`run_import`] turns it into `io::ImportOptions` and runs the library import on
//! an open store, which writes everything in ONE transaction or nothing (cancel, strict
//! rejection, any error). The task thread runs it as a job on the open project's worker
//! ([`import_on_worker`]), or ([`import_in_thread`]) opens the file itself when no worker has
//! it.
//! [`create_project`] writes a new project with the Albania base layers to a temporary file
//! and renames it into place, so a cancelled or failed creation leaves no file behind.

use std::path::{Path, PathBuf};

use crate::crs::{Crs, CrsError};
use crate::io::{ImportError, ImportOptions, ImportReport, import_file};
use crate::model::LayerKind;
use crate::progress::{Cancelled, Progress, SharedProgress};
use crate::store::{ProjectStore, StoreError};

/// What to import and how: the import dialog's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportChoice {
    pub file: PathBuf,
    pub kind: LayerKind,
    /// Name of the new layer for `LayerKind::Other`.
    pub layer_name: Option<String>,
    /// EPSG code of the source coordinates, overriding what the file declares.
    pub crs_epsg: Option<u32>,
    /// Which layer of a GeoPackage / object of a TopoJSON file.
    pub source_layer: Option<String>,
    pub fix_swapped: bool,
    pub repair_polygons: bool,
    pub strict: bool,
    pub dry_run: bool,
    /// Text encoding label (e.g. "windows-1250"); `None` to detect it.
    pub encoding: Option<String>,
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
    /// GPS fixes worse than this (metres) get a warning.
    pub max_gps_accuracy_m: f64,
}

impl ImportChoice {
    /// The library's defaults for a file imported as `kind`.
    pub fn new(file: PathBuf, kind: LayerKind) -> Self {
        let defaults = ImportOptions::new(kind);
        Self {
            file,
            kind,
            layer_name: None,
            crs_epsg: None,
            source_layer: None,
            fix_swapped: false,
            repair_polygons: false,
            strict: false,
            dry_run: false,
            encoding: None,
            lon_column: None,
            lat_column: None,
            max_gps_accuracy_m: defaults.max_gps_accuracy_m,
        }
    }

    /// The library's options for this choice (fails on an unknown EPSG code).
    pub fn options(&self) -> Result<ImportOptions, CrsError> {
        let mut o = ImportOptions::new(self.kind);
        o.crs = self.crs_epsg.map(Crs::from_epsg).transpose()?;
        o.source_layer = self.source_layer.clone();
        o.target_name = self.layer_name.clone();
        o.geometry.fix_swapped = self.fix_swapped;
        o.geometry.repair_polygons = self.repair_polygons;
        o.strict = self.strict;
        o.dry_run = self.dry_run;
        o.encoding = self.encoding.clone();
        // The library wants both CSV coordinate columns or neither.
        if let (Some(lon), Some(lat)) = (&self.lon_column, &self.lat_column) {
            o.lon_column = Some(lon.clone());
            o.lat_column = Some(lat.clone());
        }
        o.max_gps_accuracy_m = self.max_gps_accuracy_m;
        Ok(o)
    }
}

/// An import into a project.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRequest {
    pub project: PathBuf,
    pub choice: ImportChoice,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportJobError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Crs(#[from] CrsError),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

impl ImportJobError {
    /// Whether the user cancelled (the project is unchanged).
    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            ImportJobError::Cancelled(_) | ImportJobError::Import(ImportError::Cancelled(_))
        )
    }
}

/// Runs one import on an open store: all accepted records in one transaction, or nothing.
///
/// With `strict`, the file is first checked without writing; when rows are rejected that
/// report comes back (`committed == false`) so the user sees which rows to fix, instead of
/// the library's bare "rejected and --strict was given" error.
pub fn run_import(
    store: &mut ProjectStore,
    request: &ImportRequest,
    progress: &SharedProgress,
) -> Result<ImportReport, ImportJobError> {
    let options = request.choice.options()?;
    let file = &request.choice.file;
    progress.check()?;
    if options.strict && !options.dry_run {
        let mut check = options.clone();
        check.strict = false;
        check.dry_run = true;
        let report = import_file(store, file, &check, progress)?;
        if report.rejected > 0 {
            return Ok(report);
        }
    }
    Ok(import_file(store, file, &options, progress)?)
}

/// Runs the import as a job on the project's worker (which holds the open project) and waits
/// for it on the calling (task) thread.
pub fn import_on_worker(
    jobs: &crate::store::JobSender,
    request: ImportRequest,
    progress: std::sync::Arc<SharedProgress>,
) -> Result<ImportReport, ImportJobError> {
    progress.check()?;
    let reply = jobs.run(move |store| run_import(store, &request, &progress))?;
    reply.wait()?
}

/// Opens the project, runs the import and closes the project (when no worker has it open).
pub fn import_in_thread(
    request: &ImportRequest,
    progress: &SharedProgress,
) -> Result<ImportReport, ImportJobError> {
    progress.check()?;
    let mut store = ProjectStore::open(&request.project)?;
    let result = run_import(&mut store, request, progress);
    // Closing checkpoints the WAL; an error there matters only when the import succeeded.
    let closed = store.close();
    let report = result?;
    closed?;
    Ok(report)
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("{} already exists: choose another file name", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// `path` with the `.gpkg` extension (added when the user typed a name without it).
pub fn with_gpkg_extension(path: &Path) -> PathBuf {
    let has = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"));
    if has {
        path.to_path_buf()
    } else {
        let mut s = path.as_os_str().to_owned();
        s.push(".gpkg");
        PathBuf::from(s)
    }
}

/// Creates a project with the base layers (land, qarqe, municipalities) at `path` (never
/// replacing a file) and returns its path. Written beside it first, then renamed.
pub fn create_project(path: &Path, progress: &SharedProgress) -> Result<PathBuf, CreateError> {
    let path = with_gpkg_extension(path);
    if path.exists() {
        return Err(CreateError::Exists(path));
    }
    progress.step("create", 0, 2);
    progress.check()?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    crate::store::remove_project_files(&tmp);
    // The file name is the project's title until the user gives it another.
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let written = crate::demo::write_base_project(&tmp)
        .map_err(CreateError::from)
        .and_then(|mut store| {
            store.write(|tx| tx.set_meta("title", &title))?;
            store.close()?;
            Ok(())
        });
    let finish = written.and_then(|()| {
        progress.step("create", 1, 2);
        progress.check()?;
        if path.exists() {
            return Err(CreateError::Exists(path.clone()));
        }
        std::fs::rename(&tmp, &path).map_err(|source| CreateError::Io {
            path: path.clone(),
            source,
        })
    });
    if let Err(e) = finish {
        crate::store::remove_project_files(&tmp);
        return Err(e);
    }
    progress.step("create", 2, 2);
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_becomes_library_options() {
        let mut c = ImportChoice::new(PathBuf::from("a.csv"), LayerKind::Other);
        c.layer_name = Some("pusetat".into());
        c.crs_epsg = Some(6870);
        c.fix_swapped = true;
        c.lon_column = Some("X".into());
        let o = c.options().expect("options");
        assert_eq!(o.crs.map(|c| c.epsg()), Some(6870));
        assert_eq!(o.target_name.as_deref(), Some("pusetat"));
        assert!(o.geometry.fix_swapped && !o.geometry.repair_polygons);
        // One coordinate column without the other is ignored, as the CLI requires both.
        assert_eq!(o.lon_column, None);
        c.crs_epsg = Some(99_999);
        assert!(c.options().is_err());
    }

    #[test]
    fn gpkg_extension_is_added_once() {
        assert_eq!(
            with_gpkg_extension(Path::new("x/Projekti")),
            PathBuf::from("x/Projekti.gpkg")
        );
        assert_eq!(
            with_gpkg_extension(Path::new("x/P.GPKG")),
            PathBuf::from("x/P.GPKG")
        );
    }

    #[test]
    fn create_refuses_an_existing_file_and_leaves_it_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("exists.gpkg");
        std::fs::write(&path, b"keep me").expect("write");
        let err = create_project(&path, &SharedProgress::default()).expect_err("exists");
        assert!(matches!(err, CreateError::Exists(_)), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), b"keep me");
    }

    #[test]
    fn a_cancelled_creation_leaves_no_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("new.gpkg");
        let progress = SharedProgress::default();
        progress.cancel();
        let err = create_project(&path, &progress).expect_err("cancelled");
        assert!(matches!(err, CreateError::Cancelled(_)), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.map(|e| e.file_name()))
            .collect();
        assert!(left.is_empty(), "files left behind: {left:?}");
    }
}
