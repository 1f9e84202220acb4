//! Synthetic cases and services for the access benchmarks: fixed seeds, points clustered
//! around Albanian towns (Gaussian, σ ≈ 4 km) inside the Albania extent.

use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::model::{Case, CaseKind, CaseStatus, Service, ServiceType, Sex};

/// (lon, lat, weight) of towns where cases concentrate.
const TOWNS: [(f64, f64, f64); 16] = [
    (19.8187, 41.3275, 30.0), // Tiranë
    (19.4565, 41.3231, 12.0), // Durrës
    (20.0822, 41.1125, 8.0),  // Elbasan
    (19.5126, 42.0683, 7.0),  // Shkodër
    (20.7808, 40.6186, 6.0),  // Korçë
    (19.4914, 40.4661, 6.0),  // Vlorë
    (19.5561, 40.7239, 6.0),  // Fier
    (19.9522, 40.7058, 4.0),  // Berat
    (20.3544, 41.4942, 3.0),  // Bulqizë
    (20.4289, 41.6853, 2.0),  // Peshkopi
    (20.1386, 40.0758, 2.0),  // Gjirokastër
    (20.0050, 39.8750, 2.0),  // Sarandë
    (19.6425, 41.7836, 3.0),  // Lezhë
    (20.4220, 42.0860, 2.0),  // Kukës
    (19.9428, 41.0594, 2.0),  // Cërrik
    (20.2278, 40.6394, 1.0),  // Çorovodë
];

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// `n` points around the towns, clamped to Albania's extent.
pub fn clustered(n: usize, seed: u64) -> Vec<Point<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let total: f64 = TOWNS.iter().map(|t| t.2).sum();
    (0..n)
        .map(|_| {
            let mut pick = rng.random_range(0.0..total);
            let town = TOWNS
                .iter()
                .find(|t| {
                    pick -= t.2;
                    pick < 0.0
                })
                .unwrap_or(&TOWNS[0]);
            let lon = (town.0 + 0.05 * normal(&mut rng)).clamp(19.26, 21.07);
            let lat = (town.1 + 0.035 * normal(&mut rng)).clamp(39.64, 42.66);
            Point::new(lon, lat)
        })
        .collect()
}

pub fn cases(n: usize) -> Vec<Case> {
    clustered(n, 7)
        .into_iter()
        .enumerate()
        .map(|(i, p)| Case {
            fid: None,
            case_code: format!("B-{i}"),
            identified_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            kind: CaseKind::Begging,
            age: None,
            sex: Sex::Unknown,
            status: CaseStatus::Identified,
            municipality: None,
            team: None,
            gps_accuracy_m: None,
            pos_wgs84: p,
        })
        .collect()
}

/// Services: a tenth day centres (capacity 20–80), the rest CPUs and schools.
pub fn services(n: usize) -> Vec<Service> {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    clustered(n, 13)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let service_type = match i % 10 {
                0 => ServiceType::DayCentre,
                1..=3 => ServiceType::ChildProtectionUnit,
                _ => ServiceType::School,
            };
            Service {
                fid: None,
                service_type,
                name: format!("S{i}"),
                capacity: Some(rng.random_range(20..80)),
                municipality: None,
                source: None,
                pos_wgs84: p,
            }
        })
        .collect()
}
