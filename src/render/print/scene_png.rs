//! A [`Scene`] rasterised to PNG at a resolution in dots per inch (150 or 300 for print): the
//! page is scaled by dpi / 72, areas filled by the even-odd rule, lines and circles
//! anti-aliased, text drawn as glyph outlines of the same DejaVu faces as the PDF, so both
//! outputs match; a raster image (the tile mosaic) is drawn scaled into its rectangle with
//! bicubic filtering. White paper under everything. O(items + pixels).

use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform,
};

use super::{Align, Item, PrintError, Rgba, Scene, Weight};
use crate::render::text::LabelFont;

/// The largest page the rasteriser accepts (pixels per side): A3 at 300 dpi is 4961.
const MAX_SIDE_PX: u32 = 10_000;

fn paint(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.0, c.1, c.2, c.3);
    p.anti_alias = true;
    p
}

/// The page as PNG bytes at `dpi`.
pub fn render_png(scene: &Scene, dpi: u32) -> Result<Vec<u8>, PrintError> {
    let pixmap = render(scene, dpi)?;
    pixmap
        .encode_png()
        .map_err(|e| PrintError::Raster(e.to_string()))
}

/// The page as pixels at `dpi`.
pub fn render(scene: &Scene, dpi: u32) -> Result<Pixmap, PrintError> {
    let k = dpi as f32 / 72.0;
    let (w, h) = (
        (scene.size_pt.0 * k).round() as u32,
        (scene.size_pt.1 * k).round() as u32,
    );
    if !(1..=MAX_SIDE_PX).contains(&w) || !(1..=MAX_SIDE_PX).contains(&h) {
        return Err(PrintError::Raster(format!(
            "{w} × {h} pixels: choose a lower resolution"
        )));
    }
    let mut pm = Pixmap::new(w, h).ok_or_else(|| PrintError::Raster("no memory".into()))?;
    pm.fill(tiny_skia::Color::WHITE);
    let fonts = (
        LabelFont::embedded().map_err(|e| PrintError::Raster(e.to_string()))?,
        LabelFont::embedded_bold().map_err(|e| PrintError::Raster(e.to_string()))?,
    );
    let t = Transform::from_scale(k, k);
    let mut clips: Vec<Option<tiny_skia::Mask>> = Vec::new();
    for item in &scene.items {
        let mask = clips.last().and_then(|m| m.as_ref());
        match item {
            Item::Area {
                rings,
                fill,
                stroke,
            } => {
                let mut pb = PathBuilder::new();
                for r in rings.iter().filter(|r| r.len() >= 3) {
                    pb.move_to(r[0].0, r[0].1);
                    for p in &r[1..] {
                        pb.line_to(p.0, p.1);
                    }
                    pb.close();
                }
                if let Some(path) = pb.finish() {
                    if let Some(f) = fill {
                        pm.fill_path(&path, &paint(*f), FillRule::EvenOdd, t, mask);
                    }
                    if let Some((c, w)) = stroke {
                        pm.stroke_path(&path, &paint(*c), &line_stroke(*w, None), t, mask);
                    }
                }
            }
            Item::Line {
                pts,
                color,
                width,
                dash,
            } => {
                if pts.len() < 2 {
                    continue;
                }
                let mut pb = PathBuilder::new();
                pb.move_to(pts[0].0, pts[0].1);
                for p in &pts[1..] {
                    pb.line_to(p.0, p.1);
                }
                if let Some(path) = pb.finish() {
                    let s = line_stroke(*width, dash.as_deref());
                    pm.stroke_path(&path, &paint(*color), &s, t, mask);
                }
            }
            Item::Circle {
                centre,
                r,
                fill,
                stroke,
            } => {
                if let Some(path) = PathBuilder::from_circle(centre.0, centre.1, r.max(0.01)) {
                    if let Some(f) = fill {
                        pm.fill_path(&path, &paint(*f), FillRule::Winding, t, mask);
                    }
                    if let Some((c, w)) = stroke {
                        pm.stroke_path(&path, &paint(*c), &line_stroke(*w, None), t, mask);
                    }
                }
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
                let font = if *weight == Weight::Bold {
                    &fonts.1
                } else {
                    &fonts.0
                };
                // Glyph outlines at the final pixel size, for crisp hinting-free text.
                let px = size * k;
                let width = font.measure(text, px)[0];
                let left = x * k
                    - match align {
                        Align::Left => 0.0,
                        Align::Centre => width / 2.0,
                        Align::Right => width,
                    };
                let top = y * k - font.ascent(px);
                if let Some(path) = font.path(text, px, left, top) {
                    pm.fill_path(
                        &path,
                        &paint(*color),
                        FillRule::Winding,
                        Transform::identity(),
                        mask,
                    );
                }
            }
            Item::Clip { x, y, w, h } => {
                let mut m = tiny_skia::Mask::new(pm.width(), pm.height());
                if let (Some(m), Some(rect)) = (m.as_mut(), Rect::from_xywh(*x, *y, *w, *h)) {
                    let path = PathBuilder::from_rect(rect);
                    m.fill_path(&path, FillRule::Winding, true, t);
                }
                clips.push(m);
            }
            Item::Unclip => {
                clips.pop();
            }
            Item::Image { x, y, w, h, image } => {
                if let Some(src) = premultiplied(image) {
                    let sx = w / image.width as f32;
                    let sy = h / image.height as f32;
                    let at = t.pre_translate(*x, *y).pre_scale(sx, sy);
                    let paint = tiny_skia::PixmapPaint {
                        quality: tiny_skia::FilterQuality::Bicubic,
                        ..Default::default()
                    };
                    pm.draw_pixmap(0, 0, src.as_ref(), &paint, at, mask);
                }
            }
        }
    }
    Ok(pm)
}

/// The image as a tiny-skia pixmap (premultiplied alpha).
fn premultiplied(image: &super::RasterImage) -> Option<Pixmap> {
    let data = image
        .rgba
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let m = |c: u8| ((u16::from(c) * a + 127) / 255) as u8;
            [m(p[0]), m(p[1]), m(p[2]), p[3]]
        })
        .collect();
    Pixmap::from_vec(
        data,
        tiny_skia::IntSize::from_wh(image.width, image.height)?,
    )
}

fn line_stroke(width: f32, dash: Option<&[f32]>) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.and_then(|d| StrokeDash::new(d.to_vec(), 0.0)),
        ..Stroke::default()
    }
}
