//! Quality of the field-route solver against OR-Tools: the 50-town Albania instance
//! (benches/data/tsp50.csv, depot Tirana) whose reference tour OR-Tools' guided local search
//! found in 60 s (benches/data/tsp_reference.py → tsp50_reference.json). Our tour must be
//! within 1 % of it, in a debug build, within a few seconds. And the benchmark's week of 32
//! teams × 40 stops with shifts, windows, days and pins must keep every rule (`validate`)
//! and leave stops out only for a stated reason.

#[path = "../benches/support/routing_data.rs"]
mod routing_data;

use std::time::{Duration, Instant};

use riskatlas::analysis::routing::{
    Minimise, Problem, RoutingConfig, TimeWindow, UnassignedReason, solve, validate,
};
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
    // More work than time: priorities decide, and no left-out stop fits anywhere.
    let share = |q: f64| {
        let all = p.stops.iter().filter(|s| s.priority == q).count();
        let served = plan.routes.iter().flat_map(|r| &r.visits);
        served.filter(|v| p.stops[v.stop].priority == q).count() as f64 / all as f64
    };
    assert!(
        share(5.0) > 0.8 && share(1.0) < 0.2,
        "{} {}",
        share(5.0),
        share(1.0)
    );
    assert!(plan.served() > 500, "served {}", plan.served());
    for u in &plan.unassigned {
        if let UnassignedReason::NotEnoughTime { .. } = u.reason {
            for r in &plan.routes {
                let order: Vec<usize> = r.visits.iter().map(|v| v.stop).collect();
                for i in 0..=order.len() {
                    let mut with = order.clone();
                    with.insert(i, u.stop);
                    assert!(
                        !drives(&p, r.team, r.weekday, &with),
                        "{} fits",
                        p.stops[u.stop].id
                    );
                }
            }
        }
    }
}

/// Whether team `t` can drive `order` on `day` within its shift and the stops' rules.
fn drives(p: &Problem, t: usize, day: chrono::Weekday, order: &[usize]) -> bool {
    let team = &p.teams[t];
    let (mut at, mut time) = (p.team_loc(t), team.shift_start_s);
    for &s in order {
        let stop = &p.stops[s];
        if !stop.days.contains(day) || stop.pinned_team.is_some_and(|x| x != t) {
            return false;
        }
        let arr = time + p.matrix.time(at, p.stop_loc(s));
        let begin = if stop.windows.is_empty() {
            Some(arr)
        } else {
            let fits = |w: &&TimeWindow| arr.max(w.start_s) + stop.service_s <= w.end_s;
            let mut ws: Vec<&TimeWindow> = stop.windows.iter().filter(fits).collect();
            ws.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
            ws.first().map(|w| arr.max(w.start_s))
        };
        let Some(begin) = begin else { return false };
        (at, time) = (p.stop_loc(s), begin + stop.service_s);
    }
    time + p.matrix.time(at, p.team_loc(t)) <= team.shift_start_s + team.shift_len_s
}
