//! Drawing the cases layer: individual points, or screen-grid clusters when many are in view.
//!
//! Input: the cases layer's prepared points (normalized Mercator, class = style class) and
//! the frame's transform. When more than [`MAX_POINTS`] cases are in view, cases are binned
//! into square cells of [`CELL_PX`] screen points anchored to the world (so clusters do not
//! jump while panning), in a dense grid; each non-empty cell becomes one
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
#[derive(Clone)]
struct Cell {
    sum: [f64; 2],
    by_class: [u32; MAX_CLASSES],
    n: usize,
}

/// Bins points into square cells of `cell_px` whose corners sit on `origin` + k·`cell_px`
/// (pass a world-anchored origin so clusters stay put while the map pans). The cells form a
/// dense grid over the points' extent (a screen holds a few hundred), so each point costs an
/// index computation and an add: O(n). Cells are listed row by row.
pub fn cluster(points: &[(Pos2, u8)], origin: Pos2, cell_px: f32) -> Vec<Cluster> {
    let key = |p: Pos2| {
        (
            ((p.x - origin.x) / cell_px).floor() as i64,
            ((p.y - origin.y) / cell_px).floor() as i64,
        )
    };
    let Some(first) = points.first() else {
        return Vec::new();
    };
    let (mut k0, mut k1) = (key(first.0), key(first.0));
    for (p, _) in points {
        let k = key(*p);
        k0 = (k0.0.min(k.0), k0.1.min(k.1));
        k1 = (k1.0.max(k.0), k1.1.max(k.1));
    }
    let (w, h) = ((k1.0 - k0.0 + 1) as usize, (k1.1 - k0.1 + 1) as usize);
    if w.saturating_mul(h) > 1 << 22 {
        // Points spread over far more cells than a screen holds: nothing sensible to draw.
        return Vec::new();
    }
    let empty = Cell {
        sum: [0.0; 2],
        by_class: [0; MAX_CLASSES],
        n: 0,
    };
    let mut cells = vec![empty; w * h];
    for (p, class) in points {
        let k = key(*p);
        let c = &mut cells[(k.1 - k0.1) as usize * w + (k.0 - k0.0) as usize];
        c.sum[0] += p.x as f64;
        c.sum[1] += p.y as f64;
        c.by_class[(*class as usize).min(MAX_CLASSES - 1)] += 1;
        c.n += 1;
    }
    cells
        .into_iter()
        .filter(|c| c.n > 0)
        .map(|c| {
            // Ties go to the first class in the style's order, so the colour is stable.
            let dominant = (0..MAX_CLASSES)
                .rev()
                .max_by_key(|&i| c.by_class[i])
                .unwrap_or(0) as u8;
            Cluster {
                centre: Pos2::new(
                    (c.sum[0] / c.n as f64) as f32,
                    (c.sum[1] / c.n as f64) as f32,
                ),
                count: c.n,
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
    // Cells anchored to the world (normalized Mercator 0,0), not to the window, so a cluster
    // keeps its place and count while the map pans.
    let world_origin = t.to_screen([0.0, 0.0]);
    for c in cluster(&points, world_origin, CELL_PX) {
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

    #[test]
    fn clusters_follow_the_world_not_the_window() {
        let pts: Vec<(egui::Pos2, u8)> = (0..200)
            .map(|i| {
                (
                    pos2((i * 7 % 300) as f32, (i * 13 % 200) as f32),
                    (i % 3) as u8,
                )
            })
            .collect();
        let before = cluster(&pts, pos2(-1000.0, -1000.0), 64.0);
        // Pan by 10.5 points: every point and the world origin move together.
        let moved: Vec<(egui::Pos2, u8)> = pts
            .iter()
            .map(|(p, c)| (*p + egui::vec2(10.5, -3.25), *c))
            .collect();
        let after = cluster(&moved, pos2(-989.5, -1003.25), 64.0);
        let counts = |c: &[Cluster]| c.iter().map(|c| (c.count, c.dominant)).collect::<Vec<_>>();
        assert_eq!(counts(&before), counts(&after));
        assert_eq!(before.iter().map(|c| c.count).sum::<usize>(), 200);
        assert!(cluster(&[], pos2(0.0, 0.0), 64.0).is_empty());
    }
}
