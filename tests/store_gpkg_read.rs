//! `io::gpkg`: reading one layer of any GeoPackage (written by GDAL as QGIS would, or by
//! Risk Atlas) into a RawTable, without ever modifying the source file.

mod store_support;

use geo::{Geometry, MultiPolygon, Point};
use riskatlas::io::gpkg::{GpkgReadError, list_gpkg_layers, read_gpkg};
use riskatlas::io::raw::RawGeometry;
use riskatlas::model::{FieldKind, LayerKind, Value, layer_from_records};
use riskatlas::store::{ProjectStore, WriteMode};
use store_support::*;

/// Tirana in EPSG:6870 (KRGJSH-2010 / Albania TM).
const TIRANA_TM: (f64, f64) = (484822.040, 4576960.341);

/// Copies a fixture into a folder with spaces and non-ASCII characters.
fn copied(dir: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let p = dir.path().join(format!("burimi ë {name}"));
    std::fs::copy(fixture(name), &p).unwrap();
    p
}

#[test]
fn reads_a_gdal_layer_with_its_types_and_crs() {
    let dir = temp_dir();
    let path = copied(&dir, "services_tm.gpkg");
    let before = sha256(&path);
    let t = read_gpkg(&path, None).unwrap();
    assert_eq!(sha256(&path), before, "the source file is never modified");
    assert_eq!(t.name, "services");
    assert_eq!(t.declared_crs.as_ref().map(|c| c.epsg()), Some(6870));
    let kinds: Vec<(&str, FieldKind)> =
        t.fields.iter().map(|f| (f.name.as_str(), f.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("service_type", FieldKind::Text),
            ("name", FieldKind::Text),
            ("capacity", FieldKind::Int),
            ("municipality_lau", FieldKind::Text),
            ("municipality", FieldKind::Text),
            ("source", FieldKind::Text),
            ("opened", FieldKind::Date),
            ("open_now", FieldKind::Bool),
            ("rating", FieldKind::Real),
        ]
    );
    assert_eq!(
        t.records.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let first = &t.records[0];
    let RawGeometry::Ok(Geometry::Point(p)) = &first.geometry else {
        panic!("{:?}", first.geometry)
    };
    assert!(
        (p.x() - TIRANA_TM.0).abs() < 0.01 && (p.y() - TIRANA_TM.1).abs() < 0.01,
        "{p:?}"
    );
    let v = |r: usize, f: &str| t.records[r].values[t.field_index(f).unwrap()].clone();
    assert_eq!(v(0, "opened"), Value::Date(date(2019, 9, 2)));
    assert_eq!(v(0, "open_now"), Value::Bool(true));
    assert_eq!(v(1, "open_now"), Value::Bool(false));
    assert_eq!(v(0, "rating"), Value::Real(4.5));
    assert_eq!(v(0, "capacity"), Value::Int(40));
    assert_eq!(v(1, "capacity"), Value::Null);
    assert_eq!(v(1, "opened"), Value::Null);
    assert_eq!(
        v(1, "name"),
        Value::Text("Qendër komunitare Çorovodë".into())
    );
}

#[test]
fn several_layers_need_a_choice_and_bad_blobs_become_invalid() {
    let dir = temp_dir();
    let path = copied(&dir, "two_layers.gpkg");
    let before = sha256(&path);
    assert_eq!(list_gpkg_layers(&path).unwrap(), ["areas", "sites_z"]);
    let err = read_gpkg(&path, None).unwrap_err();
    assert!(matches!(err, GpkgReadError::SeveralLayers { .. }), "{err}");
    assert!(err.to_string().contains("areas, sites_z"), "{err}");
    let err = read_gpkg(&path, Some("mungon")).unwrap_err();
    assert!(
        matches!(err, GpkgReadError::NoSuchLayer { .. }) && err.to_string().contains("areas"),
        "{err}"
    );

    let areas = read_gpkg(&path, Some("areas")).unwrap();
    assert_eq!(areas.records.len(), 3, "nothing dropped");
    let sq = square(19.0, 41.0, 0.5);
    assert_eq!(
        areas.records[0].geometry,
        RawGeometry::Ok(Geometry::MultiPolygon(MultiPolygon::new(vec![sq])))
    );
    assert!(
        matches!(&areas.records[1].geometry, RawGeometry::Invalid(r) if r.contains("truncated")),
        "{:?}",
        areas.records[1].geometry
    );
    assert_eq!(areas.records[2].geometry, RawGeometry::Missing);
    assert_eq!(areas.declared_crs.as_ref().map(|c| c.epsg()), Some(4326));

    let sites = read_gpkg(&path, Some("sites_z")).unwrap();
    assert_eq!(
        sites.records[0].geometry,
        RawGeometry::Ok(Geometry::Point(Point::new(TIRANA.0, TIRANA.1))),
        "Z dropped"
    );
    assert_eq!(sha256(&path), before, "the source file is never modified");
}

#[test]
fn reads_a_risk_atlas_project_layer() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = ProjectStore::create(&path).unwrap();
    store
        .write(|tx| {
            tx.write_layer(
                &layer_from_records(LayerKind::Cases, &sample_cases()),
                WriteMode::Create,
            )
        })
        .unwrap();
    store
        .write(|tx| tx.write_layer(&zones_layer(), WriteMode::Create))
        .unwrap();
    drop(store);
    let t = read_gpkg(&path, Some("cases")).unwrap();
    assert_eq!(t.records.len(), 3);
    assert_eq!(t.fields[1].kind, FieldKind::Date);
    assert_eq!(t.records[0].values[1], Value::Date(date(2024, 6, 14)));
    assert_eq!(
        t.records[0].geometry,
        RawGeometry::Ok(Geometry::Point(Point::new(TIRANA.0, TIRANA.1)))
    );
    let zones = read_gpkg(&path, Some("zonat e verës")).unwrap();
    assert_eq!(zones.records[2].geometry, RawGeometry::Missing);
    assert_eq!(zones.records[0].values[3], Value::Bool(true));
}

#[test]
fn wrong_files_are_clear_errors() {
    let dir = temp_dir();
    let missing = dir.path().join("mungon.gpkg");
    assert!(matches!(
        read_gpkg(&missing, None),
        Err(GpkgReadError::NotFound { .. })
    ));
    let text = dir.path().join("tekst.gpkg");
    std::fs::write(&text, "jo sqlite").unwrap();
    assert!(matches!(
        read_gpkg(&text, None),
        Err(GpkgReadError::NotAGeoPackage { .. })
    ));
    let empty = dir.path().join("bosh.gpkg");
    std::fs::write(&empty, "").unwrap();
    assert!(matches!(
        read_gpkg(&empty, None),
        Err(GpkgReadError::NotAGeoPackage { .. })
    ));
    let plain = dir.path().join("plain.gpkg");
    rusqlite::Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let err = read_gpkg(&plain, None).unwrap_err();
    assert!(matches!(err, GpkgReadError::NotAGeoPackage { .. }), "{err}");
    // An empty project has no feature layer.
    let p = project_in(dir.path());
    drop(ProjectStore::create(&p).unwrap());
    assert!(matches!(
        read_gpkg(&p, None),
        Err(GpkgReadError::NoLayers { .. })
    ));
}
