//! Basemap tiles under a printed map: one RGBA mosaic of raster tiles (an offline MBTiles
//! pack) covering a page's [`MapFrame`], drawn as a single [`Item::Image`](super::Item) so
//! the PDF holds one image per page, not one per tile.
//!
//! Inputs: the frame (Web Mercator, as the tiles) and a [`TileSource`] (encoded PNG or JPEG
//! tiles by XYZ position, and its zoom range: an offline pack, or the app's tile cache at a
//! zoom where it has the whole page, [`complete_zoom`]). Zoom: a tile pixel of zoom z covers
//! `1 / (256 · 2^z)` normalized Mercator, so on paper it is `72 · 256 · 2^z / s` dpi for a
//! frame of s points per Mercator unit; the zoom whose dpi is nearest [`TARGET_DPI`] on a
//! log scale (so 124–247 dpi) is taken, within the pack's range (a pack that stops short
//! gives coarser pixels, magnified, down to [`MIN_DPI`]; below that, no mosaic). The tiles meeting the frame are fetched and decoded
//! (`image`: PNG or JPEG; their pixel size comes from the first decoded tile, 256 or 512),
//! pasted at their native pixels into one buffer cropped to the frame (whole pixels), then
//! halved (2 × 2 means) while finer than [`MAX_DPI`] or larger than [`MAX_SIDE_PX`] a side.
//! Missing or unreadable tiles stay transparent, so the vector basemap below shows; more than
//! [`MAX_TILES`] tiles (a pack whose lowest zoom is far too fine for the page) gives no mosaic.
//! Cost: O(t · p²) to decode t tiles of p² pixels plus O(mosaic pixels); a landscape A4 map
//! is about 30 tiles of 256 px and a 1 500 × 1 300 px mosaic.

use super::frame::MapFrame;
use super::{Item, RasterImage};
use crate::io::mbtiles::MbtilesReader;
use crate::render::TileXyz;

/// Where printed tiles come from.
pub trait TileSource {
    /// The encoded image (PNG or JPEG) of XYZ tile z/x/y (y = 0 at the north); `None` when
    /// the source lacks it or cannot read it.
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>>;
    /// The lowest and highest zoom with tiles; `None` when there are none.
    fn zoom_range(&self) -> Option<(u8, u8)>;
}

impl TileSource for MbtilesReader {
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
        MbtilesReader::tile(self, TileXyz::new(z, x, y))
            .ok()
            .flatten()
    }

    fn zoom_range(&self) -> Option<(u8, u8)> {
        MbtilesReader::zoom_range(self).ok().flatten()
    }
}

/// The resolution aimed at on paper (dots per inch).
pub const TARGET_DPI: f64 = 175.0;
/// A mosaic finer than this is halved (512 px tiles, or a pack whose lowest zoom is fine).
pub const MAX_DPI: f64 = 300.0;
/// Coarser than this (a pack stopping far below the page's zoom: its pixels, lines and
/// names magnified over 3 times, blurred) no mosaic is drawn and the vector basemap, with
/// its own names, prints instead.
pub const MIN_DPI: f64 = 60.0;
/// The largest mosaic side, pixels.
pub const MAX_SIDE_PX: u32 = 4096;
/// The most tiles fetched for one page.
pub const MAX_TILES: usize = 1200;
const TILE_PX: f64 = 256.0;

/// A mosaic and the rectangle (points) it covers: the frame, out to whole pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Mosaic {
    pub rect: [f32; 4],
    pub image: RasterImage,
    pub zoom: u8,
    /// Tiles found and drawn.
    pub tiles: usize,
    /// Resolution on paper.
    pub dpi: f64,
}

impl Mosaic {
    /// The scene item drawing it.
    pub fn item(&self) -> Item {
        let [x, y, w, h] = self.rect;
        let image = self.image.clone();
        Item::Image { x, y, w, h, image }
    }
}

/// Points per normalized-Mercator unit of a frame.
fn points_per_merc(frame: &MapFrame) -> f64 {
    let b = frame.merc_box();
    f64::from(frame.rect[2]) / (b[2] - b[0]).max(1e-12)
}

/// The zoom of the tiles for `frame` (see the module doc), within `range`.
pub fn zoom_for(frame: &MapFrame, range: (u8, u8)) -> u8 {
    let ideal = (TARGET_DPI * points_per_merc(frame) / (72.0 * TILE_PX)).log2();
    let z = if ideal.is_finite() {
        ideal.round().clamp(0.0, 30.0) as u8
    } else {
        range.1
    };
    z.clamp(range.0, range.1.max(range.0))
}

/// The tiles of zoom `z` meeting `frame`: `[x0, x1, y0, y1]` (inclusive) and their count.
fn tile_span(frame: &MapFrame, z: u8) -> ([u32; 4], usize) {
    let n = f64::from(1u32 << z);
    let last = (1u32 << z) - 1;
    let b = frame.merc_box().map(|v| v.clamp(0.0, 1.0));
    let cell = |v: f64| ((v * n).floor().max(0.0) as u32).min(last);
    let (tx0, tx1) = (cell(b[0]), cell((b[2] - 1e-12).max(b[0])));
    let (ty0, ty1) = (cell(b[1]), cell((b[3] - 1e-12).max(b[1])));
    let count = (tx1 - tx0 + 1) as usize * (ty1 - ty0 + 1) as usize;
    ([tx0, tx1, ty0, ty1], count)
}

/// The zoom at which a partial source (a tile cache) covers the whole of `frame`: the zoom
/// nearest [`TARGET_DPI`], then one finer (halved to at most [`MAX_DPI`]), then coarser ones
/// down to [`MIN_DPI`] (256 px tiles assumed), within `range`; the first whose every tile
/// `has` reports present. `None` when no such zoom exists. O(zooms · tiles) lookups.
pub fn complete_zoom(
    frame: &MapFrame,
    range: (u8, u8),
    has: &dyn Fn(u8, u32, u32) -> bool,
) -> Option<u8> {
    let ideal = zoom_for(frame, (0, 30));
    let dpi = |z: u8| 72.0 * f64::from(1u32 << z) * TILE_PX / points_per_merc(frame);
    let finer = ideal.checked_add(1).into_iter();
    let coarser = (0..=ideal).rev();
    let order = std::iter::once(ideal).chain(finer).chain(coarser.skip(1));
    order
        .filter(|&z| z >= range.0 && z <= range.1 && dpi(z) >= MIN_DPI)
        .find(|&z| {
            let ([x0, x1, y0, y1], count) = tile_span(frame, z);
            count <= MAX_TILES && (y0..=y1).all(|y| (x0..=x1).all(|x| has(z, x, y)))
        })
}

/// The mosaic under `frame`, `None` when no tile of the source meets it.
pub fn mosaic(frame: &MapFrame, source: &dyn TileSource) -> Option<Mosaic> {
    mosaic_at(frame, source, zoom_for(frame, source.zoom_range()?))
}

/// The mosaic under `frame` from the tiles of zoom `z`.
pub fn mosaic_at(frame: &MapFrame, source: &dyn TileSource, z: u8) -> Option<Mosaic> {
    let n = f64::from(1u32 << z);
    let b = frame.merc_box().map(|v| v.clamp(0.0, 1.0));
    let ([tx0, tx1, ty0, ty1], count) = tile_span(frame, z);
    if count > MAX_TILES {
        return None;
    }
    let mut decoded = Vec::new();
    let mut tile_px = None;
    for ty in ty0..=ty1 {
        for tx in tx0..=tx1 {
            let Some(img) = source
                .tile(z, tx, ty)
                .and_then(|bytes| image::load_from_memory(&bytes).ok())
                .map(|i| i.to_rgba8())
            else {
                continue;
            };
            let t = *tile_px.get_or_insert(img.width());
            if img.width() == t && img.height() == t {
                decoded.push((tx, ty, img));
            }
        }
    }
    let t = f64::from(tile_px?);
    let ppm = points_per_merc(frame);
    let dpi = |f: u64| 72.0 * n * t / f as f64 / ppm;
    if dpi(1) < MIN_DPI {
        return None;
    }
    // The frame in global pixels of zoom z, out to whole pixels, within the fetched tiles.
    let px = |v: f64, lo: u32, hi: u32, up: bool| {
        let g = if up {
            (v * n * t).ceil()
        } else {
            (v * n * t).floor()
        };
        g.clamp(f64::from(lo) * t, f64::from(hi + 1) * t) as u64
    };
    let (gx0, gx1) = (px(b[0], tx0, tx1, false), px(b[2], tx0, tx1, true));
    let (gy0, gy1) = (px(b[1], ty0, ty1, false), px(b[3], ty0, ty1, true));
    let (w, h) = ((gx1 - gx0).max(1) as usize, (gy1 - gy0).max(1) as usize);
    let mut rgba = vec![0u8; w * h * 4];
    let tu = t as u64;
    for (tx, ty, img) in &decoded {
        let (ox, oy) = (u64::from(*tx) * tu, u64::from(*ty) * tu);
        let (x0, x1) = (ox.max(gx0), (ox + tu).min(gx0 + w as u64));
        if x0 >= x1 {
            continue;
        }
        for gy in oy.max(gy0)..(oy + tu).min(gy0 + h as u64) {
            let src = ((gy - oy) * tu + (x0 - ox)) as usize * 4;
            let dst = ((gy - gy0) as usize * w + (x0 - gx0) as usize) * 4;
            let len = (x1 - x0) as usize * 4;
            rgba[dst..dst + len].copy_from_slice(&img.as_raw()[src..src + len]);
        }
    }
    // Halve while too fine or too large; `f` original pixels per mosaic pixel.
    let (mut w, mut h, mut f) = (w, h, 1u64);
    while (dpi(f) > MAX_DPI || w.max(h) > MAX_SIDE_PX as usize) && w > 1 && h > 1 {
        rgba = halve(&rgba, w, h);
        (w, h, f) = (w / 2, h / 2, f * 2);
    }
    let nt = n * t;
    let (x0, y0) = frame.merc_to_page([gx0 as f64 / nt, gy0 as f64 / nt]);
    let (x1, y1) = frame.merc_to_page([
        (gx0 + w as u64 * f) as f64 / nt,
        (gy0 + h as u64 * f) as f64 / nt,
    ]);
    Some(Mosaic {
        rect: [x0, y0, x1 - x0, y1 - y0],
        image: RasterImage::new(w as u32, h as u32, rgba)?,
        zoom: z,
        tiles: decoded.len(),
        dpi: dpi(f),
    })
}

/// Means of 2 × 2 pixels (colour weighted by alpha), dropping an odd last row or column.
fn halve(rgba: &[u8], w: usize, h: usize) -> Vec<u8> {
    let (hw, hh) = (w / 2, h / 2);
    let mut out = vec![0u8; hw * hh * 4];
    for y in 0..hh {
        for x in 0..hw {
            let mut sum = [0u32; 4];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let i = ((2 * y + dy) * w + 2 * x + dx) * 4;
                let a = u32::from(rgba[i + 3]);
                for c in 0..3 {
                    sum[c] += u32::from(rgba[i + c]) * a;
                }
                sum[3] += a;
            }
            let o = (y * hw + x) * 4;
            for c in 0..3 {
                // All four transparent: the colour stays 0.
                let mean = (sum[c] + sum[3] / 2).checked_div(sum[3]).unwrap_or(0);
                out[o + c] = mean as u8;
            }
            out[o + 3] = ((sum[3] + 2) / 4) as u8;
        }
    }
    out
}

#[cfg(test)]
#[path = "tiles_tests.rs"]
mod tests;
