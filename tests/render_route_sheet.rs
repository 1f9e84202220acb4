//! Route sheets as a person would check them: the PDF opens in poppler (`pdfinfo`,
//! `pdftotext`), has the right number of A4 pages, and shows the stops, the Albanian column
//! names with diacritics, the attribution and "page i of n". Set RISKATLAS_PDF_DIR to keep
//! the file for looking at (`pdftoppm -png`).

use std::process::Command;

use riskatlas::render::pdf::route_sheet::{RouteSheet, SheetLabels, SheetStop, route_sheets_pdf};
use riskatlas::render::pdf::route_sheet_map::SheetMap;
use riskatlas::render::pdf::{Orientation, PageSpec, Paper};

fn sheet(team: &str, n: usize) -> RouteSheet {
    let base = (20.1, 41.49);
    let stops: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 / n.max(1) as f64 * std::f64::consts::TAU;
            (base.0 + 0.05 * a.cos(), base.1 + 0.04 * a.sin())
        })
        .collect();
    let mut track = vec![base];
    track.extend(&stops);
    track.push(base);
    let mut cum = 0.0;
    RouteSheet {
        title: format!("Itinerari i ekipit {team} — e hënë"),
        subtitle: "Bashkia Bulqizë · vijë e drejtë × 1,3".into(),
        facts: vec![
            ("Ekipi:".into(), team.into()),
            ("Dita:".into(), "e hënë".into()),
            ("Baza:".into(), "NjMF Bulqizë".into()),
            ("Gjatësia:".into(), "42,0 km".into()),
        ],
        stops: (0..n)
            .map(|i| {
                cum += 2.5;
                SheetStop {
                    id: format!("Z-{:03}", i + 1),
                    arrival: format!("{:02}:{:02}", 8 + i / 4, (i % 4) * 15),
                    departure: format!("{:02}:{:02}", 8 + i / 4, (i % 4) * 15 + 10),
                    wait_min: 0.0,
                    service_min: 10.0,
                    window: if i % 3 == 0 {
                        "18:00–21:00".into()
                    } else {
                        String::new()
                    },
                    leg_km: 2.5,
                    cum_km: cum,
                }
            })
            .collect(),
        map: SheetMap {
            track_wgs84: track,
            stops_wgs84: stops,
            base_wgs84: base,
            context_wgs84: vec![],
        },
    }
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn route_sheets_paginate_and_read_back() {
    let printed = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    let labels = SheetLabels::sq("Rrugët © OpenStreetMap contributors (ODbL)");
    let pdf = route_sheets_pdf(
        &[sheet("1", 6), sheet("2", 60)],
        &labels,
        PageSpec::A4_PORTRAIT,
        printed,
    )
    .unwrap();
    let dir = std::env::var("RISKATLAS_PDF_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join(format!("ra_sheet_{}", std::process::id())));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("route_sheets.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();

    let info = tool("pdfinfo", &[p]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Sheet 1 fits one page; 60 stops need the first page plus at least one more.
    assert!(pages >= 3, "{info}");
    assert!(
        info.contains("595.276 x 841.89") || info.contains("595.28 x 841.89"),
        "{info}"
    );

    let text = tool("pdftotext", &["-layout", p, "-"]);
    for needle in [
        "Itinerari i ekipit 1",
        "Mbërritja",
        "Z-001",
        "Z-060",
        "18:00–21:00",
        "© OpenStreetMap",
        "Shtypur më 23.11.2026",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert!(
        text.contains(&format!("Faqja {pages} nga {pages}")),
        "{text}"
    );
    // Every stop is listed exactly once across the continuation pages.
    for i in 1..=60 {
        let id = format!("Z-{i:03}");
        assert_eq!(
            text.matches(&id).count(),
            if i <= 6 { 2 } else { 1 },
            "{id}"
        );
    }

    let landscape = PageSpec {
        paper: Paper::A3,
        orientation: Orientation::Landscape,
    };
    let pdf =
        route_sheets_pdf(&[sheet("3", 0)], &SheetLabels::en("x"), landscape, printed).unwrap();
    let path = dir.join("route_sheet_empty_a3.pdf");
    let p = path.to_str().unwrap();
    std::fs::write(&path, &pdf).unwrap();
    let info = tool("pdfinfo", &[p]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    assert!(info.contains("1190.55 x 841.89"), "{info}");
    assert!(tool("pdftotext", &[p, "-"]).contains("No stops on this route."));
}
