//! What the Print dialog's form holds: the layout being edited (template, title, elements,
//! layers, paper), which pages (Albania, one municipality, or an atlas of all of them), the
//! language of the page, PDF or PNG, the smallest count shown (k ≥ 5), the services' reach,
//! the explicit case-level choice, and whether basemap tiles (the screen's OpenStreetMap tile
//! cache, else the offline pack: [`TileInputs`]) go under the map. Pure data: the window edits
//! a copy and sends it back as a whole ([`super::print_job::PrintAction::SetForm`]).

use std::path::{Path, PathBuf};

use super::analysis_job::RunFailure;
use super::i18n::Language;
use super::tile_sources::BasemapChoice;
use crate::model::{Municipality, ServiceType};
use crate::privacy::MinCount;
use crate::render::print::layout::{PrintLayout, built_in};
use crate::render::print::pages::PageOptions;
use crate::render::print::project::PrintProject;
use crate::render::print::tile_pack::PrintTiles;

/// Which pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PrintArea {
    /// One page of all of Albania.
    #[default]
    Albania,
    /// One page of the municipality with this LAU code.
    Municipality(String),
    /// A national page, then one page per municipality (PDF only).
    Atlas,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintForm {
    pub layout: PrintLayout,
    pub area: PrintArea,
    pub albanian: bool,
    /// `None`: a vector PDF; else a PNG at 150 or 300 dpi.
    pub png_dpi: Option<u32>,
    /// Smallest count shown (at least 5).
    pub k: u32,
    pub reach_m: f64,
    pub types: Vec<ServiceType>,
    /// Draw every case as a point (CONFIDENTIAL, audited); cleared after each print.
    pub case_level: bool,
    /// Draw the offline pack's raster tiles under the map (when the app has a pack).
    pub tiles: bool,
}

impl Default for PrintForm {
    fn default() -> Self {
        Self {
            layout: built_in().remove(0),
            area: PrintArea::Albania,
            albanian: true,
            png_dpi: None,
            k: 5,
            reach_m: 2000.0,
            types: vec![ServiceType::DayCentre, ServiceType::ChildProtectionUnit],
            case_level: false,
            tiles: true,
        }
    }
}

impl PrintForm {
    pub fn language(&self) -> Language {
        if self.albanian {
            Language::Sq
        } else {
            Language::En
        }
    }

    /// The page the preview shows, and every page printed (an atlas: Albania first).
    pub fn areas<'a>(
        &self,
        p: &'a PrintProject,
    ) -> Result<(Option<&'a Municipality>, Vec<Option<&'a Municipality>>), RunFailure> {
        match &self.area {
            PrintArea::Albania => Ok((None, vec![None])),
            PrintArea::Municipality(code) => {
                let m = p
                    .municipality(code)
                    .map_err(|e| RunFailure::Failed(e.to_string()))?;
                Ok((Some(m), vec![Some(m)]))
            }
            PrintArea::Atlas => {
                if self.png_dpi.is_some() {
                    return Err(RunFailure::Failed(
                        "a PNG holds one page: print an atlas as PDF".into(),
                    ));
                }
                let all = std::iter::once(None)
                    .chain(p.municipalities.iter().map(Some))
                    .collect();
                Ok((None, all))
            }
        }
    }
}

/// The page options of the form (printed today), with the pack's tiles when the form wants
/// them and the app has a pack.
pub fn options(form: &PrintForm, tiles: Option<&PrintTiles>) -> PageOptions {
    PageOptions {
        layout: form.layout.clone(),
        albanian: form.albanian,
        types: form.types.clone(),
        reach_m: form.reach_m,
        // The window never lets k go below 5.
        k: MinCount::new(form.k.max(5)).unwrap_or_default(),
        printed_on: chrono::Local::now().format("%d.%m.%Y").to_string(),
        case_level: form.case_level,
        tiles: tiles.filter(|_| form.tiles).cloned(),
    }
}

/// Where printed tiles may come from: the app's OpenStreetMap tile cache (when the screen
/// shows OpenStreetMap, so the page looks like the screen) and an offline MBTiles pack.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TileInputs {
    pub cache: Option<PathBuf>,
    pub pack: Option<PathBuf>,
}

impl TileInputs {
    /// The inputs for what the screen shows now (`active`), the app's cache folder and its
    /// packs.
    pub fn new(active: BasemapChoice, cache_dir: Option<&Path>, pack: Option<PathBuf>) -> Self {
        let cache = cache_dir
            .filter(|_| active == BasemapChoice::Osm)
            .map(Path::to_path_buf);
        Self { cache, pack }
    }

    /// The sources opened for printing, the cache first; `None` when neither opens (the
    /// tiles box is then disabled and the vector basemap prints).
    pub fn open(&self) -> Option<PrintTiles> {
        let cache = self
            .cache
            .as_deref()
            .and_then(|d| PrintTiles::open_osm_cache(d).ok());
        let pack = self.pack.as_deref().and_then(|p| PrintTiles::open(p).ok());
        PrintTiles::chain(cache, pack)
    }
}

/// The offline pack printing may use: the one shown when it is an MBTiles pack, else the
/// first MBTiles pack found (`.pmtiles` packs are not printed).
pub fn print_pack(basemap: &super::tile_sources::Basemap) -> Option<PathBuf> {
    let mbtiles = |p: &&PathBuf| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("mbtiles"))
    };
    basemap
        .pack
        .iter()
        .chain(basemap.packs.iter())
        .find(mbtiles)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tile_cache_prints_only_when_the_screen_shows_openstreetmap() {
        let cache = Path::new("cache/tiles");
        let pack = Some(PathBuf::from("maps/albania.mbtiles"));
        let osm = TileInputs::new(BasemapChoice::Osm, Some(cache), pack.clone());
        assert_eq!(osm.cache.as_deref(), Some(cache));
        assert_eq!(osm.pack, pack);
        for shown in [BasemapChoice::OfflinePack, BasemapChoice::VectorOnly] {
            let t = TileInputs::new(shown, Some(cache), pack.clone());
            assert_eq!(t.cache, None, "{shown:?}");
            assert_eq!(t.pack, pack);
        }
        // Neither opens (no such files): no tiles, the box is disabled.
        assert!(osm.open().is_none());
    }
}
