//! GeoJSON fixtures: RFC 7946 and a legacy file with a `crs` member.

use geo::Geometry;
use riskatlas::crs::Crs;
use riskatlas::io::geojson::{read_geojson, read_geojson_str};
use riskatlas::io::raw::RawGeometry;
use riskatlas::model::{FieldKind, Value};

use super::*;

#[test]
fn services_rfc7946() {
    let t = read_geojson(&fixture("services.geojson")).unwrap();
    assert_eq!(t.name, "services");
    assert_eq!(t.declared_crs, Some(Crs::wgs84()));
    use FieldKind::*;
    assert_eq!(
        schema(&t),
        [
            ("id", Int),
            ("name", Text),
            ("service_type", Text),
            ("capacity", Int),
            ("open_weekends", Bool),
            ("rating", Real),
            ("tags", Text),
            ("hours", Text),
            ("municipality", Text),
            ("note", Text),
        ]
    );
    assert_eq!(
        t.records.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(value(&t, 0, "name"), &text("Qendra Ditore Korçë"));
    assert_eq!(value(&t, 0, "tags"), &text(r#"["ditore","fëmijë"]"#));
    assert_eq!(value(&t, 0, "rating"), &Value::Real(4.5));
    assert_eq!(value(&t, 1, "rating"), &Value::Real(4.0));
    assert_eq!(value(&t, 1, "capacity"), &Value::Null);
    assert_eq!(value(&t, 1, "open_weekends"), &Value::Bool(true));
    assert_eq!(value(&t, 3, "note"), &text("çelësi te roja"));
    assert_eq!(value(&t, 3, "id"), &Value::Int(4));
    let Geometry::Point(p) = geometry(&t, 1) else {
        panic!("not a point")
    };
    assert_eq!((p.x(), p.y()), TIRANA_WGS84);
    assert_eq!(t.records[3].geometry, RawGeometry::Missing);
}

#[test]
fn legacy_crs_member_albania_tm() {
    let t = read_geojson(&fixture("legacy_crs_6870.geojson")).unwrap();
    let tm = Crs::from_epsg(6870).unwrap();
    assert_eq!(t.declared_crs, Some(tm.clone()));
    assert!(
        t.notes.iter().any(|n| n.contains("EPSG:6870")),
        "{:?}",
        t.notes
    );
    assert_eq!(value(&t, 0, "label"), &text("Tiranë qendër"));
    let Geometry::Point(p) = geometry(&t, 0) else {
        panic!("not a point")
    };
    assert_close((p.x(), p.y()), TIRANA_TM, 0.01, "raw Albania TM");
    assert_close(
        to_wgs84(&tm, p.0),
        TIRANA_WGS84,
        DEG_1CM,
        "Tirana via EPSG:6870",
    );
    // The polygon's first vertex is Tirana too.
    let Geometry::Polygon(poly) = geometry(&t, 2) else {
        panic!("not a polygon")
    };
    assert_close(
        to_wgs84(&tm, poly.exterior().0[0]),
        TIRANA_WGS84,
        DEG_1CM,
        "polygon vertex",
    );
}

#[test]
fn every_crs_member_spelling() {
    let doc = |crs: &str| {
        format!(
            r#"{{"type": "FeatureCollection", "crs": {crs}, "features": [
            {{"type": "Feature", "properties": null, "geometry": {{"type": "Point", "coordinates": [484822.04, 4576960.341]}}}}]}}"#
        )
    };
    for (crs, epsg) in [
        (
            r#"{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6870"}}"#,
            6870,
        ),
        (
            r#"{"type": "name", "properties": {"name": "EPSG:6870"}}"#,
            6870,
        ),
        (r#"{"type": "EPSG", "properties": {"code": 6870}}"#, 6870),
        (
            r#"{"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}"#,
            4326,
        ),
        (
            r#"{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32634"}}"#,
            32634,
        ),
    ] {
        let t = read_geojson_str(&doc(crs), "t").unwrap();
        assert_eq!(t.declared_crs.map(|c| c.epsg()), Some(epsg), "{crs}");
    }
    // Unknown: nothing declared, and a note that says what to do.
    let t = read_geojson_str(
        &doc(r#"{"type": "name", "properties": {"name": "EPSG:99999"}}"#),
        "t",
    )
    .unwrap();
    assert_eq!(t.declared_crs, None);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("EPSG:99999") && n.contains("--crs")),
        "{:?}",
        t.notes
    );
}

#[test]
fn byte_order_mark_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&std::fs::read(fixture("services.geojson")).unwrap());
    let t = riskatlas::io::geojson::read_geojson_bytes(&bytes, "bom").unwrap();
    assert_eq!(t.records.len(), 4);
    assert_eq!(value(&t, 0, "name"), &text("Qendra Ditore Korçë"));
}
