//! Drawing for the edit overlay: a new feature waiting in the attribute form, the polygon
//! being drawn (vertices, edges, rubber band to the pointer) and hints over the map.

use egui::{Color32, Pos2, Rect, Shape, Stroke, Ui, vec2};

use super::transform::{ScreenTransform, merc_from_wgs84};
use crate::edit::vertices;

/// The edit tools' colour (handles, selection, drafts).
pub const ACCENT: Color32 = Color32::from_rgb(0, 170, 230);

pub fn screen(t: &ScreenTransform, lon: f64, lat: f64) -> Pos2 {
    t.to_screen(merc_from_wgs84(lon, lat))
}

/// The outline or point of a feature not saved yet.
pub fn draw_pending(painter: &egui::Painter, t: &ScreenTransform, g: &geo::Geometry<f64>) {
    use geo::CoordsIter;
    let stroke = Stroke::new(2.0, ACCENT);
    match g {
        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_) => {
            for c in g.coords_iter() {
                let p = screen(t, c.x, c.y);
                painter.circle_stroke(p, 9.0, stroke);
                painter.circle_filled(p, 3.0, ACCENT);
            }
        }
        _ => {
            for (_, c) in vertices::vertices(g) {
                painter.circle(screen(t, c.x, c.y), 3.5, Color32::WHITE, stroke);
            }
            if let Ok(m) = vertices::as_multipolygon(g) {
                for p in &m.0 {
                    let ring: Vec<Pos2> =
                        p.exterior().0.iter().map(|c| screen(t, c.x, c.y)).collect();
                    painter.add(Shape::line(ring, stroke));
                }
            }
        }
    }
}

/// The polygon being drawn: its vertices, its edges and a rubber band to the pointer.
pub fn draw_draft(
    painter: &egui::Painter,
    t: &ScreenTransform,
    draft: &[[f64; 2]],
    hover: Option<Pos2>,
) {
    if draft.is_empty() {
        return;
    }
    let mut pts: Vec<Pos2> = draft.iter().map(|p| screen(t, p[0], p[1])).collect();
    if let Some(h) = hover {
        pts.push(h);
    }
    painter.add(Shape::closed_line(pts.clone(), Stroke::new(2.0, ACCENT)));
    for p in pts.iter().take(draft.len()) {
        painter.circle(*p, 4.0, Color32::WHITE, Stroke::new(2.0, ACCENT));
    }
}

/// A hint at the bottom of the map (e.g. "zoom in to edit").
pub fn draw_hint(ui: &Ui, map: Rect, text: &str) {
    let painter = ui.painter();
    let font = egui::FontId::proportional(13.0);
    let galley = painter.layout_no_wrap(text.to_string(), font, Color32::WHITE);
    let r = egui::Align2::CENTER_BOTTOM.anchor_size(
        map.center_bottom() - vec2(0.0, 30.0),
        galley.size() + vec2(16.0, 8.0),
    );
    painter.rect_filled(r, 4.0, Color32::from_black_alpha(170));
    painter.galley(r.min + vec2(8.0, 4.0), galley, Color32::WHITE);
}
