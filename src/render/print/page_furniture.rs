//! The furniture around and on a printed map: the scale bar (a round length from
//! [`nice_bar_m`], with 1:N rounded to two digits), the north arrow (Web Mercator keeps north
//! up), the legend (each layer's title wrapped to two lines, then its rows with a swatch drawn
//! as on the map) and the inset of Albania with the mapped area as a red box. All in points;
//! O(legend rows + inset vertices).

use super::frame::{MapFrame, bar_label, nice_bar_m};
use super::map_layers::{LegendEntry, PrintLayer, Swatch, symbol_at};
use super::map_page::{PageTable, PageWords};
use super::{Align, Item, Rgba, Scene, Weight};
use crate::render::data::BasemapData;
use crate::render::pdf::PdfFonts;

pub(super) fn scale_bar(s: &mut Scene, f: &MapFrame, words: &PageWords) {
    let [x, y, w, h] = f.rect;
    let m_per_pt = f.metres_per_point();
    let bar_m = nice_bar_m(m_per_pt * f64::from(w) * 0.25);
    if bar_m <= 0.0 {
        return;
    }
    let len = (bar_m / m_per_pt) as f32;
    let (bx, by) = (x + 10.0, y + h - 12.0);
    s.rect(
        bx - 5.0,
        by - 24.0,
        len + 60.0,
        32.0,
        Some(Rgba::WHITE.with_alpha(220)),
        None,
    );
    for i in 0..4 {
        let seg = len / 4.0;
        let fill = if i % 2 == 0 { Rgba::BLACK } else { Rgba::WHITE };
        s.rect(
            bx + seg * i as f32,
            by - 4.0,
            seg,
            4.0,
            Some(fill),
            Some((Rgba::BLACK, 0.4)),
        );
    }
    s.text(bx, by - 8.0, 7.0, Weight::Regular, Align::Left, "0");
    s.text(
        bx + len,
        by - 8.0,
        7.0,
        Weight::Regular,
        Align::Centre,
        &bar_label(bar_m),
    );
    let n = round_scale(f.scale_denominator());
    s.text(
        bx + len + 14.0,
        by - 1.0,
        7.0,
        Weight::Regular,
        Align::Left,
        &format!("{} 1:{n}", words.scale),
    );
}

/// 1:183 456 → "180 000" (two significant digits, thin-space thousands as Albanian writes).
fn round_scale(n: f64) -> String {
    let p = 10f64.powf((n.max(1.0)).log10().floor() - 1.0);
    let r = ((n / p).round() * p) as u64;
    let digits = r.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub(super) fn north_arrow(s: &mut Scene, f: &MapFrame, words: &PageWords) {
    let [x, y, w, _] = f.rect;
    let (cx, top) = (x + w - 22.0, y + 14.0);
    s.items.push(Item::Area {
        rings: vec![vec![
            (cx, top),
            (cx + 7.0, top + 22.0),
            (cx, top + 17.0),
            (cx - 7.0, top + 22.0),
        ]],
        fill: Some(Rgba::BLACK),
        stroke: Some((Rgba::WHITE, 0.8)),
    });
    s.text(
        cx,
        top + 33.0,
        9.0,
        Weight::Bold,
        Align::Centre,
        &words.north,
    );
}

pub(super) fn legend(
    s: &mut Scene,
    fonts: &PdfFonts,
    r: [f32; 4],
    layers: &[PrintLayer],
    words: &PageWords,
) {
    let [x, y, w, h] = r;
    s.text(x, y + 12.0, 11.0, Weight::Bold, Align::Left, &words.legend);
    let mut cy = y + 28.0;
    for layer in layers.iter().filter(|l| !l.legend.is_empty()) {
        if cy > y + h - 12.0 {
            break;
        }
        for line in wrap(fonts, &layer.title, 8.5, Weight::Bold, w)
            .into_iter()
            .take(2)
        {
            s.text(x, cy, 8.5, Weight::Bold, Align::Left, &line);
            cy += 11.0;
        }
        cy += 1.0;
        for e in &layer.legend {
            if cy > y + h - 4.0 {
                break;
            }
            swatch(s, (x + 7.0, cy - 3.0), e);
            let label = fonts.fit(&e.label, 8.0, Weight::Regular, w - 20.0);
            s.text(x + 18.0, cy, 8.0, Weight::Regular, Align::Left, &label);
            cy += 11.0;
        }
        cy += 5.0;
    }
}

/// Words of `text` in lines no wider than `width` (a word longer than that gets a line).
fn wrap(fonts: &PdfFonts, text: &str, size: f32, weight: Weight, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let next = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && fonts.width(&next, size, weight) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = next;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn swatch(s: &mut Scene, c: (f32, f32), e: &LegendEntry) {
    match &e.swatch {
        Swatch::Fill { fill, stroke } => s.rect(
            c.0 - 6.0,
            c.1 - 4.0,
            12.0,
            8.0,
            Some(*fill),
            Some((stroke.unwrap_or(Rgba::GREY), 0.5)),
        ),
        Swatch::Point { symbol, fill } => symbol_at(s, c, *symbol, *fill, 3.5),
        Swatch::Line { color, width } => s.items.push(Item::Line {
            pts: vec![(c.0 - 6.0, c.1), (c.0 + 6.0, c.1)],
            color: *color,
            width: *width,
            dash: None,
        }),
        Swatch::Ramp { stops } => {
            let w = 12.0 / stops.len().max(1) as f32;
            for (i, colour) in stops.iter().enumerate() {
                let x = c.0 - 6.0 + i as f32 * w;
                s.rect(x, c.1 - 4.0, w + 0.05, 8.0, Some(*colour), None);
            }
            s.rect(
                c.0 - 6.0,
                c.1 - 4.0,
                12.0,
                8.0,
                None,
                Some((Rgba::GREY, 0.5)),
            );
        }
    }
}

/// Albania's outline with the mapped area as a red box.
pub(super) fn inset_map(s: &mut Scene, r: [f32; 4], data: &BasemapData, shown: &MapFrame) {
    let Some(ext) = data.extent_wgs84() else {
        return;
    };
    s.rect(
        r[0],
        r[1],
        r[2],
        r[3],
        Some(Rgba::opaque(192, 212, 222)),
        Some((Rgba::GREY, 0.6)),
    );
    let f = MapFrame::fit(r, ext, 0.05);
    s.items.push(Item::Clip {
        x: r[0],
        y: r[1],
        w: r[2],
        h: r[3],
    });
    for shape in &data.land {
        let rings = shape
            .polygons
            .iter()
            .flatten()
            .map(|ring| ring.iter().map(|&m| f.merc_to_page(m)).collect())
            .collect();
        s.items.push(Item::Area {
            rings,
            fill: Some(Rgba::opaque(242, 239, 233)),
            stroke: Some((Rgba::opaque(90, 140, 170), 0.4)),
        });
    }
    let b = shown.wgs84_box();
    let (x0, y0) = f.to_page(b[0], b[3]);
    let (x1, y1) = f.to_page(b[2], b[1]);
    let (w, h) = ((x1 - x0).max(3.0), (y1 - y0).max(3.0));
    s.rect(
        x0,
        y0,
        w,
        h,
        Some(Rgba(220, 30, 30, 60)),
        Some((Rgba::opaque(220, 30, 30), 1.2)),
    );
    s.items.push(Item::Unclip);
}

/// Height of a table row (points).
pub(super) const TABLE_ROW: f32 = 9.0;

/// The height the legend of `layers` needs in a column `w` wide (as [`legend`] draws it).
pub(super) fn legend_height(fonts: &PdfFonts, layers: &[PrintLayer], w: f32) -> f32 {
    let mut h = 28.0;
    for layer in layers.iter().filter(|l| !l.legend.is_empty()) {
        let lines = wrap(fonts, &layer.title, 8.5, Weight::Bold, w).len().min(2);
        h += 11.0 * lines as f32 + 1.0 + 11.0 * layer.legend.len() as f32 + 5.0;
    }
    h
}

/// A titled table of label–value rows (values right-aligned), clipped to its rectangle.
pub(super) fn table_box(s: &mut Scene, fonts: &PdfFonts, r: [f32; 4], t: &PageTable) {
    let [x, y, w, h] = r;
    let mut cy = y + 10.0;
    let title = fonts.fit(&t.title, 8.5, Weight::Bold, w);
    s.text(x, cy, 8.5, Weight::Bold, Align::Left, &title);
    cy += 11.0;
    for (label, value) in &t.rows {
        if cy > y + h + 2.0 {
            break;
        }
        let l = fonts.fit(label, 7.5, Weight::Regular, w - 42.0);
        s.text(x, cy, 7.5, Weight::Regular, Align::Left, &l);
        s.text(x + w, cy, 7.5, Weight::Bold, Align::Right, value);
        s.items.push(Item::Line {
            pts: vec![(x, cy + 2.5), (x + w, cy + 2.5)],
            color: Rgba(200, 200, 200, 255),
            width: 0.3,
            dash: None,
        });
        cy += TABLE_ROW;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_rounded_to_two_digits_with_spaces() {
        assert_eq!(round_scale(183_456.0), "180 000");
        assert_eq!(round_scale(1_234_567.0), "1 200 000");
        assert_eq!(round_scale(9_640.0), "9 600");
    }
}
