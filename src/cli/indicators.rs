//! `riskatlas indicators PROJECT --out indicators.csv`: the action plan's indicators for every
//! municipality (see `analysis::indicators`), as a spreadsheet table with small counts hidden
//! (see `io::indicators_csv`). The run and its parameters are recorded in the project.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use serde_json::json;

use crate::analysis::indicators::{IndicatorConfig, municipal_indicators};
use crate::io::indicators_csv::{MIN_K, write_indicators_csv_file};
use crate::model::{LayerKind, MinePerimeter, Municipality};
use crate::progress::NoProgress;
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct IndicatorsArgs {
    /// The project file (.gpkg).
    pub project: PathBuf,
    /// The CSV file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// A case is within reach of a service closer than this (metres).
    #[arg(long, default_value_t = 2000.0)]
    pub reach_m: f64,
    /// A case is near a mine within this distance of its perimeter (metres).
    #[arg(long, default_value_t = 3000.0)]
    pub mine_near_m: f64,
    /// Counts below this are written as "<k" (at least 5).
    #[arg(long, default_value_t = MIN_K)]
    pub k: u32,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: IndicatorsArgs) -> anyhow::Result<()> {
    if !args.project.exists() {
        bail!("{} does not exist", args.project.display());
    }
    let ext = args.out.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !ext.eq_ignore_ascii_case("csv") {
        bail!("{}: indicators are written as .csv", args.out.display());
    }
    if args.k < MIN_K {
        bail!("--k must be at least {MIN_K}: smaller groups of children could be singled out");
    }
    let mut store = ProjectStore::open(&args.project)?;
    let municipalities: Vec<Municipality> = store.read_records(LayerKind::Municipalities)?;
    if municipalities.is_empty() {
        bail!("{} has no municipalities layer", args.project.display());
    }
    let mut cases = store.read_records(LayerKind::Cases)?;
    let mut services = store.read_records(LayerKind::Services)?;
    crate::analysis::indicators::fill_missing_municipalities(
        &municipalities,
        &mut cases,
        &mut services,
    );
    let mines: Vec<MinePerimeter> = store.read_records(LayerKind::Mines)?;
    let config = IndicatorConfig {
        reach_m: args.reach_m,
        mine_near_m: args.mine_near_m,
    };
    let ind = municipal_indicators(
        &municipalities,
        &cases,
        &services,
        &mines,
        &config,
        &NoProgress,
    )?;
    write_indicators_csv_file(&ind, args.k, &args.out)?;
    let params = json!({
        "reach_m": config.reach_m,
        "mine_near_m": config.mine_near_m,
        "k": args.k,
        "out": args.out,
    });
    // The table is a file, not a layer: its path is in the parameters.
    if let Err(e) =
        store.write(|tx| tx.record_analysis_run("indicators", &params.to_string(), None))
    {
        let _ = std::fs::remove_file(&args.out);
        return Err(e.into());
    }
    store.close()?;
    let n = &ind.national;
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "municipalities": ind.rows.iter().filter(|r| !r.lau_code.is_empty()).count(),
            "cases": n.cases,
            "years": ind.years,
            "share_near_day_centre": n.share_near_day_centre(),
            "share_near_cpu": n.share_near_cpu(),
            "median_cpu_m": n.median_cpu_m,
            "near_mines": n.near_mines,
            "k": args.k,
            "out": args.out,
        }));
    } else {
        println!(
            "Indicators for {} municipalities ({} cases) written to {}",
            ind.rows.len(),
            n.cases,
            args.out.display()
        );
        let pct = |v: Option<f64>| v.map_or("-".into(), |v| format!("{:.1} %", v * 100.0));
        println!(
            "Albania: {} within {} m of a day centre, {} of a Child Protection Unit; median distance to a CPU {}",
            pct(n.share_near_day_centre()),
            config.reach_m,
            pct(n.share_near_cpu()),
            n.median_cpu_m.map_or("-".into(), |m| format!("{m:.0} m"))
        );
        println!("Counts below {} are shown as \"<{}\".", args.k, args.k);
    }
    Ok(())
}
