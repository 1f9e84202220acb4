//! `riskatlas indicators` on the demo project, checked against the project's own cases.

mod cli_support;

use cli_support::*;

use std::path::Path;

use riskatlas::model::{Case, LayerKind};
use riskatlas::store::ProjectStore;

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("csv");
    let text = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("row").iter().map(String::from).collect())
        .collect()
}

#[test]
fn indicators_of_the_demo_match_its_cases() {
    let dir = tempfile::tempdir().expect("dir");
    let project = demo_named(dir.path(), "demo ë.gpkg");
    let out_csv = dir.path().join("indicators.csv");
    let out = run(&[
        "indicators",
        project.to_str().unwrap(),
        "--out",
        out_csv.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one JSON line on stdout");

    let store = ProjectStore::open(&project).expect("open");
    let cases: Vec<Case> = store.read_records(LayerKind::Cases).expect("cases");
    let runs = store.analysis_runs().expect("runs");
    drop(store);
    assert_eq!(v["ok"], true);
    assert_eq!(v["municipalities"], 61);
    assert_eq!(v["cases"], cases.len() as u64);
    assert!(
        runs.iter()
            .any(|r| r.kind == "indicators" && r.params_json.contains("\"reach_m\":2000"))
    );

    let rows = csv_rows(&out_csv);
    let national = rows.last().expect("national row");
    assert_eq!(national[3], cases.len().to_string());
    // Tiranë's count, as the project's cases say.
    let tirana = cases
        .iter()
        .filter(|c| c.municipality.as_ref().is_some_and(|m| m.name == "Tiranë"))
        .count();
    let row = rows.iter().find(|r| r[1] == "Tiranë").expect("Tiranë row");
    assert_eq!(row[3], tirana.to_string());
    let header: Vec<String> = {
        let text = std::fs::read_to_string(&out_csv).unwrap();
        let first = text
            .lines()
            .next()
            .unwrap()
            .trim_start_matches('\u{feff}')
            .to_string();
        first.split(',').map(String::from).collect()
    };
    let col = |name: &str| header.iter().position(|c| c == name).expect(name);
    // Every municipality appears once; counts of children never show 1 to 4 (services may).
    assert_eq!(rows.iter().filter(|r| !r[0].is_empty()).count(), 61);
    let services = [col("day_centres"), col("day_centre_places")];
    for r in &rows {
        for (i, cell) in r.iter().enumerate().skip(3) {
            if let (false, Ok(n)) = (services.contains(&i), cell.parse::<u32>()) {
                assert!(n == 0 || n >= 5, "{} = {cell} in {r:?}", header[i]);
            }
        }
    }
    // The demo's chrome-collection cases sit near the Bulqizë mines.
    let near_mines = col("near_mines");
    let bulqize = rows
        .iter()
        .find(|r| r[1] == "Bulqizë")
        .expect("Bulqizë row");
    assert!(
        bulqize[near_mines].parse::<u32>().unwrap_or(0) >= 5,
        "{bulqize:?}"
    );
}

#[test]
fn bad_requests_fail_with_a_reason_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let project = demo_named(dir.path(), "demo ë.gpkg");
    let p = project.to_str().unwrap();
    for (args, reason) in [
        (
            vec!["indicators", "missing.gpkg", "--out", "x.csv"],
            "does not exist",
        ),
        (vec!["indicators", p, "--out", "x.xlsx"], ".csv"),
        (
            vec!["indicators", p, "--out", "x.csv", "--k", "2"],
            "at least 5",
        ),
        (
            vec!["indicators", p, "--out", "x.csv", "--reach-m=-5"],
            "positive",
        ),
    ] {
        let mut full = args.clone();
        let target = dir.path().join("x.csv");
        let target_s = target.to_str().unwrap().to_string();
        for a in full.iter_mut() {
            if *a == "x.csv" {
                *a = &target_s;
            }
        }
        let out = run(&full);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(!target.exists());
    }
}
