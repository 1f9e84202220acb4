//! A [`Scene`] as one vector PDF page: every item drawn through `render::pdf::Canvas`, text in
//! the embedded, subset DejaVu faces (so ë, ç print everywhere), transparency kept as PDF
//! opacity, a raster image (the tile mosaic) as one image XObject. O(items + image pixels).

use super::{Align, Item, Scene};
use crate::render::pdf::{Canvas, Orientation, PageSpec, Paper, PdfWriter, Rgb};

fn rgb(c: super::Rgba) -> (Rgb, f32) {
    (Rgb(c.0, c.1, c.2), f32::from(c.3) / 255.0)
}

/// Draws `scene` on a page of `writer` (the scene's size must be `spec`'s).
pub fn add_page(
    writer: &mut PdfWriter,
    spec: PageSpec,
    scene: &Scene,
) -> Result<(), super::PrintError> {
    writer.page(spec, |c| draw(c, scene))?;
    Ok(())
}

/// The page format of a scene size (A4/A3, either orientation), if it is one.
pub fn spec_of(size_pt: (f32, f32)) -> Option<PageSpec> {
    [Paper::A4, Paper::A3].into_iter().find_map(|paper| {
        [Orientation::Portrait, Orientation::Landscape]
            .into_iter()
            .map(|orientation| PageSpec { paper, orientation })
            .find(|s| {
                let (w, h) = s.size_pt();
                (w - size_pt.0).abs() < 0.5 && (h - size_pt.1).abs() < 0.5
            })
    })
}

fn draw(c: &mut Canvas, scene: &Scene) {
    for item in &scene.items {
        match item {
            Item::Area {
                rings,
                fill,
                stroke,
            } => {
                let line = stroke.map(|(s, w)| {
                    let (c, a) = rgb(s);
                    (c, w, a)
                });
                c.area(rings, fill.map(rgb), line);
            }
            Item::Line {
                pts,
                color,
                width,
                dash,
            } => {
                let (col, _) = rgb(*color);
                c.polyline(pts, col, *width, dash.as_deref());
            }
            Item::Circle {
                centre,
                r,
                fill,
                stroke,
            } => {
                let (x, y) = *centre;
                // A 32-gon is indistinguishable from a circle at symbol and catchment sizes
                // and keeps one code path with opacity.
                let ring: Vec<(f32, f32)> = (0..32)
                    .map(|i| {
                        let a = i as f32 / 32.0 * std::f32::consts::TAU;
                        (x + r * a.cos(), y + r * a.sin())
                    })
                    .collect();
                let line = stroke.map(|(s, w)| {
                    let (c, a) = rgb(s);
                    (c, w, a)
                });
                c.area(&[ring], fill.map(rgb), line);
            }
            Item::Text {
                x,
                y,
                size,
                weight,
                color,
                align,
                text,
            } => {
                let (col, _) = rgb(*color);
                match align {
                    Align::Left => c.text(*x, *y, *size, *weight, col, text),
                    Align::Centre => c.text_centre(*x, *y, *size, *weight, col, text),
                    Align::Right => c.text_right(*x, *y, *size, *weight, col, text),
                }
            }
            Item::Clip { x, y, w, h } => c.push_clip(*x, *y, *w, *h),
            Item::Unclip => c.pop(),
            Item::Image { x, y, w, h, image } => {
                c.image(*x, *y, *w, *h, image.width, image.height, &image.rgba);
            }
        }
    }
}
