//! Where labels go at one zoom: a greedy, collision-free layout for the whole map at once.
//!
//! Labels are placed in *world pixels* (normalized Mercator × 256 · 2^zoom), not per tile:
//! every tile of a zoom then draws the labels whose box meets it, so a name that straddles a
//! tile edge is drawn half in each tile and joins seamlessly, never cut off and never placed
//! twice or differently in two neighbours (the usual alternatives, per-tile placement with
//! edge margins or metatiles, either drop such names or still cut them at metatile edges).
//!
//! Order of priority: cities, municipality names (from [`palette::NAMES_FROM_ZOOM`], the
//! on-screen rule), towns, villages, hamlets, each class by population. A label is kept only
//! if its box (grown by 2 px, as on screen) meets no box kept before it; settlements try
//! right, left, above and below their dot. A uniform grid (128 px cells) finds neighbours,
//! so a zoom with n candidates costs about O(n).

use std::collections::HashMap;

use super::data::BasemapData;
use super::palette::{self, Colour};
use super::text::LabelFont;

/// One label kept at a zoom. All positions in world pixels of 256 px tiles at that zoom.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    pub text: String,
    pub size: f32,
    pub colour: Colour,
    /// Top-left corner of the text box.
    pub left_top: [f64; 2],
    /// The box the label occupies, halo and dot included: [min x, min y, max x, max y].
    pub bbox: [f64; 4],
    /// A settlement's dot.
    pub dot: Option<[f64; 2]>,
}

/// Radius of a settlement's dot, in pixels of 256 px tiles.
pub const DOT_RADIUS: f64 = 2.2;
const PAD: f64 = 2.0;
const CELL: f64 = 128.0;

struct Grid {
    cells: HashMap<(i64, i64), Vec<[f64; 4]>>,
}

impl Grid {
    fn cells_of(b: [f64; 4]) -> impl Iterator<Item = (i64, i64)> {
        let (x0, y0) = ((b[0] / CELL).floor() as i64, (b[1] / CELL).floor() as i64);
        let (x1, y1) = ((b[2] / CELL).floor() as i64, (b[3] / CELL).floor() as i64);
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
    }

    fn free(&self, b: [f64; 4]) -> bool {
        Self::cells_of(b).all(|c| {
            self.cells.get(&c).is_none_or(|boxes| {
                boxes
                    .iter()
                    .all(|o| b[2] < o[0] || o[2] < b[0] || b[3] < o[1] || o[3] < b[1])
            })
        })
    }

    fn insert(&mut self, b: [f64; 4]) {
        for c in Self::cells_of(b) {
            self.cells.entry(c).or_default().push(b);
        }
    }
}

/// The labels of the whole map at `zoom`, in drawing order.
pub fn layout(data: &BasemapData, font: &LabelFont, zoom: u8) -> Vec<PlacedLabel> {
    let world = 256.0 * 2f64.powi(zoom as i32);
    let mut grid = Grid {
        cells: HashMap::new(),
    };
    let mut out = Vec::new();
    let mut try_place =
        |text: &str, size: f32, colour: Colour, boxes: &[[f64; 2]], dot: Option<[f64; 2]>| {
            let [w, h] = font.measure(text, size).map(f64::from);
            for left_top in boxes.iter().map(|c| [c[0] - w / 2.0, c[1] - h / 2.0]) {
                let mut bbox = [
                    left_top[0] - PAD,
                    left_top[1] - PAD,
                    left_top[0] + w + PAD,
                    left_top[1] + h + PAD,
                ];
                if let Some(d) = dot {
                    let r = DOT_RADIUS + 1.0;
                    bbox = [
                        bbox[0].min(d[0] - r),
                        bbox[1].min(d[1] - r),
                        bbox[2].max(d[0] + r),
                        bbox[3].max(d[1] + r),
                    ];
                }
                if grid.free(bbox) {
                    grid.insert(bbox);
                    out.push(PlacedLabel {
                        text: text.to_string(),
                        size,
                        colour,
                        left_top,
                        bbox,
                        dot,
                    });
                    return;
                }
            }
        };
    let settlement = |(s, m): &(super::data::Settlement, [f64; 2])| {
        let p = [m[0] * world, m[1] * world];
        let size = s.rank.label_size();
        let [w, h] = font.measure(&s.name, size).map(f64::from);
        let gap = DOT_RADIUS + 3.0;
        let candidates = [
            [p[0] + gap + w / 2.0, p[1]],
            [p[0] - gap - w / 2.0, p[1]],
            [p[0], p[1] - gap - h / 2.0],
            [p[0], p[1] + gap + h / 2.0],
        ];
        (s.name.clone(), size, candidates, p)
    };
    let visible = |s: &&(super::data::Settlement, [f64; 2])| s.0.rank.from_zoom() <= zoom;
    let (cities, others): (Vec<_>, Vec<_>) = data
        .settlements
        .iter()
        .filter(visible)
        .partition(|s| s.0.rank == super::data::SettlementRank::City);
    for s in &cities {
        let (name, size, c, p) = settlement(s);
        try_place(&name, size, palette::SETTLEMENT_LABEL, &c, Some(p));
    }
    if zoom as f64 >= palette::NAMES_FROM_ZOOM {
        let size = palette::municipality_label_size(zoom as f64);
        for n in &data.municipality_names {
            let p = [n.merc[0] * world, n.merc[1] * world];
            try_place(&n.name, size, palette::LABEL, &[p], None);
        }
    }
    for s in &others {
        let (name, size, c, p) = settlement(s);
        try_place(&name, size, palette::SETTLEMENT_LABEL, &c, Some(p));
    }
    out
}
