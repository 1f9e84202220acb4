//! The project file's tables: the GeoPackage core and Risk Atlas's own `ra_` tables, with
//! forward migrations.
//!
//! GeoPackage 1.4 core: `application_id` 'GPKG', `user_version` 10300 (GeoPackage 1.3: what GDAL before 3.8, as in many QGIS installs, reads without warning; our tables use nothing from 1.4), `gpkg_spatial_ref_sys`
//! (rows 4326, -1, 0), `gpkg_contents`, `gpkg_geometry_columns` (DDL from the specification).
//! Our tables carry a schema version in `ra_meta('schema_version')`: version N is reached by
//! applying `MIGRATIONS[0..N]` in order, inside the caller's transaction. A plain GeoPackage
//! (QGIS, GDAL) is version 0: opening it applies every migration ("adoption"). A file with a
//! version above [`SCHEMA_VERSION`] came from a newer Risk Atlas and is refused by the caller.

use rusqlite::{Connection, OptionalExtension, params};

use crate::crs::Crs;
use crate::model::LayerKind;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 2;
/// `PRAGMA application_id` of a GeoPackage: ASCII "GPKG".
pub const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;
/// `PRAGMA user_version`: GeoPackage 1.3.0 (read without warnings by GDAL before 3.8).
pub const GPKG_USER_VERSION: i32 = 10300;

/// GeoPackage 1.4 core tables, as the specification's table definition SQL gives them.
pub const GPKG_CORE_SQL: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);";

/// Version 1: project metadata, the layer registry (kind, title, style, order) and the
/// import log. `ra_meta` is registered as an `attributes` table: QGIS users see the project's
/// title, sources and notices, and GDAL then lists only registered tables, not our others.
pub const V1_SQL: &str = "
CREATE TABLE ra_meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('ra_meta', 'attributes', 'ra_meta', 'Risk Atlas project metadata: title, sources, notices');
CREATE TABLE ra_layers (
  table_name TEXT NOT NULL PRIMARY KEY
    REFERENCES gpkg_contents(table_name) ON DELETE CASCADE ON UPDATE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  style_json TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0,
  visible INTEGER NOT NULL DEFAULT 1 CHECK (visible IN (0, 1))
);
CREATE TABLE ra_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  imported_at TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  layer TEXT NOT NULL,
  kind TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  report_json TEXT NOT NULL
);";

/// Version 2: the audit trail, analysis runs, and who ran each import.
pub const V2_SQL: &str = "
CREATE TABLE ra_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE ra_analysis_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  params_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  result_table TEXT
    REFERENCES gpkg_contents(table_name) ON DELETE SET NULL ON UPDATE CASCADE
);
ALTER TABLE ra_imports ADD COLUMN imported_by TEXT;";

/// `MIGRATIONS[i]` takes a file from version `i` to `i + 1`.
pub const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [V1_SQL, V2_SQL];

/// The current time in UTC, ISO 8601 with milliseconds (GeoPackage `last_change` format).
pub fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Whether a table (or view) named `name` exists, compared as SQLite does (ASCII case-folded).
pub(crate) fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view')
           AND lower(name) = lower(?1))",
        [name],
        |r| r.get(0),
    )
}

/// A new, empty GeoPackage: header pragmas, core tables and the required SRS rows.
pub(crate) fn create_gpkg(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "application_id", GPKG_APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", GPKG_USER_VERSION)?;
    conn.execute_batch(GPKG_CORE_SQL)?;
    ensure_srs_rows(conn)
}

/// Inserts the three SRS rows every GeoPackage must have, unless present.
pub(crate) fn ensure_srs_rows(conn: &Connection) -> rusqlite::Result<()> {
    let rows = [
        (
            "WGS 84 geodetic",
            4326,
            "EPSG",
            4326,
            Crs::wgs84().wkt(),
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
        ),
        (
            "Undefined cartesian SRS",
            -1,
            "NONE",
            -1,
            "undefined",
            "undefined cartesian coordinate reference system",
        ),
        (
            "Undefined geographic SRS",
            0,
            "NONE",
            0,
            "undefined",
            "undefined geographic coordinate reference system",
        ),
    ];
    for (name, id, org, org_id, wkt, description) in rows {
        conn.execute(
            "INSERT OR IGNORE INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization,
               organization_coordsys_id, definition, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, id, org, org_id, wkt, description],
        )?;
    }
    Ok(())
}

/// `Err(reason)` unless the database looks like a GeoPackage.
pub(crate) fn check_geopackage(conn: &Connection) -> Result<(), String> {
    let sql_err = |e: rusqlite::Error| e.to_string();
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sql_err)?;
    let has = |t: &str| table_exists(conn, t).map_err(sql_err);
    if has("gpkg_contents")? && has("gpkg_spatial_ref_sys")? {
        return Ok(());
    }
    Err(if app_id == GPKG_APPLICATION_ID {
        "it is marked as a GeoPackage but lacks gpkg_contents or gpkg_spatial_ref_sys".into()
    } else {
        "it is an SQLite database without the GeoPackage tables (gpkg_contents)".into()
    })
}

/// The file's schema version: 0 when it has no `ra_meta` (a plain GeoPackage).
pub(crate) fn schema_version(conn: &Connection) -> Result<u32, String> {
    if !table_exists(conn, "ra_meta").map_err(|e| e.to_string())? {
        return Ok(0);
    }
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM ra_meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| e.to_string())?;
    let v = v.ok_or("its ra_meta table has no schema_version")?;
    v.trim()
        .parse()
        .map_err(|_| format!("its schema_version '{v}' is not a number"))
}

/// Applies the migrations from version `from` to [`SCHEMA_VERSION`] (inside a transaction).
pub(crate) fn migrate(conn: &Connection, from: u32) -> rusqlite::Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    if !table_exists(conn, "gpkg_geometry_columns")? {
        // A tiles-only GeoPackage: add the feature registry we need.
        let start = GPKG_CORE_SQL
            .find("CREATE TABLE gpkg_geometry_columns")
            .unwrap_or(0);
        conn.execute_batch(&GPKG_CORE_SQL[start..])?;
    }
    ensure_srs_rows(conn)?;
    for sql in &MIGRATIONS[from as usize..] {
        conn.execute_batch(sql)?;
    }
    conn.execute(
        "INSERT INTO ra_meta (key, value) VALUES ('schema_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SCHEMA_VERSION.to_string()],
    )?;
    if from == 0 {
        conn.execute(
            "INSERT OR IGNORE INTO ra_meta (key, value) VALUES ('created_at', ?1)",
            [now_utc()],
        )?;
    }
    Ok(())
}

/// Makes `ra_layers` match `gpkg_contents`: forgets layers another tool deleted and registers
/// feature tables another tool added (kind from the table name, else `Other`).
pub(crate) fn sync_layers(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM ra_layers WHERE table_name NOT IN (SELECT table_name FROM gpkg_contents)",
        [],
    )?;
    let mut stmt = conn.prepare(
        "SELECT c.table_name, c.identifier FROM gpkg_contents c
         JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features'
           AND c.table_name NOT IN (SELECT table_name FROM ra_layers)
         ORDER BY c.table_name",
    )?;
    let new: Vec<(String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, identifier) in new {
        let kind = LayerKind::ALL
            .into_iter()
            .find(|k| k.table_name() == Some(table.as_str()))
            .unwrap_or(LayerKind::Other);
        let title = identifier
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| table.clone());
        register_layer(conn, &table, kind, &title)?;
    }
    Ok(())
}

/// Adds a layer to `ra_layers` after the last one (visible, no style).
pub(crate) fn register_layer(
    conn: &Connection,
    table: &str,
    kind: LayerKind,
    title: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO ra_layers (table_name, kind, title, style_json, sort_order, visible)
         VALUES (?1, ?2, ?3, NULL, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM ra_layers), 1)",
        params![table, kind.code(), title],
    )?;
    Ok(())
}
