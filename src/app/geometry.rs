//! Screen geometry for the map: layers prepared once per load, projected each frame.
//!
//! Input: a [`FeatureLayer`] (WGS84 lon/lat). Polygons are triangulated with geo's
//! `TriangulateEarcut` in WGS84 (egui fills convex shapes only, so concave polygons and holes
//! need triangles); every vertex is then cached in *normalized Web Mercator* (`merc`: x and y
//! in 0..1, y down, the same formula as walkers' `MercatorProjection`), which does not depend
//! on zoom; each frame `transform::ScreenTransform` maps them to screen points.

use geo::{Geometry, InteriorPoint, LineString, Polygon, TriangulateEarcut};

use super::transform::merc_from_wgs84;
use crate::model::FeatureLayer;

/// One feature ready to draw. Indices refer to `FeatureLayer::features`.
#[derive(Debug, Clone, Default)]
pub struct PreparedFeature {
    pub feature: usize,
    /// Normalized Mercator bounding box.
    pub bbox: [f64; 4],
    /// Fill triangles: vertices in normalized Mercator and indices into them.
    pub fill_vertices: Vec<[f64; 2]>,
    pub fill_indices: Vec<u32>,
    /// Polygon rings (exterior and holes, closed) and line strings.
    pub lines: Vec<Vec<[f64; 2]>>,
    pub points: Vec<[f64; 2]>,
    /// A point inside the feature for its label (polygons).
    pub label_at: Option<[f64; 2]>,
    /// Symbol class: index of the case kind / service type in its `ALL` list (0 otherwise).
    pub class: u8,
}

/// A whole layer ready to draw; built on the loader thread, shared read-only with the UI.
#[derive(Debug, Clone, Default)]
pub struct PreparedLayer {
    pub features: Vec<PreparedFeature>,
    pub bbox: Option<[f64; 4]>,
}

impl PreparedLayer {
    pub fn build(layer: &FeatureLayer) -> Self {
        let mut out = PreparedLayer::default();
        for (i, f) in layer.features.iter().enumerate() {
            let Some(g) = &f.geometry_wgs84 else { continue };
            let mut pf = PreparedFeature {
                feature: i,
                bbox: [
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ],
                ..Default::default()
            };
            add_geometry(&mut pf, g);
            if !pf.bbox[0].is_finite() {
                continue;
            }
            pf.label_at = g.interior_point().map(|p| merc_from_wgs84(p.x(), p.y()));
            out.bbox = Some(match out.bbox {
                None => pf.bbox,
                Some(b) => [
                    b[0].min(pf.bbox[0]),
                    b[1].min(pf.bbox[1]),
                    b[2].max(pf.bbox[2]),
                    b[3].max(pf.bbox[3]),
                ],
            });
            out.features.push(pf);
        }
        out
    }
}

fn grow(pf: &mut PreparedFeature, m: [f64; 2]) {
    pf.bbox = [
        pf.bbox[0].min(m[0]),
        pf.bbox[1].min(m[1]),
        pf.bbox[2].max(m[0]),
        pf.bbox[3].max(m[1]),
    ];
}

fn line_merc(pf: &mut PreparedFeature, ls: &LineString<f64>) -> Vec<[f64; 2]> {
    let pts: Vec<[f64; 2]> =
        ls.0.iter()
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|c| merc_from_wgs84(c.x, c.y))
            .collect();
    for p in &pts {
        grow(pf, *p);
    }
    pts
}

fn add_polygon(pf: &mut PreparedFeature, poly: &Polygon<f64>) {
    let exterior = line_merc(pf, poly.exterior());
    if exterior.len() < 3 {
        return;
    }
    pf.lines.push(exterior);
    for hole in poly.interiors() {
        let h = line_merc(pf, hole);
        if h.len() >= 3 {
            pf.lines.push(h);
        }
    }
    // Earcut asserts (in debug builds) rings of 4+ coordinates and cannot use NaN: triangulate
    // only the well-formed rings.
    let ok = |ls: &LineString<f64>| {
        ls.0.len() >= 4 && ls.0.iter().all(|c| c.x.is_finite() && c.y.is_finite())
    };
    if !ok(poly.exterior()) {
        return;
    }
    let clean;
    let poly = if poly.interiors().iter().all(ok) {
        poly
    } else {
        let holes = poly.interiors().iter().filter(|r| ok(r)).cloned().collect();
        clean = Polygon::new(poly.exterior().clone(), holes);
        &clean
    };
    let raw = poly.earcut_triangles_raw();
    let base = pf.fill_vertices.len() as u32;
    pf.fill_vertices
        .extend(raw.vertices.iter().map(|v| merc_from_wgs84(v[0], v[1])));
    pf.fill_indices
        .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
}

fn add_geometry(pf: &mut PreparedFeature, g: &Geometry<f64>) {
    match g {
        Geometry::Point(p) if p.x().is_finite() && p.y().is_finite() => {
            let m = merc_from_wgs84(p.x(), p.y());
            grow(pf, m);
            pf.points.push(m);
        }
        Geometry::Point(_) => {}
        Geometry::MultiPoint(mp) => {
            mp.0.iter()
                .for_each(|p| add_geometry(pf, &Geometry::Point(*p)))
        }
        Geometry::Line(l) => {
            let v = line_merc(pf, &LineString::from(vec![l.start, l.end]));
            pf.lines.push(v);
        }
        Geometry::LineString(ls) => {
            let v = line_merc(pf, ls);
            pf.lines.push(v);
        }
        Geometry::MultiLineString(m) => {
            for ls in &m.0 {
                let v = line_merc(pf, ls);
                pf.lines.push(v);
            }
        }
        Geometry::Polygon(p) => add_polygon(pf, p),
        Geometry::MultiPolygon(m) => m.0.iter().for_each(|p| add_polygon(pf, p)),
        Geometry::Rect(r) => add_polygon(pf, &r.to_polygon()),
        Geometry::Triangle(t) => add_polygon(pf, &t.to_polygon()),
        Geometry::GeometryCollection(c) => c.0.iter().for_each(|g| add_geometry(pf, g)),
    }
}

/// The WGS84 extent of the selected features of a layer (`None` when none has a geometry).
pub fn selection_bbox(
    layer: &super::state::LayerView,
    selected: &std::collections::BTreeSet<usize>,
) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    let mut out: Option<[f64; 4]> = None;
    for &i in selected {
        let Some(r) = layer
            .data
            .features
            .get(i)
            .and_then(|f| f.geometry_wgs84.as_ref())
            .and_then(|g| g.bounding_rect())
        else {
            continue;
        };
        let b = [r.min().x, r.min().y, r.max().x, r.max().y];
        out = Some(match out {
            None => b,
            Some(o) => [
                o[0].min(b[0]),
                o[1].min(b[1]),
                o[2].max(b[2]),
                o[3].max(b[3]),
            ],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::transform::wgs84_from_merc;
    use geo::polygon;

    #[test]
    fn concave_polygon_with_hole_is_triangulated() {
        use crate::model::{Feature, GeometryType, LayerKind};
        // An L shape with a square hole in its long arm.
        let poly = polygon!(
            exterior: [(x: 19.0, y: 40.0), (x: 21.0, y: 40.0), (x: 21.0, y: 40.5), (x: 19.5, y: 40.5),
                       (x: 19.5, y: 42.0), (x: 19.0, y: 42.0), (x: 19.0, y: 40.0)],
            interiors: [[(x: 19.1, y: 41.0), (x: 19.3, y: 41.0), (x: 19.3, y: 41.2), (x: 19.1, y: 41.2), (x: 19.1, y: 41.0)]],
        );
        let mut layer =
            FeatureLayer::new("m", LayerKind::Mines, GeometryType::MultiPolygon, vec![]);
        layer.features.push(Feature {
            fid: Some(1),
            geometry_wgs84: Some(poly.into()),
            values: vec![],
        });
        layer.features.push(Feature {
            fid: Some(2),
            geometry_wgs84: None,
            values: vec![],
        });
        let p = PreparedLayer::build(&layer);
        assert_eq!(p.features.len(), 1);
        let f = &p.features[0];
        assert_eq!(f.lines.len(), 2, "exterior and hole");
        // 6 + 4 distinct vertices → 10 vertices, a polygon with one hole gives n + 2h - 2 = 10 triangles.
        assert_eq!(f.fill_indices.len() / 3, 10);
        assert!(
            f.fill_indices
                .iter()
                .all(|&i| (i as usize) < f.fill_vertices.len())
        );
        let label = f.label_at.expect("label point");
        let [lon, lat] = wgs84_from_merc(label);
        assert!((19.0..=21.0).contains(&lon) && (40.0..=42.0).contains(&lat));
    }
}
