//! `riskatlas nearest --cases FILE --services FILE [--types T,..] [--crs EPSG:N] --out FILE.csv [--json]`.
//!
//! Writes one CSV row per case: case_code, municipality, service_type, service_name,
//! distance_m (0.1 m). No coordinates: the file is about children. Also the shared pieces of
//! the access commands (inputs, service types, recording the run in input projects).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use super::inputs::{InputOptions, is_project, load_cases, load_services};
use crate::analysis::nearest::{NearestConfig, nearest_services};
use crate::crs::Crs;
use crate::model::{Case, Service, ServiceType};
use crate::progress::NoProgress;
use crate::store::ProjectStore;

/// Where cases and services come from (shared by `nearest` and `coverage`).
#[derive(Args, Debug)]
pub struct AccessInputs {
    /// Cases: a project (.gpkg) or any importable file (CSV with lon/lat, GeoJSON, …).
    #[arg(long)]
    pub cases: PathBuf,
    /// Services: a project (.gpkg) or any importable file.
    #[arg(long)]
    pub services: PathBuf,
    /// CRS of the input files' coordinates when they declare none, e.g. EPSG:6870.
    #[arg(long)]
    pub input_crs: Option<String>,
    /// CSV column with the longitude (or easting), when not found automatically.
    #[arg(long, requires = "lat_column")]
    pub lon_column: Option<String>,
    /// CSV column with the latitude (or northing), when not found automatically.
    #[arg(long, requires = "lon_column")]
    pub lat_column: Option<String>,
}

impl AccessInputs {
    pub fn load(&self) -> anyhow::Result<(Vec<Case>, Vec<Service>)> {
        let opts = InputOptions {
            crs: self.input_crs.clone(),
            lon_column: self.lon_column.clone(),
            lat_column: self.lat_column.clone(),
        };
        let cases = load_cases(&self.cases, &opts)?;
        let services = load_services(&self.services, &opts)?;
        Ok((cases, services))
    }

    /// Records the run (and, when `case_level_out` is set, an audit entry for the case-level
    /// file) in every input that is a project.
    pub fn record(
        &self,
        kind: &str,
        params: &serde_json::Value,
        case_level_out: Option<&Path>,
    ) -> anyhow::Result<()> {
        let mut projects: Vec<&PathBuf> = [&self.cases, &self.services]
            .into_iter()
            .filter(|p| is_project(p))
            .collect();
        // The same project named twice (perhaps by different paths) gets one record.
        projects.dedup_by(|a, b| {
            let (ca, cb) = (std::fs::canonicalize(&a), std::fs::canonicalize(&b));
            a == b || matches!((ca, cb), (Ok(x), Ok(y)) if x == y)
        });
        for p in projects {
            let mut store = ProjectStore::open(p)?;
            store
                .write(|tx| {
                    tx.record_analysis_run(kind, &params.to_string(), None)?;
                    if let Some(out) = case_level_out {
                        let detail =
                            format!("{kind}: one row per case written to {}", out.display());
                        tx.audit("export_case_level", &detail)?;
                    }
                    Ok(())
                })
                .with_context(|| format!("cannot record the run in {}", p.display()))?;
            store.close()?;
        }
        Ok(())
    }
}

/// Parses `day_centre,cpu,…` (codes, labels or synonyms); unknown names list the valid codes.
pub fn parse_types(list: &[String]) -> anyhow::Result<Vec<ServiceType>> {
    let mut out = Vec::new();
    for t in list.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let Some(st) = ServiceType::parse_loose(t) else {
            let codes: Vec<&str> = ServiceType::ALL.iter().map(|s| s.code()).collect();
            bail!(
                "unknown service type '{t}': use one of {}",
                codes.join(", ")
            );
        };
        if !out.contains(&st) {
            out.push(st);
        }
    }
    Ok(out)
}

pub fn type_codes(types: &[ServiceType]) -> Vec<&'static str> {
    types.iter().map(|t| t.code()).collect()
}

/// `--crs`: a projected CRS (geographic ones are rejected by the analysis).
pub fn parse_metric_crs(text: Option<&str>) -> anyhow::Result<Crs> {
    let crs = text
        .map(Crs::parse)
        .transpose()?
        .unwrap_or_else(Crs::albania_tm);
    crate::analysis::metric::require_metric(&crs)?;
    Ok(crs)
}

#[derive(Args, Debug)]
pub struct NearestArgs {
    #[command(flatten)]
    pub inputs: AccessInputs,
    /// Service types to consider, comma-separated codes (default: all), e.g. day_centre,child_protection_unit.
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// Projected CRS distances are measured in (default EPSG:6870, KRGJSH-2010 / Albania TM).
    #[arg(long)]
    pub crs: Option<String>,
    /// Measure geodesic distances on the WGS84 ellipsoid instead.
    #[arg(long)]
    pub geodesic: bool,
    /// The CSV to write (one row per case, no coordinates).
    #[arg(long)]
    pub out: PathBuf,
    /// Print a one-line JSON summary (count, sum_m, mean_m, median_m, max_m, …).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: NearestArgs) -> anyhow::Result<()> {
    let types = parse_types(&args.types)?;
    let crs = parse_metric_crs(args.crs.as_deref())?;
    let (cases, services) = args.inputs.load()?;
    let cfg = NearestConfig {
        types: types.clone(),
        crs: crs.clone(),
        geodesic: args.geodesic,
    };
    let hits = nearest_services(&cases, &services, &cfg, &NoProgress)?;
    write_rows(&args.out, &cases, &services, &hits)
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let mut d: Vec<f64> = hits.iter().filter_map(|h| h.map(|(_, d)| d)).collect();
    d.sort_by(f64::total_cmp);
    let sum_m: f64 = d.iter().sum();
    let mean_m = (!d.is_empty()).then(|| sum_m / d.len() as f64);
    let median_m = match d.len() {
        0 => None,
        n if n % 2 == 1 => Some(d[n / 2]),
        n => Some((d[n / 2 - 1] + d[n / 2]) / 2.0),
    };
    let max_m = d.last().copied();
    let summary = json!({
        "count": cases.len(),
        "with_service": d.len(),
        "without_service": cases.len() - d.len(),
        "sum_m": sum_m,
        "mean_m": mean_m,
        "median_m": median_m,
        "max_m": max_m,
    });
    let params = json!({
        "cases": args.inputs.cases,
        "services": args.inputs.services,
        "types": type_codes(&types),
        "crs": format!("EPSG:{}", crs.epsg()),
        "geodesic": args.geodesic,
        "out": args.out,
        "result": summary,
    });
    args.inputs.record("nearest", &params, Some(&args.out))?;
    if types_missing(&services, &types) {
        eprintln!("riskatlas: no service of the chosen types: every case is without a service");
    }
    if args.json {
        let mut v = summary;
        v["ok"] = json!(true);
        v["out"] = json!(args.out);
        v["crs"] = json!(format!("EPSG:{}", crs.epsg()));
        v["geodesic"] = json!(args.geodesic);
        v["types"] = json!(type_codes(&types));
        super::print_json(&v);
    } else {
        let metric = if args.geodesic {
            "geodesic (WGS84)".to_string()
        } else {
            format!("EPSG:{} {}", crs.epsg(), crs.name())
        };
        println!(
            "Nearest service for {} cases ({metric}): {} with a service, {} without",
            cases.len(),
            d.len(),
            cases.len() - d.len()
        );
        if let (Some(mean), Some(median), Some(max)) = (mean_m, median_m, max_m) {
            println!("  distance: mean {mean:.0} m, median {median:.0} m, max {max:.0} m");
        }
        println!("  written to {}", args.out.display());
        println!("  CONFIDENTIAL — one row per child (no coordinates). Handle as case data.");
    }
    Ok(())
}

/// True when `types` is not empty and no service has one of them.
pub fn types_missing(services: &[Service], types: &[ServiceType]) -> bool {
    !types.is_empty() && !services.iter().any(|s| types.contains(&s.service_type))
}

/// UTF-8 CSV (BOM and CRLF, as the other exports: Excel on Windows), written to a temporary
/// file beside `path` and renamed into place.
fn write_rows(
    path: &Path,
    cases: &[Case],
    services: &[Service],
    hits: &[Option<(usize, f64)>],
) -> anyhow::Result<()> {
    crate::io::atomic::write_atomic(path, |file| -> anyhow::Result<()> {
        file.write_all("\u{feff}".as_bytes())?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(file);
        w.write_record([
            "case_code",
            "municipality",
            "service_type",
            "service_name",
            "distance_m",
        ])?;
        for (c, h) in cases.iter().zip(hits) {
            let muni = c.municipality.as_ref().map_or("", |m| m.name.as_str());
            match h {
                Some((s, d)) => {
                    let s = &services[*s];
                    w.write_record([
                        c.case_code.as_str(),
                        muni,
                        s.service_type.code(),
                        s.name.as_str(),
                        &format!("{d:.1}"),
                    ])?;
                }
                None => w.write_record([c.case_code.as_str(), muni, "", "", ""])?,
            }
        }
        w.flush()?;
        Ok(())
    })
}
