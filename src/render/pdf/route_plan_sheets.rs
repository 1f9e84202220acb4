//! Turns a planned set of field routes into route sheets (one per team and day with stops):
//! the ordered stops with arrival, departure, waiting, service, windows and distances, and
//! the route's map with its legs' shapes. Labels in Albanian or English.
//! O(stops + route vertices).

use super::route_sheet::{RouteSheet, SheetStop};
use super::route_sheet_map::SheetMap;
use crate::analysis::routing::{LegGeometry, Problem, RoutePlan, format_clock};

/// The sheets' language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLang {
    Sq,
    En,
}

/// A weekday's name in the sheet's language.
pub fn weekday(day: chrono::Weekday, lang: SheetLang) -> &'static str {
    let sq = [
        "e hënë",
        "e martë",
        "e mërkurë",
        "e enjte",
        "e premte",
        "e shtunë",
        "e diel",
    ];
    match lang {
        SheetLang::Sq => sq[day.num_days_from_monday() as usize],
        SheetLang::En => crate::io::gpx::weekday_name(day),
    }
}

/// One sheet per route; `subtitle` says where and how distances were measured;
/// `context` are grey lines under each map (municipality border, roads).
pub fn sheets_from_plan(
    plan: &RoutePlan,
    problem: &Problem,
    legs: &dyn LegGeometry,
    lang: SheetLang,
    subtitle: &str,
    context: &[Vec<(f64, f64)>],
) -> Vec<RouteSheet> {
    let sq = lang == SheetLang::Sq;
    plan.routes
        .iter()
        .filter(|r| !r.visits.is_empty())
        .map(|r| {
            let team = &problem.teams[r.team];
            let day = weekday(r.weekday, lang);
            let title = if sq {
                format!("Itinerari i ekipit {} — {day}", team.id)
            } else {
                format!("Route of team {} — {day}", team.id)
            };
            let mut cum = 0.0;
            let stops = r
                .visits
                .iter()
                .map(|v| {
                    let s = &problem.stops[v.stop];
                    cum += v.leg_dist_m / 1000.0;
                    let window: Vec<String> = s
                        .windows
                        .iter()
                        .map(|w| format!("{}–{}", format_clock(w.start_s), format_clock(w.end_s)))
                        .collect();
                    SheetStop {
                        id: s.id.clone(),
                        arrival: format_clock(v.arrival_s),
                        departure: format_clock(v.departure_s),
                        wait_min: v.wait_s / 60.0,
                        service_min: s.service_s / 60.0,
                        window: window.join(", "),
                        leg_km: v.leg_dist_m / 1000.0,
                        cum_km: cum,
                    }
                })
                .collect();
            let k = |a: &str, b: &str| if sq { a.to_string() } else { b.to_string() };
            let facts = vec![
                (k("Ekipi:", "Team:"), team.id.clone()),
                (k("Dita:", "Day:"), day.to_string()),
                (
                    k("Nisja nga baza:", "Leaves base:"),
                    format_clock(r.start_s),
                ),
                (k("Kthimi në bazë:", "Back at base:"), format_clock(r.end_s)),
                (
                    k("Gjatësia:", "Length:"),
                    format!("{:.1} km", r.dist_m / 1000.0),
                ),
                (k("Ndalesa:", "Stops:"), r.visits.len().to_string()),
            ];
            let line = r.line_wgs84(problem, legs);
            RouteSheet {
                title,
                subtitle: subtitle.to_string(),
                facts,
                stops,
                map: SheetMap {
                    track_wgs84: line.iter().map(|p| (p.x(), p.y())).collect(),
                    stops_wgs84: r
                        .visits
                        .iter()
                        .map(|v| {
                            let p = problem.stops[v.stop].pos_wgs84;
                            (p.x(), p.y())
                        })
                        .collect(),
                    base_wgs84: (team.base_wgs84.x(), team.base_wgs84.y()),
                    context_wgs84: context.to_vec(),
                },
            }
        })
        .collect()
}
