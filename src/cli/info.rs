//! `riskatlas info PROJECT.gpkg`: layers, counts, extents.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct InfoArgs {
    /// The project file.
    pub project: PathBuf,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: InfoArgs) -> anyhow::Result<()> {
    if !args.project.exists() {
        anyhow::bail!("{} does not exist", args.project.display());
    }
    let store = ProjectStore::open(&args.project)?;
    let layers = store.layers()?;
    let title = store.meta("title")?;
    let synthetic = store.meta("synthetic_cases")?;
    if args.json {
        let layers: Vec<_> = layers
            .iter()
            .map(|l| {
                json!({
                    "name": l.name,
                    "kind": l.kind.code(),
                    "geometry_type": l.geometry_type.gpkg_name(),
                    "features": l.feature_count,
                    "extent_wgs84": l.extent_wgs84,
                })
            })
            .collect();
        super::print_json(&json!({
            "ok": true,
            "project": args.project,
            "title": title,
            "synthetic_cases": synthetic,
            "layers": layers,
        }));
        return Ok(());
    }
    println!("Project {}", args.project.display());
    if let Some(t) = title {
        println!("  title: {t}");
    }
    if let Some(s) = synthetic {
        println!("  {s}");
    }
    println!(
        "  {:<22} {:<15} {:<16} {:>8}  extent (lon/lat)",
        "layer", "kind", "geometry", "features"
    );
    for l in &layers {
        let extent = l
            .extent_wgs84
            .map(|e| format!("{:.4} {:.4} — {:.4} {:.4}", e[0], e[1], e[2], e[3]))
            .unwrap_or_else(|| "empty".into());
        println!(
            "  {:<22} {:<15} {:<16} {:>8}  {extent}",
            l.name,
            l.kind.code(),
            l.geometry_type.gpkg_name(),
            l.feature_count
        );
    }
    Ok(())
}
