//! Basemap tiles opened for printing: an offline MBTiles pack, the app's on-screen tile cache
//! ([`super::tile_cache`]), or both, tried in order for each page; and the attribution the
//! page's sources footer must carry.
//!
//! A pack is complete at its zooms: a page takes the zoom nearest the print resolution
//! ([`super::tiles::mosaic`]). A cache holds only what was viewed: a page is printed from it
//! only at a zoom where every tile of the page is there ([`super::tiles::complete_zoom`]),
//! else the next source is tried, and after the last the vector basemap prints, so a printed
//! page never has holes. The SQLite reader of a pack sits behind a mutex, so one opened set
//! is shared (cheap clones) by the pages of a document and by the app's print tasks; a pack's
//! zoom range is read once on opening. Opening fails with a clear error for a pack file that
//! is missing, not an MBTiles pack, or holds no tiles, and for a folder that is no cache.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::frame::MapFrame;
use super::tile_cache::{HttpTileCache, TileCacheError};
use super::tiles::{Mosaic, TileSource, complete_zoom, mosaic, mosaic_at};
use crate::io::mbtiles::{MbtilesError, MbtilesReader, strip_tags};

/// The attribution OpenStreetMap's tiles require.
pub const OSM_TILES_ATTRIBUTION: &str = "© OpenStreetMap contributors";

/// Tile sources ready to print from, best first.
#[derive(Clone)]
pub struct PrintTiles {
    chain: Vec<Arc<Backing>>,
}

enum Backing {
    Pack {
        reader: Mutex<MbtilesReader>,
        zooms: (u8, u8),
        path: PathBuf,
        attribution: String,
    },
    Cache(HttpTileCache),
}

impl PrintTiles {
    /// An offline MBTiles pack.
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
        let pack = Backing::Pack {
            reader: Mutex::new(reader),
            zooms,
            path: path.to_path_buf(),
            attribution,
        };
        Ok(Self {
            chain: vec![Arc::new(pack)],
        })
    }

    /// The app's cache of OpenStreetMap tiles (walkers' HTTP cache folder).
    pub fn open_osm_cache(dir: &Path) -> Result<Self, TileCacheError> {
        Ok(Self {
            chain: vec![Arc::new(Backing::Cache(HttpTileCache::osm(dir)?))],
        })
    }

    /// These sources, then `next`'s for the pages these cannot cover.
    pub fn then(mut self, next: PrintTiles) -> Self {
        self.chain.extend(next.chain);
        self
    }

    /// `first` then `next`, whichever are there.
    pub fn chain(first: Option<Self>, next: Option<Self>) -> Option<Self> {
        match (first, next) {
            (Some(a), Some(b)) => Some(a.then(b)),
            (a, b) => a.or(b),
        }
    }

    /// The files and folders read, in order.
    pub fn paths(&self) -> Vec<&Path> {
        self.chain
            .iter()
            .map(|b| match &**b {
                Backing::Pack { path, .. } => path.as_path(),
                Backing::Cache(c) => c.dir(),
            })
            .collect()
    }

    /// The line for the page's sources: each source's attribution ("; "-joined; a pack
    /// without one is named by its file name).
    pub fn source_line(&self) -> String {
        let parts: Vec<String> = self
            .chain
            .iter()
            .map(|b| match &**b {
                Backing::Pack {
                    path, attribution, ..
                } if attribution.is_empty() => path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
                Backing::Pack { attribution, .. } => attribution.clone(),
                Backing::Cache(_) => OSM_TILES_ATTRIBUTION.to_string(),
            })
            .collect();
        parts.join("; ")
    }

    /// The mosaic under `frame` from the first source that covers it (see the module doc).
    pub fn mosaic(&self, frame: &MapFrame) -> Option<Mosaic> {
        self.chain.iter().find_map(|b| match &**b {
            Backing::Pack { .. } => mosaic(frame, &**b),
            Backing::Cache(c) => {
                let z = complete_zoom(frame, c.zoom_range()?, &|z, x, y| c.has(z, x, y))?;
                mosaic_at(frame, c, z)
            }
        })
    }
}

impl TileSource for Backing {
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
        match self {
            Backing::Pack { reader, .. } => TileSource::tile(&*reader.lock().ok()?, z, x, y),
            Backing::Cache(c) => c.tile(z, x, y),
        }
    }

    fn zoom_range(&self) -> Option<(u8, u8)> {
        match self {
            Backing::Pack { zooms, .. } => Some(*zooms),
            Backing::Cache(c) => c.zoom_range(),
        }
    }
}

impl std::fmt::Debug for PrintTiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrintTiles")
            .field("paths", &self.paths())
            .finish()
    }
}

#[cfg(test)]
#[path = "tile_pack_tests.rs"]
mod tests;
