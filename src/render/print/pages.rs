//! One [`MapPage`] per area (a municipality, or all of Albania) of a [`PrintProject`]: the
//! template's layers (those the layout keeps), the title, the elements the layout shows, and
//! a table of the area's indicators whose cells are exactly those of `riskatlas indicators`
//! (the same primary and secondary suppression over the whole table), so comparing a page with
//! the CSV, or pages with each other, reveals no hidden count. Case points are drawn only
//! with [`PageOptions::case_level`], and then the page carries the confidentiality marking.

use geo::BoundingRect;
use serde::{Deserialize, Serialize};

use super::Rgba;
use super::coverage::{CoverageInputs, coverage_layers};
use super::layout::PrintLayout;
use super::map_layers::{LegendEntry, PrintLayer, PrintShape, Swatch, Symbol};
use super::map_page::{MapPage, PageTable, PageWords};
use super::project::PrintProject;
use super::themes::{coastal_layers, mines_layers};
use super::tile_pack::PrintTiles;
use super::titles::{page_title, subtitle};
use crate::io::indicators_csv::{header, row_marked};
use crate::model::{Case, CaseKind, CaseStatus, Municipality, ServiceType};
use crate::privacy::MinCount;

/// Which map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Template {
    Coverage,
    /// Mine perimeters with a risk band of `band_m` metres around them.
    Mines {
        band_m: f64,
    },
    /// Coastal hotspots active in `month` (1–12).
    Coastal {
        month: u32,
    },
}

impl Template {
    /// The CLI's name of the template.
    pub fn code(self) -> &'static str {
        match self {
            Template::Coverage => "coverage",
            Template::Mines { .. } => "mines",
            Template::Coastal { .. } => "coastal",
        }
    }
}

/// Per-run choices shared by every page.
#[derive(Debug, Clone)]
pub struct PageOptions {
    pub layout: PrintLayout,
    pub albanian: bool,
    pub types: Vec<ServiceType>,
    pub reach_m: f64,
    pub k: MinCount,
    pub printed_on: String,
    /// Draw the cases as points too (explicit, audited by the caller).
    pub case_level: bool,
    /// Raster tiles under the map (an offline pack); their attribution joins the sources.
    pub tiles: Option<PrintTiles>,
}

/// The WGS84 box [min lon, min lat, max lon, max lat] of an area.
pub fn bbox(area: &geo::MultiPolygon<f64>) -> Option<[f64; 4]> {
    let r = area.bounding_rect()?;
    Some([r.min().x, r.min().y, r.max().x, r.max().y])
}

impl PrintProject {
    /// The page of `area` (`None`: all of Albania).
    pub fn page(&self, area: Option<&Municipality>, o: &PageOptions) -> MapPage<'_> {
        let sq = o.albanian;
        let layout = &o.layout;
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
        let mut layers = match layout.template {
            Template::Coverage => coverage_layers(&inputs),
            Template::Mines { band_m } => {
                mines_layers(&inputs, &self.mines, &self.settlements, band_m)
            }
            Template::Coastal { month } => coastal_layers(&inputs, &self.hotspots, month),
        };
        layers.retain(|l| layout.shows(l.key));
        // The density surface at the bottom, under every symbol (nothing when no place of
        // the page has k cases within the radius).
        let density = layout.density.and_then(|d| {
            super::density::density_layer(&self.cases, d.radius_m, o.k.get() as usize, extent, sq)
        });
        layers.splice(0..0, density);
        for name in &layout.extra_layers {
            if let Some(l) = self.layers.iter().find(|l| &l.data.name == name) {
                let printed = super::styled::styled_layer(l, extent, sq);
                // Areas under the template's hexagons and symbols, points and lines on top.
                let areas = printed
                    .shapes
                    .iter()
                    .all(|s| matches!(s, super::map_layers::PrintShape::Area { .. }));
                if areas {
                    layers.insert(0, printed);
                } else {
                    layers.push(printed);
                }
            }
        }
        if o.case_level {
            layers.push(case_points(&self.cases, area, sq));
        }
        let place = area.map_or(if sq { "Shqipëria" } else { "Albania" }, |m| {
            m.name.as_str()
        });
        let custom = |t: &Option<String>| {
            t.as_ref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.replace("{area}", place))
        };
        MapPage {
            page: layout.page_spec(),
            title: custom(&layout.title).unwrap_or_else(|| page_title(layout.template, area, sq)),
            subtitle: custom(&layout.subtitle)
                .unwrap_or_else(|| subtitle(layout.template, o.reach_m / 1000.0, sq)),
            extent_wgs84: extent,
            basemap: &self.basemap,
            layers,
            filter: self.filter.summary(sq),
            confidential: o.case_level.then(|| {
                if sq {
                    "KONFIDENCIALE — përmban të dhëna për fëmijë (raste individuale)".to_string()
                } else {
                    "CONFIDENTIAL — contains data about children (individual cases)".to_string()
                }
            }),
            data_date: self.data_date.clone(),
            printed_on: o.printed_on.clone(),
            sources: {
                let mut s = self.sources.clone();
                // The tiles' attribution, its "; "-separated parts not already listed (a
                // pack built by `riskatlas tiles build` names the project's own sources;
                // "© OpenStreetMap contributors" of the tile cache begins the OSM line).
                let line = o
                    .tiles
                    .as_ref()
                    .map(|t| t.source_line())
                    .unwrap_or_default();
                for part in line.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    if !s.iter().any(|x| x.trim().starts_with(part)) {
                        s.push(part.to_string());
                    }
                }
                s
            },
            tiles: o.tiles.clone(),
            words: if sq {
                PageWords::albanian()
            } else {
                PageWords::english()
            },
            table: if layout.elements.table {
                self.table(area, sq)
            } else {
                None
            },
            elements: layout.elements,
        }
    }

    /// The area's indicators (see the module doc); `None` when the area has no row.
    fn table(&self, area: Option<&Municipality>, sq: bool) -> Option<PageTable> {
        let ind = &self.indicators;
        let (row, marks) = match area {
            None => (&ind.national, self.marks.last()),
            Some(m) => {
                let i = ind.rows.iter().position(|r| r.lau_code == m.lau_code)?;
                (&ind.rows[i], self.marks.get(i))
            }
        };
        let cells = row_marked(row, marks?, self.k);
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
        Some(PageTable {
            title: t("Treguesit", "Indicators"),
            rows,
        })
    }
}

/// Every case in the area as a small dot (only on an explicit case-level print).
fn case_points(cases: &[Case], area: Option<&Municipality>, sq: bool) -> PrintLayer {
    use geo::Contains;
    let colour = Rgba(200, 30, 90, 230);
    PrintLayer {
        key: "cases",
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
