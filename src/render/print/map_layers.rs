//! What a printed map draws inside its frame: the vector basemap (sea, neighbouring land,
//! Albania's land, an offline pack's tiles if printed with one, municipality and qark
//! boundaries, municipality names at close scales without tiles) and the chosen layers as
//! [`PrintLayer`]s — areas (e.g. aggregated case hexagons, coverage catchments, mine
//! perimeters), points with a symbol (services) and lines (routes). Everything is clipped
//! to the frame; shapes whose box misses it are skipped. Coordinates are WGS84 for layers
//! and normalized Mercator for the basemap (as `render::data` keeps it). O(vertices shown).

use geo::MultiPolygon;

use super::frame::MapFrame;
use super::tiles::Mosaic;
use super::{Align, Item, Rgba, Scene, Weight};
use crate::render::clip;
use crate::render::data::{BasemapData, Shape};
use crate::render::palette::{self, Colour};

/// A point symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// One thing of a printed layer, in WGS84.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintShape {
    Area {
        area_wgs84: MultiPolygon<f64>,
        fill: Option<Rgba>,
        stroke: Option<(Rgba, f32)>,
    },
    Point {
        pos_wgs84: [f64; 2],
        symbol: Symbol,
        fill: Rgba,
        /// Half the symbol's size in points.
        r_pt: f32,
    },
    Line {
        pts_wgs84: Vec<[f64; 2]>,
        color: Rgba,
        width: f32,
    },
    /// A kernel-density surface drawn as one image under the frame (`super::density`).
    Density(super::density::DensitySurface),
    /// A text on the map centred on the position, moved down by `dy_pt` points, on a white
    /// halo box.
    Label {
        pos_wgs84: [f64; 2],
        text: String,
        size: f32,
        dy_pt: f32,
    },
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Swatch {
    Fill {
        fill: Rgba,
        stroke: Option<Rgba>,
    },
    Point {
        symbol: Symbol,
        fill: Rgba,
    },
    Line {
        color: Rgba,
        width: f32,
    },
    /// A colour ramp, low to high, left to right.
    Ramp {
        stops: Vec<Rgba>,
    },
}

/// A legend row: what is drawn and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub swatch: Swatch,
    pub label: String,
}

/// A layer as printed: its shapes (drawn in order) and its legend rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintLayer {
    /// Stable name of the layer within its template ("hexagons", "reach", "mines", …): what a
    /// saved layout switches off (see `layout::LAYER_KEYS`).
    pub key: &'static str,
    /// The legend's heading for this layer.
    pub title: String,
    pub shapes: Vec<PrintShape>,
    pub legend: Vec<LegendEntry>,
}

fn rgba(c: Colour) -> Rgba {
    Rgba(c.r, c.g, c.b, c.a)
}

/// Page points of a ring clipped to the frame grown by 10 pt (wider than any stroke), with
/// vertices closer than a quarter point dropped (invisible in print and at 300 dpi), so a
/// page carries what it shows rather than the whole country's coastline at full detail.
fn clip_ring(f: &MapFrame, pts: impl Iterator<Item = (f32, f32)>) -> Option<Vec<(f32, f32)>> {
    let ring: Vec<[f64; 2]> = pts.map(|(x, y)| [f64::from(x), f64::from(y)]).collect();
    clip::clip_ring(&ring, grown(f), 0.25)
        .map(|r| r.into_iter().map(|p| (p[0] as f32, p[1] as f32)).collect())
}

/// Page points of a line clipped like [`clip_ring`]: the runs inside the frame.
fn clip_line(f: &MapFrame, pts: impl Iterator<Item = (f32, f32)>) -> Vec<Vec<(f32, f32)>> {
    let line: Vec<[f64; 2]> = pts.map(|(x, y)| [f64::from(x), f64::from(y)]).collect();
    clip::clip_line(&line, grown(f), 0.25)
        .into_iter()
        .map(|r| r.into_iter().map(|p| (p[0] as f32, p[1] as f32)).collect())
        .collect()
}

fn grown(f: &MapFrame) -> clip::BoxPx {
    let [x, y, w, h] = f.rect.map(f64::from);
    [x - 10.0, y - 10.0, x + w + 10.0, y + h + 10.0]
}

fn meets(b: [f64; 4], frame: [f64; 4]) -> bool {
    b[0] <= frame[2] && b[2] >= frame[0] && b[1] <= frame[3] && b[3] >= frame[1]
}

/// The basemap under the layers, clipped to the frame (the caller opens the clip): sea, land,
/// the tile mosaic if any, coast and boundaries; municipality names only without tiles
/// (raster tiles carry their own place names, and two sets of names would collide).
pub fn basemap(scene: &mut Scene, f: &MapFrame, data: &BasemapData, tiles: Option<&Mosaic>) {
    let [x, y, w, h] = f.rect;
    scene.rect(x, y, w, h, Some(rgba(palette::SEA)), None);
    let bx = f.merc_box();
    let fill = |scene: &mut Scene, shapes: &[Shape], c: Colour| {
        for s in shapes.iter().filter(|s| meets(s.bbox, bx)) {
            let rings: Vec<Vec<(f32, f32)>> = s
                .polygons
                .iter()
                .flatten()
                .filter_map(|r| clip_ring(f, r.iter().map(|&m| f.merc_to_page(m))))
                .collect();
            scene.items.push(Item::Area {
                rings,
                fill: Some(rgba(c)),
                stroke: None,
            });
        }
    };
    let lines = |scene: &mut Scene, shapes: &[Shape], c: Colour, width: f32| {
        for s in shapes.iter().filter(|s| meets(s.bbox, bx)) {
            for l in &s.lines {
                // Rings are stored open: close them before clipping as lines.
                let closed = l.iter().chain(l.first()).map(|&m| f.merc_to_page(m));
                for pts in clip_line(f, closed) {
                    scene.items.push(Item::Line {
                        pts,
                        color: rgba(c),
                        width,
                        dash: None,
                    });
                }
            }
        }
    };
    fill(scene, &data.neighbours, palette::NEIGHBOUR_LAND);
    fill(scene, &data.land, palette::LAND);
    scene.items.extend(tiles.map(Mosaic::item));
    lines(scene, &data.land, palette::COAST_LINE, 0.6);
    lines(scene, &data.municipalities, palette::MUNICIPALITY_LINE, 0.4);
    lines(scene, &data.qarqe, palette::QARK_LINE, 0.9);
    // Names of the municipalities when the map is close enough for them to fit (1:600 000).
    if tiles.is_none() && f.scale_denominator() < 600_000.0 {
        for n in &data.municipality_names {
            let (px, py) = f.merc_to_page(n.merc);
            if px > x + 20.0 && px < x + w - 20.0 && py > y + 10.0 && py < y + h - 10.0 {
                scene.items.push(Item::Text {
                    x: px,
                    y: py,
                    size: 7.0,
                    weight: Weight::Regular,
                    color: rgba(palette::LABEL),
                    align: Align::Centre,
                    text: n.name.clone(),
                });
            }
        }
    }
}

/// The layers over the basemap, first layer at the bottom.
pub fn layers(scene: &mut Scene, f: &MapFrame, layers: &[PrintLayer]) {
    let bx = f.wgs84_box();
    for layer in layers {
        for shape in &layer.shapes {
            draw_shape(scene, f, bx, shape);
        }
    }
}

fn draw_shape(scene: &mut Scene, f: &MapFrame, bx: [f64; 4], shape: &PrintShape) {
    match shape {
        PrintShape::Area {
            area_wgs84,
            fill,
            stroke,
        } => {
            use geo::BoundingRect;
            let Some(b) = area_wgs84.bounding_rect() else {
                return;
            };
            if !meets([b.min().x, b.min().y, b.max().x, b.max().y], bx) {
                return;
            }
            let rings = area_wgs84
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .filter_map(|r| clip_ring(f, r.coords().map(|c| f.to_page(c.x, c.y))))
                .collect::<Vec<_>>();
            if rings.is_empty() {
                return;
            }
            scene.items.push(Item::Area {
                rings,
                fill: *fill,
                stroke: *stroke,
            });
        }
        PrintShape::Point {
            pos_wgs84,
            symbol,
            fill,
            r_pt,
        } => {
            let c = f.to_page(pos_wgs84[0], pos_wgs84[1]);
            symbol_at(scene, c, *symbol, *fill, *r_pt);
        }
        PrintShape::Line {
            pts_wgs84,
            color,
            width,
        } => scene.items.push(Item::Line {
            pts: pts_wgs84.iter().map(|p| f.to_page(p[0], p[1])).collect(),
            color: *color,
            width: *width,
            dash: None,
        }),
        PrintShape::Density(surface) => {
            if let Some(([x, y, w, h], image)) = surface.image(f) {
                scene.items.push(Item::Image { x, y, w, h, image });
            }
        }
        PrintShape::Label {
            pos_wgs84,
            text,
            size,
            dy_pt,
        } => {
            let (x, y) = f.to_page(pos_wgs84[0], pos_wgs84[1]);
            let y = y + dy_pt;
            // A rough halo: the text's width is not known here, 0.55 em per character.
            let w = text.chars().count() as f32 * size * 0.6;
            scene.rect(
                x - w / 2.0 - 1.5,
                y - size * 0.55,
                w + 3.0,
                size * 1.2,
                Some(Rgba::WHITE.with_alpha(190)),
                None,
            );
            scene.items.push(Item::Text {
                x,
                y: y + size * 0.35,
                size: *size,
                weight: Weight::Bold,
                color: Rgba::opaque(30, 30, 30),
                align: Align::Centre,
                text: text.clone(),
            });
        }
    }
}

/// A point symbol centred at `c` with a white outline (legible on any fill).
pub fn symbol_at(scene: &mut Scene, c: (f32, f32), symbol: Symbol, fill: Rgba, r: f32) {
    let outline = Some((Rgba::WHITE, 0.6));
    let (x, y) = c;
    let poly = |pts: Vec<(f32, f32)>| Item::Area {
        rings: vec![pts],
        fill: Some(fill),
        stroke: outline,
    };
    scene.items.push(match symbol {
        Symbol::Circle => Item::Circle {
            centre: c,
            r,
            fill: Some(fill),
            stroke: outline,
        },
        Symbol::Square => poly(vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ]),
        Symbol::Triangle => poly(vec![
            (x, y - r * 1.2),
            (x + r * 1.1, y + r * 0.8),
            (x - r * 1.1, y + r * 0.8),
        ]),
        Symbol::Diamond => poly(vec![
            (x, y - r * 1.3),
            (x + r, y),
            (x, y + r * 1.3),
            (x - r, y),
        ]),
    });
}
