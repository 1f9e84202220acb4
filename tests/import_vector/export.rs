//! GeoJSON export: write a layer, read it back with the GeoJSON reader, compare.

use chrono::NaiveDate;
use geo::Geometry;
use riskatlas::crs::{Crs, Transformer};
use riskatlas::io::export_geojson::{write_geojson, write_geojson_file};
use riskatlas::io::geojson::read_geojson;
use riskatlas::io::raw::RawGeometry;
use riskatlas::io::shapefile::read_shapefile;
use riskatlas::model::{
    Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Value,
};

use super::*;

/// The services fixture as a stored layer (fids 10, 20, …).
fn services_layer() -> FeatureLayer {
    let t = read_geojson(&fixture("services.geojson")).unwrap();
    let mut layer = FeatureLayer::new(
        "services",
        LayerKind::Other,
        GeometryType::Point,
        t.fields.clone(),
    );
    for (i, r) in t.records.iter().enumerate() {
        let geometry_wgs84 = match &r.geometry {
            RawGeometry::Ok(g) => Some(g.clone()),
            _ => None,
        };
        layer.features.push(Feature {
            fid: Some(10 * (i as i64 + 1)),
            geometry_wgs84,
            values: r.values.clone(),
        });
    }
    layer
}

#[test]
fn round_trip_points_with_every_value_kind() {
    let layer = services_layer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("services_out.geojson");
    write_geojson_file(&layer, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    assert!(!bytes.contains(&b'\r'), "\\n line ends only");
    let back = read_geojson(&path).unwrap();
    assert_eq!(back.declared_crs, Some(Crs::wgs84()));
    // The fid comes back as the feature id; the input's own `id` property was taken, so the
    // reader names the feature id `feature_id`.
    assert_eq!(back.fields[0], FieldDef::new("feature_id", FieldKind::Int));
    assert_eq!(&back.fields[1..], &layer.fields[..]);
    for (f, r) in layer.features.iter().zip(&back.records) {
        assert_eq!(r.values[0], Value::Int(f.fid.unwrap()));
        assert_eq!(&r.values[1..], &f.values[..]);
        let expected = f
            .geometry_wgs84
            .clone()
            .map_or(RawGeometry::Missing, RawGeometry::Ok);
        assert_eq!(r.geometry, expected);
    }
    // Nothing else was left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn round_trip_polygons_dates_and_rounding() {
    let mines = read_shapefile(&fixture("mines_utm.shp")).unwrap();
    let to_wgs84 = Transformer::new(&Crs::from_epsg(32634).unwrap(), &Crs::wgs84());
    let fields = vec![
        FieldDef::new("name", FieldKind::Text),
        FieldDef::new("checked", FieldKind::Date),
    ];
    let mut layer = FeatureLayer::new(
        "mines",
        LayerKind::Mines,
        GeometryType::MultiPolygon,
        fields,
    );
    for (i, r) in mines.records.iter().enumerate() {
        let RawGeometry::Ok(g) = &r.geometry else {
            panic!("bad fixture")
        };
        layer.features.push(Feature {
            fid: Some(i as i64 + 1),
            geometry_wgs84: Some(to_wgs84.geometry(g).unwrap()),
            values: vec![
                r.values[0].clone(),
                Value::Date(NaiveDate::from_ymd_opt(2024, 7, i as u32 + 1).unwrap()),
            ],
        });
    }
    let mut buf = Vec::new();
    write_geojson(&layer, &mut buf).unwrap();
    let back = riskatlas::io::geojson::read_geojson_bytes(&buf, "mines").unwrap();
    assert_eq!(
        schema(&back),
        [
            ("id", FieldKind::Int),
            ("name", FieldKind::Text),
            ("checked", FieldKind::Text)
        ]
    );
    assert_eq!(value(&back, 0, "name"), &text("Bulqizë (ilustrative)"));
    assert_eq!(value(&back, 1, "checked"), &text("2024-07-02"));
    for (i, f) in layer.features.iter().enumerate() {
        let original = f.geometry_wgs84.as_ref().unwrap();
        let got = geometry(&back, i);
        assert_eq!(
            std::mem::discriminant(got),
            std::mem::discriminant(original)
        );
        // Same vertex set to 1e-7° (the ring may start elsewhere after orientation: compare sorted).
        let key = |g: &Geometry<f64>| {
            let mut v: Vec<(i64, i64)> = vertices(g)
                .iter()
                .map(|c| ((c.x * 1e7).round() as i64, (c.y * 1e7).round() as i64))
                .collect();
            v.sort();
            v
        };
        assert_eq!(key(got), key(original), "feature {}", i + 1);
    }
    let Geometry::Polygon(p) = geometry(&back, 0) else {
        panic!("not a polygon")
    };
    assert_eq!(p.interiors().len(), 1, "the hole survives the round trip");
    // Tirana, the first vertex of the third mine, is written with 7 decimals.
    let text_out = String::from_utf8(buf).unwrap();
    assert!(text_out.contains("[19.8187, 41.3275]"), "{text_out}");
}
