//! The bad-input corpus: every bad file gives a clear error or invalid records with their
//! feature numbers, never a panic; and no reader changes a source file.

use riskatlas::io::geojson::{GeoJsonError, read_geojson, read_geojson_bytes};
use riskatlas::io::raw::RawGeometry;
use riskatlas::io::shapefile::{ShapefileError, read_shapefile};
use riskatlas::io::topojson::read_topojson_bytes;

use super::shapefile::copy_parts;
use super::*;

#[test]
fn truncated_geojson_names_line_and_column() {
    let e = read_geojson(&fixture("truncated.geojson")).unwrap_err();
    assert!(matches!(e, GeoJsonError::Syntax { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.starts_with("GeoJSON is not valid JSON at line "),
        "{msg}"
    );
    assert!(
        msg.contains(", column ") && msg.contains("EOF while parsing"),
        "{msg}"
    );
}

#[test]
fn wrong_types_make_invalid_records_with_numbers() {
    let t = read_geojson(&fixture("wrong_types.geojson")).unwrap();
    assert_eq!(
        t.records.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert!(invalid_reason(&t, 0).contains("\"20.78\" is text, not a number"));
    assert!(invalid_reason(&t, 1).contains("unknown geometry type 'Polygonz'"));
    assert!(invalid_reason(&t, 2).contains("has 1 number"));
    assert!(invalid_reason(&t, 3).contains("expected an array"));
    assert!(matches!(t.records[4].geometry, RawGeometry::Ok(_)));
    assert!(
        t.notes
            .iter()
            .any(|n| n.starts_with("feature 5: \"properties\" is a number")),
        "{:?}",
        t.notes
    );
    assert_eq!(value(&t, 4, "case_code"), &riskatlas::model::Value::Null);
    assert_eq!(value(&t, 5, "case_code"), &text("KOR-2019-106"));
}

#[test]
fn nan_coordinates_are_invalid_features_not_a_failed_file() {
    let t = read_geojson(&fixture("nan_coords.geojson")).unwrap();
    assert!(invalid_reason(&t, 0).contains("NaN is not a finite number"));
    assert!(invalid_reason(&t, 1).contains("-Infinity is not a finite number"));
    assert!(matches!(t.records[2].geometry, RawGeometry::Ok(_)));
    assert_eq!(value(&t, 0, "note"), &text("NaN in text is fine"));
    assert!(t.notes.iter().any(|n| n.contains("NaN")), "{:?}", t.notes);
}

#[test]
fn empty_files() {
    let e = read_geojson(&fixture("empty.geojson")).unwrap_err();
    assert!(matches!(e, GeoJsonError::Empty), "{e}");
    let e = read_shapefile(&fixture("zero_byte_shp/cases.shp")).unwrap_err();
    assert!(matches!(e, ShapefileError::EmptyPart { .. }), "{e}");
    assert!(
        e.to_string().contains("cases.shp is empty (0 bytes)"),
        "{e}"
    );
}

#[test]
fn missing_parts_are_named() {
    let e = read_shapefile(&fixture("missing_dbf/cases.shp")).unwrap_err();
    assert!(
        matches!(e, ShapefileError::MissingPart { part: ".dbf", .. }),
        "{e}"
    );
    assert!(
        e.to_string().contains("missing_dbf/cases.dbf is missing"),
        "{e}"
    );
    let dir = copy_parts("cases_tm", "c", &["shx"], false);
    let e = read_shapefile(&dir.path().join("c.shp")).unwrap_err();
    assert!(e.to_string().contains("no .shx file"), "{e}");
    let e = read_shapefile(&dir.path().join("nothing.shp")).unwrap_err();
    assert!(matches!(e, ShapefileError::NotFound { .. }), "{e}");
}

#[test]
fn unknown_prj_is_an_error_naming_it() {
    let dir = copy_parts("cases_tm", "c", &[], false);
    std::fs::write(
        dir.path().join("c.prj"),
        r#"PROJCS["Mars_Sinusoidal",GEOGCS["GCS_Mars"]]"#,
    )
    .unwrap();
    let e = read_shapefile(&dir.path().join("c.shp")).unwrap_err();
    assert!(matches!(e, ShapefileError::UnknownPrj { .. }), "{e}");
    assert!(e.to_string().contains("'Mars_Sinusoidal'"), "{e}");
}

#[test]
fn truncated_shp_keeps_every_record() {
    let dir = copy_parts("mines_utm", "m", &[], false);
    let shp = dir.path().join("m.shp");
    let bytes = std::fs::read(&shp).unwrap();
    std::fs::write(&shp, &bytes[..bytes.len() - 200]).unwrap();
    let t = read_shapefile(&shp).unwrap();
    assert_eq!(t.records.len(), 3, "no record dropped");
    assert!(matches!(t.records[0].geometry, RawGeometry::Ok(_)));
    assert!(
        invalid_reason(&t, 2).contains("could not be read"),
        "{:?}",
        t.records[2].geometry
    );
}

/// Every prefix and many single-byte corruptions of good files: errors, never panics.
#[test]
fn damaged_files_never_panic() {
    for name in ["services.geojson", "legacy_crs_6870.geojson"] {
        let good = std::fs::read(fixture(name)).unwrap();
        for n in 0..good.len() {
            let _ = read_geojson_bytes(&good[..n], "x");
        }
    }
    let topo = std::fs::read(fixture("municipalities.topojson")).unwrap();
    for n in 0..topo.len() {
        let _ = read_topojson_bytes(&topo[..n], Some("municipalities"));
    }
    for stem in ["mines_utm", "cases_tm", "lines"] {
        for ext in ["shp", "shx", "dbf"] {
            let dir = copy_parts(stem, "d", &[], false);
            let part = dir.path().join(format!("d.{ext}"));
            let good = std::fs::read(&part).unwrap();
            for n in (0..good.len()).step_by(3) {
                std::fs::write(&part, &good[..n]).unwrap();
                let _ = read_shapefile(&dir.path().join("d.shp"));
                let mut flipped = good.clone();
                flipped[n] ^= 0xA5;
                std::fs::write(&part, &flipped).unwrap();
                let _ = read_shapefile(&dir.path().join("d.shp"));
            }
        }
    }
}

/// Reading never changes a source file.
#[test]
fn sources_are_byte_identical_after_reading() {
    let dir = fixture("");
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else {
            files.push(p);
        }
    }
    let before: Vec<(std::path::PathBuf, Vec<u8>, std::time::SystemTime)> = files
        .iter()
        .map(|p| {
            (
                p.clone(),
                std::fs::read(p).unwrap(),
                std::fs::metadata(p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    for p in &files {
        match p.extension().and_then(|e| e.to_str()) {
            Some("geojson") => drop(read_geojson(p)),
            Some("topojson") => drop(riskatlas::io::topojson::read_topojson(
                p,
                Some("municipalities"),
            )),
            Some("shp" | "dbf" | "shx") => drop(read_shapefile(p)),
            _ => {}
        }
    }
    for (p, bytes, modified) in before {
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{} changed", p.display());
        assert_eq!(
            std::fs::metadata(&p).unwrap().modified().unwrap(),
            modified,
            "{} touched",
            p.display()
        );
    }
}
