//! How the app is configured at start-up ([`AppConfig`]) and what it remembers between runs
//! ([`Settings`]).
//!
//! `AppConfig` comes from the environment: `RISKATLAS_OFFLINE=1` turns off the HTTP tile
//! source (tests and CI have no network), and the per-user directories come from
//! `directories::ProjectDirs::from("al", "ASHMDF", "RiskAtlas")`. `Settings` (language, last
//! project, background tiles on/off, basemap choice) are a small JSON file in the user's
//! config directory; tests pass no settings path, so nothing is written. Offline tile packs
//! are looked for in `AppConfig::pack_dirs` (see `tile_sources::default_pack_dirs`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::i18n::Language;

/// The User-Agent sent with every tile request (OSM's tile policy asks for an identifying one).
pub const USER_AGENT: &str = concat!(
    "RiskAtlas/",
    env!("CARGO_PKG_VERSION"),
    " (child-protection planning, Albania)"
);

/// Start-up configuration: not persisted.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// No HTTP tiles at all (the vector basemap from the project is drawn alone).
    pub offline: bool,
    /// On-disk HTTP cache for tiles (`<user cache dir>/tiles`), `None` for no disk cache.
    pub tile_cache_dir: Option<PathBuf>,
    /// Where [`Settings`] are read and written; `None` keeps them in memory only.
    pub settings_path: Option<PathBuf>,
    /// Folders searched for offline tile packs (`*.mbtiles`, `*.pmtiles`), in order.
    pub pack_dirs: Vec<PathBuf>,
}

impl AppConfig {
    /// The configuration of the real desktop app: user directories, and offline when the
    /// environment variable `RISKATLAS_OFFLINE` is set to anything but `0`/empty.
    pub fn from_env() -> Self {
        let dirs = directories::ProjectDirs::from("al", "ASHMDF", "RiskAtlas");
        Self {
            offline: offline_from_env(std::env::var("RISKATLAS_OFFLINE").ok().as_deref()),
            tile_cache_dir: dirs.as_ref().map(|d| d.cache_dir().join("tiles")),
            settings_path: dirs.as_ref().map(|d| d.config_dir().join("settings.json")),
            pack_dirs: super::tile_sources::default_pack_dirs(dirs.as_ref()),
        }
    }

    /// Offline, no disk cache, no settings file, no tile packs: what tests use.
    pub fn for_test() -> Self {
        Self {
            offline: true,
            tile_cache_dir: None,
            settings_path: None,
            pack_dirs: Vec::new(),
        }
    }
}

fn offline_from_env(value: Option<&str>) -> bool {
    matches!(value.map(str::trim), Some(v) if !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// What the app remembers between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub language: Language,
    pub last_project: Option<PathBuf>,
    /// Draw OpenStreetMap tiles over the vector basemap (when online).
    pub show_tiles: bool,
    pub tiles_opacity: f32,
    pub show_layers_panel: bool,
    pub show_legend: bool,
    /// Projects opened recently, most recent first, at most `recent::MAX_RECENT`.
    pub recent_projects: Vec<PathBuf>,
    /// The basemap the user chose; `None` until they choose (then it is picked automatically:
    /// OpenStreetMap when online, else an offline pack if one is found, else vector only).
    pub basemap: Option<super::tile_sources::BasemapChoice>,
    /// The offline pack chosen with "Choose offline pack..." (else the first one found).
    pub offline_pack: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::Sq,
            last_project: None,
            show_tiles: true,
            tiles_opacity: 1.0,
            show_layers_panel: true,
            show_legend: true,
            recent_projects: Vec::new(),
            basemap: None,
            offline_pack: None,
        }
    }
}

impl Settings {
    /// Reads settings; a missing or unreadable file gives the defaults (never an error: a
    /// broken settings file must not stop the app from starting).
    pub fn load(path: Option<&Path>) -> Self {
        path.and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes settings (creating the directory); errors are returned for the caller to log.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("json.partial");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_flag_reads_common_spellings() {
        assert!(offline_from_env(Some("1")));
        assert!(offline_from_env(Some("yes")));
        assert!(!offline_from_env(Some("0")));
        assert!(!offline_from_env(Some("")));
        assert!(!offline_from_env(Some("false")));
        assert!(!offline_from_env(None));
    }

    #[test]
    fn settings_round_trip_and_survive_garbage() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("settings.json");
        assert_eq!(Settings::load(Some(&path)), Settings::default());
        let s = Settings {
            language: Language::En,
            last_project: Some(PathBuf::from("/x/y.gpkg")),
            ..Settings::default()
        };
        s.save(&path).expect("save");
        assert_eq!(Settings::load(Some(&path)), s);
        std::fs::write(&path, "{ not json").expect("write");
        assert_eq!(Settings::load(Some(&path)), Settings::default());
    }

    #[test]
    fn user_agent_names_the_app_and_purpose() {
        assert!(USER_AGENT.starts_with("RiskAtlas/"));
        assert!(USER_AGENT.contains("child-protection"));
    }
}
