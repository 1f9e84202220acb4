//! Reading a pack, read-only: metadata, zoom range and tiles by XYZ position.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{MbtilesError, check, tms_row};
use crate::render::TileXyz;

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
