//! Filters on case layers and the month filter on coastal hotspots.
//!
//! Inputs: a [`FeatureLayer`] of cases (fields `identified_on` date, `kind`, `status`, `age`,
//! `municipality`/`municipality_lau`) or of hotspots (`active_months`, a [`MonthSet`] code).
//! Output: a mask with one `bool` per feature (true = shown). The same filter drives the map,
//! the attribute table, legend counts and (later) printed summaries, so it lives in the core.
//! A feature with a missing value fails a criterion on that value (a case of unknown age is
//! not in the 12–14 band); an empty criterion (no kinds chosen, no dates) passes everything.
//! Complexity: O(n) per evaluation with the field indices looked up once.

use chrono::NaiveDate;

use super::{CaseKind, CaseStatus, Feature, FeatureLayer, MonthSet};
use crate::text::fold;

/// Age bands used by the action plan's reporting (years, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgeBand {
    Under6,
    From6To11,
    From12To14,
    From15To17,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Under6,
        AgeBand::From6To11,
        AgeBand::From12To14,
        AgeBand::From15To17,
    ];

    /// Inclusive bounds in years.
    pub fn range(self) -> (i64, i64) {
        match self {
            AgeBand::Under6 => (0, 5),
            AgeBand::From6To11 => (6, 11),
            AgeBand::From12To14 => (12, 14),
            AgeBand::From15To17 => (15, 17),
        }
    }

    /// "0–5", "6–11", …: the same in both languages.
    pub fn label(self) -> String {
        let (a, b) = self.range();
        format!("{a}–{b}")
    }
}

/// What the user chose to see of the cases. `Default` shows everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFilter {
    /// First day shown (inclusive).
    pub date_from: Option<NaiveDate>,
    /// Last day shown (inclusive).
    pub date_to: Option<NaiveDate>,
    /// Kinds shown; empty = all kinds.
    pub kinds: Vec<CaseKind>,
    /// Statuses shown; empty = all statuses.
    pub statuses: Vec<CaseStatus>,
    pub age_band: Option<AgeBand>,
    /// Municipality name (compared without case and diacritics) or LAU code.
    pub municipality: Option<String>,
}

impl CaseFilter {
    /// Whether any criterion is set.
    pub fn is_active(&self) -> bool {
        *self != CaseFilter::default()
    }

    /// The whole calendar year `year` (a common choice: "cases of 2024").
    pub fn set_year(&mut self, year: i32) {
        self.date_from = NaiveDate::from_ymd_opt(year, 1, 1);
        self.date_to = NaiveDate::from_ymd_opt(year, 12, 31);
    }

    /// The year when the date range is exactly one calendar year.
    pub fn year(&self) -> Option<i32> {
        use chrono::Datelike;
        let (a, b) = (self.date_from?, self.date_to?);
        (a.year() == b.year() && a.ordinal() == 1 && b.succ_opt()?.year() != b.year())
            .then_some(a.year())
    }

    /// One `bool` per feature of `layer`: whether the case passes every criterion.
    pub fn mask(&self, layer: &FeatureLayer) -> Vec<bool> {
        let idx = |name: &str| layer.field_index(name);
        let fields = Fields {
            date: idx("identified_on"),
            kind: idx("kind"),
            status: idx("status"),
            age: idx("age"),
            muni: idx("municipality"),
            lau: idx("municipality_lau"),
        };
        let muni = self.municipality.as_deref().map(fold);
        layer
            .features
            .iter()
            .map(|f| self.matches(f, &fields, muni.as_deref()))
            .collect()
    }

    fn matches(&self, f: &Feature, x: &Fields, muni_folded: Option<&str>) -> bool {
        let get = |i: Option<usize>| i.and_then(|i| f.values.get(i));
        if self.date_from.is_some() || self.date_to.is_some() {
            let Some(d) = get(x.date).and_then(|v| v.as_date()) else {
                return false;
            };
            if self.date_from.is_some_and(|a| d < a) || self.date_to.is_some_and(|b| d > b) {
                return false;
            }
        }
        if !self.kinds.is_empty() {
            let k = get(x.kind)
                .and_then(|v| v.as_str())
                .and_then(CaseKind::from_code);
            if !k.is_some_and(|k| self.kinds.contains(&k)) {
                return false;
            }
        }
        if !self.statuses.is_empty() {
            let s = get(x.status)
                .and_then(|v| v.as_str())
                .and_then(CaseStatus::from_code);
            if !s.is_some_and(|s| self.statuses.contains(&s)) {
                return false;
            }
        }
        if let Some(band) = self.age_band {
            let (lo, hi) = band.range();
            if !get(x.age)
                .and_then(|v| v.as_i64())
                .is_some_and(|a| (lo..=hi).contains(&a))
            {
                return false;
            }
        }
        if let Some(m) = muni_folded {
            let name = get(x.muni).and_then(|v| v.as_str()).map(fold);
            let lau = get(x.lau).and_then(|v| v.as_str()).map(fold);
            if name.as_deref() != Some(m) && lau.as_deref() != Some(m) {
                return false;
            }
        }
        true
    }
}

struct Fields {
    date: Option<usize>,
    kind: Option<usize>,
    status: Option<usize>,
    age: Option<usize>,
    muni: Option<usize>,
    lau: Option<usize>,
}

/// One `bool` per hotspot: active in `month` (1–12). A hotspot whose months cannot be read is
/// shown (hiding it would hide data the user has not chosen to hide).
pub fn hotspots_active_in(layer: &FeatureLayer, month_1_to_12: u32) -> Vec<bool> {
    let i = layer.field_index("active_months");
    layer
        .features
        .iter()
        .map(|f| {
            i.and_then(|i| f.values.get(i))
                .and_then(|v| v.as_str())
                .and_then(MonthSet::parse)
                .is_none_or(|m| m.contains(month_1_to_12))
        })
        .collect()
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
