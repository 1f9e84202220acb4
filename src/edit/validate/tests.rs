use chrono::NaiveDate;
use geo::Point;

use super::*;
use crate::edit::spec::input_text;
use crate::model::{Case, FeatureLayer, Hotspot, MinePerimeter, Record, layer_from_records};
use crate::model::{CaseKind, CaseStatus, FieldKind, Sex};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("date")
}

fn cases() -> FeatureLayer {
    let case = Case {
        fid: Some(4),
        case_code: "BUL-2024-001".into(),
        identified_on: NaiveDate::from_ymd_opt(2024, 5, 2).expect("date"),
        kind: CaseKind::ChromeCollection,
        age: Some(11),
        sex: Sex::Male,
        status: CaseStatus::Identified,
        municipality: None,
        team: None,
        gps_accuracy_m: None,
        pos_wgs84: Point::new(20.25, 41.49),
    };
    layer_from_records(LayerKind::Cases, &[case])
}

/// The form texts of a case: code, date, kind, age, sex, status, lau, municipality, team, gps.
fn case_texts(code: &str, date: &str, kind: &str, age: &str) -> Vec<String> {
    [
        code, date, kind, age, "female", "referred", "", "", "T1", "4,5",
    ]
    .map(String::from)
    .to_vec()
}

fn problems(r: Result<Vec<Value>, Vec<FieldError>>) -> Vec<(String, Problem)> {
    r.expect_err("refused")
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect()
}

#[test]
fn a_valid_case_becomes_typed_values() {
    let layer = cases();
    let values = validate(
        &layer,
        None,
        &case_texts(" BUL-2024-002 ", "2024-07-01", "begging", "12"),
        today(),
    )
    .expect("valid");
    assert_eq!(values[0], Value::Text("BUL-2024-002".into()));
    assert_eq!(
        values[1],
        Value::Date(NaiveDate::from_ymd_opt(2024, 7, 1).expect("date"))
    );
    assert_eq!(values[3], Value::Int(12));
    assert_eq!(values[6], Value::Null, "empty optional text is NULL");
    assert_eq!(values[9], Value::Real(4.5), "decimal comma");
    // The record reads back from these values.
    let mut layer = layer;
    layer.features.push(crate::model::Feature {
        fid: None,
        geometry_wgs84: Some(Point::new(20.0, 41.0).into()),
        values,
    });
    assert_eq!(Case::read_layer(&layer).expect("records").len(), 2);
}

#[test]
fn age_25_bad_dates_unknown_kinds_and_duplicate_codes_are_refused_per_field() {
    let layer = cases();
    let got = problems(validate(
        &layer,
        None,
        &case_texts("BUL-2024-001", "1/7/2024", "astronaut", "25"),
        today(),
    ));
    assert!(
        got.contains(&("age".into(), Problem::OutOfRange { min: 0, max: 17 })),
        "{got:?}"
    );
    assert!(got.contains(&("identified_on".into(), Problem::NotADate)));
    assert!(got.contains(&(
        "kind".into(),
        Problem::UnknownCategory {
            value: "astronaut".into()
        }
    )));
    assert!(got.contains(&(
        "case_code".into(),
        Problem::Duplicate {
            value: "BUL-2024-001".into()
        }
    )));
    // The feature itself may keep its own code; a future date and a missing code are refused.
    let got = problems(validate(
        &layer,
        Some(4),
        &case_texts("BUL-2024-001", "2030-01-01", "begging", "-1"),
        today(),
    ));
    assert_eq!(
        got,
        vec![
            ("identified_on".into(), Problem::FutureDate),
            ("age".into(), Problem::OutOfRange { min: 0, max: 17 }),
        ]
    );
    let got = problems(validate(
        &layer,
        None,
        &case_texts("  ", "2024-01-01", "begging", "x"),
        today(),
    ));
    assert!(got.contains(&("case_code".into(), Problem::Required)));
    assert!(got.contains(&("age".into(), Problem::NotAnInteger)));
}

#[test]
fn cases_never_show_or_accept_name_fields() {
    let mut layer = cases();
    layer
        .fields
        .push(crate::model::FieldDef::new("emri", FieldKind::Text));
    assert!(form_spec(&layer).iter().all(|s| s.name != "emri"));
    let mut texts = case_texts("X-1", "2024-01-01", "begging", "");
    texts.push("Arta".into());
    let got = problems(validate(&layer, None, &texts, today()));
    assert_eq!(got, vec![("emri".into(), Problem::PersonalName)]);
    // The category fields are dropdowns with the model's labels.
    let spec = form_spec(&cases());
    let kind = spec.iter().find(|s| s.name == "kind").expect("kind");
    match &kind.input {
        InputKind::Category(opts) => {
            assert_eq!(opts.len(), CaseKind::ALL.len());
            assert!(
                opts.iter()
                    .any(|o| o.code == "chrome_collection" && o.label_sq == "Mbledhje kromi")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mines_and_hotspots_check_status_months_and_hours() {
    let mines = layer_from_records::<MinePerimeter>(LayerKind::Mines, &[]);
    let ok = validate(
        &mines,
        None,
        &["Mina X", "chromite", "abandoned", "true", ""].map(String::from),
        today(),
    )
    .expect("valid");
    assert_eq!(ok[2], Value::Text("abandoned".into()));
    assert_eq!(ok[3], Value::Bool(true));
    let got = problems(validate(
        &mines,
        None,
        &["", "", "open", "maybe", ""].map(String::from),
        today(),
    ));
    assert_eq!(
        got.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["name", "status", "guarded"]
    );

    let hotspots = layer_from_records::<Hotspot>(LayerKind::Hotspots, &[]);
    let ok = validate(
        &hotspots,
        None,
        &["Plazhi", "qershor-shtator", "10:00-19:00", ""].map(String::from),
        today(),
    )
    .expect("valid");
    assert_eq!(ok[1], Value::Text("6,7,8,9".into()));
    let got = problems(validate(
        &hotspots,
        None,
        &["Plazhi", "summer", "late", ""].map(String::from),
        today(),
    ));
    assert_eq!(
        got,
        vec![
            ("active_months".into(), Problem::NotMonths),
            ("peak_hours".into(), Problem::NotHours)
        ]
    );
    assert_eq!(
        input_text(&Value::Text("6-9".into()), &InputKind::Months),
        "6,7,8,9"
    );
}
