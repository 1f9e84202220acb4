//! The Print dialog driven as ASHMDF staff would on the demo project: File ▸ Print map opens
//! it with a preview; a Bulqizë page with an own title, the inset switched off and the
//! services' reach left out is previewed and printed to PDF (read back with pdfinfo and
//! pdftotext: one page, the title, no confidential marking, nothing audited); the layout is
//! saved in the project; a case-level print is marked CONFIDENTIAL, audited, and the choice
//! is cleared afterwards; a PNG atlas is refused with a clear message.
#![cfg(feature = "app")]

mod app_edit_support;

use std::process::Command;

use app_edit_support::*;
use egui_kittest::kittest::Queryable;
use riskatlas::app::Action;
use riskatlas::app::print_form::{PrintArea, PrintForm};
use riskatlas::app::print_job::PrintAction;

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(o.status.success(), "{name} failed");
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn form(h: &AppHarness) -> PrintForm {
    app(h).session().print.form.clone()
}

fn set_form(h: &mut AppHarness, f: PrintForm) {
    h.state_mut()
        .as_mut()
        .expect("app")
        .push_action(Action::Print(PrintAction::SetForm(Box::new(f))));
    h.step();
}

/// Steps until no print task runs and the preview shows the current form.
fn previewed(h: &mut AppHarness) {
    settle(h, |a| {
        let p = &a.session().print;
        p.task.is_none() && p.preview.as_ref().is_some_and(|(_, f)| **f == p.form)
    });
}

fn print_to(h: &mut AppHarness, path: &std::path::Path) -> (bool, String) {
    let a = Action::Print(PrintAction::PrintTo(path.to_path_buf()));
    h.state_mut().as_mut().expect("app").push_action(a);
    h.step();
    settle(h, |a| {
        let p = &a.session().print;
        p.task.is_none() && p.message.is_some()
    });
    app(h).session().print.message.clone().expect("message")
}

#[test]
fn a_planner_previews_prints_and_saves_a_bulqize_layout() {
    let (dir, _path, mut h) = open_demo();
    h.get_by_label("Skedari").click();
    h.run();
    h.get_by_label("Printo hartën…").click();
    h.step();
    previewed(&mut h);
    let state = &app(&h).session().print;
    assert!(state.open && !state.form.case_level);
    let (texture, _) = state.preview.as_ref().expect("preview");
    // A4 landscape at 54 dpi: 842 × 595 pt → 631 × 446 px.
    assert_eq!(texture.size(), [631, 446]);
    assert!(state.layouts.iter().any(|l| l.name == "mines"));

    // Bulqizë, an own title, no inset, no reach circles.
    let mut f = form(&h);
    f.area = PrintArea::Municipality("Bulqizë".into());
    f.layout.title = Some("Harta e {area} për takimin".into());
    f.layout.elements.inset = false;
    f.layout.hidden_layers = vec!["reach".into()];
    set_form(&mut h, f);
    previewed(&mut h);
    let out = dir.path().join("Bulqizë ç.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    assert!(info.contains("Pages:           1"), "{info}");
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(pdf.contains("Harta e Bulqizë për takimin"), "{pdf}");
    assert!(pdf.contains("OpenStreetMap"), "attribution: {pdf}");
    assert!(
        !pdf.contains("Arritja e shërbimeve"),
        "reach left out: {pdf}"
    );
    assert!(!pdf.contains("KONFIDENCIALE"));
    assert!(!audit_actions(&h).contains(&"print_case_level".to_string()));

    // Saved in the project, then offered in the list (read back from the file).
    let mut f = form(&h);
    f.layout.name = "Bulqizë takim".into();
    set_form(&mut h, f);
    h.state_mut()
        .as_mut()
        .unwrap()
        .push_action(Action::Print(PrintAction::SaveLayout));
    h.step();
    settle(&mut h, |a| a.session().print.task.is_none());
    let saved = app(&h)
        .session()
        .print
        .layouts
        .iter()
        .find(|l| l.name == "Bulqizë takim")
        .cloned()
        .expect("saved layout listed");
    assert_eq!(saved.title.as_deref(), Some("Harta e {area} për takimin"));
    assert!(!saved.elements.inset && !saved.shows("reach"));

    // Case level: explicit, marked, audited, and cleared after the print.
    let mut f = form(&h);
    f.case_level = true;
    set_form(&mut h, f);
    previewed(&mut h);
    let out = dir.path().join("raste.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(pdf.contains("KONFIDENCIALE"), "{pdf}");
    assert!(pdf.contains("Raste individuale"), "{pdf}");
    assert!(!form(&h).case_level, "the choice is made again each time");
    assert!(audit_actions(&h).contains(&"print_case_level".to_string()));

    // The atlas as PDF can be cancelled between pages: nothing is written.
    let mut f = form(&h);
    f.area = PrintArea::Atlas;
    set_form(&mut h, f);
    previewed(&mut h);
    let out = dir.path().join("atlasi.pdf");
    for a in [PrintAction::PrintTo(out.clone()), PrintAction::Cancel] {
        h.state_mut()
            .as_mut()
            .unwrap()
            .push_action(Action::Print(a));
        h.step();
    }
    settle(&mut h, |a| {
        let p = &a.session().print;
        p.task.is_none() && p.message.is_some()
    });
    let (error, text) = app(&h).session().print.message.clone().unwrap();
    assert!(error && text.contains("anulua"), "{text}");
    assert!(!out.exists());

    // A PNG holds one page: an atlas as PNG is refused, nothing written.
    let mut f = form(&h);
    f.area = PrintArea::Atlas;
    f.png_dpi = Some(150);
    set_form(&mut h, f);
    settle(&mut h, |a| a.session().print.task.is_none());
    let out = dir.path().join("atlas.png");
    let (error, text) = print_to(&mut h, &out);
    assert!(error && text.contains("PDF"), "{text}");
    assert!(!out.exists());
}

/// The offline pack's tiles: the box is disabled without a pack; with the demo basemap's
/// pack (zooms 6–8) open it is on, the PDF holds one image (the mosaic) and names the pack's
/// attribution; switched off, the page has no image.
#[test]
fn the_offline_pack_prints_under_the_map_when_its_box_is_on() {
    use egui_kittest::kittest::NodeT;
    use riskatlas::io::tile_pack::{PackOptions, build_pack};
    let (dir, _path, mut h) = open_demo();
    let act = |h: &mut AppHarness, a: Action| {
        h.state_mut().as_mut().expect("app").push_action(a);
        h.step();
    };
    let open = |h: &mut AppHarness| {
        act(h, Action::Print(PrintAction::Open));
        previewed(h);
    };
    open(&mut h);
    let label = "Sfondi me pllaka (harta në ekran, ose paketa offline)";
    assert!(app(&h).session().print.tiles.is_none());
    assert!(h.get_by_label(label).accesskit_node().is_disabled());
    act(&mut h, Action::Print(PrintAction::Close));

    let pack = dir.path().join("albania.mbtiles");
    let renderer = riskatlas::render::TileRenderer::new(riskatlas::demo::basemap_data().unwrap());
    let opts = PackOptions {
        min_zoom: 6,
        max_zoom: 8,
        scale: 1,
        bbox_wgs84: [19.25, 39.6, 21.1, 42.7],
        threads: 2,
        name: "test".into(),
        description: String::new(),
        attribution: "Test pack attribution".into(),
    };
    let progress = riskatlas::progress::NoProgress;
    build_pack(&renderer.unwrap(), &pack, &opts, &progress).unwrap();
    act(&mut h, Action::OpenPack(pack));
    open(&mut h);
    assert!(app(&h).session().print.tiles.is_some());
    assert!(!h.get_by_label(label).accesskit_node().is_disabled());
    assert!(form(&h).tiles);
    let images = |out: &std::path::Path| {
        let list = tool("pdfimages", &["-list", out.to_str().unwrap()]);
        list.lines().count() - 2
    };
    let out = dir.path().join("me pllaka.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    assert_eq!(images(&out), 2, "the mosaic and its transparency mask");
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(pdf.contains("Test pack attribution"), "{pdf}");

    let mut f = form(&h);
    f.tiles = false;
    set_form(&mut h, f);
    previewed(&mut h);
    let out = dir.path().join("pa pllaka.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    assert_eq!(images(&out), 0);
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(!pdf.contains("Test pack attribution"), "{pdf}");
}

#[test]
fn the_case_density_prints_under_the_map_with_its_legend_and_is_saved_in_the_layout() {
    let (dir, path, mut h) = open_demo();
    h.state_mut()
        .as_mut()
        .expect("app")
        .push_action(Action::Print(PrintAction::Open));
    h.step();
    previewed(&mut h);
    assert_eq!(form(&h).layout.density, None, "off by default");
    h.get_by_label("Dendësia e rasteve (pa vendet me më pak se k raste)")
        .click();
    h.run();
    let f = form(&h);
    let radius_m = f.layout.density.expect("ticked").radius_m;
    assert_eq!(radius_m, 1000.0);
    let mut f = f;
    f.area = PrintArea::Municipality("Tiranë".into());
    f.layout.name = "dendesia".into();
    set_form(&mut h, f);
    previewed(&mut h);
    let out = dir.path().join("dendësia.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(pdf.contains("Dendësia e rasteve"), "{pdf}");
    assert!(pdf.contains("raste për km²"), "{pdf}");
    assert!(pdf.contains("< 5 raste brenda 1 km: nuk shfaqet"), "{pdf}");
    let list = tool("pdfimages", &["-list", out.to_str().unwrap()]);
    assert!(list.lines().count() > 2, "the density image: {list}");
    // Saved with the layout, read back from the project.
    h.state_mut()
        .as_mut()
        .expect("app")
        .push_action(Action::Print(PrintAction::SaveLayout));
    h.step();
    settle(&mut h, |a| a.session().print.task.is_none());
    let listed = app(&h).session().print.layouts.clone();
    let listed = listed
        .iter()
        .find(|l| l.name == "dendesia")
        .expect("listed");
    assert_eq!(listed.density.map(|d| d.radius_m), Some(1000.0));
    // In the project file once the app has closed it.
    drop(h);
    let store = riskatlas::store::ProjectStore::open(&path).unwrap();
    let saved = riskatlas::render::print::layout::find(&store, "dendesia").unwrap();
    assert_eq!(saved.density.map(|d| d.radius_m), Some(1000.0));
}

#[test]
fn the_pages_count_the_cases_the_map_filter_shows_and_say_which() {
    use riskatlas::app::state::Filters;
    use riskatlas::model::CaseKind;
    let (dir, _path, mut h) = open_demo();
    let act = |h: &mut AppHarness, a: Action| {
        h.state_mut().as_mut().expect("app").push_action(a);
        h.step();
    };
    let mut filters = Filters::default();
    filters.cases.set_year(2024);
    filters.cases.kinds = vec![CaseKind::Begging];
    act(&mut h, Action::SetFilters(filters));
    act(&mut h, Action::Print(PrintAction::Open));
    previewed(&mut h);
    h.get_by_label("Rastet: 2024; lypje (filtri i hartës)");
    let out = dir.path().join("lypje 2024.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(pdf.contains("Rastet: 2024; lypje"), "{pdf}");

    // Clearing the map's filter while the dialog is open: the pages count every case again.
    act(&mut h, Action::SetFilters(Filters::default()));
    // The step above saw the change and reloads; the preview then shows the whole project.
    previewed(&mut h);
    assert_eq!(app(&h).session().print.filter, Default::default());
    h.get_by_label("Rastet: të gjitha (harta nuk ka filtër)");
    let out = dir.path().join("te gjitha.pdf");
    let (error, text) = print_to(&mut h, &out);
    assert!(!error, "{text}");
    let pdf = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(!pdf.contains("Rastet:"), "{pdf}");
}
