//! The layout of a printed map page, A4 or A3 in either orientation.
//!
//! The map: vector sea and land, the tiles of an offline pack when printed with one (one
//! mosaic image, [`super::tiles`]), boundaries, then the layers.
//! Landscape: title and subtitle across the top, the map on the left, a side panel on the
//! right (legend, table, then an inset of Albania with the mapped area outlined in red; two
//! columns when one is too short); portrait: the panel runs under the map ([`super::panel`]).
//! Under the subtitle: the filter line in bold (which cases the page counts, when not all)
//! and, when the page shows case-level data, the confidentiality marking in red. Inside the
//! map frame: the scale bar (bottom left, a round length from [`frame::nice_bar_m`], with the
//! scale 1:N) and a north arrow (top right; Web Mercator keeps north up). The footer: data
//! date, printing date, sources and attributions (wrapped to the page width). Words come from
//! [`PageWords`] (Albanian or English). Output: a [`Scene`]. O(size of what is drawn).

use super::frame::MapFrame;
pub use super::layout::Elements;
use super::map_layers::{PrintLayer, basemap, layers};
use super::page_furniture::{
    TABLE_ROW, inset_map, legend, legend_height, north_arrow, scale_bar, table_box,
};
use super::panel;
use super::tile_pack::PrintTiles;
use super::{Align, Item, Rgba, Scene, Weight};
use crate::render::data::BasemapData;
use crate::render::pdf::{Orientation, PageSpec, PdfFonts, mm};

/// The page's fixed words in the chosen language.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWords {
    pub legend: String,
    pub scale: String,
    pub data_date: String,
    pub printed: String,
    pub sources: String,
    pub north: String,
}

impl PageWords {
    pub fn albanian() -> Self {
        Self {
            legend: "Legjenda".into(),
            scale: "Shkalla".into(),
            data_date: "Të dhënat:".into(),
            printed: "Shtypur më".into(),
            sources: "Burimet".into(),
            north: "V".into(),
        }
    }

    pub fn english() -> Self {
        Self {
            legend: "Legend".into(),
            scale: "Scale".into(),
            data_date: "Data:".into(),
            printed: "Printed on".into(),
            sources: "Sources".into(),
            north: "N".into(),
        }
    }
}

/// Everything a map page shows.
#[derive(Debug, Clone)]
pub struct MapPage<'a> {
    pub page: PageSpec,
    pub title: String,
    pub subtitle: String,
    pub extent_wgs84: [f64; 4],
    pub basemap: &'a BasemapData,
    pub layers: Vec<PrintLayer>,
    /// Which cases the page counts when not all ("Rastet: 2024; lypje"), in bold under
    /// the subtitle.
    pub filter: Option<String>,
    /// Red text under the title when the page shows data about individual children.
    pub confidential: Option<String>,
    pub data_date: String,
    pub printed_on: String,
    pub sources: Vec<String>,
    pub words: PageWords,
    /// A small table of figures beside the legend (e.g. the municipality's indicators),
    /// already privacy-checked by the caller.
    pub table: Option<PageTable>,
    /// Raster tiles drawn under the boundaries and layers (an offline pack), if any; its
    /// attribution is among `sources`.
    pub tiles: Option<PrintTiles>,
    /// Legend, scale bar, north arrow, inset and table on or off (the title, the sources and
    /// the confidentiality marking are always drawn).
    pub elements: Elements,
}

/// A titled two-column table: label, value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageTable {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

const MARGIN: f32 = 28.0;
const HEADER: f32 = 68.0;

/// Composes the page.
pub fn compose(p: &MapPage<'_>, fonts: &PdfFonts) -> Scene {
    let (w, h) = p.page.size_pt();
    let mut s = Scene::new((w, h));
    let footer = footer_lines(p, fonts, w - 2.0 * MARGIN);
    let footer_h = 12.0 + 9.0 * footer.len() as f32;
    let lines = usize::from(p.filter.is_some()) + usize::from(p.confidential.is_some());
    let header = HEADER + 14.0 * lines as f32;
    let landscape = p.page.orientation == Orientation::Landscape;
    let body = [
        MARGIN,
        header,
        w - 2.0 * MARGIN,
        h - header - footer_h - MARGIN / 2.0,
    ];
    let table_h = p
        .table
        .as_ref()
        .map_or(0.0, |t| (t.rows.len() + 1) as f32 * TABLE_ROW + 8.0);
    let with_table = p.table.is_some();
    let shown = |h: f32| if p.elements.legend { h } else { 0.0 };
    let body = if landscape {
        panel::landscape(
            body,
            shown(legend_height(fonts, &p.layers, panel::PANEL)),
            table_h,
            p.elements.inset,
        )
    } else {
        // Tall enough for the whole legend and table (the map gives way).
        let cw = panel::portrait_column_w(body[2], with_table);
        let ph = mm(62.0)
            .max(shown(legend_height(fonts, &p.layers, cw)))
            .max(table_h);
        panel::portrait(body, ph, with_table, p.elements.inset)
    };
    let map_rect = body.map;
    // Title, subtitle, marking.
    let title = fonts.fit(&p.title, 18.0, Weight::Bold, w - 2.0 * MARGIN);
    s.text(
        MARGIN,
        MARGIN + 14.0,
        18.0,
        Weight::Bold,
        Align::Left,
        &title,
    );
    let sub = fonts.fit(&p.subtitle, 10.0, Weight::Regular, w - 2.0 * MARGIN);
    s.text(
        MARGIN,
        MARGIN + 30.0,
        10.0,
        Weight::Regular,
        Align::Left,
        &sub,
    );
    let mut line_y = MARGIN + 44.0;
    if let Some(filter) = &p.filter {
        let text = fonts.fit(filter, 10.0, Weight::Bold, w - 2.0 * MARGIN);
        s.text(MARGIN, line_y, 10.0, Weight::Bold, Align::Left, &text);
        line_y += 14.0;
    }
    if let Some(mark) = &p.confidential {
        s.items.push(Item::Text {
            x: MARGIN,
            y: line_y,
            size: 10.0,
            weight: Weight::Bold,
            color: Rgba::opaque(190, 20, 20),
            align: Align::Left,
            text: mark.clone(),
        });
    }
    // The map.
    let frame = MapFrame::fit(map_rect, p.extent_wgs84, 0.04);
    let [mx, my, mw, mh] = map_rect;
    s.items.push(Item::Clip {
        x: mx,
        y: my,
        w: mw,
        h: mh,
    });
    let tiles = p.tiles.as_ref().and_then(|t| t.mosaic(&frame));
    basemap(&mut s, &frame, p.basemap, tiles.as_ref());
    layers(&mut s, &frame, &p.layers);
    if p.elements.scale_bar {
        scale_bar(&mut s, &frame, &p.words);
    }
    if p.elements.north_arrow {
        north_arrow(&mut s, &frame, &p.words);
    }
    s.items.push(Item::Unclip);
    s.rect(mx, my, mw, mh, None, Some((Rgba::GREY, 0.8)));
    // The panel ([`panel`]): legend, table, inset.
    if p.elements.legend {
        legend(&mut s, fonts, body.legend, &p.layers, &p.words);
    }
    if let Some(t) = &p.table {
        table_box(&mut s, fonts, body.table, t);
    }
    if let Some(inset) = body.inset {
        inset_map(&mut s, inset, p.basemap, &frame);
    }
    // Footer.
    let mut y = h - MARGIN / 2.0 - footer_h + 12.0;
    for line in footer {
        s.items.push(Item::Text {
            x: MARGIN,
            y,
            size: 7.0,
            weight: Weight::Regular,
            color: Rgba::GREY,
            align: Align::Left,
            text: line,
        });
        y += 9.0;
    }
    s
}

fn footer_lines(p: &MapPage<'_>, fonts: &PdfFonts, width: f32) -> Vec<String> {
    let mut out = vec![format!(
        "{} {} · {} {}",
        p.words.data_date, p.data_date, p.words.printed, p.printed_on
    )];
    let mut line = format!("{}:", p.words.sources);
    for src in &p.sources {
        let next = format!("{line} {src};");
        if fonts.width(&next, 7.0, Weight::Regular) > width && line.contains(' ') {
            out.push(line);
            line = format!("{src};");
        } else {
            line = next;
        }
    }
    out.push(line.trim_end_matches(';').to_string());
    out
}

#[cfg(test)]
#[path = "map_page_tests.rs"]
mod privacy_tests;
