//! A tiny MBTiles pack (solid magenta 256 px tiles at zoom 6–11 over Albania) printed under a
//! map page: the PNG shows the tiles' colour inside the frame where no layer is drawn, the
//! layers stay on top, and without the pack the same pixels are the vector sea.

use super::*;
use crate::io::mbtiles::{MbtilesWriter, Metadata};
use crate::render::TileXyz;
use crate::render::pdf::{PageSpec, PdfFonts};
use crate::render::print::map_layers::{PrintLayer, PrintShape};
use crate::render::print::map_page::{MapPage, PageWords, compose};
use crate::render::print::tile_cache::HttpTileCache;
use crate::render::print::{Item, Rgba, scene_png};

const MAGENTA: [u8; 3] = [230, 0, 180];
const ALBANIA: [f64; 4] = [19.2, 39.6, 21.1, 42.7];

/// Writes the pack and returns its path.
fn magenta_pack(dir: &Path) -> PathBuf {
    use image::ImageEncoder;
    let raw: Vec<u8> = (0..256 * 256).flat_map(|_| MAGENTA).collect();
    let mut tile = Vec::new();
    image::codecs::png::PngEncoder::new(&mut tile)
        .write_image(&raw, 256, 256, image::ExtendedColorType::Rgb8)
        .unwrap();
    let out = dir.join("magenta.mbtiles");
    let meta = Metadata {
        name: "magenta".into(),
        description: "test".into(),
        bounds_wgs84: ALBANIA,
        center: [20.0, 41.0, 7.0],
        min_zoom: 6,
        max_zoom: 11,
        attribution: "<a href=\"https://example.org\">&copy; Magenta Tiles</a>".into(),
        version: "1".into(),
    };
    let mut w = MbtilesWriter::create(&out, &meta).unwrap();
    for z in 6..=11 {
        for t in crate::render::tiles_covering(ALBANIA, z) {
            w.put(TileXyz::new(t.z, t.x, t.y), &tile).unwrap();
        }
    }
    w.finish().unwrap();
    out
}

/// The page's pixels at 100 dpi and its map rectangle (points).
fn page(tiles: Option<PrintTiles>, layers: Vec<PrintLayer>) -> (tiny_skia::Pixmap, [f32; 4]) {
    let base = crate::render::BasemapData::default();
    let p = MapPage {
        page: PageSpec::A4_PORTRAIT,
        title: "T".into(),
        subtitle: "S".into(),
        extent_wgs84: [19.9, 41.2, 20.3, 41.6],
        basemap: &base,
        layers,
        filter: None,
        confidential: None,
        data_date: "–".into(),
        printed_on: "24.11.2026".into(),
        sources: vec![],
        words: PageWords::english(),
        table: None,
        tiles,
        elements: Default::default(),
    };
    let scene = compose(&p, &PdfFonts::embedded().unwrap());
    let rect = scene
        .items
        .iter()
        .find_map(|i| match i {
            Item::Clip { x, y, w, h } => Some([*x, *y, *w, *h]),
            _ => None,
        })
        .unwrap();
    (scene_png::render(&scene, 100).unwrap(), rect)
}

fn rgb_at(pm: &tiny_skia::Pixmap, x_pt: f32, y_pt: f32) -> [u8; 3] {
    let k = 100.0 / 72.0;
    let c = pm
        .pixel((x_pt * k) as u32, (y_pt * k) as u32)
        .unwrap()
        .demultiply();
    [c.red(), c.green(), c.blue()]
}

#[test]
fn tiles_print_under_the_layers_and_name_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let tiles = PrintTiles::open(&magenta_pack(dir.path())).unwrap();
    assert_eq!(tiles.chain[0].zoom_range(), Some((6, 11)));
    assert_eq!(tiles.source_line(), "© Magenta Tiles");
    // A green square layer around 20.25 E, 41.3 N.
    let green = Rgba::opaque(20, 160, 40);
    let square = geo::MultiPolygon::new(vec![geo::Polygon::new(
        vec![
            (20.22, 41.27),
            (20.28, 41.27),
            (20.28, 41.33),
            (20.22, 41.33),
        ]
        .into(),
        vec![],
    )]);
    let layer = PrintLayer {
        key: "test",
        shapes: vec![PrintShape::Area {
            area_wgs84: square,
            fill: Some(green),
            stroke: None,
        }],
        ..Default::default()
    };
    let (with, rect) = page(Some(tiles), vec![layer.clone()]);
    let (without, _) = page(None, vec![layer]);
    let centre = (rect[0] + rect[2] * 0.5, rect[1] + rect[3] * 0.4);
    let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(a, b)| a.abs_diff(b) <= 3);
    assert!(near(rgb_at(&with, centre.0, centre.1), MAGENTA));
    let sea = crate::render::palette::SEA;
    let sea = [sea.r, sea.g, sea.b];
    assert!(near(rgb_at(&without, centre.0, centre.1), sea));
    // The layer is drawn over the tiles, the same with or without them.
    let f = crate::render::print::frame::MapFrame::fit(rect, [19.9, 41.2, 20.3, 41.6], 0.04);
    let (gx, gy) = f.to_page(20.25, 41.3);
    assert!(near(rgb_at(&with, gx, gy), [20, 160, 40]));
    assert_eq!(rgb_at(&with, gx, gy), rgb_at(&without, gx, gy));
}

#[test]
fn a_file_that_is_not_a_pack_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.mbtiles");
    std::fs::write(&bad, b"not sqlite").unwrap();
    let e = PrintTiles::open(&bad).unwrap_err().to_string();
    assert!(e.contains("notes.mbtiles"), "{e}");
    let e = PrintTiles::open(&dir.path().join("gone.mbtiles"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("is not an MBTiles tile pack"), "{e}");
}

/// A cache folder holding solid cyan tiles of `zooms` over the page's extent.
fn cyan_cache(dir: &Path, zooms: std::ops::RangeInclusive<u8>) -> PathBuf {
    use image::ImageEncoder;
    let raw: Vec<u8> = (0..256 * 256).flat_map(|_| CYAN).collect();
    let mut tile = Vec::new();
    image::codecs::png::PngEncoder::new(&mut tile)
        .write_image(&raw, 256, 256, image::ExtendedColorType::Rgb8)
        .unwrap();
    let out = dir.join("tiles");
    std::fs::create_dir_all(out.join("index-v5")).unwrap();
    let cache = HttpTileCache::osm(&out).unwrap();
    for z in zooms {
        for t in crate::render::tiles_covering([19.5, 40.9, 20.7, 41.9], z) {
            crate::render::print::tile_cache::tests::put(&cache, t.z, t.x, t.y, &tile);
        }
    }
    out
}

const CYAN: [u8; 3] = [0, 200, 220];

#[test]
fn the_tile_cache_prints_where_it_holds_the_whole_page_else_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(a, b)| a.abs_diff(b) <= 3);
    let at_centre = |tiles: Option<PrintTiles>| {
        let (px, rect) = page(tiles, vec![]);
        rgb_at(&px, rect[0] + rect[2] * 0.5, rect[1] + rect[3] * 0.4)
    };
    // The cache holds the page's zooms: its tiles print, before the pack's.
    let full = cyan_cache(dir.path(), 6..=13);
    let pack = PrintTiles::open(&magenta_pack(dir.path())).unwrap();
    let cache = PrintTiles::open_osm_cache(&full).unwrap();
    assert!(near(
        at_centre(Some(cache.clone().then(pack.clone()))),
        CYAN
    ));
    assert_eq!(
        cache.clone().then(pack.clone()).source_line(),
        "© OpenStreetMap contributors; © Magenta Tiles"
    );
    // A cache of zooms 6–7 only (viewed from far): too coarse for the page, so the pack
    // prints, and with no pack the vector basemap (the sea here).
    let far = tempfile::tempdir().unwrap();
    let coarse = PrintTiles::open_osm_cache(&cyan_cache(far.path(), 6..=7)).unwrap();
    assert!(near(at_centre(Some(coarse.clone().then(pack))), MAGENTA));
    let sea = crate::render::palette::SEA;
    assert!(near(at_centre(Some(coarse)), [sea.r, sea.g, sea.b]));
}
