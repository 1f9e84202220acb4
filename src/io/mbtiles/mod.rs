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

mod read;
mod write;

use std::path::PathBuf;

use crate::render::TileXyz;

pub use read::MbtilesReader;
pub use write::MbtilesWriter;

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

pub(crate) fn check(tile: TileXyz) -> Result<(), MbtilesError> {
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
    pub(crate) fn rows(&self) -> Vec<(&'static str, String)> {
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

/// MBTiles attributions are often HTML (`<a href=..>&copy; OpenStreetMap</a>`): the text
/// only, with `&copy;` and `&amp;` decoded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&copy;", "©")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}
