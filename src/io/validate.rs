//! Geometry checks of one imported record: reprojection to WGS84, finite numbers, inside
//! Albania (with a buffer), latitude/longitude swapped, the layer's geometry type, and
//! polygon validity (repaired only on request).
//!
//! Coordinates come in the source CRS and leave in WGS84. Swapped coordinates are detected
//! only for geographic sources (Albania's latitudes 39.6–42.7 and longitudes 19.2–21.1 do not
//! overlap, so a swap is unambiguous) and fixed only when the user asks.

use geo::{BoundingRect, Geometry, MakeValid, MultiPolygon, Validation};

use super::raw::RawGeometry;
use super::report::IssueCode;
use crate::crs::Transformer;
use crate::model::GeometryType;

/// Albania's extent (WGS84 lon/lat) grown by about 10 km on every side.
pub const ALBANIA_BUFFERED_WGS84: [f64; 4] = [19.16, 39.54, 21.17, 42.76];

pub fn in_albania(lon: f64, lat: f64) -> bool {
    let b = ALBANIA_BUFFERED_WGS84;
    (b[0]..=b[2]).contains(&lon) && (b[1]..=b[3]).contains(&lat)
}

fn bbox_touches_albania(g: &Geometry<f64>) -> bool {
    let Some(r) = g.bounding_rect() else {
        return false;
    };
    let b = ALBANIA_BUFFERED_WGS84;
    r.min().x <= b[2] && r.max().x >= b[0] && r.min().y <= b[3] && r.max().y >= b[1]
}

#[derive(Debug, Clone, Copy, Default)]
pub struct GeometryOptions {
    /// Apply detected latitude/longitude swaps (otherwise such records are rejected).
    pub fix_swapped: bool,
    /// Repair invalid polygons (otherwise they are rejected).
    pub repair_polygons: bool,
}

/// A problem found in one record: code, sentence, optional fix hint.
pub type Issue = (IssueCode, String, Option<&'static str>);

/// The checked geometry in WGS84 plus warnings, or the reason it was rejected.
pub type Checked = Result<(Geometry<f64>, Vec<Issue>), Issue>;

pub fn check_geometry(
    raw: &RawGeometry,
    to_wgs84: &Transformer,
    source_is_geographic: bool,
    expected: GeometryType,
    opts: GeometryOptions,
) -> Checked {
    let g = match raw {
        RawGeometry::Ok(g) => g,
        RawGeometry::Missing => {
            return Err((IssueCode::MissingCoordinates, "no coordinates".into(), None));
        }
        RawGeometry::Invalid(reason) => {
            return Err((IssueCode::InvalidCoordinates, reason.clone(), None));
        }
    };
    if !type_fits(g, expected) {
        return Err((
            IssueCode::WrongGeometryType,
            format!(
                "{} where this layer needs {}",
                GeometryType::of(g).gpkg_name(),
                expected.gpkg_name()
            ),
            None,
        ));
    }
    let mut warnings = Vec::new();
    let mut wgs = to_wgs84.geometry(g).map_err(|e| {
        (
            IssueCode::TransformFailed,
            e.to_string(),
            Some("check the CRS (--crs EPSG:N)"),
        )
    })?;
    if !bbox_touches_albania(&wgs) {
        let swapped = if source_is_geographic {
            swap_xy(&wgs)
        } else {
            None
        };
        match swapped {
            Some(s) if opts.fix_swapped => {
                warnings.push((
                    IssueCode::SwappedLatLon,
                    "latitude and longitude were swapped; fixed on request".into(),
                    None,
                ));
                wgs = s;
            }
            Some(_) => {
                return Err((
                    IssueCode::SwappedLatLon,
                    format!("latitude and longitude look swapped ({})", describe(&wgs)),
                    Some("run again with --fix-swapped to swap them"),
                ));
            }
            None => {
                return Err((
                    IssueCode::OutsideAlbania,
                    format!("{} is outside Albania", describe(&wgs)),
                    Some("check the coordinates or the CRS (--crs EPSG:N)"),
                ));
            }
        }
    }
    if let Some(mp) = as_multipolygon(&wgs) {
        let problems = mp.validation_errors();
        if !problems.is_empty() {
            let why = problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            if !opts.repair_polygons {
                return Err((
                    IssueCode::InvalidPolygon,
                    format!("invalid polygon: {why}"),
                    Some("run again with --repair-polygons"),
                ));
            }
            let fixed = mp.make_valid().map_err(|e| {
                (
                    IssueCode::InvalidPolygon,
                    format!("invalid polygon that cannot be repaired: {e}"),
                    None,
                )
            })?;
            warnings.push((
                IssueCode::RepairedPolygon,
                format!("invalid polygon repaired on request ({why})"),
                None,
            ));
            wgs = fixed.into();
        }
    }
    Ok((wgs, warnings))
}

fn describe(g: &Geometry<f64>) -> String {
    match g {
        Geometry::Point(p) => format!("point lon {:.6}, lat {:.6}", p.x(), p.y()),
        _ => g
            .bounding_rect()
            .map(|r| {
                format!(
                    "shape spanning lon {:.4}–{:.4}, lat {:.4}–{:.4}",
                    r.min().x,
                    r.max().x,
                    r.min().y,
                    r.max().y
                )
            })
            .unwrap_or_else(|| "empty shape".into()),
    }
}

fn swap_xy(g: &Geometry<f64>) -> Option<Geometry<f64>> {
    use geo::MapCoords;
    let s = g.map_coords(|c| geo::Coord { x: c.y, y: c.x });
    bbox_touches_albania(&s).then_some(s)
}

fn as_multipolygon(g: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match g {
        Geometry::Polygon(p) => Some(MultiPolygon::new(vec![p.clone()])),
        Geometry::MultiPolygon(m) => Some(m.clone()),
        _ => None,
    }
}

/// Whether a geometry can go into a layer of the expected type (singles fit multi layers).
pub fn type_fits(g: &Geometry<f64>, expected: GeometryType) -> bool {
    let t = GeometryType::of(g);
    match expected {
        GeometryType::Geometry => true,
        GeometryType::Point => t == GeometryType::Point,
        GeometryType::MultiPoint => matches!(t, GeometryType::Point | GeometryType::MultiPoint),
        GeometryType::LineString => t == GeometryType::LineString,
        GeometryType::MultiLineString => {
            matches!(t, GeometryType::LineString | GeometryType::MultiLineString)
        }
        GeometryType::Polygon => t == GeometryType::Polygon,
        GeometryType::MultiPolygon => {
            matches!(t, GeometryType::Polygon | GeometryType::MultiPolygon)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Point, polygon};

    fn wgs() -> Transformer {
        Transformer::new(&crate::crs::Crs::wgs84(), &crate::crs::Crs::wgs84())
    }

    #[test]
    fn swapped_point_is_detected_and_fixed_only_on_request() {
        let raw = RawGeometry::Ok(Point::new(41.3275, 19.8187).into());
        let err = check_geometry(
            &raw,
            &wgs(),
            true,
            GeometryType::Point,
            GeometryOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.0, IssueCode::SwappedLatLon);
        let opts = GeometryOptions {
            fix_swapped: true,
            ..Default::default()
        };
        let (g, warnings) = check_geometry(&raw, &wgs(), true, GeometryType::Point, opts).unwrap();
        assert_eq!(g, Geometry::Point(Point::new(19.8187, 41.3275)));
        assert_eq!(warnings[0].0, IssueCode::SwappedLatLon);
    }

    #[test]
    fn outside_albania_is_rejected() {
        let raw = RawGeometry::Ok(Point::new(2.35, 48.85).into());
        let err = check_geometry(
            &raw,
            &wgs(),
            true,
            GeometryType::Point,
            GeometryOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.0, IssueCode::OutsideAlbania);
    }

    #[test]
    fn bow_tie_is_rejected_then_repaired_on_request() {
        let bow = polygon![(x: 20.0, y: 41.0), (x: 20.1, y: 41.1), (x: 20.1, y: 41.0), (x: 20.0, y: 41.1)];
        let raw = RawGeometry::Ok(bow.into());
        let err = check_geometry(
            &raw,
            &wgs(),
            true,
            GeometryType::MultiPolygon,
            GeometryOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.0, IssueCode::InvalidPolygon);
        let opts = GeometryOptions {
            repair_polygons: true,
            ..Default::default()
        };
        let (g, w) = check_geometry(&raw, &wgs(), true, GeometryType::MultiPolygon, opts).unwrap();
        assert_eq!(w[0].0, IssueCode::RepairedPolygon);
        let Geometry::MultiPolygon(mp) = g else {
            panic!("expected a multipolygon")
        };
        assert!(mp.is_valid());
        assert_eq!(mp.0.len(), 2, "a bow tie repairs into two triangles");
    }

    #[test]
    fn wrong_type_and_missing() {
        let raw = RawGeometry::Ok(Point::new(20.0, 41.0).into());
        assert_eq!(
            check_geometry(
                &raw,
                &wgs(),
                true,
                GeometryType::MultiPolygon,
                GeometryOptions::default()
            )
            .unwrap_err()
            .0,
            IssueCode::WrongGeometryType
        );
        assert_eq!(
            check_geometry(
                &RawGeometry::Missing,
                &wgs(),
                true,
                GeometryType::Point,
                GeometryOptions::default()
            )
            .unwrap_err()
            .0,
            IssueCode::MissingCoordinates
        );
    }
}
