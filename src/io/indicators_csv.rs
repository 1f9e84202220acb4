//! The municipal indicators as a CSV table for spreadsheets: UTF-8 with a byte-order mark and
//! CRLF line ends (Excel on Windows opens it with the right letters ë, ç), one row per
//! municipality plus the national row, written atomically.
//!
//! Privacy: counts of children from 1 to k − 1 (k ≥ 5) are written as "<k", and so are the
//! values derived from them (shares, medians, places per 100 cases, trends of small
//! municipalities), so no small group of children can be singled out. Zero stays 0.
//! Secondary suppression across a row (recovering a hidden cell from the total) is the job of
//! the print/export privacy rules (issue 6) and is not done here yet.

use std::io::Write;
use std::path::Path;

use crate::analysis::indicators::{AreaIndicators, Indicators};
use crate::model::{CaseKind, CaseStatus};

/// Smallest count shown as a number; the setting can only raise it.
pub const MIN_K: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum IndicatorCsvError {
    #[error("the smallest count shown must be at least {MIN_K} (was {0})")]
    KTooSmall(u32),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// The column names, in order.
pub fn header(ind: &Indicators) -> Vec<String> {
    let mut h: Vec<String> = ["lau_code", "municipality", "qark", "cases"]
        .map(String::from)
        .to_vec();
    h.extend(
        CaseStatus::ALL
            .iter()
            .map(|s| format!("status_{}", s.code())),
    );
    h.extend(CaseKind::ALL.iter().map(|k| format!("kind_{}", k.code())));
    h.extend(ind.years.iter().map(|y| format!("cases_{y}")));
    h.extend(
        [
            "trend_per_year",
            "near_day_centre",
            "share_near_day_centre",
            "near_cpu",
            "share_near_cpu",
            "median_cpu_m",
            "day_centres",
            "day_centre_places",
            "places_per_100_cases",
            "near_mines",
        ]
        .map(String::from),
    );
    h
}

/// One row's cells with counts below `k` suppressed.
pub fn row(r: &AreaIndicators, k: u32) -> Vec<String> {
    let hidden = format!("<{k}");
    let count = |n: u32| {
        if n > 0 && n < k {
            hidden.clone()
        } else {
            n.to_string()
        }
    };
    let small = r.cases > 0 && r.cases < k;
    let derived = |v: Option<f64>, digits: usize, parts: &[u32]| match v {
        _ if small || parts.iter().any(|n| *n > 0 && *n < k) => hidden.clone(),
        Some(v) => format!("{v:.digits$}"),
        None => String::new(),
    };
    let mut cells = vec![
        r.lau_code.clone(),
        r.name.clone(),
        r.qark.clone().unwrap_or_default(),
        count(r.cases),
    ];
    cells.extend(r.by_status.iter().map(|n| count(*n)));
    cells.extend(r.by_kind.iter().map(|n| count(*n)));
    cells.extend(r.by_year.values().map(|n| count(*n)));
    cells.push(derived(r.trend_per_year, 2, &[]));
    cells.push(count(r.near_day_centre));
    cells.push(derived(r.share_near_day_centre(), 3, &[r.near_day_centre]));
    cells.push(count(r.near_cpu));
    cells.push(derived(r.share_near_cpu(), 3, &[r.near_cpu]));
    cells.push(derived(r.median_cpu_m, 0, &[]));
    cells.push(r.day_centres.to_string());
    cells.push(r.day_centre_places.to_string());
    cells.push(derived(r.places_per_100_cases(), 1, &[]));
    cells.push(count(r.near_mines));
    cells
}

/// Writes the table (municipalities, then the national row).
pub fn write_indicators_csv(
    ind: &Indicators,
    k: u32,
    out: &mut impl Write,
) -> Result<(), IndicatorCsvError> {
    if k < MIN_K {
        return Err(IndicatorCsvError::KTooSmall(k));
    }
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header(ind))?;
    for r in ind.rows.iter().chain(std::iter::once(&ind.national)) {
        w.write_record(row(r, k))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the table to `path` atomically.
pub fn write_indicators_csv_file(
    ind: &Indicators,
    k: u32,
    path: &Path,
) -> Result<(), IndicatorCsvError> {
    if k < MIN_K {
        return Err(IndicatorCsvError::KTooSmall(k));
    }
    super::atomic::write_atomic(path, |w| write_indicators_csv(ind, k, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::indicators::IndicatorConfig;

    fn area(cases: u32, near_cpu: u32) -> AreaIndicators {
        AreaIndicators {
            lau_code: "AL111".into(),
            name: "Bulqizë".into(),
            cases,
            by_status: vec![cases, 0, 0, 0],
            by_kind: vec![0; CaseKind::ALL.len()],
            by_year: [(2020, cases)].into_iter().collect(),
            near_cpu,
            median_cpu_m: Some(1234.4),
            ..Default::default()
        }
    }

    #[test]
    fn small_counts_and_what_derives_from_them_are_hidden() {
        let h = header(&Indicators {
            rows: vec![],
            national: area(0, 0),
            years: vec![2020],
            config: IndicatorConfig::default(),
        });
        let col = |name: &str| h.iter().position(|c| c == name).expect(name);
        let big = row(&area(40, 3), 5);
        assert_eq!(big[col("cases")], "40");
        assert_eq!(big[col("near_cpu")], "<5");
        assert_eq!(big[col("share_near_cpu")], "<5", "3/40 would reveal the 3");
        assert_eq!(big[col("median_cpu_m")], "1234");
        assert_eq!(big[col("near_day_centre")], "0", "zero is not hidden");
        let small = row(&area(4, 4), 5);
        assert_eq!(small[col("cases")], "<5");
        assert_eq!(small[col("cases_2020")], "<5");
        assert_eq!(small[col("median_cpu_m")], "<5");
        assert_eq!(row(&area(6, 6), 10)[col("cases")], "<10");
        assert_eq!(h.len(), big.len());
    }

    #[test]
    fn bom_crlf_and_k_below_five_refused() {
        let ind = Indicators {
            rows: vec![area(12, 6)],
            national: area(12, 6),
            years: vec![2020],
            config: IndicatorConfig::default(),
        };
        let mut bytes = Vec::new();
        write_indicators_csv(&ind, 5, &mut bytes).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with("\u{feff}lau_code,municipality,"));
        assert_eq!(text.matches("\r\n").count(), 3);
        assert!(text.contains("AL111,Bulqizë,,12,12,0,0,0,"));
        let mut sink = Vec::new();
        assert!(matches!(
            write_indicators_csv(&ind, 3, &mut sink),
            Err(IndicatorCsvError::KTooSmall(3))
        ));
    }
}
