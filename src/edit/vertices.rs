//! Vertex editing of polygon geometries (WGS84 lon/lat) and their validity.
//!
//! A vertex is addressed by [`VertexRef`] (polygon part, ring: 0 = exterior, 1.. = holes, and
//! the index among the ring's distinct vertices, i.e. without the closing copy of the first).
//! Moving vertex 0 moves the closing coordinate too. Inserting "after" vertex i puts the new
//! vertex on the segment i → i+1 (the midpoint handle of that segment). Removing refuses to
//! leave a ring with fewer than 3 distinct vertices. Every result is checked with geo's
//! `Validation` (self-intersection, holes outside, overlapping parts) and refused with a
//! [`GeometryProblem`] rather than stored invalid; [`check_in_albania`] refuses positions
//! outside the country. Costs: O(n) per operation plus the
//! validity check (O(n log n) for the ring sweep, n = vertices).

use geo::algorithm::validation::{InvalidMultiPolygon, InvalidPolygon};
use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon, Validation};

/// One vertex of a polygon geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VertexRef {
    pub part: usize,
    /// 0 = exterior ring, 1.. = holes.
    pub ring: usize,
    pub index: usize,
}

/// Why a geometry edit was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeometryProblem {
    #[error("a polygon needs at least 3 different vertices")]
    TooFewVertices,
    #[error("the polygon's outline would cross itself")]
    SelfIntersection,
    #[error("the polygon would be invalid: {0}")]
    Invalid(String),
    #[error("the feature is not a polygon")]
    NotAPolygon,
    #[error("no such vertex")]
    NoSuchVertex,
    #[error("the position is outside Albania")]
    OutsideAlbania,
}

/// `Ok` when every coordinate of `g` lies in Albania (its extent grown by about 10 km), as
/// the importers require: a slip of the mouse into the sea or abroad is refused.
pub fn check_in_albania(g: &Geometry<f64>) -> Result<(), GeometryProblem> {
    use geo::CoordsIter;
    if g.coords_iter()
        .all(|c| crate::io::validate::in_albania(c.x, c.y))
    {
        Ok(())
    } else {
        Err(GeometryProblem::OutsideAlbania)
    }
}

/// The geometry as a multipolygon (a polygon becomes one part).
pub fn as_multipolygon(g: &Geometry<f64>) -> Result<MultiPolygon<f64>, GeometryProblem> {
    match g {
        Geometry::Polygon(p) => Ok(MultiPolygon::new(vec![p.clone()])),
        Geometry::MultiPolygon(m) => Ok(m.clone()),
        _ => Err(GeometryProblem::NotAPolygon),
    }
}

/// A ring's distinct vertices (without the closing copy of the first).
fn open_ring(ls: &LineString<f64>) -> Vec<Coord<f64>> {
    let mut v = ls.0.clone();
    if v.len() > 1 && v.first() == v.last() {
        v.pop();
    }
    v
}

fn rings(p: &Polygon<f64>) -> Vec<Vec<Coord<f64>>> {
    std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(open_ring)
        .collect()
}

fn rebuild(rings: Vec<Vec<Coord<f64>>>) -> Polygon<f64> {
    let mut closed = rings.into_iter().map(|mut r| {
        if let Some(first) = r.first().copied() {
            r.push(first);
        }
        LineString::new(r)
    });
    let exterior = closed.next().unwrap_or_else(|| LineString::new(vec![]));
    Polygon::new(exterior, closed.collect())
}

/// Every vertex of a polygon geometry, in order: (reference, lon/lat).
pub fn vertices(g: &Geometry<f64>) -> Vec<(VertexRef, Coord<f64>)> {
    let Ok(m) = as_multipolygon(g) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (part, p) in m.0.iter().enumerate() {
        for (ring, r) in rings(p).into_iter().enumerate() {
            out.extend(
                r.into_iter()
                    .enumerate()
                    .map(|(index, c)| (VertexRef { part, ring, index }, c)),
            );
        }
    }
    out
}

/// Applies `f` to the ring of `v`, then rebuilds and validates the geometry.
fn edit_ring(
    g: &Geometry<f64>,
    v: VertexRef,
    f: impl FnOnce(&mut Vec<Coord<f64>>) -> Result<(), GeometryProblem>,
) -> Result<Geometry<f64>, GeometryProblem> {
    let mut m = as_multipolygon(g)?;
    let poly = m.0.get_mut(v.part).ok_or(GeometryProblem::NoSuchVertex)?;
    let mut rs = rings(poly);
    let ring = rs.get_mut(v.ring).ok_or(GeometryProblem::NoSuchVertex)?;
    if v.index >= ring.len() {
        return Err(GeometryProblem::NoSuchVertex);
    }
    f(ring)?;
    *poly = rebuild(rs);
    check_polygonal(&m)?;
    Ok(m.into())
}

/// Moves vertex `v` to `to_wgs84`.
pub fn move_vertex(
    g: &Geometry<f64>,
    v: VertexRef,
    to_wgs84: [f64; 2],
) -> Result<Geometry<f64>, GeometryProblem> {
    edit_ring(g, v, |r| {
        r[v.index] = Coord::from((to_wgs84[0], to_wgs84[1]));
        Ok(())
    })
}

/// Inserts a vertex at `at_wgs84` on the segment from vertex `after` to the next one.
pub fn insert_vertex(
    g: &Geometry<f64>,
    after: VertexRef,
    at_wgs84: [f64; 2],
) -> Result<Geometry<f64>, GeometryProblem> {
    edit_ring(g, after, |r| {
        r.insert(after.index + 1, Coord::from((at_wgs84[0], at_wgs84[1])));
        Ok(())
    })
}

/// Removes vertex `v`, refusing to leave fewer than 3 distinct vertices in its ring.
pub fn remove_vertex(g: &Geometry<f64>, v: VertexRef) -> Result<Geometry<f64>, GeometryProblem> {
    edit_ring(g, v, |r| {
        r.remove(v.index);
        if distinct(r) < 3 {
            return Err(GeometryProblem::TooFewVertices);
        }
        Ok(())
    })
}

fn distinct(r: &[Coord<f64>]) -> usize {
    let mut seen: Vec<Coord<f64>> = Vec::with_capacity(r.len());
    for c in r {
        if !seen.contains(c) {
            seen.push(*c);
        }
    }
    seen.len()
}

/// A new one-part polygon from clicked vertices (WGS84); consecutive repeats are dropped.
pub fn polygon_from_clicks(
    points_wgs84: &[[f64; 2]],
) -> Result<MultiPolygon<f64>, GeometryProblem> {
    let mut ring: Vec<Coord<f64>> = Vec::with_capacity(points_wgs84.len() + 1);
    for p in points_wgs84 {
        let c = Coord::from((p[0], p[1]));
        if ring.last() != Some(&c) {
            ring.push(c);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if distinct(&ring) < 3 {
        return Err(GeometryProblem::TooFewVertices);
    }
    let m = MultiPolygon::new(vec![rebuild(vec![ring])]);
    check_polygonal(&m)?;
    Ok(m)
}

/// `Ok` when `m` is a valid multipolygon; otherwise the first problem in plain words.
pub fn check_polygonal(m: &MultiPolygon<f64>) -> Result<(), GeometryProblem> {
    match m.check_validation() {
        Ok(()) => Ok(()),
        Err(InvalidMultiPolygon::InvalidPolygon(_, InvalidPolygon::TooFewPointsInRing(_))) => {
            Err(GeometryProblem::TooFewVertices)
        }
        Err(InvalidMultiPolygon::InvalidPolygon(_, InvalidPolygon::SelfIntersection(_))) => {
            Err(GeometryProblem::SelfIntersection)
        }
        Err(e) => Err(GeometryProblem::Invalid(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use geo::polygon;

    use super::*;

    fn square() -> Geometry<f64> {
        MultiPolygon::new(vec![polygon![
            (x: 20.0, y: 41.0), (x: 20.1, y: 41.0), (x: 20.1, y: 41.1), (x: 20.0, y: 41.1), (x: 20.0, y: 41.0)
        ]])
        .into()
    }

    fn at(index: usize) -> VertexRef {
        VertexRef {
            part: 0,
            ring: 0,
            index,
        }
    }

    fn exterior(g: &Geometry<f64>) -> Vec<(f64, f64)> {
        as_multipolygon(g).expect("polygon").0[0]
            .exterior()
            .0
            .iter()
            .map(|c| (c.x, c.y))
            .collect()
    }

    #[test]
    fn moving_the_first_vertex_keeps_the_ring_closed() {
        let g = move_vertex(&square(), at(0), [19.99, 40.99]).expect("valid");
        let ring = exterior(&g);
        assert_eq!(ring.len(), 5);
        assert_eq!(ring[0], (19.99, 40.99));
        assert_eq!(ring[4], (19.99, 40.99));
        assert_eq!(vertices(&g).len(), 4);
    }

    #[test]
    fn insert_and_remove_vertices_never_below_three() {
        let g = insert_vertex(&square(), at(1), [20.15, 41.05]).expect("valid");
        assert_eq!(exterior(&g)[2], (20.15, 41.05));
        assert_eq!(vertices(&g).len(), 5);
        let g = remove_vertex(&g, at(2)).expect("back to the square");
        assert_eq!(exterior(&g), exterior(&square()));
        let triangle = remove_vertex(&g, at(3)).expect("a triangle is fine");
        assert_eq!(vertices(&triangle).len(), 3);
        assert_eq!(
            remove_vertex(&triangle, at(0)),
            Err(GeometryProblem::TooFewVertices)
        );
        assert_eq!(
            remove_vertex(&triangle, at(7)),
            Err(GeometryProblem::NoSuchVertex)
        );
    }

    #[test]
    fn a_self_intersecting_edit_is_refused() {
        // Dragging the top-right corner below the bottom side makes the outline cross itself.
        let err = move_vertex(&square(), at(2), [20.05, 40.9]).expect_err("crossing");
        assert_eq!(err, GeometryProblem::SelfIntersection);
        assert_eq!(
            polygon_from_clicks(&[[20.0, 41.0], [20.1, 41.1], [20.1, 41.0], [20.0, 41.1]]),
            Err(GeometryProblem::SelfIntersection)
        );
        assert_eq!(
            polygon_from_clicks(&[[20.0, 41.0], [20.1, 41.0], [20.1, 41.0], [20.0, 41.0]]),
            Err(GeometryProblem::TooFewVertices)
        );
        let ok = polygon_from_clicks(&[[20.0, 41.0], [20.1, 41.0], [20.1, 41.1], [20.1, 41.1]])
            .expect("triangle");
        assert_eq!(ok.0[0].exterior().0.len(), 4);
        assert_eq!(check_in_albania(&square()), Ok(()));
        let rome: Geometry<f64> = geo::Point::new(12.5, 41.9).into();
        assert_eq!(
            check_in_albania(&rome),
            Err(GeometryProblem::OutsideAlbania)
        );
        let point: Geometry<f64> = geo::Point::new(20.0, 41.0).into();
        assert_eq!(
            move_vertex(&point, at(0), [0.0, 0.0]),
            Err(GeometryProblem::NotAPolygon)
        );
    }
}
