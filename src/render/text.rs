//! Label text for tiles: the embedded DejaVu Sans Condensed font (Albanian ë, ç and the rest
//! of Latin Extended; licence in `assets/fonts/LICENSE-DejaVu.txt`), laid out on one line
//! with ab_glyph and turned into a tiny-skia path, so labels are filled and haloed with the
//! same anti-aliasing as the lines under them.
//!
//! Sizes are ab_glyph pixel heights (ascent − descent), as egui's font sizes are.

use ab_glyph::{Font, FontRef, OutlineCurve, PxScale, ScaleFont};
use tiny_skia::{Path, PathBuilder};

const FONT_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// The label font. Cheap to create (the bytes are static); shareable across threads.
pub struct LabelFont {
    font: FontRef<'static>,
}

impl std::fmt::Debug for LabelFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LabelFont(DejaVu Sans Condensed)")
    }
}

impl LabelFont {
    /// The embedded font. It is checked by the tests, so failing here is a build defect.
    pub fn embedded() -> Result<Self, ab_glyph::InvalidFont> {
        Ok(Self {
            font: FontRef::try_from_slice(FONT_TTF)?,
        })
    }

    /// The embedded bold face (titles of printed maps).
    pub fn embedded_bold() -> Result<Self, ab_glyph::InvalidFont> {
        Ok(Self {
            font: FontRef::try_from_slice(BOLD_TTF)?,
        })
    }

    /// Height of the glyphs above the baseline at `size` (pixels).
    pub fn ascent(&self, size: f32) -> f32 {
        self.font.as_scaled(PxScale::from(size)).ascent()
    }

    /// Width and height in pixels of `text` on one line at `size`.
    pub fn measure(&self, text: &str, size: f32) -> [f32; 2] {
        let scaled = self.font.as_scaled(PxScale::from(size));
        let mut width = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            prev = Some(id);
        }
        [width, scaled.height()]
    }

    /// The outline of `text` with its box's top-left corner at `(left, top)`, in pixels.
    /// `None` for text without visible glyphs.
    pub fn path(&self, text: &str, size: f32, left: f32, top: f32) -> Option<Path> {
        let scaled = self.font.as_scaled(PxScale::from(size));
        let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
        let baseline = top + scaled.ascent();
        let mut pb = PathBuilder::new();
        let mut x = left;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            if let Some(outline) = self.font.outline(id) {
                let at = |p: &ab_glyph::Point| (x + p.x * sx, baseline - p.y * sy);
                let mut last: Option<(f32, f32)> = None;
                for curve in &outline.curves {
                    let (start, end) = match curve {
                        OutlineCurve::Line(a, b) => (at(a), at(b)),
                        OutlineCurve::Quad(a, _, c) => (at(a), at(c)),
                        OutlineCurve::Cubic(a, _, _, d) => (at(a), at(d)),
                    };
                    // A new contour starts wherever a curve does not continue the last one.
                    if last.is_none_or(|l| {
                        (l.0 - start.0).abs() > 1e-3 || (l.1 - start.1).abs() > 1e-3
                    }) {
                        if last.is_some() {
                            pb.close();
                        }
                        pb.move_to(start.0, start.1);
                    }
                    match curve {
                        OutlineCurve::Line(_, _) => pb.line_to(end.0, end.1),
                        OutlineCurve::Quad(_, b, _) => {
                            let b = at(b);
                            pb.quad_to(b.0, b.1, end.0, end.1)
                        }
                        OutlineCurve::Cubic(_, b, c, _) => {
                            let (b, c) = (at(b), at(c));
                            pb.cubic_to(b.0, b.1, c.0, c.1, end.0, end.1)
                        }
                    }
                    last = Some(end);
                }
                if last.is_some() {
                    pb.close();
                }
            }
            x += scaled.h_advance(id);
            prev = Some(id);
        }
        pb.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn albanian_letters_have_glyphs_and_a_width() {
        let font = LabelFont::embedded().expect("embedded font parses");
        for c in ['ë', 'Ë', 'ç', 'Ç'] {
            assert_ne!(font.font.glyph_id(c).0, 0, "{c} has no glyph");
        }
        let [w, h] = font.measure("Korçë", 12.0);
        assert!(w > 20.0 && w < 45.0, "{w}");
        assert!((h - 12.0).abs() < 0.01);
        let path = font.path("Korçë", 12.0, 10.0, 20.0).expect("a path");
        let b = path.bounds();
        assert!(b.left() >= 9.0 && b.right() <= 10.0 + w + 1.0, "{b:?}");
        assert!(b.top() >= 19.0 && b.bottom() <= 33.0, "{b:?}");
        assert!(font.path("   ", 12.0, 0.0, 0.0).is_none());
    }
}
