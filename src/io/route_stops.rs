//! Stops for field routes from a points file (GeoJSON, CSV, GeoPackage, Shapefile, TopoJSON),
//! read with the importer's raw readers and geometry checks (CRS, inside Albania, swapped
//! latitude/longitude), never by a parser of its own.
//!
//! Optional columns (names compared case- and accent-blind; English or Albanian):
//! `id` (else "row N"), `priority` (number ≥ 0, default 1), `service_min` (visit minutes,
//! default [`StopsOptions::default_service_min`]), `window` ("18:00-21:00", several separated
//! by ';'), `days` ("sat,sun", "mon-fri", "hën,mar"), `team` (pin: team number 1..N).
//! No other column is read: stops are the user's ids, never people's names.
//! Every row comes back either as a [`Stop`] or as a [`RejectedRow`] with its row number and
//! reason (nothing is dropped silently). O(rows).

use std::collections::HashMap;
use std::path::Path;

use crate::analysis::routing::{DayMask, Stop, TimeWindow};
use crate::crs::{Crs, Transformer};
use crate::io::format::read_any;
use crate::io::import::{ImportError, ImportOptions, decide_crs};
use crate::io::raw::RawTable;
use crate::io::validate::{GeometryOptions, check_geometry};
use crate::model::{GeometryType, LayerKind, Value};

/// How to read a stops file.
#[derive(Debug, Clone)]
pub struct StopsOptions {
    /// CRS of the coordinates when the file declares none.
    pub crs: Option<Crs>,
    /// Visit minutes for rows without `service_min`.
    pub default_service_min: f64,
    /// Number of teams (pins are 1..=teams).
    pub teams: usize,
    pub lon_column: Option<String>,
    pub lat_column: Option<String>,
}

/// A row that did not become a stop: its number (CSV line, or feature number) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub number: usize,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct StopsFile {
    pub stops: Vec<Stop>,
    pub rejected: Vec<RejectedRow>,
    /// What the reader decided (delimiter, encoding, CRS).
    pub notes: Vec<String>,
    pub rows: usize,
}

const COLUMNS: [(&str, &[&str]); 6] = [
    ("id", &["id", "stop_id", "stop", "code", "kodi", "kod"]),
    ("priority", &["priority", "prioritet", "prioriteti"]),
    (
        "service_min",
        &[
            "service_min",
            "service",
            "visit_min",
            "minutes",
            "minuta",
            "kohezgjatja",
        ],
    ),
    (
        "window",
        &["window", "windows", "time_window", "orari", "dritarja"],
    ),
    ("days", &["days", "day", "ditet", "dite"]),
    ("team", &["team", "ekipi", "ekip", "grupi"]),
];

/// Reads the stops of `path` (see the module doc).
pub fn read_stops(path: &Path, opts: &StopsOptions) -> Result<StopsFile, ImportError> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(ImportError::NotFound { path: shown });
    }
    let mut import = ImportOptions::new(LayerKind::Other);
    import.crs = opts.crs.clone();
    import.lon_column = opts.lon_column.clone();
    import.lat_column = opts.lat_column.clone();
    let (table, _) = read_any(path, &import)?;
    let (crs, note) = decide_crs(&table, &import, &shown)?;
    let mut notes = table.notes.clone();
    notes.extend(note);
    Ok(convert(&table, &crs, opts, notes))
}

/// The stops of an already read table whose coordinates are in `crs`.
pub fn convert(table: &RawTable, crs: &Crs, opts: &StopsOptions, notes: Vec<String>) -> StopsFile {
    let col: HashMap<&str, usize> = COLUMNS
        .iter()
        .filter_map(|(key, names)| {
            let i = table
                .fields
                .iter()
                .position(|f| names.contains(&crate::text::fold(&f.name).as_str()))?;
            Some((*key, i))
        })
        .collect();
    let to_wgs84 = Transformer::new(crs, &Crs::wgs84());
    let mut out = StopsFile {
        stops: Vec::new(),
        rejected: Vec::new(),
        notes,
        rows: table.records.len(),
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    for rec in &table.records {
        let get = |key: &str| {
            col.get(key)
                .and_then(|&i| rec.values.get(i))
                .filter(|v| !v.is_null())
        };
        let checked = check_geometry(
            &rec.geometry,
            &to_wgs84,
            crs.is_geographic(),
            GeometryType::Point,
            GeometryOptions::default(),
        );
        let result = checked
            // The importer's fix hints name `import` flags; the reason alone is clear here.
            .map_err(|(_, msg, _)| msg)
            .and_then(|(g, _)| match g {
                geo::Geometry::Point(p) => Ok(p),
                geo::Geometry::MultiPoint(mp) if mp.0.len() == 1 => Ok(mp.0[0]),
                _ => Err("a stop must be a single point".to_string()),
            })
            .and_then(|pos| stop_from_values(pos, rec.number, &get, opts));
        let result = result.and_then(|s| match ids.get(&s.id) {
            Some(first) => Err(format!("id '{}' is already used by row {first}", s.id)),
            None => Ok(s),
        });
        match result {
            Ok(s) => {
                ids.insert(s.id.clone(), rec.number);
                out.stops.push(s);
            }
            Err(reason) => out.rejected.push(RejectedRow {
                number: rec.number,
                reason,
            }),
        }
    }
    out
}

/// One stop from its position and column values (`get` by the keys of the module doc).
pub fn stop_from_values<'a>(
    pos_wgs84: geo::Point<f64>,
    number: usize,
    get: &dyn Fn(&str) -> Option<&'a Value>,
    opts: &StopsOptions,
) -> Result<Stop, String> {
    let text = |key: &str| get(key).and_then(|v| v.non_empty_text());
    let mut stop = Stop::new(
        text("id").unwrap_or_else(|| format!("row {number}")),
        pos_wgs84,
    );
    if let Some(v) = get("priority") {
        stop.priority = v
            .as_f64()
            .filter(|p| p.is_finite() && *p >= 0.0)
            .ok_or_else(|| format!("priority '{}' is not a number ≥ 0", v.to_text()))?;
    }
    let minutes = match get("service_min") {
        Some(v) => v
            .as_f64()
            .filter(|m| m.is_finite() && *m >= 0.0)
            .ok_or_else(|| {
                format!(
                    "service_min '{}' is not a number of minutes ≥ 0",
                    v.to_text()
                )
            })?,
        None => opts.default_service_min,
    };
    stop.service_s = minutes * 60.0;
    if let Some(w) = text("window") {
        stop.windows = TimeWindow::parse_list(&w)?;
    }
    if let Some(d) = text("days") {
        stop.days = DayMask::parse(&d).map_err(|e| format!("days '{d}': {e}"))?;
    }
    if let Some(v) = get("team") {
        let t = v
            .as_i64()
            .filter(|t| *t >= 1 && (*t as usize) <= opts.teams);
        stop.pinned_team = Some(
            t.ok_or_else(|| {
                format!(
                    "team '{}' is not a team number from 1 to {}",
                    v.to_text(),
                    opts.teams
                )
            })? as usize
                - 1,
        );
    }
    Ok(stop)
}
