//! The pages `riskatlas print` makes: the project read once ([`Loaded`]: records, basemap,
//! sources, the municipal indicators with their table-wide suppression marks), then one
//! [`MapPage`] per area — the coverage template's layers, the title, and a table of the
//! area's indicators. The table's cells are exactly those of `riskatlas indicators` (the same
//! primary and secondary suppression over the whole table), so comparing a printed page with
//! the CSV, or pages with each other, reveals no hidden count.

use std::path::Path;

use anyhow::{Context, bail};

use super::print::bbox;
pub use super::print_titles::page_title;
use super::print_titles::subtitle;
use crate::analysis::indicators::{IndicatorConfig, Indicators, municipal_indicators};
use crate::io::indicators_csv::{RowMarks, header, row_marked, table_marks};
use crate::model::ServiceType;
use geo::Point;

use crate::model::{
    Case, CaseKind, CaseStatus, Hotspot, LayerKind, MinePerimeter, Municipality, Service,
};
use crate::privacy::MinCount;
use crate::progress::NoProgress;
use crate::render::BasemapData;
use crate::render::pdf::PageSpec;
use crate::render::print::Rgba;
use crate::render::print::coverage::{CoverageInputs, coverage_layers};
use crate::render::print::map_layers::{LegendEntry, PrintLayer, PrintShape, Swatch, Symbol};
use crate::render::print::map_page::{MapPage, PageTable, PageWords};
use crate::render::print::themes::{coastal_layers, mines_layers};
use crate::store::ProjectStore;

/// Which layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Template {
    Coverage,
    Mines { band_m: f64 },
    Coastal { month: u32 },
}

/// Per-run choices shared by every page.
pub struct PageOptions {
    pub spec: PageSpec,
    pub albanian: bool,
    pub types: Vec<ServiceType>,
    pub reach_m: f64,
    pub k: MinCount,
    pub printed_on: String,
    /// Draw the cases as points too (explicit, audited by the caller).
    pub case_level: bool,
    pub template: Template,
}

/// The project as the pages need it.
pub struct Loaded {
    pub municipalities: Vec<Municipality>,
    cases: Vec<Case>,
    services: Vec<Service>,
    mines: Vec<MinePerimeter>,
    hotspots: Vec<Hotspot>,
    settlements: Vec<Point<f64>>,
    basemap: BasemapData,
    sources: Vec<String>,
    indicators: Indicators,
    marks: Vec<RowMarks>,
    k: MinCount,
    data_date: String,
}

impl Loaded {
    pub fn read(path: &Path, reach_m: f64, k: MinCount) -> anyhow::Result<Self> {
        if !path.exists() {
            bail!("{} does not exist", path.display());
        }
        let store = ProjectStore::open(path)?;
        let municipalities: Vec<Municipality> = store.read_records(LayerKind::Municipalities)?;
        let mut cases: Vec<Case> = store.read_records(LayerKind::Cases)?;
        let mut services: Vec<Service> = store.read_records(LayerKind::Services)?;
        let mines: Vec<MinePerimeter> = store.read_records(LayerKind::Mines)?;
        let hotspots: Vec<Hotspot> = store.read_records(LayerKind::Hotspots)?;
        drop(store);
        let settlements: Vec<Point<f64>> = crate::demo::sources::places()
            .map(|p| p.into_iter().map(|p| p.pos_wgs84).collect())
            .unwrap_or_default();
        if municipalities.is_empty() {
            bail!("{} has no municipalities layer", path.display());
        }
        crate::analysis::indicators::fill_missing_municipalities(
            &municipalities,
            &mut cases,
            &mut services,
        );
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
            &NoProgress,
        )?;
        let marks = table_marks(&indicators, k);
        let (basemap, sources) = super::tiles::basemap(Some(path))?;
        let data_date = cases
            .iter()
            .map(|c| c.identified_on)
            .max()
            .map_or("–".to_string(), |d| d.format("%d.%m.%Y").to_string());
        Ok(Self {
            municipalities,
            cases,
            services,
            mines,
            hotspots,
            settlements,
            basemap,
            sources,
            indicators,
            marks,
            k,
            data_date,
        })
    }

    /// The page of `area` (`None`: all of Albania).
    pub fn page(&self, area: Option<&Municipality>, o: &PageOptions) -> MapPage<'_> {
        let sq = o.albanian;
        let extent = area
            .and_then(|m| bbox(&m.area_wgs84))
            .or_else(|| self.basemap.extent_wgs84())
            .unwrap_or([19.2, 39.6, 21.1, 42.7]);
        let inputs = CoverageInputs {
            cases: &self.cases,
            services: &self.services,
            area,
            types: o.types.clone(),
            reach_m: o.reach_m,
            k: o.k.get() as usize,
            albanian: sq,
        };
        let mut layers = match o.template {
            Template::Coverage => coverage_layers(&inputs),
            Template::Mines { band_m } => {
                mines_layers(&inputs, &self.mines, &self.settlements, band_m)
            }
            Template::Coastal { month } => coastal_layers(&inputs, &self.hotspots, month),
        };
        if o.case_level {
            layers.push(case_points(&self.cases, area, sq));
        }
        let km = o.reach_m / 1000.0;
        MapPage {
            page: o.spec,
            title: page_title(o.template, area, sq),
            subtitle: subtitle(o.template, km, sq),
            extent_wgs84: extent,
            basemap: &self.basemap,
            layers,
            confidential: o.case_level.then(|| {
                if sq {
                    "KONFIDENCIALE — përmban të dhëna për fëmijë (raste individuale)".to_string()
                } else {
                    "CONFIDENTIAL — contains data about children (individual cases)".to_string()
                }
            }),
            data_date: self.data_date.clone(),
            printed_on: o.printed_on.clone(),
            sources: self.sources.clone(),
            words: if sq {
                PageWords::albanian()
            } else {
                PageWords::english()
            },
            table: self.table(area, sq).ok(),
        }
    }

    /// The area's indicators (see the module doc).
    fn table(&self, area: Option<&Municipality>, sq: bool) -> anyhow::Result<PageTable> {
        let ind = &self.indicators;
        let (row, marks) = match area {
            None => (&ind.national, self.marks.last()),
            Some(m) => {
                let i = ind
                    .rows
                    .iter()
                    .position(|r| r.lau_code == m.lau_code)
                    .context("no indicators row")?;
                (&ind.rows[i], self.marks.get(i))
            }
        };
        let cells = row_marked(row, marks.context("no marks")?, self.k);
        let names = header(ind);
        let cell = |name: &str| {
            names
                .iter()
                .position(|h| h == name)
                .and_then(|i| cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let pct = |name: &str| {
            let v = cell(name);
            v.parse::<f64>()
                .map_or(v, |s| format!("{:.0} %", s * 100.0))
        };
        let t = |a: &str, b: &str| if sq { a.to_string() } else { b.to_string() };
        let mut rows = vec![(t("Raste gjithsej", "Cases in total"), cell("cases"))];
        for s in CaseStatus::ALL {
            let label = if sq { s.label_sq() } else { s.label_en() };
            rows.push((format!("  {label}"), cell(&format!("status_{}", s.code()))));
        }
        for k in CaseKind::ALL {
            let label = if sq { k.label_sq() } else { k.label_en() };
            rows.push((format!("  {label}"), cell(&format!("kind_{}", k.code()))));
        }
        rows.push((
            t("Pranë një qendre ditore", "Near a day centre"),
            pct("share_near_day_centre"),
        ));
        rows.push((t("Pranë një NjMF", "Near a CPU"), pct("share_near_cpu")));
        rows.push((t("Qendra ditore", "Day centres"), cell("day_centres")));
        rows.push((t("Pranë minierave", "Near mines"), cell("near_mines")));
        Ok(PageTable {
            title: t("Treguesit", "Indicators"),
            rows,
        })
    }
}

/// Every case in the area as a small dot (only with `--case-level`).
fn case_points(cases: &[Case], area: Option<&Municipality>, sq: bool) -> PrintLayer {
    use geo::Contains;
    let colour = Rgba(200, 30, 90, 230);
    PrintLayer {
        title: if sq {
            "Raste individuale"
        } else {
            "Individual cases"
        }
        .into(),
        shapes: cases
            .iter()
            .filter(|c| area.is_none_or(|m| m.area_wgs84.contains(&c.pos_wgs84)))
            .map(|c| PrintShape::Point {
                pos_wgs84: [c.pos_wgs84.x(), c.pos_wgs84.y()],
                symbol: Symbol::Circle,
                fill: colour,
                r_pt: 1.6,
            })
            .collect(),
        legend: vec![LegendEntry {
            swatch: Swatch::Point {
                symbol: Symbol::Circle,
                fill: colour,
            },
            label: if sq { "një rast" } else { "one case" }.into(),
        }],
    }
}
