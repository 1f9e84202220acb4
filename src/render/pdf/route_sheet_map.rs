//! The small map on a route sheet: the route line, the base and the numbered stops over
//! optional context lines (municipality borders, roads), with a scale bar and a north arrow.
//!
//! Input in WGS84 degrees; drawn with a local equirectangular projection centred on the
//! route (x = λ·cos φ₀·R, y = φ·R, R = 6 371 km), which keeps distances within a fraction of
//! a percent over a municipality, so the scale bar is true. O(points) time.

use super::canvas::{Canvas, Rgb, Weight};

const R_M: f64 = 6_371_008.8;

/// What the sheet's map shows.
#[derive(Debug, Clone, Default)]
pub struct SheetMap {
    /// The route as driven or walked (base → stops → base), lon/lat.
    pub track_wgs84: Vec<(f64, f64)>,
    /// The stops in visiting order, lon/lat.
    pub stops_wgs84: Vec<(f64, f64)>,
    /// The team's base, lon/lat.
    pub base_wgs84: (f64, f64),
    /// Grey lines under the route (borders, roads), lon/lat.
    pub context_wgs84: Vec<Vec<(f64, f64)>>,
}

/// Draws `map` into the box (x, y, w, h) of the page.
pub fn draw_sheet_map(c: &mut Canvas, map: &SheetMap, (x, y, w, h): (f32, f32, f32, f32)) {
    c.rect(x, y, w, h, Some(Rgb(246, 244, 238)), Some((Rgb::GREY, 0.6)));
    let mut all: Vec<(f64, f64)> = map.track_wgs84.clone();
    all.extend(&map.stops_wgs84);
    all.push(map.base_wgs84);
    let lat0 = all.iter().map(|p| p.1).sum::<f64>() / all.len() as f64;
    let k = lat0.to_radians().cos();
    let proj = |p: (f64, f64)| (p.0.to_radians() * k * R_M, p.1.to_radians() * R_M);
    let xy: Vec<(f64, f64)> = all.iter().map(|&p| proj(p)).collect();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &xy {
        x0 = x0.min(p.0);
        y0 = y0.min(p.1);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    let pad = 18.0_f64;
    let span = ((x1 - x0) / (w as f64 - 2.0 * pad))
        .max((y1 - y0) / (h as f64 - 2.0 * pad - 20.0))
        .max(0.5); // metres per point; at least 0.5 m/pt for a single-spot route
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let to_page = |p: (f64, f64)| {
        let q = proj(p);
        (
            x + w / 2.0 + ((q.0 - cx) / span) as f32,
            y + h / 2.0 - 10.0 - ((q.1 - cy) / span) as f32,
        )
    };
    c.push_clip(x, y, w, h);
    for line in &map.context_wgs84 {
        let pts: Vec<(f32, f32)> = line.iter().map(|&p| to_page(p)).collect();
        c.polyline(&pts, Rgb(190, 186, 176), 0.6, None);
    }
    let track: Vec<(f32, f32)> = map.track_wgs84.iter().map(|&p| to_page(p)).collect();
    c.polyline(&track, Rgb(255, 255, 255), 4.0, None);
    c.polyline(&track, Rgb(200, 40, 40), 2.0, None);
    let b = to_page(map.base_wgs84);
    c.rect(
        b.0 - 5.0,
        b.1 - 5.0,
        10.0,
        10.0,
        Some(Rgb(30, 30, 30)),
        Some((Rgb::WHITE, 1.0)),
    );
    for (i, &p) in map.stops_wgs84.iter().enumerate() {
        let q = to_page(p);
        c.circle(q, 7.0, Some(Rgb(30, 80, 160)), Some((Rgb::WHITE, 1.0)));
        let label = (i + 1).to_string();
        c.text_centre(q.0, q.1 + 2.6, 7.0, Weight::Bold, Rgb::WHITE, &label);
    }
    c.pop();
    scale_bar(c, span, (x + 8.0, y + h - 8.0), w * 0.3);
    north_arrow(c, (x + w - 16.0, y + 10.0));
}

/// A scale bar of a round length no longer than `max_w` points, from `at` (left end).
fn scale_bar(c: &mut Canvas, m_per_pt: f64, at: (f32, f32), max_w: f32) {
    let max_m = m_per_pt * max_w as f64;
    let mut len_m = 1.0;
    'outer: for exp in 0..8 {
        for s in [1.0, 2.0, 5.0] {
            let v = s * 10f64.powi(exp);
            if v > max_m {
                break 'outer;
            }
            len_m = v;
        }
    }
    let w = (len_m / m_per_pt) as f32;
    let (x, y) = at;
    let label = if len_m >= 1000.0 {
        format!("{} km", len_m / 1000.0)
    } else {
        format!("{len_m} m")
    };
    let tw = c.fonts().width(&label, 7.0, Weight::Regular);
    c.rect(
        x - 3.0,
        y - 10.0,
        w + tw + 10.0,
        13.0,
        Some(Rgb(255, 255, 255)),
        None,
    );
    c.rect(
        x,
        y - 3.0,
        w / 2.0,
        3.0,
        Some(Rgb::BLACK),
        Some((Rgb::BLACK, 0.5)),
    );
    c.rect(
        x + w / 2.0,
        y - 3.0,
        w / 2.0,
        3.0,
        Some(Rgb::WHITE),
        Some((Rgb::BLACK, 0.5)),
    );
    c.text(x + w + 4.0, y, 7.0, Weight::Regular, Rgb::BLACK, &label);
}

fn north_arrow(c: &mut Canvas, (x, y): (f32, f32)) {
    c.polygon(
        &[
            (x, y),
            (x + 5.0, y + 14.0),
            (x, y + 11.0),
            (x - 5.0, y + 14.0),
        ],
        Some(Rgb::BLACK),
        None,
    );
    c.text_centre(x, y + 23.0, 7.0, Weight::Bold, Rgb::BLACK, "N");
}
