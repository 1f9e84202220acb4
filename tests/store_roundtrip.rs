//! Project store round trips: what is written is read back (fids, values incl. dates, bools
//! and nulls, geometries), Append adds columns, Replace keeps fids unique. Transactions,
//! listing and history: store_tx.rs.

mod store_support;

use geo::{Geometry, LineString, MultiPolygon};
use riskatlas::model::{
    Case, FeatureLayer, FieldDef, FieldKind, LayerKind, Value, layer_from_records,
};
use riskatlas::store::{ProjectStore, StoreError, WriteMode};
use store_support::*;

#[test]
fn typed_cases_round_trip_with_fids() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = ProjectStore::create(&path).unwrap();
    let cases = sample_cases();
    let fids = store
        .write(|tx| {
            tx.write_layer(
                &layer_from_records(LayerKind::Cases, &cases),
                WriteMode::Create,
            )
        })
        .unwrap();
    assert_eq!(fids, vec![1, 2, 3]);
    store.close().unwrap();

    let store = ProjectStore::open(&path).unwrap();
    let back: Vec<Case> = store.read_records(LayerKind::Cases).unwrap();
    let expected: Vec<Case> = cases
        .into_iter()
        .zip(fids)
        .map(|(c, fid)| Case {
            fid: Some(fid),
            ..c
        })
        .collect();
    assert_eq!(back, expected);
    let none: Vec<riskatlas::model::Service> = store.read_records(LayerKind::Services).unwrap();
    assert!(none.is_empty(), "absent typed layer reads as empty");
}

#[test]
fn generic_layer_round_trips_values_nulls_and_geometries() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = ProjectStore::create(&path).unwrap();
    let layer = zones_layer();
    let fids = store
        .write(|tx| tx.write_layer(&layer, WriteMode::Create))
        .unwrap();
    assert_eq!(
        fids,
        vec![10, 20, 21],
        "explicit fids kept, the next one follows"
    );
    drop(store);

    let store = ProjectStore::open(&path).unwrap();
    let back = store.read_layer(&layer.name).unwrap();
    let mut expected = layer.clone();
    for (f, fid) in expected.features.iter_mut().zip(&fids) {
        f.fid = Some(*fid);
    }
    assert_eq!(back, expected);
    // Stored as the GeoPackage wants: DATE text, BOOLEAN 0/1.
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (d, b): (String, i64) = conn
        .query_row(
            "SELECT data, aktive FROM \"zonat e verës\" WHERE fid = 10",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((d.as_str(), b), ("2024-07-01", 1));
}

#[test]
fn single_geometries_are_stored_as_the_declared_multi_type() {
    let dir = temp_dir();
    let mut store = ProjectStore::create(&project_in(dir.path())).unwrap();
    let mut layer = zones_layer();
    layer.features.truncate(1);
    let poly = square(19.0, 40.0, 0.5);
    layer.features[0].geometry_wgs84 = Some(Geometry::Polygon(poly.clone()));
    store
        .write(|tx| tx.write_layer(&layer, WriteMode::Create))
        .unwrap();
    let back = store.read_layer(&layer.name).unwrap();
    assert_eq!(
        back.features[0].geometry_wgs84,
        Some(Geometry::MultiPolygon(MultiPolygon::new(vec![poly])))
    );

    // A line cannot go into a polygon layer: an error naming the feature, nothing written.
    layer.name = "other".into();
    layer.features[0].geometry_wgs84 = Some(Geometry::LineString(LineString::from(vec![
        (0.0, 0.0),
        (1.0, 1.0),
    ])));
    let err = store
        .write(|tx| tx.write_layer(&layer, WriteMode::Create))
        .unwrap_err();
    assert!(matches!(err, StoreError::Geometry(_)), "{err}");
    assert!(err.to_string().contains("feature 1"), "{err}");
    assert!(store.layers().unwrap().iter().all(|l| l.name != "other"));
}

#[test]
fn append_adds_missing_columns_and_replaces_rows_by_fid() {
    let dir = temp_dir();
    let mut store = ProjectStore::create(&project_in(dir.path())).unwrap();
    let layer = zones_layer();
    store
        .write(|tx| tx.write_layer(&layer, WriteMode::Create))
        .unwrap();

    let mut more = FeatureLayer::new(
        &layer.name,
        LayerKind::Other,
        layer.geometry_type,
        vec![
            FieldDef::new("emri", FieldKind::Text),
            FieldDef::new("shënim", FieldKind::Text),
        ],
    );
    more.features = vec![
        riskatlas::model::Feature {
            fid: None,
            geometry_wgs84: None,
            values: vec![Value::Text("e re".into()), Value::Text("ç".into())],
        },
        riskatlas::model::Feature {
            fid: Some(20),
            geometry_wgs84: None,
            values: vec![Value::Text("ndryshuar".into())],
        },
    ];
    let fids = store
        .write(|tx| tx.write_layer(&more, WriteMode::Append))
        .unwrap();
    assert_eq!(fids, vec![22, 20]);

    let back = store.read_layer(&layer.name).unwrap();
    let names: Vec<&str> = back.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "emri",
            "popullsia",
            "siperfaqja km2",
            "aktive",
            "data",
            "shënim"
        ]
    );
    assert_eq!(back.features.len(), 4);
    let by_fid = |fid| back.features.iter().find(|f| f.fid == Some(fid)).unwrap();
    assert_eq!(
        back.value(by_fid(10), "shënim"),
        &Value::Null,
        "old rows get NULL"
    );
    assert_eq!(back.value(by_fid(22), "shënim"), &Value::Text("ç".into()));
    assert_eq!(
        back.value(by_fid(20), "emri"),
        &Value::Text("ndryshuar".into())
    );
    let info = store.layers().unwrap();
    assert_eq!(info[0].feature_count, 4);
}

#[test]
fn replace_never_reuses_fids_and_keeps_style() {
    let dir = temp_dir();
    let mut store = ProjectStore::create(&project_in(dir.path())).unwrap();
    let cases = sample_cases();
    let layer = layer_from_records(LayerKind::Cases, &cases);
    store
        .write(|tx| {
            tx.write_layer(&layer, WriteMode::Create)?;
            tx.set_layer_style("cases", r##"{"color":"#d7301f"}"##)
        })
        .unwrap();
    let fids = store
        .write(|tx| {
            tx.write_layer(
                &layer_from_records(LayerKind::Cases, &cases[..2]),
                WriteMode::Replace,
            )
        })
        .unwrap();
    assert_eq!(fids, vec![4, 5]);
    let info = &store.layers().unwrap()[0];
    assert_eq!(
        (info.feature_count, info.style_json.as_deref()),
        (2, Some(r##"{"color":"#d7301f"}"##))
    );
    let err = store
        .write(|tx| tx.write_layer(&layer, WriteMode::Create))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::LayerExists(ref n) if n == "cases"),
        "{err}"
    );
}
