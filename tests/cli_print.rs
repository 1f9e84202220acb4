//! `riskatlas print`: a coverage map of the demo as PDF (read back with pdfinfo/pdftotext:
//! page size, title, legend entries, scale, attribution) and as PNG (size at the dpi, not
//! blank, the legend's colours present), and clear one-line errors for bad requests;
//! `--tiles PACK` draws an offline pack's tiles under the map in both formats.

mod cli_support;

use std::path::Path;
use std::process::Command;

use cli_support::{json_ok, run};

fn demo(dir: &Path) -> String {
    let p = dir.join("demo ë.gpkg");
    let o = run(&["demo", "--out", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    p.to_str().unwrap().to_string()
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(o.status.success(), "{name} failed");
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn a_coverage_map_of_bulqize_prints_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("bulqizë.pdf");
    let o = run(&[
        "print",
        &project,
        "--template",
        "coverage",
        "--municipality",
        "Bulqizë",
        "--page",
        "A4",
        "--landscape",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["municipality"], "Bulqizë");
    assert_eq!(v["pages"], 1);
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim);
    assert_eq!(pages, Some("1"), "{info}");
    assert!(info.contains("841.89 x 595.27"), "A4 landscape: {info}");
    let text = tool("pdftotext", &["-layout", out.to_str().unwrap(), "-"]);
    for needle in [
        "Mbulimi me shërbime — Bulqizë",
        "Legjenda",
        "5–9",
        "< 5: nuk shfaqet",
        "Qendër ditore",
        "Shkalla 1:",
        "© OpenStreetMap contributors",
        "Shtypur më",
    ] {
        assert!(text.contains(needle), "'{needle}' missing:\n{text}");
    }
    // No count of children is printed on the map itself: no number next to a hexagon.
    assert!(!text.contains("CONFIDENTIAL"));
}

#[test]
fn a_coverage_map_of_tirane_prints_as_png_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("tirana.png");
    let o = run(&[
        "print",
        &project,
        "--municipality",
        "tirane",
        "--lang",
        "en",
        "--dpi",
        "150",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // A4 portrait at 150 dpi: 210 × 297 mm.
    assert_eq!(
        (v["width_px"].as_u64(), v["height_px"].as_u64()),
        (Some(1240), Some(1754))
    );
    let img = tiny_skia::Pixmap::load_png(&out).unwrap();
    assert_eq!((img.width(), img.height()), (1240, 1754));
    let px = |x: u32, y: u32| {
        let p = img.pixel(x, y).unwrap().demultiply();
        [p.red(), p.green(), p.blue()]
    };
    let (w, h) = (img.width(), img.height());
    let all = (0..w).flat_map(|x| (0..h).map(move |y| (x, y)));
    let not_white = all.filter(|&(x, y)| px(x, y) != [255, 255, 255]).count();
    assert!(not_white > 1240 * 1754 / 3, "mostly blank: {not_white}");
    // The hexagon colours of the legend (viridis purple) appear in the lower panel.
    let purple = (0..w)
        .flat_map(|x| (h * 3 / 4..h).map(move |y| (x, y)))
        .filter(|&(x, y)| {
            let p = px(x, y);
            let [r, g, b] = p.map(i32::from);
            b > g + 40 && r > g && b > 100
        })
        .count();
    assert!(purple > 30, "legend swatch missing: {purple}");
}

#[test]
fn bad_requests_fail_on_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    for (args, needle) in [
        (
            vec!["--municipality", "Atlantis"],
            "no municipality named 'Atlantis'",
        ),
        (vec!["--k", "3"], "at least 5"),
        (vec!["--page", "A5"], "use A4 or A3"),
        (vec!["--template", "poster"], "unknown template"),
        (
            vec!["--tiles", "nowhere.mbtiles"],
            "--tiles: nowhere.mbtiles is not an MBTiles tile pack",
        ),
    ] {
        let out = dir.path().join("x.pdf");
        let mut all = vec!["print", project.as_str(), "--out", out.to_str().unwrap()];
        all.extend(args.iter().copied());
        let o = run(&all);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!out.exists());
    }
    let out = dir.path().join("x.svg");
    let o = run(&["print", &project, "--out", out.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains(".pdf or .png"));
}

/// The atlas: a national page and one page per municipality (62 for the demo), each with its
/// indicators as `riskatlas indicators` publishes them (no count from 1 to 4 anywhere).
#[test]
fn the_atlas_has_a_page_per_municipality_and_no_small_counts() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("atlas.pdf");
    let o = run(&[
        "print",
        &project,
        "--atlas",
        "--landscape",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["pages"], 62);
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim);
    assert_eq!(pages, Some("62"));
    let text = tool("pdftotext", &["-layout", out.to_str().unwrap(), "-"]);
    let page_texts: Vec<&str> = text.split('\u{c}').collect();
    assert!(page_texts[0].contains("Mbulimi me shërbime — Shqipëria"));
    assert!(
        page_texts[0].contains("3000"),
        "the national total is shown"
    );
    for (i, page) in page_texts.iter().take(62).enumerate() {
        assert!(page.contains("Treguesit"), "page {}: no indicators", i + 1);
        assert!(
            page.contains("© OpenStreetMap contributors"),
            "page {}",
            i + 1
        );
        for label in [
            "Identifikuar",
            "Referuar",
            "Lypje",
            "Mbledhje kromi",
            "Pranë minierave",
        ] {
            let Some(line) = page.lines().find(|l| l.contains(label)) else {
                continue;
            };
            let last = line.split_whitespace().last().unwrap_or("");
            assert!(
                !["1", "2", "3", "4"].contains(&last),
                "page {}: '{label}' shows {last}",
                i + 1
            );
        }
    }
    // A chosen few, in the given order.
    let few = dir.path().join("few.pdf");
    let o = run(&[
        "print",
        &project,
        "--atlas",
        "--municipalities",
        "Bulqizë,Dibër",
        "--out",
        few.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = tool("pdftotext", &[few.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages[1].contains("Bulqizë") && pages[2].contains("Dibër"));
}

/// Case points only on explicit request: the page says CONFIDENTIAL and the project's audit
/// table records who printed what where; a default print records nothing and says nothing.
#[test]
fn case_level_printing_is_explicit_marked_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let audits = || {
        riskatlas::store::ProjectStore::open(Path::new(&project))
            .unwrap()
            .audit_log()
            .unwrap()
            .into_iter()
            .filter(|a| a.action == "print_case_level")
            .count()
    };
    let plain = dir.path().join("plain.pdf");
    let o = run(&[
        "print",
        &project,
        "--municipality",
        "Tiranë",
        "--out",
        plain.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(audits(), 0);
    let text = tool("pdftotext", &[plain.to_str().unwrap(), "-"]);
    assert!(!text.contains("KONFIDENCIALE"));

    let cases = dir.path().join("cases.pdf");
    let o = run(&[
        "print",
        &project,
        "--municipality",
        "Tiranë",
        "--case-level",
        "--out",
        cases.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["case_level"], true);
    assert_eq!(audits(), 1);
    let text = tool("pdftotext", &[cases.to_str().unwrap(), "-"]);
    assert!(
        text.contains("KONFIDENCIALE — përmban të dhëna për fëmijë"),
        "{text}"
    );
    assert!(text.contains("Raste individuale"));
    // The case-level page carries more drawing than the aggregated one (the points).
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(size(&cases) > size(&plain));
}

/// The task forces' Bulqizë mine map and the summer coastal map of Durrës.
#[test]
fn mine_risk_and_summer_coastal_maps() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let mines = dir.path().join("mines.pdf");
    let o = run(&[
        "print",
        &project,
        "--template",
        "mines",
        "--municipality",
        "Bulqizë",
        "--landscape",
        "--out",
        mines.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = tool("pdftotext", &["-layout", mines.to_str().unwrap(), "-"]);
    for needle in [
        "Rreziku pranë minierave — Bulqizë",
        "Brezi i rrezikut rreth minierave",
        "brenda 3.0 km",
        "Aktive",
        "ku hyjnë fëmijët",
    ] {
        assert!(text.contains(needle), "'{needle}' missing:\n{text}");
    }
    let coast = dir.path().join("coast.pdf");
    let o = run(&[
        "print",
        &project,
        "--template",
        "coastal",
        "--month",
        "7",
        "--municipality",
        "Durrës",
        "--lang",
        "en",
        "--landscape",
        "--out",
        coast.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = tool("pdftotext", &["-layout", coast.to_str().unwrap(), "-"]);
    for needle in [
        "Summer work on the coast (July) — Durrës",
        "Plazhi i Durrësit 10:00-20:00",
        "Cases identified June–September",
    ] {
        assert!(text.contains(needle), "'{needle}' missing:\n{text}");
    }
    // In December no hotspot is active.
    let winter = dir.path().join("winter.pdf");
    let o = run(&[
        "print",
        &project,
        "--template",
        "coastal",
        "--month",
        "12",
        "--municipality",
        "Durrës",
        "--out",
        winter.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let text = tool("pdftotext", &[winter.to_str().unwrap(), "-"]);
    assert!(!text.contains("Plazhi i Durrësit"));
}

#[test]
fn a_layout_saved_in_the_project_prints_with_its_title_elements_and_layers() {
    use riskatlas::render::print::layout::{PrintLayout, save};
    use riskatlas::render::print::pages::Template;
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let mut l = PrintLayout::new("Takimi i Bulqizës", Template::Mines { band_m: 2000.0 });
    l.title = Some("Minierat dhe fëmijët — {area}".into());
    l.hidden_layers = vec!["reach".into()];
    l.elements.table = false;
    let mut store = riskatlas::store::ProjectStore::open(Path::new(&project)).unwrap();
    save(&mut store, &l).unwrap();
    store.close().unwrap();
    let out = dir.path().join("takimi.pdf");
    let o = run(&[
        "print",
        &project,
        "--layout",
        "Takimi i Bulqizës",
        "--municipality",
        "bulqize",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let v = json_ok(&o);
    assert_eq!(v["layout"], "Takimi i Bulqizës");
    assert_eq!(v["template"], "mines");
    assert_eq!(v["landscape"], true);
    let text = tool("pdftotext", &["-layout", out.to_str().unwrap(), "-"]);
    assert!(text.contains("Minierat dhe fëmijët — Bulqizë"), "{text}");
    assert!(text.contains("Brezi i rrezikut"), "{text}");
    assert!(
        !text.contains("Arritja e shërbimeve"),
        "reach hidden: {text}"
    );
    assert!(!text.contains("Treguesit"), "table off: {text}");
    // An unknown layout and --template with --layout are clear errors.
    let bad = run(&[
        "print",
        &project,
        "--layout",
        "nope",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no print layout named 'nope'"));
}

#[test]
fn risk_zones_print_over_the_template_with_their_map_style_and_cases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let zones = dir.path().join("zonat.geojson");
    let o = run(&[
        "risk",
        &project,
        "--month",
        "7",
        "--out",
        zones.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("tirane.pdf");
    let o = run(&[
        "print",
        &project,
        "--municipality",
        "Tiranë",
        "--layers",
        "risk_zones_m07",
        "--landscape",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = tool("pdftotext", &["-layout", out.to_str().unwrap(), "-"]);
    // The legend names the layer as the app does, not by its table name.
    assert!(
        text.contains("Zonat e rrezikut (korrik)") && !text.contains("risk_zones_m07"),
        "legend heading: {text}"
    );
    let classes = ["i ulët", "i mesëm", "i lartë", "shumë i lartë"];
    let shown = classes.iter().filter(|c| text.contains(*c)).count();
    assert!(shown >= 2, "risk classes in the legend: {text}");
    // Cases are never drawn as a styled layer.
    let bad = run(&[
        "print",
        &project,
        "--layers",
        "cases",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no such printable layer"));
}

/// Solid magenta 256 px tiles at zoom 6–11 over Albania, with an HTML attribution.
fn magenta_pack(dir: &Path) -> std::path::PathBuf {
    use image::ImageEncoder;
    use riskatlas::io::mbtiles::{MbtilesWriter, Metadata};
    let raw: Vec<u8> = (0..256 * 256).flat_map(|_| [230u8, 0, 180]).collect();
    let mut tile = Vec::new();
    image::codecs::png::PngEncoder::new(&mut tile)
        .write_image(&raw, 256, 256, image::ExtendedColorType::Rgb8)
        .unwrap();
    let bounds_wgs84 = [19.2, 39.6, 21.1, 42.7];
    let out = dir.join("magenta.mbtiles");
    let meta = Metadata {
        name: "magenta".into(),
        description: "test".into(),
        bounds_wgs84,
        center: [20.0, 41.0, 7.0],
        min_zoom: 6,
        max_zoom: 11,
        attribution: "<a href='https://example.org'>&copy; Magenta Tiles</a>".into(),
        version: "1".into(),
    };
    let mut w = MbtilesWriter::create(&out, &meta).unwrap();
    for z in 6..=11 {
        for t in riskatlas::render::tiles_covering(bounds_wgs84, z) {
            w.put(t, &tile).unwrap();
        }
    }
    w.finish().unwrap();
    out
}

/// The share of an image's pixels that are the tiles' magenta.
fn magenta_share(png: &Path) -> f64 {
    let img = image::open(png).unwrap().to_rgb8();
    let m = img
        .pixels()
        .filter(|p| p[0] > 200 && p[1] < 40 && (150..210).contains(&p[2]))
        .count();
    m as f64 / (img.width() * img.height()) as f64
}

#[test]
fn offline_pack_tiles_print_under_the_map_in_pdf_and_png_alike() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let pack = magenta_pack(dir.path());
    let print = |out: &Path, tiles: bool| {
        let mut args = vec!["print", &project, "--municipality", "Bulqizë", "--json"];
        args.extend(["--out", out.to_str().unwrap()]);
        if tiles {
            args.extend(["--tiles", pack.to_str().unwrap()]);
        }
        json_ok(&run(&args))
    };
    let pdf = dir.path().join("tiles.pdf");
    let v = print(&pdf, true);
    assert_eq!(v["tiles"], pack.to_str().unwrap());
    // One image per page (the mosaic), not one per tile.
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert_eq!(images.lines().count(), 3, "{images}");
    assert!(images.lines().nth(2).unwrap().contains("image"), "{images}");
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("© Magenta Tiles"), "{text}");
    assert!(text.contains("© OpenStreetMap contributors"));
    let root = dir.path().join("page");
    tool(
        "pdftoppm",
        &["-png", "-r", "150", "-singlefile", pdf.to_str().unwrap()]
            .into_iter()
            .chain([root.to_str().unwrap()])
            .collect::<Vec<_>>(),
    );
    let from_pdf = magenta_share(&root.with_extension("png"));
    // The PNG of the same page.
    let png = dir.path().join("tiles.png");
    let v = print(&png, true);
    assert_eq!(v["width_px"], 1240);
    let from_png = magenta_share(&png);
    assert!(from_pdf > 0.2, "{from_pdf}");
    assert!(
        (from_pdf - from_png).abs() < 0.01,
        "{from_pdf} vs {from_png}"
    );
    // Without the pack: no image, no magenta, no pack attribution.
    let plain = dir.path().join("plain.pdf");
    assert_eq!(print(&plain, false)["tiles"], serde_json::Value::Null);
    let images = tool("pdfimages", &["-list", plain.to_str().unwrap()]);
    assert_eq!(images.lines().count(), 2, "{images}");
    let text = tool("pdftotext", &[plain.to_str().unwrap(), "-"]);
    assert!(!text.contains("Magenta"));
    // A file that is not a pack: one line, nothing written.
    let junk = dir.path().join("junk.mbtiles");
    std::fs::write(&junk, b"junk").unwrap();
    let out = dir.path().join("no.pdf");
    let o = run(&[
        "print",
        &project,
        "--out",
        out.to_str().unwrap(),
        "--tiles",
        junk.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("--tiles:") && err.contains("junk.mbtiles"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn the_case_density_prints_on_request_and_a_bad_radius_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("dendesia.pdf");
    let o = run(&[
        "print",
        &project,
        "--municipality",
        "Tiranë",
        "--density-radius-m",
        "1500",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["density_radius_m"], 1500.0);
    let text = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
    assert!(
        text.contains("Case density (quartic kernel, radius 1.5 km)"),
        "{text}"
    );
    assert!(
        text.contains("< 5 cases within 1.5 km: not shown"),
        "{text}"
    );
    let images = tool("pdfimages", &["-list", out.to_str().unwrap()]);
    assert!(images.lines().count() > 2, "{images}");
    // Without the flag: no density, no image.
    let o = run(&["print", &project, "--out", out.to_str().unwrap(), "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["density_radius_m"].is_null());
    let images = tool("pdfimages", &["-list", out.to_str().unwrap()]);
    assert_eq!(images.lines().count(), 2, "{images}");
    for bad in ["0", "-5", "NaN", "100000"] {
        let o = run(&[
            "print",
            &project,
            &format!("--density-radius-m={bad}"),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(!o.status.success(), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--density-radius-m"), "{bad}: {err}");
    }
}

#[test]
fn the_app_tile_cache_is_used_only_when_it_is_a_cache_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("cache.pdf");
    let print = |cache: &std::path::Path| {
        run(&[
            "print",
            &project,
            "--municipality",
            "Tiranë",
            "--tile-cache",
            cache.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
        ])
    };
    for bad in [dir.path().join("nowhere"), dir.path().to_path_buf()] {
        let o = print(&bad);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("--tile-cache") && err.contains("tile cache"),
            "{err}"
        );
        assert!(!out.exists(), "nothing written on a bad folder");
    }
    // An empty cache (nothing viewed yet): the page prints on the vector basemap, no image.
    let empty = dir.path().join("tiles");
    std::fs::create_dir_all(empty.join("index-v5")).unwrap();
    let o = print(&empty);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tile_cache"], empty.display().to_string());
    let images = tool("pdfimages", &["-list", out.to_str().unwrap()]);
    assert_eq!(images.lines().count(), 2, "{images}");
}

#[test]
fn a_filtered_print_counts_only_those_cases_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let out = dir.path().join("filtri.pdf");
    let total = |extra: &[&str]| {
        let mut args = vec![
            "print",
            &project,
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let text = tool("pdftotext", &["-layout", out.to_str().unwrap(), "-"]);
        let line = text
            .lines()
            .find(|l| l.contains("Cases in total"))
            .unwrap_or_else(|| panic!("{text}"))
            .to_string();
        let n: u32 = line.split_whitespace().last().unwrap().parse().unwrap();
        (v, text, n)
    };
    let (v, text, all) = total(&[]);
    assert!(v["cases_filter"].is_null());
    assert!(!text.contains("Cases:"), "{text}");
    assert_eq!(all, 3000);
    let (v, text, some) = total(&["--year", "2024", "--kinds", "begging,chrome_collection"]);
    assert_eq!(v["cases_filter"], "Cases: 2024; begging, chrome collection");
    assert!(
        text.contains("Cases: 2024; begging, chrome collection"),
        "{text}"
    );
    assert!(some > 0 && some < all, "{some} of {all}");
    // Each half of the year counts a part; the two parts make the year.
    let (_, _, h1) = total(&["--from", "2024-01-01", "--to", "2024-06-30"]);
    let (_, _, h2) = total(&["--from", "2024-07-01", "--to", "2024-12-31"]);
    let (_, _, year) = total(&["--year", "2024"]);
    assert_eq!(h1 + h2, year);
    for (bad, flag) in [
        (vec!["--kinds", "flying"], "--kinds"),
        (vec!["--statuses", "lost"], "--statuses"),
        (vec!["--ages", "3-4"], "--ages"),
        (vec!["--from", "2024-05-01", "--to", "2024-01-01"], "--from"),
        (vec!["--year", "2024", "--from", "2024-01-01"], "--year"),
    ] {
        let mut args = vec!["print", &project, "--out", out.to_str().unwrap()];
        args.extend_from_slice(&bad);
        let o = run(&args);
        assert!(!o.status.success(), "{bad:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(flag), "{bad:?}: {err}");
    }
}
