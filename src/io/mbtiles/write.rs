//! Writing a pack: schema, one transaction, `<out>.partial` renamed into place on finish.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use super::{MbtilesError, Metadata, PackSummary, check, tms_row};
use crate::render::TileXyz;

const SCHEMA: &str = "
CREATE TABLE metadata (name TEXT, value TEXT);
CREATE UNIQUE INDEX name ON metadata (name);
CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column, tile_row);
CREATE TABLE images (tile_data BLOB, tile_id TEXT);
CREATE UNIQUE INDEX images_id ON images (tile_id);
CREATE VIEW tiles AS
  SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,
         map.tile_row AS tile_row, images.tile_data AS tile_data
  FROM map JOIN images ON images.tile_id = map.tile_id;
";

/// Writes a new pack; see the module doc for the all-or-nothing rule.
pub struct MbtilesWriter {
    conn: Option<Connection>,
    partial: PathBuf,
    out: PathBuf,
    /// Set once the pack is in place; until then dropping deletes the partial file.
    done: bool,
}

impl MbtilesWriter {
    /// Starts `<out>.partial` (replacing a stale one) with the schema and `metadata`.
    pub fn create(out: &Path, metadata: &Metadata) -> Result<Self, MbtilesError> {
        let mut name = out.as_os_str().to_owned();
        name.push(".partial");
        let partial = PathBuf::from(name);
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(MbtilesError::Io {
                    path: partial,
                    source: e,
                });
            }
            _ => {}
        }
        let sql = |source| MbtilesError::Sqlite {
            path: partial.clone(),
            source,
        };
        // Created first, so that a failure below deletes the partial file on drop.
        let mut writer = Self {
            conn: None,
            partial: partial.clone(),
            out: out.to_path_buf(),
            done: false,
        };
        let conn = Connection::open(&partial).map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        conn.execute_batch("BEGIN").map_err(sql)?;
        for (k, v) in metadata.rows() {
            conn.execute(
                "INSERT INTO metadata (name, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(sql)?;
        }
        writer.conn = Some(conn);
        Ok(writer)
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> MbtilesError + '_ {
        move |source| MbtilesError::Sqlite {
            path: self.partial.clone(),
            source,
        }
    }

    /// Adds (or replaces) the tile at an XYZ position.
    pub fn put(&mut self, tile: TileXyz, data: &[u8]) -> Result<(), MbtilesError> {
        check(tile)?;
        let id = format!("{:x}", Sha256::digest(data));
        let Some(conn) = self.conn.as_ref() else {
            return Ok(());
        };
        conn.prepare_cached("INSERT OR IGNORE INTO images (tile_data, tile_id) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![data, id]))
            .map_err(self.sql())?;
        conn.prepare_cached(
                "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut s| s.execute(params![tile.z, tile.x, tms_row(tile.z, tile.y), id]))
            .map_err(self.sql())?;
        Ok(())
    }

    /// Commits, closes and renames the pack into place.
    pub fn finish(mut self) -> Result<PackSummary, MbtilesError> {
        let conn = self.conn.take().ok_or_else(|| MbtilesError::NotMbtiles {
            path: self.partial.clone(),
            reason: "the writer was already finished".into(),
        })?;
        let sql = |source| MbtilesError::Sqlite {
            path: self.partial.clone(),
            source,
        };
        conn.execute_batch("COMMIT").map_err(sql)?;
        let counts: (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM map), (SELECT count(*) FROM images)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(sql)?;
        conn.close().map_err(|(_, e)| sql(e))?;
        std::fs::rename(&self.partial, &self.out).map_err(|source| MbtilesError::Io {
            path: self.out.clone(),
            source,
        })?;
        self.done = true;
        let file_bytes = std::fs::metadata(&self.out).map(|m| m.len()).unwrap_or(0);
        Ok(PackSummary {
            tiles: counts.0 as u64,
            unique_images: counts.1 as u64,
            file_bytes,
        })
    }
}

impl Drop for MbtilesWriter {
    fn drop(&mut self) {
        if !self.done {
            drop(self.conn.take()); // close before deleting (Windows cannot delete open files)
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}
