//! The basemap's colours, line widths and label sizes: one place for the on-screen vector
//! basemap (`app::basemap`, via `app::style`) and the rendered tiles (`render::raster`), so a
//! tile pack looks like the map drawn live underneath it.
//!
//! Colours are straight (unmultiplied) sRGB with alpha. Widths and sizes are in screen points
//! at the tile's own zoom, which is one tile pixel at 256 px tiles (multiply by the tile
//! scale for @2x tiles).

/// An sRGB colour with straight alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
    Colour { r, g, b, a: 255 }
}

/// Water: the sea, and the lakes (holes in Albania's land polygon).
pub const SEA: Colour = rgb(192, 212, 222);
pub const LAND: Colour = rgb(242, 239, 233);
/// The neighbouring countries' land: a greyer, darker beige than Albania's, so the country
/// the map is about stands out and neighbours never read as sea.
pub const NEIGHBOUR_LAND: Colour = rgb(224, 221, 214);
/// The land's edge: coast and the state border.
pub const COAST_LINE: Colour = rgb(90, 140, 170);
pub const MUNICIPALITY_LINE: Colour = rgb(150, 140, 150);
pub const QARK_LINE: Colour = rgb(110, 90, 120);
/// Municipality names.
pub const LABEL: Colour = rgb(60, 60, 70);
/// The light halo around every label (on screen egui draws it premultiplied; see `app::style`).
pub const HALO: Colour = Colour {
    r: 255,
    g: 255,
    b: 255,
    a: 200,
};
/// Settlement names and their dots (tiles only: the live map has no settlements layer).
pub const SETTLEMENT_LABEL: Colour = rgb(35, 35, 40);
pub const SETTLEMENT_DOT: Colour = rgb(70, 70, 80);

pub const COAST_WIDTH: f32 = 1.0;
pub const MUNICIPALITY_WIDTH: f32 = 0.7;
pub const QARK_WIDTH: f32 = 1.6;

/// Zoom from which municipality names are drawn.
pub const NAMES_FROM_ZOOM: f64 = 9.0;

/// Size of municipality names at a zoom (egui font size = ab_glyph pixel height).
pub fn municipality_label_size(zoom: f64) -> f32 {
    if zoom >= 10.5 { 14.0 } else { 12.0 }
}
