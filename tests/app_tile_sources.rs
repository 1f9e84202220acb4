//! The basemap switcher's rules (`app::tile_sources`): where packs are found, what is chosen
//! on first start online and offline, fallbacks, and a `.pmtiles` pack read through walkers.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};

use riskatlas::app::tile_sources::{Basemap, BasemapChoice, OSM_ATTRIBUTION, discover_packs};
use riskatlas::app::{AppConfig, Settings};
fn config(offline: bool, dirs: Vec<PathBuf>) -> AppConfig {
    AppConfig {
        offline,
        pack_dirs: dirs,
        ..AppConfig::for_test()
    }
}

#[test]
fn packs_are_found_once_with_either_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let maps = dir.path().join("maps");
    std::fs::create_dir_all(&maps).expect("mkdir");
    for name in ["b.mbtiles", "a.PMTILES", "notes.txt"] {
        std::fs::write(maps.join(name), "x").expect("write");
    }
    std::fs::create_dir_all(maps.join("sub.mbtiles")).expect("a folder named like a pack");
    let found = discover_packs(&[maps.clone(), maps.clone(), dir.path().join("none")]);
    let names: Vec<_> = found.iter().filter_map(|p| p.file_name()).collect();
    assert_eq!(names, ["a.PMTILES", "b.mbtiles"]);
}

#[test]
fn first_start_picks_osm_online_and_a_pack_offline() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("albania.mbtiles"), "x").expect("write");
    let ctx = egui::Context::default();
    let auto = Settings::default();
    // Offline with a pack: the pack (the reader thread then reports it broken: not our concern here).
    let b = Basemap::new(&config(true, vec![dir.path().into()]), &auto, &ctx);
    assert_eq!(b.active, BasemapChoice::OfflinePack);
    assert_eq!(
        b.pack.as_deref(),
        Some(dir.path().join("albania.mbtiles").as_path())
    );
    // Offline without a pack: vector only, no tiles.
    let mut b = Basemap::new(&config(true, vec![]), &auto, &ctx);
    assert_eq!(b.active, BasemapChoice::VectorOnly);
    assert!(b.tiles().is_none());
    assert_eq!(b.attribution().0, OSM_ATTRIBUTION);
    // A choice the machine cannot honour falls back; vector only is always honoured.
    let osm = Settings {
        basemap: Some(BasemapChoice::Osm),
        ..Settings::default()
    };
    assert_eq!(b.resolve(&osm).0, BasemapChoice::VectorOnly);
    let vector = Settings {
        basemap: Some(BasemapChoice::VectorOnly),
        ..Settings::default()
    };
    // Online (nothing is downloaded until a tile is asked for): OpenStreetMap.
    let online = Basemap::new(&config(false, vec![]), &auto, &ctx);
    assert_eq!(online.active, BasemapChoice::Osm);
    assert_eq!(online.resolve(&auto).0, BasemapChoice::Osm);
    assert_eq!(online.resolve(&vector).0, BasemapChoice::VectorOnly);
}

/// A PMTiles v3 file holding one uncompressed PNG tile, z0 (header, root directory, data).
fn one_tile_pmtiles(path: &Path, png: &[u8]) {
    let dir = [1u8, 0, 1]
        .into_iter()
        .chain(varint(png.len() as u64))
        .chain([1u8])
        .collect::<Vec<u8>>();
    let mut h: Vec<u8> = b"PMTiles".to_vec();
    h.push(3);
    let data_at = 127 + dir.len() as u64;
    for v in [
        127,
        dir.len() as u64,
        data_at,
        0,
        data_at,
        0,
        data_at,
        png.len() as u64,
        1,
        1,
        1,
    ] {
        h.extend(v.to_le_bytes());
    }
    h.extend([0u8, 1, 1, 2, 0, 0]); // not clustered, no compression, PNG, zooms 0..0
    for deg in [-180.0f64, -85.0, 180.0, 85.0] {
        h.extend(((deg * 1e7) as i32).to_le_bytes());
    }
    h.push(0);
    h.extend(0i32.to_le_bytes());
    h.extend(0i32.to_le_bytes());
    assert_eq!(h.len(), 127);
    std::fs::write(path, [h, dir, png.to_vec()].concat()).expect("write pmtiles");
}

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

#[test]
fn a_pmtiles_pack_is_read_through_walkers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.pmtiles");
    let mut p = tiny_skia::Pixmap::new(256, 256).expect("pixmap");
    p.fill(tiny_skia::Color::from_rgba8(200, 10, 10, 255));
    one_tile_pmtiles(&path, &p.encode_png().expect("png"));
    let settings = Settings {
        basemap: Some(BasemapChoice::OfflinePack),
        offline_pack: Some(path.clone()),
        ..Settings::default()
    };
    let ctx = egui::Context::default();
    let mut b = Basemap::new(&config(true, vec![]), &settings, &ctx);
    assert_eq!(b.active, BasemapChoice::OfflinePack);
    assert!(b.attribution().0.contains("world.pmtiles"));
    let tiles = b.tiles().expect("a tile source");
    let start = std::time::Instant::now();
    let piece = loop {
        if let Some(piece) = tiles.at(walkers::TileId {
            x: 0,
            y: 0,
            zoom: 0,
        }) {
            break Some(piece);
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let walkers::Tile::Raster(texture) = piece.expect("the z0 tile arrives").tile;
    assert_eq!(texture.size(), [256, 256]);
}
