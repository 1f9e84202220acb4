//! The basemap switcher: which tiles go over the vector basemap (OpenStreetMap online, an
//! offline pack, or none), where offline packs are found, and what attribution is shown.
//!
//! Choice: the user's [`Settings::basemap`], else automatic (first start): OpenStreetMap when
//! the network is on, an offline pack when it is off (`RISKATLAS_OFFLINE=1`) and one is
//! found, else vector only. A choice that cannot be honoured falls back the same way (OSM
//! while offline; a pack that is gone). Packs: `Settings::offline_pack`, then `*.mbtiles` /
//! `*.pmtiles` in `maps/` next to the executable, in `share/riskatlas/maps` of a Linux
//! package, in the current directory and in the user data directory ([`default_pack_dirs`]).
//! The vector basemap is drawn under every choice. `.mbtiles` packs use [`MbTilesSource`];
//! `.pmtiles` walkers' own `PmTiles` (256 px).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkers::{HeaderValue, HttpOptions, HttpTiles, PmTiles, Tiles, sources::OpenStreetMap};

use super::config::{self, AppConfig, Settings};
use super::mbtiles_source::{MbTilesSource, PackState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BasemapChoice {
    Osm,
    OfflinePack,
    VectorOnly,
}

pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";
pub const OSM_COPYRIGHT_URL: &str = "https://www.openstreetmap.org/copyright";

/// `maps/` next to the executable (the Windows installer puts the Albania pack there), the
/// packages' shared data folder beside `bin/` (`/usr/share/riskatlas/maps` for
/// `/usr/bin/riskatlas`; not on Windows), `maps/` in the current directory and in the user
/// data directory. All are only read.
pub fn default_pack_dirs(dirs: Option<&directories::ProjectDirs>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(exe_dir.join("maps"));
        if !cfg!(windows)
            && let Some(prefix) = exe_dir.parent()
        {
            out.push(prefix.join("share").join("riskatlas").join("maps"));
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        out.push(cwd.join("maps"));
    }
    if let Some(d) = dirs {
        out.push(d.data_dir().join("maps"));
    }
    out
}

pub fn is_pack(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mbtiles") || e.eq_ignore_ascii_case("pmtiles"))
}

/// The packs in `dirs`, each once, sorted by name within a folder.
pub fn discover_packs(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_pack(p))
            .collect();
        found.sort();
        for p in found {
            let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if !out
                .iter()
                .any(|q| std::fs::canonicalize(q).unwrap_or_else(|_| q.clone()) == key)
            {
                out.push(p);
            }
        }
    }
    out
}

enum Source {
    Osm(Box<HttpTiles>),
    MbTiles(Box<MbTilesSource>),
    PmTiles(Box<PmTiles>),
}

/// The tiles drawn over the vector basemap now, and what the menu needs to know.
pub struct Basemap {
    pub network: bool,
    /// What is actually shown (after fallbacks).
    pub active: BasemapChoice,
    /// Packs found at start-up plus the one the user chose.
    pub packs: Vec<PathBuf>,
    /// The pack in use (when `active` is `OfflinePack`).
    pub pack: Option<PathBuf>,
    source: Option<Source>,
}

impl Basemap {
    /// Finds packs and starts the source the settings ask for.
    pub fn new(config: &AppConfig, settings: &Settings, ctx: &egui::Context) -> Self {
        let mut b = Self {
            network: !config.offline,
            active: BasemapChoice::VectorOnly,
            packs: discover_packs(&config.pack_dirs),
            pack: None,
            source: None,
        };
        b.apply(config, settings, ctx);
        b
    }

    /// The choice `settings` lead to here (automatic or fallback as the module doc says).
    pub fn resolve(&self, settings: &Settings) -> (BasemapChoice, Option<PathBuf>) {
        let pack = settings
            .offline_pack
            .clone()
            .filter(|p| p.is_file())
            .or_else(|| self.packs.first().cloned());
        let fallback = match &pack {
            Some(p) => (BasemapChoice::OfflinePack, Some(p.clone())),
            None => (BasemapChoice::VectorOnly, None),
        };
        match settings.basemap {
            None | Some(BasemapChoice::Osm) if self.network => (BasemapChoice::Osm, None),
            None | Some(BasemapChoice::Osm) | Some(BasemapChoice::OfflinePack) => fallback,
            Some(BasemapChoice::VectorOnly) => (BasemapChoice::VectorOnly, None),
        }
    }

    /// (Re)starts the source after the settings changed; keeps a source that is unchanged.
    pub fn apply(&mut self, config: &AppConfig, settings: &Settings, ctx: &egui::Context) {
        if let Some(p) = settings.offline_pack.as_ref().filter(|p| p.is_file())
            && !self.packs.contains(p)
        {
            self.packs.insert(0, p.clone());
        }
        let (choice, pack) = self.resolve(settings);
        if choice == self.active
            && pack == self.pack
            && (self.source.is_some() || choice == BasemapChoice::VectorOnly)
        {
            return;
        }
        self.source = match (choice, &pack) {
            (BasemapChoice::Osm, _) => {
                let options = HttpOptions {
                    cache: config.tile_cache_dir.clone(),
                    user_agent: HeaderValue::from_str(config::USER_AGENT).ok(),
                    ..Default::default()
                };
                Some(Source::Osm(Box::new(HttpTiles::with_options(
                    OpenStreetMap,
                    options,
                    ctx.clone(),
                ))))
            }
            (BasemapChoice::OfflinePack, Some(p)) if is_pmtiles(p) => {
                Some(Source::PmTiles(Box::new(
                    PmTiles::with_style_and_tile_size(p, Default::default(), 256, ctx.clone()),
                )))
            }
            (BasemapChoice::OfflinePack, Some(p)) => Some(Source::MbTiles(Box::new(
                MbTilesSource::open(p, ctx.clone()),
            ))),
            _ => None,
        };
        self.active = choice;
        self.pack = pack;
    }

    /// The tiles to draw, if any.
    pub fn tiles(&mut self) -> Option<&mut dyn Tiles> {
        match self.source.as_mut()? {
            Source::Osm(t) => Some(t.as_mut()),
            Source::MbTiles(t) => Some(t.as_mut()),
            Source::PmTiles(t) => Some(t.as_mut()),
        }
    }

    pub fn has_tiles(&self) -> bool {
        self.source.is_some()
    }

    /// Why the offline pack could not be opened (once known), for an error message.
    pub fn pack_error(&mut self) -> Option<String> {
        match self.source.as_mut()? {
            Source::MbTiles(t) => match t.state() {
                PackState::Failed(reason) => Some(reason.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Drops a pack that failed to open (the vector basemap stays).
    pub fn drop_failed_pack(&mut self) {
        self.source = None;
        self.active = BasemapChoice::VectorOnly;
    }

    /// The attribution to show on the map and its link. The vector basemap itself is drawn
    /// from OpenStreetMap's coastline, so OSM's attribution stays when no tiles are shown.
    pub fn attribution(&mut self) -> (String, Option<&'static str>) {
        let osm = (OSM_ATTRIBUTION.to_string(), Some(OSM_COPYRIGHT_URL));
        match self.source.as_mut() {
            Some(Source::MbTiles(t)) => match t.state() {
                PackState::Ready { attribution, .. } if !attribution.is_empty() => {
                    (attribution.clone(), None)
                }
                _ => osm,
            },
            Some(Source::PmTiles(_)) => {
                let name = self
                    .pack
                    .as_deref()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().to_string());
                (
                    format!("{OSM_ATTRIBUTION} · {}", name.unwrap_or_default()),
                    Some(OSM_COPYRIGHT_URL),
                )
            }
            _ => osm,
        }
    }
}

fn is_pmtiles(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pmtiles"))
}
