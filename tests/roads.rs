//! Road routing on a hand-built network read from GeoJSON (known shortest paths, one-way
//! detours, a disconnected piece, snapping mid-edge) and the graph's round trip through
//! `edges_wgs84`. Random graphs against Dijkstra are in `roads_random.rs`.

use geo::Point;
use riskatlas::analysis::roads::{Profile, RoadClass, RoadGraph, RouteOptions, WALKING_KMH};
use riskatlas::io::road_lines::{RoadLinesOptions, load_road_lines, read_road_lines};
use riskatlas::progress::{NoProgress, SharedProgress};

const O: (f64, f64) = (19.80, 41.30);
const DX: f64 = 0.01;
const DY: f64 = 0.01;

/// Grid position (i, j) → lon/lat.
fn at(i: f64, j: f64) -> [f64; 2] {
    [O.0 + i * DX, O.1 + j * DY]
}

fn haversine(a: [f64; 2], b: [f64; 2]) -> f64 {
    let r = 6_371_008.8_f64;
    let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b[0] - a[0]).to_radians() / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Travel time of one edge in seconds, as the graph rounds it (deciseconds).
fn edge_s(a: [f64; 2], b: [f64; 2], kmh: f64) -> f64 {
    (haversine(a, b) / (kmh / 3.6) * 10.0).round() / 10.0
}

fn feature(coords: &[[f64; 2]], props: &str) -> String {
    let c: Vec<String> = coords
        .iter()
        .map(|p| format!("[{}, {}]", p[0], p[1]))
        .collect();
    format!(
        r#"{{"type": "Feature", "properties": {{{props}}}, "geometry": {{"type": "LineString", "coordinates": [{}]}}}}"#,
        c.join(", ")
    )
}

/// A(0,0) B(1,0) C(2,0) / D(0,1) E(1,1) F(2,1); B→E one-way; G–H apart.
fn network_geojson() -> String {
    let (a, b, c) = (at(0.0, 0.0), at(1.0, 0.0), at(2.0, 0.0));
    let (d, e, f) = (at(0.0, 1.0), at(1.0, 1.0), at(2.0, 1.0));
    let features = [
        feature(&[a, b, c], r#""highway": "primary""#),
        feature(&[d, e, f], r#""highway": "residential""#),
        feature(&[a, d], r#""highway": "tertiary""#),
        feature(&[b, e], r#""highway": "residential", "oneway": "yes""#),
        feature(&[c, f], r#""highway": "residential""#),
        feature(&[at(5.0, 5.0), at(6.0, 5.0)], r#""highway": "residential""#),
        r#"{"type": "Feature", "properties": {"highway": "primary"}, "geometry": {"type": "Point", "coordinates": [19.8, 41.3]}}"#.to_string(),
        feature(&[at(3.0, 3.0), at(3.0, 3.0)], r#""highway": "primary""#),
        feature(&[at(0.0, 0.0), at(0.0, -1.0)], r#""highway": "proposed""#),
    ];
    format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",\n")
    )
}

fn load() -> (RoadGraph, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roads.geojson");
    std::fs::write(&path, network_geojson()).unwrap();
    let (g, _) = load_road_lines(&path, &RoadLinesOptions::default(), &NoProgress).unwrap();
    (g, dir)
}

fn pt(c: [f64; 2]) -> Point<f64> {
    Point::new(c[0], c[1])
}

#[test]
fn non_lines_are_reported_with_number_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roads.geojson");
    std::fs::write(&path, network_geojson()).unwrap();
    let read = read_road_lines(&path, &RoadLinesOptions::default()).unwrap();
    assert_eq!(read.lines.len(), 6);
    assert_eq!(read.class_field.as_deref(), Some("highway"));
    let skipped: Vec<(usize, &str)> = read
        .skipped
        .iter()
        .map(|s| (s.number, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (7, "a Point, not a line"),
            (8, "fewer than two distinct points"),
            (9, "the class 'proposed' is not a road to route on")
        ]
    );
    assert_eq!(read.lines[0].attrs.class, RoadClass::Primary);
    assert!(read.lines[3].attrs.oneway);
}

#[test]
fn graph_counts_and_components() {
    fn shareable<T: Send + Sync>(_: &T) {}
    let (g, _dir) = load();
    shareable(&g);
    // A B C D E + G H: B and E are junctions; A, C, D join different roads; F joins two
    // equal residential streets and is dissolved (E–F–C becomes one edge).
    assert_eq!(g.node_count(), 7);
    assert_eq!(g.edge_count(), 7);
    assert_eq!(g.component_count(), 2);
    assert_eq!(g.largest_component_nodes(), 5);
    let longest = (0..g.edge_count())
        .map(|e| g.edge_length_m(e))
        .fold(0.0, f64::max);
    let efc = haversine(at(1.0, 1.0), at(2.0, 1.0)) + haversine(at(2.0, 1.0), at(2.0, 0.0));
    assert!((longest - efc).abs() < 1e-6);
    let bbox = g.bbox_wgs84().unwrap();
    assert!((bbox.min().x - 19.80).abs() < 1e-9 && (bbox.max().y - 41.35).abs() < 1e-9);
}

#[test]
fn one_way_forces_a_detour_for_cars_but_not_walkers() {
    let (g, _dir) = load();
    let (a, b, d, e) = (at(0.0, 0.0), at(1.0, 0.0), at(0.0, 1.0), at(1.0, 1.0));
    let car = g.path(pt(e), pt(b), Profile::Driving).unwrap().unwrap();
    let detour_m = haversine(e, d) + haversine(d, a) + haversine(a, b);
    let detour_s = edge_s(e, d, 30.0) + edge_s(d, a, 50.0) + edge_s(a, b, 70.0);
    assert!(
        (car.dist_m - detour_m).abs() < 0.01,
        "{} vs {detour_m}",
        car.dist_m
    );
    assert!(
        (car.time_s - detour_s).abs() < 0.15,
        "{} vs {detour_s}",
        car.time_s
    );
    let through: Vec<[f64; 2]> = car.coords_wgs84.iter().map(|p| [p.x(), p.y()]).collect();
    for corner in [d, a] {
        assert!(
            through.iter().any(|c| haversine(*c, corner) < 0.01),
            "route misses {corner:?}"
        );
    }
    let walk = g.path(pt(e), pt(b), Profile::Walking).unwrap().unwrap();
    assert!((walk.dist_m - haversine(e, b)).abs() < 0.01);
    assert!((walk.time_s - edge_s(e, b, WALKING_KMH)).abs() < 0.15);
    // Along the one-way street cars go straight.
    let m = g.matrix(&[pt(b), pt(e)], Profile::Driving).unwrap();
    assert!((m.dist(0, 1) - haversine(b, e)).abs() < 0.01);
    assert!((m.dist(1, 0) - detour_m).abs() < 0.01);
    assert!((m.time(1, 0) - car.time_s).abs() < 1e-9);
}

#[test]
fn disconnected_piece_is_unreachable() {
    let (g, _dir) = load();
    let pts = [pt(at(0.0, 0.0)), pt(at(5.5, 5.0)), pt(at(2.0, 1.0))];
    for profile in Profile::ALL {
        let m = g.matrix(&pts, profile).unwrap();
        assert_eq!(m.n, 3);
        assert!(m.time(0, 1).is_infinite() && m.dist(1, 0).is_infinite());
        assert!(m.time(0, 2).is_finite() && m.time(2, 0).is_finite());
        assert_eq!((m.time(1, 1), m.dist(1, 1)), (0.0, 0.0));
        assert!(g.path(pts[0], pts[1], profile).unwrap().is_none());
    }
}

#[test]
fn snapping_onto_the_middle_of_an_edge() {
    let (g, _dir) = load();
    let (b, c) = (at(1.0, 0.0), at(2.0, 0.0));
    // 0.0001° north of the middle of A–B (about 11 m off the road).
    let p = pt([O.0 + 0.5 * DX, O.1 + 0.0001]);
    let s = g.snap(p, Profile::Driving, 100.0).unwrap();
    let ab = haversine(at(0.0, 0.0), b);
    assert!((s.along_m - ab / 2.0).abs() < 0.5, "along {}", s.along_m);
    assert!((s.offroad_m - 11.12).abs() < 0.1, "offroad {}", s.offroad_m);
    assert!((s.on_road_wgs84.y() - O.1).abs() < 1e-9);
    let r = g.path(p, pt(c), Profile::Driving).unwrap().unwrap();
    let road_m = ab - s.along_m + haversine(b, c);
    assert!((r.dist_m - (road_m + s.offroad_m)).abs() < 0.01);
    let ab_ds = (ab / (70.0 / 3.6) * 10.0).round();
    let expect_s = (ab_ds * (1.0 - s.along_m / ab)).round() / 10.0
        + edge_s(b, c, 70.0)
        + s.offroad_m / (WALKING_KMH / 3.6);
    assert!(
        (r.time_s - expect_s).abs() < 1e-6,
        "{} vs {expect_s}",
        r.time_s
    );
    assert_eq!(r.coords_wgs84.first(), Some(&p));
    assert_eq!(r.coords_wgs84.last(), Some(&pt(c)));
    // Two points on the same edge travel directly along it.
    let q = pt([O.0 + 0.8 * DX, O.1]);
    let m = g.matrix(&[p, q], Profile::Walking).unwrap();
    let direct = 0.3 * ab + s.offroad_m;
    assert!(
        (m.dist(0, 1) - direct).abs() < 0.5,
        "{} vs {direct}",
        m.dist(0, 1)
    );
    // Too far from any road: unreachable.
    let far = pt([O.0 + 0.5 * DX, O.1 - 0.2]);
    assert!(g.snap(far, Profile::Walking, 5_000.0).is_none());
    let m = g.matrix(&[p, far], Profile::Walking).unwrap();
    assert!(m.time(0, 1).is_infinite());
}

#[test]
fn edges_round_trip_and_bad_points() {
    let (g, _dir) = load();
    let again = RoadGraph::from_lines(&g.edges_wgs84(), &NoProgress).unwrap();
    assert_eq!(
        (again.node_count(), again.edge_count()),
        (g.node_count(), g.edge_count())
    );
    assert!((again.total_length_m() - g.total_length_m()).abs() < 1e-6);
    let pts: Vec<Point<f64>> = [(0.2, 0.1), (1.7, 0.9), (0.1, 0.8), (2.0, 0.4)]
        .iter()
        .map(|&(i, j)| pt(at(i, j)))
        .collect();
    let opts = RouteOptions::default();
    let (m1, m2) = (
        g.matrix(&pts, Profile::Driving).unwrap(),
        again.matrix(&pts, Profile::Driving).unwrap(),
    );
    assert_eq!(m1, m2);
    let dj = g.matrix_dijkstra(&pts, Profile::Driving, &opts).unwrap();
    assert_eq!(m1.time_s, dj.time_s);
    for (a, b) in m1.dist_m.iter().zip(&dj.dist_m) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    let err = g
        .matrix(&[pts[0], Point::new(f64::NAN, 41.0)], Profile::Walking)
        .unwrap_err();
    assert!(err.to_string().starts_with("point 1 (NaN, 41)"), "{err}");
    let cancelled = SharedProgress::default();
    cancelled.cancel();
    assert!(RoadGraph::from_lines(&g.edges_wgs84(), &cancelled).is_err());
}

#[test]
fn geofabrik_columns_and_shapefile_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gis_osm_roads.geojson");
    let (a, b, c) = (at(0.0, 0.0), at(1.0, 0.0), at(2.0, 0.0));
    let features = [
        feature(
            &[a, b],
            r#""fclass": "residential", "oneway": "T", "maxspeed": 0"#,
        ),
        feature(
            &[b, c],
            r#""fclass": "track_grade2", "oneway": "B", "maxspeed": 10"#,
        ),
        feature(&[a, c], r#""fclass": "motorway", "oneway": "F""#),
    ];
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    );
    std::fs::write(&path, text).unwrap();
    let read = read_road_lines(&path, &RoadLinesOptions::default()).unwrap();
    assert_eq!(read.class_field.as_deref(), Some("fclass"));
    let l = &read.lines;
    // "T": one-way against the drawing, so the line is turned round.
    assert!((l[0].geometry_wgs84.0[0].x - b[0]).abs() < 1e-9);
    assert!(l[0].attrs.oneway && l[0].attrs.maxspeed_kmh.is_none());
    assert_eq!(
        (l[1].attrs.class, l[1].attrs.oneway),
        (RoadClass::Track, false)
    );
    assert_eq!(l[1].attrs.maxspeed_kmh, Some(10.0));
    assert!(l[2].attrs.oneway);
    // The shapefile fixture: no class column, one LineString and a two-part MultiLineString.
    let shp =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vector/lines.shp");
    let read = read_road_lines(&shp, &RoadLinesOptions::default()).unwrap();
    assert_eq!(read.lines.len(), 3);
    assert!(read.skipped.is_empty());
    assert!(read.lines.iter().all(|l| l.attrs.class == RoadClass::Road));
    assert!(
        read.notes
            .iter()
            .any(|n| n.starts_with("no road class column")),
        "{:?}",
        read.notes
    );
    let missing = RoadLinesOptions {
        class_field: Some("kind".into()),
        ..RoadLinesOptions::default()
    };
    let err = read_road_lines(&shp, &missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the layer has no column 'kind' for the road class"
    );
}
