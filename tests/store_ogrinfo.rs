//! GDAL reads what the store writes: `ogrinfo` (Debian's gdal-bin) on a project with a
//! cases-like point layer and polygon layers sees the layer names, feature counts, types and
//! a known coordinate, with no error or warning. Without `ogrinfo` the tests fail with a hint
//! to install gdal-bin, unless RISKATLAS_SKIP_GDAL=1.

mod store_support;

use std::path::Path;
use std::process::Command;

use geo::MultiPolygon;
use riskatlas::model::{LayerKind, MinePerimeter, MineStatus, Service, layer_from_records};
use riskatlas::store::{ProjectStore, WriteMode};
use store_support::*;

/// `ogrinfo -ro <args> <path>`: (stdout, stderr); `None` when skipped.
fn ogrinfo(args: &[&str], path: &Path) -> Option<(String, String)> {
    let out = match Command::new("ogrinfo")
        .arg("-ro")
        .args(args)
        .arg(path)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            if std::env::var("RISKATLAS_SKIP_GDAL").as_deref() == Ok("1") {
                eprintln!("skipped: ogrinfo not found ({e}) and RISKATLAS_SKIP_GDAL=1");
                return None;
            }
            panic!(
                "ogrinfo not found ({e}): install gdal-bin (sudo apt-get install gdal-bin), or set RISKATLAS_SKIP_GDAL=1 to skip"
            );
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "ogrinfo failed: {stderr}\n{stdout}");
    // GDAL before 3.8 predates GeoPackage 1.4 and says so; anything else is a real complaint.
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("Warning"))
        .filter(|l| !(l.contains("user_version") && l.contains("may only be partially supported")))
        .collect();
    assert!(complaints.is_empty(), "ogrinfo complained: {stderr}");
    Some((stdout, stderr))
}

fn mines() -> Vec<MinePerimeter> {
    vec![MinePerimeter {
        fid: None,
        name: "Bulqizë (illustrative)".into(),
        mineral: "chromite".into(),
        status: MineStatus::Active,
        guarded: true,
        note: Some("illustrative perimeter around a real mine site".into()),
        area_wgs84: MultiPolygon::new(vec![square(20.24, 41.48, 0.02)]),
    }]
}

fn write_project(path: &Path) {
    let mut store = ProjectStore::create(path).unwrap();
    store
        .write(|tx| {
            tx.write_layer(
                &layer_from_records(LayerKind::Cases, &sample_cases()),
                WriteMode::Create,
            )?;
            tx.write_layer(
                &layer_from_records(LayerKind::Mines, &mines()),
                WriteMode::Create,
            )?;
            tx.write_layer(&zones_layer(), WriteMode::Create)?;
            tx.set_meta("title", "Projekt prove")
        })
        .unwrap();
    store.close().unwrap();
}

/// The block of `ogrinfo -so -al` output describing `layer`.
fn block<'a>(summary: &'a str, layer: &str) -> &'a str {
    let start = summary
        .find(&format!("Layer name: {layer}\n"))
        .unwrap_or_else(|| panic!("no layer {layer} in:\n{summary}"));
    let rest = &summary[start..];
    let end = rest[1..].find("Layer name: ").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

/// The coordinates of the first `POINT (x y)` in ogrinfo's output.
fn first_point(text: &str) -> (f64, f64) {
    let start = text.find("POINT (").expect("a POINT") + "POINT (".len();
    let inner = &text[start..start + text[start..].find(')').expect("closing parenthesis")];
    let mut it = inner
        .split_whitespace()
        .map(|v| v.parse::<f64>().expect("number"));
    (it.next().expect("x"), it.next().expect("y"))
}

#[test]
fn ogrinfo_lists_layers_counts_and_extents() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    write_project(&path);
    let Some((summary, _)) = ogrinfo(&["-so", "-al"], &path) else {
        return;
    };
    let cases = block(&summary, "cases");
    assert!(cases.contains("Geometry: Point\n"), "{cases}");
    assert!(cases.contains("Feature Count: 3\n"), "{cases}");
    assert!(
        cases.contains("Extent: (19.456500, 41.324600) - (20.250000, 41.490000)"),
        "{cases}"
    );
    assert!(cases.contains("identified_on: Date"), "{cases}");
    let mines = block(&summary, "mine_perimeters");
    assert!(
        mines.contains("Geometry: Multi Polygon\n") && mines.contains("Feature Count: 1\n"),
        "{mines}"
    );
    assert!(mines.contains("guarded: Integer(Boolean)"), "{mines}");
    let zones = block(&summary, "zonat e verës");
    assert!(zones.contains("Feature Count: 3\n"), "{zones}");
    // Of our own tables only the project metadata shows, as a table without geometry.
    let ours: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("Layer name: ra_"))
        .collect();
    assert_eq!(ours, ["Layer name: ra_meta"], "{summary}");
    assert!(
        block(&summary, "ra_meta").contains("Geometry: None"),
        "{summary}"
    );
}

#[test]
fn ogrinfo_reads_features_coordinates_dates_and_booleans() {
    let dir = temp_dir();
    let path = project_in(dir.path());
    write_project(&path);
    let Some((all, _)) = ogrinfo(&["-al"], &path) else {
        return;
    };
    assert!(all.contains("OGRFeature(cases):1\n"), "{all}");
    assert!(all.contains("case_code (String) = TIR-2024-001"), "{all}");
    assert!(all.contains("identified_on (Date) = 2024/06/14"), "{all}");
    assert!(all.contains("POINT (19.8187 41.3275)"), "{all}");
    assert!(all.contains("guarded (Integer(Boolean)) = 1"), "{all}");
    assert!(
        all.contains("name (String) = Bulqizë (illustrative)"),
        "{all}"
    );
    assert!(all.contains("OGRFeature(zonat e verës):20\n"), "{all}");
    assert!(all.contains("aktive (Integer(Boolean)) = 0"), "{all}");
}

#[test]
fn ogrinfo_still_reads_an_adopted_geopackage_after_we_rewrite_a_layer() {
    let dir = temp_dir();
    let path = dir.path().join("nga QGIS ë.gpkg");
    std::fs::copy(fixture("services_tm.gpkg"), &path).unwrap();
    let mut store = ProjectStore::open(&path).unwrap();
    let services: Vec<Service> = store.read_records(LayerKind::Services).unwrap();
    store
        .write(|tx| {
            tx.write_layer(
                &layer_from_records(LayerKind::Services, &services),
                WriteMode::Replace,
            )
        })
        .unwrap();
    drop(store);
    let Some((all, _)) = ogrinfo(&["-al"], &path) else {
        return;
    };
    assert!(all.contains("Feature Count: 3"), "{all}");
    let (x, y) = first_point(&all);
    assert!(
        (x - TIRANA.0).abs() < 1e-7 && (y - TIRANA.1).abs() < 1e-7,
        "{x} {y}"
    );
}
