//! Vector PDF output (core: no egui): pages of A4 or A3 in either orientation, drawn with
//! embedded, subset DejaVu Sans Condensed (regular and bold: Albanian ë, ç and the rest of
//! Latin Extended) through `krilla`.
//!
//! Units are PDF points (1/72 inch; [`mm`] converts), origin at the top-left corner of the
//! page, y downwards. [`PdfWriter`] opens pages; each page is drawn through a [`Canvas`]
//! (text, lines, polygons, circles). Layouts built on it: [`route_sheet`] (field-team route
//! sheets, issue 5). The print layouts of issue 6 are meant to grow here too.

pub mod canvas;
pub mod fonts;
pub mod route_plan_sheets;
pub mod route_sheet;
pub mod route_sheet_map;

pub use canvas::{Canvas, Rgb, Weight};
pub use fonts::PdfFonts;

use krilla::Document;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;

/// Millimetres to PDF points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Paper sizes the layouts support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A page format: paper and orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSpec {
    pub paper: Paper,
    pub orientation: Orientation,
}

impl PageSpec {
    pub const A4_PORTRAIT: PageSpec = PageSpec {
        paper: Paper::A4,
        orientation: Orientation::Portrait,
    };

    /// Width and height in points.
    pub fn size_pt(&self) -> (f32, f32) {
        let (w, h) = match self.paper {
            Paper::A4 => (mm(210.0), mm(297.0)),
            Paper::A3 => (mm(297.0), mm(420.0)),
        };
        match self.orientation {
            Orientation::Portrait => (w, h),
            Orientation::Landscape => (h, w),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded PDF fonts are unreadable")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Build(String),
}

/// A PDF being written: pages are added in order, then [`PdfWriter::finish`] returns the bytes.
pub struct PdfWriter {
    doc: Document,
    fonts: PdfFonts,
    pages: usize,
}

impl PdfWriter {
    /// A new document with a title (shown by PDF viewers) and the date it was made.
    pub fn new(title: &str, made: chrono::NaiveDateTime) -> Result<Self, PdfError> {
        use chrono::{Datelike, Timelike};
        let mut doc = Document::new();
        let date = DateTime::new(made.year().clamp(0, 9999) as u16)
            .month(made.month() as u8)
            .day(made.day() as u8)
            .hour(made.hour() as u8)
            .minute(made.minute() as u8);
        doc.set_metadata(
            Metadata::new()
                .title(title.to_string())
                .creator("Risk Atlas".to_string())
                .producer(format!("Risk Atlas {}", env!("CARGO_PKG_VERSION")))
                .creation_date(date),
        );
        Ok(Self {
            doc,
            fonts: PdfFonts::embedded()?,
            pages: 0,
        })
    }

    /// The fonts, for measuring text before drawing.
    pub fn fonts(&self) -> &PdfFonts {
        &self.fonts
    }

    /// Pages added so far.
    pub fn page_count(&self) -> usize {
        self.pages
    }

    /// Adds one page of `spec` and draws it with `draw`.
    pub fn page(&mut self, spec: PageSpec, draw: impl FnOnce(&mut Canvas)) -> Result<(), PdfError> {
        let (w, h) = spec.size_pt();
        let settings =
            PageSettings::from_wh(w, h).ok_or_else(|| PdfError::Build("page size".into()))?;
        let mut page = self.doc.start_page_with(settings);
        let mut surface = page.surface();
        {
            let mut canvas = Canvas::new(&mut surface, &self.fonts, (w, h));
            draw(&mut canvas);
        }
        surface.finish();
        page.finish();
        self.pages += 1;
        Ok(())
    }

    /// The finished PDF.
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        self.doc
            .finish()
            .map_err(|e| PdfError::Build(format!("{e:?}")))
    }
}
