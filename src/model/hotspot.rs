//! Coastal summer hotspots (polygons): beaches and promenades where children work in summer.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

use super::record::{FieldGetter, ModelError, Record, text_or_null};
use super::value::{Feature, FieldDef, FieldKind, Value};
use crate::text::fold;

/// A set of calendar months (bit 0 = January … bit 11 = December).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MonthSet(pub u16);

/// Month names as printed (1 = January at index 0).
pub const MONTH_NAMES_SQ: [&str; 12] = [
    "janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor",
    "nëntor", "dhjetor",
];
pub const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl MonthSet {
    /// June to September: the summer field-work season of the action plan.
    pub const SUMMER: MonthSet = MonthSet(0b1_1110_0000);

    pub fn contains(self, month_1_to_12: u32) -> bool {
        (1..=12).contains(&month_1_to_12) && self.0 & (1 << (month_1_to_12 - 1)) != 0
    }

    pub fn months(self) -> impl Iterator<Item = u32> {
        (1..=12).filter(move |m| self.contains(*m))
    }

    /// Stored form: comma-separated month numbers, e.g. "6,7,8,9".
    pub fn to_code(self) -> String {
        self.months()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses "6,7,8,9", "6-9", "June–September", "qershor-shtator", "Jun, Jul".
    pub fn parse(text: &str) -> Option<Self> {
        let t = fold(text).replace(['–', '—'], "-");
        let mut set = 0u16;
        for part in t.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            let ends: Vec<&str> = part.split('-').map(str::trim).collect();
            let (a, b) = match ends.as_slice() {
                [one] => (month(one)?, month(one)?),
                [a, b] => (month(a)?, month(b)?),
                _ => return None,
            };
            let mut m = a;
            loop {
                set |= 1 << (m - 1);
                if m == b {
                    break;
                }
                m = m % 12 + 1; // wraps, so "November-February" works
            }
        }
        (set != 0).then_some(MonthSet(set))
    }
}

fn month(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    if word.len() < 3 {
        return None;
    }
    let find = |names: &[&str; 12]| names.iter().position(|n| fold(n).starts_with(word));
    find(&MONTH_NAMES_EN)
        .or_else(|| find(&MONTH_NAMES_SQ))
        .map(|i| i as u32 + 1)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    pub fid: Option<i64>,
    pub name: String,
    pub active_months: MonthSet,
    /// Local time span when children are most present, e.g. "10:00-19:00".
    pub peak_hours: Option<String>,
    pub note: Option<String>,
    pub area_wgs84: MultiPolygon<f64>,
}

impl Record for Hotspot {
    fn fields() -> Vec<FieldDef> {
        use FieldKind::*;
        vec![
            FieldDef::new("name", Text),
            FieldDef::new("active_months", Text),
            FieldDef::new("peak_hours", Text),
            FieldDef::new("note", Text),
        ]
    }

    fn to_feature(&self) -> Feature {
        Feature {
            fid: self.fid,
            geometry_wgs84: Some(self.area_wgs84.clone().into()),
            values: vec![
                Value::Text(self.name.clone()),
                Value::Text(self.active_months.to_code()),
                text_or_null(&self.peak_hours),
                text_or_null(&self.note),
            ],
        }
    }

    fn from_feature(g: &FieldGetter<'_>) -> Result<Self, ModelError> {
        let months = g.text("active_months").unwrap_or_default();
        Ok(Hotspot {
            fid: g.fid(),
            name: g.text("name").unwrap_or_default(),
            active_months: MonthSet::parse(&months)
                .ok_or_else(|| g.bad("active_months", "not a list of months"))?,
            peak_hours: g.text("peak_hours"),
            note: g.text("note"),
            area_wgs84: g.multipolygon()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::MonthSet;

    #[test]
    fn month_sets_parse_in_both_languages() {
        assert_eq!(MonthSet::parse("6,7,8,9"), Some(MonthSet::SUMMER));
        assert_eq!(MonthSet::parse("June–September"), Some(MonthSet::SUMMER));
        assert_eq!(MonthSet::parse("qershor - shtator"), Some(MonthSet::SUMMER));
        assert_eq!(MonthSet::parse("6-9"), Some(MonthSet::SUMMER));
        assert_eq!(MonthSet::parse("Nov-Feb").unwrap().to_code(), "1,2,11,12");
        assert_eq!(MonthSet::parse("13"), None);
        assert_eq!(MonthSet::SUMMER.to_code(), "6,7,8,9");
    }
}
