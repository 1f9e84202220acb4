//! Output of `riskatlas site`: the `--json` summary, the human table and the `--out` file of
//! chosen sites (GeoJSON points or CSV; site positions only, never case coordinates; written
//! to a temporary file and renamed into place).

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use serde_json::json;

use super::SiteArgs;
use crate::analysis::siting::SitingReport;
use crate::cli::nearest::type_codes;
use crate::model::ServiceType;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutFormat {
    GeoJson,
    Csv,
}

/// The `--out` format by extension.
pub fn out_format(path: &Path) -> anyhow::Result<OutFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("geojson") | Some("json") => Ok(OutFormat::GeoJson),
        Some("csv") => Ok(OutFormat::Csv),
        _ => bail!("--out {}: use a .geojson or .csv file name", path.display()),
    }
}

pub fn summary_json(
    r: &SitingReport,
    args: &SiteArgs,
    types: &[ServiceType],
    epsg: u32,
) -> serde_json::Value {
    let t = &r.totals;
    let results: Vec<_> = r
        .results
        .iter()
        .map(|p| {
            json!({
                "p": p.p,
                "covered_demand": p.covered_demand,
                "covered_cases": p.covered_cases,
                "covered_share": p.share_of_all,
                "covered_share_of_uncovered": p.share_of_uncovered,
                "upper_bound": p.upper_bound,
                "gap": p.gap,
                "proven_optimal": p.proven_optimal,
                "sites": p.sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
                "marginal": p.sites.iter().map(|s| s.marginal_demand).collect::<Vec<_>>(),
                "marginal_cases": p.sites.iter().map(|s| s.marginal_cases).collect::<Vec<_>>(),
                "greedy_demand": p.greedy_demand,
                "nodes": p.nodes,
                "time_s": p.time.as_secs_f64(),
            })
        })
        .collect();
    let mut v = json!({
        "ok": true,
        "reach_m": r.reach_m,
        "types": type_codes(types),
        "crs": format!("EPSG:{epsg}"),
        "exact": args.exact,
        "capacity": args.capacity,
        "capacitated": r.capacitated,
        "candidates": r.candidates,
        "demand_classes": r.demand_classes,
        "totals": {
            "all_cases": t.all_cases,
            "all_demand": t.all_demand,
            "existing_cases": t.existing_cases,
            "existing_demand": t.existing_demand,
            "uncovered_cases": t.uncovered_cases(),
            "uncovered_demand": t.uncovered_demand(),
            "reachable_cases": t.reachable_cases,
            "reachable_demand": t.reachable_demand,
            "unreachable_cases": t.unreachable_cases,
            "unreachable_demand": t.unreachable_demand,
        },
        "results": results,
        "curve": r.curve.iter().map(|c| c.covered_demand).collect::<Vec<_>>(),
    });
    args.reach.add_json(&mut v);
    v
}

fn pct(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |s| format!("{:.1} %", s * 100.0))
}

pub fn print_human(r: &SitingReport, args: &SiteArgs) {
    let t = &r.totals;
    println!(
        "Siting within {:.0} m: {} cases, {} already covered by existing services, {} not covered ({} within reach of a candidate, {} out of reach of every candidate)",
        r.reach_m,
        t.all_cases,
        t.existing_cases,
        t.uncovered_cases(),
        t.reachable_cases,
        t.unreachable_cases
    );
    println!(
        "  {} candidate sites, {} demand classes{}",
        r.candidates,
        r.demand_classes,
        if r.capacitated {
            ", with capacities"
        } else {
            ""
        }
    );
    for p in &r.results {
        let status = if p.proven_optimal {
            "proven optimal".to_string()
        } else {
            format!("within {:.2} % of the optimum", p.gap * 100.0)
        };
        println!(
            "p = {}: covers {:.0} ({} cases; {} of all, {} of those not covered), upper bound {:.1}, {status}{}",
            p.p,
            p.covered_demand,
            p.covered_cases,
            pct(p.share_of_all),
            pct(p.share_of_uncovered),
            p.upper_bound,
            if args.exact || p.nodes > 1 {
                format!(" ({} nodes)", p.nodes)
            } else {
                String::new()
            }
        );
        println!(
            "  {:>4}  {:<32} {:>10} {:>8}",
            "rank", "site", "adds", "cases"
        );
        for s in &p.sites {
            println!(
                "  {:>4}  {:<32} {:>10.1} {:>8}",
                s.rank, s.id, s.marginal_demand, s.marginal_cases
            );
        }
    }
    if let Some(out) = &args.out {
        println!("Chosen sites written to {}", out.display());
    }
}

/// The chosen sites of every p (GeoJSON points or CSV), atomically.
pub fn write_sites(path: &Path, r: &SitingReport) -> anyhow::Result<()> {
    let format = out_format(path)?;
    crate::io::atomic::write_atomic(path, |file| -> anyhow::Result<()> {
        match format {
            OutFormat::GeoJson => {
                let features: Vec<_> = r
                    .results
                    .iter()
                    .flat_map(|p| {
                        p.sites.iter().map(move |s| {
                            json!({
                                "type": "Feature",
                                "properties": {
                                    "id": s.id, "p": p.p, "rank": s.rank,
                                    "marginal_demand": s.marginal_demand,
                                    "marginal_cases": s.marginal_cases,
                                    "in_reach_cases": s.in_reach_cases,
                                    "radius_m": s.radius_m,
                                    "capacity": s.capacity,
                                },
                                "geometry": {"type": "Point", "coordinates": [s.pos_wgs84.x(), s.pos_wgs84.y()]},
                            })
                        })
                    })
                    .collect();
                let fc = json!({"type": "FeatureCollection", "features": features});
                file.write_all(fc.to_string().as_bytes())?;
            }
            OutFormat::Csv => {
                file.write_all("\u{feff}".as_bytes())?;
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(file);
                w.write_record([
                    "p",
                    "rank",
                    "id",
                    "lon",
                    "lat",
                    "marginal_demand",
                    "marginal_cases",
                    "in_reach_cases",
                    "radius_m",
                ])?;
                for p in &r.results {
                    for s in &p.sites {
                        w.write_record([
                            p.p.to_string(),
                            s.rank.to_string(),
                            s.id.clone(),
                            format!("{:.6}", s.pos_wgs84.x()),
                            format!("{:.6}", s.pos_wgs84.y()),
                            format!("{}", s.marginal_demand),
                            s.marginal_cases.to_string(),
                            s.in_reach_cases.to_string(),
                            format!("{:.0}", s.radius_m),
                        ])?;
                    }
                }
                w.flush()?;
            }
        }
        Ok(())
    })
}
