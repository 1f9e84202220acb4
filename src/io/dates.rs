//! Dates as field teams write them: ISO `2018-06-14` (optionally with a time), `14.06.2018`,
//! `14/06/2018`, `14-06-2018`. Day first, as in Albania; never month first.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("'{0}' is not a date (use 2018-06-14, 14.06.2018 or 14/06/2018)")]
pub struct DateError(pub String);

pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    let err = || DateError(t.to_string());
    if t.is_empty() {
        return Err(err());
    }
    // ISO date, possibly followed by a time (Kobo/ODK write "2018-06-14T10:22:31.000+02:00").
    if t.len() >= 10 && t.as_bytes()[4] == b'-' {
        if let Ok(d) = NaiveDate::parse_from_str(t.get(..10).unwrap_or(""), "%Y-%m-%d")
            && (t.len() == 10 || matches!(t.as_bytes()[10], b'T' | b' '))
        {
            return Ok(d);
        }
        return Err(err());
    }
    let date_part = t.split([' ', 'T']).next().unwrap_or(t);
    for fmt in ["%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, fmt) {
            return Ok(d);
        }
    }
    Err(err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = NaiveDate::from_ymd_opt(2018, 6, 14).unwrap();
        for t in [
            "2018-06-14",
            "14.06.2018",
            "14/06/2018",
            "14-06-2018",
            "2018-06-14T10:22:31.000+02:00",
            " 14.6.2018 ",
        ] {
            assert_eq!(parse_date(t), Ok(d), "{t}");
        }
        for bad in [
            "2018-06-1ë",
            "ëëëë-06-14",
            "",
            "2018-13-01",
            "31.02.2018",
            "June 14",
            "2018-06-14x",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
