//! `riskatlas density --cases FILE|PROJECT --radius-m 1000 --pixel-m 100 [--crs EPSG:N]
//! --out FILE.tif [--json]`: the kernel density of cases as a GeoTIFF, as QGIS's heatmap builds it.
//!
//! Inputs: cases from a project (`.gpkg`) or any importable file (CSV with lon/lat columns,
//! GeoJSON, …: validated as `riskatlas import` does, rejected rows reported on stderr), optionally
//! filtered by year and kind; the radius and pixel size in metres; the metric CRS of the grid
//! (default EPSG:6870, KRGJSH-2010 / Albania TM; a geographic CRS is refused).
//! Output: a Float32 GeoTIFF on the QGIS grid (extent grown by the radius, top-left origin),
//! raw quartic kernel sums (as QGIS) or expected cases per km² (`--output per-km2`), written
//! atomically; a summary (human or `--json`). For a project the run and every parameter needed to
//! repeat it are recorded in its analysis history.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::Datelike;
use clap::{Args, ValueEnum};
use serde_json::json;

use super::inputs::{InputOptions, is_project, load_cases};
use crate::analysis::kde::{DensityGrid, DensityOutput, KdeConfig, kernel_density};
use crate::crs::{Crs, Transformer};
use crate::io::geotiff::write_geotiff;
use crate::model::CaseKind;
use crate::progress::NoProgress;
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct DensityArgs {
    /// The cases: a project (.gpkg) or a file to read (CSV with lon/lat columns, GeoJSON, Shapefile, …).
    #[arg(long)]
    pub cases: PathBuf,
    /// Kernel radius (bandwidth) in metres.
    #[arg(long, allow_negative_numbers = true)]
    pub radius_m: f64,
    /// Pixel size in metres.
    #[arg(long, allow_negative_numbers = true)]
    pub pixel_m: f64,
    /// Metric CRS of the grid and the GeoTIFF.
    #[arg(long, default_value = "EPSG:6870")]
    pub crs: String,
    /// The GeoTIFF to write (.tif or .tiff).
    #[arg(long)]
    pub out: PathBuf,
    /// Pixel values: raw kernel sums (as QGIS) or expected cases per square kilometre.
    #[arg(long, value_enum, default_value_t = OutputArg::Raw)]
    pub output: OutputArg,
    /// CRS of the file's coordinates when it declares none, e.g. EPSG:6870 (not for a project).
    #[arg(long)]
    pub input_crs: Option<String>,
    /// CSV column with the longitude (or easting), when not found automatically.
    #[arg(long, requires = "lat_column")]
    pub lon_column: Option<String>,
    /// CSV column with the latitude (or northing), when not found automatically.
    #[arg(long, requires = "lon_column")]
    pub lat_column: Option<String>,
    /// Only cases identified in this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Only cases of this kind (repeat or separate with commas), e.g. begging,recycling.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    Raw,
    #[value(name = "per-km2")]
    PerKm2,
}

impl OutputArg {
    fn code(self) -> &'static str {
        match self {
            OutputArg::Raw => "raw",
            OutputArg::PerKm2 => "per-km2",
        }
    }
}

pub fn run(args: DensityArgs) -> anyhow::Result<()> {
    let ext = args.out.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !(ext.eq_ignore_ascii_case("tif") || ext.eq_ignore_ascii_case("tiff")) {
        bail!(
            "{}: density writes a GeoTIFF (.tif or .tiff)",
            args.out.display()
        );
    }
    for (name, v) in [("--radius-m", args.radius_m), ("--pixel-m", args.pixel_m)] {
        if !(v.is_finite() && v > 0.0) {
            bail!("{name} must be a positive number of metres (got {v})");
        }
    }
    let crs = Crs::parse(&args.crs).context("--crs")?;
    if crs.is_geographic() {
        bail!(
            "--crs EPSG:{} is geographic (degrees): a density grid needs a metric CRS, e.g. EPSG:6870 (KRGJSH-2010 / Albania TM) or EPSG:32634 (UTM 34N)",
            crs.epsg()
        );
    }
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        bail!(
            "{}: the folder {} does not exist",
            args.out.display(),
            dir.display()
        );
    }
    let kinds = args
        .kind
        .iter()
        .map(|k| {
            CaseKind::parse_loose(k).with_context(|| {
                let all: Vec<&str> = CaseKind::ALL.iter().map(|k| k.code()).collect();
                format!("unknown --kind '{k}': use one of {}", all.join(", "))
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let opts = InputOptions {
        crs: args.input_crs.clone(),
        lon_column: args.lon_column.clone(),
        lat_column: args.lat_column.clone(),
    };
    let cases = load_cases(&args.cases, &opts)?;
    let to_grid = Transformer::new(&Crs::wgs84(), &crs);
    let points: Vec<[f64; 2]> = cases
        .iter()
        .filter(|c| args.year.is_none_or(|y| c.identified_on.year() == y))
        .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
        .map(|c| {
            let (x, y) = to_grid
                .point(c.pos_wgs84.x(), c.pos_wgs84.y())
                .with_context(|| format!("case {}", c.case_code))?;
            Ok([x, y])
        })
        .collect::<anyhow::Result<_>>()?;
    if points.is_empty() {
        bail!(
            "no case of {} matches the filters ({} cases read)",
            args.cases.display(),
            cases.len()
        );
    }
    let config = KdeConfig {
        radius_m: args.radius_m,
        pixel_m: args.pixel_m,
        output: match args.output {
            OutputArg::Raw => DensityOutput::Raw,
            OutputArg::PerKm2 => DensityOutput::PerKm2,
        },
    };
    let grid = kernel_density(&points, None, &config, &NoProgress)?;
    write_geotiff(&args.out, (&grid).into(), &crs, None)?;
    let params = json!({
        "cases": args.cases,
        "radius_m": args.radius_m,
        "pixel_m": args.pixel_m,
        "crs": format!("EPSG:{}", crs.epsg()),
        "output": args.output.code(),
        "kernel": "quartic",
        "grid": "qgis",
        "year": args.year,
        "kinds": kinds.iter().map(|k| k.code()).collect::<Vec<_>>(),
        "count": points.len(),
        "out": args.out,
    });
    if is_project(&args.cases)
        && let Err(e) = record_run(&args.cases, &params)
    {
        // The run could not be recorded: leave no unrecorded output behind.
        let _ = std::fs::remove_file(&args.out);
        return Err(e);
    }
    report(&args, &grid, &crs, points.len());
    Ok(())
}

fn record_run(project: &Path, params: &serde_json::Value) -> anyhow::Result<()> {
    let mut store = ProjectStore::open(project)?;
    let text = params.to_string();
    store
        .write(|tx| tx.record_analysis_run("density", &text, None))
        .with_context(|| format!("cannot record the run in {}", project.display()))?;
    store.close()?;
    Ok(())
}

fn report(args: &DensityArgs, grid: &DensityGrid, crs: &Crs, count: usize) {
    let sum: f64 = grid.values.iter().sum();
    let max = grid.values.iter().copied().fold(0.0, f64::max);
    let nonzero = grid.values.iter().filter(|v| **v != 0.0).count();
    let crs_code = format!("EPSG:{}", crs.epsg());
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "cols": grid.cols,
            "rows": grid.rows,
            "origin": [grid.xmin, grid.ymax],
            "pixel_m": grid.pixel_m,
            "radius_m": args.radius_m,
            "crs": crs_code,
            "output": args.output.code(),
            "sum": sum,
            "max": max,
            "nonzero": nonzero,
            "count": count,
            "out": args.out,
        }));
        return;
    }
    println!(
        "Kernel density of {count} cases (quartic, radius {} m, {} values)",
        args.radius_m,
        args.output.code()
    );
    println!(
        "  grid: {} × {} pixels of {} m, origin ({:.2}, {:.2}) {crs_code} ({})",
        grid.cols,
        grid.rows,
        grid.pixel_m,
        grid.xmin,
        grid.ymax,
        crs.name()
    );
    println!("  sum {sum:.6}, max {max:.6}, {nonzero} non-zero pixels");
    println!("  written: {}", args.out.display());
}
