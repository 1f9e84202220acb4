//! Project layers drawn over the tiles, one walkers [`Plugin`] per visible layer, bottom first.
//!
//! Polygon layers (mine perimeters, coastal hotspots, municipalities, qarqe, other) are a
//! translucent fill (pre-triangulated, see `geometry.rs`) and an outline; services are small
//! symbols by type; cases are points by kind or clusters (see `cases.rs`); roads are lines.
//! Colours come from `style.rs`, faded by the layer's opacity. [`Highlight`] marks the feature
//! the identify panel shows.

use std::cell::RefCell;

use egui::{Color32, Response, Shape, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::cases;
use super::paint;
use super::state::{Hit, LayerView, LoadedProject};
use super::style::{self, faded};
use super::transform::ScreenTransform;
use crate::model::LayerKind;

/// Radius of a service symbol, in screen points.
pub const SYMBOL_RADIUS: f32 = 5.0;

pub struct LayerOverlay<'a> {
    pub layer: &'a LayerView,
    /// Set to the cluster circles (screen centre, radius) when the cases were clustered in
    /// this frame (the legend says so; a click on a cluster zooms in).
    pub clusters: &'a RefCell<Option<Vec<(egui::Pos2, f32)>>>,
}

impl LayerOverlay<'_> {
    pub fn shapes(&self, painter: &egui::Painter, t: &ScreenTransform) -> Vec<Shape> {
        let layer = self.layer;
        let o = layer.opacity;
        let mut out = Vec::new();
        match layer.kind {
            LayerKind::Cases => {
                let (shapes, clusters) = cases::shapes(painter, layer, t);
                *self.clusters.borrow_mut() = clusters;
                out = shapes;
            }
            LayerKind::Roads => {
                let c = style::colour(layer.style.look(0).colour);
                paint::outlines(&mut out, layer.in_view(t), t, Stroke::new(1.6, faded(c, o)));
            }
            kind => {
                // Polygons: one fill mesh per class (a categorized or graduated layer has
                // several), then the outlines.
                for class in 0..layer.style.class_count() {
                    if layer.class_counts.get(class).copied().unwrap_or(0) == 0 {
                        continue;
                    }
                    let (fill, stroke) = style::polygon_look(kind, &layer.style, class);
                    let in_class = || layer.in_view(t).filter(move |f| f.class as usize == class);
                    if let Some(fill) = fill {
                        out.extend(paint::fill_mesh(in_class(), t, faded(fill, o)));
                    }
                    let stroke = Stroke::new(stroke.width, faded(stroke.color, o));
                    paint::outlines(&mut out, in_class(), t, stroke);
                }
                points(&mut out, layer, t);
            }
        }
        if let Some(field) = &layer.style.label_field {
            labels(&mut out, painter, layer, field, t);
        }
        out
    }
}

/// Most labels drawn per layer and frame (beyond that the map is unreadable anyway).
pub const MAX_LABELS: usize = 400;

/// Text labels of a layer's features from `field`: at the interior point of polygons and to
/// the right of points, with a white halo; a label overlapping one already placed is skipped.
fn labels(
    out: &mut Vec<Shape>,
    painter: &egui::Painter,
    layer: &LayerView,
    field: &str,
    t: &ScreenTransform,
) {
    let Some(col) = layer.data.field_index(field) else {
        return;
    };
    let font = egui::FontId::proportional(11.0);
    let mut placed: Vec<egui::Rect> = Vec::new();
    for f in layer.in_view(t) {
        if placed.len() >= MAX_LABELS {
            break;
        }
        let Some(text) = layer
            .data
            .features
            .get(f.feature)
            .and_then(|x| x.values.get(col))
            .and_then(|v| v.non_empty_text())
        else {
            continue;
        };
        let (anchor, align) = match (f.label_at, f.points.first()) {
            (_, Some(p)) => (
                t.to_screen(*p) + egui::vec2(SYMBOL_RADIUS + 3.0, 0.0),
                egui::Align2::LEFT_CENTER,
            ),
            (Some(p), None) => (t.to_screen(p), egui::Align2::CENTER_CENTER),
            (None, None) => continue,
        };
        if !t.rect.contains(anchor) {
            continue;
        }
        let galley = painter.layout_no_wrap(text, font.clone(), style::LABEL);
        let rect = align.anchor_size(anchor, galley.size());
        if placed.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        placed.push(rect);
        out.push(Shape::rect_filled(rect.expand(1.0), 2.0, style::HALO));
        out.push(Shape::galley(rect.min, galley, style::LABEL));
    }
}

/// Point symbols of a layer, by class (colour and shape from the layer's style).
fn points(out: &mut Vec<Shape>, layer: &LayerView, t: &ScreenTransform) {
    let view = t.rect.expand(SYMBOL_RADIUS * 2.0);
    for f in layer.in_view(t) {
        if f.points.is_empty() {
            continue;
        }
        let look = layer.style.look(f.class as usize);
        let fill = faded(style::colour(look.colour), layer.opacity);
        for m in &f.points {
            let p = t.to_screen(*m);
            if view.contains(p) {
                style::symbol_shapes(out, look.symbol, p, SYMBOL_RADIUS, fill);
            }
        }
    }
}

impl Plugin for LayerOverlay<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let shapes = self.shapes(&painter, &t);
        painter.extend(shapes);
    }
}

/// Outlines the identified feature in a strong colour on top of everything.
pub struct Highlight<'a> {
    pub project: &'a LoadedProject,
    pub hit: &'a Hit,
}

impl Plugin for Highlight<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let Some(layer) = self.project.layer(&self.hit.layer) else {
            return;
        };
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let features = layer
            .prepared
            .features
            .iter()
            .filter(|f| f.feature == self.hit.feature);
        let ring = Ring {
            colour: Color32::from_rgb(0, 200, 255),
            radius: 9.0,
            width: 3.0,
        };
        painter.extend(ring.shapes(features, &t));
    }
}

/// How a marked feature is drawn: a ring around points, a thick outline around polygons.
struct Ring {
    colour: Color32,
    radius: f32,
    width: f32,
}

impl Ring {
    fn shapes<'a>(
        &self,
        features: impl Iterator<Item = &'a super::geometry::PreparedFeature>,
        t: &ScreenTransform,
    ) -> Vec<Shape> {
        let stroke = Stroke::new(self.width, self.colour);
        let mut out = Vec::new();
        for f in features {
            for m in &f.points {
                out.push(Shape::circle_stroke(t.to_screen(*m), self.radius, stroke));
            }
            paint::outlines(&mut out, std::iter::once(f), t, stroke);
        }
        out
    }
}

/// Marks the features selected in the attribute table (yellow rings and outlines).
pub struct Selection<'a> {
    pub layer: &'a LayerView,
    pub selected: &'a std::collections::BTreeSet<usize>,
}

impl Plugin for Selection<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let features = self
            .layer
            .in_view(&t)
            .filter(|f| self.selected.contains(&f.feature));
        let ring = Ring {
            colour: Color32::from_rgb(255, 215, 0),
            radius: 7.0,
            width: 2.5,
        };
        painter.extend(ring.shapes(features, &t));
    }
}
