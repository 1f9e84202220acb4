//! Web Mercator: WGS84 ↔ normalized Mercator ↔ XYZ tiles.
//!
//! `merc` coordinates are normalized Web Mercator (x and y in 0..1, y down; the formula of
//! walkers' `MercatorProjection` and of the OSM "slippy map" tiles). A tile `z/x/y` covers
//! `[x, x+1) × [y, y+1)` of the `2^z × 2^z` grid over that square; its pixel `(px, py)` at
//! `size` pixels per tile is `merc = ((x + px/size) / 2^z, (y + py/size) / 2^z)`.

/// Normalized Web Mercator of a WGS84 position (latitude clamped to ±85.05°).
pub fn merc_from_wgs84(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-85.051_128, 85.051_128);
    let x = (1.0 + lon.to_radians() / std::f64::consts::PI) / 2.0;
    let y = (1.0 - lat.to_radians().tan().asinh() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// WGS84 (lon, lat) of a normalized Web Mercator point.
pub fn wgs84_from_merc(m: [f64; 2]) -> [f64; 2] {
    let lon = (m[0] * 2.0 - 1.0) * 180.0;
    let lat = ((1.0 - m[1] * 2.0) * std::f64::consts::PI)
        .sinh()
        .atan()
        .to_degrees();
    [lon, lat]
}

/// One XYZ tile (Google/OSM numbering: y = 0 at the north).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileXyz {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileXyz {
    pub fn new(z: u8, x: u32, y: u32) -> Self {
        Self { z, x, y }
    }

    /// Tiles per side at this zoom (`2^z`).
    pub fn n(self) -> f64 {
        2f64.powi(self.z as i32)
    }

    /// The tile's box in normalized Mercator: [min x, min y, max x, max y].
    pub fn merc_bbox(self) -> [f64; 4] {
        let n = self.n();
        [
            self.x as f64 / n,
            self.y as f64 / n,
            (self.x + 1) as f64 / n,
            (self.y + 1) as f64 / n,
        ]
    }

    /// The tile containing a WGS84 position at zoom `z`.
    pub fn at_wgs84(z: u8, lon: f64, lat: f64) -> Self {
        let m = merc_from_wgs84(lon, lat);
        let n = 2f64.powi(z as i32);
        let max = (n as u32).saturating_sub(1);
        Self {
            z,
            x: ((m[0] * n).floor().max(0.0) as u32).min(max),
            y: ((m[1] * n).floor().max(0.0) as u32).min(max),
        }
    }
}

/// Every tile of zoom `z` that meets a WGS84 box [min lon, min lat, max lon, max lat], row by row.
pub fn tiles_covering(bbox_wgs84: [f64; 4], z: u8) -> Vec<TileXyz> {
    let nw = TileXyz::at_wgs84(z, bbox_wgs84[0], bbox_wgs84[3]);
    let se = TileXyz::at_wgs84(z, bbox_wgs84[2], bbox_wgs84[1]);
    (nw.y..=se.y)
        .flat_map(|y| (nw.x..=se.x).map(move |x| TileXyz::new(z, x, y)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tirana_is_in_the_expected_osm_tiles() {
        // Tirana (19.8187 E, 41.3275 N) is in the OSM tile 10/568/382.
        assert_eq!(
            TileXyz::at_wgs84(10, 19.8187, 41.3275),
            TileXyz::new(10, 568, 382)
        );
        let back = wgs84_from_merc(merc_from_wgs84(19.8187, 41.3275));
        assert!((back[0] - 19.8187).abs() < 1e-9 && (back[1] - 41.3275).abs() < 1e-9);
    }

    #[test]
    fn albania_needs_few_tiles_at_low_zoom_and_many_at_high_zoom() {
        let bbox = [19.25, 39.6, 21.1, 42.7];
        assert_eq!(tiles_covering(bbox, 6).len(), 2);
        let z10 = tiles_covering(bbox, 10);
        assert!(z10.len() > 50 && z10.len() < 120, "{}", z10.len());
        assert!(z10.iter().all(|t| t.z == 10));
    }
}
