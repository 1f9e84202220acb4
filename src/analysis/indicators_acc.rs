//! Summing cases and day centres into one area's indicators (see `indicators.rs`).

use chrono::Datelike;

use super::{AreaIndicators, CaseAccess};
use crate::model::{Case, CaseKind, CaseStatus, Service};

pub(super) struct Accumulator {
    pub(super) cases: AreaIndicators,
    cpu_m: Vec<f64>,
}

impl Accumulator {
    pub(super) fn new(years: &[i32]) -> Self {
        Self {
            cases: AreaIndicators {
                by_status: vec![0; CaseStatus::ALL.len()],
                by_kind: vec![0; CaseKind::ALL.len()],
                by_year: years.iter().map(|y| (*y, 0)).collect(),
                ..Default::default()
            },
            cpu_m: Vec::new(),
        }
    }

    pub(super) fn add_case(&mut self, c: &Case, a: &CaseAccess, reach_m: f64) {
        let r = &mut self.cases;
        r.cases += 1;
        if let Some(i) = CaseStatus::ALL.iter().position(|s| *s == c.status) {
            r.by_status[i] += 1;
        }
        if let Some(i) = CaseKind::ALL.iter().position(|k| *k == c.kind) {
            r.by_kind[i] += 1;
        }
        *r.by_year.entry(c.identified_on.year()).or_insert(0) += 1;
        if a.day_centre_m.is_some_and(|d| d <= reach_m) {
            r.near_day_centre += 1;
        }
        if let Some(d) = a.cpu_m {
            if d <= reach_m {
                r.near_cpu += 1;
            }
            self.cpu_m.push(d);
        }
        if a.near_mine {
            r.near_mines += 1;
        }
    }

    pub(super) fn add_day_centre(&mut self, s: &Service) {
        self.cases.day_centres += 1;
        self.cases.day_centre_places += s.capacity.unwrap_or(0);
    }

    pub(super) fn finish(
        &mut self,
        lau_code: &str,
        name: &str,
        qark: Option<String>,
        years: &[i32],
    ) -> AreaIndicators {
        let mut out = self.cases.clone();
        out.lau_code = lau_code.to_string();
        out.name = name.to_string();
        out.qark = qark;
        out.median_cpu_m = median(&mut self.cpu_m);
        out.trend_per_year = slope(years, &out.by_year);
        out
    }
}

/// The median (mean of the two middle values for an even count).
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Least-squares slope of counts against years (`None` with fewer than two years).
fn slope(years: &[i32], by_year: &std::collections::BTreeMap<i32, u32>) -> Option<f64> {
    if years.len() < 2 {
        return None;
    }
    let n = years.len() as f64;
    let xs: Vec<f64> = years.iter().map(|y| *y as f64).collect();
    let ys: Vec<f64> = years
        .iter()
        .map(|y| by_year.get(y).copied().unwrap_or(0) as f64)
        .collect();
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_slope_by_hand() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        let by_year = [(2018, 2), (2019, 4), (2020, 6)].into_iter().collect();
        assert_eq!(slope(&[2018, 2019, 2020], &by_year), Some(2.0));
        assert_eq!(slope(&[2018], &by_year), None);
        // A year missing from a municipality counts as zero: 0, 0, 3 → slope 1.5.
        let late = [(2020, 3)].into_iter().collect();
        assert_eq!(slope(&[2018, 2019, 2020], &late), Some(1.5));
    }
}
