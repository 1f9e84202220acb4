//! `gdalinfo -json -stats` on a written GeoTIFF, and checks of what GDAL reads back.

#![allow(dead_code)] // each test file uses a part

use std::path::Path;
use std::process::Command;

/// `gdalinfo -json -stats <path>` parsed; `None` when GDAL is absent and RISKATLAS_SKIP_GDAL=1.
pub fn gdalinfo(path: &Path) -> Option<serde_json::Value> {
    let out = match Command::new("gdalinfo")
        .args(["-json", "-stats"])
        .arg(path)
        .output()
    {
        Ok(out) => out,
        Err(e) if std::env::var("RISKATLAS_SKIP_GDAL").as_deref() == Ok("1") => {
            eprintln!("skipped: gdalinfo not found ({e})");
            return None;
        }
        Err(e) => panic!("gdalinfo not found ({e}): install gdal-bin or set RISKATLAS_SKIP_GDAL=1"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "gdalinfo failed: {stderr}");
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("Warning"))
        .collect();
    assert!(complaints.is_empty(), "gdalinfo complained: {stderr}");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut info: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    // serde_json may round a parsed float by one ulp: keep the geotransform's digits as text
    // for an exact comparison (Rust's `str::parse` rounds correctly).
    let gt = text
        .split("\"geoTransform\":")
        .nth(1)
        .and_then(|t| t.split_once('['))
        .and_then(|(_, t)| t.split_once(']'))
        .map(|(list, _)| {
            list.split(',')
                .map(|v| v.trim().to_string())
                .collect::<Vec<_>>()
        })
        .expect("a geoTransform");
    info["geoTransformText"] = serde_json::json!(gt);
    Some(info)
}

/// Size, geotransform (within `tol_m`; 0 = exactly), the EPSG code, PixelIsArea and Float32.
pub fn assert_grid(
    info: &serde_json::Value,
    (cols, rows): (usize, usize),
    (xmin, ymax, pixel): (f64, f64, f64),
    epsg: u32,
    tol_m: f64,
) {
    assert_eq!(info["driverShortName"], "GTiff", "{info}");
    assert_eq!(info["size"], serde_json::json!([cols, rows]), "{info}");
    let gt: Vec<f64> = info["geoTransformText"]
        .as_array()
        .expect("geoTransform")
        .iter()
        .map(|v| v.as_str().and_then(|t| t.parse().ok()).expect("number"))
        .collect();
    let want = [xmin, pixel, 0.0, ymax, 0.0, -pixel];
    assert!(
        gt.iter().zip(want).all(|(a, b)| (a - b).abs() <= tol_m),
        "geotransform {gt:?} vs {want:?}"
    );
    let wkt = info["coordinateSystem"]["wkt"].as_str().expect("wkt");
    assert!(
        wkt.trim_end().ends_with(&format!("ID[\"EPSG\",{epsg}]]")),
        "EPSG:{epsg} expected: {wkt}"
    );
    assert_eq!(info["metadata"][""]["AREA_OR_POINT"], "Area", "{info}");
    assert_eq!(info["bands"][0]["type"], "Float32", "{info}");
}

/// GDAL's statistics of band 1: (min, max, sum = mean × pixels), as printed (14 digits).
pub fn stats(info: &serde_json::Value) -> (f64, f64, f64) {
    let band = &info["bands"][0];
    let stat = |name: &str| -> f64 {
        band["metadata"][""][name]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {band}"))
            .parse()
            .expect("number")
    };
    let pixels = info["size"][0].as_f64().expect("cols") * info["size"][1].as_f64().expect("rows");
    (
        stat("STATISTICS_MINIMUM"),
        stat("STATISTICS_MAXIMUM"),
        stat("STATISTICS_MEAN") * pixels,
    )
}

/// What GDAL must read: [`assert_grid`], and the statistics (min, max, sum) of `values` as
/// Float32.
pub fn assert_gdal_reads(
    info: &serde_json::Value,
    size: (usize, usize),
    georef: (f64, f64, f64),
    epsg: u32,
    values: &[f64],
) {
    assert_grid(info, size, georef, epsg, 0.0);
    let f32s: Vec<f64> = values.iter().map(|&v| v as f32 as f64).collect();
    let min = f32s.iter().copied().fold(f64::INFINITY, f64::min);
    let max = f32s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = f32s.iter().sum();
    let (gmin, gmax, gsum) = stats(info);
    // GDAL prints 14 significant digits.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    assert!(close(gmin, min), "min {gmin} vs {min}");
    assert!(close(gmax, max), "max {gmax} vs {max}");
    assert!(
        (gsum - sum).abs() <= 1e-6 * sum.abs().max(1.0),
        "sum {gsum} vs {sum}"
    );
}
