//! Opening projects: GeoPackage header and core tables, the "already open" lock (same process
//! and another process), and wrong files. Migrations and adoption: store_migrate.rs.

mod store_support;

use std::path::Path;
use std::process::Command;

use riskatlas::model::{LayerKind, layer_from_records};
use riskatlas::store::{ProjectStore, StoreError, WriteMode, lock_path};
use rusqlite::Connection;
use store_support::*;

#[test]
fn a_new_project_is_a_geopackage() {
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
    drop(store);
    assert!(!lock_path(&path).exists(), "lock file removed on close");
    assert!(
        !Path::new(&format!("{}-wal", path.display())).exists(),
        "WAL folded in on close"
    );
    let conn = Connection::open(&path).unwrap();
    let q = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
            .unwrap()
    };
    use rusqlite::types::Value::{Integer, Text};
    assert_eq!(q("PRAGMA application_id"), Integer(0x4750_4B47));
    assert_eq!(q("PRAGMA user_version"), Integer(10300));
    assert_eq!(
        q("PRAGMA journal_mode"),
        Text("delete".into()),
        "self-contained after close"
    );
    assert_eq!(
        q(
            "SELECT group_concat(srs_id) FROM (SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id)"
        ),
        Text("-1,0,4326".into())
    );
    let wkt = riskatlas::crs::Crs::wgs84().wkt().to_string();
    assert_eq!(
        q("SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = 4326"),
        Text(wkt)
    );
    assert_eq!(
        q("SELECT data_type || ',' || srs_id FROM gpkg_contents WHERE table_name = 'cases'"),
        Text("features,4326".into())
    );
    assert_eq!(
        q("SELECT min_x FROM gpkg_contents WHERE table_name = 'cases'"),
        rusqlite::types::Value::Real(19.4565)
    );
    assert_eq!(
        q(
            "SELECT column_name || ',' || geometry_type_name || ',' || srs_id FROM gpkg_geometry_columns"
        ),
        Text("geom,POINT,4326".into())
    );
    let Text(ddl) = q("SELECT sql FROM sqlite_master WHERE name = 'cases'") else {
        panic!("no table")
    };
    assert!(
        ddl.contains("fid INTEGER PRIMARY KEY AUTOINCREMENT"),
        "{ddl}"
    );
    assert!(
        ddl.contains("geom POINT") && ddl.contains("\"identified_on\" DATE"),
        "{ddl}"
    );
}

#[test]
fn create_refuses_an_existing_file_and_open_a_missing_one() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    drop(ProjectStore::create(&path).unwrap());
    assert!(matches!(
        ProjectStore::create(&path),
        Err(StoreError::Exists { .. })
    ));
    let missing = dir.path().join("mungon.gpkg");
    assert!(matches!(
        ProjectStore::open(&missing),
        Err(StoreError::NotFound { .. })
    ));
    let no_dir = dir.path().join("dosje që mungon").join("p.gpkg");
    let err = ProjectStore::create(&no_dir).unwrap_err();
    assert!(err.to_string().contains("dosje që mungon"), "{err}");
}

#[test]
fn wrong_files_are_not_projects() {
    let dir = temp_dir();
    let cases = [
        ("bosh.gpkg", None),
        ("tekst.gpkg", Some(b"fid,emri\n1,Tirane\n".as_slice())),
    ];
    for (name, bytes) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes.unwrap_or_default()).unwrap();
        let err = ProjectStore::open(&p).unwrap_err();
        assert!(
            matches!(err, StoreError::NotAProject { .. }),
            "{name}: {err}"
        );
    }
    let plain = dir.path().join("plain.sqlite");
    Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = dump(&plain);
    let err = ProjectStore::open(&plain).unwrap_err();
    assert!(err.to_string().contains("GeoPackage"), "{err}");
    assert_eq!(dump(&plain), before, "a refused file is not modified");
}

#[test]
fn a_second_open_in_this_process_is_refused() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let first = ProjectStore::create(&path).unwrap();
    let err = ProjectStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyOpen { .. }));
    assert!(
        err.to_string()
            .contains("is already open in another Risk Atlas window"),
        "{err}"
    );
    assert!(
        err.to_string().contains("Përdoruesi ç"),
        "names the path: {err}"
    );
    drop(first);
    ProjectStore::open(&path).unwrap();
}

/// Run by `another_process_gets_already_open` in a child process; does nothing otherwise.
#[test]
fn child_process_open_probe() {
    let Some(path) = std::env::var_os("RA_STORE_CHILD_OPEN") else {
        return;
    };
    match ProjectStore::open(Path::new(&path)) {
        Ok(_) => println!("CHILD-RESULT: opened"),
        Err(e) => println!("CHILD-RESULT: {e}"),
    }
}

#[test]
fn another_process_gets_already_open() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let child = || {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "child_process_open_probe",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RA_STORE_CHILD_OPEN", &path)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let store = ProjectStore::create(&path).unwrap();
    let out = child();
    assert!(
        out.contains("CHILD-RESULT:")
            && out.contains("is already open in another Risk Atlas window"),
        "{out}"
    );
    drop(store);
    assert!(child().contains("CHILD-RESULT: opened"));
}
