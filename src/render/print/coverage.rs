//! The "coverage" print template: where identified children are, aggregated (never as
//! points), and how far the services reach.
//!
//! Inputs: cases, services and municipalities (WGS84 records), the area (one municipality or
//! all of Albania), the service types drawn with their reach (metres, straight line) and the
//! smallest count shown, k ≥ 5. Layers, bottom to top:
//! - cases per H3 hexagon (resolution 8 for a municipality — 0.74 km², 6 for the country —
//!   36 km²), coloured by count class (k–9, 10–19, 20–49, 50 or more; viridis); a hexagon
//!   with 1…k−1 cases is not drawn at all (the legend says so), and no count is printed;
//! - each chosen service's reach as a translucent teal disc (the siting catchments' 72-gon
//!   of `reach_m`, drawn in Albania TM);
//! - the services as symbols (day centre: square, Child Protection Unit: triangle, others:
//!   circle); the chosen municipality's outline.
//!
//! Privacy: no case coordinate reaches the page — only hexagon outlines of counts ≥ k — and
//! no total is printed, so a hidden hexagon cannot be recovered by subtraction.
//! Complexity: O(n log n) for n cases (H3 binning), O(services) for the rest.

use geo::{Contains, MultiPolygon, Point};

use super::Rgba;
use super::map_layers::{LegendEntry, PrintLayer, PrintShape, Swatch, Symbol};
use crate::analysis::hexbin::{HexbinConfig, cell_polygon_wgs84, hexbin};
use crate::analysis::siting_layer::circle_wgs84;
use crate::model::{Case, Municipality, Service, ServiceType};
use crate::progress::NoProgress;

/// Count classes' lower bounds above k (the first class starts at k).
const CLASS_FROM: [usize; 3] = [10, 20, 50];
/// Viridis at 0.15, 0.45, 0.7, 0.95: readable in print and by colour-blind readers.
const CLASS_COLOURS: [Rgba; 4] = [
    Rgba(72, 33, 115, 200),
    Rgba(42, 120, 142, 200),
    Rgba(68, 190, 112, 200),
    Rgba(231, 228, 25, 220),
];
const REACH: Rgba = Rgba(0, 128, 128, 50);
const REACH_EDGE: Rgba = Rgba(0, 128, 128, 160);

/// What the coverage page shows.
#[derive(Debug, Clone)]
pub struct CoverageInputs<'a> {
    pub cases: &'a [Case],
    pub services: &'a [Service],
    /// `None`: all of Albania.
    pub area: Option<&'a Municipality>,
    pub types: Vec<ServiceType>,
    pub reach_m: f64,
    /// Smallest count shown (≥ 5).
    pub k: usize,
    pub albanian: bool,
}

/// The template's layers (see the module doc).
pub fn coverage_layers(inp: &CoverageInputs<'_>) -> Vec<PrintLayer> {
    let sq = inp.albanian;
    let inside = |p: &Point<f64>| inp.area.is_none_or(|m| m.area_wgs84.contains(p));
    let points: Vec<Point<f64>> = inp
        .cases
        .iter()
        .map(|c| c.pos_wgs84)
        .filter(|p| inside(p))
        .collect();
    let resolution = if inp.area.is_some() { 8 } else { 6 };
    let bins = hexbin(&points, &HexbinConfig { resolution }, &NoProgress).ok();
    let k = inp.k.max(5);
    let bounds = [
        k,
        CLASS_FROM[0].max(k + 1),
        CLASS_FROM[1].max(k + 2),
        CLASS_FROM[2].max(k + 3),
    ];
    let mut hexes = PrintLayer {
        key: "hexagons",
        title: if sq {
            format!("Raste të identifikuara për gjashtëkëndësh (H3, r{resolution})")
        } else {
            format!("Identified cases per hexagon (H3, r{resolution})")
        },
        ..PrintLayer::default()
    };
    for cell in bins.iter().flat_map(|b| &b.cells).filter(|c| c.count >= k) {
        let class = bounds.iter().rposition(|&b| cell.count >= b).unwrap_or(0);
        hexes.shapes.push(PrintShape::Area {
            area_wgs84: MultiPolygon(vec![cell_polygon_wgs84(cell.cell)]),
            fill: Some(CLASS_COLOURS[class]),
            stroke: Some((Rgba(255, 255, 255, 180), 0.3)),
        });
    }
    for (i, c) in CLASS_COLOURS.iter().enumerate() {
        let label = match bounds.get(i + 1) {
            Some(next) => format!("{}–{}", bounds[i], next - 1),
            None => format!(
                "{} {}",
                bounds[i],
                if sq { "ose më shumë" } else { "or more" }
            ),
        };
        hexes.legend.push(LegendEntry {
            swatch: Swatch::Fill {
                fill: *c,
                stroke: None,
            },
            label,
        });
    }
    hexes.legend.push(LegendEntry {
        swatch: Swatch::Fill {
            fill: Rgba(0, 0, 0, 0),
            stroke: Some(Rgba::GREY),
        },
        label: if sq {
            format!("< {k}: nuk shfaqet (mbrojtja e fëmijëve)")
        } else {
            format!("< {k}: not shown (child protection)")
        },
    });
    let services: Vec<&Service> = inp
        .services
        .iter()
        .filter(|s| inp.types.contains(&s.service_type) && inside(&s.pos_wgs84))
        .collect();
    let mut reach = PrintLayer {
        key: "reach",
        title: if sq {
            "Arritja e shërbimeve"
        } else {
            "Reach of services"
        }
        .into(),
        ..PrintLayer::default()
    };
    // The same circles as the siting catchments: 72-gons drawn in Albania TM metres.
    for circle in services
        .iter()
        .filter_map(|s| circle_wgs84(s.pos_wgs84, inp.reach_m).ok())
    {
        reach.shapes.push(PrintShape::Area {
            area_wgs84: MultiPolygon(vec![circle]),
            fill: Some(REACH),
            stroke: Some((REACH_EDGE, 0.5)),
        });
    }
    reach.legend.push(LegendEntry {
        swatch: Swatch::Fill {
            fill: REACH,
            stroke: Some(REACH_EDGE),
        },
        label: format!(
            "{} {:.1} km",
            if sq { "brenda" } else { "within" },
            inp.reach_m / 1000.0
        ),
    });
    let mut symbols = PrintLayer {
        key: "services",
        title: if sq { "Shërbimet" } else { "Services" }.into(),
        ..PrintLayer::default()
    };
    // The legend lists only the types on the page.
    for t in inp
        .types
        .iter()
        .filter(|t| services.iter().any(|s| s.service_type == **t))
    {
        let (symbol, fill) = service_symbol(*t);
        symbols.legend.push(LegendEntry {
            swatch: Swatch::Point { symbol, fill },
            label: if sq { t.label_sq() } else { t.label_en() }.to_string(),
        });
    }
    for s in &services {
        let (symbol, fill) = service_symbol(s.service_type);
        symbols.shapes.push(PrintShape::Point {
            pos_wgs84: [s.pos_wgs84.x(), s.pos_wgs84.y()],
            symbol,
            fill,
            r_pt: 3.8,
        });
    }
    let mut out = vec![hexes, reach, symbols];
    if let Some(m) = inp.area {
        out.push(PrintLayer {
            key: "outline",
            title: String::new(),
            shapes: vec![PrintShape::Area {
                area_wgs84: m.area_wgs84.clone(),
                fill: None,
                stroke: Some((Rgba::opaque(40, 40, 40), 1.6)),
            }],
            legend: Vec::new(),
        });
    }
    out
}

/// The symbol and colour of a service type (as on screen).
pub fn service_symbol(t: ServiceType) -> (Symbol, Rgba) {
    match t {
        ServiceType::DayCentre => (Symbol::Square, Rgba::opaque(0, 114, 178)),
        ServiceType::ChildProtectionUnit => (Symbol::Triangle, Rgba::opaque(213, 94, 0)),
        _ => (Symbol::Circle, Rgba::opaque(86, 86, 86)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::hexbin::cell_of_wgs84;
    use crate::analysis::nearest::tests::case_at;

    /// 7 cases in one hexagon and 3 in another (k = 5): only the first is drawn, and nothing
    /// on the page sits at a case's position.
    #[test]
    fn small_hexagons_are_not_drawn_and_no_case_is_a_point() {
        let mut cases: Vec<Case> = (0..7).map(|i| case_at(i, 19.8187, 41.3275)).collect();
        cases.extend((7..10).map(|i| case_at(i, 19.9, 41.40)));
        let layers = coverage_layers(&CoverageInputs {
            cases: &cases,
            services: &[],
            area: None,
            types: vec![ServiceType::DayCentre],
            reach_m: 2000.0,
            k: 5,
            albanian: true,
        });
        let hexes = &layers[0];
        assert_eq!(hexes.shapes.len(), 1);
        let big = cell_of_wgs84(19.8187, 41.3275, h3o::Resolution::Six).unwrap();
        let PrintShape::Area { area_wgs84, .. } = &hexes.shapes[0] else {
            panic!("a hexagon is an area")
        };
        assert_eq!(area_wgs84.0[0], cell_polygon_wgs84(big));
        for layer in &layers {
            for shape in &layer.shapes {
                assert!(!matches!(
                    shape,
                    PrintShape::Point { .. } | PrintShape::Label { .. }
                ));
            }
        }
        assert!(hexes.legend.iter().any(|e| e.label.starts_with("< 5")));
        // k = 8 hides the 7 as well.
        let layers = coverage_layers(&CoverageInputs {
            cases: &cases,
            services: &[],
            area: None,
            types: vec![],
            reach_m: 2000.0,
            k: 8,
            albanian: false,
        });
        assert!(layers[0].shapes.is_empty());
        assert_eq!(layers[0].legend[0].label, "8–9");
    }
}
