//! The basemap tile renderer on the embedded Albania data: colours where land and sea are,
//! labels where names are. Set `RISKATLAS_TILE_PNG_DIR` to also write the tiles as PNG files
//! for a person to look at.

use riskatlas::demo;
use riskatlas::model::LayerKind;
use riskatlas::render::mercator::merc_from_wgs84;
use riskatlas::render::{BasemapData, TileRenderer, TileXyz, palette};

fn rgb_at(p: &tiny_skia::Pixmap, x: u32, y: u32) -> [u8; 3] {
    let c = p.pixel(x, y).expect("inside");
    [c.red(), c.green(), c.blue()]
}

fn rgb(c: palette::Colour) -> [u8; 3] {
    [c.r, c.g, c.b]
}

/// The pixel of a WGS84 position inside tile `t` at `scale`.
fn pixel_of(t: TileXyz, lon: f64, lat: f64, scale: u32) -> (u32, u32) {
    let m = merc_from_wgs84(lon, lat);
    let n = t.n();
    let size = 256.0 * scale as f64;
    let x = (m[0] * n - t.x as f64) * size;
    let y = (m[1] * n - t.y as f64) * size;
    assert!(
        (0.0..size).contains(&x) && (0.0..size).contains(&y),
        "not in the tile"
    );
    (x as u32, y as u32)
}

fn save(name: &str, pixmap: &tiny_skia::Pixmap) {
    if let Ok(dir) = std::env::var("RISKATLAS_TILE_PNG_DIR") {
        let path = std::path::Path::new(&dir).join(name);
        pixmap.save_png(&path).expect("write png");
    }
}

fn without_settlements() -> TileRenderer {
    let layers = demo::base_layers().expect("base layers");
    let find = |kind| layers.iter().find(|l| l.kind == kind);
    let data = BasemapData::new(
        find(LayerKind::Coastline),
        find(LayerKind::Municipalities),
        find(LayerKind::Qarqe),
        Vec::new(),
    );
    TileRenderer::new(data).expect("renderer")
}

#[test]
fn land_is_land_colour_and_the_adriatic_is_sea_colour_at_zoom_8() {
    let r = without_settlements();
    // Tirana, and a point of the Adriatic west of Durrës in the z8 tile west of Tirana's.
    let tile = TileXyz::at_wgs84(8, 19.8187, 41.3275);
    let p = r.render(tile, 1).expect("render");
    assert_eq!((p.width(), p.height()), (256, 256));
    let (x, y) = pixel_of(tile, 19.8187, 41.3275, 1);
    assert_eq!(rgb_at(&p, x, y), rgb(palette::LAND), "Tirana");
    let west = TileXyz::at_wgs84(8, 19.2, 41.3);
    assert_eq!((west.x + 1, west.y), (tile.x, tile.y));
    let w = r.render(west, 1).expect("render");
    let (x, y) = pixel_of(west, 19.2, 41.3, 1);
    assert_eq!(rgb_at(&w, x, y), rgb(palette::SEA), "Adriatic");
    // Boundaries are drawn: some pixels are neither land nor sea.
    let other = p
        .pixels()
        .iter()
        .filter(|c| {
            let c = [c.red(), c.green(), c.blue()];
            c != rgb(palette::LAND) && c != rgb(palette::SEA)
        })
        .count();
    assert!(other > 500, "{other} boundary pixels");
    save("z8-no-labels.png", &p);

    // At 2x the same places keep their colours.
    let p2 = r.render(tile, 2).expect("render @2x");
    assert_eq!(p2.width(), 512);
    let (x, y) = pixel_of(tile, 19.8187, 41.3275, 2);
    assert_eq!(rgb_at(&p2, x, y), rgb(palette::LAND));
}

#[test]
fn names_change_pixels_and_are_laid_out_once_per_zoom() {
    let plain = without_settlements();
    let named = TileRenderer::new(demo::basemap_data().expect("demo basemap")).expect("renderer");
    let tile = TileXyz::at_wgs84(10, 19.8187, 41.3275);
    let a = plain.render(tile, 1).expect("render");
    let b = named.render(tile, 1).expect("render");
    let changed = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(x, y)| x != y)
        .count();
    assert!(changed > 300, "only {changed} pixels differ with names");
    // Tirana's own name is kept at zoom 10, and nothing overlaps.
    let labels = named.labels(10);
    assert!(
        labels
            .iter()
            .any(|l| l.text == "Tirana" || l.text == "Tiranë")
    );
    for (i, l) in labels.iter().enumerate() {
        for m in &labels[i + 1..] {
            let o = l.bbox[0] < m.bbox[2]
                && m.bbox[0] < l.bbox[2]
                && l.bbox[1] < m.bbox[3]
                && m.bbox[1] < l.bbox[3];
            assert!(!o, "{} overlaps {}", l.text, m.text);
        }
    }
    save("z10-tirana.png", &b);
}

#[test]
fn look_at_tiles_when_asked() {
    // Writes a few tiles for eyes (no-op without RISKATLAS_TILE_PNG_DIR).
    let Ok(_) = std::env::var("RISKATLAS_TILE_PNG_DIR") else {
        return;
    };
    let named = TileRenderer::new(demo::basemap_data().expect("demo basemap")).expect("renderer");
    let cases = [
        ("z7", TileXyz::at_wgs84(7, 20.0, 41.0), 1),
        ("z9-tirana", TileXyz::at_wgs84(9, 19.8187, 41.3275), 1),
        ("z12-bulqize", TileXyz::at_wgs84(12, 20.2436, 41.4956), 1),
        ("z13-bulqize", TileXyz::at_wgs84(13, 20.2436, 41.4956), 1),
        ("z11-durres@2x", TileXyz::at_wgs84(11, 19.45, 41.32), 2),
    ];
    for (name, tile, scale) in cases {
        let p = named.render(tile, scale).expect("render");
        save(&format!("{name}-{}-{}-{}.png", tile.z, tile.x, tile.y), &p);
    }
}
