//! Where the pieces of a map page go: the map frame, the legend, the table of figures and
//! the inset of Albania, as rectangles `[x, y, w, h]` in points inside the page's body (the
//! area between the title and the footer).
//!
//! Priorities: the legend must list everything drawn and the table must show every row, so
//! both always get the height they need; the inset is decoration and takes what is left.
//! - Landscape: one side panel [`PANEL`] wide right of the map — legend, table under it, the
//!   inset at the bottom (at most [`INSET_MAX`] high). When the legend and table leave less
//!   than [`INSET_MIN`] for the inset (e.g. the mine-risk template's long legend with a
//!   municipality's indicators), the panel becomes two columns — the legend on the left, the
//!   table and the inset on the right — and the map gives way.
//! - Portrait: the panel runs under the map in columns (legend, table, inset at the right),
//!   as high as the legend and table need, at most half the body.
//!
//! No rectangle overlaps another, and all lie inside the body. O(1).

/// Width of the landscape side panel (one column), points.
pub const PANEL: f32 = 190.0;
/// Width of the inset under a portrait map, points.
pub const PORTRAIT_INSET_W: f32 = 120.0;
/// The smallest inset drawn (landscape), points; with less room there is no inset.
pub const INSET_MIN: f32 = 60.0;
/// The tallest inset (landscape), points.
pub const INSET_MAX: f32 = 130.0;
const GAP: f32 = 12.0;

/// The rectangles of a page's body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyLayout {
    pub map: [f32; 4],
    pub legend: [f32; 4],
    pub table: [f32; 4],
    /// `None`: no inset (not wanted, or no room).
    pub inset: Option<[f32; 4]>,
}

/// The landscape layout of `body` for a legend `legend_h` and a table `table_h` high (0 when
/// absent), with or without an inset.
pub fn landscape(body: [f32; 4], legend_h: f32, table_h: f32, inset: bool) -> BodyLayout {
    let [bx, by, bw, bh] = body;
    let stacked = if legend_h > 0.0 && table_h > 0.0 {
        legend_h + 4.0 + table_h
    } else {
        legend_h + table_h
    };
    let room = bh - stacked - 10.0;
    let inset_in = |x: f32, room: f32| {
        (inset && room >= INSET_MIN).then(|| {
            let h = room.min(INSET_MAX);
            [x, by + bh - h, PANEL, h]
        })
    };
    let one_column = stacked <= bh && (!inset || room >= INSET_MIN);
    if one_column || table_h <= 0.0 {
        let x = bx + bw - PANEL;
        let table_y = by + if legend_h > 0.0 { legend_h + 4.0 } else { 0.0 };
        return BodyLayout {
            map: [bx, by, bw - PANEL - GAP, bh],
            legend: [x, by, PANEL, legend_h.min(bh)],
            table: [x, table_y, PANEL, table_h],
            inset: inset_in(x, room),
        };
    }
    let (c1, c2) = (bx + bw - 2.0 * PANEL - GAP, bx + bw - PANEL);
    BodyLayout {
        map: [bx, by, bw - 2.0 * (PANEL + GAP), bh],
        legend: [c1, by, PANEL, legend_h.min(bh)],
        table: [c2, by, PANEL, table_h.min(bh)],
        inset: inset_in(c2, bh - table_h - 10.0),
    }
}

/// The portrait layout of `body`: `panel_h` is the height the panel needs (legend and
/// table), `with_table` whether there is a table (two text columns instead of one).
pub fn portrait(body: [f32; 4], panel_h: f32, with_table: bool, inset: bool) -> BodyLayout {
    let [bx, by, bw, bh] = body;
    let ph = panel_h.min(bh * 0.5);
    let py = by + bh - ph;
    let cw = portrait_column_w(bw, with_table);
    BodyLayout {
        map: [bx, by, bw, bh - ph - 10.0],
        legend: [bx, py, cw, ph],
        table: [bx + cw + GAP, py, if with_table { cw } else { 0.0 }, ph],
        inset: inset.then_some([bx + bw - PORTRAIT_INSET_W, py, PORTRAIT_INSET_W, ph]),
    }
}

/// The width of a text column (legend, table) under a portrait map `body_w` wide.
pub fn portrait_column_w(body_w: f32, with_table: bool) -> f32 {
    let cols = if with_table { 2.0 } else { 1.0 };
    (body_w - PORTRAIT_INSET_W - GAP * cols) / cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: [f32; 4], b: [f32; 4]) -> bool {
        a[2] > 0.0
            && a[3] > 0.0
            && b[2] > 0.0
            && b[3] > 0.0
            && a[0] < b[0] + b[2]
            && b[0] < a[0] + a[2]
            && a[1] < b[1] + b[3]
            && b[1] < a[1] + a[3]
    }

    fn inside(r: [f32; 4], body: [f32; 4]) -> bool {
        r[0] >= body[0]
            && r[1] >= body[1]
            && r[0] + r[2] <= body[0] + body[2] + 0.01
            && r[1] + r[3] <= body[1] + body[3] + 0.01
    }

    fn check(l: &BodyLayout, body: [f32; 4]) {
        let mut rects = vec![l.map, l.legend, l.table];
        rects.extend(l.inset);
        for (i, a) in rects.iter().enumerate() {
            assert!(inside(*a, body), "{a:?} outside {body:?}");
            for b in &rects[i + 1..] {
                assert!(!overlap(*a, *b), "{a:?} overlaps {b:?}");
            }
        }
    }

    /// A4 landscape's body (842 × 595 pt page).
    const BODY: [f32; 4] = [28.0, 68.0, 786.0, 474.0];

    #[test]
    fn a_short_legend_and_table_keep_one_column_and_a_full_inset() {
        let l = landscape(BODY, 180.0, 150.0, true);
        check(&l, BODY);
        assert_eq!(l.map[2], 786.0 - PANEL - GAP);
        assert_eq!(l.inset.unwrap()[3], 474.0 - 334.0 - 10.0);
    }

    #[test]
    fn a_long_legend_with_a_table_goes_to_two_columns_and_keeps_every_row() {
        // The Bulqizë mine-risk page: the table used to run under the inset.
        let l = landscape(BODY, 300.0, 152.0, true);
        check(&l, BODY);
        assert_eq!(l.table[3], 152.0);
        assert_eq!(l.legend[3], 300.0);
        assert!(l.inset.is_some());
        assert!(l.map[2] > 350.0, "{:?}", l.map);
    }

    #[test]
    fn no_inset_wanted_keeps_one_column_while_legend_and_table_fit() {
        let l = landscape(BODY, 300.0, 152.0, false);
        check(&l, BODY);
        assert_eq!(l.inset, None);
        assert_eq!(l.map[2], 786.0 - PANEL - GAP);
    }

    #[test]
    fn without_a_table_the_inset_takes_what_the_legend_leaves() {
        let l = landscape(BODY, 420.0, 0.0, true);
        check(&l, BODY);
        assert_eq!(l.inset, None, "44 pt is too little for an inset");
        let l = landscape(BODY, 200.0, 0.0, true);
        assert_eq!(l.inset.unwrap()[3], INSET_MAX);
    }

    #[test]
    fn portrait_columns_do_not_overlap() {
        let body = [28.0, 68.0, 539.0, 720.0];
        for with_table in [false, true] {
            let l = portrait(body, 200.0, with_table, true);
            check(&l, body);
            assert_eq!(l.map[3], 720.0 - 200.0 - 10.0);
        }
        let l = portrait(body, 1000.0, true, true);
        assert_eq!(l.legend[3], 360.0, "at most half the body");
    }
}
