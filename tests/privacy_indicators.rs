//! The indicators CSV with secondary suppression: a small municipality's counts cannot be
//! recovered from its row total, the other rows or the national row.

use std::collections::BTreeMap;

use riskatlas::analysis::indicators::{AreaIndicators, IndicatorConfig, Indicators};
use riskatlas::io::indicators_csv::{header, write_indicators_csv};
use riskatlas::model::{CaseKind, CaseStatus};

/// A row: `status` and `kind` spread the cases, `years` = (2023, 2024) counts.
fn area(
    name: &str,
    status: &[u32],
    kind: &[u32],
    years: [u32; 2],
    near_cpu: u32,
) -> AreaIndicators {
    let cases: u32 = status.iter().sum();
    assert_eq!(kind.iter().sum::<u32>(), cases);
    assert_eq!(years.iter().sum::<u32>(), cases);
    let mut by_status = vec![0; CaseStatus::ALL.len()];
    by_status[..status.len()].copy_from_slice(status);
    let mut by_kind = vec![0; CaseKind::ALL.len()];
    by_kind[..kind.len()].copy_from_slice(kind);
    AreaIndicators {
        lau_code: format!("AL{name}"),
        name: name.into(),
        cases,
        by_status,
        by_kind,
        by_year: BTreeMap::from([(2023, years[0]), (2024, years[1])]),
        near_cpu,
        near_day_centre: cases,
        trend_per_year: Some(f64::from(years[1]) - f64::from(years[0])),
        ..Default::default()
    }
}

fn national(rows: &[AreaIndicators]) -> AreaIndicators {
    let mut n = AreaIndicators {
        name: "Albania".into(),
        by_status: vec![0; CaseStatus::ALL.len()],
        by_kind: vec![0; CaseKind::ALL.len()],
        by_year: BTreeMap::from([(2023, 0), (2024, 0)]),
        ..Default::default()
    };
    for r in rows {
        n.cases += r.cases;
        n.near_cpu += r.near_cpu;
        n.near_day_centre += r.near_day_centre;
        for (a, b) in n.by_status.iter_mut().zip(&r.by_status) {
            *a += b;
        }
        for (a, b) in n.by_kind.iter_mut().zip(&r.by_kind) {
            *a += b;
        }
        for (y, v) in &r.by_year {
            *n.by_year.get_mut(y).unwrap() += v;
        }
    }
    n
}

#[test]
fn hidden_counts_never_stand_alone_in_a_row_or_column() {
    let rows = vec![
        area("A", &[3], &[2, 1], [1, 2], 2),
        area("B", &[30, 10], &[25, 15], [18, 22], 30),
        area("C", &[20, 6], &[16, 10], [12, 14], 9),
        area("D", &[50, 12], &[40, 22], [30, 32], 41),
    ];
    let ind = Indicators {
        national: national(&rows),
        rows,
        years: vec![2023, 2024],
        config: IndicatorConfig::default(),
    };
    let mut bytes = Vec::new();
    write_indicators_csv(&ind, 5, &mut bytes).expect("csv");
    let text = String::from_utf8(bytes).unwrap();
    let table: Vec<Vec<String>> =
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
    let h = header(&ind);
    let col = |name: &str| h.iter().position(|c| c == name).expect(name);
    let hidden = |s: &str| s == "<5" || s == "x";
    assert_eq!(table.len(), 5);
    // The small municipality: every count hidden; the shares too.
    assert_eq!(table[0][col("cases")], "<5");
    assert_eq!(table[0][col("share_near_cpu")], "<5");
    // Secondary suppression hid more than the primary rule alone would.
    assert!(text.contains(",x,"), "{text}");
    // Counts of children never show 1 to 4.
    for r in &table {
        for cell in &r[3..] {
            if let Ok(n) = cell.parse::<u32>() {
                assert!(n == 0 || n >= 5, "{r:?}");
            }
        }
    }
    // Each block with its row total: never exactly one hidden cell in a line.
    let status: Vec<usize> = CaseStatus::ALL
        .iter()
        .map(|s| col(&format!("status_{}", s.code())))
        .collect();
    let kind: Vec<usize> = CaseKind::ALL
        .iter()
        .map(|k| col(&format!("kind_{}", k.code())))
        .collect();
    let years = vec![col("cases_2023"), col("cases_2024")];
    for block in [&status, &kind, &years] {
        for r in &table {
            let n = block.iter().filter(|&&c| hidden(&r[c])).count()
                + usize::from(hidden(&r[col("cases")]));
            assert_ne!(n, 1, "row {r:?}");
            // The trend of a row with a hidden year would give its years away.
            if years.iter().any(|&c| hidden(&r[c])) {
                assert!(hidden(&r[col("trend_per_year")]), "{r:?}");
            }
        }
        for &c in block.iter().chain([&col("cases"), &col("near_cpu")]) {
            let n = table.iter().filter(|r| hidden(&r[c])).count();
            // (A lone masked "<5" under a national 0 is a 0: it counts no child.)
            assert!(n != 1 || table[4][c] == "0", "column {}", h[c]);
        }
    }
    // A share whose count is an "x" is hidden as well.
    for r in &table {
        if r[col("near_cpu")] == "x" {
            assert_eq!(r[col("share_near_cpu")], "x", "{r:?}");
        }
    }
    // The national row stays readable.
    assert_eq!(table[4][col("cases")], ind.national.cases.to_string());
    assert_eq!(ind.national.cases, 131);
}
