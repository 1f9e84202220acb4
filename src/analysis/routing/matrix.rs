//! Travel costs between the locations of a routing problem (team bases, then stops).
//!
//! [`TravelMatrix`] holds two n × n row-major tables: distance in metres and time in seconds
//! from row to column; `f64::INFINITY` means "cannot get there" (e.g. no road). The solver is
//! generic over it: a road network fills it with shortest paths (asymmetric tables are fine),
//! and [`TravelMatrix::haversine`] fills it with straight lines on the sphere × a detour
//! factor, driven at a constant speed.
//! Haversine: great-circle distance on a sphere of radius [`EARTH_RADIUS_M`] (the IUGG mean
//! radius, as `geo::Haversine` and the OR-Tools reference script use); within 0.5 % of the
//! ellipsoidal distance in Albania. Complexity: O(n²) time and memory (1,300 locations:
//! 13.5 MB for both tables).

use geo::Point;

use super::RoutingError;

/// Mean Earth radius (metres) of the haversine distances.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two WGS84 points.
pub fn haversine_m(a: Point<f64>, b: Point<f64>) -> f64 {
    let (lat1, lat2) = (a.y().to_radians(), b.y().to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.x() - a.x()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Distances (m) and times (s) between `n` locations, row-major; INFINITY = unreachable.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelMatrix {
    pub n: usize,
    pub dist_m: Vec<f64>,
    pub time_s: Vec<f64>,
}

impl TravelMatrix {
    /// Checks the tables: n × n entries each, no NaN, nothing negative, zero on the diagonal
    /// is not required (a location may appear twice).
    pub fn new(n: usize, dist_m: Vec<f64>, time_s: Vec<f64>) -> Result<Self, RoutingError> {
        let m = TravelMatrix { n, dist_m, time_s };
        m.check()?;
        Ok(m)
    }

    /// The checks of [`TravelMatrix::new`].
    pub fn check(&self) -> Result<(), RoutingError> {
        let (n, bad) = (self.n, |why: String| Err(RoutingError::BadMatrix(why)));
        if self.dist_m.len() != n * n || self.time_s.len() != n * n {
            return bad(format!(
                "{n} locations need {} entries, got {} distances and {} times",
                n * n,
                self.dist_m.len(),
                self.time_s.len()
            ));
        }
        for (what, v) in [("distance", &self.dist_m), ("time", &self.time_s)] {
            if let Some(i) = v.iter().position(|x| x.is_nan() || *x < 0.0) {
                return bad(format!(
                    "the {what} from location {} to {} is {}",
                    i / n,
                    i % n,
                    v[i]
                ));
            }
        }
        Ok(())
    }

    /// Straight lines: haversine × `detour` (≥ 1) metres, at `speed_kmh` (> 0).
    pub fn haversine(
        points_wgs84: &[Point<f64>],
        speed_kmh: f64,
        detour: f64,
    ) -> Result<Self, RoutingError> {
        if !(speed_kmh.is_finite() && speed_kmh > 0.0) {
            return Err(RoutingError::BadInput(format!(
                "the speed must be a positive number of km/h, not {speed_kmh}"
            )));
        }
        if !(detour.is_finite() && detour >= 1.0) {
            return Err(RoutingError::BadInput(format!(
                "the detour factor must be at least 1 (straight line), not {detour}"
            )));
        }
        if let Some(i) = points_wgs84
            .iter()
            .position(|p| !(p.x().is_finite() && p.y().is_finite()))
        {
            return Err(RoutingError::BadInput(format!(
                "location {i} has no valid coordinates"
            )));
        }
        let n = points_wgs84.len();
        let mps = speed_kmh / 3.6;
        let mut dist_m = vec![0.0; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let d = haversine_m(points_wgs84[i], points_wgs84[j]) * detour;
                dist_m[i * n + j] = d;
                dist_m[j * n + i] = d;
            }
        }
        let time_s = dist_m.iter().map(|d| d / mps).collect();
        Ok(TravelMatrix { n, dist_m, time_s })
    }

    pub fn dist(&self, from: usize, to: usize) -> f64 {
        self.dist_m[from * self.n + to]
    }

    pub fn time(&self, from: usize, to: usize) -> f64 {
        self.time_s[from * self.n + to]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distances_and_scales() {
        let tirana = Point::new(19.8187, 41.3275);
        let durres = Point::new(19.4565, 41.3231);
        // 30.249 km on the sphere (the OR-Tools reference script computes the same).
        let d = haversine_m(tirana, durres);
        assert!((d - 30_249.25).abs() < 0.01, "{d}");
        let m = TravelMatrix::haversine(&[tirana, durres], 40.0, 1.3).unwrap();
        assert_eq!(m.dist(0, 0), 0.0);
        assert!((m.dist(0, 1) - d * 1.3).abs() < 1e-6);
        assert_eq!(m.dist(0, 1), m.dist(1, 0));
        assert!((m.time(0, 1) - d * 1.3 / (40.0 / 3.6)).abs() < 1e-6);
    }

    #[test]
    fn bad_input_is_refused() {
        let p = [Point::new(19.8, 41.3)];
        assert!(TravelMatrix::haversine(&p, 0.0, 1.3).is_err());
        assert!(TravelMatrix::haversine(&p, 40.0, 0.9).is_err());
        assert!(TravelMatrix::haversine(&[Point::new(f64::NAN, 1.0)], 40.0, 1.0).is_err());
        assert!(TravelMatrix::new(2, vec![0.0; 4], vec![0.0; 3]).is_err());
        assert!(TravelMatrix::new(1, vec![f64::NAN], vec![0.0]).is_err());
        assert!(TravelMatrix::new(1, vec![f64::INFINITY], vec![f64::INFINITY]).is_ok());
    }
}
