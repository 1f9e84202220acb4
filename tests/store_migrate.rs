//! Schema versions and other tools' files: a version-1 project migrates forward, a project
//! from a newer Risk Atlas is refused untouched, and GeoPackages written by GDAL (as QGIS
//! writes them) are adopted: their layers listed, read in WGS84, replaced and deleted.

mod store_support;

use std::path::Path;

use geo::{Geometry, LineString, MultiLineString};
use riskatlas::model::{LayerKind, Service, layer_from_records};
use riskatlas::store::{ProjectStore, StoreError, WriteMode, geom, lock_path, schema};
use rusqlite::Connection;
use store_support::*;

/// A version-1 project exactly as version 1 wrote it: core tables, V1_SQL, a roads layer.
fn write_v1_project(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", schema::GPKG_APPLICATION_ID)
        .unwrap();
    conn.pragma_update(None, "user_version", schema::GPKG_USER_VERSION)
        .unwrap();
    conn.execute_batch(schema::GPKG_CORE_SQL).unwrap();
    conn.execute_batch(schema::V1_SQL).unwrap();
    let line = Geometry::MultiLineString(MultiLineString::new(vec![LineString::from(vec![
        (19.8, 41.3),
        (19.9, 41.4),
    ])]));
    let blob = geom::encode(&line, 4326);
    conn.execute_batch(&format!(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{}', NULL);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
         INSERT INTO ra_meta VALUES ('schema_version', '1');
         INSERT INTO ra_meta VALUES ('title', 'Projekt i vjetër');
         CREATE TABLE roads (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTILINESTRING, emri TEXT);
         INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id)
           VALUES ('roads', 'features', 'roads', 19.8, 41.3, 19.9, 41.4, 4326);
         INSERT INTO gpkg_geometry_columns VALUES ('roads', 'geom', 'MULTILINESTRING', 4326, 0, 0);
         INSERT INTO ra_layers VALUES ('roads', 'roads', 'Rrugët', '{{\"width\":2}}', 1, 1);
         INSERT INTO ra_imports (imported_at, source_file, source_sha256, layer, kind, accepted,
           rejected, warnings, report_json)
           VALUES ('2026-01-01T00:00:00.000Z', 'rruget.geojson', 'ff', 'roads', 'roads', 1, 0, 0, '{{}}');",
        riskatlas::crs::Crs::wgs84().wkt().replace('\'', "''")
    ))
    .unwrap();
    conn.execute(
        "INSERT INTO roads (geom, emri) VALUES (?1, 'Rruga e Elbasanit')",
        [blob],
    )
    .unwrap();
}

#[test]
fn a_version_1_project_migrates_to_version_2() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    write_v1_project(&path);
    let mut store = ProjectStore::open(&path).unwrap();
    assert_eq!(store.meta("schema_version").unwrap().as_deref(), Some("2"));
    assert_eq!(
        store.meta("title").unwrap().as_deref(),
        Some("Projekt i vjetër")
    );
    let layers = store.layers().unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(
        (
            layers[0].kind,
            layers[0].style_json.as_deref(),
            layers[0].feature_count
        ),
        (LayerKind::Roads, Some(r#"{"width":2}"#), 1)
    );
    let imports = store.imports().unwrap();
    assert_eq!(
        (
            imports[0].entry.source_file.as_str(),
            imports[0].imported_by.as_deref()
        ),
        ("rruget.geojson", None)
    );
    // Version-2 tables work.
    store.write(|tx| tx.audit("open", "migrated")).unwrap();
    store
        .write(|tx| tx.record_analysis_run("access", "{}", Some("roads")))
        .unwrap();
    assert_eq!(store.audit_log().unwrap().len(), 1);
    drop(store);
    let again = ProjectStore::open(&path).unwrap();
    assert_eq!(
        again.analysis_runs().unwrap()[0].result_table.as_deref(),
        Some("roads")
    );
}

#[test]
fn a_project_from_a_newer_version_is_refused_untouched() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    drop(ProjectStore::create(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE ra_meta SET value = '99' WHERE key = 'schema_version'",
            [],
        )
        .unwrap();
    let before = dump(&path);
    let err = ProjectStore::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 99,
                supported: 2
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("newer Risk Atlas"), "{err}");
    assert_eq!(dump(&path), before);
    assert!(
        !lock_path(&path).exists(),
        "the lock is released after a refusal"
    );
}

#[test]
fn a_gdal_geopackage_is_adopted() {
    let dir = temp_dir();
    let path = dir.path().join("nga QGIS ç.gpkg");
    std::fs::copy(fixture("services_tm.gpkg"), &path).unwrap();
    let mut store = ProjectStore::open(&path).unwrap();
    assert_eq!(store.meta("schema_version").unwrap().as_deref(), Some("2"));
    let layers = store.layers().unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(
        (
            layers[0].name.as_str(),
            layers[0].kind,
            layers[0].feature_count
        ),
        ("services", LayerKind::Services, 3)
    );
    let [x0, y0, x1, y1] = layers[0].extent_wgs84.unwrap();
    assert!(
        x0 < TIRANA.0 && TIRANA.0 <= x1 + 1e-6 && y0 < TIRANA.1 && TIRANA.1 <= y1 + 1e-6,
        "{:?}",
        layers[0].extent_wgs84
    );
    // Stored in EPSG:6870, read in WGS84.
    let services: Vec<Service> = store.read_records(LayerKind::Services).unwrap();
    assert_eq!(services[0].name, "Qendra ditore Tiranë");
    assert!(
        (services[0].pos_wgs84.x() - TIRANA.0).abs() < 1e-7
            && (services[0].pos_wgs84.y() - TIRANA.1).abs() < 1e-7,
        "{:?}",
        services[0].pos_wgs84
    );
    // Appending to a layer in another CRS is refused; replacing it works (its R-tree goes).
    let layer = layer_from_records(LayerKind::Services, &services);
    let err = store
        .write(|tx| tx.write_layer(&layer, WriteMode::Append))
        .unwrap_err();
    assert!(matches!(err, StoreError::BadLayer { .. }), "{err}");
    store
        .write(|tx| tx.write_layer(&layer, WriteMode::Replace))
        .unwrap();
    let back: Vec<Service> = store.read_records(LayerKind::Services).unwrap();
    assert_eq!(back, services);
    let extra = [Service {
        fid: None,
        ..services[0].clone()
    }];
    let fids = store
        .write(|tx| {
            tx.write_layer(
                &layer_from_records(LayerKind::Services, &extra),
                WriteMode::Append,
            )
        })
        .unwrap();
    assert_eq!(fids, vec![4]);
    assert_eq!(store.layers().unwrap()[0].feature_count, 4);
}

#[test]
fn adopted_layers_with_spatial_index_can_be_deleted_and_bad_blobs_are_errors() {
    let dir = temp_dir();
    let path = dir.path().join("dy shtresa.gpkg");
    std::fs::copy(fixture("two_layers.gpkg"), &path).unwrap();
    let mut store = ProjectStore::open(&path).unwrap();
    let names: Vec<String> = store
        .layers()
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, ["areas", "sites_z"]);
    let err = store.read_layer("areas").unwrap_err();
    assert!(
        matches!(err, StoreError::Geometry(_)) && err.to_string().contains("feature 2"),
        "{err}"
    );
    let sites = store.read_layer("sites_z").unwrap();
    assert_eq!(
        sites.features[0].geometry_wgs84,
        Some(Geometry::Point(geo::Point::new(TIRANA.0, TIRANA.1)))
    );
    store.write(|tx| tx.delete_layer("sites_z")).unwrap();
    assert!(matches!(
        store.read_layer("sites_z"),
        Err(StoreError::NoSuchLayer(_))
    ));
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE '%sites_z%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "table, R-tree and triggers are gone");
}
