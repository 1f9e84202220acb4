//! `riskatlas tiles build --out maps/albania-basemap.mbtiles --min-zoom 6 --max-zoom 13
//! [--project P.gpkg] [--scale 2] [--json]`: renders the built-in vector basemap into an
//! offline MBTiles pack (see `io::tile_pack`).
//!
//! Without `--project` the embedded demo base layers are drawn; with it, the project's land
//! (Coastline), municipalities and qarqe. Settlement names always come from the embedded
//! OpenStreetMap places. Tiles meeting the land's box (grown by 0.05°) are rendered. A
//! progress line goes to stderr; `--json` prints one summary object on stdout:
//! `{ok, out, tiles, unique_images, bytes, seconds, min_zoom, max_zoom, zooms, scale}`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::io::tile_pack::{PackOptions, build_pack};
use crate::progress::Progress;
use crate::render::{BasemapData, TileRenderer};
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct TilesArgs {
    #[command(subcommand)]
    pub command: TilesCommand,
}

#[derive(Subcommand, Debug)]
pub enum TilesCommand {
    /// Render the vector basemap (land, boundaries, names) into an offline .mbtiles pack.
    Build(BuildArgs),
}

impl TilesArgs {
    pub fn json(&self) -> bool {
        match &self.command {
            TilesCommand::Build(a) => a.json,
        }
    }
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The pack to write (.mbtiles).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 6)]
    pub min_zoom: u8,
    #[arg(long, default_value_t = 13)]
    pub max_zoom: u8,
    /// Draw this project's base layers instead of the embedded demo's.
    #[arg(long)]
    pub project: Option<PathBuf>,
    /// 1: 256 px tiles; 2: 512 px tiles for high-DPI screens.
    #[arg(long, default_value_t = 1)]
    pub scale: u32,
    /// Rendering threads (default: the number of CPU cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Replace the pack if it exists.
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: TilesArgs) -> anyhow::Result<()> {
    match args.command {
        TilesCommand::Build(a) => build(a),
    }
}

/// The base layers and attributions of a project, or of the embedded demo.
pub(crate) fn basemap(project: Option<&Path>) -> anyhow::Result<(BasemapData, Vec<String>)> {
    let Some(path) = project else {
        return Ok(crate::render::print::project::project_basemap(None)?);
    };
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    let store = ProjectStore::open(path)?;
    Ok(crate::render::print::project::project_basemap(Some(
        &store,
    ))?)
}

/// The attributions of the data a basemap draws (OpenStreetMap coastline and places, the
/// boundary sources), leaving out those of layers it does not draw (population, mine sites).
fn basemap_attributions(all: &[String]) -> Vec<&str> {
    let drawn: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|a| a.contains("OpenStreetMap") || a.to_lowercase().contains("boundar"))
        .collect();
    if drawn.is_empty() {
        all.iter().map(String::as_str).collect()
    } else {
        drawn
    }
}

/// "tiles 1234/5578 (22%)" on stderr: one line rewritten at most ten times a second on a
/// terminal; one line per 10 % otherwise (logs, CI).
struct StderrProgress {
    terminal: bool,
    last: Mutex<(Option<Instant>, u64)>,
}

impl Progress for StderrProgress {
    fn step(&self, stage: &str, done: u64, total: u64) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let now = Instant::now();
        let pct = (done * 100).checked_div(total).unwrap_or(100);
        let mut err = std::io::stderr().lock();
        if self.terminal {
            if done < total && last.0.is_some_and(|t| now - t < Duration::from_millis(100)) {
                return;
            }
            let _ = write!(err, "\r{stage} {done}/{total} ({pct}%)");
            if done >= total {
                let _ = writeln!(err);
            }
        } else {
            if last.0.is_some() && pct / 10 == last.1 / 10 && done < total {
                return;
            }
            let _ = writeln!(err, "{stage} {done}/{total} ({pct}%)");
        }
        *last = (Some(now), pct);
        let _ = err.flush();
    }

    fn is_cancelled(&self) -> bool {
        false
    }
}

fn build(args: BuildArgs) -> anyhow::Result<()> {
    if args.out.exists() && !args.force {
        bail!(
            "{} already exists (use --force to replace it)",
            args.out.display()
        );
    }
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let started = Instant::now();
    let (data, attributions) = basemap(args.project.as_deref())?;
    let Some(e) = data.extent_wgs84() else {
        bail!("nothing to draw: the project has no land, municipality or qark layer");
    };
    let bbox_wgs84 = [e[0] - 0.05, e[1] - 0.05, e[2] + 0.05, e[3] + 0.05];
    let renderer = TileRenderer::new(data)?;
    let opts = PackOptions {
        min_zoom: args.min_zoom,
        max_zoom: args.max_zoom,
        scale: args.scale,
        bbox_wgs84,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
            .clamp(1, 64),
        name: "Risk Atlas basemap".into(),
        description:
            "Land, municipality and qark boundaries and place names (Risk Atlas vector basemap)"
                .into(),
        attribution: basemap_attributions(&attributions).join("; "),
    };
    let progress = StderrProgress {
        terminal: std::io::stderr().is_terminal(),
        last: Mutex::new((None, 0)),
    };
    let summary = build_pack(&renderer, &args.out, &opts, &progress)
        .with_context(|| format!("cannot build {}", args.out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        super::print_json(&json!({
            "ok": true,
            "out": args.out,
            "tiles": summary.tiles,
            "unique_images": summary.unique_images,
            "bytes": summary.file_bytes,
            "seconds": (seconds * 100.0).round() / 100.0,
            "min_zoom": args.min_zoom,
            "max_zoom": args.max_zoom,
            "zooms": (args.min_zoom..=args.max_zoom).collect::<Vec<u8>>(),
            "scale": args.scale,
        }));
    } else {
        println!(
            "Wrote {} tiles ({} distinct images, {:.1} MB) for zoom {}..{} to {} in {:.1} s",
            summary.tiles,
            summary.unique_images,
            summary.file_bytes as f64 / 1e6,
            args.min_zoom,
            args.max_zoom,
            args.out.display(),
            seconds
        );
    }
    Ok(())
}
