//! UI tests of looking at data: filters (year, kind, month) with their chips, the search box,
//! the attribute table and the measure tool, driven through the real app with egui_kittest.
#![cfg(feature = "app")]

mod app_support;

use app_support::*;
use chrono::Datelike;
use egui_kittest::kittest::Queryable;
use riskatlas::app::Action;

fn push(h: &mut AppHarness, action: Action) {
    if let Some(app) = h.state_mut().as_mut() {
        app.push_action(action);
    }
    // A zoom may animate for a few frames.
    h.run_steps(10);
}

/// Scrolls the widget labelled `label` into view (the left panel scrolls), then clicks it.
fn click(h: &mut AppHarness, label: &str) {
    h.get_by_label(label).scroll_to_me();
    settle(h);
    h.get_by_label(label).click();
    settle(h);
}

/// Runs frames until nothing more changes; a few frames of animation (menus, windows) more
/// than the harness's default budget are fine.
fn settle(h: &mut AppHarness) {
    for _ in 0..4 {
        if h.try_run().is_ok() {
            return;
        }
    }
}

fn shown(h: &AppHarness, layer: &str) -> usize {
    app(h)
        .project()
        .and_then(|p| p.layer(layer))
        .map(|l| l.shown_count)
        .expect("layer")
}

#[test]
fn filtering_to_2024_chrome_collection_updates_map_legend_identify_and_chips() {
    let mut f = open_app();
    let h = &mut f.harness;
    assert_eq!(shown(h, "cases"), 3);
    // Year: open the combo box and pick 2024 (the years come from the data: 2023 and 2024).
    click(h, "Viti");
    h.get_by_label("2023");
    click(h, "2024");
    assert_eq!(app(h).session().filters.cases.year(), Some(2024));
    assert_eq!(shown(h, "cases"), 2);
    // Kinds: untick begging and informal work, leaving chrome collection.
    click(h, "Lypje");
    click(h, "Punë informale");
    assert_eq!(shown(h, "cases"), 1);
    h.get_by_label("Rastet e shfaqura: 1 / 3");
    // The legend counts follow the filter; the chips show it over the map.
    h.get_by_label("Mbledhje kromi (1)");
    // Cases by kind: the legend's heading needs no field name.
    h.get_by_label("Rastet sipas llojit");
    assert!(h.query_by_label("Lypje (1)").is_none());
    h.get_by_label_contains("Mbledhje kromi, ");
    // A hidden case cannot be identified: the click finds the municipality under it.
    let (_, lon, lat, _) = CASES[1];
    assert_eq!(identify_at(h, lon, lat).as_deref(), Some("municipalities"));
    let (_, lon, lat, _) = CASES[0];
    assert_eq!(identify_at(h, lon, lat).as_deref(), Some("cases"));
    // Removing the year chip keeps the kinds.
    let chips = app(h).session().filters.clone();
    h.get_all_by_label("x").next().expect("a chip").click();
    h.run();
    let after = app(h).session().filters.clone();
    assert_eq!(after.cases.date_from, None);
    assert_eq!(after.cases.kinds, chips.cases.kinds);
    // Clear everything.
    click(h, "Pastro filtrat");
    assert_eq!(shown(h, "cases"), 3);
    assert!(!app(h).session().filters.is_active());
}

#[test]
fn the_month_filter_switches_coastal_hotspots_on_only_in_their_months() {
    let mut f = open_app();
    let h = &mut f.harness;
    assert_eq!(shown(h, "coastal_hotspots"), 2);
    // The checkbox starts at the current month.
    click(h, "Vetëm ato aktive në muajin");
    let month = chrono::Local::now().month();
    assert_eq!(app(h).session().filters.month, Some(month));
    let expected = match month {
        6 | 9 => 1,
        7 | 8 => 2,
        _ => 0,
    };
    assert_eq!(shown(h, "coastal_hotspots"), expected);
    for (month, expected) in [(1, 0), (6, 1), (7, 2), (9, 1), (10, 0)] {
        let mut filters = app(h).session().filters.clone();
        filters.month = Some(month);
        push(h, Action::SetFilters(filters));
        assert_eq!(shown(h, "coastal_hotspots"), expected, "month {month}");
    }
    // Cases are not affected by the month.
    assert_eq!(shown(h, "cases"), 3);
}

#[test]
fn typing_a_name_without_diacritics_finds_the_municipality_and_goes_there() {
    let mut f = open_app();
    let h = &mut f.harness;
    let search = h.get_by_label("Kërko");
    search.focus();
    search.type_text("korce");
    h.run();
    // The municipality "Korçë" of the test project is the first result; Enter goes there.
    h.get_by_label_contains("Korçë  ·  bashki").click();
    h.run();
    h.run();
    let t = app(h).session().transform.expect("drawn");
    let centre = t.to_wgs84(t.rect.center());
    // The Korçë test municipality spans 20.0–20.9 E, 40.0–42.5 N.
    assert!(
        (centre[0] - 20.45).abs() < 0.05 && (centre[1] - 41.25).abs() < 0.1,
        "{centre:?}"
    );
}

#[test]
fn the_attribute_table_sorts_filters_selects_and_follows_the_map_filter() {
    let mut f = open_app();
    let h = &mut f.harness;
    push(h, Action::OpenTable("cases".into()));
    for (code, ..) in CASES {
        h.get_by_label(code);
    }
    // Click a row: it is selected (and marked on the map); zoom to it.
    let mut table = app(h).session().table.clone().expect("table open");
    assert_eq!(table.layer, "cases");
    h.get_by_label(CASES[1].0).click();
    h.run();
    table = app(h).session().table.clone().expect("table open");
    assert_eq!(table.selected.len(), 1);
    push(h, Action::ZoomToSelection);
    h.run();
    let t = app(h).session().transform.expect("drawn");
    let centre = t.to_wgs84(t.rect.center());
    let (_, lon, lat, _) = CASES[1];
    assert!(
        (centre[0] - lon).abs() < 1e-3 && (centre[1] - lat).abs() < 1e-3,
        "{centre:?}"
    );
    // The map's filter applies to the table: hide 2023 and the selected case's row goes.
    let mut filters = app(h).session().filters.clone();
    filters.cases.set_year(2024);
    push(h, Action::SetFilters(filters));
    assert!(h.query_by_label(CASES[1].0).is_none());
    h.get_by_label(CASES[0].0);
    push(h, Action::CloseTable);
    assert!(app(h).session().table.is_none());
}

#[test]
fn the_measure_tool_turns_clicks_into_a_distance_and_an_area() {
    let mut f = open_app();
    let h = &mut f.harness;
    h.get_by_label("Mat").click();
    h.run();
    assert!(app(h).session().measure.is_some());
    // Clicks on the map add points (and no longer identify).
    for (lon, lat) in [(19.8187, 41.3275), (19.4547, 41.3131), (19.6, 41.5)] {
        let pos = app(h).screen_pos_of(lon, lat).expect("on screen");
        h.event(egui::Event::PointerMoved(pos));
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Default::default(),
            });
        }
        h.run();
    }
    let m = app(h).session().measure.clone().expect("measuring");
    assert_eq!(m.points_wgs84.len(), 3);
    assert!(app(h).session().identified.is_none());
    // Clicked positions are within a screen point of the targets: about 30.5 km apart.
    assert!((m.length_m() - 30_518.0 - path_tail(&m)).abs() < 200.0);
    h.get_by_label_contains("Distanca: ");
    h.get_by_label_contains("Sipërfaqja: ");
    h.get_by_label("Mat").click();
    h.run();
    assert!(app(h).session().measure.is_none());
}

/// Length of the path after its first segment (the first segment is the checked figure).
fn path_tail(m: &riskatlas::app::measure::Measure) -> f64 {
    riskatlas::analysis::measure::path_length_m(&m.points_wgs84[1..])
}

#[test]
fn a_graduated_style_is_drawn_listed_in_the_legend_and_saved_in_the_project() {
    let mut f = open_app();
    let h = &mut f.harness;
    push(h, Action::OpenStyleEditor("municipalities".into()));
    click(h, "Sipas shkallëve");
    // The only numeric field of the test municipalities is the population (1000 each).
    h.get_by_label("Fusha");
    let draft = app(h).session().style_draft.clone().expect("dialog open");
    assert_eq!(draft.field.as_deref(), Some("population"));
    click(h, "Zbato");
    let layer = app(h)
        .project()
        .and_then(|p| p.layer("municipalities"))
        .cloned()
        .expect("layer");
    assert_eq!(layer.style.field(), Some("population"));
    assert!(matches!(
        layer.style.rule,
        riskatlas::model::StyleRule::Graduated { .. }
    ));
    assert_eq!(layer.class_counts.iter().sum::<usize>(), 2);
    // The legend names the field and lists the class with its count.
    h.get_by_label("Kufiri i bashkisë: Popullsia");
    h.get_by_label("1000 – 1000 (2)");
    // The save runs in the background and reports in the status bar.
    let start = std::time::Instant::now();
    while app(h).session().status.as_deref() != Some("Stili u ruajt në projekt") {
        assert!(start.elapsed().as_secs() < 20, "not saved");
        assert_eq!(app(h).session().error, None);
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    // The app's project worker holds the file open: read it through the worker.
    let worker = app(h).session().editing.worker.as_ref().expect("worker");
    let layers = worker
        .run(|store| store.layers())
        .expect("queued")
        .wait()
        .expect("ran");
    let info = layers
        .expect("layers")
        .into_iter()
        .find(|l| l.name == "municipalities")
        .expect("layer");
    let saved = riskatlas::model::LayerStyle::from_json(info.style_json.as_deref().unwrap_or(""))
        .expect("a style");
    assert_eq!(saved, *layer.style);
}

/// Steps the app until the status line says `text` (at most 20 s).
fn wait_status(h: &mut AppHarness, text: &str) {
    let start = std::time::Instant::now();
    while app(h).session().status.as_deref() != Some(text) {
        assert!(start.elapsed().as_secs() < 20, "no status {text:?}");
        assert_eq!(app(h).session().error, None);
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
}

fn order(h: &AppHarness) -> Vec<String> {
    let p = app(h).project().expect("project");
    p.layers.iter().map(|l| l.name.clone()).collect()
}

#[test]
fn layers_are_reordered_and_removed_from_their_context_menu_and_it_is_saved() {
    let mut f = open_app();
    let h = &mut f.harness;
    let before = order(h);
    let i = before.iter().position(|n| n == "cases").expect("cases");
    // Down one step through the context menu of the layer's name.
    h.get_by_label("Rastet e identifikuara").click_secondary();
    h.run();
    click(h, "Lëviz poshtë");
    let after = order(h);
    assert_eq!(after[i - 1], "cases");
    assert_eq!(after[i], before[i - 1]);
    wait_status(h, "Renditja e shtresave u ruajt");
    // Removing asks first, says how many features go, then removes and records it.
    h.get_by_label("Perimetrat e minierave").click_secondary();
    h.run();
    click(h, "Hiq shtresën nga projekti…");
    h.get_by_label_contains("me 1 objektet e saj");
    click(h, "Hiqe");
    assert!(!order(h).contains(&"mine_perimeters".to_string()));
    wait_status(h, "Shtresa u hoq nga projekti");
    // Reopen the project: the order is the user's, the layer is gone, the audit says so.
    let path = app(h).project().expect("project").path.clone();
    push(h, Action::OpenProject(path));
    let start = std::time::Instant::now();
    while app(h).is_loading() {
        assert!(start.elapsed().as_secs() < 20);
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run_steps(4);
    let reloaded = order(h);
    let expected: Vec<String> = after
        .into_iter()
        .filter(|n| n != "mine_perimeters")
        .collect();
    assert_eq!(reloaded, expected);
    let worker = app(h).session().editing.worker.as_ref().expect("worker");
    let audit = worker
        .run(|store| store.audit_log())
        .expect("queued")
        .wait()
        .expect("ran")
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.action == "remove_layer" && a.detail == "mine_perimeters")
    );
}

#[test]
fn hovering_a_case_shows_its_code_and_kind_in_a_tooltip() {
    let mut f = open_app();
    let h = &mut f.harness;
    let (code, lon, lat, _) = CASES[1];
    let pos = app(h).screen_pos_of(lon, lat).expect("drawn");
    h.event(egui::Event::PointerMoved(pos));
    // Tooltips wait for the pointer to rest: step a second of frames.
    for _ in 0..60 {
        h.step();
    }
    // The tooltip (egui also exposes its container under the same text).
    let text = format!("Rastet e identifikuara: {code} · 2023-03-15 · Lypje");
    assert!(
        h.query_all_by_label(&text).count() >= 1,
        "no tooltip {text:?}"
    );
    // Moving away hides it.
    h.event(egui::Event::PointerMoved(egui::pos2(5.0, 790.0)));
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(h.query_all_by_label(&text).count(), 0);
}
