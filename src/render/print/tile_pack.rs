//! An offline MBTiles pack opened for printing: the tiles under printed maps
//! ([`super::tiles`]) and the attribution the page's sources footer must carry.
//!
//! The SQLite reader sits behind a mutex, so one opened pack is shared (cheap clones) by the
//! pages of a document and by the app's print tasks; the zoom range is read once on opening
//! (a `min/max` over the pack's tiles). Opening fails with a clear [`MbtilesError`] for a
//! file that is missing, not an MBTiles pack, or holds no tiles.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::tiles::TileSource;
use crate::io::mbtiles::{MbtilesError, MbtilesReader, strip_tags};

/// A pack ready to print from.
#[derive(Clone)]
pub struct PrintTiles {
    reader: Arc<Mutex<MbtilesReader>>,
    zooms: (u8, u8),
    path: PathBuf,
    attribution: String,
}

impl PrintTiles {
    pub fn open(path: &Path) -> Result<Self, MbtilesError> {
        let reader = MbtilesReader::open(path)?;
        let zooms = reader
            .zoom_range()?
            .ok_or_else(|| MbtilesError::NotMbtiles {
                path: path.to_path_buf(),
                reason: "it holds no tiles".into(),
            })?;
        let attribution = reader
            .metadata()?
            .get("attribution")
            .map(|a| strip_tags(a))
            .unwrap_or_default();
        Ok(Self {
            reader: Arc::new(Mutex::new(reader)),
            zooms,
            path: path.to_path_buf(),
            attribution,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pack's attribution as plain text (its HTML tags removed); may be empty.
    pub fn attribution(&self) -> &str {
        &self.attribution
    }

    /// The line for the page's sources: the attribution, else the pack's file name.
    pub fn source_line(&self) -> String {
        if self.attribution.is_empty() {
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        } else {
            self.attribution.clone()
        }
    }
}

impl TileSource for PrintTiles {
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
        let reader = self.reader.lock().ok()?;
        TileSource::tile(&*reader, z, x, y)
    }

    fn zoom_range(&self) -> Option<(u8, u8)> {
        Some(self.zooms)
    }
}

impl std::fmt::Debug for PrintTiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrintTiles")
            .field("path", &self.path)
            .field("zooms", &self.zooms)
            .finish()
    }
}

#[cfg(test)]
#[path = "tile_pack_tests.rs"]
mod tests;
