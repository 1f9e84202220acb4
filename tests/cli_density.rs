//! `riskatlas density`, run as a user would: a CSV of cases and the demo project in, a GeoTIFF
//! that GDAL reads out, the JSON summary checked against the QGIS grid rule computed here, and
//! bad inputs refused with a reason and no file.

mod cli_support;

use cli_support::*;

mod raster_support;

use std::f64::consts::PI;
use std::path::Path;

use riskatlas::crs::{Crs, Transformer};
use riskatlas::model::{Case, CaseKind, LayerKind};
use riskatlas::store::ProjectStore;

/// The QGIS heatmap grid of `pts` (metres): (cols, rows, xmin, ymax).
fn qgis_grid(pts: &[[f64; 2]], r: f64, p: f64) -> (u64, u64, f64, f64) {
    let xmin = pts.iter().map(|q| q[0]).fold(f64::INFINITY, f64::min) - r;
    let xmax = pts.iter().map(|q| q[0]).fold(f64::NEG_INFINITY, f64::max) + r;
    let ymin = pts.iter().map(|q| q[1]).fold(f64::INFINITY, f64::min) - r;
    let ymax = pts.iter().map(|q| q[1]).fold(f64::NEG_INFINITY, f64::max) + r;
    let cols = ((xmax - xmin) / p).ceil() as u64 + 1;
    let rows = ((ymax - ymin) / p).ceil() as u64 + 1;
    (cols, rows, xmin, ymax)
}

/// The summary agrees with the grid rule, each case adds π r²/(3 p²) to the sum, and GDAL reads
/// the same grid and statistics from the file.
fn check(v: &serde_json::Value, pts: &[[f64; 2]], r: f64, p: f64, epsg: u32, out: &Path) {
    assert_eq!(v["ok"], true, "{v}");
    let (cols, rows, xmin, ymax) = qgis_grid(pts, r, p);
    assert_eq!(
        (v["cols"].as_u64(), v["rows"].as_u64()),
        (Some(cols), Some(rows)),
        "{v}"
    );
    let origin = [
        v["origin"][0].as_f64().expect("x"),
        v["origin"][1].as_f64().expect("y"),
    ];
    // The cases went through WGS84 in the project: a few micrometres of round trip.
    assert!(
        (origin[0] - xmin).abs() < 1e-3 && (origin[1] - ymax).abs() < 1e-3,
        "{v}"
    );
    assert_eq!(v["pixel_m"].as_f64(), Some(p));
    assert_eq!(v["crs"], format!("EPSG:{epsg}"));
    assert_eq!(v["count"].as_u64(), Some(pts.len() as u64));
    assert_eq!(v["out"].as_str(), out.to_str());
    let sum = v["sum"].as_f64().expect("sum");
    let expected = pts.len() as f64 * PI * r * r / (3.0 * p * p);
    assert!(
        ((sum - expected) / expected).abs() < 0.01,
        "sum {sum} vs {expected}"
    );
    let (max, nonzero) = (
        v["max"].as_f64().expect("max"),
        v["nonzero"].as_u64().expect("nz"),
    );
    assert!(max > 0.0 && nonzero > 0 && nonzero <= cols * rows, "{v}");
    let Some(info) = raster_support::gdalinfo(out) else {
        return;
    };
    raster_support::assert_grid(
        &info,
        (cols as usize, rows as usize),
        (origin[0], origin[1], p),
        epsg,
        1e-6,
    );
    let (gmin, gmax, gsum) = raster_support::stats(&info);
    assert_eq!(gmin, 0.0);
    assert!((gmax - max).abs() <= 1e-6 * max, "max {gmax} vs {max}");
    assert!((gsum - sum).abs() <= 1e-5 * sum, "sum {gsum} vs {sum}");
}

#[test]
fn a_csv_of_cases_gives_the_qgis_grid_in_albania_tm_and_utm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lonlat = [
        (19.8187, 41.3275),
        (19.8203, 41.3301),
        (19.4565, 41.3231),
        (20.0836, 41.5186),
        (19.7990, 41.3100),
    ];
    let mut csv = String::from("case_code,identified_on,kind,lon,lat\n");
    for (i, (lon, lat)) in lonlat.iter().enumerate() {
        csv.push_str(&format!(
            "TIR-2024-{i:03},2024-03-0{},begging,{lon},{lat}\n",
            i + 1
        ));
    }
    let file = dir.path().join("cases.csv");
    std::fs::write(&file, csv).expect("csv");
    for (epsg, r, p) in [(6870, 1000.0, 100.0), (32634, 750.0, 30.0)] {
        let out = dir.path().join(format!("density-{epsg}.tif"));
        let crs = format!("EPSG:{epsg}");
        let o = run(&[
            "density",
            "--cases",
            file.to_str().unwrap(),
            "--radius-m",
            &r.to_string(),
            "--pixel-m",
            &p.to_string(),
            "--crs",
            &crs,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let to = Transformer::new(&Crs::wgs84(), &Crs::from_epsg(epsg).expect("crs"));
        let pts: Vec<[f64; 2]> = lonlat
            .iter()
            .map(|&(lon, lat)| to.point(lon, lat).map(|(x, y)| [x, y]).expect("projects"))
            .collect();
        check(&json(&o), &pts, r, p, epsg, &out);
    }
    // Human output names the same facts.
    let out = dir.path().join("human.tif");
    let o = run(&[
        "density",
        "--cases",
        file.to_str().unwrap(),
        "--radius-m",
        "500",
        "--pixel-m",
        "50",
        "--out",
        out.to_str().unwrap(),
        "--output",
        "per-km2",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("5 cases") && text.contains("EPSG:6870") && text.contains("per-km2"),
        "{text}"
    );
    assert!(
        text.contains("human.tif") && text.contains("non-zero"),
        "{text}"
    );
}

#[test]
fn the_demo_project_with_filters_records_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("demo.gpkg");
    let o = run(&["demo", "--out", project.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let store = ProjectStore::open(&project).expect("open");
    let cases: Vec<Case> = store.read_records(LayerKind::Cases).expect("cases");
    store.close().expect("close");
    let to = Transformer::wgs84_to_tm();
    let project_pts = |keep: &dyn Fn(&Case) -> bool| -> Vec<[f64; 2]> {
        cases
            .iter()
            .filter(|c| keep(c))
            .map(|c| {
                to.point(c.pos_wgs84.x(), c.pos_wgs84.y())
                    .map(|(x, y)| [x, y])
                    .expect("tm")
            })
            .collect()
    };
    let out = dir.path().join("all.tif");
    let o = run(&[
        "density",
        "--cases",
        project.to_str().unwrap(),
        "--radius-m",
        "2000",
        "--pixel-m",
        "250",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check(
        &json(&o),
        &project_pts(&|_| true),
        2000.0,
        250.0,
        6870,
        &out,
    );
    // A year and two kinds.
    use chrono::Datelike;
    let kinds = [
        CaseKind::from_code("begging").expect("kind"),
        CaseKind::from_code("recycling").expect("kind"),
    ];
    let keep = |c: &Case| c.identified_on.year() == 2023 && kinds.contains(&c.kind);
    let filtered = project_pts(&keep);
    assert!(
        filtered.len() > 10 && filtered.len() < cases.len(),
        "{}",
        filtered.len()
    );
    let out2 = dir.path().join("2023.tiff");
    let o = run(&[
        "density",
        "--cases",
        project.to_str().unwrap(),
        "--radius-m",
        "1500",
        "--pixel-m",
        "200",
        "--out",
        out2.to_str().unwrap(),
        "--year",
        "2023",
        "--kind",
        "begging,recycling",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check(&json(&o), &filtered, 1500.0, 200.0, 6870, &out2);
    // Both runs are in the project's history with what is needed to repeat them.
    let store = ProjectStore::open(&project).expect("open");
    let runs = store.analysis_runs().expect("runs");
    let density: Vec<_> = runs.iter().filter(|r| r.kind == "density").collect();
    assert_eq!(density.len(), 2);
    let p: serde_json::Value = serde_json::from_str(&density[1].params_json).expect("json");
    assert_eq!(p["radius_m"].as_f64(), Some(1500.0));
    assert_eq!(p["pixel_m"].as_f64(), Some(200.0));
    assert_eq!(p["crs"], "EPSG:6870");
    assert_eq!(p["output"], "raw");
    assert_eq!(p["year"].as_i64(), Some(2023));
    assert_eq!(p["kinds"], serde_json::json!(["begging", "recycling"]));
    assert_eq!(p["count"].as_u64(), Some(filtered.len() as u64));
    assert_eq!(p["out"].as_str(), out2.to_str());
}

#[test]
fn bad_inputs_exit_1_with_a_reason_and_leave_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cases.csv");
    std::fs::write(
        &file,
        "case_code,identified_on,kind,lon,lat\nA-1,2024-01-02,begging,19.8,41.3\n",
    )
    .expect("csv");
    let f = file.to_str().unwrap();
    let missing = dir.path().join("missing.csv");
    let tif = dir.path().join("out.tif");
    let t = tif.to_str().unwrap();
    let png = dir.path().join("out.png");
    let cases: [(&[&str], &str); 8] = [
        (
            &["--cases", missing.to_str().unwrap(), "--out", t],
            "does not exist",
        ),
        (
            &["--cases", f, "--out", t, "--crs", "EPSG:4326"],
            "geographic",
        ),
        (
            &["--cases", f, "--out", t, "--crs", "EPSG:99999"],
            "unknown",
        ),
        (
            &["--cases", f, "--out", t, "--crs", "Albania"],
            "EPSG:<code>",
        ),
        (&["--cases", f, "--out", png.to_str().unwrap()], ".tif"),
        (&["--cases", f, "--out", t, "--radius-m", "0"], "--radius-m"),
        (&["--cases", f, "--out", t, "--pixel-m", "-5"], "--pixel-m"),
        (&["--cases", f, "--out", t, "--year", "1999"], "no case"),
    ];
    for (args, reason) in cases {
        let mut all = vec!["density"];
        all.extend_from_slice(args);
        for (flag, value) in [("--radius-m", "1000"), ("--pixel-m", "100")] {
            if !args.contains(&flag) {
                all.extend([flag, value]);
            }
        }
        let o = run(&all);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert_eq!(
            stderr
                .trim()
                .lines()
                .last()
                .map(|l| l.starts_with("riskatlas: error:")),
            Some(true),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n != "cases.csv")
            .collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
    // --json errors are one JSON line too.
    let o = run(&[
        "density",
        "--cases",
        f,
        "--radius-m",
        "0",
        "--pixel-m",
        "100",
        "--out",
        t,
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["ok"], false);
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.contains("--radius-m")),
        "{v}"
    );
}
