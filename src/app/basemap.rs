//! The vector basemap drawn *under* the web tiles, so the map is never blank offline.
//!
//! Input: the project's own land (Coastline layer), municipalities and qarqe, prepared in
//! normalized Mercator. Output: sea colour over the whole map, the neighbouring countries'
//! land (embedded data), Albania's land fill, municipality boundaries, thicker qark
//! boundaries and, from zoom 9, municipality names, then settlement names by rank (placed
//! greedily, skipping labels that would overlap). Colours, widths and sizes come from
//! `render::palette`, shared with the offline tiles that `riskatlas tiles build` renders. Walkers paints tiles
//! before plugins, so the map view reserves an empty shape slot before the map widget and
//! this plugin fills that slot.

use egui::layers::ShapeIdx;
use egui::{Rect, Response, Shape, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::geometry::PreparedLayer;
use super::paint;
use super::state::LoadedProject;
use super::style;
use super::transform::ScreenTransform;
use crate::model::{FeatureLayer, LayerKind};
use crate::render::data::Settlement;
use crate::render::palette;

/// Zoom from which municipality names are drawn (shared with the rendered tiles).
pub const NAMES_FROM_ZOOM: f64 = palette::NAMES_FROM_ZOOM;

/// The neighbouring countries' land (embedded data, the same for every project), prepared
/// once per run; `None` if the embedded file could not be read (the map then shows sea there).
fn neighbours() -> Option<&'static PreparedLayer> {
    static PREPARED: std::sync::OnceLock<Option<PreparedLayer>> = std::sync::OnceLock::new();
    PREPARED
        .get_or_init(|| {
            crate::demo::neighbours_layer()
                .ok()
                .map(|l| PreparedLayer::build(&l))
        })
        .as_ref()
}

pub struct Basemap<'a> {
    /// The shape slot reserved under the tiles.
    pub slot: ShapeIdx,
    pub land: Option<&'a PreparedLayer>,
    pub municipalities: Option<(&'a PreparedLayer, &'a FeatureLayer)>,
    pub qarqe: Option<&'a PreparedLayer>,
}

impl<'a> Basemap<'a> {
    pub fn new(slot: ShapeIdx, project: Option<&'a LoadedProject>) -> Self {
        let prepared = |kind| project.and_then(|p| p.first_of(kind));
        Self {
            slot,
            land: prepared(LayerKind::Coastline).map(|l| l.prepared.as_ref()),
            municipalities: prepared(LayerKind::Municipalities)
                .map(|l| (l.prepared.as_ref(), l.data.as_ref())),
            qarqe: prepared(LayerKind::Qarqe).map(|l| l.prepared.as_ref()),
        }
    }

    /// Every shape of the basemap for one frame.
    pub fn shapes(&self, painter: &egui::Painter, t: &ScreenTransform) -> Vec<Shape> {
        let mut out = vec![Shape::rect_filled(t.rect, 0.0, style::SEA)];
        if let Some(neighbours) = neighbours() {
            out.extend(paint::fill_mesh(
                paint::in_view(neighbours, t),
                t,
                style::NEIGHBOUR_LAND,
            ));
        }
        // Land: the coastline polygon; without one, the union of the municipalities will do.
        let land = self
            .land
            .or(self.municipalities.map(|m| m.0))
            .or(self.qarqe);
        if let Some(land) = land {
            out.extend(paint::fill_mesh(paint::in_view(land, t), t, style::LAND));
            // The land's edge (coast and borders) so the country reads clearly at any scale.
            paint::outlines(
                &mut out,
                paint::in_view(land, t),
                t,
                Stroke::new(palette::COAST_WIDTH, style::COAST_LINE),
            );
        }
        if let Some((munis, _)) = self.municipalities {
            paint::outlines(
                &mut out,
                paint::in_view(munis, t),
                t,
                Stroke::new(palette::MUNICIPALITY_WIDTH, style::MUNICIPALITY_LINE),
            );
        }
        if let Some(qarqe) = self.qarqe {
            paint::outlines(
                &mut out,
                paint::in_view(qarqe, t),
                t,
                Stroke::new(palette::QARK_WIDTH, style::QARK_LINE),
            );
        }
        let mut placed: Vec<Rect> = Vec::new();
        if t.zoom >= NAMES_FROM_ZOOM
            && let Some((munis, data)) = self.municipalities
        {
            self.names(painter, &mut out, &mut placed, munis, data, t);
        }
        settlement_names(painter, &mut out, &mut placed, t);
        out
    }

    fn names(
        &self,
        painter: &egui::Painter,
        out: &mut Vec<Shape>,
        placed: &mut Vec<Rect>,
        munis: &PreparedLayer,
        data: &FeatureLayer,
        t: &ScreenTransform,
    ) {
        let size = palette::municipality_label_size(t.zoom);
        for f in paint::in_view(munis, t) {
            let (Some(at), Some(feature)) = (f.label_at, data.features.get(f.feature)) else {
                continue;
            };
            let Some(name) = data.value(feature, "name").non_empty_text() else {
                continue;
            };
            let pos = t.to_screen(at);
            if !t.rect.contains(pos) {
                continue;
            }
            // Measure first; skip a label that would collide with one already placed.
            let galley = painter.layout_no_wrap(
                name.clone(),
                egui::FontId::proportional(size),
                style::LABEL,
            );
            let rect = egui::Align2::CENTER_CENTER
                .anchor_size(pos, galley.size())
                .expand(2.0);
            if placed.iter().any(|r| r.intersects(rect)) {
                continue;
            }
            placed.push(rect);
            paint::halo_text(painter, out, pos, &name, size, style::LABEL);
        }
    }
}

/// Most settlement names drawn in one frame.
pub const MAX_SETTLEMENT_NAMES: usize = 250;

/// The settlements shipped with the app (OSM places), most important first, in normalized
/// Mercator; parsed once per run.
fn settlements() -> &'static [(Settlement, [f64; 2])] {
    static LIST: std::sync::OnceLock<Vec<(Settlement, [f64; 2])>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let places = crate::demo::settlements().unwrap_or_default();
        crate::render::BasemapData::new(None, None, None, places).settlements
    })
}

/// Settlement names with a dot, by rank from the zoom the offline tiles use (cities from 8,
/// towns from 10, villages from 12, hamlets from 13), skipping any that would overlap a name
/// already placed (municipality names go first).
fn settlement_names(
    painter: &egui::Painter,
    out: &mut Vec<Shape>,
    placed: &mut Vec<Rect>,
    t: &ScreenTransform,
) {
    let mut drawn = 0;
    for (s, merc) in settlements() {
        if drawn >= MAX_SETTLEMENT_NAMES {
            break;
        }
        if (s.rank.from_zoom() as f64) > t.zoom + 1e-9 {
            continue;
        }
        let dot = t.to_screen(*merc);
        if !t.rect.contains(dot) {
            continue;
        }
        let size = s.rank.label_size();
        let galley = painter.layout_no_wrap(
            s.name.clone(),
            egui::FontId::proportional(size),
            style::LABEL,
        );
        let centre = dot + egui::vec2(4.0 + galley.size().x / 2.0, 0.0);
        let rect = egui::Align2::CENTER_CENTER
            .anchor_size(centre, galley.size())
            .union(Rect::from_center_size(dot, egui::vec2(6.0, 6.0)))
            .expand(2.0);
        if placed.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        placed.push(rect);
        out.push(Shape::circle_filled(dot, 2.5, style::LABEL));
        paint::halo_text(painter, out, centre, &s.name, size, style::LABEL);
        drawn += 1;
    }
}

impl Plugin for Basemap<'_> {
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
        painter.set(self.slot, Shape::Vec(shapes));
    }
}
