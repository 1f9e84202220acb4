//! `riskatlas export PROJECT.gpkg --layer NAME --out FILE.geojson|.csv`.
//!
//! A layer of individual cases leaves the project only with `--case-level`, an explicit
//! choice that is recorded in the project's audit table (who, when, what, where).

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The project file.
    pub project: PathBuf,
    /// The layer to export (see `riskatlas info`).
    #[arg(long)]
    pub layer: String,
    /// The output file: .geojson/.json or .csv.
    #[arg(long)]
    pub out: PathBuf,
    /// Export individual cases (data about children). Recorded in the project's audit table.
    #[arg(long)]
    pub case_level: bool,
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
        _ => bail!(
            "{}: export writes .geojson, .json or .csv",
            args.out.display()
        ),
    };
    let mut store = ProjectStore::open(&args.project)?;
    let layer = store.read_layer(&args.layer)?;
    if layer.kind.is_case_level() && !args.case_level {
        bail!(
            "layer '{}' holds individual children: exporting it needs --case-level (an explicit choice, recorded in the project's audit log)",
            layer.name
        );
    }
    let written: anyhow::Result<()> = match format {
        "geojson" => {
            crate::io::export_geojson::write_geojson_file(&layer, &args.out).map_err(Into::into)
        }
        _ => crate::io::export_csv::write_csv_file(&layer, &args.out).map_err(Into::into),
    };
    written.with_context(|| format!("cannot write {}", args.out.display()))?;
    if layer.kind.is_case_level() {
        let detail = format!(
            "{} features of layer '{}' exported to {}",
            layer.features.len(),
            layer.name,
            args.out.display()
        );
        store.write(|tx| tx.audit("export_case_level", &detail))?;
    }
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "layer": layer.name,
            "features": layer.features.len(),
            "out": args.out,
            "format": format,
            "case_level": layer.kind.is_case_level(),
        }));
    } else {
        println!(
            "Exported {} features of '{}' to {}",
            layer.features.len(),
            layer.name,
            args.out.display()
        );
        if layer.kind.is_case_level() {
            println!(
                "  CONFIDENTIAL — contains data about children. This export was recorded in the project's audit log."
            );
        }
    }
    Ok(())
}
