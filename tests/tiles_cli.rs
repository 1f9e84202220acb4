//! `riskatlas tiles build`, run as a user would: a small pack of zooms 6..8 that GDAL reads.

use std::path::Path;
use std::process::{Command, Output};

use riskatlas::io::mbtiles::MbtilesReader;
use riskatlas::render::TileXyz;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskatlas"))
        .env("RISKATLAS_OFFLINE", "1")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn build(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "tiles",
        "build",
        "--out",
        out.to_str().expect("utf-8 path"),
        "--min-zoom",
        "6",
        "--max-zoom",
        "8",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn builds_a_pack_of_zooms_6_to_8_that_gdal_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("maps").join("albania-basemap.mbtiles");
    let o = build(&out, &["--json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("tiles "),
        "a progress line on stderr: {stderr}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("one JSON object on stdout");
    assert_eq!(v["ok"], true);
    // Albania's box: 2 tiles at z6, 4 at z7, 12 at z8 (see render::mercator tests).
    let tiles = v["tiles"].as_u64().expect("tiles");
    assert!((16..=30).contains(&tiles), "{tiles} tiles");
    assert_eq!(v["zooms"], serde_json::json!([6, 7, 8]));
    assert!(v["bytes"].as_u64().expect("bytes") > 10_000);
    assert!(v["seconds"].as_f64().is_some());
    assert!(v["unique_images"].as_u64().expect("unique") <= tiles);

    let pack = MbtilesReader::open(&out).expect("a pack");
    assert_eq!(pack.zoom_range().expect("zooms"), Some((6, 8)));
    let meta = pack.metadata().expect("metadata");
    assert!(meta["attribution"].contains("OpenStreetMap"));
    assert_eq!(meta["minzoom"], "6");
    let tirana = pack
        .tile(TileXyz::at_wgs84(8, 19.8187, 41.3275))
        .expect("read")
        .expect("Tirana's z8 tile is in the pack");
    assert_eq!(&tirana[1..4], b"PNG");
    assert!(
        pack.tile(TileXyz::at_wgs84(8, 12.5, 41.9))
            .expect("read")
            .is_none(),
        "Rome is not"
    );

    // An existing pack is kept unless --force.
    let again = build(&out, &[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(build(&out, &["--force"]).status.success());

    match Command::new("gdalinfo").arg(&out).output() {
        Err(_) => println!("note: gdalinfo is not installed; skipped reading the pack with GDAL"),
        Ok(g) => {
            let text = String::from_utf8_lossy(&g.stdout);
            assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
            assert!(text.contains("Driver: MBTiles/MBTiles"), "{text}");
            // Zoom 8 pixels across the land's box (about 2° of longitude: ~360 px).
            let size = text
                .lines()
                .find_map(|l| l.strip_prefix("Size is "))
                .expect("a size line");
            let w: u32 = size
                .split(',')
                .next()
                .and_then(|s| s.trim().parse().ok())
                .expect("width");
            assert!((300..=420).contains(&w), "{size}");
            assert!(text.contains("ZOOM_LEVEL=8"), "{text}");
        }
    }
}

#[test]
fn a_project_s_own_base_layers_can_be_drawn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.gpkg");
    assert!(
        run(&["new", project.to_str().expect("utf-8")])
            .status
            .success()
    );
    let out = dir.path().join("p.mbtiles");
    let o = run(&[
        "tiles",
        "build",
        "--out",
        out.to_str().expect("utf-8"),
        "--min-zoom",
        "7",
        "--max-zoom",
        "7",
        "--project",
        project.to_str().expect("utf-8"),
        "--scale",
        "2",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pack = MbtilesReader::open(&out).expect("a pack");
    let png = pack
        .tile(TileXyz::at_wgs84(7, 19.8187, 41.3275))
        .expect("read")
        .expect("a tile");
    let decoded = tiny_skia::Pixmap::decode_png(&png).expect("PNG");
    assert_eq!((decoded.width(), decoded.height()), (512, 512), "--scale 2");
}

#[test]
fn bad_zoom_ranges_and_missing_projects_fail_with_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("p.mbtiles");
    let o = run(&[
        "tiles",
        "build",
        "--out",
        out.to_str().expect("utf-8"),
        "--min-zoom",
        "9",
        "--max-zoom",
        "7",
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("zoom"), "{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(!out.exists());
    let o = build(
        &out,
        &[
            "--project",
            dir.path().join("none.gpkg").to_str().expect("utf-8"),
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
}
