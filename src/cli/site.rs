//! `riskatlas site --cases FILE --services FILE --candidates FILE --within-m 2000
//! --types day_centre,child_protection_unit --p 5,10,20 [--crs EPSG:N] [--exact] [--json]`:
//! choose p new day centres among candidate sites to cover the most cases not yet covered.
//!
//! Also `--walk-min/--speed-kmh/--detour` (reach as walking time, as `coverage`),
//! `--time-limit-s`, `--capacity N` (places per new site), `--kind-weights kind=w,…`,
//! `--generate grid:METRES|settlements --municipality NAME…` instead of `--candidates`,
//! `--exclude-point LON,LAT,RADIUS_M`, `--out FILE.geojson|.csv` (the chosen sites: id, p,
//! rank, marginal demand; never case coordinates). Prints aggregate figures only.

#[path = "site_candidates.rs"]
mod candidates;
#[path = "site_output.rs"]
mod output;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use super::nearest::{AccessInputs, parse_metric_crs, parse_types, types_missing};
use crate::analysis::siting::{Candidate, DemandWeight, SitingConfig, site};
use crate::model::CaseKind;
use crate::progress::NoProgress;
use output::{out_format, print_human, summary_json, write_sites};

#[derive(Args, Debug)]
pub struct SiteArgs {
    #[command(flatten)]
    pub inputs: AccessInputs,
    /// Candidate sites: points with an id column (GeoJSON, CSV with lon/lat, GeoPackage, Shapefile).
    #[arg(long, required_unless_present = "generate")]
    pub candidates: Option<PathBuf>,
    /// Layer of a GeoPackage candidates file (default: its only layer, or candidate_sites).
    #[arg(long, requires = "candidates")]
    pub candidates_layer: Option<String>,
    /// Column holding the candidates' ids (default: id, site_id, candidate_id, code, name, …).
    #[arg(long, requires = "candidates")]
    pub id_column: Option<String>,
    /// Generate candidates instead: grid:METRES (cell centres) or settlements, in --municipality.
    #[arg(long, conflicts_with = "candidates")]
    pub generate: Option<String>,
    /// Municipality (name or LAU code) to generate candidates in; repeat for several.
    #[arg(long, requires = "generate")]
    pub municipality: Vec<String>,
    /// Leave out generated candidates within RADIUS_M of LON,LAT; repeat for several.
    #[arg(long, requires = "generate", allow_negative_numbers = true)]
    pub exclude_point: Vec<String>,
    /// Existing services that stay and already cover cases, comma-separated codes.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "day_centre,child_protection_unit"
    )]
    pub types: Vec<String>,
    /// Numbers of new sites, comma-separated (each solved separately), e.g. 5,10,20.
    #[arg(long, value_delimiter = ',', default_value = "5")]
    pub p: Vec<usize>,
    #[command(flatten)]
    pub reach: super::reach::ReachFlags,
    /// Projected CRS distances are measured in (default EPSG:6870, KRGJSH-2010 / Albania TM).
    #[arg(long)]
    pub crs: Option<String>,
    /// Search for the proven optimum (branch and bound) within --time-limit-s.
    #[arg(long)]
    pub exact: bool,
    /// Seconds for bounding and exact search over all p values.
    #[arg(long, default_value_t = 60.0, allow_negative_numbers = true)]
    pub time_limit_s: f64,
    /// Places per new site (cases beyond it are not covered); a candidates' capacity column wins.
    #[arg(long, allow_negative_numbers = true)]
    pub capacity: Option<f64>,
    /// Demand weight by case kind, e.g. chrome_collection=2,begging=1 (others weigh 1).
    #[arg(long, value_delimiter = ',')]
    pub kind_weights: Vec<String>,
    /// Write the chosen sites (id, p, rank, marginal demand) to a .geojson or .csv file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print a one-line JSON summary (per p: covered demand, sites, bound, gap).
    #[arg(long)]
    pub json: bool,
}

fn parse_kind_weights(list: &[String]) -> anyhow::Result<DemandWeight> {
    if list.is_empty() {
        return Ok(DemandWeight::Uniform);
    }
    let mut map = BTreeMap::new();
    for item in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let Some((k, w)) = item.split_once('=') else {
            bail!("--kind-weights {item}: use kind=weight, e.g. chrome_collection=2");
        };
        let kind = CaseKind::parse_loose(k)
            .with_context(|| format!("--kind-weights: unknown case kind '{k}'"))?;
        let w: f64 = w
            .trim()
            .parse()
            .with_context(|| format!("--kind-weights {item}: the weight must be a number"))?;
        map.insert(kind, w);
    }
    Ok(DemandWeight::ByKind(map))
}

pub fn run(args: SiteArgs) -> anyhow::Result<()> {
    let types = parse_types(&args.types)?;
    let crs = parse_metric_crs(args.crs.as_deref())?;
    let reach = args.reach.reach();
    reach.metres()?;
    if args.p.contains(&0) {
        bail!("the number of sites p must be at least 1");
    }
    if !(args.time_limit_s.is_finite() && args.time_limit_s > 0.0) {
        bail!("--time-limit-s must be a positive number of seconds");
    }
    if let Some(out) = &args.out {
        out_format(out)?;
    }
    let weights = parse_kind_weights(&args.kind_weights)?;
    let candidates: Vec<Candidate> = match (&args.candidates, &args.generate) {
        (Some(path), _) => candidates::read_file(
            path,
            args.candidates_layer.as_deref(),
            args.id_column.as_deref(),
            args.inputs.input_crs.as_deref(),
        )?,
        (None, Some(g)) => {
            let how = candidates::parse_generate(g)?;
            let excl = args
                .exclude_point
                .iter()
                .map(|e| candidates::parse_exclusion(e))
                .collect::<anyhow::Result<Vec<_>>>()?;
            candidates::generated(how, &args.municipality, &args.inputs.cases, &crs, &excl)?
        }
        (None, None) => bail!("give --candidates FILE or --generate grid:METRES|settlements"),
    };
    let (cases, services) = args.inputs.load()?;
    let cfg = SitingConfig {
        reach,
        service_types: types.clone(),
        p_values: args.p.clone(),
        weights,
        capacity_per_site: args.capacity,
        exact: args.exact,
        time_limit: Some(Duration::from_secs_f64(args.time_limit_s)),
        crs: crs.clone(),
    };
    let report = site(&cases, &services, &candidates, &cfg, &NoProgress)?;
    if let Some(out) = &args.out {
        write_sites(out, &report).with_context(|| format!("cannot write {}", out.display()))?;
    }
    let v = summary_json(&report, &args, &types, crs.epsg());
    let mut params = v.clone();
    params["cases"] = json!(args.inputs.cases);
    params["services"] = json!(args.inputs.services);
    params["candidates"] = json!(args.candidates);
    params["generate"] = json!(args.generate);
    params["municipality"] = json!(args.municipality);
    params["out"] = json!(args.out);
    args.inputs.record("site", &params, None)?;
    if types_missing(&services, &types) {
        eprintln!("riskatlas: no service of the chosen types: every case counts as demand");
    }
    if args.json {
        super::print_json(&v);
    } else {
        print_human(&report, &args);
    }
    Ok(())
}
