use super::*;
use crate::model::{CaseKind, StyleRule};
use geo::polygon;

fn row(name: &str, lau: &str, cases: u32, near_dc: u32) -> AreaIndicators {
    let mut by_status = vec![0; CaseStatus::ALL.len()];
    by_status[1] = cases;
    AreaIndicators {
        lau_code: lau.into(),
        name: name.into(),
        cases,
        by_status,
        by_kind: vec![0; CaseKind::ALL.len()],
        near_day_centre: near_dc,
        ..Default::default()
    }
}

fn rows() -> Vec<AreaIndicators> {
    vec![
        row("Tiranë", "AL1", 10, 5),
        row("Çorovodë", "AL2", 0, 0),
        row("Korçë", "AL3", 4, 4),
        row("Berat", "AL4", 10, 1),
    ]
}

#[test]
fn numbers_sort_descending_first_names_ascending_and_empty_values_last() {
    let r = rows();
    assert_eq!(sort_order(&r, None), vec![0, 1, 2, 3]);
    // Ties (10, 10) by name: Berat before Tiranë.
    assert_eq!(
        sort_order(&r, Some((Column::Cases, true))),
        vec![3, 0, 2, 1]
    );
    assert_eq!(
        sort_order(&r, Some((Column::Cases, false))),
        vec![1, 2, 3, 0]
    );
    // Shares: Korçë 100 %, Tiranë 50 %, Berat 10 %, Çorovodë has no cases: last both ways.
    let d = sort_order(&r, Some((Column::ShareDayCentre, true)));
    assert_eq!(d, vec![2, 0, 3, 1]);
    let a = sort_order(&r, Some((Column::ShareDayCentre, false)));
    assert_eq!(a, vec![3, 0, 2, 1]);
    // Names fold accents: Ç sorts with C, before K.
    assert_eq!(
        sort_order(&r, Some((Column::Name, false))),
        vec![3, 1, 2, 0]
    );
}

#[test]
fn a_header_click_sorts_then_reverses() {
    assert_eq!(next_sort(None, Column::Cases), (Column::Cases, true));
    assert_eq!(
        next_sort(Some((Column::Cases, true)), Column::Cases),
        (Column::Cases, false)
    );
    assert_eq!(
        next_sort(Some((Column::Cases, false)), Column::Name),
        (Column::Name, false)
    );
}

#[test]
fn cells_are_formatted_with_units_and_dashes() {
    let mut r = row("Tiranë", "AL1", 1234, 617);
    r.median_cpu_m = Some(2345.0);
    r.trend_per_year = Some(1.25);
    assert_eq!(Column::Cases.cell(&r), "1 234");
    assert_eq!(Column::Referred.cell(&r), "1 234");
    assert_eq!(Column::Closed.cell(&r), "0");
    assert_eq!(Column::ShareDayCentre.cell(&r), "50.0");
    assert_eq!(Column::MedianCpu.cell(&r), "2.3");
    assert_eq!(Column::Trend.cell(&r), "+1.2");
    let empty = row("Çorovodë", "AL2", 0, 0);
    assert_eq!(Column::ShareCpu.cell(&empty), "-");
    assert_eq!(Column::Places.cell(&empty), "-");
    assert_eq!(Column::Trend.cell(&empty), "-");
}

#[test]
fn the_choropleth_layer_has_a_value_per_municipality_and_a_graduated_style() {
    let square = |x: f64| {
        MultiPolygon::new(vec![polygon![
            (x: x, y: 41.0), (x: x + 0.1, y: 41.0), (x: x + 0.1, y: 41.1), (x: x, y: 41.0)
        ]])
    };
    let areas: Vec<(String, String, MultiPolygon<f64>)> = rows()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.lau_code.clone(), r.name.clone(), square(19.0 + i as f64)))
        .collect();
    let (layer, style) = choropleth_layer(&rows(), &areas, Choropleth::ShareDayCentre);
    assert_eq!(layer.name, "indicator_share_day_centre");
    assert_eq!(layer.kind, LayerKind::Other);
    assert_eq!(layer.features.len(), 4);
    let values: Vec<Value> = layer
        .features
        .iter()
        .map(|f| layer.value(f, "value").clone())
        .collect();
    assert_eq!(
        values,
        vec![
            Value::Real(50.0),
            Value::Null,
            Value::Real(100.0),
            Value::Real(10.0)
        ]
    );
    assert_eq!(style.field(), Some("value"));
    assert!(matches!(style.rule, StyleRule::Graduated { .. }));
    // The municipality without cases falls in the "no value" class.
    let no_value = style.class_of(&Value::Null);
    assert_ne!(style.class_of(&Value::Real(100.0)), no_value);
    assert_eq!(
        Choropleth::from_layer_name("indicator_share_day_centre"),
        Some(Choropleth::ShareDayCentre)
    );
    assert_eq!(Choropleth::from_layer_name("indicator_x"), None);
}

#[test]
fn saved_choropleths_get_a_readable_layer_name() {
    use crate::app::i18n::layer_label as label;
    assert_eq!(
        label(LayerKind::Other, "indicator_cases", Language::Sq),
        "Treguesi: Raste"
    );
    assert_eq!(
        label(LayerKind::Other, "indicator_share_cpu", Language::En),
        "Indicator: Near a CPU (%)"
    );
    assert_eq!(
        label(LayerKind::Other, "indicator_other", Language::En),
        "indicator_other"
    );
}

#[test]
fn choropleth_layer_titles_use_the_table_column_titles() {
    for c in Choropleth::ALL {
        for lang in [Language::Sq, Language::En] {
            let word = if lang == Language::Sq {
                "Treguesi"
            } else {
                "Indicator"
            };
            assert_eq!(
                layer_label(&c.layer_name(), lang).unwrap(),
                format!("{word}: {}", c.label(lang))
            );
        }
    }
}
