//! The thematic print templates besides "coverage" (see `coverage.rs` for the case hexagons
//! and services they share):
//! - "mines" (mining-area task forces, e.g. Bulqizë): mine perimeters coloured by status, the
//!   risk band around each (`band_m`, default 3 km: the distance the indicators call "near a
//!   mine"), the access point where children come in (the perimeter point nearest the closest
//!   settlement, as the field routes use), then the coverage layers;
//! - "coastal" (summer field work): the coastal hotspots active in the chosen month, labelled
//!   with their peak hours, then the coverage layers for the cases identified in June–September.
//!
//! Inputs are WGS84 records; the band is built in KRGJSH-2010 / Albania TM metres with geo's
//! `Buffer` and projected back. Privacy as in `coverage.rs`: cases only as hexagons of at least
//! k. Complexity: O(vertices of the perimeters) for the bands, plus the coverage layers.

use geo::{Buffer, Geometry, MultiPolygon, Point};

use super::Rgba;
use super::coverage::{CoverageInputs, coverage_layers};
use super::map_layers::{LegendEntry, PrintLayer, PrintShape, Swatch, Symbol};
use crate::analysis::field_stops::access_point;
use crate::crs::Transformer;
use crate::model::{Case, Hotspot, MinePerimeter, MineStatus};

const ACTIVE: Rgba = Rgba(120, 60, 30, 220);
const ABANDONED: Rgba = Rgba(150, 130, 110, 200);
const BAND: Rgba = Rgba(230, 80, 40, 45);
const BAND_EDGE: Rgba = Rgba(230, 80, 40, 170);
const HOTSPOT: Rgba = Rgba(240, 160, 0, 150);
const HOTSPOT_EDGE: Rgba = Rgba(190, 110, 0, 255);

/// The "mines" template's layers: the mines (those meeting the area) under the coverage ones.
pub fn mines_layers(
    inp: &CoverageInputs<'_>,
    mines: &[MinePerimeter],
    settlements: &[Point<f64>],
    band_m: f64,
) -> Vec<PrintLayer> {
    let sq = inp.albanian;
    let near = |m: &MinePerimeter| near_area(inp, &m.area_wgs84);
    let chosen: Vec<&MinePerimeter> = mines.iter().filter(|m| near(m)).collect();
    let mut band = PrintLayer {
        key: "mine_band",
        title: if sq {
            "Brezi i rrezikut rreth minierave"
        } else {
            "Risk band around mines"
        }
        .into(),
        ..PrintLayer::default()
    };
    for m in &chosen {
        if let Some(area) = buffered(&m.area_wgs84, band_m) {
            band.shapes.push(PrintShape::Area {
                area_wgs84: area,
                fill: Some(BAND),
                stroke: Some((BAND_EDGE, 0.6)),
            });
        }
    }
    band.legend.push(LegendEntry {
        swatch: Swatch::Fill {
            fill: BAND,
            stroke: Some(BAND_EDGE),
        },
        label: format!(
            "{} {:.1} km",
            if sq { "brenda" } else { "within" },
            band_m / 1000.0
        ),
    });
    let mut perimeters = PrintLayer {
        key: "mines",
        title: if sq {
            "Perimetrat e minierave"
        } else {
            "Mine perimeters"
        }
        .into(),
        ..PrintLayer::default()
    };
    for status in [MineStatus::Active, MineStatus::Abandoned] {
        if chosen.iter().any(|m| m.status == status) {
            perimeters.legend.push(LegendEntry {
                swatch: Swatch::Fill {
                    fill: mine_colour(status),
                    stroke: None,
                },
                label: if sq {
                    status.label_sq()
                } else {
                    status.label_en()
                }
                .into(),
            });
        }
    }
    let entry = Rgba::opaque(200, 20, 20);
    for m in &chosen {
        perimeters.shapes.push(PrintShape::Area {
            area_wgs84: m.area_wgs84.clone(),
            fill: Some(mine_colour(m.status)),
            stroke: Some((Rgba::opaque(60, 30, 10), 0.6)),
        });
        if let Some(p) = access_point(&m.area_wgs84, settlements) {
            perimeters.shapes.push(PrintShape::Point {
                pos_wgs84: [p.x(), p.y()],
                symbol: Symbol::Diamond,
                fill: entry,
                r_pt: 3.5,
            });
        }
    }
    if !chosen.is_empty() {
        perimeters.legend.push(LegendEntry {
            swatch: Swatch::Point {
                symbol: Symbol::Diamond,
                fill: entry,
            },
            label: if sq {
                "ku hyjnë fëmijët (pika e aksesit)"
            } else {
                "where children come in (access point)"
            }
            .into(),
        });
    }
    let mut out = vec![band, perimeters];
    out.extend(coverage_layers(inp));
    out
}

/// Whether `shape` is on the area's map: it meets the area's box grown by 0.03° (~3 km).
/// Municipal boundaries stop at the shoreline, so a beach or a mine on the border still shows.
fn near_area(inp: &CoverageInputs<'_>, shape: &MultiPolygon<f64>) -> bool {
    use geo::BoundingRect;
    let Some(area) = inp.area else { return true };
    let (Some(a), Some(b)) = (area.area_wgs84.bounding_rect(), shape.bounding_rect()) else {
        return false;
    };
    let g = 0.03;
    b.min().x <= a.max().x + g
        && b.max().x >= a.min().x - g
        && b.min().y <= a.max().y + g
        && b.max().y >= a.min().y - g
}

fn mine_colour(s: MineStatus) -> Rgba {
    match s {
        MineStatus::Active => ACTIVE,
        MineStatus::Abandoned => ABANDONED,
    }
}

/// `area` grown by `band_m` metres (in Albania TM), back in WGS84.
fn buffered(area: &MultiPolygon<f64>, band_m: f64) -> Option<MultiPolygon<f64>> {
    let tm = Transformer::wgs84_to_tm()
        .geometry(&Geometry::MultiPolygon(area.clone()))
        .ok()?;
    let Geometry::MultiPolygon(tm) = tm else {
        return None;
    };
    let grown = tm.buffer(band_m);
    match Transformer::tm_to_wgs84()
        .geometry(&Geometry::MultiPolygon(grown))
        .ok()?
    {
        Geometry::MultiPolygon(m) => Some(m),
        _ => None,
    }
}

/// The "coastal" template's layers for `month` (1–12): hotspots active then, labelled with
/// their peak hours, under the coverage layers of the summer's cases (June–September).
pub fn coastal_layers(
    inp: &CoverageInputs<'_>,
    hotspots: &[Hotspot],
    month: u32,
) -> Vec<PrintLayer> {
    use chrono::Datelike;
    let sq = inp.albanian;
    let summer: Vec<Case> = inp
        .cases
        .iter()
        .filter(|c| (6..=9).contains(&c.identified_on.month()))
        .cloned()
        .collect();
    let mut spots = PrintLayer {
        key: "hotspots",
        title: if sq {
            "Zonat bregdetare verore (aktive në muaj)"
        } else {
            "Coastal summer hotspots (active in the month)"
        }
        .into(),
        ..PrintLayer::default()
    };
    let inside = |h: &Hotspot| near_area(inp, &h.area_wgs84);
    for h in hotspots
        .iter()
        .filter(|h| h.active_months.contains(month) && inside(h))
    {
        spots.shapes.push(PrintShape::Area {
            area_wgs84: h.area_wgs84.clone(),
            fill: Some(HOTSPOT),
            stroke: Some((HOTSPOT_EDGE, 0.8)),
        });
        // A beach strip is a fraction of a millimetre at municipal scales: a symbol and its
        // name with the peak hours always show where it is.
        if let Some(c) = geo::InteriorPoint::interior_point(&h.area_wgs84) {
            spots.shapes.push(PrintShape::Point {
                pos_wgs84: [c.x(), c.y()],
                symbol: Symbol::Circle,
                fill: HOTSPOT_EDGE,
                r_pt: 3.5,
            });
            let text = match &h.peak_hours {
                Some(hours) => format!("{} {hours}", h.name),
                None => h.name.clone(),
            };
            spots.shapes.push(PrintShape::Label {
                pos_wgs84: [c.x(), c.y()],
                text,
                size: 6.5,
                dy_pt: 9.0,
            });
        }
    }
    spots.legend.push(LegendEntry {
        swatch: Swatch::Fill {
            fill: HOTSPOT,
            stroke: Some(HOTSPOT_EDGE),
        },
        label: if sq {
            "zonë aktive (me orët e pikut)"
        } else {
            "active hotspot (with peak hours)"
        }
        .into(),
    });
    spots.legend.push(LegendEntry {
        swatch: Swatch::Point {
            symbol: Symbol::Circle,
            fill: HOTSPOT_EDGE,
        },
        label: if sq {
            "vendi i zonës"
        } else {
            "where the hotspot is"
        }
        .into(),
    });
    let summer_inp = CoverageInputs {
        cases: &summer,
        ..inp.clone()
    };
    let mut out = vec![spots];
    let mut cov = coverage_layers(&summer_inp);
    if let Some(first) = cov.first_mut() {
        first.title = if sq {
            "Raste të identifikuara qershor–shtator, për gjashtëkëndësh".into()
        } else {
            "Cases identified June–September, per hexagon".into()
        };
    }
    out.extend(cov);
    out
}
