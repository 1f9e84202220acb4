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

use anyhow::bail;
use clap::Args;
use serde_json::json;

use crate::io::export_layer::{ExportRequest, export_layer};
use crate::privacy::MinCount;
use crate::privacy::aggregate::Aggregate;
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
    let k = MinCount::new(args.k).map_err(|e| anyhow::anyhow!("--k {}: {e}", args.k))?;
    if args.with_notes && !args.case_level {
        bail!("--with-notes only applies to --case-level exports");
    }
    let aggregate = args
        .aggregate
        .as_deref()
        .map(Aggregate::parse)
        .transpose()?;
    let mut store = ProjectStore::open(&args.project)?;
    let req = ExportRequest {
        layer: args.layer.clone(),
        out: args.out.clone(),
        case_level: args.case_level,
        aggregate,
        k,
        with_notes: args.with_notes,
        from: "cli",
    };
    let s = export_layer(&mut store, &req).map_err(|e| match e {
        crate::io::export_layer::LayerExportError::AggregateNotCases => {
            anyhow::anyhow!("--aggregate applies to a layer of cases exported without --case-level")
        }
        e => e.into(),
    })?;
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "layer": s.layer,
            "features": s.features,
            "out": args.out,
            "format": s.format.code(),
            "case_level": s.case_level,
            "aggregated": s.aggregate.is_some(),
            "aggregate": s.aggregate.map(Aggregate::code),
            "k": k.get(),
            "suppressed_cells": s.suppressed,
            "left_out_fields": s.left_out_fields,
        }));
        return Ok(());
    }
    match s.aggregate {
        Some(how) => {
            let total = if s.total_published {
                format!("{} cases", s.cases)
            } else {
                "cases".into()
            };
            println!(
                "Exported {} areas ({}) counting {total} of '{}' to {}; no case location is written",
                s.features,
                how.code(),
                s.layer,
                args.out.display()
            );
            println!(
                "  {} counts hidden: below {} as \"<{}\", and \"x\" where a small count could be recovered from the total.",
                s.suppressed,
                k.get(),
                k.get()
            );
        }
        None => {
            println!(
                "Exported {} features of '{}' to {}",
                s.features,
                s.layer,
                args.out.display()
            );
            if !s.left_out_fields.is_empty() {
                println!(
                    "  Free-text fields left out: {}",
                    s.left_out_fields.join(", ")
                );
            }
            if s.case_level {
                println!(
                    "  CONFIDENTIAL — contains data about children. This export was recorded in the project's audit log."
                );
            }
        }
    }
    Ok(())
}
