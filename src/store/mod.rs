//! The project file: a GeoPackage 1.4 (SQLite) that QGIS and GDAL open directly.
//!
//! Input: a path (`.gpkg`). Layers are GeoPackage feature tables in WGS84 (srs_id 4326):
//! `fid INTEGER PRIMARY KEY AUTOINCREMENT` (ids are never reused), a `geom` column with
//! standard GeoPackage blobs ([`geom`]), one column per field (dates as ISO `YYYY-MM-DD` text
//! in `DATE` columns, booleans as 0/1). Our own tables (`ra_meta`, `ra_layers`, `ra_imports`,
//! `ra_audit`, `ra_analysis_runs`) carry metadata, styles and history, with a schema version
//! and forward migrations ([`schema`]).
//!
//! Lifecycle: `create`/`open` take the sidecar lock ([`lock`]; a second opener gets
//! `AlreadyOpen`), check the file is a GeoPackage, refuse a newer schema, switch to WAL with
//! foreign keys on, migrate and register layers other tools added. Every change runs in one
//! transaction through [`ProjectStore::write`] and is rolled back when the closure fails.
//! Closing (or dropping) checkpoints the WAL and returns to a rollback journal, so the
//! `.gpkg` is one self-contained file again. Feature edits (one feature at a time, for the
//! map's editing tools) are in [`features`]; [`worker`] runs a store on its own thread.

pub mod catalog;
pub mod conform;
mod feature_meta;
pub mod features;
pub mod geom;
pub mod history;
pub mod layers;
pub mod lock;
pub mod read;
pub mod schema;
mod spatial_fns;
pub mod tx;
pub mod types;
pub mod wkb;
pub mod worker;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::model::{Feature, FeatureLayer, LayerKind, Record};

pub use history::{AnalysisRun, AuditEntry, ImportLogEntry, ImportRecord};
pub use lock::lock_path;
pub use schema::SCHEMA_VERSION;
pub use tx::StoreTx;
pub use types::{LayerInfo, StoreError, WriteMode};
pub use worker::{JobReply, JobSender, ProjectWorker};

/// An open project. Holds the lock until closed or dropped.
pub struct ProjectStore {
    // Field order matters: the connection closes before the lock is released.
    conn: Connection,
    path: PathBuf,
    closed: bool,
    _lock: lock::ProjectLock,
}

impl std::fmt::Debug for ProjectStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProjectStore({})", self.path.display())
    }
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl ProjectStore {
    /// Creates a new, empty project; `Exists` if the file exists.
    pub fn create(path: &Path) -> Result<Self, StoreError> {
        let exists = || StoreError::Exists {
            path: path.to_path_buf(),
        };
        if path.exists() {
            return Err(exists());
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::NotFound {
                path: dir.to_path_buf(),
            });
        }
        let lock = lock::ProjectLock::acquire(path)?;
        if path.exists() {
            return Err(exists());
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let built = Connection::open_with_flags(path, flags).and_then(|mut conn| {
            setup_connection(&conn)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            schema::create_gpkg(&tx)?;
            schema::migrate(&tx, 0)?;
            tx.commit()?;
            Ok(conn)
        });
        match built {
            Ok(conn) => Ok(Self::new(conn, path, lock)),
            Err(e) => {
                remove_sqlite_files(path);
                Err(e.into())
            }
        }
    }

    /// Opens a project or any GeoPackage (adopting it), migrating it to this version.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let not_project = |reason: String| StoreError::NotAProject {
            path: path.to_path_buf(),
            reason,
        };
        if !path.exists() {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        if path.is_dir() {
            return Err(not_project("it is a folder".into()));
        }
        let lock = lock::ProjectLock::acquire(path)?;
        check_sqlite_header(path).map_err(not_project)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        schema::check_geopackage(&conn).map_err(not_project)?;
        let found = schema::schema_version(&conn).map_err(not_project)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        setup_connection(&conn)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        schema::migrate(&tx, found)?;
        schema::sync_layers(&tx)?;
        tx.commit()?;
        Ok(Self::new(conn, path, lock))
    }

    fn new(conn: Connection, path: &Path, lock: lock::ProjectLock) -> Self {
        Self {
            conn,
            path: path.to_path_buf(),
            closed: false,
            _lock: lock,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The layers in display order (`ra_layers.sort_order`, then name).
    pub fn layers(&self) -> Result<Vec<LayerInfo>, StoreError> {
        catalog::layer_infos(&self.conn)
    }

    /// A whole layer, geometries in WGS84.
    pub fn read_layer(&self, name: &str) -> Result<FeatureLayer, StoreError> {
        catalog::read_layer(&self.conn, name)
    }

    /// The records of a typed layer; an empty vec when the project lacks that layer.
    pub fn read_records<R: Record>(&self, kind: LayerKind) -> Result<Vec<R>, StoreError> {
        let Some(table) = kind.table_name() else {
            return Ok(Vec::new());
        };
        if !read::is_layer(&self.conn, table)? {
            return Ok(Vec::new());
        }
        Ok(R::read_layer(&self.read_layer(table)?)?)
    }

    /// One feature of a layer by fid (`None` when there is no such feature).
    pub fn read_feature(&self, layer: &str, fid: i64) -> Result<Option<Feature>, StoreError> {
        features::read_feature(&self.conn, layer, fid)
    }

    /// A project metadata value (`title`, `synthetic_cases`, `schema_version`, …).
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        read::meta(&self.conn, key)
    }

    /// The import log, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        history::imports(&self.conn)
    }

    /// The audit trail, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        history::audit_log(&self.conn)
    }

    /// Recorded analysis runs, oldest first.
    pub fn analysis_runs(&self) -> Result<Vec<AnalysisRun>, StoreError> {
        history::analysis_runs(&self.conn)
    }

    /// Runs `f` in ONE transaction: committed when it returns `Ok`, rolled back on `Err`.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&StoreTx::new(&tx))?;
        tx.commit()?;
        Ok(value)
    }

    /// Checkpoints and closes, reporting errors that dropping would ignore.
    pub fn close(mut self) -> Result<(), StoreError> {
        self.closed = true;
        self.finish()
    }

    /// Folds the WAL into the file and returns to a rollback journal, so the `.gpkg` stands
    /// alone (QGIS, read-only media, e-mail). Another reader may keep it in WAL: harmless.
    fn finish(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.busy_timeout(Duration::ZERO)?;
        let _ = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            });
        Ok(())
    }
}

impl Drop for ProjectStore {
    fn drop(&mut self) {
        if !self.closed {
            let _ = self.finish();
        }
    }
}

fn setup_connection(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // For the triggers of R-tree indexes other tools built (feature edits fire them).
    spatial_fns::register(conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    Ok(())
}

/// `Err(reason)` unless the file starts with the SQLite header.
fn check_sqlite_header(path: &Path) -> Result<(), String> {
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let n = file.read(&mut head).map_err(|e| e.to_string())?;
    match n {
        0 => Err("the file is empty".into()),
        16 if &head == b"SQLite format 3\0" => Ok(()),
        _ => Err("it is not an SQLite database".into()),
    }
}

fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Deletes a project and its side files (`-wal`, `-shm`, `-journal`, `.lock`); for undoing a
/// project that a failed command created. Call only after the store is dropped.
pub fn remove_project_files(path: &Path) {
    remove_sqlite_files(path);
    let _ = std::fs::remove_file(lock_path(path));
}
