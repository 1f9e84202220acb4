//! Renders the vector basemap into an MBTiles pack (`riskatlas tiles build`).
//!
//! Input: a [`TileRenderer`] (the prepared basemap), a WGS84 box and a zoom range. Every XYZ
//! tile of every zoom that meets the box is rendered (see `render::tiles_covering`): worker
//! threads (`std::thread::scope`) take tiles from a shared counter, render and encode them
//! and hand the PNG bytes over a bounded channel to this thread, the only one that writes
//! the pack (SQLite connections are not shared). Cancelling, or any error, stops the workers
//! and drops the writer, which deletes its partial file: the pack at `out` is complete or
//! absent. Labels are laid out once per zoom (`TileRenderer::labels`) and shared by threads.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use super::mbtiles::{MbtilesError, MbtilesWriter, Metadata, PackSummary};
use crate::progress::{Cancelled, Progress};
use crate::render::{RenderError, TileRenderer, TileXyz, tiles_covering};

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("zoom levels must satisfy 0 <= min <= max <= 20 (got {min}..{max})")]
    BadZooms { min: u8, max: u8 },
    #[error("tile scale must be 1 (256 px) or 2 (512 px), got {0}")]
    BadScale(u32),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Mbtiles(#[from] MbtilesError),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// What to build.
#[derive(Debug, Clone)]
pub struct PackOptions {
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// 1: 256 px tiles; 2: 512 px tiles of the same ground (high-DPI screens).
    pub scale: u32,
    /// Tiles meeting this WGS84 box are rendered: [min lon, min lat, max lon, max lat].
    pub bbox_wgs84: [f64; 4],
    /// Rendering threads (at least 1).
    pub threads: usize,
    pub name: String,
    pub description: String,
    pub attribution: String,
}

impl PackOptions {
    /// Every tile to render, lowest zoom first.
    pub fn tiles(&self) -> Vec<TileXyz> {
        (self.min_zoom..=self.max_zoom)
            .flat_map(|z| tiles_covering(self.bbox_wgs84, z))
            .collect()
    }
}

/// Renders every tile into a new pack at `out` (replacing it only when complete).
pub fn build_pack(
    renderer: &TileRenderer,
    out: &Path,
    opts: &PackOptions,
    progress: &dyn Progress,
) -> Result<PackSummary, PackError> {
    if opts.min_zoom > opts.max_zoom || opts.max_zoom > 20 {
        return Err(PackError::BadZooms {
            min: opts.min_zoom,
            max: opts.max_zoom,
        });
    }
    if !(1..=2).contains(&opts.scale) {
        return Err(PackError::BadScale(opts.scale));
    }
    let b = opts.bbox_wgs84;
    let metadata = Metadata {
        name: opts.name.clone(),
        description: opts.description.clone(),
        bounds_wgs84: b,
        center: [
            (b[0] + b[2]) / 2.0,
            (b[1] + b[3]) / 2.0,
            opts.min_zoom.max(8.min(opts.max_zoom)) as f64,
        ],
        min_zoom: opts.min_zoom,
        max_zoom: opts.max_zoom,
        attribution: opts.attribution.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let tiles = opts.tiles();
    let total = tiles.len() as u64;
    let mut writer = MbtilesWriter::create(out, &metadata)?;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<Result<(TileXyz, Vec<u8>), RenderError>>(64);
    let written: Result<(), PackError> = std::thread::scope(|scope| {
        for _ in 0..opts.threads.max(1) {
            let tx = tx.clone();
            let (tiles, next, stop) = (&tiles, &next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Some(&tile) = tiles.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    let png = renderer.render_png(tile, opts.scale).map(|p| (tile, p));
                    if tx.send(png).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0u64;
        let result = (|| {
            progress.step("tiles", 0, total);
            for item in &rx {
                let (tile, png) = item?;
                writer.put(tile, &png)?;
                done += 1;
                progress.step("tiles", done, total);
                progress.check()?;
            }
            Ok(())
        })();
        // On an error the workers stop at their next tile; drain what they already sent.
        stop.store(true, Ordering::Relaxed);
        for _ in rx.iter() {}
        result
    });
    written?;
    Ok(writer.finish()?)
}
