//! The `.osm.pbf` reader on a committed fixture (tests/fixtures/roads/tiny.osm.pbf, made from
//! the hand-written tiny.osm by make_tiny_pbf.py): ways kept per profile, one-way rules,
//! access filters, a known route; and damaged files (truncated at every length, flipped
//! bytes, not a PBF at all) giving errors, never panics.

use std::path::{Path, PathBuf};

use geo::{Coord, Point, Rect};
use riskatlas::analysis::roads::{Profile, RoadClass, RoadGraph};
use riskatlas::io::osm_pbf::{
    OSM_ATTRIBUTION, OsmPbfError, OsmPbfOptions, load_osm_pbf, read_osm_pbf,
};
use riskatlas::progress::{NoProgress, SharedProgress};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roads/tiny.osm.pbf")
}

/// Node positions of tiny.osm.
fn node(id: u32) -> [f64; 2] {
    match id {
        1 => [19.8000, 41.3300],
        2 => [19.8050, 41.3300],
        3 => [19.8100, 41.3300],
        4 => [19.8100, 41.3350],
        5 => [19.8000, 41.3350],
        6 => [19.8050, 41.3250],
        7 => [19.8100, 41.3250],
        10 => [19.8300, 41.3300],
        11 => [19.8350, 41.3300],
        _ => unreachable!(),
    }
}

fn pt(id: u32) -> Point<f64> {
    Point::new(node(id)[0], node(id)[1])
}

fn haversine(ids: &[u32]) -> f64 {
    let r = 6_371_008.8_f64;
    ids.windows(2)
        .map(|w| {
            let (a, b) = (node(w[0]), node(w[1]));
            let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
            let h = ((la2 - la1) / 2.0).sin().powi(2)
                + la1.cos() * la2.cos() * ((b[0] - a[0]).to_radians() / 2.0).sin().powi(2);
            2.0 * r * h.sqrt().asin()
        })
        .sum()
}

fn opts(profiles: &[Profile]) -> OsmPbfOptions {
    OsmPbfOptions {
        profiles: profiles.to_vec(),
        bbox_wgs84: None,
    }
}

#[test]
fn ways_kept_per_profile() {
    let (lines, stats) = read_osm_pbf(&fixture(), &OsmPbfOptions::default(), &NoProgress).unwrap();
    assert_eq!(
        (stats.ways, stats.road_ways, stats.unusable_ways),
        (10, 7, 2)
    );
    assert_eq!((stats.missing_nodes, stats.outside_bbox), (0, 0));
    assert!(stats.writing_program.is_some());
    assert_eq!(lines.len(), 7);
    let (_, car) = read_osm_pbf(&fixture(), &opts(&[Profile::Driving]), &NoProgress).unwrap();
    assert_eq!((car.road_ways, car.unusable_ways), (5, 4));
    let (_, foot) = read_osm_pbf(&fixture(), &opts(&[Profile::Walking]), &NoProgress).unwrap();
    assert_eq!((foot.road_ways, foot.unusable_ways), (6, 3));
    // Way 108 is oneway=-1: its line is turned round (11 -> 10); 30 mph.
    let rev = lines
        .iter()
        .find(|l| l.geometry_wgs84.0.len() == 2 && l.geometry_wgs84.0[0].x > 19.83)
        .unwrap();
    assert_eq!(rev.geometry_wgs84.0[1], Coord { x: 19.83, y: 41.33 });
    assert!(rev.attrs.oneway);
    assert!((rev.attrs.maxspeed_kmh.unwrap() - 48.28032).abs() < 1e-9);
    let motorway = lines
        .iter()
        .find(|l| l.attrs.class == RoadClass::Motorway)
        .unwrap();
    assert!(motorway.attrs.oneway);
    let roundabout = lines
        .iter()
        .find(|l| l.attrs.class == RoadClass::Tertiary)
        .unwrap();
    assert!(roundabout.attrs.oneway);
    assert_eq!(OSM_ATTRIBUTION, "© OpenStreetMap contributors, ODbL");
}

#[test]
fn graph_and_known_routes() {
    let (g, _) = load_osm_pbf(&fixture(), &OsmPbfOptions::default(), &NoProgress).unwrap();
    let cancelled = SharedProgress::default();
    cancelled.cancel();
    assert!(g.prepare(Profile::Driving, &cancelled).is_err());
    assert!(!g.is_prepared(Profile::Driving));
    g.prepare_all(&NoProgress).unwrap();
    assert!(g.is_prepared(Profile::Walking) && g.is_prepared(Profile::Driving));
    // Nodes 1 2 3 4 5 6 7 9 10 11 (8, 12, 13 are inner vertices); the private road is out.
    assert_eq!(
        (g.node_count(), g.edge_count(), g.component_count()),
        (10, 10, 2)
    );
    assert_eq!(g.largest_component_nodes(), 8);
    // Cars going west from 3 to 1 must take the residential loop (way 100 is one-way east).
    let car = g.path(pt(3), pt(1), Profile::Driving).unwrap().unwrap();
    assert!(
        (car.dist_m - haversine(&[3, 4, 5, 1])).abs() < 0.01,
        "{}",
        car.dist_m
    );
    let walk = g.path(pt(3), pt(1), Profile::Walking).unwrap().unwrap();
    assert!(
        (walk.dist_m - haversine(&[3, 2, 1])).abs() < 0.01,
        "{}",
        walk.dist_m
    );
    // Walkers from 6 to 7 cannot use the private service road: round by 2 and 3.
    let m = g
        .matrix(&[pt(6), pt(7), pt(10), pt(11)], Profile::Walking)
        .unwrap();
    assert!(
        (m.dist(0, 1) - haversine(&[6, 2, 3, 7])).abs() < 0.01,
        "{}",
        m.dist(0, 1)
    );
    assert!(m.dist(0, 2).is_infinite());
    assert!((m.dist(2, 3) - haversine(&[10, 11])).abs() < 0.01);
    // Cars: the street 10–11 is one-way from 11 to 10.
    let m = g.matrix(&[pt(10), pt(11)], Profile::Driving).unwrap();
    assert!(m.time(0, 1).is_infinite());
    // maxspeed 30 mph (48 km/h) caps but never raises the residential 30 km/h.
    let expect_s = (haversine(&[11, 10]) / (30.0 / 3.6) * 10.0).round() / 10.0;
    assert!(
        (m.time(1, 0) - expect_s).abs() < 1e-6,
        "{} vs {expect_s}",
        m.time(1, 0)
    );
    // Rebuilt from its own lines, the graph is the same.
    let again = RoadGraph::from_lines(&g.edges_wgs84(), &NoProgress).unwrap();
    assert_eq!((again.node_count(), again.edge_count()), (10, 10));
}

#[test]
fn bbox_and_cancel() {
    let bbox = Rect::new(
        Coord {
            x: 19.825,
            y: 41.32,
        },
        Coord { x: 19.84, y: 41.34 },
    );
    let o = OsmPbfOptions {
        bbox_wgs84: Some(bbox),
        ..OsmPbfOptions::default()
    };
    let (lines, stats) = read_osm_pbf(&fixture(), &o, &NoProgress).unwrap();
    assert_eq!(
        (lines.len(), stats.road_ways, stats.outside_bbox),
        (1, 1, 6)
    );
    let cancelled = SharedProgress::default();
    cancelled.cancel();
    let err = read_osm_pbf(&fixture(), &OsmPbfOptions::default(), &cancelled).unwrap_err();
    assert!(matches!(err, OsmPbfError::Cancelled), "{err}");
}

#[test]
fn damaged_files_are_errors_not_panics() {
    let bytes = std::fs::read(fixture()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.osm.pbf");
    let read = |data: &[u8]| {
        std::fs::write(&path, data).unwrap();
        read_osm_pbf(&path, &OsmPbfOptions::default(), &NoProgress)
    };
    for len in 0..bytes.len() {
        let err = read(&bytes[..len]).expect_err("a truncated file must not read");
        let text = err.to_string();
        assert!(
            matches!(
                err,
                OsmPbfError::NotPbf { .. }
                    | OsmPbfError::Damaged { .. }
                    | OsmPbfError::NoRoads { .. }
            ),
            "length {len}: {text}"
        );
    }
    let cut = bytes.len() - 40;
    let err = read(&bytes[..cut]).unwrap_err();
    assert!(
        err.to_string()
            .contains("is truncated or damaged at block 2: "),
        "{err}"
    );
    for i in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[i] ^= 0x5a;
        let _ = read(&flipped);
    }
    let err = read(b"<?xml version='1.0'?><osm></osm>").unwrap_err();
    assert!(
        err.to_string()
            .contains("is not an OpenStreetMap .osm.pbf file"),
        "{err}"
    );
    let err = read(b"").unwrap_err();
    assert!(
        err.to_string()
            .ends_with("is not an OpenStreetMap .osm.pbf file: the file is empty"),
        "{err}"
    );
    let err = read_osm_pbf(
        &dir.path().join("none.osm.pbf"),
        &OsmPbfOptions::default(),
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err, OsmPbfError::NotFound { .. }));
}
