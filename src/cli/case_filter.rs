//! The case filter flags of commands that count cases (`print`): `--year`, `--from`, `--to`,
//! `--kinds`, `--statuses`, `--ages`, turned into a [`CaseFilter`] (the app's map filter),
//! with a clear error naming the flag for a value that is not understood.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::model::{AgeBand, CaseFilter, CaseKind, CaseStatus};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct CaseFilterFlags {
    /// Count only the cases identified in this calendar year.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// Count only the cases identified on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Count only the cases identified on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    /// Count only these kinds (codes or labels, comma-separated: begging,chrome_collection).
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Count only these statuses (identified, referred, managed, closed).
    #[arg(long, value_delimiter = ',')]
    pub statuses: Vec<String>,
    /// Count only the children of this age band: 0-5, 6-11, 12-14 or 15-17.
    #[arg(long, value_name = "BAND")]
    pub ages: Option<String>,
}

impl CaseFilterFlags {
    pub fn filter(&self) -> Result<CaseFilter> {
        let mut f = CaseFilter {
            date_from: self.from,
            date_to: self.to,
            ..Default::default()
        };
        if let Some(y) = self.year {
            if !(1990..=2100).contains(&y) {
                bail!("--year {y}: not a year of identified cases (1990–2100)");
            }
            f.set_year(y);
        }
        if let (Some(a), Some(b)) = (f.date_from, f.date_to)
            && a > b
        {
            bail!("--from {a} is after --to {b}: no case could be counted");
        }
        for k in &self.kinds {
            let Some(kind) = CaseKind::parse_loose(k) else {
                let all: Vec<&str> = CaseKind::ALL.iter().map(|k| k.code()).collect();
                bail!(
                    "--kinds {k}: not a kind of case (one of {})",
                    all.join(", ")
                );
            };
            f.kinds.push(kind);
        }
        for s in &self.statuses {
            let Some(status) = CaseStatus::parse_loose(s) else {
                let all: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.code()).collect();
                bail!(
                    "--statuses {s}: not a case status (one of {})",
                    all.join(", ")
                );
            };
            f.statuses.push(status);
        }
        if let Some(band) = &self.ages {
            let norm = band.replace('–', "-");
            let Some(b) = AgeBand::ALL
                .iter()
                .find(|b| b.label().replace('–', "-") == norm.trim())
            else {
                bail!("--ages {band}: not an age band (0-5, 6-11, 12-14 or 15-17)");
            };
            f.age_band = Some(*b);
        }
        Ok(f)
    }
}
