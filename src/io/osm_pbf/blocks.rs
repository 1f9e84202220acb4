//! Decoding one `.osm.pbf` data block for each pass of the road reader.
//!
//! Pass 1 ([`ways_of`]): the block's ways with a routable `highway=*` usable by one of the
//! chosen profiles (their node ids, in travel order, and attributes), plus whether the block
//! holds nodes at all (pass 2 skips blocks without). Pass 2 ([`nodes_of`]): the positions
//! (1e-7°) of the nodes pass 1 asked for, found by binary search in the sorted id list.
//! [`assemble`] then joins ways and positions into lines.
//! A block that cannot be decoded, or whose decoding panics inside the PBF crate (corrupt
//! deltas can overflow), is an error naming the reason, never a panic.
//! O(elements in the block); O(log N) per node in pass 2.

use std::panic::{AssertUnwindSafe, catch_unwind};

use geo::{Coord, LineString, Rect};
use osmpbf::{Blob, BlobDecode};

use super::OsmPbfStats;

use crate::analysis::roads::{Profile, RoadLine, TaggedRoad, road_from_tags};

/// What pass 1 takes from a block.
#[derive(Default)]
pub(super) struct BlockWays {
    pub has_nodes: bool,
    pub ways: Vec<(Vec<i64>, TaggedRoad)>,
    pub ways_seen: u64,
    /// `highway=*` ways not usable by the chosen profiles (not routable, closed by access).
    pub unusable: u64,
}

/// Decodes `blob`, turning crate errors and panics into a reason.
fn decode_with<T>(blob: &Blob, f: impl FnOnce(BlobDecode<'_>) -> T) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(|| blob.decode().map(f))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the block's data is inconsistent".into()),
    }
}

pub(super) fn ways_of(blob: &Blob, profiles: &[Profile]) -> Result<BlockWays, String> {
    decode_with(blob, |d| {
        let mut out = BlockWays::default();
        let BlobDecode::OsmData(block) = d else {
            return out;
        };
        for group in block.groups() {
            out.has_nodes |= group.nodes().next().is_some() || group.dense_nodes().next().is_some();
            for way in group.ways() {
                out.ways_seen += 1;
                if !way.tags().any(|(k, _)| k == "highway") {
                    continue;
                }
                let road = road_from_tags(way.tags());
                let Some(road) =
                    road.filter(|r| profiles.iter().any(|p| p.speed_kmh(&r.attrs).is_some()))
                else {
                    out.unusable += 1;
                    continue;
                };
                let mut refs: Vec<i64> = way.refs().collect();
                if road.reverse {
                    refs.reverse();
                }
                out.ways.push((refs, road));
            }
        }
        out
    })
}

/// `(index in ids, lon, lat)` in 1e-7° of nodes.
pub(super) type NodePositions = Vec<(u32, i32, i32)>;

/// The positions of every node of the block listed in `ids` (sorted).
pub(super) fn nodes_of(blob: &Blob, ids: &[i64]) -> Result<NodePositions, String> {
    decode_with(blob, |d| {
        let mut out = Vec::new();
        let BlobDecode::OsmData(block) = d else {
            return out;
        };
        for group in block.groups() {
            for n in group.dense_nodes() {
                if let Ok(i) = ids.binary_search(&n.id()) {
                    out.push((i as u32, n.decimicro_lon(), n.decimicro_lat()));
                }
            }
            for n in group.nodes() {
                if let Ok(i) = ids.binary_search(&n.id()) {
                    out.push((i as u32, n.decimicro_lon(), n.decimicro_lat()));
                }
            }
        }
        out
    })
}

/// What the first block of a file says.
pub(super) enum Header {
    /// A header Risk Atlas can follow, with the program that wrote the file.
    Readable(Option<String>),
    /// The file needs a feature we cannot read (e.g. `HistoricalInformation`).
    Unsupported(String),
    /// The first block is not a header block.
    Other,
}

pub(super) fn header_of(blob: &Blob) -> Result<Header, String> {
    decode_with(blob, |d| match d {
        BlobDecode::OsmHeader(h) => {
            const KNOWN: [&str; 2] = ["OsmSchema-V0.6", "DenseNodes"];
            match h
                .required_features()
                .iter()
                .find(|f| !KNOWN.contains(&f.as_str()))
            {
                Some(f) => Header::Unsupported(f.clone()),
                None => Header::Readable(h.writing_program().map(str::to_string)),
            }
        }
        _ => Header::Other,
    })
}

/// Road lines from ways and node positions: cut at missing nodes, filtered by the bbox.
pub(super) fn assemble(
    ways: Vec<(Vec<i64>, TaggedRoad)>,
    ids: &[i64],
    pos: &[[i32; 2]],
    bbox: Option<Rect<f64>>,
    stats: &mut OsmPbfStats,
) -> Vec<RoadLine> {
    let mut lines = Vec::new();
    for (refs, road) in ways {
        let coords: Vec<Option<Coord<f64>>> = refs
            .iter()
            .map(|id| {
                let p = pos[ids.binary_search(id).ok()?];
                (p[0] != i32::MIN).then(|| Coord {
                    x: p[0] as f64 * 1e-7,
                    y: p[1] as f64 * 1e-7,
                })
            })
            .collect();
        stats.missing_nodes += coords.iter().filter(|c| c.is_none()).count() as u64;
        if let Some(b) = bbox {
            let inside = |c: &Coord<f64>| {
                c.x >= b.min().x && c.x <= b.max().x && c.y >= b.min().y && c.y <= b.max().y
            };
            if !coords.iter().flatten().any(inside) {
                stats.outside_bbox += 1;
                continue;
            }
        }
        let before = lines.len();
        for run in coords.split(|c| c.is_none()) {
            if run.len() >= 2 {
                lines.push(RoadLine {
                    geometry_wgs84: LineString::new(run.iter().flatten().copied().collect()),
                    attrs: road.attrs,
                });
            }
        }
        stats.road_ways += u64::from(lines.len() > before);
    }
    lines
}
