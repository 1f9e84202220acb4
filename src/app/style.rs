//! Colours and symbols of the on-screen map and its legend (one place, so the legend always
//! matches what is drawn).
//!
//! Cases use the Okabe–Ito palette (distinguishable with the common colour-vision
//! deficiencies); services are told apart by symbol shape, all in one blue; polygons use
//! translucent fills with a solid outline. Sizes are in screen points.

use egui::epaint::PathStroke;
use egui::{Color32, Painter, Pos2, Shape, Stroke, pos2, vec2};

use crate::model::{LayerKind, LayerStyle, StyleRule};
use crate::render::palette;

// The basemap's colours are shared with the rendered tiles (`render::palette`), so an
// offline tile pack looks like the vector basemap drawn under it.
const fn opaque(c: palette::Colour) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// Background of the offline basemap: water (sea and lakes).
pub const SEA: Color32 = opaque(palette::SEA);
pub const LAND: Color32 = opaque(palette::LAND);
pub const NEIGHBOUR_LAND: Color32 = opaque(palette::NEIGHBOUR_LAND);
pub const COAST_LINE: Color32 = opaque(palette::COAST_LINE);
pub const MUNICIPALITY_LINE: Color32 = opaque(palette::MUNICIPALITY_LINE);
pub const QARK_LINE: Color32 = opaque(palette::QARK_LINE);
pub const LABEL: Color32 = opaque(palette::LABEL);
/// Light halo behind labels (given to egui as premultiplied, as it always was on screen).
pub const HALO: Color32 = Color32::from_rgba_premultiplied(
    palette::HALO.r,
    palette::HALO.g,
    palette::HALO.b,
    palette::HALO.a,
);

/// Okabe–Ito colours.
pub mod okabe_ito {
    use egui::Color32;
    pub const ORANGE: Color32 = Color32::from_rgb(230, 159, 0);
    pub const SKY_BLUE: Color32 = Color32::from_rgb(86, 180, 233);
    pub const GREEN: Color32 = Color32::from_rgb(0, 158, 115);
    pub const YELLOW: Color32 = Color32::from_rgb(240, 228, 66);
    pub const BLUE: Color32 = Color32::from_rgb(0, 114, 178);
    pub const VERMILLION: Color32 = Color32::from_rgb(213, 94, 0);
    pub const PURPLE: Color32 = Color32::from_rgb(204, 121, 167);
    pub const GREY: Color32 = Color32::from_rgb(90, 90, 90);
}

pub const SERVICE_COLOUR: Color32 = okabe_ito::BLUE;
pub const CANDIDATE_COLOUR: Color32 = Color32::from_rgb(20, 20, 20);
pub const ROAD_COLOUR: Color32 = Color32::from_rgb(200, 120, 60);
pub const OTHER_COLOUR: Color32 = Color32::from_rgb(80, 80, 80);

/// Fill and outline of a polygon layer drawn as an overlay (`None` fill: outline only).
pub fn polygon_style(kind: LayerKind) -> (Option<Color32>, Stroke) {
    match kind {
        LayerKind::Mines => (
            Some(Color32::from_rgba_unmultiplied(90, 60, 40, 110)),
            Stroke::new(1.5, Color32::from_rgb(90, 60, 40)),
        ),
        LayerKind::Hotspots => (
            Some(Color32::from_rgba_unmultiplied(230, 159, 0, 90)),
            Stroke::new(1.5, Color32::from_rgb(180, 110, 0)),
        ),
        LayerKind::Municipalities => (None, Stroke::new(1.0, MUNICIPALITY_LINE)),
        LayerKind::Qarqe => (None, Stroke::new(2.2, QARK_LINE)),
        LayerKind::Coastline => (None, Stroke::new(1.2, Color32::from_rgb(40, 100, 140))),
        _ => (
            Some(Color32::from_rgba_unmultiplied(80, 80, 80, 60)),
            Stroke::new(1.0, OTHER_COLOUR),
        ),
    }
}

pub use crate::model::style::Symbol;

/// An egui colour from a style's RGBA.
pub fn colour(c: crate::model::style::Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c[0], c[1], c[2], c[3])
}

/// Fill and outline of class `class` of a polygon layer: the class colour, translucent, with
/// a darker solid outline. Boundary layers (municipalities, qarqe, coastline) keep their
/// outline-only look while their style is a single symbol.
pub fn polygon_look(
    kind: LayerKind,
    style: &LayerStyle,
    class: usize,
) -> (Option<Color32>, Stroke) {
    let single = matches!(style.rule, StyleRule::Single { .. });
    if single
        && matches!(
            kind,
            LayerKind::Municipalities | LayerKind::Qarqe | LayerKind::Coastline
        )
    {
        return polygon_style(kind);
    }
    let c = style.look(class).colour;
    let fill = Color32::from_rgba_unmultiplied(c[0], c[1], c[2], 100);
    let dark = |v: u8| (v as f32 * 0.7) as u8;
    (
        Some(fill),
        Stroke::new(1.5, Color32::from_rgb(dark(c[0]), dark(c[1]), dark(c[2]))),
    )
}

/// Pushes the shapes of a symbol of half-size `r` centred on `c` (white outline for contrast
/// on any background).
pub fn symbol_shapes(out: &mut Vec<Shape>, symbol: Symbol, c: Pos2, r: f32, fill: Color32) {
    let outline = Stroke::new(1.0, Color32::WHITE);
    let poly = |pts: Vec<Pos2>| Shape::convex_polygon(pts, fill, outline);
    match symbol {
        Symbol::Square => out.push(poly(vec![
            c + vec2(-r, -r),
            c + vec2(r, -r),
            c + vec2(r, r),
            c + vec2(-r, r),
        ])),
        Symbol::Diamond => out.push(poly(vec![
            c + vec2(0.0, -r * 1.3),
            c + vec2(r * 1.3, 0.0),
            c + vec2(0.0, r * 1.3),
            c + vec2(-r * 1.3, 0.0),
        ])),
        Symbol::Triangle => out.push(poly(vec![
            c + vec2(0.0, -r * 1.2),
            c + vec2(r * 1.2, r),
            c + vec2(-r * 1.2, r),
        ])),
        Symbol::InvertedTriangle => out.push(poly(vec![
            c + vec2(-r * 1.2, -r),
            c + vec2(r * 1.2, -r),
            c + vec2(0.0, r * 1.2),
        ])),
        Symbol::Cross => {
            let t = r * 0.45;
            out.push(Shape::rect_filled(
                egui::Rect::from_center_size(c, vec2(2.0 * r, 2.0 * t)),
                0.0,
                fill,
            ));
            out.push(Shape::rect_filled(
                egui::Rect::from_center_size(c, vec2(2.0 * t, 2.0 * r)),
                0.0,
                fill,
            ));
        }
        Symbol::House => out.push(poly(vec![
            c + vec2(0.0, -r * 1.3),
            c + vec2(r, -r * 0.2),
            c + vec2(r, r),
            c + vec2(-r, r),
            c + vec2(-r, -r * 0.2),
        ])),
        Symbol::Circle => out.push(Shape::circle_filled(c, r, fill)),
        Symbol::Star => {
            let pts: Vec<Pos2> = (0..10)
                .map(|i| {
                    let a = std::f32::consts::PI * (i as f32) / 5.0 - std::f32::consts::FRAC_PI_2;
                    let rr = if i % 2 == 0 { r * 1.4 } else { r * 0.6 };
                    c + vec2(a.cos() * rr, a.sin() * rr)
                })
                .collect();
            // A star is concave: fill its five triangles from the centre, then outline it.
            for i in 0..10 {
                out.push(Shape::convex_polygon(
                    vec![c, pts[i], pts[(i + 1) % 10]],
                    fill,
                    Stroke::NONE,
                ));
            }
            out.push(Shape::closed_line(
                pts,
                PathStroke::new(1.0, Color32::WHITE),
            ));
        }
        Symbol::Dot => out.push(Shape::circle_filled(c, r * 0.6, fill)),
    }
    if matches!(symbol, Symbol::Circle | Symbol::Dot) {
        out.push(Shape::circle_stroke(
            c,
            if symbol == Symbol::Dot { r * 0.6 } else { r },
            outline,
        ));
    }
}

/// A legend swatch: a point symbol, a filled box or a line, drawn in a small rect.
pub enum Swatch {
    Point(Symbol, Color32),
    Fill(Color32, Stroke),
    Line(Stroke),
}

pub fn paint_swatch(painter: &Painter, rect: egui::Rect, swatch: &Swatch) {
    let c = rect.center();
    match swatch {
        Swatch::Point(symbol, colour) => {
            let mut shapes = Vec::new();
            symbol_shapes(&mut shapes, *symbol, c, 5.0, *colour);
            painter.extend(shapes);
        }
        Swatch::Fill(fill, stroke) => {
            let r = rect.shrink(2.0);
            painter.rect_filled(r, 0.0, *fill);
            painter.rect_stroke(r, 0.0, *stroke, egui::StrokeKind::Inside);
        }
        Swatch::Line(stroke) => {
            painter.line_segment(
                [pos2(rect.left() + 2.0, c.y), pos2(rect.right() - 2.0, c.y)],
                *stroke,
            );
        }
    }
}

/// Multiplies a colour's alpha by a layer's opacity (0..1).
pub fn faded(c: Color32, opacity: f32) -> Color32 {
    c.gamma_multiply(opacity.clamp(0.0, 1.0))
}
