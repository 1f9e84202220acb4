//! Print layouts saved in the project: a template (coverage, mines, coastal) with the user's
//! own title and subtitle, the page elements switched on or off, the template's layers left
//! out, and the paper. The three built-in layouts are always offered; a saved layout of the
//! same name replaces the built-in one in the list.
//!
//! Stored as one JSON array in the project's `ra_meta('print_layouts')`, written in a
//! transaction; the sources and attributions and the confidentiality marking cannot be
//! switched off (licences; children's data).

use serde::{Deserialize, Serialize};

use super::PrintError;
use super::pages::Template;
use crate::render::pdf::{Orientation, PageSpec, Paper};
use crate::store::ProjectStore;

/// The project metadata key holding the saved layouts.
pub const META_KEY: &str = "print_layouts";

/// The layers each template draws, by key (see `PrintLayer::key`), in drawing order.
pub fn layer_keys(t: Template) -> &'static [&'static str] {
    match t {
        Template::Coverage => &["hexagons", "reach", "services", "outline"],
        Template::Mines { .. } => &[
            "mine_band",
            "mines",
            "hexagons",
            "reach",
            "services",
            "outline",
        ],
        Template::Coastal { .. } => &["hotspots", "hexagons", "reach", "services", "outline"],
    }
}

/// The printed density surface: its kernel radius.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DensityOptions {
    pub radius_m: f64,
}

impl Default for DensityOptions {
    fn default() -> Self {
        Self { radius_m: 1000.0 }
    }
}

/// Which elements a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Elements {
    pub legend: bool,
    pub scale_bar: bool,
    pub north_arrow: bool,
    pub inset: bool,
    /// The indicators table.
    pub table: bool,
}

impl Default for Elements {
    fn default() -> Self {
        Self {
            legend: true,
            scale_bar: true,
            north_arrow: true,
            inset: true,
            table: true,
        }
    }
}

/// A layout as saved in the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintLayout {
    pub name: String,
    pub template: Template,
    /// Replaces the template's title; `{area}` becomes the municipality (or Albania).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub elements: Elements,
    /// Keys of the template's layers not drawn.
    #[serde(default)]
    pub hidden_layers: Vec<String>,
    /// Project layers drawn over the template's, with their on-screen styles (table names;
    /// only kinds `styled::printable` allows).
    #[serde(default)]
    pub extra_layers: Vec<String>,
    /// The cases' kernel density under the layers (`super::density`), if wanted.
    #[serde(default)]
    pub density: Option<DensityOptions>,
    #[serde(default)]
    pub a3: bool,
    #[serde(default)]
    pub landscape: bool,
}

impl PrintLayout {
    /// A layout with the template's defaults.
    pub fn new(name: &str, template: Template) -> Self {
        Self {
            name: name.to_string(),
            template,
            title: None,
            subtitle: None,
            elements: Elements::default(),
            hidden_layers: Vec::new(),
            extra_layers: Vec::new(),
            density: None,
            a3: false,
            landscape: true,
        }
    }

    pub fn page_spec(&self) -> PageSpec {
        PageSpec {
            paper: if self.a3 { Paper::A3 } else { Paper::A4 },
            orientation: if self.landscape {
                Orientation::Landscape
            } else {
                Orientation::Portrait
            },
        }
    }

    /// Whether the layer `key` is drawn.
    pub fn shows(&self, key: &str) -> bool {
        !self.hidden_layers.iter().any(|h| h == key)
    }
}

/// The built-in layouts: coverage, mine risk (3 km band), summer coast (July).
pub fn built_in() -> Vec<PrintLayout> {
    vec![
        PrintLayout::new("coverage", Template::Coverage),
        PrintLayout::new("mines", Template::Mines { band_m: 3000.0 }),
        PrintLayout::new("coastal", Template::Coastal { month: 7 }),
    ]
}

/// The layouts saved in the project (none when it has none).
pub fn saved(store: &ProjectStore) -> Result<Vec<PrintLayout>, PrintError> {
    match store.meta(META_KEY)? {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            PrintError::Layout(format!(
                "the print layouts saved in the project cannot be read ({e})"
            ))
        }),
    }
}

/// The built-in layouts followed by the saved ones; a saved layout replaces a built-in one of
/// the same name.
pub fn all(store: &ProjectStore) -> Result<Vec<PrintLayout>, PrintError> {
    let saved = saved(store)?;
    let mut out: Vec<PrintLayout> = built_in()
        .into_iter()
        .filter(|b| !saved.iter().any(|s| s.name == b.name))
        .collect();
    out.extend(saved);
    Ok(out)
}

/// Saves `layout` in the project (replacing the saved layout of the same name), in one
/// transaction.
pub fn save(store: &mut ProjectStore, layout: &PrintLayout) -> Result<(), PrintError> {
    if layout.name.trim().is_empty() {
        return Err(PrintError::Layout("a print layout needs a name".into()));
    }
    let mut list = saved(store)?;
    match list.iter_mut().find(|l| l.name == layout.name) {
        Some(old) => *old = layout.clone(),
        None => list.push(layout.clone()),
    }
    let json = serde_json::to_string(&list)
        .map_err(|e| PrintError::Layout(format!("cannot save the print layout: {e}")))?;
    store.write(|tx| tx.set_meta(META_KEY, &json))?;
    Ok(())
}

/// The layout called `name` (built-in or saved).
pub fn find(store: &ProjectStore, name: &str) -> Result<PrintLayout, PrintError> {
    all(store)?
        .into_iter()
        .find(|l| l.name == name)
        .ok_or_else(|| PrintError::Layout(format!("no print layout named '{name}' in the project")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_layouts_replace_built_ins_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Projekt ë.gpkg");
        let mut store = crate::demo::write_demo(&path).unwrap();
        assert_eq!(all(&store).unwrap().len(), 3);
        let mut l = PrintLayout::new("mines", Template::Mines { band_m: 5000.0 });
        l.title = Some("Minierat — {area}".into());
        l.elements.inset = false;
        l.hidden_layers = vec!["reach".into()];
        save(&mut store, &l).unwrap();
        save(
            &mut store,
            &PrintLayout::new("Durrës", Template::Coastal { month: 8 }),
        )
        .unwrap();
        drop(store);
        let store = ProjectStore::open(&path).unwrap();
        let list = all(&store).unwrap();
        let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["coverage", "coastal", "mines", "Durrës"]);
        let mines = find(&store, "mines").unwrap();
        assert_eq!(mines, l);
        assert!(!mines.shows("reach") && mines.shows("mines"));
        assert!(find(&store, "nope").is_err());
    }

    #[test]
    fn unreadable_layouts_are_a_clear_error_and_nameless_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::demo::write_demo(&dir.path().join("p.gpkg")).unwrap();
        let err = save(&mut store, &PrintLayout::new(" ", Template::Coverage)).unwrap_err();
        assert!(err.to_string().contains("name"), "{err}");
        store
            .write(|tx| tx.set_meta(META_KEY, "{not json"))
            .unwrap();
        let err = all(&store).unwrap_err().to_string();
        assert!(err.contains("print layouts"), "{err}");
    }
}
