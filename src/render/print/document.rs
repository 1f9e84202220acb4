//! A whole printed document from a [`PrintProject`]: one page per area, as a vector PDF (any
//! number of pages) or a PNG (one page at 150/300 dpi), with progress per page and Cancel
//! between pages; and the low-resolution preview of one page the app shows. The CLI's
//! `riskatlas print` and the app's Print dialog both come here, so they print the same thing.
//!
//! Cost: composing a page is O(cases in the area + basemap vertices); the 62-page atlas of
//! the demo takes about 1.3 s in release.

use super::PrintError;
use super::map_page::compose;
use super::pages::PageOptions;
use super::project::PrintProject;
use super::{scene_pdf, scene_png};
use crate::model::Municipality;
use crate::progress::Progress;
use crate::render::pdf::{PdfFonts, PdfWriter};

/// The output's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Png { dpi: u32 },
}

/// A finished document, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The PNG's size in pixels.
    pub size_px: Option<(u32, u32)>,
}

/// Renders one page per entry of `areas` (`None`: all of Albania). A PNG holds one page:
/// more than one area is refused.
pub fn render(
    project: &PrintProject,
    areas: &[Option<&Municipality>],
    o: &PageOptions,
    title: &str,
    format: Format,
    progress: &dyn Progress,
) -> Result<Rendered, PrintError> {
    if areas.is_empty() {
        return Err(PrintError::Layout(
            "nothing to print: no page chosen".into(),
        ));
    }
    let now = chrono::Local::now().naive_local();
    let mut writer = PdfWriter::new(title, now)?;
    let mut png = None;
    for (i, area) in areas.iter().enumerate() {
        progress.step("pages", i as u64, areas.len() as u64);
        if progress.is_cancelled() {
            return Err(PrintError::Cancelled);
        }
        let page = project.page(*area, o);
        let scene = compose(&page, writer.fonts());
        match format {
            Format::Pdf => scene_pdf::add_page(&mut writer, page.page, &scene)?,
            Format::Png { dpi } => {
                if areas.len() > 1 {
                    return Err(PrintError::Layout(
                        "a PNG holds one page: print an atlas as PDF".into(),
                    ));
                }
                if ![150, 300].contains(&dpi) {
                    return Err(PrintError::Layout(format!("{dpi} dpi: use 150 or 300")));
                }
                let pm = scene_png::render(&scene, dpi)?;
                png = Some(((pm.width(), pm.height()), pm.encode_png()));
            }
        }
    }
    progress.step("pages", areas.len() as u64, areas.len() as u64);
    let (bytes, size_px) = match png {
        Some((size, encoded)) => (
            encoded.map_err(|e| PrintError::Raster(e.to_string()))?,
            Some(size),
        ),
        None => (writer.finish()?, None),
    };
    Ok(Rendered {
        bytes,
        pages: areas.len(),
        size_px,
    })
}

/// One page as straight RGBA pixels at `dpi` (the app's preview: 40–72 dpi keeps it fast).
pub fn preview(
    project: &PrintProject,
    area: Option<&Municipality>,
    o: &PageOptions,
    dpi: u32,
) -> Result<(u32, u32, Vec<u8>), PrintError> {
    let fonts = PdfFonts::embedded()?;
    let page = project.page(area, o);
    let scene = compose(&page, &fonts);
    let pm = scene_png::render(&scene, dpi)?;
    let (w, h) = (pm.width(), pm.height());
    // tiny-skia keeps premultiplied alpha; pages are opaque, but demultiply to be exact.
    let rgba = pm
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok((w, h, rgba))
}

/// Writes `bytes` to `path` atomically (never a half-written file).
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), PrintError> {
    crate::io::atomic::write_atomic::<std::io::Error>(path, |w| {
        use std::io::Write;
        w.write_all(bytes)
    })
    .map_err(|source| PrintError::Write {
        path: path.to_path_buf(),
        source,
    })
}
