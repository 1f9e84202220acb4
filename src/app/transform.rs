//! Web Mercator for the on-screen map: WGS84 ↔ normalized Mercator ↔ screen points.
//!
//! `merc` coordinates are normalized Web Mercator (x and y in 0..1, y down), the same formula
//! as walkers' `MercatorProjection`, and do not depend on zoom, so prepared geometry caches
//! them once. Each frame a [`ScreenTransform`] (taken from walkers' `Projector`) maps them to
//! screen points with one multiply and add per vertex:
//! `screen = centre + (merc - merc_centre) · world_px`, `world_px = 256 · 2^zoom`.

use egui::{Pos2, Rect, pos2};
use walkers::Projector;

/// The Mercator formulas are shared with the tile renderer (one definition).
pub use crate::render::mercator::{merc_from_wgs84, wgs84_from_merc};

/// Maps normalized Mercator to screen points for one frame of the map widget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenTransform {
    pub rect: Rect,
    pub merc_centre: [f64; 2],
    /// Width of the whole world in screen points at this zoom (`256 · 2^zoom`).
    pub world_px: f64,
    pub zoom: f64,
}

impl ScreenTransform {
    pub fn from_projector(projector: &Projector) -> Self {
        let rect = projector.clip_rect();
        let centre = projector.unproject(rect.center().to_vec2());
        Self::new(rect, [centre.x(), centre.y()], projector.zoom())
    }

    pub fn new(rect: Rect, centre_wgs84: [f64; 2], zoom: f64) -> Self {
        Self {
            rect,
            merc_centre: merc_from_wgs84(centre_wgs84[0], centre_wgs84[1]),
            world_px: 256.0 * 2f64.powf(zoom),
            zoom,
        }
    }

    pub fn to_screen(&self, m: [f64; 2]) -> Pos2 {
        let c = self.rect.center();
        pos2(
            (c.x as f64 + (m[0] - self.merc_centre[0]) * self.world_px) as f32,
            (c.y as f64 + (m[1] - self.merc_centre[1]) * self.world_px) as f32,
        )
    }

    pub fn to_merc(&self, p: Pos2) -> [f64; 2] {
        let c = self.rect.center();
        [
            self.merc_centre[0] + (p.x - c.x) as f64 / self.world_px,
            self.merc_centre[1] + (p.y - c.y) as f64 / self.world_px,
        ]
    }

    pub fn to_wgs84(&self, p: Pos2) -> [f64; 2] {
        wgs84_from_merc(self.to_merc(p))
    }

    /// Ground metres per screen point at the centre of the view (Web Mercator's scale factor
    /// 1/cos(latitude) taken into account).
    pub fn metres_per_point(&self) -> f64 {
        let lat = wgs84_from_merc(self.merc_centre)[1].to_radians();
        2.0 * std::f64::consts::PI * 6_378_137.0 * lat.cos() / self.world_px
    }

    /// The map scale as the N of "1:N" on a screen of 96 points per inch, rounded to two
    /// significant digits (what a planner compares with a paper map).
    pub fn scale_denominator(&self) -> f64 {
        let metres_per_screen_metre = self.metres_per_point() / (0.0254 / 96.0);
        let magnitude = 10f64.powf(metres_per_screen_metre.log10().floor() - 1.0);
        (metres_per_screen_metre / magnitude).round() * magnitude
    }

    /// The visible area in normalized Mercator: [min x, min y, max x, max y].
    pub fn view_bbox(&self) -> [f64; 4] {
        let a = self.to_merc(self.rect.min);
        let b = self.to_merc(self.rect.max);
        [a[0], a[1], b[0], b[1]]
    }
}

pub fn bbox_intersects(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;
    use walkers::{MapMemory, MercatorProjection, lon_lat};

    #[test]
    fn screen_transform_matches_walkers_projector() {
        let mut memory = MapMemory::default();
        memory.set_zoom(9.3).expect("zoom");
        memory.center_at(lon_lat(20.0, 41.2));
        let rect = Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0));
        let projector = Projector::new(rect, &MercatorProjection, &memory, lon_lat(0.0, 0.0));
        let t = ScreenTransform::from_projector(&projector);
        for (lon, lat) in [(19.45, 40.1), (20.9, 42.5), (20.0, 41.2)] {
            let ours = t.to_screen(merc_from_wgs84(lon, lat));
            let theirs = projector.project(lon_lat(lon, lat)).to_pos2();
            assert!((ours - theirs).length() < 0.05, "{ours:?} vs {theirs:?}");
            let back = t.to_wgs84(ours);
            assert!((back[0] - lon).abs() < 1e-6 && (back[1] - lat).abs() < 1e-6);
        }
    }

    #[test]
    fn scale_follows_zoom_and_latitude() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        // At the equator, zoom 0: 40 075 km over 256 points.
        let t = ScreenTransform::new(rect, [0.0, 0.0], 0.0);
        assert!((t.metres_per_point() - 156_543.03).abs() < 0.01);
        // One zoom level halves it; at 41.3° N it is cos(41.3°) times smaller.
        let t = ScreenTransform::new(rect, [19.8, 41.3], 1.0);
        let expected = 156_543.03 / 2.0 * 41.3f64.to_radians().cos();
        assert!(
            (t.metres_per_point() - expected).abs() < 0.5,
            "{}",
            t.metres_per_point()
        );
        // Zoom 12 over Tirana: about 28.7 m per point, 1:110 000 at 96 dpi.
        let t = ScreenTransform::new(rect, [19.8, 41.3], 12.0);
        assert_eq!(t.scale_denominator(), 110_000.0);
    }
}
