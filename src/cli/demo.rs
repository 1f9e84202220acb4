//! `riskatlas demo --out PATH.gpkg` and `riskatlas new PATH.gpkg`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use crate::demo;
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to write the demo project (.gpkg).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The new project file (.gpkg).
    pub path: PathBuf,
    #[arg(long)]
    pub json: bool,
}

fn prepare_out(out: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if out.exists() {
        if !force {
            bail!(
                "{} already exists (use --force to replace it)",
                out.display()
            );
        }
        std::fs::remove_file(out).with_context(|| format!("cannot replace {}", out.display()))?;
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

fn summary(store: &ProjectStore) -> anyhow::Result<Vec<serde_json::Value>> {
    Ok(store
        .layers()?
        .iter()
        .map(|l| json!({ "name": l.name, "kind": l.kind.code(), "features": l.feature_count }))
        .collect())
}

pub fn run(args: DemoArgs) -> anyhow::Result<()> {
    prepare_out(&args.out, args.force)?;
    let tmp = args.out.with_extension("gpkg.partial");
    let _ = std::fs::remove_file(&tmp);
    let store = demo::write_demo(&tmp).context("cannot write the demo project")?;
    drop(store);
    std::fs::rename(&tmp, &args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let _ = std::fs::remove_file(tmp.with_extension("partial.lock"));
    let store = ProjectStore::open(&args.out)?;
    let layers = summary(&store)?;
    if args.json {
        super::print_json(
            &json!({ "ok": true, "project": args.out, "layers": layers, "synthetic": true }),
        );
    } else {
        println!("Wrote the demo project to {}", args.out.display());
        println!("  {}", demo::SYNTHETIC_NOTICE);
        for l in &layers {
            println!(
                "  {:<20} {:>6} features",
                l["name"].as_str().unwrap_or(""),
                l["features"]
            );
        }
    }
    Ok(())
}

pub fn run_new(args: NewArgs) -> anyhow::Result<()> {
    prepare_out(&args.path, false)?;
    let store = demo::write_base_project(&args.path).context("cannot create the project")?;
    let layers = summary(&store)?;
    if args.json {
        super::print_json(&json!({ "ok": true, "project": args.path, "layers": layers }));
    } else {
        println!(
            "Created {} with the Albania base layers",
            args.path.display()
        );
    }
    Ok(())
}
