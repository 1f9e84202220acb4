//! The benchmark instances (benches/siting.rs: 100k cases clustered around towns, 1k or 5k
//! candidates, 2 km) for diagnosis, as ignored tests: `dump_bench_instances` writes each
//! aggregated instance to `$SITING_DUMP_DIR` (default the system temp dir) as text, one
//! class a line, "weight j1 j2 …" (local candidate ids), after a first line "classes
//! candidates"; `benches/data/siting_reference.py` solves them with HiGHS.
//! `exact_on_bench_instances` runs the pipeline's exact search on the dumped files
//! (`SITING_P`, `SITING_S` seconds per p) and prints time, bound and nodes.
//! Complexity: as the demand step (O((n + m) log m + Z log n)) plus the search.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use geo::Point;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use std::rc::Rc;
use std::time::Instant;

use super::branch::{ROOT_ITER_EXACT, SearchLimits, search};
use super::greedy::greedy;
use super::instance::{Instance, Rows};
use super::local_search::improve;
use super::parts::search_parts;
use super::{Candidate, SitingConfig, demand};
use crate::model::{Case, CaseKind, CaseStatus, Service, ServiceType, Sex};
use crate::progress::NoProgress;

/// A copy of benches/support/access_data.rs (same towns, seeds and draws): the bench support
/// module names the crate `riskatlas`, which a unit test cannot.
mod access_data {
    use super::*;

    const TOWNS: [(f64, f64, f64); 16] = [
        (19.8187, 41.3275, 30.0),
        (19.4565, 41.3231, 12.0),
        (20.0822, 41.1125, 8.0),
        (19.5126, 42.0683, 7.0),
        (20.7808, 40.6186, 6.0),
        (19.4914, 40.4661, 6.0),
        (19.5561, 40.7239, 6.0),
        (19.9522, 40.7058, 4.0),
        (20.3544, 41.4942, 3.0),
        (20.4289, 41.6853, 2.0),
        (20.1386, 40.0758, 2.0),
        (20.0050, 39.8750, 2.0),
        (19.6425, 41.7836, 3.0),
        (20.4220, 42.0860, 2.0),
        (19.9428, 41.0594, 2.0),
        (20.2278, 40.6394, 1.0),
    ];

    fn normal(rng: &mut ChaCha8Rng) -> f64 {
        let u1: f64 = rng.random_range(f64::EPSILON..1.0);
        let u2: f64 = rng.random_range(0.0..1.0);
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

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
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        clustered(n, 7)
            .into_iter()
            .enumerate()
            .map(|(i, p)| Case {
                fid: None,
                case_code: format!("B-{i}"),
                identified_on: day,
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

    /// Only the day centres matter (the bench keeps those): every tenth service.
    pub fn services(n: usize) -> Vec<Service> {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        clustered(n, 13)
            .into_iter()
            .enumerate()
            .map(|(i, p)| Service {
                fid: None,
                service_type: match i % 10 {
                    0 => ServiceType::DayCentre,
                    1..=3 => ServiceType::ChildProtectionUnit,
                    _ => ServiceType::School,
                },
                name: format!("S{i}"),
                capacity: Some(rng.random_range(20..80)),
                municipality: None,
                source: None,
                pos_wgs84: p,
            })
            .collect()
    }
}

/// The bench's candidates (same seeds as benches/siting.rs).
fn candidates(n: usize) -> Vec<Candidate> {
    let mut rng = ChaCha8Rng::seed_from_u64(29);
    let mut pts = access_data::clustered(n * 3 / 4, 31);
    while pts.len() < n {
        pts.push(Point::new(
            rng.random_range(19.3..21.0),
            rng.random_range(39.7..42.6),
        ));
    }
    pts.into_iter()
        .enumerate()
        .map(|(i, p)| Candidate {
            id: format!("K{i}"),
            pos_wgs84: p,
            capacity: None,
        })
        .collect()
}

fn dir() -> PathBuf {
    std::env::var_os("SITING_DUMP_DIR").map_or_else(std::env::temp_dir, PathBuf::from)
}

#[test]
#[ignore = "diagnosis: writes the benchmark instances to SITING_DUMP_DIR"]
fn dump_bench_instances() {
    let cases = access_data::cases(100_000);
    let services = access_data::services(1_000);
    let cfg = SitingConfig {
        service_types: vec![ServiceType::DayCentre],
        time_limit: Some(Duration::from_secs(600)),
        ..SitingConfig::default()
    };
    for (scenario, existing) in [("kept", &services[..]), ("none", &[][..])] {
        for m in [1_000, 5_000] {
            let d = demand::build(&cases, existing, &candidates(m), &cfg, &NoProgress).unwrap();
            let inst = &d.inst;
            let mut s = format!("{} {}\n", inst.classes(), inst.candidates());
            for i in 0..inst.classes() {
                write!(s, "{}", inst.w[i]).unwrap();
                for j in inst.n(i) {
                    write!(s, " {j}").unwrap();
                }
                s.push('\n');
            }
            let path = dir().join(format!("siting_{scenario}_{m}.txt"));
            std::fs::write(&path, s).unwrap();
            println!("{}: {} classes", path.display(), inst.classes());
        }
    }
}

/// Reads a file written by [`dump_bench_instances`].
fn read(path: &std::path::Path) -> Instance {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let head: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    let (mut ptr, mut idx, mut w) = (vec![0], Vec::new(), Vec::new());
    for l in lines {
        let mut it = l.split(' ');
        w.push(it.next().unwrap().parse::<f64>().unwrap());
        idx.extend(it.map(|x| x.parse::<u32>().unwrap()));
        ptr.push(idx.len());
    }
    let n = w.len();
    let (cases, key) = (vec![1u64; n], vec![0u64; n]);
    let rows = Rows {
        ptr: &ptr,
        idx: &idx,
        w: &w,
        cases: &cases,
        key: &key,
        unit_w: None,
    };
    Instance::aggregate(&rows, (0..head[1] as u32).collect()).0
}

#[test]
#[ignore = "diagnosis: exact search on the dumped benchmark instances"]
fn exact_on_bench_instances() {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let secs: u64 = env("SITING_S", "60").parse().unwrap();
    let by_parts = env("SITING_PARTS", "1") == "1";
    let max_nodes: u64 = env("SITING_NODES", &u64::MAX.to_string()).parse().unwrap();
    let root_iter: usize = env("SITING_ROOT_ITER", &ROOT_ITER_EXACT.to_string())
        .parse()
        .unwrap();
    for name in env("SITING_FILES", "none_1000").split(',') {
        let inst = Rc::new(read(&dir().join(format!("siting_{name}.txt"))));
        for p in env("SITING_P", "5,10,20").split(',') {
            let p: usize = p.parse().unwrap();
            let t = Instant::now();
            let run = greedy(&inst, p, &NoProgress).unwrap();
            let start = improve(&inst, &run.order, 0.5, &NoProgress).unwrap();
            let start_value = inst.value(&start).0;
            let lim = SearchLimits {
                granularity: 1.0,
                slack: 1e-9 * (inst.total_weight() + 1.0),
                deadline: Some(Instant::now() + Duration::from_secs(secs)),
                max_nodes,
                root_iter,
                floor: f64::NEG_INFINITY,
            };
            let out = if by_parts {
                search_parts(Rc::clone(&inst), p, start, lim, &NoProgress).unwrap()
            } else {
                search(Rc::clone(&inst), p, start, lim, &NoProgress).unwrap()
            };
            println!(
                "{name} p={p}: start {start_value} value {} bound {:.1} proven {} nodes {} {:.2} s",
                out.value,
                out.bound,
                out.proven,
                out.nodes,
                t.elapsed().as_secs_f64()
            );
        }
    }
}
