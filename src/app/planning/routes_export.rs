//! Writes a planned set of routes: GPX for phones (OsmAnd, Organic Maps), GeoJSON for GIS,
//! or the route sheets as PDF (A4, the app's language). Each file is written atomically.
//! The files carry places and times only, never case data.

use std::path::Path;

use super::super::i18n::Language;
use super::routes_job::RoutesExport;
use super::routes_run::{Metric, PlannedRoutes};
use crate::io::atomic::write_atomic;
use crate::io::gpx::{GpxMeta, write_gpx};
use crate::io::routes_geojson::write_routes_geojson;
use crate::render::pdf::PageSpec;
use crate::render::pdf::route_plan_sheets::{SheetLang, sheets_from_plan};
use crate::render::pdf::route_sheet::{SheetLabels, route_sheets_pdf};

/// The sheets' subtitle: where, and how distances were measured.
pub fn metric_text(p: &PlannedRoutes, lang: Language) -> String {
    let sq = lang == Language::Sq;
    match &p.metric {
        Metric::Roads { walking, km } => {
            let how = match (sq, walking) {
                (true, true) => "në këmbë",
                (true, false) => "me makinë",
                (false, true) => "walking",
                (false, false) => "driving",
            };
            if sq {
                format!("Distancat përgjatë rrugëve ({how}, rrjet {km:.0} km)")
            } else {
                format!("Distances along roads ({how}, {km:.0} km network)")
            }
        }
        Metric::Straight { detour, speed_kmh } => {
            if sq {
                format!("Vijë e drejtë × {detour:.2} me {speed_kmh:.0} km/orë (pa rrjet rrugor)")
            } else {
                format!("Straight line × {detour:.2} at {speed_kmh:.0} km/h (no road network)")
            }
        }
    }
}

fn attribution(p: &PlannedRoutes) -> String {
    let mut parts = vec![
        "Risk Atlas".to_string(),
        "Kufijtë: Who's On First (CC0)".to_string(),
    ];
    if matches!(p.metric, Metric::Roads { .. }) {
        parts.push("Rrugët © OpenStreetMap contributors (ODbL)".into());
    }
    parts.join(" · ")
}

pub fn export(
    p: &PlannedRoutes,
    kind: RoutesExport,
    path: &Path,
    lang: Language,
) -> Result<(), String> {
    let name = format!("Risk Atlas – {}", p.municipality);
    match kind {
        RoutesExport::Gpx => {
            let meta = GpxMeta {
                name,
                time: chrono::Utc::now(),
            };
            write_gpx(path, &p.plan, &p.problem, p.legs.as_ref(), &meta).map_err(|e| e.to_string())
        }
        RoutesExport::GeoJson => write_routes_geojson(path, &p.plan, &p.problem, p.legs.as_ref())
            .map_err(|e| e.to_string()),
        RoutesExport::SheetsPdf => {
            let (sheet_lang, labels) = match lang {
                Language::Sq => (SheetLang::Sq, SheetLabels::sq(&attribution(p))),
                Language::En => (SheetLang::En, SheetLabels::en(&attribution(p))),
            };
            let subtitle = format!("{} · {}", p.municipality, metric_text(p, lang));
            let sheets = sheets_from_plan(
                &p.plan,
                &p.problem,
                p.legs.as_ref(),
                sheet_lang,
                &subtitle,
                &p.outline_wgs84,
            );
            let printed = chrono::Local::now().naive_local();
            let bytes = route_sheets_pdf(&sheets, &labels, PageSpec::A4_PORTRAIT, printed)
                .map_err(|e| e.to_string())?;
            write_atomic(path, |w| std::io::Write::write_all(w, &bytes)).map_err(|e| e.to_string())
        }
    }
}
