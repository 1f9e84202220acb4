//! A project layer printed with the style it has on screen (`model::LayerStyle`: single,
//! categorized or graduated classes, the same colours and symbols), with legend rows for the
//! classes that occur in the printed area only (graduated: "lo – hi" ranges; the last class
//! "no value" / "other").
//!
//! Which layers may be printed this way is decided by [`printable`]: never a layer of
//! individual cases (those are only printed aggregated, or as the explicit case-level
//! points), nor the base layers the templates and the basemap already draw. Roads are left
//! out too (a country's network is far too dense for a page).
//! Complexity: O(features × classes).

use geo::{BoundingRect, Geometry, MultiPolygon};

use super::Rgba;
use super::map_layers::{LegendEntry, PrintLayer, PrintShape, Swatch, Symbol};
use crate::model::{FeatureLayer, LayerKind, LayerStyle, StyleRule, Value, style};

/// Whether a layer of this kind may be added to a printed page.
pub fn printable(kind: LayerKind) -> bool {
    matches!(kind, LayerKind::Other | LayerKind::Candidates)
}

/// A project layer chosen for printing: its data, style and display title.
#[derive(Debug, Clone)]
pub struct StyledLayer {
    pub data: FeatureLayer,
    pub style: LayerStyle,
    pub title: String,
}

fn rgba(c: style::Rgba, alpha: Option<u8>) -> Rgba {
    Rgba(c[0], c[1], c[2], alpha.unwrap_or(c[3]))
}

fn symbol(s: style::Symbol) -> Symbol {
    match s {
        style::Symbol::Square | style::Symbol::House => Symbol::Square,
        style::Symbol::Triangle | style::Symbol::InvertedTriangle => Symbol::Triangle,
        style::Symbol::Diamond | style::Symbol::Star | style::Symbol::Cross => Symbol::Diamond,
        style::Symbol::Circle | style::Symbol::Dot => Symbol::Circle,
    }
}

/// The legend label of class `i`.
fn class_label(kind: LayerKind, style: &LayerStyle, i: usize, title: &str, sq: bool) -> String {
    match &style.rule {
        StyleRule::Single { .. } => title.to_string(),
        StyleRule::Categorized { field, classes } => match classes.get(i) {
            Some(c) => crate::model::category::category_labels(kind, field, &c.value)
                .map_or_else(|| c.value.clone(), |(a, b)| if sq { a } else { b }.into()),
            None => if sq { "tjetër" } else { "other" }.into(),
        },
        StyleRule::Graduated { bounds, min, .. } => match bounds.get(i) {
            Some(hi) => {
                let lo = if i == 0 { *min } else { bounds[i - 1] };
                format!("{} – {}", number(lo), number(*hi))
            }
            None => if sq { "pa vlerë" } else { "no value" }.into(),
        },
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The layer as printed within `extent_wgs84` ([min lon, min lat, max lon, max lat]).
pub fn styled_layer(l: &StyledLayer, extent_wgs84: [f64; 4], sq: bool) -> PrintLayer {
    let field = l
        .style
        .field()
        .and_then(|f| l.data.fields.iter().position(|d| d.name == f));
    let mut used = vec![false; l.style.class_count()];
    let mut shapes = Vec::new();
    let inside = |g: &Geometry<f64>| {
        g.bounding_rect().is_some_and(|r| {
            r.max().x >= extent_wgs84[0]
                && r.min().x <= extent_wgs84[2]
                && r.max().y >= extent_wgs84[1]
                && r.min().y <= extent_wgs84[3]
        })
    };
    for f in &l.data.features {
        let Some(g) = f.geometry_wgs84.as_ref().filter(|g| inside(g)) else {
            continue;
        };
        let value = field.and_then(|i| f.values.get(i)).unwrap_or(&Value::Null);
        let class = l.style.class_of(value).min(used.len().saturating_sub(1));
        used[class] = true;
        let look = l.style.look(class);
        push_shapes(&mut shapes, g, look.colour, symbol(look.symbol));
    }
    let polygons = matches!(
        l.data.geometry_type,
        crate::model::GeometryType::Polygon | crate::model::GeometryType::MultiPolygon
    );
    let lines = matches!(
        l.data.geometry_type,
        crate::model::GeometryType::LineString | crate::model::GeometryType::MultiLineString
    );
    let title = print_title(l, sq);
    let legend = (0..used.len())
        .filter(|&i| used[i])
        .map(|i| {
            let look = l.style.look(i);
            let swatch = if polygons {
                Swatch::Fill {
                    fill: rgba(look.colour, Some(150)),
                    stroke: Some(rgba(look.colour, Some(255))),
                }
            } else if lines {
                Swatch::Line {
                    color: rgba(look.colour, None),
                    width: 1.6,
                }
            } else {
                Swatch::Point {
                    symbol: symbol(look.symbol),
                    fill: rgba(look.colour, None),
                }
            };
            LegendEntry {
                swatch,
                label: class_label(l.data.kind, &l.style, i, &title, sq),
            }
        })
        .collect();
    PrintLayer {
        key: "project",
        title,
        shapes,
        legend,
    }
}

/// The legend heading of a project layer in the page's language: an analysis layer's
/// readable title ([`crate::model::layer_names`]: "Zonat e rrezikut (korrik)", not
/// `risk_zones_m07`), a typed layer's kind, else the project's title of the layer.
fn print_title(l: &StyledLayer, sq: bool) -> String {
    match l.data.kind {
        LayerKind::Other => crate::model::layer_names::title(&l.data.name, sq),
        k => Some(if sq { k.label_sq() } else { k.label_en() }.to_string()),
    }
    .unwrap_or_else(|| l.title.clone())
}

fn push_shapes(out: &mut Vec<PrintShape>, g: &Geometry<f64>, c: style::Rgba, sym: Symbol) {
    match g {
        Geometry::Polygon(p) => out.push(PrintShape::Area {
            area_wgs84: MultiPolygon(vec![p.clone()]),
            fill: Some(rgba(c, Some(150))),
            stroke: Some((rgba(c, Some(255)), 0.7)),
        }),
        Geometry::MultiPolygon(mp) => out.push(PrintShape::Area {
            area_wgs84: mp.clone(),
            fill: Some(rgba(c, Some(150))),
            stroke: Some((rgba(c, Some(255)), 0.7)),
        }),
        Geometry::Point(p) => out.push(PrintShape::Point {
            pos_wgs84: [p.x(), p.y()],
            symbol: sym,
            fill: rgba(c, None),
            r_pt: 3.2,
        }),
        Geometry::LineString(ls) => out.push(PrintShape::Line {
            pts_wgs84: ls.coords().map(|c| [c.x, c.y]).collect(),
            color: rgba(c, None),
            width: 1.6,
        }),
        Geometry::MultiPoint(mp) => {
            for p in mp {
                push_shapes(out, &Geometry::Point(*p), c, sym);
            }
        }
        Geometry::MultiLineString(ml) => {
            for ls in ml {
                push_shapes(out, &Geometry::LineString(ls.clone()), c, sym);
            }
        }
        Geometry::GeometryCollection(gc) => {
            for g in gc {
                push_shapes(out, g, c, sym);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, FieldDef, FieldKind, GeometryType};

    #[test]
    fn classes_in_the_area_get_their_screen_colour_and_a_legend_row() {
        let mut data = FeatureLayer::new(
            "risk_zones_7",
            LayerKind::Other,
            GeometryType::Point,
            vec![FieldDef::new("class", FieldKind::Int)],
        );
        for (x, class) in [(19.8, 1), (19.9, 4), (25.0, 2)] {
            data.features.push(Feature {
                fid: None,
                geometry_wgs84: Some(Geometry::Point(geo::Point::new(x, 41.3))),
                values: vec![Value::Int(class)],
            });
        }
        let style = LayerStyle::graduated(
            &data,
            "class",
            2,
            crate::model::style::ClassMethod::EqualInterval,
        );
        let l = StyledLayer {
            data,
            style: style.clone(),
            title: "Zonat e rrezikut".into(),
        };
        let p = styled_layer(&l, [19.0, 40.0, 21.0, 43.0], true);
        // The point at 25° E is outside the page.
        assert_eq!(p.shapes.len(), 2);
        let colours: Vec<Rgba> = p
            .shapes
            .iter()
            .map(|s| match s {
                PrintShape::Point { fill, .. } => *fill,
                _ => panic!("a point"),
            })
            .collect();
        let c = |i| rgba(style.look(i).colour, None);
        assert_eq!(colours, vec![c(0), c(1)]);
        assert_eq!(p.legend.len(), 2);
        assert!(p.legend[0].label.contains('–'), "{}", p.legend[0].label);
        assert_ne!(colours[0], colours[1]);
    }

    #[test]
    fn case_layers_and_base_layers_are_never_printable_this_way() {
        assert!(!printable(LayerKind::Cases));
        assert!(!printable(LayerKind::Municipalities));
        assert!(!printable(LayerKind::Roads));
        assert!(printable(LayerKind::Other));
    }
}
