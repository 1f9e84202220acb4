//! TopoJSON fixture: three quantized polygons sharing arcs (one with a hole, one with an
//! island), points, and a line object; compared with GDAL's own decoding of the same file.

use geo::{Coord, Geometry};
use riskatlas::io::geojson::read_geojson;
use riskatlas::io::raw::RawGeometry;
use riskatlas::io::topojson::{TopoJsonError, read_topojson};
use riskatlas::model::{FieldKind, Value};

use super::*;

fn same_vertices(a: &[Coord<f64>], b: &[Coord<f64>], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: vertex count");
    for (k, (p, q)) in a.iter().zip(b).enumerate() {
        assert_close((p.x, p.y), (q.x, q.y), 1e-9, &format!("{what} vertex {k}"));
    }
}

#[test]
fn several_objects_need_a_name() {
    let e = read_topojson(&fixture("municipalities.topojson"), None).unwrap_err();
    assert!(matches!(e, TopoJsonError::ChooseObject { .. }));
    assert_eq!(
        e.to_string(),
        "the topology has several objects ('municipalities', 'seats', 'border'): choose one by name"
    );
    let e = read_topojson(&fixture("municipalities.topojson"), Some("roads")).unwrap_err();
    assert!(e.to_string().contains("no object named 'roads'"), "{e}");
}

#[test]
fn municipalities_decode_like_gdal() {
    let t = read_topojson(&fixture("municipalities.topojson"), Some("municipalities")).unwrap();
    assert_eq!(t.name, "municipalities");
    assert_eq!(t.declared_crs, None, "TopoJSON declares no CRS");
    use FieldKind::*;
    assert_eq!(
        schema(&t),
        [
            ("id", Text),
            ("name", Text),
            ("population", Real),
            ("coastal", Bool)
        ]
    );
    assert_eq!(value(&t, 0, "id"), &text("AL-A"));
    assert_eq!(value(&t, 0, "name"), &text("Korçë (prove)"));
    assert_eq!(value(&t, 2, "coastal"), &Value::Bool(true));
    assert_eq!(value(&t, 1, "population"), &Value::Real(912000.0));

    let gdal = read_geojson(&fixture("municipalities_from_topojson_gdal.geojson")).unwrap();
    assert_eq!(gdal.records.len(), 3);
    for i in 0..3 {
        same_vertices(
            &vertices(geometry(&t, i)),
            &vertices(geometry(&gdal, i)),
            &format!("feature {}", i + 1),
        );
    }
    // The hole of A and the island of C survive.
    let Geometry::Polygon(a) = geometry(&t, 0) else {
        panic!("A is not a polygon")
    };
    assert_eq!(a.interiors().len(), 1);
    let Geometry::MultiPolygon(c) = geometry(&t, 2) else {
        panic!("C is not a multipolygon")
    };
    assert_eq!(c.0.len(), 2);
    // The arc shared by A (forwards) and B (reversed) gives the same points.
    let Geometry::Polygon(b) = geometry(&t, 1) else {
        panic!("B is not a polygon")
    };
    let shared_in_a = &a.exterior().0[2..5];
    let mut shared_in_b = b.exterior().0[3..6].to_vec();
    shared_in_b.reverse();
    same_vertices(shared_in_a, &shared_in_b, "shared arc");
    assert_close(
        (shared_in_a[1].x, shared_in_a[1].y),
        (19.851, 41.325),
        2e-5,
        "quantized junction",
    );
}

#[test]
fn quantized_points_and_null_geometry() {
    let t = read_topojson(&fixture("municipalities.topojson"), Some("seats")).unwrap();
    assert_eq!(t.records.len(), 3);
    let gdal = read_geojson(&fixture("seats_from_topojson_gdal.geojson")).unwrap();
    for i in 0..2 {
        same_vertices(
            &vertices(geometry(&t, i)),
            &vertices(geometry(&gdal, i)),
            &format!("seat {}", i + 1),
        );
    }
    // Quantization to 1e4 steps over ~0.16° keeps Tirana within 2e-5°.
    let Geometry::Point(p) = geometry(&t, 0) else {
        panic!("not a point")
    };
    assert_close((p.x(), p.y()), TIRANA_WGS84, 2e-5, "quantized Tirana");
    assert_eq!(t.records[2].geometry, RawGeometry::Missing);
    assert_eq!(value(&t, 2, "name"), &text("pa gjeometri"));
}

#[test]
fn line_object_with_a_reversed_arc() {
    let t = read_topojson(&fixture("municipalities.topojson"), Some("border")).unwrap();
    let Geometry::MultiLineString(m) = geometry(&t, 0) else {
        panic!("not a multilinestring")
    };
    assert_eq!(m.0.len(), 2);
    // Arc 6 runs P4 → P8 → P7 → P6; reversed it starts at P6 (19.80, 41.35).
    let start = m.0[1].0[0];
    assert_close(
        (start.x, start.y),
        (19.80, 41.35),
        2e-5,
        "reversed arc start",
    );
    assert_eq!(m.0[1].0.len(), 4);
}
