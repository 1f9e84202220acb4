//! `riskatlas risk PROJECT --month 7 --out zones.geojson`: the composite risk surface of a
//! project, classified and vectorised into zones.
//!
//! Reads the project's cases, mine perimeters, coastal hotspots, services and municipalities;
//! computes the risk surface (`analysis::risk`) with the flags' parameters, the classes
//! (manual thresholds or quartiles) and the zones; writes the zones as a GeoJSON
//! FeatureCollection (temporary file + rename) and, in ONE project transaction, as the layer
//! `risk_zones_mMM` (replaced if it exists) with the run and all its parameters recorded in
//! `ra_analysis_runs` and an audit row. Zones carry counts, never case points; counts below 5
//! are null with `cases_note = "< 5"`. `--json` prints a one-line summary.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use crate::analysis::classes::ClassMethod;
use crate::analysis::risk::{RiskConfig, RiskWeights};
use crate::analysis::risk_run::{RiskRecords, run_risk_zones, zones_style};
use crate::io::export_geojson::write_geojson_file;
use crate::model::{Case, Hotspot, LayerKind, MinePerimeter, Municipality, Service, ServiceType};
use crate::progress::NoProgress;
use crate::store::ProjectStore;

/// The risk surface's parameters, shared by `risk` and `gaps` (same flags in both).
#[derive(Args, Debug)]
pub struct RiskFlags {
    /// Calendar month 1–12 (coastal hotspots count only in their active months).
    #[arg(long)]
    pub month: u32,
    /// Cell size in metres.
    #[arg(long, default_value_t = 100.0)]
    pub pixel_m: f64,
    /// Kernel radius of the case density in metres.
    #[arg(long, default_value_t = 1000.0)]
    pub radius_m: f64,
    /// Factor weights, e.g. density=0.4,mines=0.25,hotspots=0.15,services=0.2 (unnamed keep their default).
    #[arg(long)]
    pub weights: Option<String>,
    /// Distance in metres at which the mine factor reaches 0.
    #[arg(long, default_value_t = 3000.0)]
    pub mine_decay_m: f64,
    /// Width in metres of the decaying band around active hotspots.
    #[arg(long, default_value_t = 1000.0)]
    pub hotspot_band_m: f64,
    /// Distance in metres at which "far from services" reaches its maximum.
    #[arg(long, default_value_t = 5000.0)]
    pub service_far_m: f64,
    /// Service types of the distance factor, e.g. day_centre,child_protection_unit.
    #[arg(long, value_delimiter = ',')]
    pub service_types: Vec<String>,
}

impl RiskFlags {
    /// The library's parameters, checked.
    pub fn config(&self) -> anyhow::Result<RiskConfig> {
        let mut c = RiskConfig {
            pixel_m: self.pixel_m,
            month: self.month,
            density_radius_m: self.radius_m,
            mine_decay_m: self.mine_decay_m,
            hotspot_band_m: self.hotspot_band_m,
            service_far_m: self.service_far_m,
            ..RiskConfig::default()
        };
        if let Some(w) = &self.weights {
            c.weights = parse_weights(w)?;
        }
        if !self.service_types.is_empty() {
            c.service_types = parse_service_types(&self.service_types, "--service-types")?;
        }
        c.validate()?;
        Ok(c)
    }
}

#[derive(Args, Debug)]
pub struct RiskArgs {
    /// The project file.
    pub project: PathBuf,
    /// Where to write the zones (GeoJSON).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub risk: RiskFlags,
    /// Scores at which medium, high and very high begin, e.g. 25,50,75.
    #[arg(long, conflicts_with = "quantiles")]
    pub thresholds: Option<String>,
    /// Classes by quartiles of the land cells with a score above 0.
    #[arg(long)]
    pub quantiles: bool,
    #[arg(long)]
    pub json: bool,
}

/// `density=0.4,mines=0.25` over the default weights.
pub(crate) fn parse_weights(text: &str) -> anyhow::Result<RiskWeights> {
    let mut w = RiskWeights::default();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .with_context(|| format!("--weights: '{part}' is not name=number"))?;
        let value: f64 = value
            .trim()
            .parse()
            .with_context(|| format!("--weights: '{}' is not a number", value.trim()))?;
        match key.trim() {
            "density" => w.density = value,
            "mines" => w.mines = value,
            "hotspots" => w.hotspots = value,
            "services" => w.services = value,
            other => {
                bail!("--weights: unknown factor '{other}' (density, mines, hotspots, services)")
            }
        }
    }
    Ok(w)
}

/// Service type codes given to `flag`, e.g. `day_centre`.
pub(crate) fn parse_service_types(list: &[String], flag: &str) -> anyhow::Result<Vec<ServiceType>> {
    list.iter()
        .map(|t| {
            ServiceType::parse_loose(t).with_context(|| {
                let known: Vec<&str> = ServiceType::ALL.iter().map(|s| s.code()).collect();
                format!("{flag}: unknown type '{t}' ({})", known.join(", "))
            })
        })
        .collect()
}

fn parse_thresholds(text: &str) -> anyhow::Result<[f64; 3]> {
    let v: Vec<f64> = text
        .split(',')
        .map(|t| t.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .with_context(|| format!("--thresholds: '{text}' is not three numbers"))?;
    <[f64; 3]>::try_from(v)
        .map_err(|_| anyhow::anyhow!("--thresholds needs three numbers, e.g. 25,50,75"))
}

fn config(args: &RiskArgs) -> anyhow::Result<(RiskConfig, ClassMethod)> {
    let c = args.risk.config()?;
    let method = match (&args.thresholds, args.quantiles) {
        (_, true) => ClassMethod::Quantiles,
        (Some(t), false) => ClassMethod::Manual {
            thresholds: parse_thresholds(t)?,
        },
        (None, false) => ClassMethod::default(),
    };
    Ok((c, method))
}

pub fn run(args: RiskArgs) -> anyhow::Result<()> {
    let (config, method) = config(&args)?;
    if !args.project.exists() {
        bail!("{} does not exist", args.project.display());
    }
    let mut store = ProjectStore::open(&args.project)?;
    let cases = store.read_records::<Case>(LayerKind::Cases)?;
    let mines = store.read_records::<MinePerimeter>(LayerKind::Mines)?;
    let hotspots = store.read_records::<Hotspot>(LayerKind::Hotspots)?;
    let services = store.read_records::<Service>(LayerKind::Services)?;
    let municipalities = store.read_records::<Municipality>(LayerKind::Municipalities)?;
    let records = RiskRecords {
        cases: &cases,
        mines: &mines,
        hotspots: &hotspots,
        services: &services,
        municipalities: &municipalities,
    };
    let run = run_risk_zones(&records, &config, method, &NoProgress)?;
    let (layer, name) = (&run.layer, run.layer.name.clone());
    write_geojson_file(layer, &args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let mut params = run.params.clone();
    params["out"] = json!(args.out);
    let run_id = store.write(|tx| {
        tx.save_analysis_layer(
            "risk",
            layer,
            Some(&zones_style().to_json()),
            &params.to_string(),
            &format!("risk zones for month {}: layer {name}", config.month),
        )
    })?;
    store.close()?;
    let summaries = &run.summaries;
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "month": config.month,
            "cols": run.grid.cols,
            "rows": run.grid.rows,
            "pixel_m": run.grid.pixel_m,
            "thresholds": run.thresholds,
            "zones": run.zones,
            "classes": summaries.iter().map(|s| s.to_json()).collect::<Vec<_>>(),
            "out": args.out,
            "layer": name,
            "run_id": run_id,
        }));
        return Ok(());
    }
    let g = run.grid;
    println!(
        "Risk zones for month {} ({} m cells, {} × {}; thresholds {:?}): {} zones",
        config.month, g.pixel_m, g.cols, g.rows, run.thresholds, run.zones
    );
    println!(
        "  {:<10} {:>7} {:>11} {:>7}",
        "class", "zones", "area km²", "cases"
    );
    for s in summaries {
        let j = s.to_json();
        let cases = j["cases"]
            .as_u64()
            .map_or_else(|| "< 5".to_string(), |n| n.to_string());
        println!(
            "  {:<10} {:>7} {:>11.2} {:>7}",
            j["label_en"].as_str().unwrap_or(""),
            s.zones,
            s.area_m2 / 1e6,
            cases
        );
    }
    println!(
        "Wrote {} and the layer {name} in {} (run {run_id})",
        args.out.display(),
        args.project.display()
    );
    Ok(())
}
