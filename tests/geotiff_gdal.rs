//! GDAL reads the GeoTIFFs `io::geotiff` writes: size, georeferencing, CRS, type, statistics.

mod raster_support;

use riskatlas::analysis::kde::{DensityOutput, KdeConfig, kernel_density};
use riskatlas::crs::Crs;
use riskatlas::io::geotiff::{RasterRef, write_geotiff};
use riskatlas::progress::NoProgress;

#[test]
fn gdal_reads_a_density_raster_in_albania_tm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pts: Vec<[f64; 2]> = (0..40)
        .map(|i| {
            let f = i as f64;
            [
                420_000.0 + (f * 7.3).sin() * 9_000.0,
                4_580_000.0 + f * 311.0,
            ]
        })
        .collect();
    let config = KdeConfig {
        radius_m: 1500.0,
        pixel_m: 100.0,
        output: DensityOutput::Raw,
    };
    let grid = kernel_density(&pts, None, &config, &NoProgress).expect("density");
    let out = dir.path().join("density.tif");
    write_geotiff(&out, (&grid).into(), &Crs::albania_tm(), None).expect("write");
    let Some(info) = raster_support::gdalinfo(&out) else {
        return;
    };
    raster_support::assert_gdal_reads(
        &info,
        (grid.cols, grid.rows),
        (grid.xmin, grid.ymax, 100.0),
        6870,
        &grid.values,
    );
    assert!(info["bands"][0].get("noDataValue").is_none(), "{info}");
}

#[test]
fn gdal_reads_utm_34n_and_the_nodata_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cols, rows) = (257, 131);
    let values: Vec<f64> = (0..cols * rows)
        .map(|i| ((i % cols) as f64 * 0.05).cos() * (i / cols) as f64)
        .collect();
    let raster = RasterRef {
        xmin: 401_234.5,
        ymax: 4_612_345.25,
        pixel_size: 30.0,
        cols,
        rows,
        values: &values,
    };
    let out = dir.path().join("utm.tiff");
    let crs = Crs::from_epsg(32634).expect("UTM 34N");
    write_geotiff(&out, raster, &crs, Some(-9999.0)).expect("write");
    let Some(info) = raster_support::gdalinfo(&out) else {
        return;
    };
    raster_support::assert_gdal_reads(
        &info,
        (cols, rows),
        (401_234.5, 4_612_345.25, 30.0),
        32634,
        &values,
    );
    assert_eq!(info["bands"][0]["noDataValue"].as_f64(), Some(-9999.0));
}
