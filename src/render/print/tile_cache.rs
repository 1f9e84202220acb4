//! The app's on-screen tile cache read for printing: the OpenStreetMap tiles a user has
//! viewed online, so a printed page can look like the screen without an offline pack.
//!
//! Format (walkers 0.65 → http-cache-reqwest 1.0.0-alpha → http-cache's `CACacheManager`):
//! a [cacache](https://docs.rs/cacache) folder whose key for a tile is `"GET:" + its URL`
//! and whose value is http-cache's `Store { response: HttpResponse { body: Vec<u8>, … },
//! policy }` in postcard. Postcard writes a `Vec<u8>` as its length (LEB128 varint) and the
//! bytes, and `body` is the first field, so the tile's image is the first length-prefixed
//! byte string of the entry; the rest (headers, status, cache policy) is not read. An entry
//! that does not decode that way gives no tile (the page falls back to the next source), so
//! a future change of format degrades to the vector basemap, never to a wrong picture:
//! `tests/print_tile_cache.rs` fills a cache through walkers itself from a local server and
//! reads it back here.
//! A cache is partial (only what was on screen), so [`super::tile_pack::PrintTiles`] prints
//! from it only at a zoom where every tile of the page is present
//! ([`super::tiles::complete_zoom`]).
//! Cost: one index lookup per tile asked (`has`), one content read per tile drawn.

use std::path::{Path, PathBuf};

use super::tiles::TileSource;

/// OpenStreetMap's standard tiles, as walkers' `sources::OpenStreetMap` asks for them.
pub const OSM_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// The deepest zoom OpenStreetMap serves.
pub const OSM_MAX_ZOOM: u8 = 19;

/// Why a cache folder cannot be printed from.
#[derive(Debug, thiserror::Error)]
pub enum TileCacheError {
    #[error("the tile cache {0} does not exist or is not a folder")]
    NotAFolder(PathBuf),
    #[error("the folder {0} is not a tile cache (no cacache index in it)")]
    NotACache(PathBuf),
}

/// An HTTP tile cache folder and the URL pattern of its tiles.
#[derive(Debug, Clone)]
pub struct HttpTileCache {
    dir: PathBuf,
    url: String,
    max_zoom: u8,
}

impl HttpTileCache {
    /// The cache at `dir` holding tiles of `url` (`{z}`, `{x}`, `{y}` replaced).
    pub fn open(dir: &Path, url: &str, max_zoom: u8) -> Result<Self, TileCacheError> {
        if !dir.is_dir() {
            return Err(TileCacheError::NotAFolder(dir.to_path_buf()));
        }
        let indexed = std::fs::read_dir(dir)
            .map(|mut entries| {
                entries.any(|e| {
                    e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("index-v"))
                })
            })
            .unwrap_or(false);
        if !indexed {
            return Err(TileCacheError::NotACache(dir.to_path_buf()));
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            url: url.to_string(),
            max_zoom,
        })
    }

    /// The app's cache of OpenStreetMap tiles.
    pub fn osm(dir: &Path) -> Result<Self, TileCacheError> {
        Self::open(dir, OSM_TILE_URL, OSM_MAX_ZOOM)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cache key of tile z/x/y.
    pub fn key(&self, z: u8, x: u32, y: u32) -> String {
        let url = self
            .url
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string());
        format!("GET:{url}")
    }

    /// Whether the cache has an entry for tile z/x/y (index only; the content is not read).
    pub fn has(&self, z: u8, x: u32, y: u32) -> bool {
        matches!(
            cacache::metadata_sync(&self.dir, self.key(z, x, y)),
            Ok(Some(_))
        )
    }
}

impl TileSource for HttpTileCache {
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
        let entry = cacache::read_sync(&self.dir, self.key(z, x, y)).ok()?;
        response_body(&entry).map(<[u8]>::to_vec)
    }

    fn zoom_range(&self) -> Option<(u8, u8)> {
        Some((0, self.max_zoom))
    }
}

/// The first length-prefixed byte string of a postcard entry (see the module doc), `None`
/// when the entry is too short for the length it announces.
pub fn response_body(entry: &[u8]) -> Option<&[u8]> {
    let mut len: u64 = 0;
    for (i, &b) in entry.iter().enumerate().take(10) {
        len |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            let start = i + 1;
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            return entry.get(start..end);
        }
    }
    None
}

#[cfg(test)]
#[path = "tile_cache_tests.rs"]
pub(crate) mod tests;
