//! Route sheets for field teams: one sheet per team and day, with a map of the route and the
//! ordered stops (arrival, departure, waiting, service, time window, leg and cumulative km).
//! Long routes continue on further pages; every page has the attribution, the printing date
//! and "page i of n".
//!
//! Input: plain [`RouteSheet`]s (the caller turns a route plan into them) and the words to
//! print in the chosen language ([`SheetLabels::sq`], [`SheetLabels::en`]). No personal data:
//! stops are the ids the planner gave them. Output: PDF bytes. O(stops) time.

use super::canvas::{Canvas, Rgb, Weight};
use super::route_sheet_map::{SheetMap, draw_sheet_map};
use super::{PageSpec, PdfError, PdfWriter, mm};

/// One row of the stop table.
#[derive(Debug, Clone, Default)]
pub struct SheetStop {
    pub id: String,
    /// "HH:MM" strings, formatted by the caller.
    pub arrival: String,
    pub departure: String,
    pub wait_min: f64,
    pub service_min: f64,
    /// The stop's time windows, e.g. "18:00–21:00", or empty.
    pub window: String,
    pub leg_km: f64,
    pub cum_km: f64,
}

/// One team's route on one day.
#[derive(Debug, Clone, Default)]
pub struct RouteSheet {
    pub title: String,
    pub subtitle: String,
    /// Label/value pairs printed under the subtitle (team, day, base, shift, totals, metric).
    pub facts: Vec<(String, String)>,
    pub stops: Vec<SheetStop>,
    pub map: SheetMap,
}

/// The words printed on a sheet.
#[derive(Debug, Clone)]
pub struct SheetLabels {
    pub columns: [String; 9],
    pub page: String,
    pub printed: String,
    pub attribution: String,
    pub empty: String,
}

impl SheetLabels {
    /// Albanian.
    pub fn sq(attribution: &str) -> Self {
        Self {
            columns: [
                "Nr.",
                "Ndalesa",
                "Mbërritja",
                "Nisja",
                "Pritje (min)",
                "Shërbim (min)",
                "Orari",
                "Km pjesa",
                "Km gjithsej",
            ]
            .map(String::from),
            page: "Faqja {i} nga {n}".into(),
            printed: "Shtypur më".into(),
            attribution: attribution.to_string(),
            empty: "Asnjë ndalesë në këtë itinerar.".into(),
        }
    }

    /// English.
    pub fn en(attribution: &str) -> Self {
        Self {
            columns: [
                "No.",
                "Stop",
                "Arrival",
                "Departure",
                "Wait (min)",
                "Service (min)",
                "Window",
                "Leg km",
                "Total km",
            ]
            .map(String::from),
            page: "Page {i} of {n}".into(),
            printed: "Printed".into(),
            attribution: attribution.to_string(),
            empty: "No stops on this route.".into(),
        }
    }
}

const MARGIN: f32 = 42.5; // 15 mm
const ROW_H: f32 = 14.0;
/// Column widths as shares of the text width.
const COLS: [f32; 9] = [0.06, 0.17, 0.09, 0.09, 0.115, 0.125, 0.13, 0.1, 0.12];

/// Writes all sheets into one PDF (each sheet starts on a new page).
pub fn route_sheets_pdf(
    sheets: &[RouteSheet],
    labels: &SheetLabels,
    spec: PageSpec,
    printed: chrono::NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let title = sheets
        .first()
        .map(|s| s.title.as_str())
        .unwrap_or("Risk Atlas");
    let mut pdf = PdfWriter::new(title, printed)?;
    let (_, h) = spec.size_pt();
    let map_h = mm(95.0);
    let first_rows = rows_fitting(h - MARGIN - header_h(0) - map_h - 20.0 - MARGIN - 30.0);
    let more_rows = rows_fitting(h - 2.0 * MARGIN - 60.0);
    let pages: Vec<Vec<(usize, usize)>> = sheets
        .iter()
        .map(|s| paginate(s.stops.len(), first_rows, more_rows))
        .collect();
    let total: usize = pages.iter().map(Vec::len).sum();
    let stamp = format!("{} {}", labels.printed, printed.format("%d.%m.%Y %H:%M"));
    let mut page_no = 0;
    for (sheet, ranges) in sheets.iter().zip(&pages) {
        for (k, &(from, to)) in ranges.iter().enumerate() {
            page_no += 1;
            pdf.page(spec, |c| {
                let (w, h) = c.size();
                let mut y = MARGIN;
                if k == 0 {
                    y = header(c, sheet, y);
                    draw_sheet_map(c, &sheet.map, (MARGIN, y, w - 2.0 * MARGIN, map_h));
                    y += map_h + 20.0;
                } else {
                    let t = format!("{} ({})", sheet.title, k + 1);
                    c.text(MARGIN, y + 12.0, 12.0, Weight::Bold, Rgb::BLACK, &t);
                    y += 30.0;
                }
                if sheet.stops.is_empty() {
                    c.text(
                        MARGIN,
                        y + 12.0,
                        10.0,
                        Weight::Regular,
                        Rgb::BLACK,
                        &labels.empty,
                    );
                } else {
                    table(c, labels, &sheet.stops[from..to], from, y);
                }
                let page = labels
                    .page
                    .replace("{i}", &page_no.to_string())
                    .replace("{n}", &total.to_string());
                footer(c, labels, &stamp, &page, w, h);
            })?;
        }
    }
    pdf.finish()
}

fn rows_fitting(space: f32) -> usize {
    ((space / ROW_H).floor() as usize).saturating_sub(1).max(1)
}

/// Row ranges per page: at least one page even with no stops.
fn paginate(n: usize, first: usize, more: usize) -> Vec<(usize, usize)> {
    let mut out = vec![(0, n.min(first))];
    let mut at = n.min(first);
    while at < n {
        out.push((at, (at + more).min(n)));
        at = (at + more).min(n);
    }
    out
}

fn header_h(facts: usize) -> f32 {
    52.0 + 13.0 * facts.div_ceil(2) as f32
}

fn header(c: &mut Canvas, s: &RouteSheet, y: f32) -> f32 {
    let (w, _) = c.size();
    let text_w = w - 2.0 * MARGIN;
    let title = c.fonts().fit(&s.title, 15.0, Weight::Bold, text_w);
    c.text(MARGIN, y + 15.0, 15.0, Weight::Bold, Rgb::BLACK, &title);
    let sub = c.fonts().fit(&s.subtitle, 10.0, Weight::Regular, text_w);
    c.text(MARGIN, y + 32.0, 10.0, Weight::Regular, Rgb::GREY, &sub);
    let mut yy = y + 50.0;
    for pair in s.facts.chunks(2) {
        for (i, (k, v)) in pair.iter().enumerate() {
            let x = MARGIN + i as f32 * text_w / 2.0;
            c.text(x, yy, 9.0, Weight::Bold, Rgb::BLACK, k);
            let kw = c.fonts().width(k, 9.0, Weight::Bold) + 4.0;
            let v = c
                .fonts()
                .fit(v, 9.0, Weight::Regular, text_w / 2.0 - kw - 6.0);
            c.text(x + kw, yy, 9.0, Weight::Regular, Rgb::BLACK, &v);
        }
        yy += 13.0;
    }
    y + header_h(s.facts.len())
}

fn table(c: &mut Canvas, labels: &SheetLabels, rows: &[SheetStop], first: usize, y: f32) {
    let (w, _) = c.size();
    let text_w = w - 2.0 * MARGIN;
    let xs: Vec<f32> = COLS
        .iter()
        .scan(MARGIN, |x, share| {
            let at = *x;
            *x += share * text_w;
            Some(at)
        })
        .collect();
    c.rect(MARGIN, y, text_w, ROW_H, Some(Rgb::LIGHT), None);
    for (i, label) in labels.columns.iter().enumerate() {
        let colw = COLS[i] * text_w - 4.0;
        let label = c.fonts().fit(label, 7.5, Weight::Bold, colw);
        c.text(xs[i] + 2.0, y + 10.0, 7.5, Weight::Bold, Rgb::BLACK, &label);
    }
    let mut yy = y + ROW_H;
    for (k, r) in rows.iter().enumerate() {
        if k % 2 == 1 {
            c.rect(MARGIN, yy, text_w, ROW_H, Some(Rgb(245, 245, 245)), None);
        }
        let cells = [
            (first + k + 1).to_string(),
            r.id.clone(),
            r.arrival.clone(),
            r.departure.clone(),
            format!("{:.0}", r.wait_min),
            format!("{:.0}", r.service_min),
            r.window.clone(),
            format!("{:.1}", r.leg_km),
            format!("{:.1}", r.cum_km),
        ];
        for (i, cell) in cells.iter().enumerate() {
            let colw = COLS[i] * text_w - 4.0;
            let cell = c.fonts().fit(cell, 8.5, Weight::Regular, colw);
            c.text(
                xs[i] + 2.0,
                yy + 10.0,
                8.5,
                Weight::Regular,
                Rgb::BLACK,
                &cell,
            );
        }
        yy += ROW_H;
    }
    c.line((MARGIN, yy), (MARGIN + text_w, yy), Rgb::GREY, 0.5);
}

fn footer(c: &mut Canvas, labels: &SheetLabels, stamp: &str, page: &str, w: f32, h: f32) {
    let y = h - MARGIN + 14.0;
    c.line((MARGIN, y - 11.0), (w - MARGIN, y - 11.0), Rgb::LIGHT, 0.5);
    let attr = c
        .fonts()
        .fit(&labels.attribution, 7.0, Weight::Regular, w * 0.55);
    c.text(MARGIN, y, 7.0, Weight::Regular, Rgb::GREY, &attr);
    c.text_right(
        w - MARGIN,
        y,
        7.0,
        Weight::Regular,
        Rgb::GREY,
        &format!("{stamp} · {page}"),
    );
}

#[cfg(test)]
mod tests {
    use super::paginate;

    #[test]
    fn pages_cover_every_row_once() {
        assert_eq!(paginate(0, 10, 30), vec![(0, 0)]);
        assert_eq!(paginate(10, 10, 30), vec![(0, 10)]);
        assert_eq!(paginate(45, 10, 30), vec![(0, 10), (10, 40), (40, 45)]);
    }
}
