//! The project as printed pages need it, read once for any number of pages: the records
//! (municipalities, cases, services, mines, hotspots), the vector basemap with the project's
//! attributions, and the municipal indicators with their table-wide suppression marks (the
//! cells of `riskatlas indicators`, so a printed table never reveals more than the CSV).
//!
//! Reading is split in two so the app can do the file part on its project worker (which holds
//! the open file) and the computing on a background task: [`ProjectRecords::read`] (SQLite
//! reads only), then [`PrintProject::build`] (point-in-polygon for records without a
//! municipality and the indicators: O(n log m) in cases n and municipalities m).
//! The CLI does both through [`PrintProject::read`].

use std::path::Path;

use geo::Point;

use super::PrintError;
use super::styled::{StyledLayer, printable};
use crate::analysis::indicators::{IndicatorConfig, Indicators, municipal_indicators};
use crate::demo;
use crate::io::indicators_csv::{RowMarks, table_marks};
use crate::model::{
    Case, CaseFilter, Hotspot, LayerKind, LayerStyle, MinePerimeter, Municipality, Service,
};
use crate::privacy::MinCount;
use crate::progress::Progress;
use crate::render::BasemapData;
use crate::store::ProjectStore;

/// What the pages read from the project file.
pub struct ProjectRecords {
    pub municipalities: Vec<Municipality>,
    pub cases: Vec<Case>,
    pub services: Vec<Service>,
    pub mines: Vec<MinePerimeter>,
    pub hotspots: Vec<Hotspot>,
    pub basemap: BasemapData,
    /// The attributions printed in the footer.
    pub sources: Vec<String>,
    /// Layers a layout may add (analysis results, candidates…), with their styles.
    pub layers: Vec<StyledLayer>,
}

impl ProjectRecords {
    pub fn read(store: &ProjectStore) -> Result<Self, PrintError> {
        let (basemap, sources) = project_basemap(Some(store))?;
        let mut layers = Vec::new();
        for info in store.layers()? {
            if !printable(info.kind) {
                continue;
            }
            let data = store.read_layer(&info.name)?;
            let style = info
                .style_json
                .as_deref()
                .and_then(LayerStyle::from_json)
                .unwrap_or_else(|| LayerStyle::default_for(&data));
            layers.push(StyledLayer {
                data,
                style,
                title: info.title,
            });
        }
        Ok(Self {
            layers,
            municipalities: store.read_records(LayerKind::Municipalities)?,
            cases: store.read_records(LayerKind::Cases)?,
            services: store.read_records(LayerKind::Services)?,
            mines: store.read_records(LayerKind::Mines)?,
            hotspots: store.read_records(LayerKind::Hotspots)?,
            basemap,
            sources,
        })
    }
}

/// The project, ready for pages (see the module doc).
pub struct PrintProject {
    pub municipalities: Vec<Municipality>,
    pub(super) cases: Vec<Case>,
    pub(super) services: Vec<Service>,
    pub(super) mines: Vec<MinePerimeter>,
    pub(super) hotspots: Vec<Hotspot>,
    /// Settlements (embedded OpenStreetMap places) for the mine access points.
    pub(super) settlements: Vec<Point<f64>>,
    pub basemap: BasemapData,
    pub(super) sources: Vec<String>,
    /// Project layers a layout may add.
    pub layers: Vec<StyledLayer>,
    pub(super) indicators: Indicators,
    pub(super) marks: Vec<RowMarks>,
    pub(super) k: MinCount,
    /// The period of the project's cases, first to latest identified ("dd.mm.yyyy –
    /// dd.mm.yyyy"), or "–".
    pub data_date: String,
    /// The reach of services used by the indicators, metres.
    pub reach_m: f64,
    /// Which cases the pages count (the map's filter in the app; all by default); said on
    /// every page under the subtitle.
    pub filter: CaseFilter,
}

impl PrintProject {
    /// Opens the project file, reads it and builds (the CLI's path).
    pub fn read(
        path: &Path,
        reach_m: f64,
        k: MinCount,
        filter: &CaseFilter,
        progress: &dyn Progress,
    ) -> Result<Self, PrintError> {
        if !path.exists() {
            return Err(PrintError::NoFile(path.to_path_buf()));
        }
        let store = ProjectStore::open(path)?;
        let records = ProjectRecords::read(&store)?;
        drop(store);
        Self::build(records, reach_m, k, filter, progress)
    }

    /// Places records without a municipality, keeps the cases `filter` accepts and computes
    /// the indicators of those.
    pub fn build(
        records: ProjectRecords,
        reach_m: f64,
        k: MinCount,
        filter: &CaseFilter,
        progress: &dyn Progress,
    ) -> Result<Self, PrintError> {
        let ProjectRecords {
            municipalities,
            mut cases,
            mut services,
            mines,
            hotspots,
            basemap,
            sources,
            layers,
        } = records;
        if municipalities.is_empty() {
            return Err(PrintError::NoMunicipalities);
        }
        let settlements: Vec<Point<f64>> = demo::sources::places()
            .map(|p| p.into_iter().map(|p| p.pos_wgs84).collect())
            .unwrap_or_default();
        crate::analysis::indicators::fill_missing_municipalities(
            &municipalities,
            &mut cases,
            &mut services,
        );
        // The data's period is the project's (its first and latest case), whatever the filter.
        let first = cases.iter().map(|c| c.identified_on).min();
        let latest = cases.iter().map(|c| c.identified_on).max();
        cases.retain(|c| filter.accepts(c));
        let config = IndicatorConfig {
            reach_m,
            ..IndicatorConfig::default()
        };
        let indicators = municipal_indicators(
            &municipalities,
            &cases,
            &services,
            &mines,
            &config,
            progress,
        )?;
        let marks = table_marks(&indicators, k);
        let day = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
        let data_date = match (first, latest) {
            (Some(a), Some(b)) => format!("{} – {}", day(a), day(b)),
            _ => "–".to_string(),
        };
        Ok(Self {
            municipalities,
            cases,
            services,
            mines,
            hotspots,
            settlements,
            basemap,
            sources,
            layers,
            indicators,
            marks,
            k,
            data_date,
            reach_m,
            filter: filter.clone(),
        })
    }

    /// A municipality by name or LAU code, ignoring case and diacritics ("bulqize" finds
    /// Bulqizë), as everywhere else (`text::fold`).
    pub fn municipality(&self, name: &str) -> Result<&Municipality, PrintError> {
        use crate::text::fold;
        let want = fold(name);
        self.municipalities
            .iter()
            .find(|m| fold(&m.name) == want || fold(&m.lau_code) == want)
            .ok_or_else(|| PrintError::UnknownMunicipality(name.to_string()))
    }
}

/// The vector basemap of a project (its land, municipalities and qarqe; the embedded demo's
/// without one) with the attributions of its data; settlement names always come from the
/// embedded OpenStreetMap places, so "© OpenStreetMap contributors" is always among them.
pub fn project_basemap(
    store: Option<&ProjectStore>,
) -> Result<(BasemapData, Vec<String>), PrintError> {
    let settlements = demo::settlements()?;
    let neighbours = demo::neighbours_layer()?;
    let demo_attributions = || {
        demo::sources::ATTRIBUTIONS
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let Some(store) = store else {
        let layers = demo::base_layers()?;
        let find = |kind| layers.iter().find(|l| l.kind == kind);
        let data = BasemapData::new(
            find(LayerKind::Coastline),
            find(LayerKind::Municipalities),
            find(LayerKind::Qarqe),
            settlements,
        )
        .with_neighbours(&neighbours);
        return Ok((data, demo_attributions()));
    };
    let infos = store.layers()?;
    let read = |kind: LayerKind| -> Result<_, PrintError> {
        match infos.iter().find(|l| l.kind == kind) {
            Some(info) => Ok(Some(store.read_layer(&info.name)?)),
            None => Ok(None),
        }
    };
    let (land, munis, qarqe) = (
        read(LayerKind::Coastline)?,
        read(LayerKind::Municipalities)?,
        read(LayerKind::Qarqe)?,
    );
    let mut attributions: Vec<String> = store
        .meta("attributions")?
        .map(|a| {
            a.lines()
                .map(str::to_string)
                .filter(|l| !l.trim().is_empty())
                .collect()
        })
        .unwrap_or_else(demo_attributions);
    if !attributions.iter().any(|a| a.contains("OpenStreetMap")) {
        attributions.insert(0, "© OpenStreetMap contributors (ODbL 1.0): places".into());
    }
    let data = BasemapData::new(land.as_ref(), munis.as_ref(), qarqe.as_ref(), settlements)
        .with_neighbours(&neighbours);
    Ok((data, attributions))
}
