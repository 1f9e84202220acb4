//! Routing instances for the benchmark and the quality test: the one-team tours of
//! benches/data/tspN.csv (depot Tirana, straight lines, OR-Tools reference lengths in
//! tspN_reference.json) and a synthetic week of 32 teams × 40 stops with shifts, windows,
//! days, priorities and pins (fixed seed).
#![allow(dead_code)]

use chrono::Weekday;
use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::routing::{DayMask, Problem, Stop, Team, TimeWindow, TravelMatrix};

/// The depot of the tspN instances (Tirana).
pub const DEPOT: (f64, f64) = (19.8187, 41.3275);

fn data(file: &str) -> String {
    let path = format!("{}/benches/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The stops of benches/data/`name`.csv (id, lon, lat).
pub fn read_stops(name: &str) -> Vec<Stop> {
    data(&format!("{name}.csv"))
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let (lon, lat) = (f[1].parse().unwrap(), f[2].parse().unwrap());
            Stop::new(f[0], Point::new(lon, lat))
        })
        .collect()
}

/// OR-Tools' tour length (metres, unrounded legs) for `name`, if computed.
pub fn reference_m(name: &str) -> Option<f64> {
    let path = format!(
        "{}/benches/data/{name}_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["length_m"].as_f64()
}

/// One team from Tirana, no shift limit, one day: a travelling-salesman tour (detour 1).
pub fn tsp(name: &str) -> Problem {
    let stops = read_stops(name);
    let teams = vec![Team {
        id: "1".into(),
        base_wgs84: Point::new(DEPOT.0, DEPOT.1),
        shift_start_s: 0.0,
        shift_len_s: f64::INFINITY,
        days: DayMask::ALL,
    }];
    let locs = Problem::locations(&teams, &stops);
    let matrix = TravelMatrix::haversine(&locs, 40.0, 1.0).unwrap();
    Problem {
        teams,
        stops,
        days: vec![Weekday::Mon],
        matrix,
    }
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// 32 teams based in the 32 largest towns of tsp50 (08:00, 6 h, Monday–Friday), each with 40
/// stops around its base (σ ≈ 12 km): priority 1–5, visits of 30–90 min, a third with a window
/// (08:00–11:00, 10:00–12:00 or 13:00–17:00, the last only partly inside the shift), one in
/// ten on one weekday only (at the weekend nobody works), one in twenty pinned to the nearby
/// team. Straight lines × 1.3 at 40 km/h. The shifts cannot hold every stop, so priorities
/// decide.
pub fn week_32x40() -> Problem {
    let towns = read_stops("tsp50");
    let mut rng = ChaCha8Rng::seed_from_u64(32_40);
    let teams: Vec<Team> = towns[..32]
        .iter()
        .enumerate()
        .map(|(i, t)| Team {
            id: format!("{}", i + 1),
            base_wgs84: t.pos_wgs84,
            shift_start_s: 8.0 * 3600.0,
            shift_len_s: 6.0 * 3600.0,
            days: DayMask::WORKWEEK,
        })
        .collect();
    let windows = [(8.0, 11.0), (10.0, 12.0), (13.0, 17.0)];
    let mut stops = Vec::new();
    for (ti, t) in teams.iter().enumerate() {
        for k in 0..40 {
            let lon = t.base_wgs84.x() + 0.15 * normal(&mut rng);
            let lat = t.base_wgs84.y() + 0.1 * normal(&mut rng);
            let mut s = Stop::new(format!("T{}-{k}", ti + 1), Point::new(lon, lat));
            s.priority = f64::from(rng.random_range(1..=5));
            s.service_s = rng.random_range(30.0..90.0f64).round() * 60.0;
            if rng.random_bool(0.33) {
                let (a, b) = windows[rng.random_range(0..windows.len())];
                s.windows = vec![TimeWindow {
                    start_s: a * 3600.0,
                    end_s: b * 3600.0,
                }];
            }
            if rng.random_bool(0.1) {
                let d = Weekday::try_from(rng.random_range(0..7u8)).unwrap();
                s.days = DayMask::NONE.with(d);
            }
            if rng.random_bool(0.05) {
                s.pinned_team = Some(ti);
            }
            stops.push(s);
        }
    }
    let locs = Problem::locations(&teams, &stops);
    let matrix = TravelMatrix::haversine(&locs, 40.0, 1.3).unwrap();
    Problem {
        teams,
        stops,
        days: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        matrix,
    }
}
