//! Drawing a raster in Albania TM metres (the case density) on the Web-Mercator map.
//!
//! The raster becomes one texture (colours from `render::ramp`, transparent where zero). It
//! is drawn as a textured mesh over a lattice of vertices every `step` pixels whose
//! positions were projected TM → WGS84 → Web Mercator once; each frame only maps the lattice
//! to the screen. Between vertices the warp is linear, which at ≤ 64 cells per side of
//! Albania is well below a pixel at the zooms a planner uses. A small legend (colour ramp,
//! 0 … top value) sits at the map's lower left.

use std::sync::Arc;

use egui::{Color32, Mesh, Pos2, Rect, Response, Shape, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::density_job::{DensityForm, DensityResult};
use super::i18n::{Language, T};
use super::transform::{ScreenTransform, merc_from_wgs84};
use crate::analysis::kde::DensityGrid;
use crate::crs::Transformer;
use crate::render::ramp::{legend_stops, raster_rgba, robust_top};

/// Most lattice cells along a side.
const LATTICE_CELLS: usize = 64;
/// Alpha of coloured pixels before the layer's opacity.
const ALPHA: u8 = 210;

/// Vertex positions (Web Mercator, 0..1) and texture coordinates of the drawing mesh.
pub struct Lattice {
    pub cols: usize,
    pub rows: usize,
    pub merc: Vec<[f64; 2]>,
    pub uv: Vec<Pos2>,
}

impl Lattice {
    pub fn over(grid: &DensityGrid) -> Self {
        let tm = Transformer::tm_to_wgs84();
        let step_c = grid.cols.div_ceil(LATTICE_CELLS).max(1);
        let step_r = grid.rows.div_ceil(LATTICE_CELLS).max(1);
        let cs: Vec<usize> = (0..grid.cols).step_by(step_c).chain([grid.cols]).collect();
        let rs: Vec<usize> = (0..grid.rows).step_by(step_r).chain([grid.rows]).collect();
        let mut merc = Vec::with_capacity(cs.len() * rs.len());
        let mut uv = Vec::with_capacity(cs.len() * rs.len());
        for &r in &rs {
            for &c in &cs {
                let x = grid.xmin + c as f64 * grid.pixel_m;
                let y = grid.ymax - r as f64 * grid.pixel_m;
                let (lon, lat) = tm.point(x, y).unwrap_or((f64::NAN, f64::NAN));
                merc.push(merc_from_wgs84(lon, lat));
                uv.push(pos2(
                    c as f32 / grid.cols as f32,
                    r as f32 / grid.rows as f32,
                ));
            }
        }
        Self {
            cols: cs.len(),
            rows: rs.len(),
            merc,
            uv,
        }
    }
}

/// The raster's colours (RGBA, row-major) and the value at the top of the ramp: the
/// per-pixel work, done on the analysis task's thread, not the UI's.
pub fn colour(grid: &DensityGrid) -> Coloured {
    let top = robust_top(&grid.values).unwrap_or(1.0);
    Coloured {
        rgba: raster_rgba(&grid.values, top, ALPHA),
        top,
        max: grid.values.iter().copied().fold(0.0, f64::max),
        lattice: Lattice::over(grid),
    }
}

/// What [`colour`] prepares off the UI thread.
pub struct Coloured {
    pub rgba: Vec<u8>,
    pub top: f64,
    pub max: f64,
    pub lattice: Lattice,
}

/// A finished estimate ready to draw: texture, lattice and ramp top.
pub fn density_result(
    ctx: &egui::Context,
    grid: Arc<DensityGrid>,
    coloured: Coloured,
    form: DensityForm,
    count: usize,
) -> DensityResult {
    let Coloured {
        rgba,
        top,
        max,
        lattice,
    } = coloured;
    let image = egui::ColorImage::from_rgba_unmultiplied([grid.cols, grid.rows], &rgba);
    let texture = ctx.load_texture("case-density", image, egui::TextureOptions::NEAREST);
    DensityResult {
        lattice,
        grid,
        form,
        count,
        top,
        max,
        texture: Some(texture),
        visible: true,
        opacity: 0.85,
    }
}

/// The raster on the map, under the vector layers.
pub struct RasterOverlay<'a> {
    pub result: &'a DensityResult,
    pub lang: Language,
}

impl Plugin for RasterOverlay<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _r: &Response, projector: &Projector, _m: &MapMemory) {
        let r = self.result;
        let Some(texture) = &r.texture else { return };
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let tint = Color32::WHITE.gamma_multiply(r.opacity);
        let mut mesh = Mesh::with_texture(texture.id());
        let l = &r.lattice;
        for (m, uv) in l.merc.iter().zip(&l.uv) {
            mesh.vertices.push(egui::epaint::Vertex {
                pos: t.to_screen(*m),
                uv: *uv,
                color: tint,
            });
        }
        for row in 0..l.rows.saturating_sub(1) {
            for col in 0..l.cols.saturating_sub(1) {
                let a = (row * l.cols + col) as u32;
                let b = a + 1;
                let c = a + l.cols as u32;
                let d = c + 1;
                mesh.indices.extend_from_slice(&[a, b, c, b, d, c]);
            }
        }
        painter.add(Shape::mesh(mesh));
        legend(&painter, t.rect, r, self.lang);
    }
}

/// The colour ramp with 0 and the top value, at the lower left of the map.
fn legend(painter: &egui::Painter, map: Rect, r: &DensityResult, lang: Language) {
    let size = vec2(180.0, 46.0);
    let rect = Rect::from_min_size(pos2(map.left() + 10.0, map.bottom() - size.y - 28.0), size);
    painter.rect_filled(rect, 4.0, Color32::from_white_alpha(220));
    let title = if r.form.per_km2 {
        T::DensityLegendPerKm2.tr(lang)
    } else {
        T::DensityLegendRaw.tr(lang)
    };
    let font = egui::FontId::proportional(11.0);
    painter.text(
        rect.left_top() + vec2(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        title,
        font.clone(),
        Color32::BLACK,
    );
    let bar = Rect::from_min_size(rect.left_top() + vec2(6.0, 19.0), vec2(size.x - 12.0, 10.0));
    let stops = legend_stops(32);
    let w = bar.width() / stops.len() as f32;
    for (i, c) in stops.iter().enumerate() {
        let x = bar.left() + i as f32 * w;
        painter.rect_filled(
            Rect::from_min_size(pos2(x, bar.top()), vec2(w + 0.5, bar.height())),
            0.0,
            Color32::from_rgb(c[0], c[1], c[2]),
        );
    }
    let below = bar.left_bottom() + vec2(0.0, 2.0);
    painter.text(
        below,
        egui::Align2::LEFT_TOP,
        "0",
        font.clone(),
        Color32::BLACK,
    );
    painter.text(
        pos2(bar.right(), below.y),
        egui::Align2::RIGHT_TOP,
        format!("≥ {}", super::density_panel::number(r.top)),
        font,
        Color32::BLACK,
    );
}
