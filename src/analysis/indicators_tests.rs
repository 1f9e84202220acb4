use chrono::NaiveDate;
use geo::{MultiPolygon, Point, polygon};

use super::*;
use crate::model::{MineStatus, MunicipalityRef, Sex};
use crate::progress::{NoProgress, SharedProgress};

fn square(lon0: f64, lat0: f64, d: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![polygon![
        (x: lon0, y: lat0), (x: lon0 + d, y: lat0), (x: lon0 + d, y: lat0 + d),
        (x: lon0, y: lat0 + d)
    ]])
}

fn muni(code: &str, name: &str, lon0: f64) -> Municipality {
    Municipality {
        fid: None,
        name: name.into(),
        lau_code: code.into(),
        qark: Some("Tiranë".into()),
        population: None,
        area_wgs84: square(lon0, 41.0, 0.5),
    }
}

fn mref(code: &str, name: &str) -> Option<MunicipalityRef> {
    Some(MunicipalityRef {
        lau_code: code.into(),
        name: name.into(),
    })
}

fn case(code: &str, m: Option<MunicipalityRef>, lon: f64, year: i32, status: CaseStatus) -> Case {
    Case {
        fid: None,
        case_code: code.into(),
        identified_on: NaiveDate::from_ymd_opt(year, 6, 1).expect("date"),
        kind: CaseKind::Begging,
        age: Some(10),
        sex: Sex::Unknown,
        status,
        municipality: m,
        team: None,
        gps_accuracy_m: None,
        pos_wgs84: Point::new(lon, 41.2),
    }
}

fn service(t: ServiceType, lon: f64, capacity: Option<u32>, m: Option<MunicipalityRef>) -> Service {
    Service {
        fid: None,
        service_type: t,
        name: "s".into(),
        capacity,
        municipality: m,
        source: None,
        pos_wgs84: Point::new(lon, 41.2),
    }
}

/// Two municipalities side by side (A: lon 19.5–20.0, B: 20.0–20.5); a day centre and a CPU at
/// lon 19.6 in A; a mine perimeter around lon 20.3 in B. One degree of longitude at 41.2° N is
/// about 83.8 km, so 0.01° ≈ 838 m and 0.05° ≈ 4.2 km.
fn fixture() -> (
    Vec<Municipality>,
    Vec<Case>,
    Vec<Service>,
    Vec<MinePerimeter>,
) {
    let a = || mref("A1", "Alfa");
    let b = || mref("B1", "Beta");
    let cases = vec![
        case("A-1", a(), 19.60, 2018, CaseStatus::Identified), // at the services
        case("A-2", a(), 19.61, 2019, CaseStatus::Managed),    // ~0.84 km
        case("A-3", a(), 19.65, 2020, CaseStatus::Managed),    // ~4.2 km
        case("B-1", b(), 20.30, 2020, CaseStatus::Closed),     // inside the mine
        case("B-2", b(), 20.33, 2020, CaseStatus::Referred),   // ~2.5 km from the mine edge
        case("X-1", None, 21.50, 2020, CaseStatus::Referred),  // outside both
    ];
    let services = vec![
        service(ServiceType::DayCentre, 19.60, Some(30), a()),
        service(ServiceType::DayCentre, 19.62, None, a()),
        service(ServiceType::ChildProtectionUnit, 19.60, None, a()),
        service(ServiceType::School, 20.30, None, b()),
    ];
    let mine = MinePerimeter {
        fid: None,
        name: "m".into(),
        mineral: "chrome".into(),
        status: MineStatus::Active,
        guarded: false,
        note: None,
        area_wgs84: MultiPolygon::new(vec![polygon![
            (x: 20.29, y: 41.19), (x: 20.30, y: 41.19), (x: 20.30, y: 41.21), (x: 20.29, y: 41.21)
        ]]),
    };
    (
        vec![muni("A1", "Alfa", 19.5), muni("B1", "Beta", 20.0)],
        cases,
        services,
        vec![mine],
    )
}

fn run(config: &IndicatorConfig) -> Indicators {
    let (m, c, s, mines) = fixture();
    municipal_indicators(&m, &c, &s, &mines, config, &NoProgress).expect("indicators")
}

#[test]
fn counts_by_status_kind_and_year_on_a_known_project() {
    let ind = run(&IndicatorConfig::default());
    assert_eq!(ind.years, vec![2018, 2019, 2020]);
    assert_eq!(
        ind.rows.len(),
        3,
        "two municipalities and the row without one"
    );
    let (a, b, none) = (&ind.rows[0], &ind.rows[1], &ind.rows[2]);
    assert_eq!((a.lau_code.as_str(), a.cases), ("A1", 3));
    assert_eq!(a.status(CaseStatus::Managed), 2);
    assert_eq!(a.status(CaseStatus::Identified), 1);
    assert_eq!(a.kind(CaseKind::Begging), 3);
    assert_eq!(
        a.by_year.values().copied().collect::<Vec<_>>(),
        vec![1, 1, 1]
    );
    assert_eq!(a.trend_per_year, Some(0.0));
    assert_eq!(
        b.by_year.values().copied().collect::<Vec<_>>(),
        vec![0, 0, 2]
    );
    assert_eq!(b.trend_per_year, Some(1.0));
    assert_eq!((none.lau_code.as_str(), none.cases), ("", 1));
    assert_eq!(ind.national.cases, 6);
    assert_eq!(ind.national.status(CaseStatus::Referred), 2);
    let sum: u32 = ind.rows.iter().map(|r| r.cases).sum();
    assert_eq!(sum, ind.national.cases, "no case lost");
}

#[test]
fn reach_distance_places_and_mines() {
    let ind = run(&IndicatorConfig::default());
    let (a, b) = (&ind.rows[0], &ind.rows[1]);
    // are within 2 km of a day centre and of the CPU; A-3 (2.5 km from the
    // centre at 19.62) is not.
    assert_eq!((a.near_day_centre, a.near_cpu), (2, 2));
    assert_eq!(a.share_near_cpu(), Some(2.0 / 3.0));
    // Median distance to the CPU: A-2's, about 838 m, computed independently here.
    let t = crate::crs::Transformer::wgs84_to_tm();
    let (x0, y0) = t.point(19.60, 41.2).expect("tm");
    let (x1, y1) = t.point(19.61, 41.2).expect("tm");
    let d = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
    let m = a.median_cpu_m.expect("median");
    assert!(
        (m - d).abs() < 1e-6 && (d - 838.0).abs() < 5.0,
        "{m} vs {d}"
    );
    // Places: 30 + unknown (0) for 3 cases → 1000 per 100 cases.
    assert_eq!((a.day_centres, a.day_centre_places), (2, 30));
    assert_eq!(a.places_per_100_cases(), Some(1000.0));
    assert_eq!(b.places_per_100_cases(), Some(0.0));
    // Near mines: B-1 inside; B-2 about 2.5 km from the edge (within 3 km, not within 2 km).
    assert_eq!(b.near_mines, 2);
    assert_eq!(a.near_mines, 0);
    let tight = run(&IndicatorConfig {
        reach_m: 2000.0,
        mine_near_m: 2000.0,
    });
    assert_eq!(tight.rows[1].near_mines, 1);
    assert_eq!(ind.national.near_mines, 2);
}

#[test]
fn bad_parameters_and_cancel_are_errors() {
    let (m, c, s, mines) = fixture();
    let bad = IndicatorConfig {
        reach_m: -1.0,
        mine_near_m: 3000.0,
    };
    assert!(matches!(
        municipal_indicators(&m, &c, &s, &mines, &bad, &NoProgress),
        Err(IndicatorError::BadParameters { .. })
    ));
    let p = SharedProgress::default();
    p.cancel();
    let r = municipal_indicators(&m, &c, &s, &mines, &IndicatorConfig::default(), &p);
    assert!(matches!(r, Err(IndicatorError::Cancelled(_))));
}

#[test]
fn no_cases_gives_empty_rows_not_errors() {
    let (m, _, s, mines) = fixture();
    let ind = municipal_indicators(
        &m,
        &[],
        &s,
        &mines,
        &IndicatorConfig::default(),
        &NoProgress,
    )
    .expect("indicators");
    assert_eq!(ind.rows.len(), 2);
    assert_eq!(ind.rows[0].share_near_cpu(), None);
    assert_eq!(ind.rows[0].median_cpu_m, None);
    assert_eq!(ind.rows[0].trend_per_year, None);
}
