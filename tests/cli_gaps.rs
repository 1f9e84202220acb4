//! `riskatlas gaps` on the demo project, run as a user would: ranked gap areas in the JSON
//! summary and the GeoJSON (valid polygons, no count below 5, no case points), the project's
//! layer and analysis run (read back by the store and by GDAL's `ogrinfo`, skipped only with
//! RISKATLAS_SKIP_GDAL=1), and one-line errors for bad flags with nothing written.

mod cli_support;

use cli_support::*;

use std::path::Path;
use std::process::Output;

use geo::Validation;
use riskatlas::store::ProjectStore;

fn gaps(project: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "gaps",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// A published count: a number ≥ 5, or null with the note "< 5".
fn check_count(v: &serde_json::Value, note: &serde_json::Value) -> u64 {
    match v.as_u64() {
        Some(n) => {
            assert!(n >= 5 && note.is_null(), "{v} {note}");
            n
        }
        None => {
            assert!(v.is_null() && note == "< 5", "{v} {note}");
            0
        }
    }
}

#[test]
fn gap_areas_of_the_demo_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("gaps.geojson");
    let flags = [
        "--month",
        "7",
        "--types",
        "day_centre",
        "--within-m",
        "2000",
        "--json",
    ];
    let o = gaps(&project, &out, &flags);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!(v["ok"], true);
    assert_eq!(v["month"], 7);
    assert_eq!(v["layer"], "gaps_day_centre_2000m_m07");
    let areas = v["areas"].as_u64().unwrap();
    assert!(areas >= 2, "the demo has several gap areas: {v}");
    assert!(v["hexagons"].as_u64().unwrap() >= areas);
    let total = check_count(
        &v["uncovered_cases_total"],
        &v["uncovered_cases_total_note"],
    );
    let top = v["top"].as_array().unwrap();
    assert_eq!(top.len() as u64, areas.min(10));
    for (i, a) in top.iter().enumerate() {
        assert_eq!(a["rank"].as_u64(), Some(i as u64 + 1));
        assert!(a["municipality"].is_string() && a["area_km2"].as_f64().unwrap() > 0.0);
        check_count(&a["uncovered_cases"], &a["uncovered_cases_note"]);
    }

    // The GeoJSON: ranked, valid (multi)polygons, counts never below 5.
    let fc: geojson::FeatureCollection = std::fs::read_to_string(&out).unwrap().parse().unwrap();
    assert_eq!(fc.features.len() as u64, areas);
    let mut previous = (u64::MAX, f64::MAX);
    let mut sum = 0;
    for (i, f) in fc.features.iter().enumerate() {
        let g: geo::Geometry<f64> = f.geometry.clone().unwrap().try_into().unwrap();
        assert!(g.is_valid(), "{:?}", g.validation_errors());
        assert!(
            matches!(
                g,
                geo::Geometry::MultiPolygon(_) | geo::Geometry::Polygon(_)
            ),
            "{g:?}"
        );
        let p = f.properties.as_ref().unwrap();
        assert_eq!(p["rank"].as_u64(), Some(i as u64 + 1));
        let cases = check_count(&p["uncovered_cases"], &p["uncovered_cases_note"]);
        let area = p["area_km2"].as_f64().unwrap();
        // Ranked by uncovered cases, then area (suppressed counts sort as their true value,
        // which is below 5, so after every shown count).
        assert!(cases <= previous.0, "rank {}", i + 1);
        if cases == previous.0 && cases > 0 {
            assert!(area <= previous.1);
        }
        previous = (cases, area);
        sum += cases;
        let hexes = p["hexagons"].as_u64().unwrap() as f64;
        assert!((area / hexes - 0.8).abs() < 0.2, "{area} km² / {hexes}");
        assert!(p["municipality"].is_string() && p["lau_code"].is_string());
        let risk = p["mean_risk"].as_f64().unwrap();
        assert!(risk > 0.0 && risk <= p["max_risk"].as_f64().unwrap());
        assert!(p["max_risk"].as_f64().unwrap() >= 50.0);
        assert!(!p.contains_key("case_code"), "no case attributes");
    }
    if total > 0 {
        assert!(sum <= total, "shown counts add up to at most the total");
    }

    // The project: the layer and the run with its parameters.
    let store = ProjectStore::open(&project).unwrap();
    let layer = store.read_layer("gaps_day_centre_2000m_m07").unwrap();
    assert_eq!(layer.features.len(), fc.features.len());
    let runs = store.analysis_runs().unwrap();
    let last = runs.last().unwrap();
    assert_eq!(last.kind, "gaps");
    assert_eq!(
        last.result_table.as_deref(),
        Some("gaps_day_centre_2000m_m07")
    );
    let params: serde_json::Value = serde_json::from_str(&last.params_json).unwrap();
    assert_eq!(params["config"]["reach_m"], 2000.0);
    assert_eq!(params["config"]["risk"]["month"], 7);
    assert_eq!(params["config"]["types"][0], "day_centre");
    store.close().unwrap();
    if let Some(info) = ogrinfo(&project, "gaps_day_centre_2000m_m07") {
        assert!(info.contains(&format!("Feature Count: {areas}")), "{info}");
        assert!(info.contains("Geometry: Multi Polygon"), "{info}");
    }

    // A wider reach leaves fewer cases uncovered; the first layer stays beside the new one.
    let o = gaps(
        &project,
        &out,
        &["--month", "7", "--within-m", "5000", "--json"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let wide = json(&o);
    assert_eq!(wide["layer"], "gaps_day_centre_5000m_m07");
    let wide_total = wide["uncovered_cases_total"].as_u64().unwrap_or(0);
    assert!(wide_total <= total, "{wide_total} > {total}");
    let store = ProjectStore::open(&project).unwrap();
    assert_eq!(store.analysis_runs().unwrap().len(), 2);
    assert!(store.read_layer("gaps_day_centre_2000m_m07").is_ok());
}

#[test]
fn bad_flags_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("g.geojson");
    for (extra, needle) in [
        (vec!["--month", "13"], "month"),
        (vec!["--types", "spaceport"], "unknown type"),
        (vec!["--within-m", "0"], "reach"),
        (vec!["--min-risk", "150"], "risk score"),
        (vec!["--h3-res", "3"], "H3 resolution"),
        (vec!["--weights", "wind=1"], "unknown factor"),
    ] {
        fails_on_one_line("gaps", &project, &out, &extra, needle);
    }
    let o = gaps(
        &dir.path().join("nothing.gpkg"),
        &out,
        &["--month", "7", "--json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["ok"], false);
    let store = ProjectStore::open(&project).unwrap();
    assert!(store.analysis_runs().unwrap().is_empty());
}
