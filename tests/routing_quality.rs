//! Quality of the field-route solver against OR-Tools: the 50-town Albania instance
//! (benches/data/tsp50.csv, depot Tirana) whose reference tour OR-Tools' guided local search
//! found in 60 s (benches/data/tsp_reference.py → tsp50_reference.json). Our tour must be
//! within 1 % of it, in a debug build, within a few seconds. And the benchmark's week of 32
//! teams × 40 stops with shifts, windows, days and pins must keep every rule (`validate`)
//! and leave stops out only for a stated reason.

#[path = "../benches/support/routing_data.rs"]
mod routing_data;

use std::time::{Duration, Instant};

use riskatlas::analysis::routing::{Minimise, RoutingConfig, UnassignedReason, solve, validate};
use riskatlas::progress::NoProgress;

#[test]
fn tsp50_is_within_one_percent_of_or_tools() {
    let p = routing_data::tsp("tsp50");
    let reference = routing_data::reference_m("tsp50").expect("reference");
    for seed in [1, 7] {
        let cfg = RoutingConfig {
            seed,
            max_iterations: Some(3_000),
            time_limit: Some(Duration::from_secs(30)),
            minimise: Minimise::Distance,
        };
        let t = Instant::now();
        let plan = solve(&p, &cfg, &NoProgress).unwrap();
        let took = t.elapsed();
        validate(&plan, &p).unwrap();
        assert_eq!(plan.served(), 50);
        assert_eq!(plan.routes.len(), 1);
        let ratio = plan.dist_m() / reference;
        eprintln!(
            "tsp50 seed {seed}: {:.1} m vs OR-Tools {reference:.1} m (ratio {ratio:.5}) in {took:?}",
            plan.dist_m()
        );
        assert!(ratio <= 1.01, "seed {seed}: ratio {ratio}");
        assert!(took < Duration::from_secs(10), "{took:?}");
    }
}

#[test]
fn week_of_32_teams_keeps_every_rule() {
    let p = routing_data::week_32x40();
    let cfg = RoutingConfig {
        seed: 3,
        max_iterations: Some(300),
        time_limit: Some(Duration::from_secs(60)),
        minimise: Minimise::Time,
    };
    let plan = solve(&p, &cfg, &NoProgress).unwrap();
    validate(&plan, &p).unwrap();
    // Weekend-only stops cannot be served (the teams work Monday to Friday).
    for u in &plan.unassigned {
        let s = &p.stops[u.stop];
        let weekend_only = p.days.iter().all(|d| !s.days.contains(*d));
        assert_eq!(
            weekend_only,
            u.reason == UnassignedReason::NoTeamOnItsDays,
            "{} {:?}",
            s.id,
            u.reason
        );
    }
    assert!(plan.served() > 1_000, "served {}", plan.served());
    assert!(plan.routes.len() > 100);
}
