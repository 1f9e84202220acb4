//! `riskatlas risk` on the demo project, run as a user would: the zones GeoJSON (valid
//! polygons, classes, areas, no small counts, no case points), the project's zones layer and
//! analysis run (read back by the store and by GDAL's `ogrinfo`, skipped only with
//! RISKATLAS_SKIP_GDAL=1), re-runs replacing the layer, and one-line errors for bad flags.

mod cli_support;

use cli_support::*;

use std::path::Path;
use std::process::Output;

use geo::Validation;
use riskatlas::store::ProjectStore;

fn risk(project: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "risk",
        project.to_str().unwrap(),
        "--month",
        "7",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn risk_zones_of_the_demo_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("zones.geojson");
    let o = risk(&project, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!(v["ok"], true);
    assert_eq!(
        (v["month"].as_u64(), v["pixel_m"].as_f64()),
        (Some(7), Some(100.0))
    );
    // Albania at 100 m: about 150 × 335 km of municipalities' extent.
    let (cols, rows) = (v["cols"].as_u64().unwrap(), v["rows"].as_u64().unwrap());
    assert!(
        (1000..2500).contains(&cols) && (2500..4500).contains(&rows),
        "{cols} × {rows}"
    );
    assert_eq!(v["layer"], "risk_zones_m07");
    let classes = v["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 4);
    let codes: Vec<&str> = classes
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["low", "medium", "high", "very_high"]);
    for c in classes {
        match c["cases"].as_u64() {
            Some(n) => assert!(n >= 5, "{c}"),
            None => assert_eq!(c["cases_note"], "< 5", "{c}"),
        }
    }
    assert!(
        classes[3]["zones"].as_u64().unwrap() > 0,
        "the demo has very high risk zones"
    );

    // The GeoJSON: one valid polygon per zone, areas adding up to the summary's.
    let text = std::fs::read_to_string(&out).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    assert_eq!(fc.features.len() as u64, v["zones"].as_u64().unwrap());
    let mut area = [0.0f64; 5];
    for f in &fc.features {
        let g: geo::Geometry<f64> = f.geometry.clone().unwrap().try_into().unwrap();
        let geo::Geometry::Polygon(p) = g else {
            panic!("not a polygon: {g:?}")
        };
        assert!(p.is_valid(), "{:?}", p.validation_errors());
        let props = f.properties.as_ref().unwrap();
        let class = props["class"].as_u64().unwrap() as usize;
        assert!((1..=4).contains(&class));
        area[class] += props["area_km2"].as_f64().unwrap();
        match props["cases"].as_u64() {
            Some(n) => assert!(n >= 5 && props["cases_note"].is_null()),
            None => assert_eq!(props["cases_note"], "< 5"),
        }
        let shares: serde_json::Value =
            serde_json::from_str(props["municipalities"].as_str().unwrap()).unwrap();
        for s in shares.as_array().unwrap() {
            assert!(s["name"].is_string() && s["lau"].is_string(), "{s}");
            assert!(
                s["cases"].is_null() || s["cases"].as_u64().unwrap() >= 5,
                "{s}"
            );
        }
        assert!(!props.contains_key("case_code"), "no case attributes");
    }
    for (k, c) in classes.iter().enumerate() {
        let expect = c["area_km2"].as_f64().unwrap();
        assert!(
            (area[k + 1] - expect).abs() < 0.01 + expect * 1e-9,
            "class {}",
            k + 1
        );
    }
    // Land area of Albania is about 28,700 km²; zones cover the land cells.
    let total: f64 = area.iter().sum();
    assert!((25_000.0..32_000.0).contains(&total), "{total}");

    // The project: the layer and the run with its parameters.
    let store = ProjectStore::open(&project).unwrap();
    let layer = store.read_layer("risk_zones_m07").unwrap();
    assert_eq!(layer.features.len(), fc.features.len());
    let runs = store.analysis_runs().unwrap();
    let last = runs.last().unwrap();
    assert_eq!(last.kind, "risk");
    assert_eq!(last.result_table.as_deref(), Some("risk_zones_m07"));
    let params: serde_json::Value = serde_json::from_str(&last.params_json).unwrap();
    assert_eq!(params["config"]["month"], 7);
    assert_eq!(params["config"]["weights"]["density"], 0.4);
    assert_eq!(params["config"]["mine_decay_m"], 3000.0);
    assert_eq!(params["classes"]["method"], "manual");
    store.close().unwrap();
    if let Some(info) = ogrinfo(&project, "risk_zones_m07") {
        let line = format!("Feature Count: {}", fc.features.len());
        assert!(info.contains(&line), "{info}");
        assert!(info.contains("Geometry: Polygon"), "{info}");
    }

    // A second run with other parameters replaces the layer and records a second run.
    let o = risk(
        &project,
        &out,
        &[
            "--quantiles",
            "--weights",
            "density=1,mines=0,hotspots=0,services=0",
            "--pixel-m",
            "250",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v2 = json(&o);
    assert!(v2["cols"].as_u64().unwrap() < cols);
    let store = ProjectStore::open(&project).unwrap();
    assert_eq!(store.analysis_runs().unwrap().len(), 2);
    let names: Vec<String> = store
        .layers()
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.starts_with("risk_zones")).count(),
        1
    );
    let layer = store.read_layer("risk_zones_m07").unwrap();
    assert_eq!(layer.features.len() as u64, v2["zones"].as_u64().unwrap());
}

#[test]
fn bad_flags_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("z.geojson");
    for (extra, needle) in [
        (vec!["--month", "13"], "month"),
        (vec!["--weights", "density=x"], "not a number"),
        (vec!["--weights", "wind=1"], "unknown factor"),
        (
            vec!["--weights", "density=0,mines=0,hotspots=0,services=0"],
            "weights",
        ),
        (vec!["--thresholds", "50,25,75"], "thresholds"),
        (vec!["--service-types", "spaceport"], "unknown type"),
    ] {
        fails_on_one_line("risk", &project, &out, &extra, needle);
    }
    let missing = dir.path().join("nothing.gpkg");
    let o = risk(&missing, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["ok"], false);
    let store = ProjectStore::open(&project).unwrap();
    assert!(store.analysis_runs().unwrap().is_empty());
}
