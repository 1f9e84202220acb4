//! Raster rendering of the built-in vector basemap into XYZ Web-Mercator tiles (core: no
//! egui, walkers or files here).
//!
//! Input: [`BasemapData`], plain data built from the project's base layers (land from the
//! Coastline layer, municipalities, qarqe) and a list of settlements. Output: one tile as a
//! tiny-skia `Pixmap` or PNG bytes, 256 px (scale 1) or 512 px "@2x" (scale 2), drawn with
//! the same [`palette`] as the live map in `app::basemap`, so a tile pack rendered here looks
//! like the map drawn under it. `riskatlas tiles build` writes these tiles into an MBTiles
//! pack (`io::mbtiles`); the app shows such packs with `app::mbtiles_source`.

pub mod clip;
pub mod data;
pub mod encode;
pub mod labels;
pub mod mercator;
pub mod palette;
pub mod pdf;
pub mod print;
pub mod ramp;
pub mod raster;
pub mod text;

pub use data::{BasemapData, Settlement, SettlementRank};
pub use encode::encode_png;
pub use mercator::{TileXyz, tiles_covering};
pub use raster::TileRenderer;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the embedded label font is unreadable")]
    Font,
    #[error("cannot render tile {}/{}/{} at scale {scale}", tile.z, tile.x, tile.y)]
    BadTile { tile: TileXyz, scale: u32 },
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

impl TileRenderer {
    /// Renders a tile and encodes it as PNG.
    pub fn render_png(&self, tile: TileXyz, scale: u32) -> Result<Vec<u8>, RenderError> {
        encode_png(&self.render(tile, scale)?)
    }
}
