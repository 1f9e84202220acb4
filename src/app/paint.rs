//! Painting prepared geometry into egui shapes for one frame.
//!
//! Input: a [`PreparedLayer`] (normalized Mercator) and the frame's [`ScreenTransform`].
//! Features whose box misses the view are skipped; fills become one egui `Mesh` per layer
//! (triangles off screen dropped); outlines are split into the runs that cross the view and
//! thinned to one vertex per ~0.7 screen point, so a country outline costs little when zoomed
//! out and nothing off screen when zoomed in.

use egui::epaint::PathStroke;
use egui::{Color32, Mesh, Pos2, Rect, Shape, Stroke};

use super::geometry::{PreparedFeature, PreparedLayer};
use super::transform::{ScreenTransform, bbox_intersects};

/// The features of a layer whose bounding box meets the view (with a small margin).
pub fn in_view<'a>(
    layer: &'a PreparedLayer,
    t: &ScreenTransform,
) -> impl Iterator<Item = &'a PreparedFeature> {
    let view = t.view_bbox();
    let margin = 8.0 / t.world_px;
    let view = [
        view[0] - margin,
        view[1] - margin,
        view[2] + margin,
        view[3] + margin,
    ];
    layer
        .features
        .iter()
        .filter(move |f| bbox_intersects(&f.bbox, &view))
}

/// One mesh with the fill of every polygon in view, or `None` when nothing is visible.
pub fn fill_mesh<'a>(
    features: impl Iterator<Item = &'a PreparedFeature>,
    t: &ScreenTransform,
    colour: Color32,
) -> Option<Shape> {
    if colour.a() == 0 {
        return None;
    }
    let view = t.rect.expand(2.0);
    let mut mesh = Mesh::default();
    for f in features {
        if f.fill_indices.is_empty() {
            continue;
        }
        let base = mesh.vertices.len() as u32;
        let screen: Vec<Pos2> = f.fill_vertices.iter().map(|m| t.to_screen(*m)).collect();
        for p in &screen {
            mesh.colored_vertex(*p, colour);
        }
        for tri in f.fill_indices.chunks_exact(3) {
            let (a, b, c) = (tri[0] as usize, tri[1] as usize, tri[2] as usize);
            let (Some(pa), Some(pb), Some(pc)) = (screen.get(a), screen.get(b), screen.get(c))
            else {
                continue;
            };
            if view.intersects(Rect::from_points(&[*pa, *pb, *pc])) {
                mesh.add_triangle(base + tri[0], base + tri[1], base + tri[2]);
            }
        }
    }
    (!mesh.indices.is_empty()).then(|| Shape::mesh(mesh))
}

/// Outline shapes of every line or ring of the features given.
pub fn outlines<'a>(
    out: &mut Vec<Shape>,
    features: impl Iterator<Item = &'a PreparedFeature>,
    t: &ScreenTransform,
    stroke: Stroke,
) {
    if stroke.is_empty() {
        return;
    }
    let view = t.rect.expand(stroke.width + 2.0);
    for f in features {
        for line in &f.lines {
            for run in visible_runs(line, t, view) {
                out.push(Shape::line(
                    run,
                    PathStroke::new(stroke.width, stroke.color),
                ));
            }
        }
    }
}

/// Splits a line into the runs of segments that touch `view`, dropping vertices closer than
/// 0.7 points to the previous one kept.
pub fn visible_runs(line: &[[f64; 2]], t: &ScreenTransform, view: Rect) -> Vec<Vec<Pos2>> {
    let mut runs = Vec::new();
    let mut run: Vec<Pos2> = Vec::new();
    let mut prev: Option<Pos2> = None;
    for m in line {
        let p = t.to_screen(*m);
        if let Some(q) = prev {
            if view.intersects(Rect::from_two_pos(q, p)) {
                if run.is_empty() {
                    run.push(q);
                }
                let last = run.last().copied().unwrap_or(q);
                if (p - last).length_sq() >= 0.49 {
                    run.push(p);
                }
            } else if !run.is_empty() {
                close_run(&mut runs, &mut run, q);
            }
        }
        prev = Some(p);
    }
    if let Some(q) = prev
        && !run.is_empty()
    {
        close_run(&mut runs, &mut run, q);
    }
    runs
}

fn close_run(runs: &mut Vec<Vec<Pos2>>, run: &mut Vec<Pos2>, end: Pos2) {
    if run.last() != Some(&end) {
        run.push(end);
    }
    if run.len() >= 2 {
        runs.push(std::mem::take(run));
    } else {
        run.clear();
    }
}

/// Text with a light halo, readable on any background.
pub fn halo_text(
    painter: &egui::Painter,
    out: &mut Vec<Shape>,
    at: Pos2,
    text: &str,
    size: f32,
    colour: Color32,
) -> Rect {
    let font = egui::FontId::proportional(size);
    let galley = painter.layout_no_wrap(text.to_string(), font.clone(), colour);
    let rect = egui::Align2::CENTER_CENTER.anchor_size(at, galley.size());
    let halo = painter.layout_no_wrap(text.to_string(), font, super::style::HALO);
    for d in [
        egui::vec2(-1.0, 0.0),
        egui::vec2(1.0, 0.0),
        egui::vec2(0.0, -1.0),
        egui::vec2(0.0, 1.0),
    ] {
        out.push(Shape::galley(
            rect.min + d,
            halo.clone(),
            super::style::HALO,
        ));
    }
    out.push(Shape::galley(rect.min, galley, colour));
    rect
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::transform::merc_from_wgs84;
    use egui::{pos2, vec2};

    #[test]
    fn runs_skip_segments_outside_the_view_and_thin_vertices() {
        let t = ScreenTransform::new(
            Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 300.0)),
            [20.0, 41.0],
            10.0,
        );
        // West → east through the centre, with many vertices very close together, then far away and back.
        let mut line: Vec<[f64; 2]> = (0..=1000)
            .map(|i| merc_from_wgs84(19.9 + i as f64 * 0.0002, 41.0))
            .collect();
        line.push(merc_from_wgs84(25.0, 41.0));
        line.push(merc_from_wgs84(25.0, 45.0));
        line.push(merc_from_wgs84(20.0, 41.01));
        let runs = visible_runs(&line, &t, t.rect);
        assert!(!runs.is_empty());
        let kept: usize = runs.iter().map(Vec::len).sum();
        assert!(kept < 400, "thinned to {kept} vertices");
        for run in &runs {
            assert!(run.len() >= 2);
        }
    }
}
