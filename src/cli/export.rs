//! `riskatlas export PROJECT.gpkg --layer NAME --out FILE.geojson|.csv|.gpkg`.
//!
//! Privacy by default (issue 6, `crate::privacy`): a layer of individual cases is exported
//! **aggregated** (`--aggregate h3:8`, the default, or `municipality`), counts from 1 to k − 1
//! hidden as "<k" and more hidden as "x" so that none can be recovered from the total
//! (`--k`, at least 5). Individual cases leave the project only with `--case-level`, an
//! explicit choice each time, marked CONFIDENTIAL and recorded in the project's audit table
//! (who, when, what, where); free-text fields stay behind unless `--with-notes`. A case-level
//! file carries the marking in a first column `confidential` on every row (and, in a
//! GeoPackage, in the layer's description).

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use super::export_aggregate::{Aggregate, aggregate_cases, without_free_text};
use crate::model::FeatureLayer;
use crate::privacy::MinCount;
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The project file.
    pub project: PathBuf,
    /// The layer to export (see `riskatlas info`).
    #[arg(long)]
    pub layer: String,
    /// The output file: .geojson/.json, .csv or .gpkg (GeoPackage).
    #[arg(long)]
    pub out: PathBuf,
    /// Export individual cases (data about children). Recorded in the project's audit table.
    #[arg(long)]
    pub case_level: bool,
    /// How a case layer is aggregated without --case-level: h3:RES (5 to 10, default h3:8) or municipality.
    #[arg(long)]
    pub aggregate: Option<String>,
    /// Counts below this are hidden (at least 5).
    #[arg(long, default_value_t = MinCount::MIN)]
    pub k: u32,
    /// With --case-level: keep free-text fields (notes, comments), left out otherwise.
    #[arg(long)]
    pub with_notes: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    if !args.project.exists() {
        bail!("{} does not exist", args.project.display());
    }
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let format = match ext.as_str() {
        "geojson" | "json" => "geojson",
        "csv" => "csv",
        "gpkg" => "gpkg",
        _ => bail!(
            "{}: export writes .geojson, .json, .csv or .gpkg",
            args.out.display()
        ),
    };
    let k = MinCount::new(args.k).map_err(|e| anyhow::anyhow!("--k {}: {e}", args.k))?;
    if args.with_notes && !args.case_level {
        bail!("--with-notes only applies to --case-level exports");
    }
    let mut store = ProjectStore::open(&args.project)?;
    let layer = store.read_layer(&args.layer)?;
    let cases_layer = layer.kind.is_case_level();
    if args.aggregate.is_some() && (!cases_layer || args.case_level) {
        bail!("--aggregate applies to a layer of cases exported without --case-level");
    }
    let case_level = cases_layer && args.case_level;
    let aggregate = match (cases_layer, case_level) {
        (true, false) => Some(Aggregate::parse(
            args.aggregate.as_deref().unwrap_or("h3:8"),
        )?),
        _ => None,
    };
    let mut dropped: Vec<String> = Vec::new();
    let mut summary = None;
    if args.out.exists() && same_file(&args.out, &args.project) {
        bail!(
            "{}: that is the project itself; choose another file",
            args.out.display()
        );
    }
    let mut out_layer: FeatureLayer = match aggregate {
        Some(how) => {
            let a = aggregate_cases(&store, &layer, how, k)?;
            summary = Some((a.cases, a.suppressed, a.total_published));
            a.layer
        }
        None if case_level && !args.with_notes => {
            let (l, d) = without_free_text(&layer);
            dropped = d;
            l
        }
        None => layer.clone(),
    };
    if case_level {
        crate::privacy::mark_confidential(&mut out_layer);
    }
    let written: anyhow::Result<()> = match format {
        "geojson" => {
            crate::io::export_geojson::write_geojson_file(&out_layer, &args.out).map_err(Into::into)
        }
        "gpkg" => crate::io::export_gpkg::write_gpkg_file(
            &out_layer,
            &args.out,
            case_level.then_some(crate::privacy::CONFIDENTIAL),
        )
        .map_err(Into::into),
        _ => crate::io::export_csv::write_csv_file(&out_layer, &args.out).map_err(Into::into),
    };
    written.with_context(|| format!("cannot write {}", args.out.display()))?;
    if case_level {
        let mut detail = format!(
            "{} features of layer '{}' exported to {}",
            out_layer.features.len(),
            layer.name,
            args.out.display()
        );
        if args.with_notes {
            detail.push_str(" (with free-text fields)");
        }
        if let Err(e) = store.write(|tx| tx.audit("export_case_level", &detail)) {
            // Unaudited case-level data must not stay behind.
            let _ = std::fs::remove_file(&args.out);
            return Err(e.into());
        }
    }
    let suppressed = summary.map_or(0, |s| s.1);
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "layer": layer.name,
            "features": out_layer.features.len(),
            "out": args.out,
            "format": format,
            "case_level": case_level,
            "aggregated": aggregate.is_some(),
            "aggregate": aggregate.map(Aggregate::code),
            "k": k.get(),
            "suppressed_cells": suppressed,
            "left_out_fields": dropped,
        }));
        return Ok(());
    }
    match (aggregate, summary) {
        (Some(how), Some((cases, hidden, total_shown))) => {
            let total = if total_shown {
                format!("{cases} cases")
            } else {
                "cases".into()
            };
            println!(
                "Exported {} areas ({}) counting {total} of '{}' to {}; no case location is written",
                out_layer.features.len(),
                how.code(),
                layer.name,
                args.out.display()
            );
            println!(
                "  {hidden} counts hidden: below {} as \"<{}\", and \"x\" where a small count could be recovered from the total.",
                k.get(),
                k.get()
            );
        }
        _ => {
            println!(
                "Exported {} features of '{}' to {}",
                out_layer.features.len(),
                layer.name,
                args.out.display()
            );
            if !dropped.is_empty() {
                println!("  Free-text fields left out: {}", dropped.join(", "));
            }
            if case_level {
                println!(
                    "  CONFIDENTIAL — contains data about children. This export was recorded in the project's audit log."
                );
            }
        }
    }
    Ok(())
}

/// Whether two paths name the same file (the export must never overwrite its project).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
