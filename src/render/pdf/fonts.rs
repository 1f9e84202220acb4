//! The fonts embedded in every PDF: DejaVu Sans Condensed regular and bold (licence in
//! `assets/fonts/LICENSE-DejaVu.txt`). krilla embeds the subset of glyphs a document uses;
//! ab_glyph measures text with the same advances and kerning so layouts can align and fit it.

use ab_glyph::{Font as _, FontRef};
use krilla::text::Font;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

use super::PdfError;
use super::canvas::Weight;

/// Regular and bold faces, for drawing (krilla) and measuring (ab_glyph).
pub struct PdfFonts {
    pub(crate) regular: Font,
    pub(crate) bold: Font,
    measure_regular: FontRef<'static>,
    measure_bold: FontRef<'static>,
}

impl PdfFonts {
    /// The embedded faces. Checked by the tests, so failing here is a build defect.
    pub fn embedded() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Font::new(REGULAR_TTF.into(), 0).ok_or(PdfError::Font)?,
            bold: Font::new(BOLD_TTF.into(), 0).ok_or(PdfError::Font)?,
            measure_regular: FontRef::try_from_slice(REGULAR_TTF).map_err(|_| PdfError::Font)?,
            measure_bold: FontRef::try_from_slice(BOLD_TTF).map_err(|_| PdfError::Font)?,
        })
    }

    pub(crate) fn face(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width in points of `text` on one line at `size_pt` (the em size).
    pub fn width(&self, text: &str, size_pt: f32, weight: Weight) -> f32 {
        let font = match weight {
            Weight::Regular => &self.measure_regular,
            Weight::Bold => &self.measure_bold,
        };
        let upem = font.units_per_em().unwrap_or(2048.0);
        let mut units = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                units += font.kern_unscaled(p, id);
            }
            units += font.h_advance_unscaled(id);
            prev = Some(id);
        }
        units / upem * size_pt
    }

    /// `text` shortened with "…" so that it fits in `max_pt` (unchanged when it fits).
    pub fn fit(&self, text: &str, size_pt: f32, weight: Weight, max_pt: f32) -> String {
        if self.width(text, size_pt, weight) <= max_pt {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let s: String = chars.iter().collect::<String>() + "…";
            if self.width(&s, size_pt, weight) <= max_pt {
                return s;
            }
        }
        String::new()
    }
}
