//! Synthetic cases for the demo. NOT real children: generated from a fixed seed so every
//! build gives the same demo, with plausible kinds by area (begging and recycling in the
//! cities, chrome collection around the Bulqizë mines, summer work on the coast in June to
//! September, agriculture in the plains) and labelled synthetic wherever shown.
//!
//! Positions are drawn in Albania TM metres (Gaussian around an anchor) and kept only when
//! they fall inside a municipality (so never in the sea).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use geo::{Centroid, Point};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::DemoError;
use super::sources::Place;
use crate::analysis::assign::MunicipalityLookup;
use crate::crs::Transformer;
use crate::model::{Case, CaseKind, CaseStatus, Hotspot, MinePerimeter, MunicipalityRef, Sex};
use crate::text::fold;

/// How many synthetic cases the demo holds.
pub const DEMO_CASES: usize = 3000;

const CITIES: &[(&str, f64, f64)] = &[
    // (settlement, weight, spread in metres)
    ("Tiranë", 0.33, 2600.0),
    ("Durrës", 0.12, 1800.0),
    ("Elbasan", 0.08, 1500.0),
    ("Shkodër", 0.07, 1500.0),
    ("Fier", 0.06, 1300.0),
    ("Vlorë", 0.06, 1400.0),
    ("Korçë", 0.06, 1300.0),
    ("Berat", 0.04, 1100.0),
    ("Lushnjë", 0.03, 1000.0),
    ("Kavajë", 0.03, 1000.0),
    ("Pogradec", 0.02, 900.0),
    ("Gjirokastër", 0.02, 900.0),
    ("Lezhë", 0.02, 900.0),
    ("Kamez", 0.04, 1200.0),
    ("Bulqizë", 0.02, 700.0),
];

const FARMING_MUNICIPALITIES: &[&str] = &[
    "Fier", "Lushnje", "Divjakë", "Korçë", "Maliq", "Roskovec", "Kolonjë",
];

#[derive(Clone, Copy)]
struct Anchor {
    xy_tm: (f64, f64),
    spread_m: f64,
}

pub struct Inputs<'a> {
    pub lookup: &'a MunicipalityLookup,
    /// Albania's land (coastline cut): municipality polygons reach into the sea.
    pub land: &'a crate::analysis::index::PolygonIndex,
    pub places: &'a [Place],
    pub mines: &'a [MinePerimeter],
    pub hotspots: &'a [Hotspot],
}

fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller: deterministic for a given seed on every platform.
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

pub fn generate(inputs: &Inputs<'_>, rng: &mut ChaCha8Rng) -> Result<Vec<Case>, DemoError> {
    let to_tm = Transformer::wgs84_to_tm();
    let to_wgs = Transformer::tm_to_wgs84();
    let tm = |p: Point<f64>| to_tm.point(p.x(), p.y());

    let mut cities = Vec::new();
    for &(name, weight, spread_m) in CITIES {
        if let Some(p) = inputs
            .places
            .iter()
            .find(|p| p.name == name && p.place != "village")
        {
            cities.push((
                Anchor {
                    xy_tm: tm(p.pos_wgs84)?,
                    spread_m,
                },
                weight,
            ));
        }
    }
    let chrome: Vec<Anchor> = inputs
        .mines
        .iter()
        .filter(|m| m.mineral.contains("chrom"))
        .filter_map(|m| m.area_wgs84.centroid())
        .filter(|c| (20.0..=20.4).contains(&c.x()) && (41.35..=41.7).contains(&c.y()))
        .map(|c| {
            Ok(Anchor {
                xy_tm: tm(c)?,
                spread_m: 800.0,
            })
        })
        .collect::<Result<_, DemoError>>()?;
    let coast: Vec<(Anchor, &Hotspot)> = inputs
        .hotspots
        .iter()
        .filter_map(|h| Some((h.area_wgs84.centroid()?, h)))
        .map(|(c, h)| {
            Ok((
                Anchor {
                    xy_tm: tm(c)?,
                    spread_m: 700.0,
                },
                h,
            ))
        })
        .collect::<Result<_, DemoError>>()?;
    let villages: Vec<&Place> = inputs
        .places
        .iter()
        .filter(|p| p.place == "village")
        .collect();
    let farm_villages: Vec<&Place> = villages
        .iter()
        .copied()
        .filter(|p| {
            inputs.lookup.locate(p.pos_wgs84).is_some_and(|m| {
                FARMING_MUNICIPALITIES
                    .iter()
                    .any(|f| fold(f) == fold(&m.name))
            })
        })
        .collect();
    if cities.is_empty() || chrome.is_empty() || coast.is_empty() || farm_villages.is_empty() {
        return Err(DemoError::EmbeddedData {
            file: "demo".into(),
            reason: "the embedded data lacks cities, chrome mines, hotspots or farm villages"
                .into(),
        });
    }
    let city_total: f64 = cities.iter().map(|c| c.1).sum();

    let mut cases = Vec::with_capacity(DEMO_CASES);
    let mut seq: BTreeMap<(String, i32), u32> = BTreeMap::new();
    while cases.len() < DEMO_CASES {
        let group = rng.random::<f64>();
        let year = rng.random_range(2018..=2024);
        let mut month = rng.random_range(1..=12u32);
        let (anchor, kind, min_age) = if group < 0.55 {
            let mut w = rng.random::<f64>() * city_total;
            let anchor = cities
                .iter()
                .find(|(_, cw)| {
                    w -= cw;
                    w <= 0.0
                })
                .unwrap_or(&cities[0]);
            let r = rng.random::<f64>();
            let kind = if r < 0.5 {
                CaseKind::Begging
            } else if r < 0.9 {
                CaseKind::Recycling
            } else {
                CaseKind::InformalWork
            };
            (anchor.0, kind, 4)
        } else if group < 0.65 {
            (*pick(rng, &chrome), CaseKind::ChromeCollection, 10)
        } else if group < 0.80 {
            let (a, h) = pick(rng, &coast);
            let months: Vec<u32> = h.active_months.months().collect();
            month = *pick(rng, &months);
            let kind = if rng.random::<f64>() < 0.7 {
                CaseKind::InformalWork
            } else {
                CaseKind::Begging
            };
            (*a, kind, 6)
        } else if group < 0.92 {
            let v = pick(rng, &farm_villages);
            (
                Anchor {
                    xy_tm: tm(v.pos_wgs84)?,
                    spread_m: 600.0,
                },
                CaseKind::Agriculture,
                8,
            )
        } else {
            let v = pick(rng, &villages);
            let kind = if rng.random::<f64>() < 0.6 {
                CaseKind::Other
            } else {
                CaseKind::InformalWork
            };
            (
                Anchor {
                    xy_tm: tm(v.pos_wgs84)?,
                    spread_m: 800.0,
                },
                kind,
                6,
            )
        };
        let (x, y) = (
            anchor.xy_tm.0 + gaussian(rng) * anchor.spread_m,
            anchor.xy_tm.1 + gaussian(rng) * anchor.spread_m,
        );
        let (lon, lat) = to_wgs.point(x, y)?;
        let pos_wgs84 = Point::new(lon, lat);
        if inputs.land.containing(pos_wgs84).is_none() {
            continue;
        }
        let Some(municipality) = inputs.lookup.locate(pos_wgs84) else {
            continue;
        };
        let day = rng.random_range(1..=28);
        let identified_on = NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
        cases.push(make_case(
            rng,
            municipality,
            identified_on,
            kind,
            min_age,
            pos_wgs84,
            &mut seq,
        ));
    }
    Ok(cases)
}

fn make_case(
    rng: &mut ChaCha8Rng,
    municipality: &MunicipalityRef,
    identified_on: NaiveDate,
    kind: CaseKind,
    min_age: u8,
    pos_wgs84: Point<f64>,
    seq: &mut BTreeMap<(String, i32), u32>,
) -> Case {
    let prefix: String = fold(&municipality.name)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    let n = seq
        .entry((prefix.clone(), identified_on.year()))
        .or_insert(0);
    *n += 1;
    // Older cases have moved further through case management.
    let years_open = 2025 - identified_on.year();
    let r = rng.random::<f64>() * (1.0 + years_open as f64 * 0.4);
    let status = match r {
        r if r < 0.25 => CaseStatus::Identified,
        r if r < 0.55 => CaseStatus::Referred,
        r if r < 1.6 => CaseStatus::Managed,
        _ => CaseStatus::Closed,
    };
    let sex = if rng.random::<f64>()
        < if kind == CaseKind::ChromeCollection {
            0.85
        } else {
            0.6
        } {
        Sex::Male
    } else {
        Sex::Female
    };
    let low_accuracy = rng.random::<f64>() < 0.03;
    Case {
        fid: None,
        case_code: format!("{prefix}-{}-{:04}", identified_on.year(), n),
        identified_on,
        kind,
        age: Some(rng.random_range(min_age..=17)),
        sex,
        status,
        municipality: Some(municipality.clone()),
        team: Some(format!(
            "{}-T{}",
            municipality.lau_code,
            rng.random_range(1..=3)
        )),
        // Whole decimetres, as a phone's GPS reports them.
        gps_accuracy_m: Some(
            (if low_accuracy {
                rng.random_range(60.0..250.0_f64)
            } else {
                rng.random_range(3.0..25.0_f64)
            } * 10.0)
                .round()
                / 10.0,
        ),
        pos_wgs84,
    }
}
