//! MBTiles 1.3 tile packs: write (for `riskatlas tiles build`) and read (for the app).
//!
//! Layout, as mbutil writes it and GDAL's MBTiles driver reads it: identical tiles are
//! stored once. `images(tile_data, tile_id)` holds each distinct PNG under the hex SHA-256
//! of its bytes, `map(zoom_level, tile_column, tile_row, tile_id)` says where each is used,
//! and the view `tiles` joins them into the spec's `tiles(zoom_level, tile_column, tile_row,
//! tile_data)`. Unique indexes: `map_index` on the tile key, `images_id`, and `name` on
//! `metadata(name, value)`. Rows are TMS (`tile_row = 2^z − 1 − y`); this module's API takes
//! XYZ tiles ([`TileXyz`], y = 0 at the north) and flips them.
//!
//! Writing is all-or-nothing: tiles go to `<out>.partial` in one transaction, which is
//! committed, closed and renamed over `<out>` by [`MbtilesWriter::finish`]; a writer dropped
//! unfinished deletes its partial file. Reading opens the file read-only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::render::TileXyz;

#[derive(Debug, thiserror::Error)]
pub enum MbtilesError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{} is not an MBTiles tile pack: {reason}", .path.display())]
    NotMbtiles { path: PathBuf, reason: String },
    #[error("tile {z}/{x}/{y} is outside the tile grid")]
    BadTile { z: u8, x: u32, y: u32 },
}

/// The TMS row of an XYZ tile (and back: the flip is its own inverse).
pub fn tms_row(z: u8, y: u32) -> u32 {
    (1u32 << z).saturating_sub(1).saturating_sub(y)
}

fn check(tile: TileXyz) -> Result<(), MbtilesError> {
    let n = 1u64 << tile.z.min(31);
    if tile.z > 30 || tile.x as u64 >= n || tile.y as u64 >= n {
        return Err(MbtilesError::BadTile {
            z: tile.z,
            x: tile.x,
            y: tile.y,
        });
    }
    Ok(())
}

/// The `metadata` rows of a raster pack (MBTiles 1.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub description: String,
    /// min lon, min lat, max lon, max lat (WGS84).
    pub bounds_wgs84: [f64; 4],
    /// lon, lat, zoom.
    pub center: [f64; 3],
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub attribution: String,
    pub version: String,
}

impl Metadata {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let b = self.bounds_wgs84;
        vec![
            ("name", self.name.clone()),
            ("format", "png".into()),
            ("type", "baselayer".into()),
            ("version", self.version.clone()),
            ("description", self.description.clone()),
            ("attribution", self.attribution.clone()),
            (
                "bounds",
                format!("{:.6},{:.6},{:.6},{:.6}", b[0], b[1], b[2], b[3]),
            ),
            (
                "center",
                format!(
                    "{:.6},{:.6},{}",
                    self.center[0], self.center[1], self.center[2]
                ),
            ),
            ("minzoom", self.min_zoom.to_string()),
            ("maxzoom", self.max_zoom.to_string()),
        ]
    }
}

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

/// What a finished pack holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PackSummary {
    /// Tiles in the pack (rows of `map`).
    pub tiles: u64,
    /// Distinct tile images stored (rows of `images`).
    pub unique_images: u64,
    /// Size of the finished file.
    pub file_bytes: u64,
}

/// Writes a new pack; see the module doc for the all-or-nothing rule.
pub struct MbtilesWriter {
    conn: Option<Connection>,
    partial: PathBuf,
    out: PathBuf,
    summary: PackSummary,
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
        let conn = Connection::open(&partial).map_err(sql)?;
        let mut writer = Self {
            conn: None,
            partial: partial.clone(),
            out: out.to_path_buf(),
            summary: PackSummary::default(),
        };
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
        let added = conn
            .prepare_cached("INSERT OR IGNORE INTO images (tile_data, tile_id) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![data, id]))
            .map_err(self.sql())?;
        let replaced = conn
            .prepare_cached(
                "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut s| s.execute(params![tile.z, tile.x, tms_row(tile.z, tile.y), id]))
            .map_err(self.sql())?;
        self.summary.unique_images += added as u64;
        self.summary.tiles += replaced.min(1) as u64;
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
        if let Some(conn) = self.conn.take() {
            drop(conn);
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// Reads tiles from a pack (any MBTiles with a `tiles` table or view).
pub struct MbtilesReader {
    conn: Connection,
    path: PathBuf,
}

impl MbtilesReader {
    pub fn open(path: &Path) -> Result<Self, MbtilesError> {
        let not = |reason: &str| MbtilesError::NotMbtiles {
            path: path.to_path_buf(),
            reason: reason.into(),
        };
        if !path.is_file() {
            return Err(not("the file does not exist"));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|source| MbtilesError::Sqlite {
                path: path.to_path_buf(),
                source,
            })?;
        let has = |name: &str| -> bool {
            conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = ?1 AND type IN ('table', 'view')",
                [name],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .unwrap_or(false)
        };
        if !has("tiles") {
            return Err(not("it has no tiles table"));
        }
        if !has("metadata") {
            return Err(not("it has no metadata table"));
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> MbtilesError + '_ {
        move |source| MbtilesError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Every `metadata` row.
    pub fn metadata(&self) -> Result<HashMap<String, String>, MbtilesError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, value FROM metadata")
            .map_err(self.sql())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .map_err(self.sql())?;
        let mut out = HashMap::new();
        for row in rows {
            let (k, v) = row.map_err(self.sql())?;
            out.insert(k, v.unwrap_or_default());
        }
        Ok(out)
    }

    /// The lowest and highest zoom with tiles, `None` for an empty pack.
    pub fn zoom_range(&self) -> Result<Option<(u8, u8)>, MbtilesError> {
        let r: (Option<i64>, Option<i64>) = self
            .conn
            .query_row(
                "SELECT min(zoom_level), max(zoom_level) FROM tiles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.sql())?;
        Ok(match r {
            (Some(a), Some(b)) => Some((a.clamp(0, 30) as u8, b.clamp(0, 30) as u8)),
            _ => None,
        })
    }

    /// The bytes of the tile at an XYZ position, `None` when the pack lacks it.
    pub fn tile(&self, tile: TileXyz) -> Result<Option<Vec<u8>>, MbtilesError> {
        check(tile)?;
        self.conn
            .prepare_cached(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            )
            .and_then(|mut s| {
                s.query_row(params![tile.z, tile.x, tms_row(tile.z, tile.y)], |r| {
                    r.get::<_, Vec<u8>>(0)
                })
                .optional()
            })
            .map_err(self.sql())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        Metadata {
            name: "test".into(),
            description: "d".into(),
            bounds_wgs84: [19.25, 39.6, 21.1, 42.7],
            center: [20.0, 41.0, 8.0],
            min_zoom: 1,
            max_zoom: 3,
            attribution: "© OpenStreetMap contributors".into(),
            version: "1".into(),
        }
    }

    #[test]
    fn tms_rows_are_flipped() {
        assert_eq!(tms_row(0, 0), 0);
        assert_eq!(tms_row(1, 0), 1);
        assert_eq!(tms_row(3, 2), 5);
        assert_eq!(tms_row(3, tms_row(3, 2)), 2);
    }

    #[test]
    fn round_trip_with_flipped_rows_and_shared_images() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("p.mbtiles");
        let mut w = MbtilesWriter::create(&out, &meta()).expect("create");
        assert!(!out.exists(), "nothing at the final name before finish");
        w.put(TileXyz::new(3, 4, 2), b"north").expect("put");
        w.put(TileXyz::new(3, 5, 2), b"same").expect("put");
        w.put(TileXyz::new(3, 6, 2), b"same").expect("put");
        w.put(TileXyz::new(1, 0, 1), b"z1").expect("put");
        assert!(
            w.put(TileXyz::new(2, 4, 0), b"x").is_err(),
            "x outside the grid"
        );
        let s = w.finish().expect("finish");
        assert_eq!((s.tiles, s.unique_images), (4, 3));
        assert!(s.file_bytes > 0);
        assert!(!dir.path().join("p.mbtiles.partial").exists());

        let r = MbtilesReader::open(&out).expect("open");
        assert_eq!(
            r.tile(TileXyz::new(3, 4, 2)).expect("read").as_deref(),
            Some(&b"north"[..])
        );
        assert_eq!(
            r.tile(TileXyz::new(3, 6, 2)).expect("read").as_deref(),
            Some(&b"same"[..])
        );
        assert_eq!(
            r.tile(TileXyz::new(3, 4, 5)).expect("read"),
            None,
            "y is flipped"
        );
        assert_eq!(r.zoom_range().expect("zooms"), Some((1, 3)));
        let m = r.metadata().expect("metadata");
        assert_eq!(m["format"], "png");
        assert_eq!(m["type"], "baselayer");
        assert_eq!(m["bounds"], "19.250000,39.600000,21.100000,42.700000");
        // The raw TMS row as stored.
        let conn = Connection::open(&out).expect("sqlite");
        let row: i64 = conn
            .query_row(
                "SELECT tile_row FROM tiles WHERE zoom_level = 3 AND tile_column = 4",
                [],
                |r| r.get(0),
            )
            .expect("row");
        assert_eq!(row, 5);
    }

    #[test]
    fn an_unfinished_pack_leaves_nothing_and_bad_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("p.mbtiles");
        {
            let mut w = MbtilesWriter::create(&out, &meta()).expect("create");
            w.put(TileXyz::new(0, 0, 0), b"a").expect("put");
        }
        assert!(!out.exists());
        assert!(!dir.path().join("p.mbtiles.partial").exists());
        assert!(matches!(
            MbtilesReader::open(&out),
            Err(MbtilesError::NotMbtiles { .. })
        ));
        let text = dir.path().join("t.mbtiles");
        std::fs::write(&text, "not sqlite").expect("write");
        assert!(MbtilesReader::open(&text).is_err());
    }
}
