//! Reading cells: a row's point from its coordinate columns ([`CoordColumns::point`]),
//! and cell text to numbers and values: coordinates, geopoints ("lat lon [alt] [accuracy]"),
//! GPS accuracy in metres, and the kind (Int, Real, Text) of a whole column.
//!
//! Input: one cell's text, already trimmed or not. Numbers are plain decimals with an
//! optional exponent; a decimal comma is accepted for coordinates always and for other
//! columns when the caller says so (`;` or tab delimited files). NaN, infinities, thousands
//! separators and units are never numbers.

use geo::{Geometry, Point};

use super::CoordColumns;
use crate::io::raw::RawGeometry;
use crate::model::{FieldKind, Value};

impl CoordColumns {
    /// The point of one row (cells aligned with the headers) and its GPS accuracy in metres.
    pub fn point(&self, headers: &[String], cells: &[String]) -> (RawGeometry, Option<f64>) {
        let cell = |j: usize| cells.get(j).map(|c| c.trim()).unwrap_or("");
        let header = |j: usize| headers.get(j).map(String::as_str).unwrap_or("?");
        match *self {
            CoordColumns::Pair {
                x,
                y,
                accuracy,
                x_label,
                y_label,
            } => {
                let (x_text, y_text) = (cell(x), cell(y));
                if x_text.is_empty() && y_text.is_empty() {
                    return (RawGeometry::Missing, None);
                }
                let read = |text: &str, label: &str, j: usize| {
                    if text.is_empty() {
                        return Err(format!("{label} is empty (column {})", header(j)));
                    }
                    parse_coordinate(text)
                        .map_err(|why| format!("{label} '{text}' (column {}) {why}", header(j)))
                };
                let acc = accuracy.and_then(|a| parse_accuracy(cell(a)));
                match (read(x_text, x_label, x), read(y_text, y_label, y)) {
                    (Ok(x), Ok(y)) => (RawGeometry::Ok(Geometry::Point(Point::new(x, y))), acc),
                    (Err(e), Ok(_)) | (Ok(_), Err(e)) => (RawGeometry::Invalid(e), acc),
                    (Err(ex), Err(ey)) => (RawGeometry::Invalid(format!("{ey}; {ex}")), acc),
                }
            }
            CoordColumns::Geopoint { column } => {
                let text = cell(column);
                if text.is_empty() {
                    return (RawGeometry::Missing, None);
                }
                match parse_geopoint(text) {
                    Ok((lat, lon, acc)) => {
                        (RawGeometry::Ok(Geometry::Point(Point::new(lon, lat))), acc)
                    }
                    Err(why) => (
                        RawGeometry::Invalid(format!(
                            "geopoint '{text}' (column {}) {why}",
                            header(column)
                        )),
                        None,
                    ),
                }
            }
        }
    }
}

/// "lat lon [alt] [accuracy]" → (lat, lon, accuracy_m).
pub(super) fn parse_geopoint(text: &str) -> Result<(f64, f64, Option<f64>), String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if !(2..=4).contains(&parts.len()) {
        return Err("is not 'lat lon [altitude] [accuracy]'".into());
    }
    let mut numbers = Vec::with_capacity(4);
    for (part, label) in parts
        .iter()
        .zip(["latitude", "longitude", "altitude", "accuracy"])
    {
        numbers.push(
            parse_coordinate(part).map_err(|why| format!("has {label} '{part}' that {why}"))?,
        );
    }
    let acc = parts.get(3).and_then(|a| parse_accuracy(a));
    Ok((numbers[0], numbers[1], acc))
}

/// A coordinate: a finite number, decimal point or decimal comma.
pub fn parse_coordinate(text: &str) -> Result<f64, &'static str> {
    let t = text.trim();
    let lower = t.trim_start_matches(['+', '-']).to_ascii_lowercase();
    if ["nan", "inf", "infinity"].contains(&lower.as_str()) {
        return Err("is not a finite number");
    }
    parse_number(t, true).ok_or("is not a number")
}

/// A GPS accuracy in metres: a finite number ≥ 0, else none.
fn parse_accuracy(text: &str) -> Option<f64> {
    parse_number(text, true).filter(|a| *a >= 0.0)
}

/// A plain decimal number ("-41.3", "1e3", and "41,3275" when `decimal_comma`); never NaN,
/// infinity, thousands separators or units.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let t = text.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let seps = mantissa
        .chars()
        .filter(|c| *c == '.' || (decimal_comma && *c == ','))
        .count();
    let digits_ok = mantissa
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || (decimal_comma && c == ','));
    let has_digit = mantissa.chars().any(|c| c.is_ascii_digit());
    let exp_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    if seps > 1 || !digits_ok || !has_digit || !exp_ok {
        return None;
    }
    t.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn is_plain_int(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'))
        && digits.parse::<i64>().is_ok()
}

/// Int, Real or Text for a column's cells (empty cells ignored; an empty column is Text).
/// Integers with a leading zero ("007") are codes, so they make the column Text.
pub fn infer_kind<'a>(cells: impl Iterator<Item = &'a str>, decimal_comma: bool) -> FieldKind {
    let (mut any, mut all_int, mut all_num) = (false, true, true);
    for c in cells.filter(|c| !c.is_empty()) {
        any = true;
        let int = is_plain_int(c);
        let leading_zero =
            c.len() > 1 && c.starts_with('0') && c.bytes().all(|b| b.is_ascii_digit());
        all_int &= int;
        all_num &= !leading_zero && (int || parse_number(c, decimal_comma).is_some());
        if !all_num {
            return FieldKind::Text;
        }
    }
    match (any, all_int) {
        (false, _) => FieldKind::Text,
        (true, true) => FieldKind::Int,
        (true, false) => FieldKind::Real,
    }
}

/// A cell as a value of its column's kind; a cell that does not fit (only in rows with the
/// wrong field count) stays Text.
pub fn to_value(cell: &str, kind: FieldKind, decimal_comma: bool) -> Value {
    if cell.is_empty() {
        return Value::Null;
    }
    let parsed = match kind {
        FieldKind::Int => cell.parse().ok().map(Value::Int),
        FieldKind::Real => parse_number(cell, decimal_comma).map(Value::Real),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::Text(cell.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::columns::detect;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn points_and_reasons() {
        let headers = names(&["lat", "lon"]);
        let cols = detect(&headers, &[], None, None).unwrap().0;
        let point = |a: &str, b: &str| cols.point(&headers, &names(&[a, b])).0;
        assert_eq!(
            point("41,3275", "19,8187"),
            RawGeometry::Ok(Point::new(19.8187, 41.3275).into())
        );
        assert_eq!(point("", ""), RawGeometry::Missing);
        assert_eq!(
            point("abc", "19.8"),
            RawGeometry::Invalid("latitude 'abc' (column lat) is not a number".into())
        );
        assert_eq!(
            point("NaN", "19.8"),
            RawGeometry::Invalid("latitude 'NaN' (column lat) is not a finite number".into())
        );
        assert_eq!(
            point("41.3", ""),
            RawGeometry::Invalid("longitude is empty (column lon)".into())
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("-41.5", false), Some(-41.5));
        assert_eq!(parse_number("4.5e6", false), Some(4.5e6));
        assert_eq!(parse_number("41,5", true), Some(41.5));
        for bad in ["41,5", "NaN", "inf", "1.2.3", "", "-", "12 m", "1e", "0x10"] {
            assert_eq!(parse_number(bad, false), None, "{bad}");
        }
        assert_eq!(parse_number("1,234.5", true), None);
        assert_eq!(parse_coordinate("-inf"), Err("is not a finite number"));
    }

    #[test]
    fn kinds() {
        let kind = |cells: &[&str], dc| infer_kind(cells.iter().copied(), dc);
        assert_eq!(kind(&["1", "", "-20"], false), FieldKind::Int);
        assert_eq!(kind(&["1", "2.5"], false), FieldKind::Real);
        assert_eq!(kind(&["41,3275"], true), FieldKind::Real);
        assert_eq!(kind(&["41,3275"], false), FieldKind::Text);
        assert_eq!(kind(&["007", "12"], false), FieldKind::Text);
        assert_eq!(kind(&["NaN", "1"], false), FieldKind::Text);
        assert_eq!(kind(&["", ""], false), FieldKind::Text);
    }
}
