//! `riskatlas nearest` and `riskatlas coverage` through the real binary: small CSV/GeoJSON
//! inputs with known answers, the demo project, and bad inputs (exit 1 with a reason).

mod cli_support;

use cli_support::*;

use std::path::{Path, PathBuf};
use std::process::Output;

use riskatlas::crs::Transformer;

fn fails_with(out: &Output, reason: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains(reason), "expected '{reason}' in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

const TIRANA: (f64, f64) = (19.8187, 41.3275);
const DURRES: (f64, f64) = (19.4565, 41.3246);

/// Four good cases and one bad row; a day centre in Tirana, a CPU in Durrës, a school.
fn small_inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let cases = dir.join("cases.csv");
    std::fs::write(
        &cases,
        format!(
            "case_code,identified_on,kind,lon,lat\n\
             TIR-1,2024-05-01,begging,{},{}\n\
             TIR-2,2024-05-01,begging,{},{}\n\
             DUR-1,2024-05-01,begging,{},{}\n\
             BUL-1,2024-05-01,chrome_collection,20.2219,41.4917\n\
             BAD-1,2024-05-01,begging,19.8,abc\n",
            TIRANA.0,
            TIRANA.1,
            TIRANA.0,
            TIRANA.1 + 0.012,
            DURRES.0 + 0.01,
            DURRES.1,
        ),
    )
    .unwrap();
    let services = dir.join("services.geojson");
    let feature = |t: &str, name: &str, cap: u32, p: (f64, f64)| {
        serde_json::json!({"type": "Feature",
            "properties": {"service_type": t, "name": name, "capacity": cap},
            "geometry": {"type": "Point", "coordinates": [p.0, p.1]}})
    };
    let fc = serde_json::json!({"type": "FeatureCollection", "features": [
        feature("day_centre", "Qendra A", 1, TIRANA),
        feature("child_protection_unit", "NjMF Durrës", 5, DURRES),
        feature("school", "Shkolla", 100, (20.2219, 41.4917)),
    ]});
    std::fs::write(&services, fc.to_string()).unwrap();
    (cases, services)
}

fn tm_distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    let t = Transformer::wgs84_to_tm();
    let (a, b) = (t.point(a.0, a.1).unwrap(), t.point(b.0, b.1).unwrap());
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "case_code",
            "municipality",
            "service_type",
            "service_name",
            "distance_m"
        ]
    );
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn nearest_on_small_files_writes_rows_without_coordinates() {
    let dir = tempfile::tempdir().unwrap();
    let (cases, services) = small_inputs(dir.path());
    let out_csv = dir.path().join("nearest.csv");
    let out = run(&[
        "nearest",
        "--cases",
        cases.to_str().unwrap(),
        "--services",
        services.to_str().unwrap(),
        "--types",
        "day_centre,cpu",
        "--out",
        out_csv.to_str().unwrap(),
        "--json",
    ]);
    let v = json_ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("left out"),
        "the bad row is reported"
    );
    assert_eq!(v["ok"], true);
    assert_eq!(v["count"], 4);
    assert_eq!(v["with_service"], 4);
    assert_eq!(v["without_service"], 0);
    assert_eq!(v["crs"], "EPSG:6870");
    let rows = csv_rows(&out_csv);
    let codes: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(codes, ["TIR-1", "TIR-2", "DUR-1", "BUL-1"]);
    assert_eq!(rows[0][1], "Tiranë");
    assert_eq!(
        (
            rows[0][2].as_str(),
            rows[0][3].as_str(),
            rows[0][4].as_str()
        ),
        ("day_centre", "Qendra A", "0.0")
    );
    let d = |r: &Vec<String>| r[4].parse::<f64>().unwrap();
    let want_tir2 = tm_distance(TIRANA, (TIRANA.0, TIRANA.1 + 0.012));
    assert!(
        (d(&rows[1]) - want_tir2).abs() <= 0.05,
        "{} vs {want_tir2}",
        d(&rows[1])
    );
    assert_eq!(rows[2][2], "child_protection_unit");
    let want_dur = tm_distance(DURRES, (DURRES.0 + 0.01, DURRES.1));
    assert!((d(&rows[2]) - want_dur).abs() <= 0.05);
    // Bulqizë's school is not of the chosen types: its nearest is the Tirana centre.
    assert_eq!(rows[3][3], "Qendra A");
    let sum: f64 = rows.iter().map(d).sum();
    assert!((v["sum_m"].as_f64().unwrap() - sum).abs() <= 0.05 * 4.0);
    assert!((v["mean_m"].as_f64().unwrap() - sum / 4.0).abs() <= 0.05);
    assert!((v["max_m"].as_f64().unwrap() - d(&rows[3])).abs() <= 0.05);
    let text = std::fs::read_to_string(&out_csv).unwrap();
    assert!(
        !text.contains("41.3") && !text.contains("19.8"),
        "no coordinates: {text}"
    );
    assert!(!dir.path().join("nearest.csv.partial").exists());
}

#[test]
fn coverage_on_small_files_by_distance_and_walking_time() {
    let dir = tempfile::tempdir().unwrap();
    let (cases, services) = small_inputs(dir.path());
    let (c, s) = (cases.to_str().unwrap(), services.to_str().unwrap());
    let base = [
        "coverage",
        "--cases",
        c,
        "--services",
        s,
        "--types",
        "day_centre,child_protection_unit",
    ];
    let v = json_ok(&run(
        &[&base[..], &["--within-m", "2000", "--json"]].concat()
    ));
    // TIR-1 (0 m), TIR-2 (~1.3 km), DUR-1 (~840 m) covered; BUL-1 not.
    assert_eq!(
        (v["covered"].as_u64(), v["total"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(v["share"], 0.75);
    let groups = v["per_municipality"].as_array().unwrap();
    let sum = |k: &str| groups.iter().map(|g| g[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!((sum("covered"), sum("total")), (3, 4));
    let tirana = groups
        .iter()
        .find(|g| g["municipality"] == "Tiranë")
        .unwrap();
    assert_eq!(
        (tirana["covered"].as_u64(), tirana["total"].as_u64()),
        (Some(2), Some(2))
    );
    assert!(tirana["lau_code"].as_str().is_some_and(|c| !c.is_empty()));

    // 10 minutes at 6 km/h = 1000 m: TIR-2 (~1.3 km) drops out.
    let v = json_ok(&run(&[
        &base[..],
        &["--walk-min", "10", "--speed-kmh", "6", "--json"],
    ]
    .concat()));
    assert_eq!(v["reach_m"], 1000.0);
    assert_eq!(v["covered"], 2);

    // Capacity: the Tirana centre has 1 place for 2 cases within reach.
    let v = json_ok(&run(&[
        "coverage",
        "--cases",
        c,
        "--services",
        s,
        "--types",
        "day_centre",
        "--capacity",
        "--json",
    ]));
    let cap = &v["capacity"];
    assert_eq!(cap["in_reach"], 2);
    assert_eq!(cap["covered_within_capacity"], 1);
    let centre = &cap["centres"][0];
    assert_eq!(
        (centre["name"].as_str(), centre["capacity"].as_u64()),
        (Some("Qendra A"), Some(1))
    );
    assert_eq!(
        (centre["load"].as_u64(), centre["overloaded"].as_bool()),
        (Some(2), Some(true))
    );
}

fn runs_recorded(project: &Path, kind: &str) -> i64 {
    let conn = rusqlite::Connection::open(project).unwrap();
    conn.query_row(
        "SELECT count(*) FROM ra_analysis_runs WHERE kind = ?1",
        [kind],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn demo_project_nearest_and_coverage_add_up_and_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let ps = p.to_str().unwrap();
    let out_csv = dir.path().join("n.csv");
    let v = json_ok(&run(&[
        "nearest",
        "--cases",
        ps,
        "--services",
        ps,
        "--types",
        "day_centre",
        "--out",
        out_csv.to_str().unwrap(),
        "--json",
    ]));
    let rows = csv_rows(&out_csv);
    assert_eq!(v["count"].as_u64(), Some(rows.len() as u64));
    assert!(rows.len() >= 1000);
    assert!(rows.iter().all(|r| r[2] == "day_centre"));
    let sum: f64 = rows.iter().map(|r| r[4].parse::<f64>().unwrap()).sum();
    let rel = (v["sum_m"].as_f64().unwrap() - sum).abs() / sum;
    assert!(rel < 1e-6, "{rel}");
    assert_eq!(runs_recorded(&p, "nearest"), 1);

    let g = json_ok(&run(&[
        "nearest",
        "--cases",
        ps,
        "--services",
        ps,
        "--types",
        "day_centre",
        "--geodesic",
        "--out",
        dir.path().join("g.csv").to_str().unwrap(),
        "--json",
    ]));
    let (mp, mg) = (v["mean_m"].as_f64().unwrap(), g["mean_m"].as_f64().unwrap());
    assert!(
        mp != mg && (mp - mg).abs() / mp < 1e-3,
        "projected {mp} vs geodesic {mg}"
    );

    // The same project by two paths: one record.
    let dotted = format!("{}/./demo.gpkg", dir.path().display());
    let v = json_ok(&run(&[
        "coverage",
        "--cases",
        ps,
        "--services",
        &dotted,
        "--capacity",
        "--json",
    ]));
    let groups = v["per_municipality"].as_array().unwrap();
    assert!(groups.len() > 20);
    let sum = |k: &str| groups.iter().map(|g| g[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("covered"), v["covered"].as_u64().unwrap());
    assert_eq!(sum("total"), v["total"].as_u64().unwrap());
    assert_eq!(v["total"].as_u64(), Some(rows.len() as u64));
    for g in groups {
        let share = g["covered"].as_f64().unwrap() / g["total"].as_f64().unwrap();
        assert!((g["share"].as_f64().unwrap() - share).abs() < 1e-12);
    }
    let cap = &v["capacity"];
    let centres = cap["centres"].as_array().unwrap();
    assert!(!centres.is_empty());
    let assigned: u64 = centres
        .iter()
        .map(|c| c["assigned"].as_u64().unwrap())
        .sum();
    assert_eq!(assigned, cap["covered_within_capacity"].as_u64().unwrap());
    let load: u64 = centres.iter().map(|c| c["load"].as_u64().unwrap()).sum();
    assert_eq!(load, cap["in_reach"].as_u64().unwrap());
    for c in centres {
        let (l, a) = (c["load"].as_u64().unwrap(), c["assigned"].as_u64().unwrap());
        if let Some(capacity) = c["capacity"].as_u64() {
            assert!(a <= capacity);
            assert_eq!(c["overloaded"].as_bool(), Some(l > capacity));
        }
    }
    assert_eq!(runs_recorded(&p, "coverage"), 1);
}

#[test]
fn bad_inputs_exit_1_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (cases, services) = small_inputs(dir.path());
    let (c, s) = (cases.to_str().unwrap(), services.to_str().unwrap());
    let out = dir.path().join("o.csv");
    let o = out.to_str().unwrap();
    fails_with(
        &run(&[
            "nearest",
            "--cases",
            c,
            "--services",
            s,
            "--types",
            "day_centre,spaceport",
            "--out",
            o,
        ]),
        "unknown service type 'spaceport': use one of day_centre, child_protection_unit",
    );
    fails_with(
        &run(&[
            "coverage",
            "--cases",
            c,
            "--services",
            s,
            "--crs",
            "EPSG:4326",
        ]),
        "geographic",
    );
    fails_with(
        &run(&[
            "coverage",
            "--cases",
            c,
            "--services",
            s,
            "--within-m",
            "-5",
        ]),
        "positive",
    );
    fails_with(
        &run(&[
            "nearest",
            "--cases",
            "missing.csv",
            "--services",
            s,
            "--out",
            o,
        ]),
        "does not exist",
    );
    let nowhere = dir.path().join("no/such/dir/o.csv");
    fails_with(
        &run(&[
            "nearest",
            "--cases",
            c,
            "--services",
            s,
            "--out",
            nowhere.to_str().unwrap(),
        ]),
        "cannot write",
    );
    let j = run(&[
        "coverage",
        "--cases",
        c,
        "--services",
        s,
        "--types",
        "x",
        "--json",
    ]);
    assert_eq!(j.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert!(!out.exists());
}
