//! `riskatlas route`: stops files written in temp dirs, the `--json` summary, GPX that the
//! `gpx` crate reads, GeoJSON output, bad rows reported by number, unassigned reasons, and
//! one-line errors for bad input (nothing written).

mod cli_support;

use std::path::Path;

use cli_support::{json_ok, run};

const BULQIZE: &str = "20.2296,41.4966";

/// Stops around Bulqizë; the last ones cannot be served, each for its own reason.
const STOPS_CSV: &str = "\
id,lon,lat,priority,service_min,window,days,team
B01,20.2210,41.4930,5,30,,,
B02,20.2500,41.5100,4,20,09:00-12:00,,
B03,20.2000,41.4700,3,45,,mon;wed,
B04,20.2700,41.5300,2,30,14:00-16:00;08:00-09:30,,
B05,20.1900,41.5200,1,15,,,2
B06,20.2350,41.4600,2,30,,,
SUN,20.2300,41.5000,5,30,,sun,
NIGHT,20.2400,41.5000,5,30,02:00-03:00,,
FAR,20.0050,39.8750,5,30,,,
";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn route(args: &[&str]) -> std::process::Output {
    let mut all = vec!["route"];
    all.extend_from_slice(args);
    run(&all)
}

/// Exit 1, exactly one line on stderr containing `needle`, and `out` not written.
fn fails_on_one_line(args: &[&str], out: &Path, needle: &str) {
    let o = route(args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert!(!out.exists(), "nothing written on error");
}

#[test]
fn plans_two_teams_writes_gpx_and_a_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let stops = write(dir.path(), "stops.csv", STOPS_CSV);
    let out = dir.path().join("routes.gpx");
    let o = route(&[
        "--stops",
        &stops,
        "--depot",
        BULQIZE,
        "--teams",
        "2",
        "--shift-h",
        "3",
        "--days",
        "mon,tue",
        "--out",
        out.to_str().unwrap(),
        "--json",
        "--time-limit-s",
        "60",
    ]);
    let v = json_ok(&o);
    assert_eq!(v["ok"], true);
    assert_eq!(v["metric"], "haversine");
    assert_eq!(v["total_stops"], 9);
    let teams = v["teams"].as_array().unwrap();
    assert_eq!(teams.len(), 2);
    let mut ordered = Vec::new();
    for (i, t) in teams.iter().enumerate() {
        assert_eq!(t["team"], i + 1);
        let mut sum = 0.0;
        for r in t["routes"].as_array().unwrap() {
            assert!(["mon", "tue"].contains(&r["day"].as_str().unwrap()), "{r}");
            assert!(r["length_m"].as_f64().unwrap() > 0.0);
            assert!(r["duration_s"].as_f64().unwrap() <= 3.0 * 3600.0);
            sum += r["length_m"].as_f64().unwrap();
            for id in r["order"].as_array().unwrap() {
                ordered.push(id.as_str().unwrap().to_string());
                if id == "B03" {
                    assert_eq!(r["day"], "mon", "B03 only on Monday and Wednesday");
                }
                if id == "B05" {
                    assert_eq!(t["team"], 2, "B05 is pinned to team 2");
                }
            }
        }
        assert!((t["length_m"].as_f64().unwrap() - sum).abs() < 0.5);
    }
    ordered.sort();
    assert_eq!(ordered, ["B01", "B02", "B03", "B04", "B05", "B06"]);
    assert_eq!(v["served"], 6);
    let reasons: Vec<(String, String)> = v["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap().into(),
                u["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("SUN", "no_team_on_its_days"),
        ("NIGHT", "window_outside_shifts"),
        ("FAR", "too_far_for_shift"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(reasons, want);
    let g = gpx::read(std::fs::File::open(&out).unwrap()).expect("GPX parses");
    assert_eq!(g.waypoints.len(), 6);
    let routes: usize = teams
        .iter()
        .map(|t| t["routes"].as_array().unwrap().len())
        .sum();
    assert_eq!(g.tracks.len(), routes);
    assert!(
        g.tracks
            .iter()
            .all(|t| t.name.as_deref().unwrap_or("").starts_with("Team "))
    );
}

#[test]
fn same_seed_same_plan_and_geojson_output() {
    let dir = tempfile::tempdir().unwrap();
    let stops = write(dir.path(), "stops.csv", STOPS_CSV);
    let out = dir.path().join("routes.geojson");
    let args = [
        "--stops",
        &stops,
        "--depot",
        BULQIZE,
        "--teams",
        "2",
        "--shift-h",
        "3",
        "--out",
        out.to_str().unwrap(),
        "--json",
        "--seed",
        "5",
        "--time-limit-s",
        "60",
    ];
    let a = json_ok(&route(&args));
    let b = json_ok(&route(&args));
    assert_eq!(a["teams"], b["teams"]);
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
    let kinds = |k: &str| {
        gj["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["kind"] == k)
            .count()
    };
    assert_eq!(kinds("stop"), 6);
    assert_eq!(kinds("unassigned"), 3);
    assert!(kinds("route") >= 1);
}

#[test]
fn bad_rows_are_reported_by_number_and_the_rest_is_planned() {
    let dir = tempfile::tempdir().unwrap();
    let text = "id,lon,lat,priority,team,window\n\
        A,20.22,41.49,high,,\n\
        B,20.23,41.50,1,5,\n\
        C,20.24,41.51,1,,25:00-26:00\n\
        D,41.50,20.24,1,,\n\
        E,20.25,41.52,2,1,\n";
    let stops = write(dir.path(), "stops.csv", text);
    let out = dir.path().join("r.gpx");
    let o = route(&[
        "--stops",
        &stops,
        "--depot",
        BULQIZE,
        "--teams",
        "2",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let v = json_ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    for (row, why) in [
        (2, "priority 'high'"),
        (3, "team '5'"),
        (4, "25:00-26:00"),
        (5, "swapped"),
    ] {
        assert!(
            stderr.contains(&format!("row {row} left out: ")),
            "{stderr}"
        );
        assert!(stderr.contains(why), "{why}: {stderr}");
    }
    assert_eq!(v["total_stops"], 1);
    assert_eq!(v["rejected_rows"], 4);
    assert_eq!(v["served"], 1);
}

#[test]
fn no_usable_stop_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let stops = write(
        dir.path(),
        "stops.csv",
        "id,lon,lat,priority\nA,20.2,41.5,-3\n",
    );
    let out = dir.path().join("r.gpx");
    let o = route(&[
        "--stops",
        &stops,
        "--depot",
        BULQIZE,
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    let last = stderr.trim().lines().last().unwrap();
    assert!(last.contains("no usable stop"), "{stderr}");
    assert!(stderr.contains("row 2 left out: priority '-3'"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn geojson_stops_and_the_human_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let gj = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"G1","priority":2},"geometry":{"type":"Point","coordinates":[20.21,41.48]}},
        {"type":"Feature","properties":{"id":"G2"},"geometry":{"type":"Point","coordinates":[20.26,41.52]}}]}"#;
    let stops = write(dir.path(), "stops.geojson", gj);
    let out = dir.path().join("r.gpx");
    let o = route(&[
        "--stops",
        &stops,
        "--depot",
        BULQIZE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("straight lines × 1.3 at 40 km/h"),
        "{stdout}"
    );
    assert!(stdout.contains("Team 1 – Monday: 2 stops"), "{stdout}");
    assert!(stdout.contains("Served 2 of 2 stops"), "{stdout}");
}

#[test]
fn bad_input_fails_on_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let stops = write(dir.path(), "stops.csv", STOPS_CSV);
    let roads = write(dir.path(), "albania.osm.pbf", "not really");
    let out = dir.path().join("r.gpx");
    let o = out.to_str().unwrap();
    let base = |extra: &[&'static str]| {
        let mut a: Vec<String> = [
            "--stops", &stops, "--depot", BULQIZE, "--teams", "2", "--out", o,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (base(&["--metric", "roads"]), "--roads FILE.osm.pbf"),
        (base(&["--days", "mon,xyz"]), "'xyz' is not a day"),
        (base(&["--shift-start", "8h"]), "--shift-start '8h'"),
        (base(&["--shift-h", "0"]), "--shift-h"),
        (base(&["--detour", "0.5"]), "detour"),
        (base(&["--speed-kmh", "0"]), "speed"),
    ];
    for (args, needle) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fails_on_one_line(&args, &out, needle);
    }
    let mut with_roads = base(&[]);
    with_roads.extend(["--roads".to_string(), roads.clone()]);
    let args: Vec<&str> = with_roads.iter().map(String::as_str).collect();
    fails_on_one_line(&args, &out, "is not an OpenStreetMap .osm.pbf file");
    let no_team = [
        "--stops", &stops, "--depot", BULQIZE, "--teams", "0", "--out", o,
    ];
    fails_on_one_line(&no_team, &out, "--teams must be from 1");
    let swapped = ["--stops", &stops, "--depot", "41.4966,20.2296", "--out", o];
    fails_on_one_line(&swapped, &out, "LAT,LON");
    let txt = dir.path().join("r.txt");
    let t = txt.to_str().unwrap();
    fails_on_one_line(
        &["--stops", &stops, "--depot", BULQIZE, "--out", t],
        &txt,
        ".gpx or .geojson",
    );
    let missing = dir.path().join("none.csv");
    let m = missing.to_str().unwrap();
    fails_on_one_line(
        &["--stops", m, "--depot", BULQIZE, "--out", o],
        &out,
        "does not exist",
    );
}

/// Along the roads of the hand-built `tests/fixtures/roads/tiny.osm.pbf` (near Tirana): the
/// one-way secondary 1 → 2 → 3 forces cars going west around the residential block, walkers
/// take the footway; the JSON says the metric is roads, and the GPX track follows road
/// vertices (more points than the straight base → stop → base triangle).
#[test]
fn routes_along_an_osm_pbf_by_profile() {
    let dir = tempfile::tempdir().unwrap();
    let stops = write(dir.path(), "stops.csv", "id,lon,lat\nW,19.8000,41.3300\n");
    let pbf = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/roads/tiny.osm.pbf"
    );
    let mut lengths = Vec::new();
    for profile in ["driving", "walking"] {
        let out = dir.path().join(format!("{profile}.gpx"));
        let sheets = dir.path().join(format!("{profile}_fletët.pdf"));
        let o = route(&[
            "--stops",
            &stops,
            "--depot",
            "19.8100,41.3300",
            "--roads",
            pbf,
            "--profile",
            profile,
            "--out",
            out.to_str().unwrap(),
            "--json",
            "--sheets",
            sheets.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["metric"], "roads");
        assert_eq!(v["served"], 1);
        let team = &v["teams"][0];
        lengths.push(team["length_m"].as_f64().unwrap());
        let gpx = std::fs::read_to_string(&out).unwrap();
        assert!(gpx.matches("<trkpt").count() > 3, "{gpx}");
        // The route sheet: one page for the one route, the stop, the roads' attribution.
        let text = std::process::Command::new("pdftotext")
            .args([sheets.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Itinerari i ekipit 1"), "{text}");
        assert!(text.contains("© OpenStreetMap"), "{text}");
        assert!(text.contains("Faqja 1 nga 1"), "{text}");
    }
    // Depot and stop are 836 m apart on the one-way street: walking there and back is about
    // 2 × 836 m; driving back must go round the block, so it is longer.
    let (driving, walking) = (lengths[0], lengths[1]);
    assert!((walking - 2.0 * 836.0).abs() < 60.0, "walking {walking}");
    assert!(
        driving > walking + 200.0,
        "driving {driving} vs walking {walking}"
    );
}

/// A team with nothing to do reports 0 metres and 0 seconds (not "-0.0": an empty sum).
#[test]
fn an_idle_team_reports_plain_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let stops = write(dir.path(), "one.csv", "id,lon,lat\nA,20.2210,41.4930\n");
    let out = dir.path().join("routes.geojson");
    let o = route(&[
        "--stops",
        &stops,
        "--depot",
        BULQIZE,
        "--teams",
        "3",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!text.contains("-0.0") && !text.contains("-0,"), "{text}");
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    let idle: Vec<_> = v["teams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["routes"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(idle.len(), 2);
    for t in idle {
        assert_eq!(t["length_m"].as_f64(), Some(0.0));
        assert!(t["length_m"].as_f64().unwrap().is_sign_positive());
    }
}
