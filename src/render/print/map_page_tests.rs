//! Privacy of a default printed page: no case drawn, no small count printed.

use super::*;
use crate::analysis::nearest::tests::case_at;
use crate::render::pdf::{PageSpec, PdfFonts};
use crate::render::print::coverage::{CoverageInputs, coverage_layers};

/// A default page over 60 cases (7 per hexagon for some, 1–4 for others): nothing is drawn
/// at a case's position and no text is a count below k.
#[test]
fn a_default_page_shows_no_case_and_no_small_count() {
    let mut cases = Vec::new();
    for i in 0..6 {
        let (lon, lat) = (19.80 + 0.02 * f64::from(i), 41.32);
        let n = if i % 2 == 0 { 7 } else { i as usize % 5 };
        cases.extend((0..n).map(|j| case_at(j, lon + 1e-4 * j as f64, lat)));
    }
    let layers = coverage_layers(&CoverageInputs {
        cases: &cases,
        services: &[],
        area: None,
        types: vec![],
        reach_m: 2000.0,
        k: 5,
        albanian: true,
    });
    let base = BasemapData::default();
    let page = MapPage {
        page: PageSpec::A4_PORTRAIT,
        title: "T".into(),
        subtitle: "S".into(),
        extent_wgs84: [19.75, 41.28, 19.95, 41.36],
        basemap: &base,
        layers,
        filter: None,
        confidential: None,
        data_date: "28.12.2024".into(),
        printed_on: "23.11.2026".into(),
        sources: vec!["© OpenStreetMap contributors".into()],
        words: PageWords::albanian(),
        table: None,
        tiles: None,
        elements: Default::default(),
    };
    let fonts = PdfFonts::embedded().unwrap();
    let scene = compose(&page, &fonts);
    // Hexagons: class-coloured areas of six corners (legend swatches have four).
    let hexagons = scene
        .items
        .iter()
        .filter(|i| match i {
            Item::Area {
                rings,
                fill: Some(Rgba(_, _, _, 200)),
                ..
            } => rings.len() == 1 && rings[0].len() >= 6,
            _ => false,
        })
        .count();
    assert_eq!(hexagons, 3, "the three hexagons of 7 cases");
    for item in &scene.items {
        assert!(
            !matches!(item, Item::Circle { .. }),
            "a point was drawn: {item:?}"
        );
    }
    for t in scene.texts() {
        assert!(
            !["1", "2", "3", "4"].contains(&t),
            "a small count is printed: {t}"
        );
    }
}
