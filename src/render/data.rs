//! The basemap's input, prepared once for many tiles: plain data, no store.
//!
//! Input: the project's base layers as [`FeatureLayer`]s (WGS84): land (the Coastline layer's
//! polygons), municipalities (with a `name` field) and qarqe, plus a list of [`Settlement`]s.
//! Every ring and line is converted once to normalized Web Mercator with its bounding box, so
//! a tile only visits the features whose box meets it. Municipality names are anchored at an
//! interior point (geo's `InteriorPoint`, as on screen). Without a land layer the union of
//! the municipalities (else the qarqe) stands in for the land, as on screen.

use geo::{Geometry, InteriorPoint, LineString, Polygon};

use super::mercator::merc_from_wgs84;
use crate::model::FeatureLayer;

/// Settlement classes, most important first; each has its own first zoom and label size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SettlementRank {
    City,
    Town,
    Village,
    Hamlet,
}

impl SettlementRank {
    /// From an OSM `place=*` value; suburbs, localities, squares etc. are not drawn.
    pub fn from_osm_place(place: &str) -> Option<Self> {
        Some(match place {
            "city" => Self::City,
            "town" => Self::Town,
            "village" => Self::Village,
            "hamlet" => Self::Hamlet,
            _ => return None,
        })
    }

    /// From OSM `place=*` and `population`: a place of 20 000 people or more is shown as a
    /// city whatever its tag, and a "city" of unknown population as a town (OSM tags in
    /// Albania are uneven: Sarandë is a town, the village of Fierzë a city).
    pub fn from_osm(place: &str, population: Option<f64>) -> Option<Self> {
        let tagged = Self::from_osm_place(place)?;
        Some(match population {
            Some(p) if p >= 20_000.0 && tagged <= Self::Town => Self::City,
            None if tagged == Self::City => Self::Town,
            _ => tagged,
        })
    }

    /// The first zoom at which names of this class are drawn.
    pub fn from_zoom(self) -> u8 {
        match self {
            Self::City => 8,
            Self::Town => 10,
            Self::Village => 12,
            Self::Hamlet => 13,
        }
    }

    /// Label size (pixel height of the font at 256 px tiles).
    pub fn label_size(self) -> f32 {
        match self {
            Self::City => 13.0,
            Self::Town => 12.0,
            Self::Village => 11.0,
            Self::Hamlet => 10.0,
        }
    }
}

/// A named place drawn as a dot with its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub name: String,
    pub rank: SettlementRank,
    pub population: Option<f64>,
    pub pos_wgs84: [f64; 2],
}

/// Rings or lines of one feature in normalized Mercator, with its box.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub bbox: [f64; 4],
    /// Polygons (each: exterior then holes, not repeating the first point) for fills.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
    /// Every ring and line string, for outlines.
    pub lines: Vec<Vec<[f64; 2]>>,
}

/// A label anchored in normalized Mercator.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPoint {
    pub name: String,
    pub merc: [f64; 2],
}

/// Everything a tile is drawn from. `Send + Sync`: shared by the rendering threads.
#[derive(Debug, Clone, Default)]
pub struct BasemapData {
    /// The neighbouring countries' land (drawn under Albania's, never as sea).
    pub neighbours: Vec<Shape>,
    pub land: Vec<Shape>,
    pub municipalities: Vec<Shape>,
    pub qarqe: Vec<Shape>,
    pub municipality_names: Vec<NamedPoint>,
    /// Most important first (rank, then population).
    pub settlements: Vec<(Settlement, [f64; 2])>,
}

impl BasemapData {
    pub fn new(
        land: Option<&FeatureLayer>,
        municipalities: Option<&FeatureLayer>,
        qarqe: Option<&FeatureLayer>,
        settlements: Vec<Settlement>,
    ) -> Self {
        let land_layer = land.or(municipalities).or(qarqe);
        let mut settlements: Vec<(Settlement, [f64; 2])> = settlements
            .into_iter()
            .filter(|s| s.pos_wgs84.iter().all(|v| v.is_finite()))
            .map(|s| {
                let m = merc_from_wgs84(s.pos_wgs84[0], s.pos_wgs84[1]);
                (s, m)
            })
            .collect();
        settlements.sort_by(|a, b| {
            a.0.rank.cmp(&b.0.rank).then(
                b.0.population
                    .unwrap_or(0.0)
                    .total_cmp(&a.0.population.unwrap_or(0.0)),
            )
        });
        Self {
            neighbours: Vec::new(),
            land: land_layer.map(shapes).unwrap_or_default(),
            municipalities: municipalities.map(shapes).unwrap_or_default(),
            qarqe: qarqe.map(shapes).unwrap_or_default(),
            municipality_names: municipalities.map(names).unwrap_or_default(),
            settlements,
        }
    }

    /// Adds the neighbouring countries' land (polygons in WGS84).
    pub fn with_neighbours(mut self, neighbours: &FeatureLayer) -> Self {
        self.neighbours = shapes(neighbours);
        self
    }

    /// The WGS84 box of the land (or of whatever stands in for it).
    pub fn extent_wgs84(&self) -> Option<[f64; 4]> {
        let b = self.land.iter().map(|s| s.bbox).reduce(union)?;
        let nw = super::mercator::wgs84_from_merc([b[0], b[1]]);
        let se = super::mercator::wgs84_from_merc([b[2], b[3]]);
        Some([nw[0], se[1], se[0], nw[1]])
    }
}

fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

fn shapes(layer: &FeatureLayer) -> Vec<Shape> {
    layer
        .features
        .iter()
        .filter_map(|f| f.geometry_wgs84.as_ref())
        .filter_map(|g| {
            let mut s = Shape {
                bbox: [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
                ..Shape::default()
            };
            add(&mut s, g);
            (s.bbox[0] <= s.bbox[2]).then_some(s)
        })
        .collect()
}

fn names(layer: &FeatureLayer) -> Vec<NamedPoint> {
    layer
        .features
        .iter()
        .filter_map(|f| {
            let name = layer.value(f, "name").non_empty_text()?;
            let p = f.geometry_wgs84.as_ref()?.interior_point()?;
            Some(NamedPoint {
                name,
                merc: merc_from_wgs84(p.x(), p.y()),
            })
        })
        .collect()
}

fn ring(s: &mut Shape, ls: &LineString<f64>) -> Vec<[f64; 2]> {
    let pts: Vec<[f64; 2]> =
        ls.0.iter()
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|c| merc_from_wgs84(c.x, c.y))
            .collect();
    for p in &pts {
        s.bbox = union(s.bbox, [p[0], p[1], p[0], p[1]]);
    }
    pts
}

fn polygon(s: &mut Shape, p: &Polygon<f64>) {
    let mut rings = Vec::new();
    for ls in std::iter::once(p.exterior()).chain(p.interiors()) {
        let mut r = ring(s, ls);
        if r.len() >= 4 {
            s.lines.push(r.clone());
            r.pop(); // closed rings repeat their first point
            rings.push(r);
        }
    }
    if !rings.is_empty() {
        s.polygons.push(rings);
    }
}

fn add(s: &mut Shape, g: &Geometry<f64>) {
    match g {
        Geometry::Polygon(p) => polygon(s, p),
        Geometry::MultiPolygon(m) => m.0.iter().for_each(|p| polygon(s, p)),
        Geometry::Rect(r) => polygon(s, &r.to_polygon()),
        Geometry::Triangle(t) => polygon(s, &t.to_polygon()),
        Geometry::LineString(ls) => {
            let l = ring(s, ls);
            s.lines.push(l);
        }
        Geometry::MultiLineString(m) => {
            for ls in &m.0 {
                let l = ring(s, ls);
                s.lines.push(l);
            }
        }
        Geometry::GeometryCollection(c) => c.0.iter().for_each(|g| add(s, g)),
        Geometry::Point(_) | Geometry::MultiPoint(_) | Geometry::Line(_) => {}
    }
}
