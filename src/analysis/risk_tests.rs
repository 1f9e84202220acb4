use geo::{LineString, MultiPolygon, Polygon};

use super::*;
use crate::progress::NoProgress;

fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    let ring = LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]);
    MultiPolygon::new(vec![Polygon::new(ring, vec![])])
}

/// A 10 × 10 km municipality, a mine in its west, a summer hotspot in its east, one day
/// centre and a cluster of cases.
fn inputs() -> RiskInputs {
    RiskInputs {
        cases_xy_m: (0..20).map(|i| [5000.0 + f64::from(i), 5000.0]).collect(),
        mines_tm: vec![square(1000.0, 4000.0, 2000.0, 5000.0)],
        hotspots_tm: vec![(square(8000.0, 4000.0, 9000.0, 5000.0), MonthSet::SUMMER)],
        services_xy_m: vec![([5000.0, 8000.0], ServiceType::DayCentre)],
        municipalities_tm: vec![square(0.0, 0.0, 10_000.0, 10_000.0)],
    }
}

fn config(month: u32) -> RiskConfig {
    RiskConfig {
        month,
        keep_factors: true,
        ..RiskConfig::default()
    }
}

fn at(s: &RiskSurface, v: &[f32], x: f64, y: f64) -> f32 {
    let (c, r) = s.grid.cell_of([x, y]).unwrap();
    v[r * s.grid.cols + c]
}

#[test]
fn hotspots_count_only_in_their_active_months() {
    let summer = risk_surface(&inputs(), &config(7), &NoProgress).unwrap();
    let winter = risk_surface(&inputs(), &config(1), &NoProgress).unwrap();
    let (fs, fw) = (
        summer.factors.as_ref().unwrap(),
        winter.factors.as_ref().unwrap(),
    );
    assert_eq!(at(&summer, &fs.hotspots, 8450.0, 4450.0), 1.0);
    assert!((at(&summer, &fs.hotspots, 7450.0, 4450.0) - 0.45).abs() < 1e-6);
    assert!(fw.hotspots.iter().all(|v| *v == 0.0), "inactive in January");
    let (s7, s1) = (
        at(&summer, &summer.score, 8450.0, 4450.0),
        at(&winter, &winter.score, 8450.0, 4450.0),
    );
    assert!(
        (s7 - s1 - 15.0).abs() < 1e-3,
        "weight 0.15 of 1.0: {s7} vs {s1}"
    );
}

#[test]
fn scores_follow_the_documented_formula_and_stay_within_0_100() {
    let s = risk_surface(&inputs(), &config(7), &NoProgress).unwrap();
    let f = s.factors.as_ref().unwrap();
    assert_eq!((s.grid.cols, s.grid.rows), (100, 100));
    assert!(s.density_reference > 0.0);
    // Inside the mine: mines = 1; the service 3.5 km away: 0.7; no cases within 1 km.
    let (x, y) = (1450.0, 4450.0);
    assert_eq!(at(&s, &f.mines, x, y), 1.0);
    let d = ((x - 5000.0f64).powi(2) + (y - 8000.0f64).powi(2)).sqrt();
    assert!((at(&s, &f.services, x, y) - (d / 5000.0).min(1.0) as f32).abs() < 1e-6);
    assert_eq!(at(&s, &f.density, x, y), 0.0);
    let expect = 100.0 * (0.25 * 1.0 + 0.2 * (d / 5000.0).min(1.0)) / 1.0;
    assert!((f64::from(at(&s, &s.score, x, y)) - expect).abs() < 1e-3);
    // The case cluster reaches the density cap.
    assert_eq!(at(&s, &f.density, 5050.0, 4950.0), 1.0);
    let land: Vec<f32> = s.score.iter().copied().filter(|v| !v.is_nan()).collect();
    assert_eq!(land.len(), 100 * 100);
    assert!(land.iter().all(|v| (0.0..=100.0).contains(v)));
}

#[test]
fn weights_are_divided_by_their_sum() {
    let factors = RiskFactors {
        density: vec![1.0, 0.0, 0.5, 1.0],
        mines: vec![0.0, 1.0, 0.5, 1.0],
        hotspots: vec![0.0, 0.0, 0.5, 1.0],
        services: vec![0.0, 0.0, 0.5, 1.0],
    };
    let w = RiskWeights {
        density: 2.0,
        mines: 1.0,
        hotspots: 0.0,
        services: 1.0,
    };
    let s = combine(&factors, &[1, 1, 1, 0], &w);
    assert_eq!(&s[..3], &[50.0, 25.0, 50.0]);
    assert!(s[3].is_nan(), "off land");
}

#[test]
fn cells_outside_municipalities_have_no_score() {
    let mut i = inputs();
    i.municipalities_tm = vec![
        square(0.0, 0.0, 5000.0, 10_000.0),
        square(5000.0, 0.0, 10_000.0, 5000.0),
    ];
    let s = risk_surface(&i, &config(7), &NoProgress).unwrap();
    assert!(at(&s, &s.score, 7500.0, 7500.0).is_nan());
    assert!(!at(&s, &s.score, 7500.0, 2500.0).is_nan());
    assert_eq!(
        at(
            &s,
            &s.municipality
                .iter()
                .map(|m| f32::from(*m))
                .collect::<Vec<_>>(),
            7500.0,
            2500.0
        ),
        2.0
    );
    assert_eq!(s.score.iter().filter(|v| v.is_nan()).count(), 50 * 50);
}

#[test]
fn config_round_trips_as_json_and_is_checked() {
    let c = RiskConfig::default();
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"service_types\":[\"day_centre\",\"child_protection_unit\"]"));
    assert_eq!(serde_json::from_str::<RiskConfig>(&json).unwrap(), c);
    let partial: RiskConfig = serde_json::from_str(r#"{"month": 8}"#).unwrap();
    assert_eq!((partial.month, partial.pixel_m), (8, 100.0));
    assert_eq!(config(13).validate(), Err(RiskError::BadMonth(13)));
    let mut zero = c.clone();
    zero.weights = RiskWeights {
        density: 0.0,
        mines: 0.0,
        hotspots: 0.0,
        services: 0.0,
    };
    assert_eq!(zero.validate(), Err(RiskError::ZeroWeights));
    let mut neg = c;
    neg.weights.mines = -1.0;
    assert!(matches!(
        neg.validate(),
        Err(RiskError::BadParameter { .. })
    ));
    assert_eq!(
        risk_surface(&RiskInputs::default(), &config(7), &NoProgress),
        Err(RiskError::NoLand)
    );
}

#[test]
fn no_cases_no_services_still_gives_a_surface() {
    let mut i = inputs();
    i.cases_xy_m.clear();
    i.services_xy_m.clear();
    let s = risk_surface(&i, &config(7), &NoProgress).unwrap();
    let f = s.factors.unwrap();
    assert!(f.density.iter().all(|v| *v == 0.0));
    assert!(f.services.iter().all(|v| *v == 1.0));
    assert_eq!(s.density_reference, 0.0);
}
