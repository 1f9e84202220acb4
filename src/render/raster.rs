//! Draws one XYZ tile of the vector basemap with tiny-skia.
//!
//! Input: a [`TileXyz`] and a scale (1: 256 px, 2: 512 px "@2x" covering the same ground).
//! Order, as on screen (`app::basemap`): sea over the whole tile, the neighbouring countries'
//! land, Albania's land fill (even-odd, so
//! holes stay sea), the land's edge, municipality boundaries, thicker qark boundaries, then
//! the labels of [`labels::layout`] that meet the tile (dot, white halo stroke, text fill).
//! Only features whose box meets the tile (plus a margin) are visited; their rings are
//! clipped to the tile plus margin and thinned to 0.3 px steps (see `clip.rs`). Cost per
//! tile: O(vertices of the features meeting it). Measured (release, 2 cores): zooms 6–13 of
//! Albania, 5 721 tiles rendered, PNG-encoded and written in about 12 s.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

use super::RenderError;
use super::clip::{clip_line, clip_ring};
use super::data::{BasemapData, Shape};
use super::labels::{self, DOT_RADIUS, PlacedLabel};
use super::mercator::TileXyz;
use super::palette::{self, Colour};
use super::text::LabelFont;

/// Extra pixels around the tile that clipping keeps (wider than any stroke).
const MARGIN_PX: f64 = 4.0;
const MIN_STEP_PX: f64 = 0.3;

/// Renders tiles from one [`BasemapData`]; `Sync`, so threads can share one renderer.
pub struct TileRenderer {
    data: BasemapData,
    font: LabelFont,
    labels: Mutex<HashMap<u8, Arc<Vec<PlacedLabel>>>>,
}

fn colour(c: Colour) -> Color {
    Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn paint(c: Colour) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(colour(c));
    p.anti_alias = true;
    p
}

/// Maps normalized Mercator to the pixels of one tile.
struct TilePx {
    n: f64,
    x: f64,
    y: f64,
    size: f64,
    /// The tile plus margin, in pixels and in normalized Mercator.
    clip_px: [f64; 4],
    clip_merc: [f64; 4],
}

impl TilePx {
    fn new(tile: TileXyz, size: f64) -> Self {
        let n = tile.n();
        let m = MARGIN_PX / (n * size);
        let b = tile.merc_bbox();
        Self {
            n,
            x: tile.x as f64,
            y: tile.y as f64,
            size,
            clip_px: [-MARGIN_PX, -MARGIN_PX, size + MARGIN_PX, size + MARGIN_PX],
            clip_merc: [b[0] - m, b[1] - m, b[2] + m, b[3] + m],
        }
    }

    fn px(&self, m: [f64; 2]) -> [f64; 2] {
        [
            (m[0] * self.n - self.x) * self.size,
            (m[1] * self.n - self.y) * self.size,
        ]
    }

    fn meets(&self, b: &[f64; 4]) -> bool {
        let c = self.clip_merc;
        b[0] <= c[2] && c[0] <= b[2] && b[1] <= c[3] && c[1] <= b[3]
    }
}

impl TileRenderer {
    pub fn new(data: BasemapData) -> Result<Self, RenderError> {
        Ok(Self {
            data,
            font: LabelFont::embedded().map_err(|_| RenderError::Font)?,
            labels: Mutex::new(HashMap::new()),
        })
    }

    pub fn data(&self) -> &BasemapData {
        &self.data
    }

    /// The label layout of a zoom, computed once and shared by every tile of that zoom.
    pub fn labels(&self, zoom: u8) -> Arc<Vec<PlacedLabel>> {
        // A poisoned lock only means another thread panicked mid-insert; the map is still valid.
        let mut cache = self.labels.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(zoom)
            .or_insert_with(|| Arc::new(labels::layout(&self.data, &self.font, zoom)))
            .clone()
    }

    /// Draws a tile at `scale` (1..=4) times 256 pixels.
    pub fn render(&self, tile: TileXyz, scale: u32) -> Result<Pixmap, RenderError> {
        if !(1..=4).contains(&scale) || tile.z > 22 {
            return Err(RenderError::BadTile { tile, scale });
        }
        let size = 256 * scale;
        let mut pixmap = Pixmap::new(size, size).ok_or(RenderError::BadTile { tile, scale })?;
        pixmap.fill(colour(palette::SEA));
        let t = TilePx::new(tile, size as f64);
        let s = scale as f32;

        let neighbours: Vec<&Shape> = self.in_tile(&self.data.neighbours, &t);
        fill_shapes(
            &mut pixmap,
            &neighbours,
            &t,
            &paint(palette::NEIGHBOUR_LAND),
        );
        let land: Vec<&Shape> = self.data.land.iter().filter(|f| t.meets(&f.bbox)).collect();
        fill_shapes(&mut pixmap, &land, &t, &paint(palette::LAND));
        let outlines = [
            (land, palette::COAST_LINE, palette::COAST_WIDTH),
            (
                self.in_tile(&self.data.municipalities, &t),
                palette::MUNICIPALITY_LINE,
                palette::MUNICIPALITY_WIDTH,
            ),
            (
                self.in_tile(&self.data.qarqe, &t),
                palette::QARK_LINE,
                palette::QARK_WIDTH,
            ),
        ];
        for (shapes, c, width) in outlines {
            stroke_shapes(&mut pixmap, &shapes, &t, c, width * s);
        }
        let labels = self.labels(tile.z);
        let world_box = [
            tile.x as f64 * 256.0,
            tile.y as f64 * 256.0,
            (tile.x + 1) as f64 * 256.0,
            (tile.y + 1) as f64 * 256.0,
        ];
        for label in labels.iter().filter(|l| {
            let b = l.bbox;
            b[0] <= world_box[2]
                && world_box[0] <= b[2]
                && b[1] <= world_box[3]
                && world_box[1] <= b[3]
        }) {
            let to_px = |w: [f64; 2]| {
                [
                    ((w[0] - world_box[0]) * scale as f64) as f32,
                    ((w[1] - world_box[1]) * scale as f64) as f32,
                ]
            };
            self.draw_label(
                &mut pixmap,
                label,
                to_px(label.left_top),
                label.dot.map(to_px),
                s,
            );
        }
        Ok(pixmap)
    }

    fn in_tile<'a>(&self, shapes: &'a [Shape], t: &TilePx) -> Vec<&'a Shape> {
        shapes.iter().filter(|f| t.meets(&f.bbox)).collect()
    }

    fn draw_label(
        &self,
        pixmap: &mut Pixmap,
        label: &PlacedLabel,
        left_top: [f32; 2],
        dot: Option<[f32; 2]>,
        s: f32,
    ) {
        let halo = Stroke {
            width: 2.4 * s,
            line_join: LineJoin::Round,
            line_cap: LineCap::Round,
            ..Stroke::default()
        };
        if let Some(d) = dot
            && let Some(circle) = PathBuilder::from_circle(d[0], d[1], DOT_RADIUS as f32 * s)
        {
            pixmap.fill_path(
                &circle,
                &paint(palette::SETTLEMENT_DOT),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            let ring = Stroke {
                width: 1.0 * s,
                ..Stroke::default()
            };
            pixmap.stroke_path(
                &circle,
                &paint(palette::HALO),
                &ring,
                Transform::identity(),
                None,
            );
        }
        if let Some(path) = self
            .font
            .path(&label.text, label.size * s, left_top[0], left_top[1])
        {
            pixmap.stroke_path(
                &path,
                &paint(palette::HALO),
                &halo,
                Transform::identity(),
                None,
            );
            pixmap.fill_path(
                &path,
                &paint(label.colour),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
}

fn stroke_shapes(pixmap: &mut Pixmap, shapes: &[&Shape], t: &TilePx, c: Colour, width: f32) {
    let mut pb = PathBuilder::new();
    for shape in shapes {
        for line in &shape.lines {
            let px: Vec<[f64; 2]> = line.iter().map(|m| t.px(*m)).collect();
            for run in clip_line(&px, t.clip_px, MIN_STEP_PX) {
                pb.move_to(run[0][0] as f32, run[0][1] as f32);
                for p in &run[1..] {
                    pb.line_to(p[0] as f32, p[1] as f32);
                }
            }
        }
    }
    let Some(path) = pb.finish() else { return };
    let stroke = Stroke {
        width,
        line_join: LineJoin::Round,
        line_cap: LineCap::Round,
        ..Stroke::default()
    };
    pixmap.stroke_path(&path, &paint(c), &stroke, Transform::identity(), None);
}

/// Fills polygons (even-odd, so holes stay open) clipped to the tile.
fn fill_shapes(pixmap: &mut Pixmap, shapes: &[&Shape], t: &TilePx, paint: &Paint<'_>) {
    for shape in shapes {
        for polygon in &shape.polygons {
            let mut pb = PathBuilder::new();
            for ring in polygon {
                let px: Vec<[f64; 2]> = ring.iter().map(|m| t.px(*m)).collect();
                if let Some(r) = clip_ring(&px, t.clip_px, MIN_STEP_PX) {
                    pb.move_to(r[0][0] as f32, r[0][1] as f32);
                    for p in &r[1..] {
                        pb.line_to(p[0] as f32, p[1] as f32);
                    }
                    pb.close();
                }
            }
            if let Some(path) = pb.finish() {
                pixmap.fill_path(&path, paint, FillRule::EvenOdd, Transform::identity(), None);
            }
        }
    }
}
