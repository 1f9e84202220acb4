//! The project worker thread: it holds the project (and its lock) while open, applies edits
//! one transaction each with non-blocking replies, undoes and redoes through the history, runs
//! other jobs, survives a panicking job, and closes cleanly when closed or dropped.

mod store_support;

use std::path::Path;
use std::time::{Duration, Instant};

use geo::{Geometry, Point};
use riskatlas::edit::{EditCommand, EditPurpose, History};
use riskatlas::model::{LayerKind, Value, layer_from_records};
use riskatlas::store::worker::EditReply;
use riskatlas::store::{ProjectStore, ProjectWorker, StoreError, WriteMode};
use store_support::*;

fn project(path: &Path) -> ProjectStore {
    let mut store = ProjectStore::create(path).unwrap();
    let cases = layer_from_records(LayerKind::Cases, &sample_cases());
    store
        .write(|tx| tx.write_layer(&cases, WriteMode::Create))
        .unwrap();
    store
}

/// Polls like the UI does, until the reply arrives (at most 10 s).
fn reply(worker: &ProjectWorker) -> EditReply {
    let start = Instant::now();
    loop {
        if let Some(r) = worker.poll() {
            return r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no reply in 10 s"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn point(lon: f64, lat: f64) -> Option<Geometry<f64>> {
    Some(Point::new(lon, lat).into())
}

fn journal_mode(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn edits_persist_after_close_and_reopen() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let store = project(&path);
    let mut feature = store.read_feature("cases", 1).unwrap().expect("case 1");
    feature.fid = None;
    feature.values[0] = Value::Text("TIR-2024-050".into());
    feature.geometry_wgs84 = point(19.83, 41.34);
    let worker = ProjectWorker::spawn(store).unwrap();
    assert!(worker.poll().is_none(), "nothing before a request");
    worker
        .apply(
            EditPurpose::New,
            EditCommand::Insert {
                layer: "cases".into(),
                feature: feature.clone(),
            },
        )
        .unwrap();
    let r = reply(&worker);
    assert_eq!(r.purpose, EditPurpose::New);
    let applied = r.result.expect("inserted");
    assert_eq!(applied.fid(), Some(4));
    worker.close().unwrap();
    assert_eq!(journal_mode(&path), "delete");
    assert!(
        !riskatlas::store::lock_path(&path).exists(),
        "lock released"
    );

    let store = ProjectStore::open(&path).unwrap();
    let stored = store.read_feature("cases", 4).unwrap().expect("persisted");
    assert_eq!(stored.values[0], Value::Text("TIR-2024-050".into()));
    assert_eq!(stored.geometry_wgs84, point(19.83, 41.34));
}

#[test]
fn the_worker_holds_the_lock_until_dropped() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let worker = ProjectWorker::spawn(project(&path)).unwrap();
    let err = ProjectStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyOpen { .. }), "{err}");
    // A job on the worker sees the project.
    let count = worker
        .run(|store| store.read_layer("cases").map(|l| l.features.len()))
        .unwrap()
        .wait()
        .unwrap()
        .unwrap();
    assert_eq!(count, 3);
    drop(worker);
    assert_eq!(journal_mode(&path), "delete", "closed cleanly on drop");
    ProjectStore::open(&path).expect("free again after the worker is dropped");
}

#[test]
fn undo_and_redo_go_through_the_worker_and_reach_the_file() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let store = project(&path);
    let before = store.read_feature("cases", 2).unwrap().expect("case 2");
    let worker = ProjectWorker::spawn(store).unwrap();
    let mut history = History::default();
    let mut after = before.clone();
    after.geometry_wgs84 = point(20.3, 41.55);
    after.values[5] = Value::Text("closed".into());
    let cmd = EditCommand::Update {
        layer: "cases".into(),
        fid: 2,
        before: before.clone(),
        after,
    };
    worker.apply(EditPurpose::New, cmd).unwrap();
    history.record(reply(&worker).result.unwrap());

    let read = |w: &ProjectWorker| {
        w.run(|s| s.read_feature("cases", 2))
            .unwrap()
            .wait()
            .unwrap()
            .unwrap()
            .expect("case 2")
    };
    assert_eq!(read(&worker).geometry_wgs84, point(20.3, 41.55));
    worker
        .apply(EditPurpose::Undo, history.next_undo().unwrap())
        .unwrap();
    let r = reply(&worker);
    assert_eq!(r.purpose, EditPurpose::Undo);
    history.undone(r.result.unwrap());
    assert_eq!(read(&worker), before, "undone on disk");
    worker
        .apply(EditPurpose::Redo, history.next_redo().unwrap())
        .unwrap();
    history.redone(reply(&worker).result.unwrap());
    let redone = read(&worker);
    assert_eq!(redone.values[5], Value::Text("closed".into()));
    assert_eq!(history.len(), (1, 0));

    // A refused edit (no such feature) changes nothing and says why.
    let mut ghost = before.clone();
    ghost.fid = Some(77);
    worker
        .apply(
            EditPurpose::New,
            EditCommand::Delete {
                layer: "cases".into(),
                feature: ghost,
            },
        )
        .unwrap();
    let err = reply(&worker).result.unwrap_err();
    assert!(
        matches!(err, StoreError::NoSuchFeature { fid: 77, .. }),
        "{err}"
    );
    worker.close().unwrap();
}

#[test]
fn a_panicking_job_does_not_take_the_project_down() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let worker = ProjectWorker::spawn(project(&path)).unwrap();
    let failed = worker
        .run(|store| {
            let _ = store.write(|tx| tx.set_meta("title", "half-done"));
            if store.path().exists() {
                panic!("simulated bug in a job");
            }
        })
        .unwrap();
    assert!(matches!(failed.wait(), Err(StoreError::WorkerLost)));
    assert!(!worker.is_lost());
    let title = worker
        .run(|store| store.meta("title"))
        .unwrap()
        .wait()
        .unwrap()
        .unwrap();
    assert_eq!(title.as_deref(), Some("half-done"), "its own commit stays");
    worker.close().unwrap();
}

#[test]
fn an_edit_shown_as_saved_survives_a_crash() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let store = project(&path);
    let before = store.read_feature("cases", 3).unwrap().expect("case 3");
    let worker = ProjectWorker::spawn(store).unwrap();
    let mut after = before.clone();
    after.values[5] = Value::Text("managed".into());
    let cmd = EditCommand::Update {
        layer: "cases".into(),
        fid: 3,
        before,
        after,
    };
    worker.apply(EditPurpose::New, cmd).unwrap();
    reply(&worker).result.expect("saved");
    // The files as a crash would leave them right now (the worker never closes): the
    // database and its write-ahead log, copied while still open.
    let crashed = dir.path().join("pas rrëzimit.gpkg");
    std::fs::copy(&path, &crashed).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let mut crashed_wal = crashed.as_os_str().to_owned();
    crashed_wal.push("-wal");
    std::fs::copy(&wal, &crashed_wal).unwrap();
    let store = ProjectStore::open(&crashed).unwrap();
    let stored = store.read_feature("cases", 3).unwrap().expect("case 3");
    assert_eq!(stored.values[5], Value::Text("managed".into()));
    drop(worker);
}
