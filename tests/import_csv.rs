//! CSV import fixtures (tests/fixtures/csv, written by generate.py there) read through
//! `riskatlas::io::csv::read_csv`: delimiter, decoding (ë/ç survive), coordinate columns,
//! coordinates in source units to 1e-9, GPS accuracy, row numbers and reasons of bad rows,
//! and errors (never panics) for files that cannot be read.

use std::path::PathBuf;

use geo::Geometry;
use riskatlas::io::csv::{CsvError, CsvOptions, read_csv};
use riskatlas::io::encoding::EncodingError;
use riskatlas::io::{RawGeometry, RawTable};
use riskatlas::model::{FieldKind, Value};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

fn read_with(name: &str, opts: &CsvOptions) -> RawTable {
    read_csv(&fixture(name), opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> RawTable {
    read_with(name, &CsvOptions::default())
}

fn has_note(t: &RawTable, needle: &str) -> bool {
    t.notes.iter().any(|n| n.contains(needle))
}

fn assert_note(t: &RawTable, needle: &str) {
    assert!(has_note(t, needle), "no note '{needle}' in {:?}", t.notes);
}

/// The cell of record `i` in column `col`, as text.
fn cell(t: &RawTable, i: usize, col: &str) -> String {
    let j = t
        .field_index(col)
        .unwrap_or_else(|| panic!("no column {col}"));
    t.records[i].values[j].to_text()
}

fn value(t: &RawTable, i: usize, col: &str) -> Value {
    let j = t
        .field_index(col)
        .unwrap_or_else(|| panic!("no column {col}"));
    t.records[i].values[j].clone()
}

fn kind(t: &RawTable, col: &str) -> FieldKind {
    t.fields[t
        .field_index(col)
        .unwrap_or_else(|| panic!("no column {col}"))]
    .kind
}

#[track_caller]
fn assert_point(t: &RawTable, i: usize, x: f64, y: f64) {
    match &t.records[i].geometry {
        RawGeometry::Ok(Geometry::Point(p)) => {
            assert!(
                (p.x() - x).abs() < 1e-9 && (p.y() - y).abs() < 1e-9,
                "record {i}: {p:?}"
            );
        }
        other => panic!("record {i}: {other:?}"),
    }
}

fn numbers(t: &RawTable) -> Vec<usize> {
    t.records.iter().map(|r| r.number).collect()
}

#[test]
fn utf8_comma_lon_lat() {
    let t = read("cases_utf8.csv");
    assert_eq!(t.name, "cases_utf8");
    assert_eq!(t.declared_crs, None);
    assert_note(&t, "decoded as UTF-8");
    assert_note(&t, "delimiter ','");
    assert_note(&t, "coordinates from columns lon/lat");
    assert_eq!(t.fields.len(), 11, "every column is kept, coordinates too");
    // Row 4 holds a two-line quoted note (lines 4-5), so the next rows are lines 6 and 7.
    assert_eq!(numbers(&t), vec![2, 3, 4, 6, 7]);
    assert_eq!(cell(&t, 2, "municipality"), "Korçë");
    assert_eq!(cell(&t, 2, "note"), "shihet çdo ditë\nnë qendër");
    assert_eq!(cell(&t, 0, "note"), "pranë tregut, pasdite");
    assert_eq!(value(&t, 1, "note"), Value::Null);
    assert_eq!(cell(&t, 1, "identified_on"), "14.07.2018");
    assert_eq!(cell(&t, 2, "identified_on"), "21/08/2018");
    assert_eq!(kind(&t, "age"), FieldKind::Int);
    assert_eq!(value(&t, 0, "age"), Value::Int(9));
    assert_eq!(kind(&t, "lon"), FieldKind::Real);
    assert_eq!(kind(&t, "case_code"), FieldKind::Text);
    assert_point(&t, 0, 19.8187, 41.3275);
    assert_point(&t, 2, 20.7808, 40.6186);
    assert_point(&t, 4, 19.5126, 42.0693);
    assert!(t.records.iter().all(|r| r.gps_accuracy_m.is_none()));
}

#[test]
fn utf8_bom_semicolon_decimal_comma_albanian_headers() {
    let t = read("cases_utf8_bom_semicolon.csv");
    assert_note(&t, "decoded as UTF-8 (byte-order mark)");
    assert_note(&t, "delimiter ';'");
    assert_note(&t, "coordinates from columns Gjatësia/Gjerësia");
    assert_eq!(
        t.fields[0].name, "Kodi",
        "the BOM is not part of the first name"
    );
    assert_eq!(numbers(&t), vec![2, 3, 4]);
    assert_eq!(cell(&t, 1, "Bashkia"), "Korçë");
    assert_eq!(cell(&t, 2, "Bashkia"), "Bulqizë");
    assert_eq!(kind(&t, "Distanca_km"), FieldKind::Real);
    assert_eq!(value(&t, 0, "Distanca_km"), Value::Real(2.5));
    assert_eq!(value(&t, 1, "Gjerësia"), Value::Real(40.6186));
    assert_eq!(kind(&t, "Mosha"), FieldKind::Int);
    assert_point(&t, 0, 19.8187, 41.3275);
    assert_point(&t, 2, 20.2219, 41.4917);
}

#[test]
fn windows_1250_guessed_from_slavic_letters() {
    let t = read("cases_cp1250.csv");
    assert_note(&t, "decoded as Windows-1250 (no encoding declared)");
    assert_note(&t, "delimiter ';'");
    assert_eq!(cell(&t, 0, "municipality"), "Korçë");
    assert_eq!(cell(&t, 1, "origin"), "Čair, Shkup");
    assert_eq!(cell(&t, 2, "origin"), "Kičevo, Maqedoni e Veriut");
    assert_eq!(cell(&t, 2, "municipality"), "Bulqizë");
    assert_eq!(numbers(&t), vec![2, 3, 4]);
    assert_point(&t, 0, 20.7808, 40.6186);
    assert_point(&t, 1, 19.4565, 41.3246);
}

#[test]
fn windows_1252_by_default_when_nothing_distinguishes() {
    let t = read("cases_cp1252.csv");
    assert_note(&t, "decoded as Windows-1252 (no encoding declared)");
    assert_note(&t, "delimiter ','");
    assert_note(&t, "coordinates from columns Longitude/Latitude");
    assert_eq!(cell(&t, 0, "Team"), "EKIPI ÇELËSI");
    assert_eq!(cell(&t, 1, "Municipality"), "Korçë");
    assert_eq!(cell(&t, 2, "Municipality"), "Durrës");
    assert_point(&t, 1, 20.7808, 40.6186);
}

#[test]
fn utf16_unicode_text_from_excel() {
    let t = read("cases_utf16le.txt");
    assert_note(&t, "decoded as UTF-16LE (byte-order mark)");
    assert_note(&t, "delimiter tab");
    assert_eq!(cell(&t, 0, "municipality"), "Vlorë");
    assert_eq!(cell(&t, 1, "municipality"), "Korçë");
    assert_point(&t, 0, 19.4914, 40.4660);
}

#[test]
fn tab_separated() {
    let t = read("cases_tab.tsv");
    assert_note(&t, "delimiter tab");
    assert_note(&t, "coordinates from columns longitude/latitude");
    assert_eq!(cell(&t, 1, "municipality"), "Shkodër");
    assert_eq!(kind(&t, "gps_accuracy_m"), FieldKind::Real);
    assert_eq!(value(&t, 0, "gps_accuracy_m"), Value::Real(4.5));
    assert_point(&t, 1, 19.5126, 42.0693);
}

#[test]
fn kobo_export_uses_split_columns_and_precision() {
    let t = read("kobo_export.csv");
    assert_note(&t, "delimiter ';'");
    assert_note(
        &t,
        "coordinates from columns _gps_longitude/_gps_latitude (KoboToolbox)",
    );
    assert_note(&t, "GPS accuracy from _gps_precision");
    assert_eq!(numbers(&t), vec![2, 3, 4]);
    assert_point(&t, 0, 19.8187, 41.3275);
    assert_point(&t, 1, 20.2219, 41.4917);
    assert_eq!(t.records[0].gps_accuracy_m, Some(5.0));
    assert_eq!(t.records[1].gps_accuracy_m, Some(12.5));
    assert_eq!(t.records[2].geometry, RawGeometry::Missing);
    assert_eq!(t.records[2].gps_accuracy_m, None);
    assert_eq!(cell(&t, 1, "municipality"), "Bulqizë");
    assert_eq!(cell(&t, 0, "gps"), "41.3275 19.8187 110.0 5.0");
    assert_eq!(kind(&t, "_gps_latitude"), FieldKind::Real);
    assert_eq!(kind(&t, "_validation_status"), FieldKind::Text);
}

#[test]
fn odk_central_export() {
    let t = read("odk_export.csv");
    assert_note(
        &t,
        "location-gps-Longitude/location-gps-Latitude (ODK Central)",
    );
    assert_note(&t, "GPS accuracy from location-gps-Accuracy");
    assert_point(&t, 0, 19.4565, 41.3246);
    assert_point(&t, 1, 19.5126, 42.0693);
    assert_eq!(t.records[0].gps_accuracy_m, Some(4.8));
    assert_eq!(t.records[1].gps_accuracy_m, Some(20.0));
    assert_eq!(cell(&t, 0, "location-municipality"), "Durrës");
}

#[test]
fn single_geopoint_column() {
    let t = read("geopoint.csv");
    assert_note(&t, "geopoint column geopoint");
    assert_point(&t, 0, 19.8187, 41.3275);
    assert_point(&t, 1, 19.4565, 41.3246);
    assert_point(&t, 2, 20.7808, 40.6186);
    let acc: Vec<Option<f64>> = t.records.iter().map(|r| r.gps_accuracy_m).collect();
    assert_eq!(acc, vec![Some(5.0), None, None, None]);
    assert_eq!(t.records[3].geometry, RawGeometry::Missing);
    assert_eq!(t.records[3].number, 5);
}

#[test]
fn xy_in_albania_tm_stays_in_metres() {
    let t = read("xy_tm.csv");
    assert_note(&t, "coordinates from columns x/y (x/y)");
    assert_eq!(t.declared_crs, None);
    assert_point(&t, 0, 484822.040, 4576960.341);
    assert_point(&t, 3, 518530.171, 4595204.609);
    assert_eq!(cell(&t, 2, "municipality"), "Korçë");
}

#[test]
fn bad_rows_each_keep_their_line_and_reason() {
    let t = read("bad_rows.csv");
    assert_eq!(
        numbers(&t),
        (2..=11).collect::<Vec<_>>(),
        "no row is dropped"
    );
    let invalid = |i: usize| match &t.records[i].geometry {
        RawGeometry::Invalid(why) => why.clone(),
        other => panic!("line {}: {other:?}", t.records[i].number),
    };
    assert_point(&t, 0, 19.8187, 41.3275);
    assert_eq!(invalid(1), "latitude 'abc' (column lat) is not a number");
    assert_eq!(
        invalid(2),
        "longitude 'NaN' (column lon) is not a finite number"
    );
    assert_eq!(t.records[3].geometry, RawGeometry::Missing);
    assert_eq!(invalid(4), "latitude is empty (column lat)");
    assert_eq!(invalid(5), "row has 4 fields, header has 5");
    assert_eq!(
        cell(&t, 5, "case_code"),
        "KOR-2018-606",
        "values of a short row are kept"
    );
    // Swapped values are read as they are; validation detects the swap later.
    assert_point(&t, 6, 41.4917, 20.2219);
    assert_eq!(
        invalid(7),
        "longitude 'inf' (column lon) is not a finite number"
    );
    assert_eq!(invalid(8), "row has 6 fields, header has 5");
    assert_point(&t, 9, 19.5126, 42.0693);
    assert_eq!(kind(&t, "lon"), FieldKind::Text);
    assert_eq!(t.records.iter().filter(|r| r.values.len() == 5).count(), 10);
}

#[test]
fn undeclared_windows_1250_and_forced_encodings() {
    let t = read("non_utf8_undeclared.csv");
    assert_note(&t, "decoded as Windows-1250 (no encoding declared)");
    assert_eq!(cell(&t, 0, "origin"), "Nikšić");
    assert_eq!(cell(&t, 1, "origin"), "Đakovica");

    let forced = CsvOptions {
        encoding: Some(encoding_rs::WINDOWS_1252),
        ..Default::default()
    };
    let t = read_with("non_utf8_undeclared.csv", &forced);
    assert_note(&t, "decoded as Windows-1252 (chosen by the user)");
    assert_eq!(cell(&t, 0, "origin"), "Nikšiæ");

    let utf8 = CsvOptions {
        encoding: Some(encoding_rs::UTF_8),
        ..Default::default()
    };
    let err = read_csv(&fixture("non_utf8_undeclared.csv"), &utf8).unwrap_err();
    assert!(
        matches!(err, CsvError::Encoding(EncodingError::Malformed { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("not valid UTF-8"), "{err}");
}

#[test]
fn user_overrides_delimiter_and_columns() {
    let opts = CsvOptions {
        delimiter: Some(b','),
        lon_column: Some("X".into()),
        lat_column: Some("Y".into()),
        ..Default::default()
    };
    let t = read_with("xy_tm.csv", &opts);
    assert_note(&t, "delimiter ',' (chosen by the user)");
    assert_note(&t, "(chosen by the user)");
    assert_point(&t, 0, 484822.040, 4576960.341);

    let unknown = CsvOptions {
        lon_column: Some("easting_tm".into()),
        lat_column: Some("y".into()),
        ..Default::default()
    };
    let err = read_csv(&fixture("xy_tm.csv"), &unknown).unwrap_err();
    assert!(err.to_string().contains("no column 'easting_tm'"), "{err}");

    // Case-insensitive names, overrides win over detected columns, and both are needed.
    let lower = CsvOptions {
        lon_column: Some("y".into()),
        lat_column: Some("x".into()),
        ..Default::default()
    };
    assert_point(&read_with("xy_tm.csv", &lower), 0, 4576960.341, 484822.040);
    let half = CsvOptions {
        lat_column: Some("y".into()),
        ..Default::default()
    };
    let err = read_csv(&fixture("xy_tm.csv"), &half).unwrap_err();
    assert!(
        err.to_string().contains("not only the latitude column"),
        "{err}"
    );
}

#[test]
fn empty_file_is_a_clear_error() {
    let err = read_csv(&fixture("empty.csv"), &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(err, CsvError::Encoding(EncodingError::Empty)),
        "{err:?}"
    );
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn header_only_file_has_no_records_and_says_so() {
    let t = read("header_only.csv");
    assert!(t.records.is_empty());
    assert_eq!(t.fields.len(), 5);
    assert_note(&t, "no data rows");
}

#[test]
fn no_coordinate_columns_lists_what_was_found() {
    let err = read_csv(&fixture("no_coords.csv"), &CsvOptions::default()).unwrap_err();
    match &err {
        CsvError::NoCoordinates { columns } => {
            assert_eq!(
                columns,
                &["case_code", "identified_on", "kind", "municipality"]
            );
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("case_code, identified_on, kind, municipality"),
        "{msg}"
    );
    assert!(
        msg.contains("longitude/latitude") && msg.contains("_<q>_latitude"),
        "{msg}"
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let err = read_csv(&fixture("not_there.csv"), &CsvOptions::default()).unwrap_err();
    assert!(matches!(err, CsvError::Io { .. }), "{err:?}");
}

#[test]
fn every_fixture_reads_or_fails_cleanly() {
    let dir = fixture("");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixture dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "py" || e == "md") {
            continue;
        }
        seen += 1;
        if let Ok(t) = read_csv(&path, &CsvOptions::default()) {
            let n = numbers(&t);
            assert!(n.windows(2).all(|w| w[0] < w[1]), "{path:?}: {n:?}");
            assert!(n.iter().all(|&n| n >= 2), "{path:?}: {n:?}");
            for r in &t.records {
                assert_eq!(r.values.len(), t.fields.len(), "{path:?} line {}", r.number);
            }
        }
    }
    assert!(seen >= 15, "only {seen} fixtures");
}
