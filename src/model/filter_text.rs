//! A case filter applied to records and said in words: the cases a printed page counts
//! ([`CaseFilter::accepts`], the same criteria as [`CaseFilter::mask`] on a layer) and the
//! line that tells the reader which they are ([`CaseFilter::summary`]), so a page printed
//! from a filtered map never passes for all the cases.
//!
//! Inputs: a [`Case`] (its date, kind, status, age and municipality); for the summary the
//! language. A case with a missing value fails a criterion on that value, as in `mask`.
//! Complexity: O(kinds + statuses) per case.

use chrono::NaiveDate;

use super::{Case, CaseFilter};
use crate::text::fold;

impl CaseFilter {
    /// Whether `case` passes every criterion.
    pub fn accepts(&self, case: &Case) -> bool {
        let d = case.identified_on;
        if self.date_from.is_some_and(|a| d < a) || self.date_to.is_some_and(|b| d > b) {
            return false;
        }
        if !self.kinds.is_empty() && !self.kinds.contains(&case.kind) {
            return false;
        }
        if !self.statuses.is_empty() && !self.statuses.contains(&case.status) {
            return false;
        }
        if let Some(band) = self.age_band {
            let (lo, hi) = band.range();
            if !case.age.is_some_and(|a| (lo..=hi).contains(&i64::from(a))) {
                return false;
            }
        }
        if let Some(m) = &self.municipality {
            let want = fold(m);
            let Some(r) = &case.municipality else {
                return false;
            };
            if fold(&r.name) != want && fold(&r.lau_code) != want {
                return false;
            }
        }
        true
    }

    /// "Rastet: 2024; lypje, mbledhje kromi; në menaxhim rasti; mosha 12–14" (or in English),
    /// `None` when no criterion is set.
    pub fn summary(&self, sq: bool) -> Option<String> {
        if !self.is_active() {
            return None;
        }
        let day = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
        let mut parts = Vec::new();
        match (self.year(), self.date_from, self.date_to) {
            (Some(y), _, _) => parts.push(y.to_string()),
            (None, Some(a), Some(b)) => parts.push(format!("{}–{}", day(a), day(b))),
            (None, Some(a), None) => {
                parts.push(format!("{} {}", if sq { "nga" } else { "from" }, day(a)))
            }
            (None, None, Some(b)) => {
                parts.push(format!("{} {}", if sq { "deri" } else { "to" }, day(b)))
            }
            (None, None, None) => {}
        }
        let label =
            |sq_label: &str, en_label: &str| if sq { sq_label } else { en_label }.to_lowercase();
        if !self.kinds.is_empty() {
            let k: Vec<String> = self
                .kinds
                .iter()
                .map(|k| label(k.label_sq(), k.label_en()))
                .collect();
            parts.push(k.join(", "));
        }
        if !self.statuses.is_empty() {
            let s: Vec<String> = self
                .statuses
                .iter()
                .map(|s| label(s.label_sq(), s.label_en()))
                .collect();
            parts.push(s.join(", "));
        }
        if let Some(band) = self.age_band {
            parts.push(format!(
                "{} {}",
                if sq { "mosha" } else { "age" },
                band.label()
            ));
        }
        if let Some(m) = &self.municipality {
            parts.push(m.clone());
        }
        let head = if sq { "Rastet" } else { "Cases" };
        Some(format!("{head}: {}", parts.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use geo::Point;

    use super::*;
    use crate::model::{AgeBand, CaseKind, CaseStatus, MunicipalityRef, Sex};

    fn case(date: (i32, u32, u32), kind: CaseKind, status: CaseStatus, age: Option<u8>) -> Case {
        Case {
            fid: None,
            case_code: "T-1".into(),
            identified_on: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            kind,
            age,
            sex: Sex::Unknown,
            status,
            municipality: Some(MunicipalityRef {
                lau_code: "AL-BUL".into(),
                name: "Bulqizë".into(),
            }),
            team: None,
            gps_accuracy_m: None,
            pos_wgs84: Point::new(20.2, 41.5),
        }
    }

    #[test]
    fn cases_pass_the_criteria_as_the_map_filter_shows_them() {
        let chrome = case(
            (2024, 5, 2),
            CaseKind::ChromeCollection,
            CaseStatus::Managed,
            Some(13),
        );
        let begging = case((2023, 12, 31), CaseKind::Begging, CaseStatus::Closed, None);
        let all = CaseFilter::default();
        assert!(all.accepts(&chrome) && all.accepts(&begging));
        assert_eq!(all.summary(true), None);

        let mut f = CaseFilter::default();
        f.set_year(2024);
        assert!(f.accepts(&chrome) && !f.accepts(&begging));
        f.kinds = vec![CaseKind::Begging];
        assert!(!f.accepts(&chrome));
        f = CaseFilter {
            age_band: Some(AgeBand::From12To14),
            ..Default::default()
        };
        assert!(f.accepts(&chrome));
        assert!(!f.accepts(&begging), "an unknown age is not in a band");
        f = CaseFilter {
            municipality: Some("bulqize".into()),
            statuses: vec![CaseStatus::Closed],
            ..Default::default()
        };
        assert!(f.accepts(&begging) && !f.accepts(&chrome));
    }

    #[test]
    fn the_summary_says_which_cases_in_either_language() {
        let mut f = CaseFilter::default();
        f.set_year(2024);
        f.kinds = vec![CaseKind::Begging, CaseKind::ChromeCollection];
        f.age_band = Some(AgeBand::From12To14);
        let sq = f.summary(true).unwrap();
        let en = f.summary(false).unwrap();
        let (b_sq, c_sq) = (
            CaseKind::Begging.label_sq(),
            CaseKind::ChromeCollection.label_sq(),
        );
        assert_eq!(
            sq,
            format!(
                "Rastet: 2024; {}, {}; mosha 12–14",
                b_sq.to_lowercase(),
                c_sq.to_lowercase()
            )
        );
        assert!(en.starts_with("Cases: 2024; begging"), "{en}");
        let g = CaseFilter {
            date_from: NaiveDate::from_ymd_opt(2024, 6, 1),
            date_to: NaiveDate::from_ymd_opt(2024, 9, 30),
            ..Default::default()
        };
        assert_eq!(g.summary(true).unwrap(), "Rastet: 01.06.2024–30.09.2024");
        let h = CaseFilter {
            date_from: NaiveDate::from_ymd_opt(2024, 6, 1),
            ..Default::default()
        };
        assert_eq!(h.summary(false).unwrap(), "Cases: from 01.06.2024");
    }
}
