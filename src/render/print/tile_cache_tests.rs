//! The tile cache read as walkers' HTTP cache writes it (a cacache entry whose postcard value
//! starts with the response body), and the zoom a partial cache can print a page at.

use std::collections::HashSet;

use super::*;
use crate::render::print::frame::MapFrame;
use crate::render::print::tiles::{complete_zoom, zoom_for};

/// LEB128 varint, as postcard writes a length.
fn varint(mut v: usize) -> Vec<u8> {
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

/// Stores `body` for tile z/x/y the way http-cache does (body first, then the rest of the
/// response and the cache policy, here stand-in bytes).
pub(crate) fn put(cache: &HttpTileCache, z: u8, x: u32, y: u32, body: &[u8]) {
    let mut entry = varint(body.len());
    entry.extend_from_slice(body);
    entry.extend_from_slice(b"\x01\x0ccontent-type\x09image/png\xc8\x01");
    cacache::write_sync(cache.dir(), cache.key(z, x, y), entry).unwrap();
}

#[test]
fn the_body_is_the_first_length_prefixed_bytes() {
    assert_eq!(
        response_body(&[3, b'a', b'b', b'c', 9, 9]),
        Some(&b"abc"[..])
    );
    let long: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
    let mut entry = varint(300);
    assert_eq!(entry, [0xac, 0x02]);
    entry.extend_from_slice(&long);
    entry.push(7);
    assert_eq!(response_body(&entry), Some(&long[..]));
    // Too short for the announced length, or a length that never ends: no tile.
    assert_eq!(response_body(&[5, 1, 2]), None);
    assert_eq!(response_body(&[0xff; 12]), None);
    assert_eq!(response_body(&[]), None);
}

#[test]
fn keys_are_the_request_line_of_the_tile_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("index-v5")).unwrap();
    let c = HttpTileCache::osm(dir.path()).unwrap();
    assert_eq!(
        c.key(12, 2270, 1534),
        "GET:https://tile.openstreetmap.org/12/2270/1534.png"
    );
}

#[test]
fn stored_tiles_read_back_and_absent_ones_are_none() {
    let dir = tempfile::tempdir().unwrap();
    // The index folder cacache makes on its first write (walkers' cache after one tile).
    std::fs::create_dir(dir.path().join("index-v5")).unwrap();
    let c = HttpTileCache::osm(dir.path()).unwrap();
    put(&c, 7, 70, 47, b"\x89PNG fake");
    assert!(c.has(7, 70, 47));
    assert_eq!(c.tile(7, 70, 47).as_deref(), Some(&b"\x89PNG fake"[..]));
    assert!(!c.has(7, 71, 47));
    assert_eq!(c.tile(7, 71, 47), None);
    assert_eq!(c.zoom_range(), Some((0, OSM_MAX_ZOOM)));
}

#[test]
fn a_folder_that_is_no_cache_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("tiles");
    let e = HttpTileCache::osm(&gone).unwrap_err().to_string();
    assert!(e.contains("does not exist") && e.contains("tiles"), "{e}");
    let e = HttpTileCache::osm(dir.path()).unwrap_err().to_string();
    assert!(e.contains("not a tile cache"), "{e}");
}

/// Tiles of zoom z meeting the frame.
fn span(f: &MapFrame, z: u8) -> Vec<(u8, u32, u32)> {
    let b = f.merc_box();
    let n = f64::from(1u32 << z);
    let cell = |v: f64| (v.clamp(0.0, 1.0 - 1e-12) * n).floor() as u32;
    let mut out = Vec::new();
    for y in cell(b[1])..=cell(b[3] - 1e-12) {
        for x in cell(b[0])..=cell(b[2] - 1e-12) {
            out.push((z, x, y));
        }
    }
    out
}

#[test]
fn a_partial_cache_prints_at_the_finest_zoom_it_holds_whole() {
    let f = MapFrame::fit([40.0, 80.0, 500.0, 650.0], [19.9, 41.2, 20.3, 41.6], 0.04);
    let ideal = zoom_for(&f, (0, 30));
    let mut held: HashSet<(u8, u32, u32)> = HashSet::new();
    let zoom = |held: &HashSet<(u8, u32, u32)>| {
        complete_zoom(&f, (0, 19), &|z, x, y| held.contains(&(z, x, y)))
    };
    assert_eq!(zoom(&held), None, "an empty cache covers nothing");
    // One zoom coarser, whole: printed there (magnified, still at least 60 dpi).
    held.extend(span(&f, ideal - 1));
    assert_eq!(zoom(&held), Some(ideal - 1));
    // The ideal zoom with one tile missing is not used; whole, it is.
    let mut at_ideal = span(&f, ideal);
    let missing = at_ideal.pop().unwrap();
    held.extend(at_ideal);
    assert_eq!(zoom(&held), Some(ideal - 1));
    held.insert(missing);
    assert_eq!(zoom(&held), Some(ideal));
    // A zoom so coarse that it would print below 60 dpi is never used.
    let coarse: HashSet<_> = span(&f, ideal - 4).into_iter().collect();
    assert_eq!(zoom(&coarse), None);
}
