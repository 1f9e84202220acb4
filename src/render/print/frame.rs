//! The map rectangle of a printed page: a WGS84 extent fitted into it in Web Mercator (as the
//! screen map and the tiles draw), the mapping from degrees to page points, and the scale.
//!
//! Fitting: the extent (grown by a margin) is converted to normalized Mercator; the larger of
//! its two spans relative to the rectangle sets the points per Mercator unit, and the other
//! axis is centred, so nothing is stretched. Scale: Mercator stretches distances by
//! 1 / cos φ, so at the frame's centre latitude φ₀ one point on paper is
//! `(earth circumference · cos φ₀) / (points per Mercator unit)` metres on the ground; the
//! printed scale 1:N is that over 1 point = 0.352 78 mm. [`nice_bar_m`] picks a round scale-bar
//! length (1, 2, 5 × 10ⁿ metres). O(1) per point.

use crate::render::mercator::merc_from_wgs84;

/// WGS84 circumference of the equator, metres (Web Mercator's sphere uses the same radius).
const EQUATOR_M: f64 = 40_075_016.686;
/// One PDF point in metres.
const POINT_M: f64 = 0.0254 / 72.0;

/// A map rectangle on the page and the extent drawn in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapFrame {
    /// The rectangle in points: x, y (top-left), width, height.
    pub rect: [f32; 4],
    /// Normalized Mercator at the rectangle's top-left corner.
    origin_merc: [f64; 2],
    /// Points per normalized-Mercator unit.
    scale: f64,
}

impl MapFrame {
    /// Fits `extent_wgs84` (`[min lon, min lat, max lon, max lat]`), grown by `margin` (a
    /// share of its size on each side), into `rect`.
    pub fn fit(rect: [f32; 4], extent_wgs84: [f64; 4], margin: f64) -> Self {
        let a = merc_from_wgs84(extent_wgs84[0], extent_wgs84[3]);
        let b = merc_from_wgs84(extent_wgs84[2], extent_wgs84[1]);
        let (mut w, mut h) = ((b[0] - a[0]).abs().max(1e-9), (b[1] - a[1]).abs().max(1e-9));
        let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        w *= 1.0 + 2.0 * margin;
        h *= 1.0 + 2.0 * margin;
        let (rw, rh) = (f64::from(rect[2]).max(1.0), f64::from(rect[3]).max(1.0));
        let scale = (rw / w).min(rh / h);
        let origin_merc = [centre[0] - rw / scale / 2.0, centre[1] - rh / scale / 2.0];
        Self {
            rect,
            origin_merc,
            scale,
        }
    }

    /// A WGS84 position in page points.
    pub fn to_page(&self, lon: f64, lat: f64) -> (f32, f32) {
        self.merc_to_page(merc_from_wgs84(lon, lat))
    }

    /// A normalized-Mercator position in page points.
    pub fn merc_to_page(&self, m: [f64; 2]) -> (f32, f32) {
        (
            self.rect[0] + ((m[0] - self.origin_merc[0]) * self.scale) as f32,
            self.rect[1] + ((m[1] - self.origin_merc[1]) * self.scale) as f32,
        )
    }

    /// The frame's box in normalized Mercator: `[min x, min y, max x, max y]`.
    pub fn merc_box(&self) -> [f64; 4] {
        let w = f64::from(self.rect[2]) / self.scale;
        let h = f64::from(self.rect[3]) / self.scale;
        [
            self.origin_merc[0],
            self.origin_merc[1],
            self.origin_merc[0] + w,
            self.origin_merc[1] + h,
        ]
    }

    /// The frame's box in WGS84: `[min lon, min lat, max lon, max lat]`.
    pub fn wgs84_box(&self) -> [f64; 4] {
        use crate::render::mercator::wgs84_from_merc;
        let b = self.merc_box();
        let nw = wgs84_from_merc([b[0], b[1]]);
        let se = wgs84_from_merc([b[2], b[3]]);
        [nw[0], se[1], se[0], nw[1]]
    }

    /// Latitude of the frame's centre (degrees).
    pub fn centre_lat(&self) -> f64 {
        let b = self.wgs84_box();
        (b[1] + b[3]) / 2.0
    }

    /// Ground metres per page point at the frame's centre latitude.
    pub fn metres_per_point(&self) -> f64 {
        EQUATOR_M * self.centre_lat().to_radians().cos() / self.scale
    }

    /// The printed scale denominator N of 1:N at the centre.
    pub fn scale_denominator(&self) -> f64 {
        self.metres_per_point() / POINT_M
    }
}

/// The longest round length (1, 2 or 5 × 10ⁿ metres) not longer than `max_m`.
pub fn nice_bar_m(max_m: f64) -> f64 {
    if !(max_m.is_finite() && max_m > 0.0) {
        return 0.0;
    }
    let p = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * p)
        .find(|&v| v <= max_m)
        .unwrap_or(p)
}

/// "500 m", "2 km", "20 km".
pub fn bar_label(m: f64) -> String {
    if m >= 1000.0 {
        format!("{} km", m / 1000.0)
    } else {
        format!("{m} m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_extent_inside_and_centred() {
        // Bulqizë municipality, roughly.
        let ext = [20.15, 41.35, 20.45, 41.65];
        let f = MapFrame::fit([50.0, 80.0, 500.0, 300.0], ext, 0.05);
        let (x0, y0) = f.to_page(ext[0], ext[3]);
        let (x1, y1) = f.to_page(ext[2], ext[1]);
        assert!(x0 >= 50.0 && x1 <= 550.0 && y0 >= 80.0 && y1 <= 380.0);
        // Taller than wide: the height is the binding side, with the 5 % margins.
        assert!(((y1 - y0) - 300.0 / 1.1).abs() < 0.5, "{}", y1 - y0);
        let cx = (x0 + x1) / 2.0;
        assert!((cx - 300.0).abs() < 0.5);
    }

    #[test]
    fn the_scale_matches_the_ground_distance() {
        // 0.3° of longitude at 41.5° N is 25.0 km (Haversine on the 6 371 km sphere: 24.99).
        let f = MapFrame::fit([0.0, 0.0, 400.0, 400.0], [20.15, 41.35, 20.45, 41.65], 0.0);
        let (xa, _) = f.to_page(20.15, 41.5);
        let (xb, _) = f.to_page(20.45, 41.5);
        let ground_m = f64::from(xb - xa) * f.metres_per_point();
        assert!((ground_m - 24_990.0).abs() < 150.0, "{ground_m}");
        // The latitude span binds (Mercator stretches it by 1/cos φ): the 25 km are 299 pt =
        // 105.6 mm wide, about 1:237 000.
        let n = f.scale_denominator();
        assert!((230_000.0..245_000.0).contains(&n), "{n}");
    }

    #[test]
    fn scale_bars_are_round() {
        assert_eq!(nice_bar_m(7_300.0), 5_000.0);
        assert_eq!(nice_bar_m(19_999.0), 10_000.0);
        assert_eq!(nice_bar_m(2_000.0), 2_000.0);
        assert_eq!(nice_bar_m(260.0), 200.0);
        assert_eq!(bar_label(5_000.0), "5 km");
        assert_eq!(bar_label(500.0), "500 m");
    }
}
