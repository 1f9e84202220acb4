//! The embedded demo: real boundaries, illustrative layers, synthetic cases from a fixed seed.

use riskatlas::model::{Case, CaseKind, LayerKind, Record};

#[test]
fn demo_layers_are_complete_deterministic_and_plausible() {
    let layers = riskatlas::demo::build_layers().expect("demo builds");
    let get = |k: LayerKind| {
        layers
            .iter()
            .find(|l| l.kind == k)
            .unwrap_or_else(|| panic!("{k:?} missing"))
    };
    assert_eq!(get(LayerKind::Municipalities).features.len(), 61);
    assert_eq!(get(LayerKind::Qarqe).features.len(), 12);
    assert!(get(LayerKind::Services).features.len() > 300);
    assert!(get(LayerKind::Mines).features.len() >= 15);
    assert!(get(LayerKind::Hotspots).features.len() >= 8);

    let cases = Case::read_layer(get(LayerKind::Cases)).expect("cases are valid records");
    assert_eq!(cases.len(), riskatlas::demo::synthetic::DEMO_CASES);
    assert!(
        cases.iter().all(|c| c.municipality.is_some()),
        "every case lies in a municipality"
    );
    let mut codes: Vec<&str> = cases.iter().map(|c| c.case_code.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), cases.len(), "case codes are unique");

    // Chrome collection happens around Bulqizë's mines; coastal work in summer months.
    let chrome: Vec<&Case> = cases
        .iter()
        .filter(|c| c.kind == CaseKind::ChromeCollection)
        .collect();
    assert!(chrome.len() > 100);
    let near_bulqize = chrome
        .iter()
        .filter(|c| {
            c.municipality.as_ref().is_some_and(|m| {
                m.name == "Bulqizë" || m.name == "Klos" || m.name == "Mat" || m.name == "Dibër"
            })
        })
        .count();
    assert!(
        near_bulqize * 10 >= chrome.len() * 9,
        "{near_bulqize} of {}",
        chrome.len()
    );
    let tirana = cases
        .iter()
        .filter(|c| c.municipality.as_ref().is_some_and(|m| m.name == "Tiranë"))
        .count();
    assert!(tirana > 500, "Tiranë has the most cases: {tirana}");

    // Same seed, same demo.
    let again = riskatlas::demo::build_layers().unwrap();
    assert_eq!(
        again.iter().find(|l| l.kind == LayerKind::Cases).unwrap(),
        get(LayerKind::Cases)
    );
}

#[test]
fn synthetic_cases_are_on_land() {
    use geo::Contains;
    let land = riskatlas::demo::sources::land().unwrap();
    let layers = riskatlas::demo::build_layers().unwrap();
    let cases =
        Case::read_layer(layers.iter().find(|l| l.kind == LayerKind::Cases).unwrap()).unwrap();
    let at_sea: Vec<&str> = cases
        .iter()
        .filter(|c| !land.contains(&c.pos_wgs84))
        .map(|c| c.case_code.as_str())
        .collect();
    assert!(
        at_sea.is_empty(),
        "{} cases at sea: {:?}",
        at_sea.len(),
        &at_sea[..at_sea.len().min(5)]
    );
}
