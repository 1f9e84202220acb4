//! Feature edits in the store: insert/read/update/delete one feature in a transaction, fids
//! never reused (AUTOINCREMENT tables and tables without it), deleted features restored with
//! their own fid, GeoPackage metadata kept right (last_change, extent, a GDAL R-tree index),
//! an audit row per edit without attribute values, stale undo refused, and GDAL's `ogrinfo`
//! still reading the edited file (skipped only with RISKATLAS_SKIP_GDAL=1).

mod store_support;

use std::path::Path;
use std::process::Command;

use geo::{Geometry, Point};
use riskatlas::edit::EditCommand;
use riskatlas::model::{Feature, LayerKind, Value, layer_from_records};
use riskatlas::store::worker::apply_edit;
use riskatlas::store::{ProjectStore, StoreError, WriteMode};
use store_support::*;

fn project_with_cases(path: &Path) -> ProjectStore {
    let mut store = ProjectStore::create(path).unwrap();
    let cases = layer_from_records(LayerKind::Cases, &sample_cases());
    store
        .write(|tx| tx.write_layer(&cases, WriteMode::Create))
        .unwrap();
    store
}

fn point(lon: f64, lat: f64) -> Option<Geometry<f64>> {
    Some(Point::new(lon, lat).into())
}

fn extent_and_change(path: &Path, layer: &str) -> ([f64; 4], String) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT min_x, min_y, max_x, max_y, last_change FROM gpkg_contents WHERE table_name = ?1",
        [layer],
        |r| Ok(([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?], r.get(4)?)),
    )
    .unwrap()
}

#[test]
fn insert_update_delete_round_trip_and_fids_are_never_reused() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = project_with_cases(&path);
    let mut new_case = store.read_feature("cases", 1).unwrap().expect("fid 1");
    new_case.fid = None;
    new_case.values[0] = Value::Text("TIR-2024-099".into());
    new_case.geometry_wgs84 = point(19.9, 41.4);
    let fid = store
        .write(|tx| tx.insert_feature("cases", &new_case))
        .unwrap();
    assert_eq!(fid, 4, "after the three sample cases");
    let read = store.read_feature("cases", fid).unwrap().expect("stored");
    assert_eq!(read.values[0], Value::Text("TIR-2024-099".into()));
    assert_eq!(read.geometry_wgs84, point(19.9, 41.4));

    let mut values = read.values.clone();
    values[3] = Value::Int(13);
    store
        .write(|tx| tx.update_feature("cases", fid, point(19.95, 41.45).as_ref(), &values))
        .unwrap();
    let updated = store.read_feature("cases", fid).unwrap().expect("stored");
    assert_eq!(updated.values[3], Value::Int(13));
    assert_eq!(updated.geometry_wgs84, point(19.95, 41.45));

    // Delete the newest feature: the next insert must not get its fid back.
    store.write(|tx| tx.delete_feature("cases", fid)).unwrap();
    assert_eq!(store.read_feature("cases", fid).unwrap(), None);
    let next = store
        .write(|tx| tx.insert_feature("cases", &new_case))
        .unwrap();
    assert_eq!(next, 5);
    // A deleted feature is restored with its own fid; unknown or taken fids are refused.
    let restored = store
        .write(|tx| tx.insert_feature("cases", &updated))
        .unwrap();
    assert_eq!(restored, fid);
    assert_eq!(
        store.read_feature("cases", fid).unwrap(),
        Some(updated.clone())
    );
    for bad in [fid, 99] {
        let mut f = updated.clone();
        f.fid = Some(bad);
        let err = store
            .write(|tx| tx.insert_feature("cases", &f))
            .unwrap_err();
        assert!(err.to_string().contains("cannot be restored"), "{err}");
    }
    let err = store
        .write(|tx| tx.update_feature("cases", 42, None, &[]))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NoSuchFeature { fid: 42, .. }),
        "{err}"
    );
    // A polygon does not fit a point layer; nothing is written.
    let before = store.read_feature("cases", 1).unwrap();
    let poly: Geometry<f64> = square(19.0, 41.0, 0.1).into();
    let err = store
        .write(|tx| tx.update_feature("cases", 1, Some(&poly), &values))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot be stored in a POINT layer"),
        "{err}"
    );
    assert_eq!(store.read_feature("cases", 1).unwrap(), before);
    store.close().unwrap();
}

#[test]
fn edits_keep_last_change_and_the_extent_and_write_an_audit_row_without_values() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = project_with_cases(&path);
    let (extent0, change0) = extent_and_change(&path, "cases");
    assert_eq!(extent0, [19.4565, 41.3246, 20.25, 41.49]);
    // Move the easternmost case further east: the extent grows.
    let f = store.read_feature("cases", 2).unwrap().expect("fid 2");
    std::thread::sleep(std::time::Duration::from_millis(5));
    store
        .write(|tx| tx.update_feature("cases", 2, point(20.5, 41.6).as_ref(), &f.values))
        .unwrap();
    let (extent1, change1) = extent_and_change(&path, "cases");
    assert_eq!(extent1, [19.4565, 41.3246, 20.5, 41.6]);
    assert!(change1 > change0, "{change1} after {change0}");
    // Delete it: the extent shrinks back to the remaining cases.
    store.write(|tx| tx.delete_feature("cases", 2)).unwrap();
    let (extent2, _) = extent_and_change(&path, "cases");
    assert_eq!(extent2, [19.4565, 41.3246, 19.8187, 41.3275]);

    let audit = store.audit_log().unwrap();
    let edits: Vec<(&str, &str)> = audit
        .iter()
        .filter(|a| a.action.starts_with("edit_"))
        .map(|a| (a.action.as_str(), a.detail.as_str()))
        .collect();
    assert_eq!(
        edits,
        [
            ("edit_update", "layer 'cases', fid 2: geometry"),
            ("edit_delete", "layer 'cases', fid 2"),
        ]
    );
    let all = format!("{audit:?}");
    assert!(!all.contains("BUL-2023-014"), "no case codes in the audit");
    store.close().unwrap();
}

#[test]
fn a_table_without_autoincrement_still_never_reuses_a_fid() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    drop(ProjectStore::create(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE plain (fid INTEGER PRIMARY KEY, geom POINT, label TEXT);
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
           VALUES ('plain', 'features', 'plain', 4326);
         INSERT INTO gpkg_geometry_columns VALUES ('plain', 'geom', 'POINT', 4326, 0, 0);",
    )
    .unwrap();
    drop(conn);
    let mut store = ProjectStore::open(&path).unwrap();
    let f = Feature {
        fid: None,
        geometry_wgs84: point(19.8, 41.3),
        values: vec![Value::Text("a".into())],
    };
    let a = store.write(|tx| tx.insert_feature("plain", &f)).unwrap();
    let b = store.write(|tx| tx.insert_feature("plain", &f)).unwrap();
    store.write(|tx| tx.delete_feature("plain", b)).unwrap();
    let c = store.write(|tx| tx.insert_feature("plain", &f)).unwrap();
    assert_eq!((a, b, c), (1, 2, 3));
    store.close().unwrap();
    // The high water mark survives closing.
    let mut store = ProjectStore::open(&path).unwrap();
    store.write(|tx| tx.delete_feature("plain", c)).unwrap();
    let d = store.write(|tx| tx.insert_feature("plain", &f)).unwrap();
    assert_eq!(d, 4);
}

#[test]
fn an_undo_of_a_feature_changed_elsewhere_is_refused() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = project_with_cases(&path);
    let before = store.read_feature("cases", 1).unwrap().expect("fid 1");
    let mut after = before.clone();
    after.geometry_wgs84 = point(19.82, 41.33);
    let cmd = EditCommand::Update {
        layer: "cases".into(),
        fid: 1,
        before: before.clone(),
        after,
    };
    let applied = store.write(|tx| apply_edit(tx, &cmd)).unwrap();
    assert_eq!(applied, cmd, "the stored values equal the requested ones");
    // Someone else moves it again; undoing our edit would overwrite theirs.
    store
        .write(|tx| tx.update_feature("cases", 1, point(19.7, 41.2).as_ref(), &before.values))
        .unwrap();
    let err = store
        .write(|tx| apply_edit(tx, &applied.inverse()))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::EditConflict { fid: 1, .. }),
        "{err}"
    );
    assert_eq!(
        store
            .read_feature("cases", 1)
            .unwrap()
            .unwrap()
            .geometry_wgs84,
        point(19.7, 41.2)
    );
}

fn rtree_box(path: &Path, fid: i64) -> Option<[f64; 4]> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT minx, miny, maxx, maxy FROM rtree_cases_geom WHERE id = ?1",
        [fid],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
    )
    .ok()
}

/// Adds to the project's `cases` layer the R-tree index GDAL builds: the virtual table, GDAL's
/// own triggers (copied from a file GDAL wrote, renamed), its extension row, current rows.
fn add_gdal_rtree(path: &Path) {
    let gdal = rusqlite::Connection::open(fixture("two_layers.gpkg")).unwrap();
    let triggers: Vec<String> = gdal
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_sites_z_geom_%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap();
    assert_eq!(triggers.len(), 6, "{triggers:?}");
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE rtree_cases_geom USING rtree(id, minx, maxx, miny, maxy);
         CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT,
           extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
           CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
         INSERT INTO gpkg_extensions VALUES ('cases', 'geom', 'gpkg_rtree_index',
           'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');",
    )
    .unwrap();
    for t in triggers {
        conn.execute_batch(&t.replace("sites_z", "cases")).unwrap();
    }
    for (i, c) in sample_cases().iter().enumerate() {
        let (x, y) = (c.pos_wgs84.x(), c.pos_wgs84.y());
        conn.execute(
            "INSERT INTO rtree_cases_geom VALUES (?1, ?2, ?2, ?3, ?3)",
            rusqlite::params![i as i64 + 1, x, y],
        )
        .unwrap();
    }
}

#[test]
fn edits_keep_a_gdal_rtree_index_and_gdal_reads_the_file() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    project_with_cases(&path).close().unwrap();
    add_gdal_rtree(&path);
    let mut store = ProjectStore::open(&path).unwrap();
    let old = store.read_feature("cases", 1).unwrap().expect("case 1");
    store
        .write(|tx| tx.update_feature("cases", 1, point(20.31, 41.71).as_ref(), &old.values))
        .unwrap();
    let mut new = old.clone();
    new.fid = None;
    new.values[0] = Value::Text("TIR-2024-200".into());
    new.geometry_wgs84 = point(19.61, 40.41);
    let fid = store.write(|tx| tx.insert_feature("cases", &new)).unwrap();
    store.close().unwrap();
    // The R-tree stores 32-bit floats, rounded outwards.
    let b = rtree_box(&path, 1).expect("case 1 indexed");
    let want = [20.31, 41.71, 20.31, 41.71];
    assert!(
        b.iter().zip(want).all(|(a, w)| (a - w).abs() < 1e-5),
        "{b:?}"
    );
    assert!(rtree_box(&path, fid).is_some(), "the new case is indexed");

    let mut store = ProjectStore::open(&path).unwrap();
    store.write(|tx| tx.delete_feature("cases", fid)).unwrap();
    store.close().unwrap();
    assert_eq!(rtree_box(&path, fid), None, "and removed from the index");

    // GDAL uses the index for a spatial filter: the moved case is found at its new place.
    let Some(found) = ogrinfo(&["-al", "-spat", "20.3", "41.7", "20.32", "41.72"], &path) else {
        return;
    };
    let cases: Vec<&str> = found
        .lines()
        .filter(|l| l.starts_with("OGRFeature(cases)"))
        .collect();
    assert_eq!(cases, ["OGRFeature(cases):1"], "{found}");
}

/// `ogrinfo -ro <args> <path>` stdout; `None` when GDAL is absent and RISKATLAS_SKIP_GDAL=1.
fn ogrinfo(args: &[&str], path: &Path) -> Option<String> {
    let out = match Command::new("ogrinfo")
        .arg("-ro")
        .args(args)
        .arg(path)
        .output()
    {
        Ok(out) => out,
        Err(e) if std::env::var("RISKATLAS_SKIP_GDAL").as_deref() == Ok("1") => {
            eprintln!("skipped: ogrinfo not found ({e})");
            return None;
        }
        Err(e) => panic!("ogrinfo not found ({e}): install gdal-bin or set RISKATLAS_SKIP_GDAL=1"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ogrinfo failed: {stderr}");
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("Warning"))
        .filter(|l| !(l.contains("user_version") && l.contains("may only be partially supported")))
        .collect();
    assert!(complaints.is_empty(), "ogrinfo complained: {stderr}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn ogrinfo_reads_an_edited_project() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = project_with_cases(&path);
    let mut f = store.read_feature("cases", 3).unwrap().expect("fid 3");
    f.fid = None;
    f.values[0] = Value::Text("DUR-2024-100".into());
    f.geometry_wgs84 = point(19.45, 41.3);
    let fid = store.write(|tx| tx.insert_feature("cases", &f)).unwrap();
    store.write(|tx| tx.delete_feature("cases", 1)).unwrap();
    store.close().unwrap();
    let Some(all) = ogrinfo(&["-al"], &path) else {
        return;
    };
    assert!(all.contains("Feature Count: 3\n"), "{all}");
    assert!(!all.contains("OGRFeature(cases):1\n"), "{all}");
    assert!(all.contains(&format!("OGRFeature(cases):{fid}\n")), "{all}");
    assert!(all.contains("case_code (String) = DUR-2024-100"), "{all}");
    assert!(all.contains("POINT (19.45 41.3)"), "{all}");
    assert!(
        all.contains("Extent: (19.450000, 41.300000) - (20.250000, 41.490000)"),
        "{all}"
    );
}
