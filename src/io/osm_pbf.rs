//! OpenStreetMap `.osm.pbf` extracts (e.g. Geofabrik's Albania file) → road lines.
//!
//! Input: the path of a PBF file, the profiles the roads are for, an optional WGS84 bbox.
//! Output: [`RoadLine`]s (WGS84, travel direction) and counts of what was read and left out.
//! Data imported from OSM must be credited: [`OSM_ATTRIBUTION`] (ODbL).
//!
//! Algorithm: two passes over the file's blocks with the pure-Rust `osmpbf` crate, decoding
//! batches of blocks in parallel (rayon) and merging them in file order (deterministic):
//! 1. ways: keep those with a routable `highway=*` that one of the profiles may use
//!    (`analysis::roads::tags`: oneway incl. roundabouts and motorways, `access`, `foot`,
//!    `motor_vehicle`, `maxspeed`), with their node ids; note which blocks hold nodes;
//! 2. nodes (plain and dense, only in blocks that hold nodes): the positions of just the
//!    node ids the ways need (sorted id list + binary search), so memory stays proportional
//!    to the road network, not to the country's nodes.
//!
//! Ways are cut where a node is missing from the extract (counted); with a bbox, ways with
//! no vertex inside it are left out. The first block must be an OSMHeader block whose
//! required features we know; any block that cannot be read gives an error naming it
//! (truncated download, not a PBF file), never a panic. Progress by bytes read, cancel per
//! batch. Complexity O(file blocks + W log W) for W way-node references.

mod blocks;

use std::path::Path;

use geo::Rect;
use osmpbf::{Blob, BlobReader, BlobType};
use rayon::prelude::*;

use self::blocks::{BlockWays, Header, NodePositions, assemble, header_of, nodes_of, ways_of};
use crate::analysis::roads::{Profile, RoadError, RoadGraph, RoadLine, TaggedRoad};
use crate::progress::Progress;

/// The credit OpenStreetMap data needs wherever it is shown or exported.
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors, ODbL";

/// Blocks decoded together (in parallel) between progress reports.
const BATCH: usize = 16;

#[derive(Debug, Clone)]
pub struct OsmPbfOptions {
    /// Keep roads usable by at least one of these (default: walking and driving).
    pub profiles: Vec<Profile>,
    /// Keep only ways with a vertex inside this WGS84 rectangle.
    pub bbox_wgs84: Option<Rect<f64>>,
}

impl Default for OsmPbfOptions {
    fn default() -> Self {
        Self {
            profiles: Profile::ALL.to_vec(),
            bbox_wgs84: None,
        }
    }
}

/// What the reader saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OsmPbfStats {
    pub blocks: usize,
    /// All ways in the file.
    pub ways: u64,
    /// Road ways kept.
    pub road_ways: u64,
    /// `highway=*` ways left out: not a routable class, or closed to the chosen profiles.
    pub unusable_ways: u64,
    /// Way node references with no node in the file (the way is cut there).
    pub missing_nodes: u64,
    /// Road ways left out by the bbox.
    pub outside_bbox: u64,
    /// The program that wrote the file (from its header).
    pub writing_program: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OsmPbfError {
    #[error("{path} does not exist")]
    NotFound { path: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not an OpenStreetMap .osm.pbf file: {reason}")]
    NotPbf { path: String, reason: String },
    #[error(
        "{path} is truncated or damaged at block {block}: {reason}; download the extract again"
    )]
    Damaged {
        path: String,
        block: usize,
        reason: String,
    },
    #[error(
        "{path} needs the PBF feature '{feature}', which Risk Atlas cannot read (use a plain extract, e.g. from Geofabrik)"
    )]
    Unsupported { path: String, feature: String },
    #[error("{path} contains no road usable for {profiles}")]
    NoRoads { path: String, profiles: String },
    #[error("cancelled by the user")]
    Cancelled,
    #[error(transparent)]
    Graph(#[from] RoadError),
}

/// Reads the road lines of a PBF extract.
pub fn read_osm_pbf(
    path: &Path,
    opts: &OsmPbfOptions,
    progress: &dyn Progress,
) -> Result<(Vec<RoadLine>, OsmPbfStats), OsmPbfError> {
    let shown = path.display().to_string();
    let file_len = std::fs::metadata(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OsmPbfError::NotFound {
                path: shown.clone(),
            },
            _ => OsmPbfError::Io {
                path: shown.clone(),
                source: e,
            },
        })?
        .len();
    let mut stats = OsmPbfStats::default();
    let mut has_nodes: Vec<bool> = Vec::new();
    let mut ways: Vec<(Vec<i64>, TaggedRoad)> = Vec::new();
    let pass = Pass {
        path,
        shown: &shown,
        file_len,
        progress,
    };
    stats.blocks = pass.run("reading roads: ways", |first, blobs| {
        if first == 0 {
            stats.writing_program = check_header(&blobs[0], &shown)?;
        }
        let found: Vec<Result<BlockWays, String>> = blobs
            .par_iter()
            .map(|b| match b.get_type() {
                BlobType::OsmData => ways_of(b, &opts.profiles),
                _ => Ok(BlockWays::default()),
            })
            .collect();
        for (k, f) in found.into_iter().enumerate() {
            let f = f.map_err(|reason| damaged(&shown, first + k, reason))?;
            has_nodes.push(f.has_nodes);
            stats.ways += f.ways_seen;
            stats.unusable_ways += f.unusable;
            ways.extend(f.ways);
        }
        Ok(())
    })?;
    if ways.is_empty() {
        let names: Vec<&str> = opts.profiles.iter().map(|p| p.code()).collect();
        return Err(OsmPbfError::NoRoads {
            path: shown,
            profiles: names.join(" or "),
        });
    }
    let mut ids: Vec<i64> = ways.iter().flat_map(|(r, _)| r.iter().copied()).collect();
    ids.par_sort_unstable();
    ids.dedup();
    let mut pos = vec![[i32::MIN; 2]; ids.len()];
    pass.run("reading roads: nodes", |first, blobs| {
        let found: Vec<Result<NodePositions, String>> = blobs
            .par_iter()
            .enumerate()
            .map(|(k, b)| match has_nodes.get(first + k) {
                Some(true) => nodes_of(b, &ids),
                _ => Ok(Vec::new()),
            })
            .collect();
        for (k, f) in found.into_iter().enumerate() {
            for (i, lon, lat) in f.map_err(|reason| damaged(&shown, first + k, reason))? {
                pos[i as usize] = [lon, lat];
            }
        }
        Ok(())
    })?;
    let lines = assemble(ways, &ids, &pos, opts.bbox_wgs84, &mut stats);
    Ok((lines, stats))
}

/// Reads a PBF extract and builds its road graph.
pub fn load_osm_pbf(
    path: &Path,
    opts: &OsmPbfOptions,
    progress: &dyn Progress,
) -> Result<(RoadGraph, OsmPbfStats), OsmPbfError> {
    let (lines, stats) = read_osm_pbf(path, opts, progress)?;
    let graph = RoadGraph::from_lines(&lines, progress).map_err(|e| match e {
        RoadError::Cancelled => OsmPbfError::Cancelled,
        other => OsmPbfError::Graph(other),
    })?;
    Ok((graph, stats))
}

fn damaged(path: &str, block: usize, reason: String) -> OsmPbfError {
    OsmPbfError::Damaged {
        path: path.to_string(),
        block,
        reason,
    }
}

fn check_header(blob: &Blob, shown: &str) -> Result<Option<String>, OsmPbfError> {
    let not_pbf = |reason: String| OsmPbfError::NotPbf {
        path: shown.to_string(),
        reason,
    };
    match blob.get_type() {
        BlobType::OsmHeader => {}
        other => {
            return Err(not_pbf(format!(
                "its first block is '{}', not an OSMHeader",
                other.as_str()
            )));
        }
    }
    match header_of(blob).map_err(not_pbf)? {
        Header::Readable(program) => Ok(program),
        Header::Unsupported(feature) => Err(OsmPbfError::Unsupported {
            path: shown.to_string(),
            feature,
        }),
        Header::Other => Err(not_pbf("its header block cannot be read".into())),
    }
}

/// One pass over the file's blocks in batches.
struct Pass<'a> {
    path: &'a Path,
    shown: &'a str,
    file_len: u64,
    progress: &'a dyn Progress,
}

impl Pass<'_> {
    /// Calls `f(index of the first block, blocks)` per batch; returns the number of blocks.
    fn run(
        &self,
        stage: &str,
        mut f: impl FnMut(usize, &[Blob]) -> Result<(), OsmPbfError>,
    ) -> Result<usize, OsmPbfError> {
        let reader = BlobReader::from_path(self.path).map_err(|e| OsmPbfError::Io {
            path: self.shown.to_string(),
            source: e.into(),
        })?;
        let mut reader = reader.enumerate();
        let mut count = 0;
        loop {
            self.progress.check().map_err(|_| OsmPbfError::Cancelled)?;
            let mut batch = Vec::with_capacity(BATCH);
            for (i, blob) in reader.by_ref().take(BATCH) {
                let blob = blob.map_err(|e| match i {
                    0 => OsmPbfError::NotPbf {
                        path: self.shown.to_string(),
                        reason: e.to_string(),
                    },
                    _ => damaged(self.shown, i, e.to_string()),
                })?;
                batch.push(blob);
            }
            if batch.is_empty() {
                break;
            }
            let at = batch.last().and_then(|b| b.offset()).map_or(0, |o| o.0);
            f(count, &batch)?;
            count += batch.len();
            self.progress.step(stage, at, self.file_len);
        }
        if count == 0 {
            return Err(OsmPbfError::NotPbf {
                path: self.shown.to_string(),
                reason: "the file is empty".into(),
            });
        }
        Ok(count)
    }
}
