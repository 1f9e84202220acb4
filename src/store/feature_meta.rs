//! Bookkeeping of single-feature edits: the fid high water mark (so fids are never reused),
//! GDAL's cached feature count, and `gpkg_contents` (`last_change` and the layer extent).
//!
//! Tables with `AUTOINCREMENT` keep their high water mark in `sqlite_sequence`; others in
//! `ra_meta` (`fid_high_water.<table>`). The extent grows with each new geometry; when an old
//! geometry touching the extent's edge is removed or moved, it is recomputed from the blob
//! envelopes (O(n) in the layer's features, decoding only blobs without an envelope).

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::conform::{quote, union};
use super::features::cols;
use super::geom;
use super::read::TableSchema;
use super::schema::{now_utc, table_exists};

pub(crate) fn is_autoincrement(conn: &Connection, layer: &str) -> rusqlite::Result<bool> {
    let sql: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [layer],
            |r| r.get(0),
        )
        .optional()?;
    Ok(sql.is_some_and(|s| s.to_ascii_uppercase().contains("AUTOINCREMENT")))
}

fn high_water_key(layer: &str) -> String {
    format!("fid_high_water.{layer}")
}

/// The largest fid ever handed out, as far as the store knows.
pub(crate) fn high_water(conn: &Connection, layer: &str, auto: bool) -> rusqlite::Result<i64> {
    let seq: Option<i64> = if auto && table_exists(conn, "sqlite_sequence")? {
        conn.query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [layer],
            |r| r.get(0),
        )
        .optional()?
    } else {
        conn.query_row(
            "SELECT value FROM ra_meta WHERE key = ?1",
            [high_water_key(layer)],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|v| v.parse().ok())
    };
    let max: Option<i64> = conn.query_row(
        &format!("SELECT MAX(rowid) FROM {}", quote(layer)),
        [],
        |r| r.get(0),
    )?;
    Ok(seq.unwrap_or(0).max(max.unwrap_or(0)))
}

pub(crate) fn set_high_water(conn: &Connection, layer: &str, fid: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO ra_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![high_water_key(layer), fid.to_string()],
    )?;
    Ok(())
}

pub(crate) fn max_fid(conn: &Connection, schema: &TableSchema) -> rusqlite::Result<i64> {
    let (pk, _) = cols(schema);
    let max: Option<i64> = conn.query_row(
        &format!("SELECT MAX({pk}) FROM {}", quote(&schema.name)),
        [],
        |r| r.get(0),
    )?;
    Ok(max.unwrap_or(0))
}

/// Keeps GDAL's cached feature count right when no GDAL trigger does it.
pub(crate) fn adjust_ogr_count(conn: &Connection, layer: &str, delta: i64) -> rusqlite::Result<()> {
    if !table_exists(conn, "gpkg_ogr_contents")? {
        return Ok(());
    }
    let triggered: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1
           AND sql LIKE '%gpkg_ogr_contents%')",
        [layer],
        |r| r.get(0),
    )?;
    if !triggered {
        conn.execute(
            "UPDATE gpkg_ogr_contents SET feature_count = feature_count + ?1
             WHERE lower(table_name) = lower(?2) AND feature_count IS NOT NULL",
            params![delta, layer],
        )?;
    }
    Ok(())
}

/// Updates `last_change` and the extent: grown by `added`; recomputed when `removed` touched
/// the old extent's edge (the layer may have shrunk).
pub(crate) fn touch(
    conn: &Connection,
    schema: &TableSchema,
    added: Option<[f64; 4]>,
    removed: Option<[f64; 4]>,
) -> Result<(), StoreError> {
    let layer = &schema.name;
    let old: [Option<f64>; 4] = conn.query_row(
        "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?1",
        [layer],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )?;
    let old = match old {
        [Some(a), Some(b), Some(c), Some(d)] => Some([a, b, c, d]),
        _ => None,
    };
    let on_edge =
        |e: [f64; 4], r: [f64; 4]| r[0] <= e[0] || r[1] <= e[1] || r[2] >= e[2] || r[3] >= e[3];
    let extent = match (old, removed) {
        (Some(e), Some(r)) if on_edge(e, r) => scan_extent(conn, schema)?,
        _ => union(old, added),
    };
    let [x0, y0, x1, y1] = extent.map_or([None; 4], |b| b.map(Some));
    conn.execute(
        "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4, last_change = ?5
         WHERE table_name = ?6",
        params![x0, y0, x1, y1, now_utc(), layer],
    )?;
    Ok(())
}

/// The extent of every geometry of the layer, from blob envelopes (decoding blobs without one).
fn scan_extent(conn: &Connection, schema: &TableSchema) -> Result<Option<[f64; 4]>, StoreError> {
    let (_, geom_col) = cols(schema);
    let sql = format!(
        "SELECT {geom_col} FROM {} WHERE {geom_col} IS NOT NULL",
        quote(&schema.name)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut acc = None;
    while let Some(r) = rows.next()? {
        let ValueRef::Blob(b) = r.get_ref(0)? else {
            continue;
        };
        let bbox = match geom::header(b) {
            Ok(h) if h.empty => None,
            Ok(h) if h.envelope.is_some() => h.envelope,
            _ => geom::decode(b).ok().flatten().as_ref().and_then(geom::bbox),
        };
        acc = union(acc, bbox);
    }
    Ok(acc)
}
