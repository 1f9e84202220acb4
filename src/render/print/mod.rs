//! Printed maps (issue 6; core: no egui): a page is first composed as a [`Scene`] — a flat
//! list of drawing items in PDF points (1/72 inch, origin top-left, y down) — and the same
//! scene is then written as a vector PDF ([`scene_pdf`], through `render::pdf` with embedded
//! fonts) or rasterised to PNG at 150/300 dpi ([`scene_png`], tiny-skia with the same
//! DejaVu faces), so the PDF and the PNG of a map show exactly the same thing.
//!
//! [`frame::MapFrame`] fits a WGS84 extent into the page's map rectangle in Web Mercator (the
//! projection of the screen map and the tiles) and gives the true scale at its centre for the
//! scale bar; [`map_page`] lays out a map page (title, subtitle, map, legend, scale bar, north
//! arrow, inset of Albania, dates, sources, confidentiality marking).

pub mod coverage;
pub mod density;
pub mod document;
pub mod frame;
pub mod layout;
pub mod map_layers;
pub mod map_page;
mod page_furniture;
pub mod pages;
pub mod panel;
pub mod project;
pub mod scene_pdf;
pub mod scene_png;
pub mod styled;
pub mod themes;
pub mod tile_cache;
pub mod tile_pack;
pub mod tiles;
pub mod titles;

pub use crate::render::pdf::Weight;

/// A straight sRGB colour with alpha (255 = opaque).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    pub const BLACK: Rgba = Rgba(0, 0, 0, 255);
    pub const WHITE: Rgba = Rgba(255, 255, 255, 255);
    pub const GREY: Rgba = Rgba(110, 110, 110, 255);

    pub const fn opaque(r: u8, g: u8, b: u8) -> Rgba {
        Rgba(r, g, b, 255)
    }

    /// The same colour with another alpha.
    pub const fn with_alpha(self, a: u8) -> Rgba {
        Rgba(self.0, self.1, self.2, a)
    }
}

/// How a text's anchor point relates to it (the anchor's y is always the baseline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// One thing drawn on a page, in points.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Rings filled by the even-odd rule (holes, islands) and/or outlined.
    Area {
        rings: Vec<Vec<(f32, f32)>>,
        fill: Option<Rgba>,
        stroke: Option<(Rgba, f32)>,
    },
    Line {
        pts: Vec<(f32, f32)>,
        color: Rgba,
        width: f32,
        /// On/off lengths in points.
        dash: Option<Vec<f32>>,
    },
    Circle {
        centre: (f32, f32),
        r: f32,
        fill: Option<Rgba>,
        stroke: Option<(Rgba, f32)>,
    },
    /// One line of text; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgba,
        align: Align,
        text: String,
    },
    /// Drawing is restricted to this rectangle until the matching [`Item::Unclip`].
    Clip {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Unclip,
    /// A raster image stretched over a rectangle (the basemap tile mosaic).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: RasterImage,
    },
}

/// Straight (not premultiplied) sRGB RGBA pixels, row by row from the top; shared, so
/// cloning a scene does not copy them.
#[derive(Clone, PartialEq, Eq)]
pub struct RasterImage {
    pub width: u32,
    pub height: u32,
    pub rgba: std::sync::Arc<Vec<u8>>,
}

impl RasterImage {
    /// `None` unless `rgba` holds exactly `width × height` pixels (both above 0).
    pub fn new(width: u32, height: u32, rgba: Vec<u8>) -> Option<Self> {
        (width > 0 && height > 0 && rgba.len() == width as usize * height as usize * 4).then(|| {
            Self {
                width,
                height,
                rgba: std::sync::Arc::new(rgba),
            }
        })
    }

    /// Every pixel fully opaque.
    pub fn is_opaque(&self) -> bool {
        self.rgba.chunks_exact(4).all(|p| p[3] == 255)
    }
}

impl std::fmt::Debug for RasterImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RasterImage({} × {} px)", self.width, self.height)
    }
}

/// A composed page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// Width and height in points.
    pub size_pt: (f32, f32),
    pub items: Vec<Item>,
}

impl Scene {
    pub fn new(size_pt: (f32, f32)) -> Self {
        Self {
            size_pt,
            items: Vec::new(),
        }
    }

    /// Every text on the page, in order (tests and the privacy checks read it).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, align: Align, t: &str) {
        self.items.push(Item::Text {
            x,
            y,
            size,
            weight,
            color: Rgba::BLACK,
            align,
            text: t.to_string(),
        });
    }

    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgba>,
        stroke: Option<(Rgba, f32)>,
    ) {
        self.items.push(Item::Area {
            rings: vec![vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)]],
            fill,
            stroke,
        });
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Pdf(#[from] crate::render::pdf::PdfError),
    #[error("the page could not be rasterised: {0}")]
    Raster(String),
    #[error("{0}")]
    Layout(String),
    #[error("{} does not exist", .0.display())]
    NoFile(std::path::PathBuf),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error(transparent)]
    Indicators(#[from] crate::analysis::indicators::IndicatorError),
    #[error("the project has no municipalities layer (printing needs one)")]
    NoMunicipalities,
    #[error("no municipality named '{0}' in the project")]
    UnknownMunicipality(String),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cancelled")]
    Cancelled,
}
