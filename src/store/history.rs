//! The project's history tables: the import log (`ra_imports`), the audit trail (`ra_audit`)
//! and analysis runs (`ra_analysis_runs`).
//!
//! Times are UTC ISO 8601 (`2026-11-22T10:15:00.123Z`). The user is the operating system
//! account name (`USERNAME` on Windows, `USER` elsewhere), which may hold any Unicode (ë, ç).
//! Writes happen inside the caller's transaction; reads return rows oldest first.

use rusqlite::{Connection, params};

use super::StoreError;
use super::schema::now_utc;
use crate::model::LayerKind;

/// One import, as the importer logs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportLogEntry {
    /// The file name as shown to the user.
    pub source_file: String,
    pub source_sha256: String,
    pub layer: String,
    pub kind: LayerKind,
    pub accepted: u64,
    pub rejected: u64,
    pub warnings: u64,
    /// The whole validation report as JSON.
    pub report_json: String,
}

/// A logged import with its id, time and user.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRecord {
    pub id: i64,
    pub imported_at: String,
    /// `None` for imports logged by a version-1 project.
    pub imported_by: Option<String>,
    pub entry: ImportLogEntry,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub action: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisRun {
    pub id: i64,
    pub kind: String,
    pub params_json: String,
    pub created_at: String,
    /// The layer holding the result; `None` if there is none or it was deleted.
    pub result_table: Option<String>,
}

/// The operating system user name, or "unknown".
pub fn current_user() -> String {
    ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|s| s.to_string_lossy().trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn log_import(conn: &Connection, e: &ImportLogEntry) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO ra_imports (imported_at, imported_by, source_file, source_sha256, layer,
           kind, accepted, rejected, warnings, report_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            now_utc(),
            current_user(),
            e.source_file,
            e.source_sha256,
            e.layer,
            e.kind.code(),
            count(e.accepted),
            count(e.rejected),
            count(e.warnings),
            e.report_json
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn audit(
    conn: &Connection,
    user: &str,
    action: &str,
    detail: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO ra_audit (at, user, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![now_utc(), user, action, detail],
    )?;
    Ok(())
}

pub(crate) fn record_analysis_run(
    conn: &Connection,
    kind: &str,
    params_json: &str,
    result_table: Option<&str>,
) -> Result<i64, StoreError> {
    if let Some(t) = result_table
        && !super::read::is_layer(conn, t)?
    {
        return Err(StoreError::NoSuchLayer(t.to_string()));
    }
    conn.execute(
        "INSERT INTO ra_analysis_runs (kind, params_json, created_at, result_table)
         VALUES (?1, ?2, ?3, ?4)",
        params![kind, params_json, now_utc(), result_table],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn imports(conn: &Connection) -> Result<Vec<ImportRecord>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, imported_at, imported_by, source_file, source_sha256, layer, kind,
           accepted, rejected, warnings, report_json FROM ra_imports ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(6)?;
        let n = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
        Ok(ImportRecord {
            id: r.get(0)?,
            imported_at: r.get(1)?,
            imported_by: r.get(2)?,
            entry: ImportLogEntry {
                source_file: r.get(3)?,
                source_sha256: r.get(4)?,
                layer: r.get(5)?,
                kind: LayerKind::parse(&kind).unwrap_or(LayerKind::Other),
                accepted: n(7)?,
                rejected: n(8)?,
                warnings: n(9)?,
                report_json: r.get(10)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn audit_log(conn: &Connection) -> Result<Vec<AuditEntry>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, at, user, action, detail FROM ra_audit ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            detail: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn analysis_runs(conn: &Connection) -> Result<Vec<AnalysisRun>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, params_json, created_at, result_table FROM ra_analysis_runs ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AnalysisRun {
            id: r.get(0)?,
            kind: r.get(1)?,
            params_json: r.get(2)?,
            created_at: r.get(3)?,
            result_table: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
