//! Drawing on one PDF page: text in the embedded fonts, lines, polylines, polygons, circles,
//! raster images.
//! Points, origin top-left, y downwards (see the module doc).

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::TextDirection;

use super::fonts::PdfFonts;

/// Font weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const GREY: Rgb = Rgb(110, 110, 110);
    pub const LIGHT: Rgb = Rgb(225, 225, 225);

    fn paint(self) -> krilla::paint::Paint {
        rgb::Color::new(self.0, self.1, self.2).into()
    }
}

/// A page being drawn.
pub struct Canvas<'a, 'b> {
    surface: &'a mut Surface<'b>,
    fonts: &'a PdfFonts,
    size: (f32, f32),
}

impl<'a, 'b> Canvas<'a, 'b> {
    pub(crate) fn new(surface: &'a mut Surface<'b>, fonts: &'a PdfFonts, size: (f32, f32)) -> Self {
        Self {
            surface,
            fonts,
            size,
        }
    }

    /// Page width and height in points.
    pub fn size(&self) -> (f32, f32) {
        self.size
    }

    pub fn fonts(&self) -> &PdfFonts {
        self.fonts
    }

    /// Text with its baseline starting at (x, y).
    pub fn text(&mut self, x: f32, y: f32, size_pt: f32, weight: Weight, color: Rgb, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.surface.set_fill(Some(fill(color)));
        self.surface.set_stroke(None);
        let font = self.fonts.face(weight).clone();
        self.surface.draw_text(
            Point::from_xy(x, y),
            font,
            size_pt,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// Text whose baseline ends at (x, y) (right-aligned).
    pub fn text_right(&mut self, x: f32, y: f32, size_pt: f32, weight: Weight, c: Rgb, t: &str) {
        let w = self.fonts.width(t, size_pt, weight);
        self.text(x - w, y, size_pt, weight, c, t);
    }

    /// Text centred on x with its baseline at y.
    pub fn text_centre(&mut self, x: f32, y: f32, size_pt: f32, weight: Weight, c: Rgb, t: &str) {
        let w = self.fonts.width(t, size_pt, weight);
        self.text(x - w / 2.0, y, size_pt, weight, c, t);
    }

    /// A rectangle, filled and/or outlined.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill_c: Option<Rgb>,
        line: Option<(Rgb, f32)>,
    ) {
        self.polygon(
            &[(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
            fill_c,
            line,
        );
    }

    /// A closed polygon, filled and/or outlined.
    pub fn polygon(&mut self, pts: &[(f32, f32)], fill_c: Option<Rgb>, line: Option<(Rgb, f32)>) {
        if pts.len() < 3 {
            return;
        }
        let mut pb = PathBuilder::new();
        pb.move_to(pts[0].0, pts[0].1);
        for p in &pts[1..] {
            pb.line_to(p.0, p.1);
        }
        pb.close();
        self.draw(pb, fill_c, line.map(|(c, w)| stroke(c, w, None)));
    }

    /// An area of several rings (holes and islands by the even-odd rule), filled with an
    /// opacity (0–1) and/or outlined.
    pub fn area(
        &mut self,
        rings: &[Vec<(f32, f32)>],
        fill_c: Option<(Rgb, f32)>,
        line: Option<(Rgb, f32, f32)>,
    ) {
        let mut pb = PathBuilder::new();
        let mut any = false;
        for ring in rings.iter().filter(|r| r.len() >= 3) {
            pb.move_to(ring[0].0, ring[0].1);
            for p in &ring[1..] {
                pb.line_to(p.0, p.1);
            }
            pb.close();
            any = true;
        }
        if !any {
            return;
        }
        let Some(path) = pb.finish() else { return };
        self.surface.set_fill(fill_c.map(|(c, a)| Fill {
            paint: c.paint(),
            opacity: NormalizedF32::new(a.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
            rule: krilla::paint::FillRule::EvenOdd,
        }));
        self.surface.set_stroke(line.map(|(c, w, a)| Stroke {
            opacity: NormalizedF32::new(a.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE),
            ..stroke(c, w, None)
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// An open polyline; `dash` is an on/off pattern in points.
    pub fn polyline(&mut self, pts: &[(f32, f32)], color: Rgb, width: f32, dash: Option<&[f32]>) {
        if pts.len() < 2 {
            return;
        }
        let mut pb = PathBuilder::new();
        pb.move_to(pts[0].0, pts[0].1);
        for p in &pts[1..] {
            pb.line_to(p.0, p.1);
        }
        self.draw(pb, None, Some(stroke(color, width, dash)));
    }

    /// A straight line.
    pub fn line(&mut self, a: (f32, f32), b: (f32, f32), color: Rgb, width: f32) {
        self.polyline(&[a, b], color, width, None);
    }

    /// A circle, filled and/or outlined.
    pub fn circle(&mut self, c: (f32, f32), r: f32, fill_c: Option<Rgb>, line: Option<(Rgb, f32)>) {
        // Four cubic Béziers, the usual 0.5523 handle length.
        let k = 0.552_284_8 * r;
        let (x, y) = c;
        let mut pb = PathBuilder::new();
        pb.move_to(x + r, y);
        pb.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
        pb.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
        pb.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
        pb.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
        pb.close();
        self.draw(pb, fill_c, line.map(|(c, w)| stroke(c, w, None)));
    }

    /// Restricts drawing to a rectangle until [`Canvas::pop`].
    pub fn push_clip(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let mut pb = PathBuilder::new();
        pb.move_to(x, y);
        pb.line_to(x + w, y);
        pb.line_to(x + w, y + h);
        pb.line_to(x, y + h);
        pb.close();
        if let Some(path) = pb.finish() {
            self.surface.push_clip_path(&path, &Default::default());
        }
    }

    /// Straight RGBA pixels (`width_px × height_px`) stretched over a rectangle, drawn
    /// interpolated. Opaque pixels are embedded as one JPEG (quality 90: a tile mosaic of a
    /// map page is a few hundred kB instead of megabytes), others as PNG with their alpha.
    /// Pixels that cannot be encoded are skipped.
    #[allow(clippy::too_many_arguments)]
    pub fn image(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width_px: u32,
        height_px: u32,
        rgba: &[u8],
    ) {
        let Some(size) = krilla::geom::Size::from_wh(w, h) else {
            return;
        };
        let Some(image) = encode_image(width_px, height_px, rgba) else {
            return;
        };
        self.surface
            .push_transform(&krilla::geom::Transform::from_translate(x, y));
        self.surface.draw_image(image, size);
        self.surface.pop();
    }

    /// Ends the last [`Canvas::push_clip`].
    pub fn pop(&mut self) {
        self.surface.pop();
    }

    fn draw(&mut self, pb: PathBuilder, fill_c: Option<Rgb>, line: Option<Stroke>) {
        let Some(path) = pb.finish() else { return };
        self.surface.set_fill(fill_c.map(fill));
        self.surface.set_stroke(line);
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }
}

fn encode_image(width: u32, height: u32, rgba: &[u8]) -> Option<krilla::image::Image> {
    use image::ImageEncoder;
    if rgba.len() != width as usize * height as usize * 4 {
        return None;
    }
    let mut bytes = Vec::new();
    if rgba.chunks_exact(4).all(|p| p[3] == 255) {
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
            .ok()?;
        krilla::image::Image::from_jpeg(bytes.into(), true).ok()
    } else {
        image::codecs::png::PngEncoder::new(&mut bytes)
            .write_image(rgba, width, height, image::ExtendedColorType::Rgba8)
            .ok()?;
        krilla::image::Image::from_png(bytes.into(), true).ok()
    }
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: c.paint(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(c: Rgb, width: f32, dash: Option<&[f32]>) -> Stroke {
    Stroke {
        paint: c.paint(),
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.map(|d| StrokeDash {
            array: d.to_vec(),
            offset: 0.0,
        }),
        ..Default::default()
    }
}
