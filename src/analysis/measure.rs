//! Measuring on the map: the length of a path and the area of a polygon on the WGS84
//! ellipsoid, and their display as text.
//!
//! Inputs: vertices as WGS84 `[lon, lat]` degrees. Outputs: metres and square metres.
//! Algorithm: geodesics on the WGS84 ellipsoid (Karney 2013, via `geo`'s `Geodesic` and
//! `GeodesicArea`), exact to well under a millimetre, so figures agree with QGIS's
//! ellipsoidal measurements. Complexity: O(n) in the number of vertices.

use geo::orient::{Direction, Orient};
use geo::{Distance, Geodesic, GeodesicArea, LineString, Point, Polygon};

/// Geodesic length of the path through `points_wgs84`, in metres.
pub fn path_length_m(points_wgs84: &[[f64; 2]]) -> f64 {
    points_wgs84
        .windows(2)
        .map(|w| Geodesic.distance(Point::new(w[0][0], w[0][1]), Point::new(w[1][0], w[1][1])))
        .sum()
}

/// Geodesic area of the polygon with vertices `points_wgs84` (closed implicitly), in square
/// metres; 0 for fewer than three vertices. Clockwise and counter-clockwise give the same.
pub fn polygon_area_m2(points_wgs84: &[[f64; 2]]) -> f64 {
    if points_wgs84.len() < 3 {
        return 0.0;
    }
    let ring: LineString<f64> = points_wgs84.iter().map(|p| (p[0], p[1])).collect();
    // geo's geodesic area treats a clockwise ring as the rest of the globe: orient first.
    Polygon::new(ring, vec![])
        .orient(Direction::Default)
        .geodesic_area_unsigned()
}

/// "850 m", "12.4 km", "125 km": metres below 1 km, then km with one decimal below 100 km.
pub fn format_distance(m: f64) -> String {
    if m < 1000.0 {
        format!("{m:.0} m")
    } else if m < 100_000.0 {
        format!("{:.1} km", m / 1000.0)
    } else {
        format!("{:.0} km", m / 1000.0)
    }
}

/// "5400 m²", "3.25 km²", "28748 km²": m² below 0.1 km², then km² with two decimals, and
/// whole km² from 100 km².
pub fn format_area(m2: f64) -> String {
    if m2 < 100_000.0 {
        format!("{m2:.0} m²")
    } else if m2 < 100_000_000.0 {
        format!("{:.2} km²", m2 / 1e6)
    } else {
        format!("{:.0} km²", m2 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tirana_to_durres_is_about_33_km() {
        // Skanderbeg Square to Durrës port. Reference: GeographicLib (Karney) Geodesic.WGS84
        // Inverse, 30 518.381 m.
        let d = path_length_m(&[[19.8187, 41.3275], [19.4547, 41.3131]]);
        assert!((d - 30_518.381).abs() < 0.01, "{d}");
    }

    #[test]
    fn a_one_km_square_near_bulqize_has_one_square_km() {
        // 1 km east-west and north-south at 41.5° N, built from metre offsets.
        let lat = 41.5f64;
        let dlat = 1000.0 / 111_061.0; // metres per degree of latitude at 41.5° (ellipsoid)
        let dlon = 1000.0 / (111_320.0 * lat.to_radians().cos() * 1.0012);
        let sq = [
            [20.2, lat],
            [20.2 + dlon, lat],
            [20.2 + dlon, lat + dlat],
            [20.2, lat + dlat],
        ];
        // Reference: GeographicLib PolygonArea on WGS84: 1 000 222.763 m², perimeter
        // 4 000.446 m.
        let a = polygon_area_m2(&sq);
        assert!((a - 1_000_222.763).abs() < 0.5, "{a}");
        let mut reversed = sq;
        reversed.reverse();
        assert!(
            (polygon_area_m2(&reversed) - a).abs() < 1e-3,
            "{} vs {a}",
            polygon_area_m2(&reversed)
        );
        assert_eq!(polygon_area_m2(&sq[..2]), 0.0);
        let perimeter = path_length_m(&[sq[0], sq[1], sq[2], sq[3], sq[0]]);
        assert!((perimeter - 4000.446).abs() < 0.01, "{perimeter}");
    }

    #[test]
    fn figures_read_naturally() {
        assert_eq!(format_distance(849.6), "850 m");
        assert_eq!(format_distance(12_449.0), "12.4 km");
        assert_eq!(format_distance(125_400.0), "125 km");
        assert_eq!(format_area(5_400.0), "5400 m²");
        assert_eq!(format_area(3_250_000.0), "3.25 km²");
        assert_eq!(format_area(28_748e6), "28748 km²");
    }
}
