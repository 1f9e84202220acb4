//! `riskatlas export` and the privacy rules (issue 6) on the demo project: a default export of
//! cases holds no case coordinate and no count from 1 to k − 1, its hidden counts cannot be
//! recovered from the printed total, and case-level output is explicit and audited.

mod cli_support;

use std::collections::HashSet;
use std::path::Path;

use cli_support::*;
use riskatlas::model::{Case, LayerKind};
use riskatlas::store::ProjectStore;

fn case_points(project: &Path) -> Vec<(f64, f64)> {
    let store = ProjectStore::open(project).expect("open");
    let cases: Vec<Case> = store.read_records(LayerKind::Cases).expect("cases");
    cases
        .iter()
        .map(|c| (c.pos_wgs84.x(), c.pos_wgs84.y()))
        .collect()
}

/// Every coordinate pair anywhere in a GeoJSON geometry.
fn coords(v: &serde_json::Value, out: &mut Vec<(f64, f64)>) {
    match v {
        serde_json::Value::Array(a) if a.len() >= 2 && a[0].is_number() => {
            out.push((a[0].as_f64().unwrap(), a[1].as_f64().unwrap()));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| coords(x, out)),
        _ => {}
    }
}

fn audit_rows(project: &Path) -> i64 {
    let conn = rusqlite::Connection::open(project).unwrap();
    conn.query_row(
        "SELECT count(*) FROM ra_audit WHERE action = 'export_case_level'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn export(project: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "export",
        project.to_str().unwrap(),
        "--layer",
        "cases",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    json_ok(&run(&args))
}

#[test]
fn default_export_has_no_case_coordinates_and_no_small_counts() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let points = case_points(&project);
    assert_eq!(points.len(), 3000);
    // Case positions to 1e-6 degrees (≈ 10 cm).
    let key = |(x, y): (f64, f64)| ((x * 1e6).round() as i64, (y * 1e6).round() as i64);
    let case_keys: HashSet<(i64, i64)> = points.iter().map(|p| key(*p)).collect();
    for (aggregate, k) in [(None, 5u32), (Some("municipality"), 5), (Some("h3:7"), 10)] {
        let out = dir
            .path()
            .join(format!("agg_{k}_{}.geojson", aggregate.is_some()));
        let ks = k.to_string();
        let mut extra = vec!["--k", ks.as_str()];
        if let Some(a) = aggregate {
            extra.extend(["--aggregate", a]);
        }
        let v = export(&project, &out, &extra);
        assert_eq!(v["aggregated"], true);
        assert_eq!(v["case_level"], false);
        assert_eq!(v["k"], k);
        assert_eq!(v["aggregate"], aggregate.unwrap_or("h3:8"));
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let features = doc["features"].as_array().unwrap();
        assert_eq!(v["features"], features.len());
        let (mut shown_sum, mut hidden, mut all) = (0u64, 0usize, Vec::new());
        for f in features {
            let g = &f["geometry"];
            if !g.is_null() {
                let t = g["type"].as_str().unwrap();
                assert!(t == "Polygon" || t == "MultiPolygon", "{t}");
                let mut c = Vec::new();
                coords(&g["coordinates"], &mut c);
                assert!(c.len() >= 4);
                all.extend(c);
            }
            let p = &f["properties"];
            match p["cases"].as_u64() {
                Some(n) => {
                    assert!(n == 0 || n >= u64::from(k), "count {n} below k={k}: {p}");
                    shown_sum += n;
                }
                None => {
                    let note = p["cases_note"].as_str().unwrap();
                    assert!(note == format!("<{k}") || note == "x", "{note}");
                    hidden += 1;
                }
            }
        }
        assert_eq!(v["suppressed_cells"], hidden);
        assert!(hidden > 0 && shown_sum < 3000);
        let leaked: Vec<_> = all
            .iter()
            .filter(|c| case_keys.contains(&key(**c)))
            .collect();
        assert!(leaked.is_empty(), "case coordinates exported: {leaked:?}");
    }
    // CSV as well: polygons as WKT, never lon/lat columns.
    let csv = dir.path().join("cases.csv");
    export(&project, &csv, &[]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("wkt") && !header.contains("lon"),
        "{header}"
    );
    assert_eq!(
        audit_rows(&project),
        0,
        "aggregated exports are not case-level"
    );
}

/// The attacker: from the municipality export and the printed total (3000), the range of
/// each hidden count given "<k" = 1..k − 1 and "x" = at least k. None may be pinned.
#[test]
fn hidden_municipality_counts_cannot_be_recovered_from_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("m.geojson");
    export(&project, &out, &["--aggregate", "municipality"]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let k = 5u64;
    let mut rest = 3000u64;
    let mut bounds: Vec<(u64, Option<u64>)> = Vec::new();
    for f in doc["features"].as_array().unwrap() {
        let p = &f["properties"];
        match (p["cases"].as_u64(), p["cases_note"].as_str()) {
            (Some(n), _) => rest -= n,
            (None, Some("x")) => bounds.push((k, None)),
            (None, Some(_)) => bounds.push((1, Some(k - 1))),
            other => panic!("{other:?}"),
        }
    }
    assert!(bounds.len() >= 2, "{bounds:?}");
    let lo_sum: u64 = bounds.iter().map(|b| b.0).sum();
    let hi_sum: Option<u64> = bounds.iter().map(|b| b.1).sum();
    for (i, &(lo, hi)) in bounds.iter().enumerate() {
        // Exact range of cell i under one equation with box bounds.
        let others_lo = lo_sum - lo;
        let low = match (hi_sum, hi) {
            (Some(h), Some(hi)) => lo.max(rest.saturating_sub(h - hi)),
            _ => lo,
        };
        let high = hi.map_or(rest - others_lo, |h| h.min(rest - others_lo));
        assert!(low < high, "hidden cell {i} pinned to {low}..={high}");
    }
}

#[test]
fn case_level_is_explicit_confidential_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("points.geojson");
    let v = export(&project, &out, &["--case-level"]);
    assert_eq!(v["case_level"], true);
    assert_eq!(v["aggregated"], false);
    assert_eq!(v["features"], 3000);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(
        doc["features"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["geometry"]["type"] == "Point")
    );
    assert_eq!(audit_rows(&project), 1);
    let csv = dir.path().join("points.csv");
    let human = run(&[
        "export",
        project.to_str().unwrap(),
        "--layer",
        "cases",
        "--out",
        csv.to_str().unwrap(),
        "--case-level",
    ]);
    assert!(human.status.success());
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(
        stdout.contains("CONFIDENTIAL — contains data about children"),
        "{stdout}"
    );
    assert_eq!(audit_rows(&project), 2);
    // The marking is inside the files too: a first column on every row.
    let marking = "CONFIDENTIAL: contains data about children";
    assert!(doc["features"].as_array().unwrap().iter().all(|f| {
        f["properties"]["confidential"]
            .as_str()
            .is_some_and(|m| m.contains(marking))
    }));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("confidential"));
    assert!(lines.all(|l| l.contains(marking)));
}

#[test]
fn geopackage_exports_follow_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let key = |(x, y): (f64, f64)| ((x * 1e6).round() as i64, (y * 1e6).round() as i64);
    let case_keys: HashSet<(i64, i64)> = case_points(&project).into_iter().map(key).collect();
    // Default: hexagons with suppressed counts, readable by GDAL, no case coordinate.
    let out = dir.path().join("rastet ë.gpkg");
    let v = export(&project, &out, &[]);
    assert_eq!(
        (v["aggregated"].clone(), v["format"].clone()),
        (true.into(), "gpkg".into())
    );
    let name = "cases_h3_r8";
    if let Some(info) = ogrinfo(&out, name) {
        assert!(
            info.contains(&format!("Feature Count: {}", v["features"])),
            "{info}"
        );
        assert!(info.contains("cases_note"), "{info}");
    }
    let store = ProjectStore::open(&out).expect("a GeoPackage");
    let layer = store.read_layer(name).expect("the layer");
    drop(store);
    let mut all = Vec::new();
    for f in &layer.features {
        use geo::CoordsIter;
        let g = f.geometry_wgs84.as_ref().expect("a hexagon");
        assert!(matches!(
            g,
            geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)
        ));
        all.extend(g.coords_iter().map(|c| (c.x, c.y)));
    }
    assert!(all.len() > 100);
    assert!(
        all.iter().all(|c| !case_keys.contains(&key(*c))),
        "case coordinates exported"
    );
    assert_eq!(audit_rows(&project), 0);
    // Case level: explicit, audited, marked in a column and in the layer's description.
    let out = dir.path().join("pika.gpkg");
    let v = export(&project, &out, &["--case-level"]);
    assert_eq!(v["features"], 3000);
    assert_eq!(audit_rows(&project), 1);
    let conn = rusqlite::Connection::open(&out).unwrap();
    let description: String = conn
        .query_row(
            "SELECT description FROM gpkg_contents WHERE table_name = 'cases'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(description.contains("CONFIDENTIAL"), "{description}");
    let marked: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE confidential LIKE 'KONFIDENCIALE%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(marked, 3000);
    // The project itself is never the target.
    let o = run(&[
        "export",
        project.to_str().unwrap(),
        "--layer",
        "cases",
        "--out",
        project.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("the project itself"));
    assert!(
        ProjectStore::open(&project)
            .unwrap()
            .read_layer("cases")
            .is_ok()
    );
}

#[test]
fn k_below_five_and_bad_aggregates_fail_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let p = project.to_str().unwrap();
    let out = dir.path().join("x.geojson");
    let o = out.to_str().unwrap();
    for (extra, reason) in [
        (vec!["--k", "3"], "at least 5"),
        (vec!["--aggregate", "h3:12"], "resolution"),
        (vec!["--aggregate", "qark"], "h3:RES"),
        (vec!["--with-notes"], "--case-level"),
        (
            vec!["--case-level", "--aggregate", "h3:8"],
            "without --case-level",
        ),
    ] {
        let mut args = vec!["export", p, "--layer", "cases", "--out", o];
        args.extend(extra.iter().copied());
        let r = run(&args);
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{extra:?}: {stderr}");
        assert!(stderr.contains(reason), "{extra:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1);
        assert!(!out.exists());
    }
    assert_eq!(audit_rows(&project), 0);
}
