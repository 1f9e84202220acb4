//! Shared helpers of the store tests: temp folders with spaces and non-ASCII names, sample
//! cases (codes only, never names) and a generic polygon layer, and a logical dump of a
//! GeoPackage for "unchanged" checks.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use geo::{Geometry, MultiPolygon, Point, polygon};
use riskatlas::model::{
    Case, CaseKind, CaseStatus, Feature, FeatureLayer, FieldDef, FieldKind, GeometryType,
    LayerKind, MunicipalityRef, Sex, Value,
};
use rusqlite::types::ValueRef;

pub const TIRANA: (f64, f64) = (19.8187, 41.3275);

/// A temp folder named like a real Albanian user folder: `Përdoruesi ç …/`.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("Përdoruesi ç ")
        .tempdir()
        .expect("temp dir")
}

pub fn project_in(dir: &Path) -> PathBuf {
    dir.join("Projekti im ë.gpkg")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gpkg")
        .join(name)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn sample_cases() -> Vec<Case> {
    let tirana = MunicipalityRef {
        lau_code: "AL011".into(),
        name: "Tiranë".into(),
    };
    vec![
        Case {
            fid: None,
            case_code: "TIR-2024-001".into(),
            identified_on: date(2024, 6, 14),
            kind: CaseKind::Begging,
            age: Some(9),
            sex: Sex::Female,
            status: CaseStatus::Referred,
            municipality: Some(tirana),
            team: Some("Ekipi ç 1".into()),
            gps_accuracy_m: Some(4.5),
            pos_wgs84: Point::new(TIRANA.0, TIRANA.1),
        },
        Case {
            fid: None,
            case_code: "BUL-2023-014".into(),
            identified_on: date(2023, 2, 1),
            kind: CaseKind::ChromeCollection,
            age: None,
            sex: Sex::Male,
            status: CaseStatus::Identified,
            municipality: None,
            team: None,
            gps_accuracy_m: None,
            pos_wgs84: Point::new(20.25, 41.49),
        },
        Case {
            fid: None,
            case_code: "DUR-2022-003".into(),
            identified_on: date(2022, 8, 30),
            kind: CaseKind::InformalWork,
            age: Some(15),
            sex: Sex::Unknown,
            status: CaseStatus::Closed,
            municipality: None,
            team: Some("Durrës".into()),
            gps_accuracy_m: Some(12.0),
            pos_wgs84: Point::new(19.4565, 41.3246),
        },
    ]
}

pub fn square(x: f64, y: f64, d: f64) -> geo::Polygon<f64> {
    polygon![(x: x, y: y), (x: x + d, y: y), (x: x + d, y: y + d), (x: x, y: y + d), (x: x, y: y)]
}

/// A generic MULTIPOLYGON layer with every value kind, nulls, a hole and explicit fids.
pub fn zones_layer() -> FeatureLayer {
    let fields = vec![
        FieldDef::new("emri", FieldKind::Text),
        FieldDef::new("popullsia", FieldKind::Int),
        FieldDef::new("siperfaqja km2", FieldKind::Real),
        FieldDef::new("aktive", FieldKind::Bool),
        FieldDef::new("data", FieldKind::Date),
    ];
    let mut layer = FeatureLayer::new(
        "zonat e verës",
        LayerKind::Other,
        GeometryType::MultiPolygon,
        fields,
    );
    let with_hole = geo::Polygon::new(
        square(19.0, 41.0, 1.0).exterior().clone(),
        vec![square(19.4, 41.4, 0.2).exterior().clone()],
    );
    layer.features = vec![
        Feature {
            fid: Some(10),
            geometry_wgs84: Some(Geometry::MultiPolygon(MultiPolygon::new(vec![with_hole]))),
            values: vec![
                Value::Text("Golem ë ç".into()),
                Value::Int(1200),
                Value::Real(3.25),
                Value::Bool(true),
                Value::Date(date(2024, 7, 1)),
            ],
        },
        Feature {
            fid: Some(20),
            geometry_wgs84: Some(Geometry::MultiPolygon(MultiPolygon::new(vec![
                square(19.9, 39.8, 0.1),
                square(20.0, 39.9, 0.1),
            ]))),
            values: vec![
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Bool(false),
                Value::Null,
            ],
        },
        Feature {
            fid: None,
            geometry_wgs84: None,
            values: vec![
                Value::Text("pa gjeometri".into()),
                Value::Int(-5),
                Value::Real(0.0),
                Value::Null,
                Value::Date(date(1999, 12, 31)),
            ],
        },
    ];
    layer
}

/// Every table of a SQLite file, rows in rowid order, as text: equal dumps = same content.
pub fn dump(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open for dump");
    let mut names: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .expect("tables");
    names.retain(|(n, _)| !n.starts_with("sqlite_stat"));
    let mut out = String::new();
    for (name, sql) in names {
        out.push_str(&format!("## {sql}\n"));
        let q = format!("SELECT * FROM \"{}\"", name.replace('"', "\"\""));
        let mut stmt = conn.prepare(&q).expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(r) = rows.next().expect("row") {
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).expect("cell") {
                    ValueRef::Null => "NULL".into(),
                    ValueRef::Integer(v) => v.to_string(),
                    ValueRef::Real(v) => format!("{v:?}"),
                    ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
                    ValueRef::Blob(b) => format!("blob{b:?}"),
                })
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}

pub fn sha256(path: &Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).expect("read");
    format!("{:x}", sha2::Sha256::digest(bytes))
}
