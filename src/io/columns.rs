//! Finding the coordinate columns of a table (CSV) and reading one point per row.
//!
//! Input: the header names and the data cells as text. Output: which columns hold the
//! coordinates ([`CoordColumns`]) with a note for the report, and per row a
//! [`RawGeometry`] in the SOURCE units (x = longitude or easting, y = latitude or northing;
//! nothing is reprojected or range-checked here: the importer does that) plus the GPS
//! accuracy in metres when the source carries one.
//!
//! Detection, case-insensitive and ignoring diacritics, first match wins:
//! 1. the columns the user named;
//! 2. a pair: `lon|lng|long|longitude|gjatesia|gjatesi` with `lat|latitude|gjeresia|gjeresi`,
//!    then `x`/`y`, then `easting`/`northing`;
//! 3. KoboToolbox: `_<q>_latitude`, `_<q>_longitude`, accuracy `_<q>_precision` (the leading
//!    `_` optional);
//! 4. ODK Central: `[<group>-]<q>-Latitude`, `-Longitude`, accuracy `-Accuracy`;
//! 5. one geopoint column of "lat lon [alt] [accuracy]" cells (Kobo's `gps`, ODK geopoint).
//!
//! Numbers accept a decimal comma ("41,3275"); NaN and infinities are rejected with a reason
//! (cell parsing is in `columns/cells.rs`).

use crate::text::fold;

mod cells;
use cells::parse_geopoint;
pub use cells::{infer_kind, parse_coordinate, parse_number, to_value};

/// The conventions accepted, for error messages.
pub const ACCEPTED: &str = "lon/lat, lng/lat, long/lat, longitude/latitude, x/y, \
easting/northing, gjatesia/gjeresia, KoboToolbox _<q>_longitude/_<q>_latitude, ODK \
<group>-<q>-Longitude/-Latitude, or one geopoint column of 'lat lon alt accuracy'";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ColumnsError {
    #[error("no coordinate columns found among: {}. Accepted: {ACCEPTED}", columns.join(", "))]
    NoCoordinates { columns: Vec<String> },
    #[error("there is no column '{column}' (columns: {})", columns.join(", "))]
    UnknownColumn {
        column: String,
        columns: Vec<String>,
    },
    #[error("name both the longitude and the latitude column, not only the {given} column")]
    HalfOverride { given: &'static str },
}

/// Where a table's coordinates are (column indexes).
#[derive(Debug, Clone, PartialEq)]
pub enum CoordColumns {
    /// Two columns; `x_label`/`y_label` name the axes in messages ("longitude", "easting").
    Pair {
        x: usize,
        y: usize,
        accuracy: Option<usize>,
        x_label: &'static str,
        y_label: &'static str,
    },
    /// One column of "lat lon [alt] [accuracy]"; the altitude is ignored.
    Geopoint { column: usize },
}

/// Finds the coordinate columns; returns them with the note for the report.
/// `rows` are the data cells (used only to recognise a geopoint column).
pub fn detect(
    headers: &[String],
    rows: &[Vec<String>],
    lon_override: Option<&str>,
    lat_override: Option<&str>,
) -> Result<(CoordColumns, String), ColumnsError> {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let find = |wanted: &str| folded.iter().position(|f| f == wanted);
    let find_any = |aliases: &[&str]| aliases.iter().find_map(|a| find(a));
    let pair_note = |x: usize, y: usize, acc: Option<usize>, how: &str| {
        let acc = acc
            .map(|a| format!(", GPS accuracy from {}", headers[a]))
            .unwrap_or_default();
        format!(
            "coordinates from columns {}/{} ({how}){acc}",
            headers[x], headers[y]
        )
    };

    match (lon_override, lat_override) {
        (Some(lon), Some(lat)) => {
            let by_name = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name)
                    .or_else(|| find(&fold(name)))
                    .ok_or_else(|| ColumnsError::UnknownColumn {
                        column: name.to_string(),
                        columns: headers.to_vec(),
                    })
            };
            let (x, y) = (by_name(lon)?, by_name(lat)?);
            let cols = geographic_pair(x, y, None);
            return Ok((cols, pair_note(x, y, None, "chosen by the user")));
        }
        (Some(_), None) => return Err(ColumnsError::HalfOverride { given: "longitude" }),
        (None, Some(_)) => return Err(ColumnsError::HalfOverride { given: "latitude" }),
        (None, None) => {}
    }

    /// (x names, y names, x label, y label, how the note names the convention).
    type Convention = (
        &'static [&'static str],
        &'static [&'static str],
        &'static str,
        &'static str,
        &'static str,
    );
    const PAIRS: [Convention; 3] = [
        (
            &["lon", "lng", "long", "longitude", "gjatesia", "gjatesi"],
            &["lat", "latitude", "gjeresia", "gjeresi"],
            "longitude",
            "latitude",
            "longitude/latitude",
        ),
        (&["x"], &["y"], "x", "y", "x/y"),
        (
            &["easting"],
            &["northing"],
            "easting",
            "northing",
            "easting/northing",
        ),
    ];
    for (x_names, y_names, x_label, y_label, how) in PAIRS {
        if let (Some(x), Some(y)) = (find_any(x_names), find_any(y_names)) {
            let cols = CoordColumns::Pair {
                x,
                y,
                accuracy: None,
                x_label,
                y_label,
            };
            return Ok((cols, pair_note(x, y, None, how)));
        }
    }

    // KoboToolbox: _<q>_latitude / _<q>_longitude / _<q>_precision (also without the "_").
    for f in &folded {
        let Some(stem) = f.strip_suffix("_latitude").filter(|s| !s.is_empty()) else {
            continue;
        };
        let (Some(y), Some(x)) = (find(f), find(&format!("{stem}_longitude"))) else {
            continue;
        };
        let acc = find(&format!("{stem}_precision"));
        return Ok((
            geographic_pair(x, y, acc),
            pair_note(x, y, acc, "KoboToolbox"),
        ));
    }

    // ODK Central: [<group>-]<q>-Latitude / -Longitude / -Accuracy.
    for f in &folded {
        let Some(stem) = f.strip_suffix("-latitude").filter(|s| !s.is_empty()) else {
            continue;
        };
        let (Some(y), Some(x)) = (find(f), find(&format!("{stem}-longitude"))) else {
            continue;
        };
        let acc = find(&format!("{stem}-accuracy"));
        return Ok((
            geographic_pair(x, y, acc),
            pair_note(x, y, acc, "ODK Central"),
        ));
    }

    if let Some(column) = find_geopoint_column(&folded, rows) {
        let note = format!(
            "coordinates from geopoint column {} ('lat lon alt accuracy'), GPS accuracy from \
             its 4th part",
            headers[column]
        );
        return Ok((CoordColumns::Geopoint { column }, note));
    }
    Err(ColumnsError::NoCoordinates {
        columns: headers.to_vec(),
    })
}

fn geographic_pair(x: usize, y: usize, accuracy: Option<usize>) -> CoordColumns {
    CoordColumns::Pair {
        x,
        y,
        accuracy,
        x_label: "longitude",
        y_label: "latitude",
    }
}

/// A column whose filled cells all look like geopoints, or, when its name says so (gps,
/// geopoint, location, …), at least half of them.
fn find_geopoint_column(folded: &[String], rows: &[Vec<String>]) -> Option<usize> {
    const HINTS: [&str; 9] = [
        "gps",
        "geopoint",
        "location",
        "coordinates",
        "koordinatat",
        "koordinata",
        "vendndodhja",
        "pozicioni",
        "position",
    ];
    let mut best: Option<(bool, usize)> = None;
    for (j, name) in folded.iter().enumerate() {
        let filled: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.get(j).map(|c| c.trim()))
            .filter(|c| !c.is_empty())
            .collect();
        let good = filled.iter().filter(|c| parse_geopoint(c).is_ok()).count();
        let last = name.rsplit(['/', '-', ':']).next().unwrap_or(name);
        let hinted = HINTS.contains(&last);
        let accepted = good > 0 && (good == filled.len() || (hinted && 2 * good >= filled.len()));
        if accepted && best.is_none_or(|(best_hinted, _)| hinted && !best_hinted) {
            best = Some((hinted, j));
        }
    }
    best.map(|(_, j)| j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::raw::RawGeometry;
    use geo::{Geometry, Point};

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn detect_names(list: &[&str]) -> Result<(CoordColumns, String), ColumnsError> {
        detect(&names(list), &[], None, None)
    }

    #[test]
    fn pairs_case_insensitive_and_without_diacritics() {
        for (list, x, y) in [
            (&["case_code", "LAT", "Lon"][..], 2, 1),
            (&["Longitude", "Latitude"][..], 0, 1),
            (&["lng", "lat"][..], 0, 1),
            (&["Gjerësia", "Gjatësia"][..], 1, 0),
            (&["X", "Y"][..], 0, 1),
            (&["northing", "easting"][..], 1, 0),
        ] {
            let (cols, _) = detect_names(list).unwrap();
            match cols {
                CoordColumns::Pair { x: cx, y: cy, .. } => assert_eq!((cx, cy), (x, y), "{list:?}"),
                other => panic!("{list:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn kobo_and_odk_with_accuracy() {
        let (cols, note) = detect_names(&[
            "gps",
            "_gps_latitude",
            "_gps_longitude",
            "_gps_altitude",
            "_gps_precision",
        ])
        .unwrap();
        assert_eq!(cols, geographic_pair(2, 1, Some(4)));
        assert!(
            note.contains("KoboToolbox") && note.contains("_gps_precision"),
            "{note}"
        );
        let (cols, _) = detect_names(&[
            "location-gps-Accuracy",
            "location-gps-Longitude",
            "location-gps-Latitude",
        ])
        .unwrap();
        assert_eq!(cols, geographic_pair(1, 2, Some(0)));
        let (cols, _) = detect_names(&["gps-Latitude", "gps-Longitude"]).unwrap();
        assert_eq!(cols, geographic_pair(1, 0, None));
    }

    #[test]
    fn geopoint_column_and_no_coordinates() {
        let headers = names(&["code", "where"]);
        let rows = vec![
            names(&["A-1", "41.3275 19.8187 110 5"]),
            names(&["A-2", ""]),
        ];
        let (cols, _) = detect(&headers, &rows, None, None).unwrap();
        assert_eq!(cols, CoordColumns::Geopoint { column: 1 });
        let (g, acc) = cols.point(&headers, &rows[0]);
        assert_eq!(
            g,
            RawGeometry::Ok(Geometry::Point(Point::new(19.8187, 41.3275)))
        );
        assert_eq!(acc, Some(5.0));
        assert_eq!(cols.point(&headers, &rows[1]), (RawGeometry::Missing, None));
        let err = detect(&headers, &[names(&["A-1", "Tirana"])], None, None).unwrap_err();
        assert_eq!(
            err,
            ColumnsError::NoCoordinates {
                columns: headers.clone()
            }
        );
        assert!(
            err.to_string().contains("code, where") && err.to_string().contains("_<q>_latitude")
        );
    }
}
