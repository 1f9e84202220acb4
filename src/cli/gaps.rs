//! `riskatlas gaps PROJECT --month 7 --types day_centre --within-m 2000 --min-risk 50
//! --out gaps.geojson`: service-gap areas, where the risk is high and no chosen service is
//! within reach, ranked by the cases they leave uncovered.
//!
//! Reads the project's cases, mine perimeters, hotspots, services and municipalities;
//! computes the risk surface with the same flags as `riskatlas risk` (`--pixel-m`,
//! `--radius-m`, `--weights`, ...), then the gap areas (`analysis::gaps`) as H3 hexagon
//! areas (`--h3-res`, default 8). Writes them as a GeoJSON FeatureCollection (temporary
//! file + rename) and, in ONE project transaction, as the layer
//! `gaps_<types>_<reach>m_mMM` (e.g. `gaps_day_centre_2000m_m07`, replaced if it exists)
//! with the run and all its parameters in `ra_analysis_runs` and an audit row. Areas carry
//! counts, never case points; counts below 5 are null with `uncovered_cases_note = "< 5"`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use super::risk::{RiskFlags, parse_service_types};
use crate::analysis::gaps::{GapConfig, service_gaps};
use crate::analysis::gaps_layer::{area_json, gaps_layer, gaps_layer_name, published_json};
use crate::analysis::risk::RiskInputs;
use crate::io::export_geojson::write_geojson_file;
use crate::model::{Case, Hotspot, LayerKind, MinePerimeter, Municipality, Service};
use crate::progress::NoProgress;
use crate::store::{ProjectStore, WriteMode};

#[derive(Args, Debug)]
pub struct GapsArgs {
    /// The project file.
    pub project: PathBuf,
    /// Service types that close a gap, e.g. day_centre,child_protection_unit.
    #[arg(long, value_delimiter = ',', default_value = "day_centre")]
    pub types: Vec<String>,
    /// Straight-line reach of a service in metres.
    #[arg(long, default_value_t = 2000.0)]
    pub within_m: f64,
    /// Lowest risk score (0–100) of a gap.
    #[arg(long, default_value_t = 50.0)]
    pub min_risk: f64,
    /// H3 resolution of the hexagons (5–10; 8 ≈ 0.74 km²).
    #[arg(long, default_value_t = 8)]
    pub h3_res: u8,
    /// Where to write the gap areas (GeoJSON).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub risk: RiskFlags,
    #[arg(long)]
    pub json: bool,
}

fn config(args: &GapsArgs) -> anyhow::Result<GapConfig> {
    let risk = args.risk.config()?;
    let c = GapConfig {
        min_risk: args.min_risk,
        types: parse_service_types(&args.types, "--types")?,
        reach_m: args.within_m,
        h3_resolution: args.h3_res,
        risk,
    };
    c.validate()?;
    Ok(c)
}

pub fn run(args: GapsArgs) -> anyhow::Result<()> {
    let config = config(&args)?;
    if !args.project.exists() {
        bail!("{} does not exist", args.project.display());
    }
    let mut store = ProjectStore::open(&args.project)?;
    let municipalities = store.read_records::<Municipality>(LayerKind::Municipalities)?;
    let inputs = RiskInputs::from_records(
        &store.read_records::<Case>(LayerKind::Cases)?,
        &store.read_records::<MinePerimeter>(LayerKind::Mines)?,
        &store.read_records::<Hotspot>(LayerKind::Hotspots)?,
        &store.read_records::<Service>(LayerKind::Services)?,
        &municipalities,
    )?;
    let gaps = service_gaps(&inputs, &config, &NoProgress)?;
    let refs: Vec<_> = municipalities.iter().map(Municipality::reference).collect();
    let month = config.risk.month;
    let name = gaps_layer_name(&config.types, config.reach_m, month);
    let layer = gaps_layer(&name, &gaps, &refs);
    write_geojson_file(&layer, &args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let params = json!({
        "config": config,
        "gap_share": crate::analysis::gaps::GAP_SHARE,
        "gap_cells": gaps.gap_cells,
        "out": args.out,
    });
    let run_id = store.write(|tx| {
        tx.write_layer(&layer, WriteMode::Replace)?;
        tx.audit(
            "analysis",
            &format!("service gaps for month {month}: layer {name}"),
        )?;
        tx.record_analysis_run("gaps", &params.to_string(), Some(&name))
    })?;
    store.close()?;
    let (total, total_note) = published_json(gaps.uncovered_cases());
    if args.json {
        let top: Vec<_> = gaps
            .areas
            .iter()
            .take(10)
            .map(|a| area_json(a, &refs))
            .collect();
        super::print_json(&json!({
            "ok": true,
            "month": month,
            "types": config.types,
            "within_m": config.reach_m,
            "min_risk": config.min_risk,
            "h3_resolution": args.h3_res,
            "gap_cells": gaps.gap_cells,
            "areas": gaps.areas.len(),
            "hexagons": gaps.hexagons(),
            "uncovered_cases_total": total,
            "uncovered_cases_total_note": total_note,
            "top": top,
            "out": args.out,
            "layer": name,
            "run_id": run_id,
        }));
        return Ok(());
    }
    let total = total
        .as_u64()
        .map_or_else(|| "< 5".into(), |n| n.to_string());
    println!(
        "Service gaps for month {month} (risk ≥ {}, no {} within {} m): {} areas, {} hexagons, {total} uncovered cases",
        config.min_risk,
        args.types.join("/"),
        config.reach_m,
        gaps.areas.len(),
        gaps.hexagons(),
    );
    println!(
        "  {:>4}  {:<24} {:>9} {:>9} {:>9}",
        "rank", "municipality", "area km²", "cases", "max risk"
    );
    for a in gaps.areas.iter().take(20) {
        let j = area_json(a, &refs);
        let cases = j["uncovered_cases"]
            .as_u64()
            .map_or_else(|| "< 5".to_string(), |n| n.to_string());
        println!(
            "  {:>4}  {:<24} {:>9.2} {:>9} {:>9.1}",
            a.rank,
            j["municipality"].as_str().unwrap_or("-"),
            a.area_km2,
            cases,
            a.max_risk
        );
    }
    if gaps.areas.len() > 20 {
        println!(
            "  ... {} more in {}",
            gaps.areas.len() - 20,
            args.out.display()
        );
    }
    println!(
        "Wrote {} and the layer {name} in {} (run {run_id})",
        args.out.display(),
        args.project.display()
    );
    Ok(())
}
