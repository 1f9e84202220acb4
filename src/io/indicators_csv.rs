//! The municipal indicators as a CSV table for spreadsheets: UTF-8 with a byte-order mark and
//! CRLF line ends (Excel on Windows opens it with the right letters ë, ç), one row per
//! municipality plus the national row, written atomically.
//!
//! Privacy (see `crate::privacy`): counts of children from 1 to k − 1 (k ≥ 5) are written as
//! "<k", and so are the values derived from them (shares, medians, places per 100 cases,
//! trends of small municipalities), so no small group of children can be singled out. Zero
//! stays 0. Secondary suppression: the status, kind and year columns each add up to the
//! municipality's cases and every column adds up to the national row, so more counts are
//! hidden, written "x", until no hidden count can be recovered from the others
//! ([`crate::privacy::area_table`]); a value derived from an "x" count (a share, places per
//! 100 cases, the trend of a row with a hidden year) is hidden too.

use std::io::Write;
use std::path::Path;

use crate::analysis::indicators::{AreaIndicators, Indicators};
use crate::model::{CaseKind, CaseStatus};
use crate::privacy::area_table::{AreaMarks, AreaTable, suppress_area_table};
use crate::privacy::{MinCount, Suppression, primary};

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

/// How one row's counts are published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowMarks {
    pub cases: Suppression,
    pub by_status: Vec<Suppression>,
    pub by_kind: Vec<Suppression>,
    pub by_year: Vec<Suppression>,
    pub near_day_centre: Suppression,
    pub near_cpu: Suppression,
    pub near_mines: Suppression,
}

impl RowMarks {
    /// Primary suppression only (one row on its own).
    pub fn primary(r: &AreaIndicators, k: MinCount) -> Self {
        let p = |n: &u32| primary(u64::from(*n), k);
        Self {
            cases: p(&r.cases),
            by_status: r.by_status.iter().map(p).collect(),
            by_kind: r.by_kind.iter().map(p).collect(),
            by_year: r.by_year.values().map(p).collect(),
            near_day_centre: p(&r.near_day_centre),
            near_cpu: p(&r.near_cpu),
            near_mines: p(&r.near_mines),
        }
    }
}

/// Primary and secondary suppression of the whole table: one [`RowMarks`] per row of
/// `ind.rows`, then the national row.
pub fn table_marks(ind: &Indicators, k: MinCount) -> Vec<RowMarks> {
    let u = |v: &[u32]| v.iter().map(|n| u64::from(*n)).collect::<Vec<u64>>();
    let t = AreaTable {
        totals: ind.rows.iter().map(|r| u64::from(r.cases)).collect(),
        blocks: vec![
            ind.rows.iter().map(|r| u(&r.by_status)).collect(),
            ind.rows.iter().map(|r| u(&r.by_kind)).collect(),
            ind.rows
                .iter()
                .map(|r| r.by_year.values().map(|n| u64::from(*n)).collect())
                .collect(),
        ],
        columns: vec![
            ind.rows
                .iter()
                .map(|r| u64::from(r.near_day_centre))
                .collect(),
            ind.rows.iter().map(|r| u64::from(r.near_cpu)).collect(),
            ind.rows.iter().map(|r| u64::from(r.near_mines)).collect(),
        ],
    };
    let m: AreaMarks = suppress_area_table(&t, k);
    let block = |b: usize, a: usize| m.blocks.get(b).map_or(Vec::new(), |x| x[a].clone());
    (0..=ind.rows.len())
        .map(|a| RowMarks {
            cases: m.totals[a],
            by_status: block(0, a),
            by_kind: block(1, a),
            by_year: block(2, a),
            near_day_centre: m.columns[0][a],
            near_cpu: m.columns[1][a],
            near_mines: m.columns[2][a],
        })
        .collect()
}

/// One row's cells with counts below `k` suppressed (primary rule only; the file uses
/// [`row_marked`] with [`table_marks`]).
pub fn row(r: &AreaIndicators, k: u32) -> Vec<String> {
    let k = MinCount::new(k).unwrap_or_default();
    row_marked(r, &RowMarks::primary(r, k), k)
}

/// One row's cells as `marks` say; derived values are hidden with the counts they come from
/// ("<k" when one is below k, "x" when one is a secondary cell).
pub fn row_marked(r: &AreaIndicators, marks: &RowMarks, k: MinCount) -> Vec<String> {
    let count = |n: u32, m: Suppression| m.text(u64::from(n), k);
    let small = marks.cases == Suppression::Primary;
    let derived = |v: Option<f64>, digits: usize, parts: &[Suppression]| {
        let primary_part = small || parts.contains(&Suppression::Primary);
        match v {
            _ if primary_part => k.marker(),
            _ if parts.iter().any(|p| p.is_hidden()) => crate::privacy::SECONDARY_MARKER.into(),
            Some(v) => format!("{v:.digits$}"),
            None => String::new(),
        }
    };
    let mut cells = vec![
        r.lau_code.clone(),
        r.name.clone(),
        r.qark.clone().unwrap_or_default(),
        count(r.cases, marks.cases),
    ];
    let zip = |v: &[u32], m: &[Suppression]| -> Vec<String> {
        v.iter()
            .enumerate()
            .map(|(i, n)| count(*n, m.get(i).copied().unwrap_or(primary(u64::from(*n), k))))
            .collect()
    };
    cells.extend(zip(&r.by_status, &marks.by_status));
    cells.extend(zip(&r.by_kind, &marks.by_kind));
    let years: Vec<u32> = r.by_year.values().copied().collect();
    cells.extend(zip(&years, &marks.by_year));
    // With the row's total, the trend is one more equation over the year counts.
    let mut trend_parts = marks.by_year.clone();
    trend_parts.push(marks.cases);
    cells.push(derived(r.trend_per_year, 2, &trend_parts));
    let dc = marks.near_day_centre;
    cells.push(count(r.near_day_centre, dc));
    cells.push(derived(r.share_near_day_centre(), 3, &[dc, marks.cases]));
    cells.push(count(r.near_cpu, marks.near_cpu));
    cells.push(derived(
        r.share_near_cpu(),
        3,
        &[marks.near_cpu, marks.cases],
    ));
    cells.push(derived(r.median_cpu_m, 0, &[]));
    cells.push(r.day_centres.to_string());
    cells.push(r.day_centre_places.to_string());
    cells.push(derived(r.places_per_100_cases(), 1, &[marks.cases]));
    cells.push(count(r.near_mines, marks.near_mines));
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
    let k = MinCount::new(k).map_err(|_| IndicatorCsvError::KTooSmall(k))?;
    let marks = table_marks(ind, k);
    for (r, m) in ind
        .rows
        .iter()
        .chain(std::iter::once(&ind.national))
        .zip(&marks)
    {
        w.write_record(row_marked(r, m, k))?;
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
