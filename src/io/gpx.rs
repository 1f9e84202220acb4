//! GPX 1.1 of planned field routes, for phones (OsmAnd, Organic Maps) and GPS devices.
//!
//! Input: a [`RoutePlan`] and its [`Problem`], the shape of each leg ([`LegGeometry`]: road
//! vertices from a road network, or straight segments), and a name and time for the file's
//! metadata. Output, in the order the GPX 1.1 schema requires (metadata, wpt*, rte*, trk*):
//! one `<wpt>` per visit (name "order. stop id", description with team, day and arrival
//! time), then one `<trk>` per route named "Team X – Monday" whose single `<trkseg>` runs
//! base → stops → base. Coordinates WGS84 with 7 decimals (≈ 1 cm); text XML-escaped.
//! Stop names are the user's stop ids only: never a person's name.
//! Written atomically (temporary file + rename: complete or absent). O(total vertices).

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use geo::Point;

use super::atomic::write_atomic;
use crate::analysis::routing::{LegGeometry, Problem, Route, RoutePlan, format_clock};

/// The GPX 1.1 namespace.
pub const GPX_NS: &str = "http://www.topografix.com/GPX/1/1";

/// What the file's `<metadata>` says.
#[derive(Debug, Clone)]
pub struct GpxMeta {
    pub name: String,
    pub time: DateTime<Utc>,
}

/// "Team 1 – Monday": the label of a route in files and on screen.
pub fn route_label(problem: &Problem, route: &Route) -> String {
    format!(
        "Team {} – {}",
        problem.teams[route.team].id,
        weekday_name(route.weekday)
    )
}

/// English weekday name ("Monday").
pub fn weekday_name(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}

/// Writes the plan's GPX to `path` atomically.
pub fn write_gpx(
    path: &Path,
    plan: &RoutePlan,
    problem: &Problem,
    legs: &dyn LegGeometry,
    meta: &GpxMeta,
) -> std::io::Result<()> {
    write_atomic(path, |w| write_gpx_to(w, plan, problem, legs, meta))
}

/// The GPX document, to any writer.
pub fn write_gpx_to(
    w: &mut impl Write,
    plan: &RoutePlan,
    problem: &Problem,
    legs: &dyn LegGeometry,
    meta: &GpxMeta,
) -> std::io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gpx version="1.1" creator="Risk Atlas" xmlns="{GPX_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{GPX_NS} http://www.topografix.com/GPX/1/1/gpx.xsd">"#
    )?;
    writeln!(w, "  <metadata>")?;
    writeln!(w, "    <name>{}</name>", escape(&meta.name))?;
    let time = meta.time.to_rfc3339_opts(SecondsFormat::Secs, true);
    writeln!(w, "    <time>{time}</time>")?;
    writeln!(w, "  </metadata>")?;
    for route in &plan.routes {
        let label = route_label(problem, route);
        for (i, v) in route.visits.iter().enumerate() {
            let stop = &problem.stops[v.stop];
            writeln!(w, "  <wpt {}>", lat_lon(stop.pos_wgs84))?;
            writeln!(w, "    <name>{}. {}</name>", i + 1, escape(&stop.id))?;
            let desc = format!(
                "{label}, stop {} of {}, arrival {}, leave {}",
                i + 1,
                route.visits.len(),
                format_clock(v.arrival_s),
                format_clock(v.departure_s)
            );
            writeln!(w, "    <desc>{}</desc>", escape(&desc))?;
            writeln!(w, "  </wpt>")?;
        }
    }
    for route in &plan.routes {
        writeln!(w, "  <trk>")?;
        writeln!(
            w,
            "    <name>{}</name>",
            escape(&route_label(problem, route))
        )?;
        let desc = format!(
            "{} stops, {:.1} km, {}–{}",
            route.visits.len(),
            route.dist_m / 1000.0,
            format_clock(route.start_s),
            format_clock(route.end_s)
        );
        writeln!(w, "    <desc>{}</desc>", escape(&desc))?;
        writeln!(w, "    <trkseg>")?;
        for p in route.line_wgs84(problem, legs) {
            writeln!(w, "      <trkpt {}/>", lat_lon(p))?;
        }
        writeln!(w, "    </trkseg>")?;
        writeln!(w, "  </trk>")?;
    }
    writeln!(w, "</gpx>")
}

fn lat_lon(p: Point<f64>) -> String {
    format!(r#"lat="{:.7}" lon="{:.7}""#, p.y(), p.x())
}

/// XML text and attribute escaping (also drops characters XML 1.0 forbids).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "gpx_tests.rs"]
pub(crate) mod tests;
