//! Shapefile shapes → `geo` geometries, in the file's CRS (x = easting/longitude).
//!
//! Point, MultiPoint, Polyline and Polygon with their M and Z variants (M and Z dropped);
//! a Null shape is `Missing`; MultiPatch and non-finite coordinates are `Invalid`.
//! A polyline of one part is a LineString, of several a MultiLineString.
//!
//! Polygon rings are assembled into polygons with holes the way the shapefile specification
//! defines them: a clockwise ring (negative shoelace area with y up) is an outer ring, a
//! counter-clockwise ring a hole. Each hole goes to the smallest outer ring that contains it
//! (rings need not be ordered outer-then-holes). A hole inside no outer ring becomes an outer
//! ring of its own, and a polygon whose rings are all counter-clockwise (a writer that got the
//! orientation wrong) is assembled by containment alone; both cases add a note.

use geo::{Area, Contains, Coord, Geometry, LineString, MultiLineString, MultiPoint, Point};
use geo::{MultiPolygon, Polygon};
use shapefile::Shape;
use shapefile::record::traits::HasXY;

use crate::io::raw::RawGeometry;

/// The geometry of one shape, and a note when its rings needed repair.
pub fn to_raw(shape: &Shape) -> (RawGeometry, Option<String>) {
    let converted = match shape {
        Shape::NullShape => return (RawGeometry::Missing, None),
        Shape::Point(p) => point(p),
        Shape::PointM(p) => point(p),
        Shape::PointZ(p) => point(p),
        Shape::Multipoint(m) => multipoint(m.points()),
        Shape::MultipointM(m) => multipoint(m.points()),
        Shape::MultipointZ(m) => multipoint(m.points()),
        Shape::Polyline(l) => polyline(l.parts()),
        Shape::PolylineM(l) => polyline(l.parts()),
        Shape::PolylineZ(l) => polyline(l.parts()),
        Shape::Polygon(p) => polygon(p.rings().iter().map(|r| r.points())),
        Shape::PolygonM(p) => polygon(p.rings().iter().map(|r| r.points())),
        Shape::PolygonZ(p) => polygon(p.rings().iter().map(|r| r.points())),
        Shape::Multipatch(_) => Err("MultiPatch shapes (3-D surfaces) are not supported".into()),
    };
    match converted {
        Ok((g, note)) => (RawGeometry::Ok(g), note),
        Err(reason) => (RawGeometry::Invalid(reason), None),
    }
}

type Converted = Result<(Geometry<f64>, Option<String>), String>;

fn xy<P: HasXY>(points: &[P]) -> Result<Vec<Coord<f64>>, String> {
    points
        .iter()
        .map(|p| {
            let (x, y) = (p.x(), p.y());
            if x.is_finite() && y.is_finite() {
                Ok(Coord { x, y })
            } else {
                Err(format!("coordinate ({x}, {y}) is not a finite number"))
            }
        })
        .collect()
}

fn point<P: HasXY>(p: &P) -> Converted {
    let c = xy(std::slice::from_ref(p))?;
    Ok((Point::from(c[0]).into(), None))
}

fn multipoint<P: HasXY>(points: &[P]) -> Converted {
    let coords = xy(points)?;
    match coords.len() {
        0 => Err("the MultiPoint has no points".into()),
        _ => Ok((MultiPoint::from(coords).into(), None)),
    }
}

fn polyline<P: HasXY>(parts: &[Vec<P>]) -> Converted {
    let mut lines = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        if part.len() < 2 {
            return Err(format!(
                "part {} of the line has {} point(s) (2 are needed)",
                i + 1,
                part.len()
            ));
        }
        lines.push(LineString::new(xy(part)?));
    }
    match lines.len() {
        0 => Err("the line has no parts".into()),
        1 => Ok((lines.remove(0).into(), None)),
        _ => Ok((MultiLineString::new(lines).into(), None)),
    }
}

fn polygon<'a, P: HasXY + 'a>(rings: impl Iterator<Item = &'a [P]>) -> Converted {
    let mut all = Vec::new();
    for (i, ring) in rings.enumerate() {
        if ring.len() < 4 {
            return Err(format!(
                "ring {} has {} point(s) (a closed ring needs 4)",
                i + 1,
                ring.len()
            ));
        }
        all.push(LineString::new(xy(ring)?));
    }
    if all.is_empty() {
        return Err("the polygon has no rings".into());
    }
    let (polygons, note) = assemble(all);
    let g: Geometry<f64> = match polygons.len() {
        1 => polygons
            .into_iter()
            .next()
            .map(Geometry::Polygon)
            .ok_or("no polygon")?,
        _ => MultiPolygon::new(polygons).into(),
    };
    Ok((g, note))
}

/// Signed shoelace area: negative for clockwise rings (y up).
fn signed_area(ring: &LineString<f64>) -> f64 {
    Polygon::new(ring.clone(), vec![]).signed_area()
}

/// Whether `inner` lies inside `outer`: some vertex of `inner` strictly inside `outer`.
fn inside(inner: &LineString<f64>, outer: &Polygon<f64>) -> bool {
    inner.0.iter().any(|c| outer.contains(c))
}

/// Rings → polygons with holes (see the module documentation).
pub fn assemble(rings: Vec<LineString<f64>>) -> (Vec<Polygon<f64>>, Option<String>) {
    let areas: Vec<f64> = rings.iter().map(signed_area).collect();
    let by_orientation = areas.iter().any(|a| *a < 0.0);
    // Outer rings first, largest first, so a ring is only placed after any ring holding it.
    let mut order: Vec<usize> = (0..rings.len()).collect();
    order.sort_by(|&a, &b| {
        let outer = |i: usize| !by_orientation || areas[i] <= 0.0;
        outer(b)
            .cmp(&outer(a))
            .then(areas[b].abs().total_cmp(&areas[a].abs()))
    });
    let mut shells: Vec<(Polygon<f64>, f64)> = Vec::new();
    let mut holes: Vec<Vec<LineString<f64>>> = Vec::new();
    let mut note = None;
    for i in order {
        let ring = &rings[i];
        let wants_hole = !by_orientation || areas[i] > 0.0;
        let host = if wants_hole {
            // The smallest shell holding it (by containment only: also not inside its holes).
            (shells.iter().enumerate())
                .filter(|(k, (shell, _))| {
                    inside(ring, shell)
                        && !holes[*k]
                            .iter()
                            .any(|h| inside(ring, &Polygon::new(h.clone(), vec![])))
                })
                .min_by(|a, b| a.1.1.total_cmp(&b.1.1))
                .map(|(k, _)| k)
        } else {
            None
        };
        match host {
            Some(k) => holes[k].push(ring.clone()),
            None => {
                if by_orientation && wants_hole {
                    note = Some(
                        "a hole lies in no outer ring: it was read as an outer ring".to_string(),
                    );
                }
                shells.push((Polygon::new(ring.clone(), vec![]), areas[i].abs()));
                holes.push(Vec::new());
            }
        }
    }
    if !by_orientation && rings.len() > 1 {
        note = Some("no ring is clockwise (the shapefile rule for outer rings): rings were assembled by containment".into());
    }
    let polygons = shells
        .into_iter()
        .zip(holes)
        .map(|((shell, _), hs)| Polygon::new(shell.exterior().clone(), hs))
        .collect();
    (polygons, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, h: f64, clockwise: bool) -> LineString<f64> {
        let mut c = vec![
            (x - h, y - h),
            (x + h, y - h),
            (x + h, y + h),
            (x - h, y + h),
            (x - h, y - h),
        ];
        if clockwise {
            c.reverse();
        }
        LineString::from(c)
    }

    #[test]
    fn holes_go_to_the_outer_ring_that_holds_them_in_any_order() {
        // Outer A, outer B, then A's hole listed after B.
        let rings = vec![
            square(0.0, 0.0, 10.0, true),
            square(50.0, 0.0, 5.0, true),
            square(0.0, 0.0, 2.0, false),
        ];
        let (polys, note) = assemble(rings);
        assert_eq!(note, None);
        assert_eq!(polys.len(), 2);
        let a = polys.iter().find(|p| p.exterior().0[0].x < 20.0).unwrap();
        assert_eq!(a.interiors().len(), 1);
    }

    #[test]
    fn wrong_orientation_is_assembled_by_containment() {
        let rings = vec![
            square(0.0, 0.0, 2.0, false),
            square(0.0, 0.0, 10.0, false),
            square(0.0, 0.0, 1.0, false),
        ];
        let (polys, note) = assemble(rings);
        assert!(note.is_some());
        // 10 holds 2 as a hole; 1 is inside that hole, so it is an island of its own.
        assert_eq!(polys.len(), 2);
        assert_eq!(polys[0].interiors().len(), 1);
        let (orphan, note) = assemble(vec![
            square(0.0, 0.0, 10.0, true),
            square(50.0, 0.0, 1.0, false),
        ]);
        assert_eq!(orphan.len(), 2);
        assert!(note.unwrap().contains("in no outer ring"));
    }

    #[test]
    fn shapes_to_geometries() {
        use shapefile::{Point as SPoint, PointZ, Polyline};
        assert_eq!(to_raw(&Shape::NullShape).0, RawGeometry::Missing);
        let (g, _) = to_raw(&Shape::PointZ(PointZ::new(1.0, 2.0, 3.0, 0.0)));
        assert_eq!(g, RawGeometry::Ok(Point::new(1.0, 2.0).into()));
        let (g, _) = to_raw(&Shape::Point(SPoint::new(f64::NAN, 2.0)));
        assert!(matches!(g, RawGeometry::Invalid(_)));
        let line = Polyline::with_parts(vec![
            vec![SPoint::new(0.0, 0.0), SPoint::new(1.0, 1.0)],
            vec![SPoint::new(2.0, 2.0), SPoint::new(3.0, 3.0)],
        ]);
        let (g, _) = to_raw(&Shape::Polyline(line));
        assert!(matches!(g, RawGeometry::Ok(Geometry::MultiLineString(m)) if m.0.len() == 2));
    }
}
