//! `riskatlas coverage --cases FILE --services FILE --types day_centre,child_protection_unit
//! --within-m 2000 [--crs EPSG:N] [--json]`, or `--walk-min M --speed-kmh 4.5 [--detour F]`
//! for a walking time; `--capacity` adds the day centres' load against their capacity.
//!
//! Prints aggregate figures only (totals, per municipality, per centre): nothing per child.

use anyhow::bail;
use clap::Args;
use serde_json::json;

use super::nearest::{AccessInputs, parse_metric_crs, parse_types, type_codes, types_missing};
use crate::analysis::capacity::{CapacityConfig, CapacityReport, capacity_projected};
use crate::analysis::coverage::{
    CoverageConfig, CoverageReport, coverage_projected, project_cases, share,
};
use crate::analysis::nearest::ServiceIndex;
use crate::model::ServiceType;
use crate::progress::NoProgress;

#[derive(Args, Debug)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub inputs: AccessInputs,
    /// Service types that cover a case, comma-separated codes.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "day_centre,child_protection_unit"
    )]
    pub types: Vec<String>,
    #[command(flatten)]
    pub reach: super::reach::ReachFlags,
    /// Projected CRS distances are measured in (default EPSG:6870, KRGJSH-2010 / Albania TM).
    #[arg(long)]
    pub crs: Option<String>,
    /// Measure geodesic distances on the WGS84 ellipsoid instead.
    #[arg(long)]
    pub geodesic: bool,
    /// Also report each centre's load against its capacity (day centres unless --capacity-types).
    #[arg(long)]
    pub capacity: bool,
    /// Centre types for --capacity, comma-separated codes.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "day_centre",
        requires = "capacity"
    )]
    pub capacity_types: Vec<String>,
    /// Print a one-line JSON summary (covered, total, share, per_municipality, capacity).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: CoverageArgs) -> anyhow::Result<()> {
    let types = parse_types(&args.types)?;
    if types.is_empty() {
        bail!("--types names no service type");
    }
    let capacity_types = parse_types(&args.capacity_types)?;
    let crs = parse_metric_crs(args.crs.as_deref())?;
    let reach = args.reach.reach();
    let reach_m = reach.metres()?;
    let (cases, services) = args.inputs.load()?;
    let cfg = CoverageConfig {
        types: types.clone(),
        reach,
        crs: crs.clone(),
        geodesic: args.geodesic,
    };
    let xy = project_cases(&cases, &crs, &NoProgress)?;
    let index = ServiceIndex::build(&services, &types, &crs)?;
    let report = coverage_projected(&cases, &xy, &index, &cfg, &NoProgress)?;
    let cap = if args.capacity {
        let cap_cfg = CapacityConfig {
            types: capacity_types.clone(),
            reach,
            crs: crs.clone(),
            geodesic: args.geodesic,
        };
        let index = ServiceIndex::build(&services, &capacity_types, &crs)?;
        Some(capacity_projected(
            &cases,
            &xy,
            &services,
            &index,
            &cap_cfg,
            &NoProgress,
        )?)
    } else {
        None
    };

    let mut v = json!({
        "ok": true,
        "covered": report.covered,
        "total": report.total,
        "share": report.share(),
        "reach_m": reach_m,
        "types": type_codes(&types),
        "crs": format!("EPSG:{}", crs.epsg()),
        "geodesic": args.geodesic,
        "per_municipality": per_municipality_json(&report),
    });
    args.reach.add_json(&mut v);
    if let Some(c) = &cap {
        v["capacity"] = capacity_json(c, &capacity_types);
    }
    let mut params = v.clone();
    params["cases"] = json!(args.inputs.cases);
    params["services"] = json!(args.inputs.services);
    args.inputs.record("coverage", &params, None)?;
    if types_missing(&services, &types) {
        eprintln!("riskatlas: no service of the chosen types: no case is covered");
    }
    if args.json {
        super::print_json(&v);
    } else {
        print_human(&report, cap.as_ref(), &types, &args);
    }
    Ok(())
}

fn per_municipality_json(r: &CoverageReport) -> serde_json::Value {
    r.per_municipality
        .iter()
        .map(|g| {
            json!({
                "municipality": g.municipality.as_ref().map(|m| m.name.as_str()),
                "lau_code": g.municipality.as_ref().map(|m| m.lau_code.as_str()),
                "covered": g.covered,
                "total": g.total,
                "share": g.share(),
            })
        })
        .collect()
}

fn capacity_json(c: &CapacityReport, types: &[ServiceType]) -> serde_json::Value {
    let centres: Vec<_> = c
        .centres
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "capacity": s.capacity,
                "load": s.load,
                "assigned": s.assigned,
                "overloaded": s.overloaded,
            })
        })
        .collect();
    json!({
        "types": type_codes(types),
        "total": c.total,
        "in_reach": c.in_reach,
        "covered_within_capacity": c.covered_within_capacity,
        "share_within_capacity": share(c.covered_within_capacity, c.total),
        "overloaded": c.overloaded(),
        "centres": centres,
    })
}

fn pct(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |s| format!("{:.1} %", s * 100.0))
}

fn print_human(
    r: &CoverageReport,
    cap: Option<&CapacityReport>,
    types: &[ServiceType],
    args: &CoverageArgs,
) {
    let reach = match args.reach.walk_min {
        Some(m) => format!(
            "{m} min walk at {} km/h (straight line / detour {}: {:.0} m)",
            args.reach.speed_kmh, args.reach.detour, r.reach_m
        ),
        None => format!("{:.0} m", r.reach_m),
    };
    println!(
        "Coverage by {} within {reach}{}: {} of {} cases ({})",
        type_codes(types).join(", "),
        if args.geodesic { " (geodesic)" } else { "" },
        r.covered,
        r.total,
        pct(r.share())
    );
    println!(
        "  {:<28} {:>8} {:>8} {:>8}",
        "municipality", "covered", "total", "share"
    );
    for g in &r.per_municipality {
        let name = g
            .municipality
            .as_ref()
            .map_or("(no municipality)", |m| m.name.as_str());
        println!(
            "  {:<28} {:>8} {:>8} {:>8}",
            name,
            g.covered,
            g.total,
            pct(g.share())
        );
    }
    if let Some(c) = cap {
        println!(
            "Capacity: {} cases within reach of a centre, {} placed within capacity ({}), {} centres overloaded",
            c.in_reach,
            c.covered_within_capacity,
            pct(share(c.covered_within_capacity, c.total)),
            c.overloaded()
        );
        println!(
            "  {:<44} {:>8} {:>6} {:>8}",
            "centre", "capacity", "load", ""
        );
        for s in &c.centres {
            let capacity = s.capacity.map_or_else(|| "—".into(), |c| c.to_string());
            let flag = if s.overloaded { "OVERLOADED" } else { "" };
            println!("  {:<44} {:>8} {:>6} {flag}", s.name, capacity, s.load);
        }
    }
}
