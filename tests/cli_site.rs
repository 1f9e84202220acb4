//! `riskatlas site` through the real binary: a tiny file instance checked against brute
//! force, the demo project with generated candidates (JSON fields, totals, the run recorded),
//! the `--out` files (no case coordinates) and bad flags (exit 1, one line).

mod cli_support;

use cli_support::*;

use std::path::{Path, PathBuf};
use std::process::Output;

use riskatlas::crs::Transformer;

fn fails_with(out: &Output, reason: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("riskatlas: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one error line: {err}");
    assert!(errors[0].contains(reason), "expected '{reason}' in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

type LonLat = (f64, f64);

/// Cases spread over ~3 km in Tirana, a day centre, and 7 candidates (plus one bad row):
/// (cases file, services file, candidates file, case positions, candidate positions).
fn tiny(dir: &Path) -> (PathBuf, PathBuf, PathBuf, Vec<LonLat>, Vec<LonLat>) {
    let cases: Vec<(f64, f64)> = (0..24)
        .map(|i| {
            (
                19.80 + 0.0017 * (i % 6) as f64 * 4.0,
                41.31 + 0.004 * (i / 6) as f64 * 2.0,
            )
        })
        .collect();
    let mut text = String::from("case_code,identified_on,kind,lon,lat\n");
    for (i, c) in cases.iter().enumerate() {
        text += &format!("T-{i},2024-05-01,begging,{},{}\n", c.0, c.1);
    }
    let cases_path = dir.join("cases.csv");
    std::fs::write(&cases_path, text).unwrap();
    let services = dir.join("services.geojson");
    let fc = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"service_type": "day_centre", "name": "Qendra"},
         "geometry": {"type": "Point", "coordinates": [19.80, 41.31]}}]});
    std::fs::write(&services, fc.to_string()).unwrap();
    let cands: Vec<(f64, f64)> = vec![
        (19.82, 41.315),
        (19.835, 41.32),
        (19.81, 41.33),
        (19.84, 41.335),
        (19.825, 41.335),
        (19.845, 41.315),
        (19.805, 41.325),
    ];
    let mut features: Vec<serde_json::Value> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            serde_json::json!({"type": "Feature", "properties": {"id": format!("S{i}")},
            "geometry": {"type": "Point", "coordinates": [c.0, c.1]}})
        })
        .collect();
    features.push(
        serde_json::json!({"type": "Feature", "properties": {"id": "FAR"},
        "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}}),
    );
    let cands_path = dir.join("candidates.geojson");
    std::fs::write(
        &cands_path,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    (cases_path, services, cands_path, cases, cands)
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    let t = Transformer::wgs84_to_tm();
    let (a, b) = (t.point(a.0, a.1).unwrap(), t.point(b.0, b.1).unwrap());
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

#[test]
fn tiny_file_instance_matches_brute_force() {
    let dir = tempfile::tempdir().unwrap();
    let (c, s, k, cases, cands) = tiny(dir.path());
    let out = run(&[
        "site",
        "--cases",
        c.to_str().unwrap(),
        "--services",
        s.to_str().unwrap(),
        "--candidates",
        k.to_str().unwrap(),
        "--within-m",
        "900",
        "--types",
        "day_centre",
        "--p",
        "1,2,3",
        "--exact",
        "--json",
    ]);
    let v = json_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("row 8 left out"),
        "the bad candidate is reported: {stderr}"
    );
    let open: Vec<usize> = (0..cases.len())
        .filter(|&i| dist(cases[i], (19.80, 41.31)) > 900.0)
        .collect();
    assert_eq!(v["totals"]["all_cases"], 24);
    assert_eq!(
        v["totals"]["existing_cases"].as_u64(),
        Some((24 - open.len()) as u64)
    );
    assert_eq!(v["candidates"], 7);
    let covers = |set: &[usize]| {
        open.iter()
            .filter(|&&i| set.iter().any(|&j| dist(cases[i], cands[j]) <= 900.0))
            .count()
    };
    for (k, p) in [1usize, 2, 3].iter().enumerate() {
        let r = &v["results"][k];
        assert_eq!(r["p"].as_u64(), Some(*p as u64));
        let mut best = 0;
        for mask in 0u32..(1 << cands.len()) {
            if mask.count_ones() as usize == *p {
                let set: Vec<usize> = (0..cands.len()).filter(|j| mask & (1 << j) != 0).collect();
                best = best.max(covers(&set));
            }
        }
        assert_eq!(r["covered_cases"].as_u64(), Some(best as u64), "p {p}");
        assert_eq!(r["covered_demand"].as_f64(), Some(best as f64));
        assert_eq!(r["proven_optimal"], true);
        assert_eq!(r["upper_bound"].as_f64(), Some(best as f64));
        assert_eq!(r["gap"].as_f64(), Some(0.0));
        let sites: Vec<usize> = r["sites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap()[1..].parse().unwrap())
            .collect();
        assert_eq!(sites.len(), *p);
        assert_eq!(covers(&sites), best);
        let marginal: f64 = r["marginal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_f64().unwrap())
            .sum();
        assert_eq!(marginal, best as f64);
        let share = best as f64 / 24.0;
        assert!((r["covered_share"].as_f64().unwrap() - share).abs() < 1e-12);
    }
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
fn demo_tirana_three_centres_with_generated_candidates_and_out_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let ps = p.to_str().unwrap();
    let geo_out = dir.path().join("sites.geojson");
    let base = [
        "site",
        "--cases",
        ps,
        "--services",
        ps,
        "--generate",
        "grid:1000",
        "--municipality",
        "Tiranë",
        "--within-m",
        "2000",
        "--p",
        "1,3",
    ];
    let v = json_ok(&run(&[
        &base[..],
        &[
            "--exact",
            "--time-limit-s",
            "30",
            "--out",
            geo_out.to_str().unwrap(),
            "--json",
        ],
    ]
    .concat()));
    let t = &v["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    assert_eq!(
        n("existing_cases") + n("reachable_cases") + n("unreachable_cases"),
        n("all_cases")
    );
    assert!(n("all_cases") >= 1000);
    assert!(
        v["candidates"].as_u64().unwrap() > 500,
        "Tiranë is ~1100 km²: {}",
        v["candidates"]
    );
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        let p = r["p"].as_u64().unwrap() as usize;
        assert_eq!(r["sites"].as_array().unwrap().len(), p);
        assert_eq!(r["marginal"].as_array().unwrap().len(), p);
        let cov = r["covered_demand"].as_f64().unwrap();
        assert!(cov > 0.0 && cov <= n("reachable_cases") as f64);
        assert!(r["upper_bound"].as_f64().unwrap() >= cov);
        let gap = r["gap"].as_f64().unwrap();
        assert!((0.0..1.0).contains(&gap));
        assert_eq!(
            r["proven_optimal"].as_bool(),
            Some(gap == 0.0 || r["proven_optimal"] == true)
        );
    }
    assert!(results[1]["covered_demand"].as_f64() >= results[0]["covered_demand"].as_f64());
    assert_eq!(runs_recorded(&p, "site"), 1);
    let fc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geo_out).unwrap()).unwrap();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 4, "1 + 3 sites");
    assert_eq!(features[0]["properties"]["id"], results[0]["sites"][0]);
    assert_eq!(features[0]["properties"]["rank"], 1);
    // The CSV has the same sites and no case coordinates.
    let csv_out = dir.path().join("sites.csv");
    json_ok(&run(&[
        &base[..],
        &["--out", csv_out.to_str().unwrap(), "--json"],
    ]
    .concat()));
    let text = std::fs::read_to_string(&csv_out).unwrap();
    assert!(text.starts_with("\u{feff}p,rank,id,lon,lat,marginal_demand"));
    assert_eq!(text.lines().count(), 5);
    let human = run(&base);
    assert!(human.status.success());
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(
        stdout.contains("p = 3: covers") && stdout.contains("rank"),
        "{stdout}"
    );
}

#[test]
fn bad_flags_exit_1_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (c, s, k, _, _) = tiny(dir.path());
    let (c, s, k) = (
        c.to_str().unwrap(),
        s.to_str().unwrap(),
        k.to_str().unwrap(),
    );
    let base = ["site", "--cases", c, "--services", s];
    let with = |extra: &[&str]| run(&[&base[..], extra].concat());
    fails_with(&with(&["--candidates", k, "--p", "0"]), "at least 1");
    fails_with(
        &with(&["--candidates", k, "--p", "8"]),
        "p = 8 but there are only 7 candidate sites",
    );
    fails_with(
        &with(&["--candidates", k, "--crs", "EPSG:4326"]),
        "geographic",
    );
    fails_with(&with(&["--candidates", k, "--within-m", "-3"]), "positive");
    fails_with(
        &with(&["--candidates", k, "--out", "x.txt"]),
        "use a .geojson or .csv",
    );
    fails_with(
        &with(&["--candidates", k, "--id-column", "nope"]),
        "has no column 'nope'",
    );
    fails_with(
        &with(&["--candidates", "missing.geojson"]),
        "does not exist",
    );
    fails_with(&with(&["--candidates", k, "--capacity", "-2"]), "capacity");
    fails_with(
        &with(&["--candidates", k, "--kind-weights", "astronaut=2"]),
        "unknown case kind",
    );
    fails_with(&with(&["--generate", "grid:1000"]), "--municipality");
    fails_with(
        &with(&["--generate", "hexes", "--municipality", "Tiranë"]),
        "use grid:METRES",
    );
    fails_with(
        &with(&["--generate", "settlements", "--municipality", "Atlantis"]),
        "unknown municipality 'Atlantis'",
    );
    let j = with(&["--candidates", k, "--p", "0", "--json"]);
    assert_eq!(j.status.code(), Some(1));
    assert_eq!(json(&j)["ok"], false);
    let usage = with(&[]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "no candidates and no --generate is a usage error"
    );
}
