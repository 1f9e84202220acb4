//! Imports a road network into the project for routing along roads: an OpenStreetMap
//! `.osm.pbf` extract (only the ways over the project's municipalities are read) or road
//! lines (GeoJSON, Shapefile, GeoPackage with a class column such as `highway` or `fclass`).
//!
//! Runs on a background task with progress and Cancel: reads the file (never changes it),
//! turns it into a layer of kind Roads (`analysis::routing_roads::roads_layer`, named
//! `roads_osm` or `roads`, replacing an earlier one) and writes it with an audit row in ONE
//! transaction through the project's worker. Lines that are not roads are counted in the
//! result, never silently dropped.

use std::path::Path;
use std::sync::Arc;

use geo::{Rect, coord};

use super::super::analysis_job::RunFailure;
use crate::analysis::roads::RoadLine;
use crate::analysis::routing_roads::roads_layer;
use crate::io::osm_pbf::{OsmPbfOptions, read_osm_pbf};
use crate::io::road_lines::{RoadLinesOptions, read_road_lines};
use crate::model::LayerKind;
use crate::progress::{Progress, SharedProgress};
use crate::store::{JobSender, StoreError, WriteMode};

/// What an import brought in.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadsImported {
    pub layer: String,
    pub lines: usize,
    /// Features that are not usable roads (wrong class, not lines).
    pub skipped: usize,
}

fn project_extent(jobs: &JobSender) -> Result<Option<[f64; 4]>, RunFailure> {
    Ok(jobs
        .run(|store| -> Result<_, StoreError> {
            let infos = store.layers()?;
            let m = infos.iter().find(|i| i.kind == LayerKind::Municipalities);
            Ok(m.and_then(|i| i.extent_wgs84))
        })?
        .wait()??)
}

pub fn run(
    jobs: &JobSender,
    path: &Path,
    progress: &Arc<SharedProgress>,
) -> Result<RoadsImported, RunFailure> {
    progress.step("read", 0, 1);
    let shown = path.display().to_string();
    let is_pbf = shown.to_ascii_lowercase().ends_with(".pbf");
    let fail = |e: String| RunFailure::Failed(e);
    let (lines, skipped, name): (Vec<RoadLine>, usize, &str) = if is_pbf {
        let bbox = project_extent(jobs)?
            .map(|e| Rect::new(coord! { x: e[0], y: e[1] }, coord! { x: e[2], y: e[3] }));
        let opts = OsmPbfOptions {
            bbox_wgs84: bbox,
            ..OsmPbfOptions::default()
        };
        let (lines, _) =
            read_osm_pbf(path, &opts, progress.as_ref()).map_err(|e| fail(e.to_string()))?;
        (lines, 0, "roads_osm")
    } else {
        let read =
            read_road_lines(path, &RoadLinesOptions::default()).map_err(|e| fail(e.to_string()))?;
        (read.lines, read.skipped.len(), "roads")
    };
    if progress.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    progress.step("write", 0, 1);
    let layer = roads_layer(name, &lines);
    let detail = format!(
        "imported a road network from {shown}: {} lines into {name} ({skipped} skipped)",
        lines.len()
    );
    jobs.run(move |store| {
        store.write(|tx| {
            tx.write_layer(&layer, WriteMode::Replace)?;
            tx.audit("import", &detail)
        })
    })?
    .wait()??;
    Ok(RoadsImported {
        layer: name.to_string(),
        lines: lines.len(),
        skipped,
    })
}
