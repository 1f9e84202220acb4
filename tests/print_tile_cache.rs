//! The tile cache the app fills while a user looks at OpenStreetMap is read back for printing:
//! walkers itself (the app's `HttpTiles`, with the app's cache options) downloads tiles from a
//! local server into a cache folder, and `render::print::tile_cache` finds every one of them,
//! byte for byte. This pins the format the printer relies on (http-cache's postcard entry in
//! cacache, keyed by "GET:" + URL) to the walkers version the app is built with.
#![cfg(feature = "app")]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use riskatlas::render::print::tile_cache::HttpTileCache;
use riskatlas::render::print::tiles::TileSource as _;
use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, TileId, Tiles};

/// A 256 px tile whose colour names its position, so a mix-up would show.
fn tile_png(x: u32, y: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let rgb = [(x % 251) as u8, (y % 251) as u8, 90];
    let raw: Vec<u8> = (0..256 * 256).flat_map(|_| rgb).collect();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&raw, 256, 256, image::ExtendedColorType::Rgb8)
        .unwrap();
    png
}

/// Serves `/{z}/{x}/{y}.png` on a local port with a week's `Cache-Control`, as OSM does.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut req = [0u8; 2048];
            let n = s.read(&mut req).unwrap_or(0);
            let line = String::from_utf8_lossy(&req[..n]);
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let parts: Vec<u32> = path
                .trim_end_matches(".png")
                .split('/')
                .filter_map(|p| p.parse().ok())
                .collect();
            let body = tile_png(parts[1], parts[2]);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nCache-Control: public, max-age=604800\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    port
}

struct Local(u16);

impl TileSource for Local {
    fn tile_url(&self, t: TileId) -> String {
        format!("http://127.0.0.1:{}/{}/{}/{}.png", self.0, t.zoom, t.x, t.y)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "local",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }
}

#[test]
fn tiles_walkers_cached_on_screen_are_read_back_for_printing() {
    let port = serve();
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("Përdorues").join("tiles");
    let options = HttpOptions {
        cache: Some(cache_dir.clone()),
        ..Default::default()
    };
    let mut tiles = HttpTiles::with_options(Local(port), options, egui::Context::default());
    // A 3 × 2 block of zoom-10 tiles over Tirana, as a map view would ask for them.
    let ids: Vec<TileId> = (566..569)
        .flat_map(|x| (380..382).map(move |y| TileId { x, y, zoom: 10 }))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut shown = 0;
    while shown < ids.len() {
        assert!(Instant::now() < deadline, "walkers did not load the tiles");
        shown = ids.iter().filter(|&&id| tiles.at(id).is_some()).count();
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(tiles);

    let url = format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png");
    let cache = HttpTileCache::open(&cache_dir, &url, 19).expect("a cache folder");
    for id in &ids {
        assert!(cache.has(10, id.x, id.y), "{id:?} is in the cache");
        let png = cache.tile(10, id.x, id.y).expect("its image");
        assert_eq!(png, tile_png(id.x, id.y), "{id:?} reads back byte for byte");
    }
    assert!(!cache.has(10, 570, 380), "a tile never shown is not there");
    assert_eq!(cache.tile(11, 1132, 760), None);
}
