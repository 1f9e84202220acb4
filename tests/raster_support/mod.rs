//! `gdalinfo -json -stats` on a written GeoTIFF, and checks of what GDAL reads back.

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
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

/// What GDAL must read: size, exact geotransform, the EPSG code, Float32 and the statistics
/// (min, max, and sum = mean × pixels) of `values` as Float32.
pub fn assert_gdal_reads(
    info: &serde_json::Value,
    (cols, rows): (usize, usize),
    (xmin, ymax, pixel): (f64, f64, f64),
    epsg: u32,
    values: &[f64],
) {
    assert_eq!(info["driverShortName"], "GTiff", "{info}");
    assert_eq!(info["size"], serde_json::json!([cols, rows]), "{info}");
    let gt: Vec<f64> = info["geoTransform"]
        .as_array()
        .expect("geoTransform")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    assert_eq!(gt, [xmin, pixel, 0.0, ymax, 0.0, -pixel], "{info}");
    let wkt = info["coordinateSystem"]["wkt"].as_str().expect("wkt");
    assert!(
        wkt.trim_end().ends_with(&format!("ID[\"EPSG\",{epsg}]]")),
        "EPSG:{epsg} expected: {wkt}"
    );
    assert_eq!(info["metadata"][""]["AREA_OR_POINT"], "Area", "{info}");
    let band = &info["bands"][0];
    assert_eq!(band["type"], "Float32", "{info}");
    let f32s: Vec<f64> = values.iter().map(|&v| v as f32 as f64).collect();
    let min = f32s.iter().copied().fold(f64::INFINITY, f64::min);
    let max = f32s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = f32s.iter().sum();
    let stat = |name: &str| -> f64 {
        band["metadata"][""][name]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {band}"))
            .parse()
            .expect("number")
    };
    // GDAL prints 14 significant digits.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    assert!(close(stat("STATISTICS_MINIMUM"), min), "min {min}: {band}");
    assert!(close(stat("STATISTICS_MAXIMUM"), max), "max {max}: {band}");
    let mean = stat("STATISTICS_MEAN");
    let gdal_sum = mean * (cols * rows) as f64;
    assert!(
        (gdal_sum - sum).abs() <= 1e-6 * sum.abs().max(1.0),
        "sum {gdal_sum} vs {sum}"
    );
}
