//! The app's MBTiles source (`app::mbtiles_source`) on a real pack: tiles arrive from the
//! reader thread through `Tiles::at` (polled as walkers polls it each frame), deeper zooms
//! magnify the top zoom, missing tiles are `None`, and a broken pack fails without a panic.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Context, Rect, pos2};
use riskatlas::app::mbtiles_source::{MbTilesSource, OVERZOOM, PackState, strip_tags};
use riskatlas::io::mbtiles::{MbtilesWriter, Metadata};
use riskatlas::render::TileXyz;
use walkers::{Tile, TileId, TilePiece, Tiles};

fn pack(dir: &Path) -> PathBuf {
    let out = dir.join("t.mbtiles");
    let meta = Metadata {
        name: "t".into(),
        description: String::new(),
        bounds_wgs84: [19.0, 39.0, 21.0, 43.0],
        center: [20.0, 41.0, 8.0],
        min_zoom: 7,
        max_zoom: 8,
        attribution: "<a href=\"https://osm.org/copyright\">&copy; OpenStreetMap</a>".into(),
        version: "1".into(),
    };
    let mut w = MbtilesWriter::create(&out, &meta).expect("create");
    let mut p = tiny_skia::Pixmap::new(256, 256).expect("pixmap");
    p.fill(tiny_skia::Color::from_rgba8(10, 200, 30, 255));
    let png = p.encode_png().expect("png");
    let tirana = TileXyz::at_wgs84(8, 19.8187, 41.3275);
    w.put(tirana, &png).expect("put");
    w.put(TileXyz::at_wgs84(7, 19.8187, 41.3275), &png)
        .expect("put");
    w.finish().expect("finish");
    out
}

/// Calls `at` (as walkers does each frame) until it gives a tile or time runs out.
fn poll(source: &mut MbTilesSource, id: TileId) -> Option<TilePiece> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Some(piece) = source.at(id) {
            return Some(piece);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn the_pack_yields_its_tile_for_tirana_and_nothing_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = pack(dir.path());
    let mut source = MbTilesSource::open(&path, Context::default());
    let t = TileXyz::at_wgs84(8, 19.8187, 41.3275);
    let id = TileId {
        x: t.x,
        y: t.y,
        zoom: 8,
    };
    let piece = poll(&mut source, id).expect("Tirana's tile arrives");
    let Tile::Raster(texture) = &piece.tile;
    assert_eq!(texture.size(), [256, 256]);
    assert_eq!(piece.uv, Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)));
    assert!(source.cached_bytes() >= 256 * 256 * 4);
    assert_eq!(
        source.state(),
        &PackState::Ready {
            attribution: "© OpenStreetMap".into(),
            zooms: Some((7, 8))
        }
    );
    // Zoom 10 magnifies the zoom-8 tile: a quarter of a quarter of it.
    let deeper = TileId {
        x: t.x * 4 + 1,
        y: t.y * 4 + 2,
        zoom: 10,
    };
    let piece = poll(&mut source, deeper).expect("overzoom");
    assert!((piece.uv.width() - 0.25).abs() < 1e-6);
    assert_eq!(piece.uv.min, pos2(0.25, 0.5));
    // Beyond the overzoom, below the lowest zoom and where the pack has no tile: nothing.
    let far = TileId {
        x: t.x << 4,
        y: t.y << 4,
        zoom: 8 + OVERZOOM + 1,
    };
    assert!(source.at(far).is_none());
    assert!(
        source
            .at(TileId {
                x: 35,
                y: 23,
                zoom: 6
            })
            .is_none()
    );
    let sea = TileId {
        x: t.x - 3,
        y: t.y,
        zoom: 8,
    };
    std::thread::sleep(Duration::from_millis(200));
    assert!(poll_briefly(&mut source, sea).is_none());
}

fn poll_briefly(source: &mut MbTilesSource, id: TileId) -> Option<TilePiece> {
    (0..20).find_map(|_| {
        std::thread::sleep(Duration::from_millis(10));
        source.at(id)
    })
}

#[test]
fn a_missing_or_broken_pack_fails_without_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut source = MbTilesSource::open(&dir.path().join("none.mbtiles"), Context::default());
    let start = Instant::now();
    while *source.state() == PackState::Opening && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(matches!(source.state(), PackState::Failed(_)));
    assert!(
        source
            .at(TileId {
                x: 0,
                y: 0,
                zoom: 0
            })
            .is_none()
    );
}

#[test]
fn html_attributions_become_text() {
    assert_eq!(
        strip_tags("<a href='x'>&copy; OSM</a> &amp; me"),
        "© OSM & me"
    );
    assert_eq!(strip_tags("plain"), "plain");
}
