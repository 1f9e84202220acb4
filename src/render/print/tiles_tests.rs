//! Tests of the tile mosaic with an in-memory tile source.

use super::*;

/// Solid tiles of `px` pixels at zooms `range`, red in even columns and blue in odd ones;
/// tiles for which `missing` is true are absent.
struct Solid {
    range: (u8, u8),
    px: u32,
    missing: fn(u32, u32) -> bool,
    fetched: std::cell::Cell<usize>,
}

const RED: [u8; 4] = [200, 30, 30, 255];
const BLUE: [u8; 4] = [30, 30, 200, 255];

fn png(px: u32, c: [u8; 4]) -> Vec<u8> {
    use image::ImageEncoder;
    let raw: Vec<u8> = (0..px * px).flat_map(|_| c).collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&raw, px, px, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

impl TileSource for Solid {
    fn tile(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
        if z < self.range.0 || z > self.range.1 || (self.missing)(x, y) {
            return None;
        }
        self.fetched.set(self.fetched.get() + 1);
        Some(png(self.px, if x.is_multiple_of(2) { RED } else { BLUE }))
    }

    fn zoom_range(&self) -> Option<(u8, u8)> {
        Some(self.range)
    }
}

fn solid(range: (u8, u8), px: u32) -> Solid {
    Solid {
        range,
        px,
        missing: |_, _| false,
        fetched: Default::default(),
    }
}

/// Bulqizë on a landscape A4 map frame.
fn frame() -> MapFrame {
    MapFrame::fit(
        [28.0, 68.0, 560.0, 440.0],
        [20.15, 41.35, 20.45, 41.65],
        0.04,
    )
}

fn pixel(m: &Mosaic, x: u32, y: u32) -> [u8; 4] {
    let i = (y * m.image.width + x) as usize * 4;
    m.image.rgba[i..i + 4].try_into().unwrap()
}

#[test]
fn the_zoom_gives_print_resolution_within_the_pack() {
    let f = frame();
    let z = zoom_for(&f, (0, 19));
    let dpi = 72.0 * 256.0 * f64::from(1u32 << z) / points_per_merc(&f);
    assert!((124.0..=248.0).contains(&dpi), "z {z}: {dpi} dpi");
    // A pack that stops short is used at its top zoom; one that starts above, at its lowest.
    assert_eq!(zoom_for(&f, (0, z - 2)), z - 2);
    assert_eq!(zoom_for(&f, (z + 1, 18)), z + 1);
}

#[test]
fn the_mosaic_covers_the_frame_with_the_tiles_pixels() {
    let f = frame();
    let src = solid((6, 16), 256);
    let m = mosaic(&f, &src).unwrap();
    let [x, y, w, h] = f.rect;
    let [mx, my, mw, mh] = m.rect;
    // Out to whole pixels: at most one pixel (< 0.6 pt at 124 dpi) beyond the frame.
    assert!(
        mx <= x && my <= y && mx > x - 0.6 && my > y - 0.6,
        "{:?}",
        m.rect
    );
    assert!(mx + mw >= x + w && my + mh >= y + h, "{:?}", m.rect);
    assert!((124.0..=248.0).contains(&m.dpi), "{}", m.dpi);
    let expect_w = f64::from(mw) / 72.0 * m.dpi;
    assert!((expect_w - f64::from(m.image.width)).abs() < 1.0);
    assert_eq!(src.fetched.get(), m.tiles);
    assert!(m.tiles >= 4, "{}", m.tiles);
    // Every pixel is a tile's colour: red or blue by the tile's column.
    let n = f64::from(1u32 << m.zoom);
    let b = f.merc_box();
    let first_col = (b[0] * n).floor() as u32;
    let left = pixel(&m, 0, m.image.height / 2);
    assert_eq!(
        left,
        if first_col.is_multiple_of(2) {
            RED
        } else {
            BLUE
        }
    );
    assert!(m.image.is_opaque());
}

#[test]
fn missing_tiles_stay_transparent_and_no_tiles_give_no_mosaic() {
    let f = frame();
    let mut src = solid((6, 16), 256);
    // Only even columns exist.
    src.missing = |x, _| x % 2 == 1;
    let m = mosaic(&f, &src).unwrap();
    let row = m.image.height / 2;
    let alphas: Vec<u8> = (0..m.image.width).map(|x| pixel(&m, x, row)[3]).collect();
    assert!(alphas.contains(&0) && alphas.contains(&255));
    assert!(
        (0..m.image.width)
            .map(|x| pixel(&m, x, row))
            .all(|p| p == RED || p[3] == 0)
    );
    src.missing = |_, _| true;
    assert_eq!(mosaic(&f, &src), None);
}

#[test]
fn a_pack_far_too_coarse_for_the_page_gives_no_mosaic() {
    let f = frame();
    let z = zoom_for(&f, (0, 19));
    let full = 72.0 * 256.0 * f64::from(1u32 << z) / points_per_merc(&f);
    // One zoom short is drawn (62–124 dpi), three short (15–31 dpi) is not.
    for short in 1..=3u8 {
        let dpi = full / f64::from(1u32 << short);
        let m = mosaic(&f, &solid((0, z - short), 256));
        assert_eq!(m.is_some(), dpi >= MIN_DPI, "{short} short: {dpi} dpi");
        if let Some(m) = m {
            assert!((m.dpi - dpi).abs() < 1e-6, "{} vs {dpi}", m.dpi);
        }
    }
}

#[test]
fn large_tiles_are_halved_to_at_most_300_dpi() {
    let f = frame();
    // 512 px tiles at a zoom forced well above the ideal one.
    let z = zoom_for(&f, (0, 19)) + 1;
    let src = solid((z, z), 512);
    let m = mosaic(&f, &src).unwrap();
    assert_eq!(m.zoom, z);
    assert!(m.dpi <= MAX_DPI && m.dpi > MAX_DPI / 2.0, "{}", m.dpi);
    assert!(m.image.width <= MAX_SIDE_PX && m.image.height <= MAX_SIDE_PX);
    // Still covering the frame.
    assert!(m.rect[0] + m.rect[2] >= f.rect[0] + f.rect[2] - 1.0);
}

#[test]
fn halving_averages_by_alpha_and_drops_odd_edges() {
    // 3 × 2: an opaque red and a transparent pixel average to red at half alpha.
    let mut rgba = vec![0u8; 3 * 2 * 4];
    for i in [0usize, 3] {
        rgba[i * 4..i * 4 + 4].copy_from_slice(&RED);
    }
    let out = halve(&rgba, 3, 2);
    assert_eq!(out, vec![200, 30, 30, 128]);
}
