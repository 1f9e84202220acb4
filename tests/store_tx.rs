//! Transactions and project bookkeeping: a failing `write` closure leaves the project exactly
//! as it was; layers are listed in order with counts and extents; bad names are refused;
//! metadata, the import log, the audit trail (users with ë/ç) and analysis runs are kept.

mod store_support;

use riskatlas::model::{FeatureLayer, LayerKind, layer_from_records};
use riskatlas::store::{ImportLogEntry, ProjectStore, StoreError, WriteMode};
use store_support::*;

#[test]
fn a_failing_write_leaves_the_project_unchanged() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    let mut store = ProjectStore::create(&path).unwrap();
    store
        .write(|tx| tx.write_layer(&zones_layer(), WriteMode::Create))
        .unwrap();
    let before = dump(&path);

    let cases = layer_from_records(LayerKind::Cases, &sample_cases());
    let entry = ImportLogEntry {
        source_file: "rastet.csv".into(),
        source_sha256: "00".repeat(32),
        layer: "cases".into(),
        kind: LayerKind::Cases,
        accepted: 3,
        rejected: 0,
        warnings: 0,
        report_json: "{}".into(),
    };
    let err = store
        .write(|tx| {
            tx.write_layer(&cases, WriteMode::Append)?;
            tx.write_layer(&zones_layer(), WriteMode::Replace)?;
            tx.delete_layer("zonat e verës")?;
            tx.set_meta("title", "nuk duhet")?;
            tx.log_import(&entry)?;
            tx.audit("import", "3 records")?;
            Err::<(), _>(StoreError::Geometry("simulated failure".into()))
        })
        .unwrap_err();
    assert!(err.to_string().contains("simulated failure"));
    assert_eq!(dump(&path), before, "rolled back while open");
    store.close().unwrap();
    assert_eq!(dump(&path), before, "and after closing");
}

#[test]
fn layers_list_in_order_with_counts_extents_and_settings() {
    let dir = temp_dir();
    let mut store = ProjectStore::create(&project_in(dir.path())).unwrap();
    store
        .write(|tx| {
            tx.write_layer(&zones_layer(), WriteMode::Create)?;
            tx.write_layer(
                &layer_from_records(LayerKind::Cases, &sample_cases()),
                WriteMode::Create,
            )?;
            Ok(())
        })
        .unwrap();
    let l = store.layers().unwrap();
    assert_eq!(
        l.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        ["zonat e verës", "cases"]
    );
    assert_eq!(
        (l[1].kind, l[1].feature_count, l[1].title.as_str()),
        (LayerKind::Cases, 3, "Identified cases")
    );
    assert_eq!(l[1].extent_wgs84, Some([19.4565, 41.3246, 20.25, 41.49]));
    assert_eq!(l[0].extent_wgs84, Some([19.0, 39.8, 20.1, 42.0]));

    store
        .write(|tx| {
            tx.set_layer_order(&["cases"])?;
            tx.set_layer_visible("zonat e verës", false)
        })
        .unwrap();
    let l = store.layers().unwrap();
    assert_eq!((l[0].name.as_str(), l[1].visible), ("cases", false));
    let err = store
        .write(|tx| tx.set_layer_style("cases", "{not json"))
        .unwrap_err();
    assert!(matches!(err, StoreError::BadLayer { .. }), "{err}");
    let err = store
        .write(|tx| tx.set_layer_visible("mungon", true))
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchLayer(_)), "{err}");
    assert!(matches!(
        store.read_layer("mungon"),
        Err(StoreError::NoSuchLayer(_))
    ));
}

#[test]
fn bad_names_are_refused() {
    let dir = temp_dir();
    let mut store = ProjectStore::create(&project_in(dir.path())).unwrap();
    store
        .write(|tx| tx.write_layer(&zones_layer(), WriteMode::Create))
        .unwrap();
    let try_layer = |store: &mut ProjectStore, l: FeatureLayer| {
        store
            .write(|tx| tx.write_layer(&l, WriteMode::Create))
            .unwrap_err()
    };
    let mut l = zones_layer();
    l.name = "gpkg_contents".into();
    assert!(matches!(
        try_layer(&mut store, l),
        StoreError::BadName { .. }
    ));
    let mut l = zones_layer();
    l.name = "ZONAT E VERëS".into(); // differs from an existing layer only in ASCII case
    assert!(matches!(
        try_layer(&mut store, l),
        StoreError::BadName { .. }
    ));
    let mut l = zones_layer();
    l.name = "x".into();
    l.fields[1].name = "FID".into();
    assert!(matches!(
        try_layer(&mut store, l),
        StoreError::BadName { .. }
    ));
    let mut l = zones_layer();
    l.name = "y".into();
    l.fields[1].name = "Emri".into();
    assert!(matches!(
        try_layer(&mut store, l),
        StoreError::BadName { .. }
    ));
    let err = store
        .write(|tx| tx.set_meta("schema_version", "1"))
        .unwrap_err();
    assert!(matches!(err, StoreError::BadName { .. }));
}

#[test]
fn meta_history_and_audit_are_kept() {
    let dir = temp_dir();
    let mut store = ProjectStore::create(&project_in(dir.path())).unwrap();
    let entry = ImportLogEntry {
        source_file: "Rastet ë ç.csv".into(),
        source_sha256: "ab".repeat(32),
        layer: "cases".into(),
        kind: LayerKind::Cases,
        accepted: 3,
        rejected: 1,
        warnings: 2,
        report_json: r#"{"accepted":3}"#.into(),
    };
    let cases = layer_from_records(LayerKind::Cases, &sample_cases());
    let run = store
        .write(|tx| {
            tx.write_layer(&cases, WriteMode::Create)?;
            tx.set_meta("title", "Projekti ë ç")?;
            assert_eq!(tx.log_import(&entry)?, 1);
            tx.audit_as("Përdoruesi ë ç", "export_case_level", "cases → rastet.csv")?;
            tx.audit("import", "3 records")?;
            tx.record_analysis_run("density", r#"{"radius_m":500}"#, Some("cases"))
        })
        .unwrap();
    assert_eq!(
        store.meta("title").unwrap().as_deref(),
        Some("Projekti ë ç")
    );
    assert_eq!(store.meta("schema_version").unwrap().as_deref(), Some("2"));
    assert_eq!(store.meta("mungon").unwrap(), None);
    let imports = store.imports().unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].entry, entry);
    assert!(imports[0].imported_at.ends_with('Z') && imports[0].imported_at.contains('T'));
    let audit = store.audit_log().unwrap();
    assert_eq!(audit[0].user, "Përdoruesi ë ç");
    assert_eq!(audit[0].detail, "cases → rastet.csv");
    assert_eq!(audit[1].user, riskatlas::store::history::current_user());
    // Deleting the result layer keeps the run, without its table (foreign key SET NULL).
    store.write(|tx| tx.delete_layer("cases")).unwrap();
    let runs = store.analysis_runs().unwrap();
    assert_eq!((runs[0].id, runs[0].result_table.as_deref()), (run, None));
    assert!(store.layers().unwrap().is_empty());
}
