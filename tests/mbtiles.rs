//! MBTiles packs (`io::mbtiles`): round trip with TMS rows and shared images, metadata,
//! all-or-nothing writing, and refusal of files that are not packs.

use riskatlas::io::mbtiles::{MbtilesError, MbtilesReader, MbtilesWriter, Metadata, tms_row};
use riskatlas::render::TileXyz;
use rusqlite::Connection;
fn meta() -> Metadata {
    Metadata {
        name: "test".into(),
        description: "d".into(),
        bounds_wgs84: [19.25, 39.6, 21.1, 42.7],
        center: [20.0, 41.0, 8.0],
        min_zoom: 1,
        max_zoom: 3,
        attribution: "© OpenStreetMap contributors".into(),
        version: "1".into(),
    }
}

#[test]
fn tms_rows_are_flipped() {
    assert_eq!(tms_row(0, 0), 0);
    assert_eq!(tms_row(1, 0), 1);
    assert_eq!(tms_row(3, 2), 5);
    assert_eq!(tms_row(3, tms_row(3, 2)), 2);
}

#[test]
fn round_trip_with_flipped_rows_and_shared_images() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("p.mbtiles");
    let mut w = MbtilesWriter::create(&out, &meta()).expect("create");
    assert!(!out.exists(), "nothing at the final name before finish");
    w.put(TileXyz::new(3, 4, 2), b"north").expect("put");
    w.put(TileXyz::new(3, 5, 2), b"same").expect("put");
    w.put(TileXyz::new(3, 6, 2), b"same").expect("put");
    w.put(TileXyz::new(1, 0, 1), b"z1").expect("put");
    assert!(
        w.put(TileXyz::new(2, 4, 0), b"x").is_err(),
        "x outside the grid"
    );
    let s = w.finish().expect("finish");
    assert_eq!((s.tiles, s.unique_images), (4, 3));
    assert!(s.file_bytes > 0);
    assert!(!dir.path().join("p.mbtiles.partial").exists());

    let r = MbtilesReader::open(&out).expect("open");
    assert_eq!(
        r.tile(TileXyz::new(3, 4, 2)).expect("read").as_deref(),
        Some(&b"north"[..])
    );
    assert_eq!(
        r.tile(TileXyz::new(3, 6, 2)).expect("read").as_deref(),
        Some(&b"same"[..])
    );
    assert_eq!(
        r.tile(TileXyz::new(3, 4, 5)).expect("read"),
        None,
        "y is flipped"
    );
    assert_eq!(r.zoom_range().expect("zooms"), Some((1, 3)));
    let m = r.metadata().expect("metadata");
    assert_eq!(m["format"], "png");
    assert_eq!(m["type"], "baselayer");
    assert_eq!(m["bounds"], "19.250000,39.600000,21.100000,42.700000");
    // The raw TMS row as stored.
    let conn = Connection::open(&out).expect("sqlite");
    let row: i64 = conn
        .query_row(
            "SELECT tile_row FROM tiles WHERE zoom_level = 3 AND tile_column = 4",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(row, 5);
}

#[test]
fn an_unfinished_pack_leaves_nothing_and_bad_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("p.mbtiles");
    {
        let mut w = MbtilesWriter::create(&out, &meta()).expect("create");
        w.put(TileXyz::new(0, 0, 0), b"a").expect("put");
    }
    assert!(!out.exists());
    assert!(!dir.path().join("p.mbtiles.partial").exists());
    assert!(matches!(
        MbtilesReader::open(&out),
        Err(MbtilesError::NotMbtiles { .. })
    ));
    let text = dir.path().join("t.mbtiles");
    std::fs::write(&text, "not sqlite").expect("write");
    assert!(MbtilesReader::open(&text).is_err());
}
