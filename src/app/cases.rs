//! Drawing the cases layer: individual points, or screen-grid clusters when many are in view.
//!
//! Input: the cases layer's prepared points (normalized Mercator, class = case kind index)
//! and the frame's transform. When more than [`MAX_POINTS`] cases are in view, cases are
//! binned into square screen cells of [`CELL_PX`] points; each non-empty cell becomes one
//! circle at the mean position of its cases, sized by log2(count), coloured by the most
//! frequent kind, with the count written inside. O(n) per frame for n cases in view.

use egui::{Color32, Pos2, Shape, Stroke};

use super::state::LayerView;
use super::style::{self, faded};
use super::transform::ScreenTransform;

/// Above this many cases in view, cases are clustered.
pub const MAX_POINTS: usize = 1500;
/// Side of a cluster cell, in screen points.
pub const CELL_PX: f32 = 64.0;
/// Classes a cluster tells apart (a style has at most this many; more fold into the last).
pub const MAX_CLASSES: usize = 16;
/// Radius of one case point, in screen points.
pub const POINT_RADIUS: f32 = 4.5;

fn class_colour(layer: &LayerView, class: u8) -> Color32 {
    style::colour(layer.style.look(class as usize).colour)
}

/// Screen positions and classes of the cases in view.
pub fn in_view(layer: &LayerView, t: &ScreenTransform) -> Vec<(Pos2, u8)> {
    let view = t.rect.expand(POINT_RADIUS);
    layer
        .in_view(t)
        .flat_map(|f| f.points.iter().map(move |m| (t.to_screen(*m), f.class)))
        .filter(|(p, _)| view.contains(*p))
        .collect()
}

/// One cluster: the cases of a screen cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub centre: Pos2,
    pub count: usize,
    pub dominant: u8,
}

/// Sum of positions, count per class and total count of one cell.
type Cell = ([f64; 2], [usize; MAX_CLASSES], usize);

/// Bins points into square cells; cells are listed in a stable order.
pub fn cluster(points: &[(Pos2, u8)], origin: Pos2, cell_px: f32) -> Vec<Cluster> {
    let mut cells: std::collections::BTreeMap<(i32, i32), Cell> = Default::default();
    for (p, class) in points {
        let key = (
            ((p.x - origin.x) / cell_px).floor() as i32,
            ((p.y - origin.y) / cell_px).floor() as i32,
        );
        let e = cells.entry(key).or_insert(([0.0; 2], [0; MAX_CLASSES], 0));
        e.0[0] += p.x as f64;
        e.0[1] += p.y as f64;
        e.1[(*class as usize).min(MAX_CLASSES - 1)] += 1;
        e.2 += 1;
    }
    cells
        .into_values()
        .map(|(sum, by_class, n)| {
            // Ties go to the first class in the style's order, so the colour is stable.
            let dominant = (0..MAX_CLASSES)
                .rev()
                .max_by_key(|&c| by_class[c])
                .unwrap_or(0) as u8;
            Cluster {
                centre: Pos2::new((sum[0] / n as f64) as f32, (sum[1] / n as f64) as f32),
                count: n,
                dominant,
            }
        })
        .collect()
}

/// Shapes of the cases layer, and the circles (centre, radius) of the clusters drawn, or
/// `None` when cases were drawn one by one.
pub fn shapes(
    painter: &egui::Painter,
    layer: &LayerView,
    t: &ScreenTransform,
) -> (Vec<Shape>, Option<Vec<(Pos2, f32)>>) {
    let points = in_view(layer, t);
    let mut out = Vec::new();
    let outline = Stroke::new(1.0, faded(Color32::WHITE, layer.opacity));
    if points.len() <= MAX_POINTS {
        for (p, class) in &points {
            out.push(Shape::circle_filled(
                *p,
                POINT_RADIUS,
                faded(class_colour(layer, *class), layer.opacity),
            ));
            out.push(Shape::circle_stroke(*p, POINT_RADIUS, outline));
        }
        return (out, None);
    }
    let mut circles = Vec::new();
    for c in cluster(&points, t.rect.min, CELL_PX) {
        let fill = class_colour(layer, c.dominant);
        if c.count == 1 {
            out.push(Shape::circle_filled(
                c.centre,
                POINT_RADIUS,
                faded(fill, layer.opacity),
            ));
            out.push(Shape::circle_stroke(c.centre, POINT_RADIUS, outline));
            continue;
        }
        // Radius grows with log2(count) and stays below half a cell, so clusters rarely overlap.
        let r = (6.0 + 2.5 * (c.count as f32).log2()).clamp(8.0, CELL_PX * 0.36);
        circles.push((c.centre, r));
        out.push(Shape::circle_filled(
            c.centre,
            r,
            faded(fill.gamma_multiply(0.9), layer.opacity),
        ));
        out.push(Shape::circle_stroke(
            c.centre,
            r,
            Stroke::new(1.5, faded(Color32::WHITE, layer.opacity)),
        ));
        let luminance = 0.299 * fill.r() as f32 + 0.587 * fill.g() as f32 + 0.114 * fill.b() as f32;
        let text_colour = if luminance > 140.0 {
            Color32::BLACK
        } else {
            Color32::WHITE
        };
        let galley = painter.layout_no_wrap(
            c.count.to_string(),
            egui::FontId::proportional(11.0),
            text_colour,
        );
        let at = egui::Align2::CENTER_CENTER
            .anchor_size(c.centre, galley.size())
            .min;
        out.push(Shape::galley(at, galley, faded(text_colour, layer.opacity)));
    }
    (out, Some(circles))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn clusters_count_every_point_once_and_pick_the_dominant_kind() {
        let mut pts = Vec::new();
        for i in 0..10 {
            pts.push((pos2(5.0 + i as f32, 5.0), 2u8)); // cell (0,0): 10 × kind 2
        }
        pts.push((pos2(6.0, 6.0), 0u8)); // one of kind 0 in the same cell
        pts.push((pos2(105.0, 5.0), 4u8)); // cell (2,0)
        let clusters = cluster(&pts, pos2(0.0, 0.0), 48.0);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters.iter().map(|c| c.count).sum::<usize>(), pts.len());
        assert_eq!(clusters[0].count, 11);
        assert_eq!(clusters[0].dominant, 2);
        assert_eq!(clusters[1].dominant, 4);
        assert!((clusters[1].centre.x - 105.0).abs() < 1e-3);
    }
}
