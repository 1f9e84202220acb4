use chrono::NaiveDate;
use geo_types::{Point, polygon};

use super::*;
use crate::model::{
    Case, CaseKind, CaseStatus, Hotspot, LayerKind, MonthSet, MunicipalityRef, Sex,
    layer_from_records,
};

fn case(code: &str, date: (i32, u32, u32), kind: CaseKind, age: Option<u8>, muni: &str) -> Case {
    Case {
        fid: None,
        case_code: code.into(),
        identified_on: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        kind,
        age,
        sex: Sex::Unknown,
        status: if code.ends_with('c') {
            CaseStatus::Closed
        } else {
            CaseStatus::Managed
        },
        municipality: Some(MunicipalityRef {
            lau_code: format!("AL-{muni}"),
            name: muni.into(),
        }),
        team: None,
        gps_accuracy_m: None,
        pos_wgs84: Point::new(20.0, 41.5),
    }
}

fn cases() -> crate::model::FeatureLayer {
    layer_from_records(
        LayerKind::Cases,
        &[
            case(
                "a",
                (2024, 1, 1),
                CaseKind::ChromeCollection,
                Some(12),
                "Bulqizë",
            ),
            case("b", (2024, 12, 31), CaseKind::Begging, Some(8), "Tiranë"),
            case(
                "c",
                (2023, 12, 31),
                CaseKind::ChromeCollection,
                None,
                "Bulqizë",
            ),
            case(
                "dc",
                (2025, 1, 1),
                CaseKind::ChromeCollection,
                Some(15),
                "Korçë",
            ),
        ],
    )
}

#[test]
fn the_default_filter_shows_everything_and_is_inactive() {
    let f = CaseFilter::default();
    assert!(!f.is_active());
    assert_eq!(f.mask(&cases()), vec![true; 4]);
}

#[test]
fn a_year_is_inclusive_of_its_first_and_last_day() {
    let mut f = CaseFilter::default();
    f.set_year(2024);
    assert_eq!(f.year(), Some(2024));
    assert_eq!(f.mask(&cases()), vec![true, true, false, false]);
    f.date_to = NaiveDate::from_ymd_opt(2024, 6, 30);
    assert_eq!(f.year(), None);
}

#[test]
fn criteria_combine_with_and_and_kinds_with_or() {
    let mut f = CaseFilter::default();
    f.set_year(2024);
    f.kinds = vec![CaseKind::ChromeCollection];
    assert_eq!(f.mask(&cases()), vec![true, false, false, false]);
    f.kinds.push(CaseKind::Begging);
    assert_eq!(f.mask(&cases()), vec![true, true, false, false]);
    let mut s = CaseFilter {
        statuses: vec![CaseStatus::Closed],
        ..Default::default()
    };
    assert_eq!(s.mask(&cases()), vec![false, false, true, true]);
    s.statuses.clear();
    s.age_band = Some(AgeBand::From12To14);
    // The case of unknown age is not in any band.
    assert_eq!(s.mask(&cases()), vec![true, false, false, false]);
}

#[test]
fn municipality_matches_names_without_diacritics_and_lau_codes() {
    let mut f = CaseFilter {
        municipality: Some("bulqize".into()),
        ..Default::default()
    };
    assert_eq!(f.mask(&cases()), vec![true, false, true, false]);
    f.municipality = Some("AL-Korçë".into());
    assert_eq!(f.mask(&cases()), vec![false, false, false, true]);
}

#[test]
fn hotspots_follow_their_active_months_and_unreadable_months_stay_visible() {
    let mk = |months: &str| Hotspot {
        fid: None,
        name: "x".into(),
        active_months: MonthSet::parse(months).unwrap(),
        peak_hours: None,
        note: None,
        area_wgs84: geo_types::MultiPolygon(vec![
            polygon![(x: 19.4, y: 41.3), (x: 19.5, y: 41.3), (x: 19.5, y: 41.4)],
        ]),
    };
    let mut layer = layer_from_records(LayerKind::Hotspots, &[mk("6-9"), mk("7,8")]);
    assert_eq!(hotspots_active_in(&layer, 7), vec![true, true]);
    assert_eq!(hotspots_active_in(&layer, 6), vec![true, false]);
    assert_eq!(hotspots_active_in(&layer, 1), vec![false, false]);
    let i = layer.field_index("active_months").unwrap();
    layer.features[1].values[i] = crate::model::Value::Text("whenever".into());
    assert_eq!(hotspots_active_in(&layer, 1), vec![false, true]);
}
