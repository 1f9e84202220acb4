//! Shapefile fixtures: points in Albania TM (UTF-8 and Windows-1250 attributes), polygons
//! with a hole in UTM 34N (ESRI WKT .prj), lines and PointZ in WGS84.

use chrono::NaiveDate;
use geo::Geometry;
use riskatlas::crs::Crs;
use riskatlas::io::raw::RawGeometry;
use riskatlas::io::shapefile::read_shapefile;
use riskatlas::model::{FieldKind, Value};

use super::*;

/// Copies `stem.*` of the fixtures to a temporary directory as `new_stem.*` (extensions
/// upper-cased when asked), skipping the parts in `skip`.
pub fn copy_parts(stem: &str, new_stem: &str, skip: &[&str], upper: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        let src = fixture(&format!("{stem}.{ext}"));
        if skip.contains(&ext) || !src.exists() {
            continue;
        }
        let ext = if upper {
            ext.to_ascii_uppercase()
        } else {
            ext.to_string()
        };
        std::fs::copy(&src, dir.path().join(format!("{new_stem}.{ext}"))).unwrap();
    }
    dir
}

#[test]
fn cases_in_albania_tm_utf8() {
    let t = read_shapefile(&fixture("cases_tm.shp")).unwrap();
    assert_eq!(t.name, "cases_tm");
    let tm = Crs::from_epsg(6870).unwrap();
    assert_eq!(t.declared_crs, Some(tm.clone()));
    use FieldKind::*;
    assert_eq!(
        schema(&t),
        [
            ("case_code", Text),
            ("identified", Date),
            ("kind", Text),
            ("age", Int),
            ("sex", Text),
            ("status", Text),
            ("municip", Text),
            ("team", Text),
            ("gps_acc_m", Real),
            ("referred", Int),
        ]
    );
    assert_eq!(t.records.len(), 5);
    assert_eq!(value(&t, 0, "case_code"), &text("KOR-2019-007"));
    assert_eq!(value(&t, 0, "municip"), &text("Korçë"));
    assert_eq!(
        value(&t, 0, "identified"),
        &Value::Date(NaiveDate::from_ymd_opt(2019, 5, 14).unwrap())
    );
    assert_eq!(value(&t, 0, "age"), &Value::Int(11));
    assert_eq!(value(&t, 0, "gps_acc_m"), &Value::Real(4.5));
    assert_eq!(value(&t, 2, "gps_acc_m"), &Value::Null);
    assert_eq!(value(&t, 2, "team"), &text("Ekipi Dibër"));
    assert!(
        t.notes.iter().any(|n| n.contains("UTF-8 (from the .cpg)")),
        "{:?}",
        t.notes
    );
    let Geometry::Point(p) = geometry(&t, 1) else {
        panic!("not a point")
    };
    assert_close((p.x(), p.y()), TIRANA_TM, 0.01, "raw Albania TM");
    assert_close(
        to_wgs84(&tm, p.0),
        TIRANA_WGS84,
        DEG_1CM,
        "Tirana via EPSG:6870",
    );
    assert_eq!(t.records[4].geometry, RawGeometry::Missing, "null shape");
    assert_eq!(t.records[4].number, 5);
}

#[test]
fn any_part_path_and_upper_case_extensions() {
    let by_dbf = read_shapefile(&fixture("cases_tm.dbf")).unwrap();
    let by_shp = read_shapefile(&fixture("cases_tm.shp")).unwrap();
    assert_eq!(by_dbf, by_shp);
    let dir = copy_parts("cases_tm", "CASES", &[], true);
    let upper = read_shapefile(&dir.path().join("CASES.SHP")).unwrap();
    assert_eq!(upper.records, by_shp.records);
    assert_eq!(upper.declared_crs, by_shp.declared_crs);
}

#[test]
fn windows_1250_from_cpg_language_driver_or_guess() {
    let t = read_shapefile(&fixture("cases_cp1250.shp")).unwrap();
    assert_eq!(value(&t, 0, "municip"), &text("Korçë"));
    assert_eq!(value(&t, 3, "team"), &text("Ekipi Čair"));
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("Windows-1250 (from the .cpg)")),
        "{:?}",
        t.notes
    );

    // No .cpg, the language driver id says Windows-1250 (0xC8).
    let dir = copy_parts("cases_cp1250", "c", &["cpg"], false);
    let dbf = dir.path().join("c.dbf");
    let mut bytes = std::fs::read(&dbf).unwrap();
    bytes[29] = 0xC8;
    std::fs::write(&dbf, &bytes).unwrap();
    let t = read_shapefile(&dir.path().join("c.shp")).unwrap();
    assert_eq!(value(&t, 3, "team"), &text("Ekipi Čair"));
    assert_eq!(value(&t, 0, "municip"), &text("Korçë"));

    // Nothing declared: not UTF-8, so a Windows code page is guessed, with a note.
    bytes[29] = 0;
    std::fs::write(&dbf, &bytes).unwrap();
    let t = read_shapefile(&dir.path().join("c.shp")).unwrap();
    assert_eq!(value(&t, 0, "municip"), &text("Korçë"));
    assert!(
        t.notes.iter().any(|n| n.contains("not UTF-8")),
        "{:?}",
        t.notes
    );
}

#[test]
fn mines_in_utm_with_a_hole() {
    let t = read_shapefile(&fixture("mines_utm.shp")).unwrap();
    let utm = Crs::from_epsg(32634).unwrap();
    assert_eq!(t.declared_crs, Some(utm.clone()), "ESRI WKT .prj");
    assert_eq!(value(&t, 0, "name"), &text("Bulqizë (ilustrative)"));
    assert_eq!(value(&t, 2, "mineral"), &text("asnjë"));
    let Geometry::Polygon(bulqize) = geometry(&t, 0) else {
        panic!("not a polygon")
    };
    assert_eq!(bulqize.interiors().len(), 1, "the hole is kept");
    let hole = to_wgs84(&utm, bulqize.interiors()[0].0[0]);
    assert_close(hole, (20.248, 41.488), 1e-6, "hole corner");
    let Geometry::MultiPolygon(theken) = geometry(&t, 1) else {
        panic!("not a multipolygon")
    };
    assert_eq!(theken.0.len(), 2);
    let Geometry::Polygon(square) = geometry(&t, 2) else {
        panic!("not a polygon")
    };
    let first = square.exterior().0[0];
    assert_close((first.x, first.y), TIRANA_UTM34N, 0.01, "raw UTM 34N");
    assert_close(
        to_wgs84(&utm, first),
        TIRANA_WGS84,
        DEG_1CM,
        "Tirana via EPSG:32634",
    );
}

#[test]
fn lines_and_point_z() {
    let t = read_shapefile(&fixture("lines.shp")).unwrap();
    assert_eq!(t.declared_crs, Some(Crs::wgs84()));
    assert!(matches!(geometry(&t, 0), Geometry::LineString(l) if l.0.len() == 3));
    assert!(matches!(geometry(&t, 1), Geometry::MultiLineString(m) if m.0.len() == 2));
    assert_eq!(value(&t, 0, "name"), &text("Rruga Tiranë-Durrës"));
    let z = read_shapefile(&fixture("points_z.shp")).unwrap();
    let Geometry::Point(p) = geometry(&z, 0) else {
        panic!("not a point")
    };
    assert_eq!((p.x(), p.y()), TIRANA_WGS84);
}

#[test]
fn missing_prj_declares_nothing_with_a_note() {
    let dir = copy_parts("cases_tm", "c", &["prj"], false);
    let t = read_shapefile(&dir.path().join("c.shp")).unwrap();
    assert_eq!(t.declared_crs, None);
    assert!(
        t.notes.iter().any(|n| n.contains("no .prj")),
        "{:?}",
        t.notes
    );
    std::fs::write(dir.path().join("c.prj"), "").unwrap();
    let t = read_shapefile(&dir.path().join("c.shp")).unwrap();
    assert_eq!(t.declared_crs, None, "an empty .prj declares nothing");
}
