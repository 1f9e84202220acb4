//! The places marked as excluded in the siting window, drawn over the map while the window is
//! open: a red dashed circle of the exclusion radius around each marked point, with a cross
//! in the middle. Map clicks add points only while marking is on (`map_view.rs`).

use egui::{Color32, Response, Shape, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use super::super::transform::{ScreenTransform, merc_from_wgs84};

/// The colour of excluded places.
pub const EXCLUDED: Color32 = Color32::from_rgb(200, 30, 30);

pub struct ExclusionOverlay<'a> {
    pub points_wgs84: &'a [[f64; 2]],
    pub radius_m: f64,
}

impl Plugin for ExclusionOverlay<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let t = ScreenTransform::from_projector(projector);
        let painter = ui.painter().with_clip_rect(t.rect);
        let stroke = Stroke::new(2.0, EXCLUDED);
        for &[lon, lat] in self.points_wgs84 {
            let centre = t.to_screen(merc_from_wgs84(lon, lat));
            let px_per_m = projector.scale_pixel_per_meter(lon_lat(lon, lat)) as f64;
            let r = (self.radius_m * px_per_m) as f32;
            if r >= 3.0 {
                let ring: Vec<egui::Pos2> = (0..=72)
                    .map(|i| {
                        let a = i as f32 / 72.0 * std::f32::consts::TAU;
                        centre + egui::vec2(a.cos(), a.sin()) * r
                    })
                    .collect();
                painter.extend(Shape::dashed_line(&ring, stroke, 6.0, 4.0));
            }
            let d = 5.0;
            painter.line_segment(
                [centre - egui::vec2(d, d), centre + egui::vec2(d, d)],
                stroke,
            );
            painter.line_segment(
                [centre - egui::vec2(d, -d), centre + egui::vec2(d, -d)],
                stroke,
            );
        }
    }
}
