//! Unit tests of the TopoJSON decoder on small inline topologies.

use geo::{Coord, Geometry, LineString, Point};

use super::*;
use crate::model::{FieldKind, Value};

fn read(text: &str, object: Option<&str>) -> Result<RawTable, TopoJsonError> {
    read_topojson_bytes(text.as_bytes(), object)
}

fn coords(l: &LineString<f64>) -> Vec<(f64, f64)> {
    l.0.iter().map(|c| (c.x, c.y)).collect()
}

/// Modelled on the example of the TopoJSON specification (quantized, delta-encoded arcs).
#[test]
fn spec_example_quantized_and_delta_encoded() {
    let text = r#"{"type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [100, 0]},
        "objects": {"example": {"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [4, 2], "properties": {"prop0": "value0"}},
            {"type": "LineString", "arcs": [0], "properties": {"prop0": "value0", "prop1": 0}},
            {"type": "Polygon", "arcs": [[-2]], "properties": {"prop0": "value0", "prop1": {"this": "that"}}}
        ]}},
        "arcs": [[[4, 0], [1, 2], [1, -2], [1, 2]], [[0, 0], [0, 4], [2, 0], [0, -4], [-2, 0]]]}"#;
    let t = read(text, None).unwrap();
    assert_eq!(t.name, "example");
    assert_eq!(t.declared_crs, None);
    assert_eq!(t.records.len(), 3);
    assert_eq!(
        t.records[0].geometry,
        RawGeometry::Ok(Point::new(102.0, 0.5).into())
    );
    let RawGeometry::Ok(Geometry::LineString(l)) = &t.records[1].geometry else {
        panic!("not a line: {:?}", t.records[1].geometry)
    };
    assert_eq!(
        coords(l),
        [(102.0, 0.0), (102.5, 0.5), (103.0, 0.0), (103.5, 0.5)]
    );
    let RawGeometry::Ok(Geometry::Polygon(p)) = &t.records[2].geometry else {
        panic!("not a polygon")
    };
    // Arc 1 reversed: (100,0) (101,0) (101,1) (100,1) (100,0) backwards.
    assert_eq!(
        coords(p.exterior()),
        [
            (100.0, 0.0),
            (101.0, 0.0),
            (101.0, 1.0),
            (100.0, 1.0),
            (100.0, 0.0)
        ]
    );
    let kinds: Vec<_> = t.fields.iter().map(|f| (f.name.as_str(), f.kind)).collect();
    assert_eq!(
        kinds,
        [("prop0", FieldKind::Text), ("prop1", FieldKind::Text)]
    );
    assert_eq!(
        t.records[2].values[1],
        Value::Text(r#"{"this":"that"}"#.into())
    );
}

#[test]
fn shared_arcs_without_transform_drop_the_repeated_junction() {
    let text = r#"{"type": "Topology", "objects": {"o": {"type": "Polygon", "id": 7,
        "arcs": [[0, 1]]}}, "arcs": [[[0, 0], [1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0]]]}"#;
    let t = read(text, Some("o")).unwrap();
    let RawGeometry::Ok(Geometry::Polygon(p)) = &t.records[0].geometry else {
        panic!("not a polygon")
    };
    assert_eq!(
        coords(p.exterior()),
        [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    );
    assert_eq!(t.fields[0].name, "id");
    assert_eq!(t.records[0].values[0], Value::Int(7));
}

#[test]
fn bad_arcs_make_the_feature_invalid_not_the_file() {
    let text = r#"{"type": "Topology", "objects": {"o": {"type": "GeometryCollection", "geometries": [
        {"type": "LineString", "arcs": [99]},
        {"type": "LineString", "arcs": [-100]},
        {"type": "LineString", "arcs": [1]},
        {"type": "LineString", "arcs": ["x"]},
        {"type": "Polygonz", "arcs": [[0]]},
        {"type": null},
        {"type": "LineString", "arcs": [0]}]}},
        "arcs": [[[0, 0], [1, 1]], [[0, "a"]]]}"#;
    let t = read(text, None).unwrap();
    let reasons: Vec<String> = t
        .records
        .iter()
        .map(|r| match &r.geometry {
            RawGeometry::Invalid(why) => why.clone(),
            RawGeometry::Missing => "missing".into(),
            RawGeometry::Ok(_) => "ok".into(),
        })
        .collect();
    assert!(
        reasons[0].contains("arc index 99 refers to arc 99, but the topology has 2 arcs"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("arc index -100 refers to arc 99"),
        "{reasons:?}"
    );
    assert!(
        reasons[2].contains("arc 1:") && reasons[2].contains("\"a\" is text"),
        "{reasons:?}"
    );
    assert!(reasons[3].contains("not an integer"), "{reasons:?}");
    assert!(
        reasons[4].contains("unknown geometry type 'Polygonz'"),
        "{reasons:?}"
    );
    assert_eq!(&reasons[5..], ["missing", "ok"]);
    assert_eq!(
        t.records.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7]
    );
}

#[test]
fn object_choice_errors_list_the_objects() {
    let text = r#"{"type": "Topology", "arcs": [], "objects": {
        "b": {"type": "Point", "coordinates": [1, 2]}, "a": {"type": "Point", "coordinates": [3, 4]}}}"#;
    let e = read(text, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the topology has several objects ('b', 'a'): choose one by name"
    );
    let e = read(text, Some("c")).unwrap_err();
    assert!(matches!(e, TopoJsonError::NoSuchObject { .. }), "{e}");
    let t = read(text, Some("a")).unwrap();
    assert_eq!(
        t.records[0].geometry,
        RawGeometry::Ok(Point::new(3.0, 4.0).into())
    );
    let none = r#"{"type": "Topology", "arcs": [], "objects": {}}"#;
    assert!(matches!(read(none, None), Err(TopoJsonError::NoObjects)));
    let e = read(r#"{"type": "FeatureCollection"}"#, None).unwrap_err();
    assert!(matches!(e, TopoJsonError::NotTopology { .. }));
    let e = read(
        r#"{"type": "Topology", "transform": {"scale": [1]}, "objects": {}}"#,
        None,
    )
    .unwrap_err();
    assert!(matches!(e, TopoJsonError::BadTransform(_)));
    assert!(matches!(
        read("{\"type\": \"Topology\", \"arcs\": [[", None),
        Err(TopoJsonError::Syntax { .. })
    ));
    assert!(matches!(read("", None), Err(TopoJsonError::Empty)));
}

#[test]
fn quantized_points_are_not_delta_encoded() {
    let text = r#"{"type": "Topology", "transform": {"scale": [0.01, 0.02], "translate": [19, 41]},
        "arcs": [], "objects": {"p": {"type": "MultiPoint", "coordinates": [[10, 10], [20, 5]]}}}"#;
    let t = read(text, None).unwrap();
    let RawGeometry::Ok(Geometry::MultiPoint(m)) = &t.records[0].geometry else {
        panic!("not a multipoint")
    };
    let got: Vec<Coord<f64>> = m.0.iter().map(|p| p.0).collect();
    assert!(
        (got[0].x - 19.1).abs() < 1e-12 && (got[0].y - 41.2).abs() < 1e-12,
        "{got:?}"
    );
    assert!(
        (got[1].x - 19.2).abs() < 1e-12 && (got[1].y - 41.1).abs() < 1e-12,
        "{got:?}"
    );
}
