//! The real `riskatlas` binary, run as a user would: demo, info, import, export.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_riskatlas"));
    c.env("RISKATLAS_OFFLINE", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn json(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// `riskatlas import FILE --into PROJECT --as cases EXTRA…`
fn import_cases(file: &Path, project: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--into",
        project.to_str().unwrap(),
        "--as",
        "cases",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn demo(dir: &Path) -> PathBuf {
    let p = dir.join("demo.gpkg");
    let out = run(&["demo", "--out", p.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p
}

fn layer_count(project: &Path, name: &str) -> u64 {
    let v = json(&run(&["info", project.to_str().unwrap(), "--json"]));
    v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .map(|l| l["features"].as_u64().unwrap())
        .unwrap_or(0)
}

#[test]
fn demo_then_info_lists_the_layers() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let v = json(&run(&["info", p.to_str().unwrap(), "--json"]));
    assert_eq!(v["ok"], true);
    let names: Vec<&str> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    for want in [
        "cases",
        "services",
        "mine_perimeters",
        "coastal_hotspots",
        "municipalities",
        "qarqe",
        "coastline",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert_eq!(layer_count(&p, "municipalities"), 61);
    assert_eq!(layer_count(&p, "qarqe"), 12);
    assert_eq!(layer_count(&p, "cases"), 3000);
    assert!(v["synthetic_cases"].as_str().unwrap().contains("Synthetic"));
    // Human output too.
    let out = run(&["info", p.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("municipalities"));
}

const KOBO: &str = "start;end;today;_gps_latitude;_gps_longitude;_gps_altitude;_gps_precision;kodi_rastit;lloji;mosha;gjinia;statusi;emri;_id\r\n\
2019-06-01T10:00:00;2019-06-01T10:05:00;2019-06-01;41,4942;20,2216;800;5;BUL-2019-900;krom;14;M;referuar;X;1\r\n\
2019-06-02T10:00:00;2019-06-02T10:05:00;02.06.2019;41,3275;19,8187;110;8;TIR-2019-900;lypje;9;F;identifikuar;X;2\r\n\
2019-06-03T10:00:00;2019-06-03T10:05:00;03/06/2019;19,8187;41,3300;110;8;TIR-2019-901;lypje;9;F;identifikuar;X;3\r\n\
2019-06-04T10:00:00;2019-06-04T10:05:00;2019-06-04;48,85;2,35;35;4;PAR-2019-001;lypje;9;F;identifikuar;X;4\r\n\
2019-06-05T10:00:00;2019-06-05T10:05:00;2019-06-05;41,3300;19,8200;110;120;TIR-2019-900;riciklim;12;M;referuar;X;5\r\n\
2019-06-06T10:00:00;2019-06-06T10:05:00;not a date;41,3300;19,8200;110;5;TIR-2019-903;riciklim;12;M;referuar;X;6\r\n\
2019-06-07T10:00:00;2019-06-07T10:05:00;2019-06-07;41,3310;19,8210;110;150;TIR-2019-904;astronaut;12;M;referuar;X;7\r\n";

#[test]
fn kobo_csv_import_reports_every_bad_row_and_assigns_municipalities() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let csv = dir.path().join("kobo export.csv");
    std::fs::write(&csv, KOBO).unwrap();
    let before = std::fs::read(&csv).unwrap();
    let out = import_cases(&csv, &p, &["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["records_read"], 7);
    assert_eq!(v["accepted"], 3, "{v:#}");
    assert_eq!(v["rejected"], 4);
    assert_eq!(v["committed"], true);
    let entries = v["entries"].as_array().unwrap();
    let find = |line: u64, code: &str| {
        entries
            .iter()
            .any(|e| e["number"] == line && e["code"] == code)
    };
    assert!(find(4, "swapped_lat_lon"), "{entries:#?}");
    assert!(find(5, "outside_albania"));
    assert!(find(6, "duplicate_key"));
    assert!(find(7, "bad_value"));
    assert!(find(8, "unknown_category"));
    assert!(find(8, "low_gps_accuracy"));
    let notes = v["notes"].to_string();
    assert!(notes.contains("personal names"), "{notes}");
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        before,
        "the source file is never modified"
    );
    assert_eq!(layer_count(&p, "cases"), 3003);

    // The right points in the right municipalities, as GDAL sees the project.
    if std::env::var_os("RISKATLAS_SKIP_GDAL").is_none() {
        let out = Command::new("ogrinfo")
            .args([
                "-ro",
                "-q",
                p.to_str().unwrap(),
                "-sql",
                "SELECT case_code, municipality FROM cases WHERE case_code LIKE '%-2019-90_'",
            ])
            .output()
            .expect("ogrinfo (Debian gdal-bin) must be installed: bash .ci/run installs it");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("BUL-2019-900") && text.contains("Bulqizë"),
            "{text}"
        );
        assert!(
            text.contains("TIR-2019-900") && text.contains("Tiranë"),
            "{text}"
        );
        assert!(
            !text.contains("TIR-2019-901"),
            "the swapped row was not imported: {text}"
        );
    }

    // --fix-swapped imports the swapped row; the duplicate is now a duplicate of the project.
    let out = import_cases(&csv, &p, &["--fix-swapped", "--json"]);
    let v = json(&out);
    assert_eq!(v["accepted"], 1, "{v:#}");
    assert_eq!(layer_count(&p, "cases"), 3004);
}

#[test]
fn strict_and_failed_imports_leave_the_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let csv = dir.path().join("k.csv");
    std::fs::write(&csv, KOBO).unwrap();
    let out = import_cases(&csv, &p, &["--strict"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict"));
    let bad = dir.path().join("truncated.geojson");
    std::fs::write(
        &bad,
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",",
    )
    .unwrap();
    let out = import_cases(&bad, &p, &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one-line reason: {err}");
    assert_eq!(layer_count(&p, "cases"), 3000);
}

#[test]
fn case_level_export_needs_an_explicit_flag_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let out_file = dir.path().join("cases.geojson");
    let out = run(&[
        "export",
        p.to_str().unwrap(),
        "--layer",
        "cases",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    // Without --case-level the cases leave only as counts per hexagon (issue 6).
    assert!(out.status.success());
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.contains("\"Polygon\"") && !text.contains("\"Point\""));
    std::fs::remove_file(&out_file).unwrap();
    let out = run(&[
        "export",
        p.to_str().unwrap(),
        "--layer",
        "cases",
        "--out",
        out_file.to_str().unwrap(),
        "--case-level",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["features"], 3000);
    let conn = rusqlite::Connection::open(&p).unwrap();
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM ra_audit WHERE action = 'export_case_level'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // Services export freely, as CSV for Excel.
    let csv = dir.path().join("services.csv");
    let out = run(&[
        "export",
        p.to_str().unwrap(),
        "--layer",
        "services",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}fid,service_type"));
}

#[test]
fn bad_command_lines_get_one_line_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.gpkg");
    for args in [
        vec!["info", missing.to_str().unwrap()],
        vec![
            "import",
            "no-such-file.csv",
            "--into",
            missing.to_str().unwrap(),
            "--as",
            "cases",
        ],
        vec![
            "import",
            "x.csv",
            "--into",
            missing.to_str().unwrap(),
            "--as",
            "children",
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("riskatlas: error: ") && err.trim().lines().count() == 1,
            "{err}"
        );
    }
    let not_a_project = dir.path().join("text.gpkg");
    std::fs::write(&not_a_project, "hello").unwrap();
    let out = run(&["info", not_a_project.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn albania_tm_shapefile_lands_in_the_right_municipalities() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let shp = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vector/cases_tm.shp");
    let out = import_cases(&shp, &p, &["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert!(
        v["source_crs"].as_str().unwrap().starts_with("EPSG:6870"),
        "{v}"
    );
    assert_eq!(v["accepted"], 4, "{v:#}");
    assert_eq!(v["rejected"], 1);
    let conn = rusqlite::Connection::open(&p).unwrap();
    let mut stmt = conn
        .prepare("SELECT case_code, municipality FROM cases WHERE fid > 3000 ORDER BY fid")
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want = [
        ("KOR-2019-007", "Korçë"),
        ("TIR-2021-031", "Tiranë"),
        ("BUL-2022-002", "Bulqizë"),
        ("DUR-2023-015", "Durrës"),
    ];
    let got: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got, want);
}

#[test]
fn coordinate_columns_can_be_named_and_projected_csv_needs_a_crs() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path());
    let csv = dir.path().join("teams.csv");
    // Tirana in KRGJSH-2010 / Albania TM, in columns the detector does not know.
    std::fs::write(
        &csv,
        "kodi,data,lloji,lindje,veri\nTIR-2020-777,2020-03-01,lypje,484822.040,4576960.341\n",
    )
    .unwrap();
    let out = import_cases(&csv, &p, &[]);
    assert_eq!(out.status.code(), Some(1), "no coordinate columns found");
    let cols = ["--lon-column", "lindje", "--lat-column", "veri"];
    let mut args = vec![
        "import",
        csv.to_str().unwrap(),
        "--into",
        p.to_str().unwrap(),
        "--as",
        "cases",
    ];
    args.extend(cols);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1), "metres without --crs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--crs"));
    args.extend(["--crs", "EPSG:6870", "--json"]);
    let v = json(&run(&args));
    assert_eq!(v["accepted"], 1, "{v:#}");
    let conn = rusqlite::Connection::open(&p).unwrap();
    let m: String = conn
        .query_row(
            "SELECT municipality FROM cases WHERE case_code = 'TIR-2020-777'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(m, "Tiranë");
}
