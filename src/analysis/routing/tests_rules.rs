//! Unit tests of the routing rules: every reason a stop is left out, priorities before
//! distance, reproducibility, cancel, input checks, and the parsers of days, clock times and
//! windows.

use chrono::Weekday;
use geo::Point;

use super::tests::{cfg, points, problem, team};
use super::*;
use crate::progress::{NoProgress, SharedProgress};

const TIRANA: (f64, f64) = (19.8187, 41.3275);

fn stop(id: &str, lon: f64, lat: f64) -> Stop {
    Stop::new(id, Point::new(lon, lat))
}

fn reason_of(p: &Problem, plan: &RoutePlan, id: &str) -> Option<UnassignedReason> {
    let u = plan.unassigned.iter().find(|u| p.stops[u.stop].id == id)?;
    Some(u.reason)
}

#[test]
fn every_reason_for_leaving_a_stop_out() {
    let base = Point::new(TIRANA.0, TIRANA.1);
    let mut tue_only = team("T2", base, 8.0, 4.0);
    tue_only.days = DayMask::from_days(&[Weekday::Tue]);
    let teams = vec![team("T1", base, 8.0, 4.0), tue_only];
    let mut stops = vec![stop("ok", 19.83, 41.33), stop("island", 19.84, 41.34)];
    let mut sunday = stop("sunday", 19.82, 41.32);
    sunday.days = DayMask::from_days(&[Weekday::Sun]);
    let mut ghost = stop("ghost_team", 19.82, 41.33);
    ghost.pinned_team = Some(7);
    let mut monday_t2 = stop("monday_t2", 19.82, 41.34);
    monday_t2.days = DayMask::from_days(&[Weekday::Mon]);
    monday_t2.pinned_team = Some(1);
    let mut night = stop("night", 19.81, 41.33);
    night.windows = vec![TimeWindow::parse("02:00-03:00").unwrap()];
    let mut short = stop("short_window", 19.81, 41.32);
    short.service_s = 1800.0;
    short.windows = vec![TimeWindow::parse("10:00-10:10").unwrap()];
    let far = stop("far", 20.005, 39.875); // Sarandë: 3 h each way at 40 km/h
    stops.extend([sunday, ghost, monday_t2, night, short, far]);
    let mut p = problem(teams, stops, vec![Weekday::Mon, Weekday::Tue]);
    // "island": no way there from anywhere.
    let island = p.stop_loc(1);
    for other in 0..p.matrix.n {
        if other != island {
            for (a, b) in [(island, other), (other, island)] {
                p.matrix.dist_m[a * p.matrix.n + b] = f64::INFINITY;
                p.matrix.time_s[a * p.matrix.n + b] = f64::INFINITY;
            }
        }
    }
    let plan = solve(&p, &cfg(1, 50), &NoProgress).unwrap();
    validate(&plan, &p).unwrap();
    use UnassignedReason::*;
    assert_eq!(reason_of(&p, &plan, "ok"), None);
    assert_eq!(reason_of(&p, &plan, "island"), Some(Unreachable));
    assert_eq!(reason_of(&p, &plan, "sunday"), Some(NoTeamOnItsDays));
    assert_eq!(
        reason_of(&p, &plan, "ghost_team"),
        Some(PinnedTeamCannotServe)
    );
    assert_eq!(
        reason_of(&p, &plan, "monday_t2"),
        Some(PinnedTeamCannotServe)
    );
    assert_eq!(reason_of(&p, &plan, "night"), Some(WindowOutsideShifts));
    assert_eq!(
        reason_of(&p, &plan, "short_window"),
        Some(WindowOutsideShifts)
    );
    assert_eq!(reason_of(&p, &plan, "far"), Some(TooFarForShift));
    assert_eq!(plan.served(), 1);
}

#[test]
fn higher_priorities_are_served_first_when_time_runs_out() {
    // Six stops side by side, an hour each, one 3.5-hour shift: three fit.
    let base = Point::new(TIRANA.0, TIRANA.1);
    let stops: Vec<Stop> = (0..6)
        .map(|i| {
            let mut s = stop(&format!("p{i}"), 19.82 + 0.002 * i as f64, 41.33);
            s.priority = i as f64;
            s.service_s = 3600.0;
            s
        })
        .collect();
    let p = problem(vec![team("T", base, 8.0, 3.5)], stops, vec![Weekday::Wed]);
    let plan = solve(&p, &cfg(2, 100), &NoProgress).unwrap();
    validate(&plan, &p).unwrap();
    let mut served: Vec<&str> = plan.routes[0]
        .visits
        .iter()
        .map(|v| p.stops[v.stop].id.as_str())
        .collect();
    served.sort();
    assert_eq!(served, ["p3", "p4", "p5"]);
    for u in &plan.unassigned {
        assert_eq!(
            u.reason,
            UnassignedReason::NotEnoughTime { outranked: true }
        );
        assert_eq!(
            u.reason.describe(),
            "not enough time: lower priority than the stops served"
        );
    }
}

#[test]
fn same_seed_same_plan_and_cancel_stops_the_search() {
    let pts = points(25, 77);
    let base = pts[0];
    let stops: Vec<Stop> = pts[1..]
        .iter()
        .enumerate()
        .map(|(i, &q)| {
            let mut s = Stop::new(format!("s{i}"), q);
            s.service_s = 900.0;
            s
        })
        .collect();
    let teams = vec![team("A", base, 8.0, 8.0), team("B", base, 9.0, 6.0)];
    let p = problem(teams, stops, vec![Weekday::Mon, Weekday::Tue]);
    let a = solve(&p, &cfg(9, 500), &NoProgress).unwrap();
    let b = solve(&p, &cfg(9, 500), &NoProgress).unwrap();
    validate(&a, &p).unwrap();
    assert_eq!(a, b);
    let cancelled = SharedProgress::default();
    cancelled.cancel();
    assert_eq!(
        solve(&p, &cfg(9, 500), &cancelled),
        Err(RoutingError::Cancelled)
    );
}

#[test]
fn inconsistent_input_is_refused() {
    let base = Point::new(TIRANA.0, TIRANA.1);
    let p = problem(
        vec![team("T", base, 8.0, 8.0)],
        vec![stop("a", 19.8, 41.3), stop("a", 19.9, 41.3)],
        vec![Weekday::Mon],
    );
    let err = solve(&p, &cfg(1, 10), &NoProgress).unwrap_err();
    assert!(err.to_string().contains("used twice"), "{err}");
    let mut q = problem(
        vec![team("T", base, 8.0, 8.0)],
        vec![stop("a", 19.8, 41.3)],
        vec![],
    );
    assert!(solve(&q, &cfg(1, 10), &NoProgress).is_err(), "no day");
    q.days = vec![Weekday::Mon];
    q.stops[0].priority = f64::NAN;
    assert!(solve(&q, &cfg(1, 10), &NoProgress).is_err(), "NaN priority");
    q.stops[0].priority = 1.0;
    q.stops.push(stop("b", 19.7, 41.2));
    let err = solve(&q, &cfg(1, 10), &NoProgress).unwrap_err();
    assert!(matches!(err, RoutingError::BadMatrix(_)), "{err}");
}

#[test]
fn days_clock_times_and_windows_parse() {
    let d = DayMask::parse("mon-wed, sat").unwrap();
    assert_eq!(
        d.days(),
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Sat]
    );
    let sq = DayMask::parse("e hënë;E Shtunë;die").unwrap();
    assert_eq!(d.days().len(), 4);
    assert_eq!(sq.days(), [Weekday::Mon, Weekday::Sat, Weekday::Sun]);
    assert_eq!(parse_weekday("Thursday"), Some(Weekday::Thu));
    assert_eq!(parse_weekday("mo"), None);
    assert!(DayMask::parse("mon,xyz").is_err());
    assert!(DayMask::parse("").is_err());
    assert_eq!(parse_clock("8:30"), Some(30_600.0));
    assert_eq!(parse_clock("24:00"), Some(DAY_S));
    assert_eq!(parse_clock("24:01"), None);
    assert_eq!(parse_clock("7"), None);
    assert_eq!(format_clock(30_659.0), "08:30");
    let w = TimeWindow::parse_list("18:00-21:00; 06:30-07:00").unwrap();
    assert_eq!(w.len(), 2);
    assert_eq!((w[1].start_s, w[1].end_s), (23_400.0, 25_200.0));
    assert!(TimeWindow::parse("21:00-18:00").is_err());
    assert!(TimeWindow::parse("evening").is_err());
}

#[test]
fn validate_catches_broken_plans() {
    let base = Point::new(TIRANA.0, TIRANA.1);
    let mut stops: Vec<Stop> = (0..4)
        .map(|i| stop(&format!("v{i}"), 19.80 + 0.01 * i as f64, 41.30))
        .collect();
    stops[1].windows = vec![TimeWindow::parse("09:00-12:00").unwrap()];
    stops[1].service_s = 1200.0;
    let p = problem(vec![team("T", base, 8.0, 8.0)], stops, vec![Weekday::Mon]);
    let plan = solve(&p, &cfg(4, 50), &NoProgress).unwrap();
    validate(&plan, &p).unwrap();
    let broken = |f: &dyn Fn(&mut RoutePlan)| {
        let mut b = plan.clone();
        f(&mut b);
        validate(&b, &p).unwrap_err()
    };
    fn v1(b: &mut RoutePlan) -> &mut Visit {
        let visits = &mut b.routes[0].visits;
        visits.iter_mut().find(|v| v.stop == 1).unwrap()
    }
    // The visit moved after its window closes (its own times kept consistent).
    let e = broken(&|b| {
        let v = v1(b);
        v.wait_s = 12.5 * 3600.0 - v.arrival_s;
        v.departure_s = v.begin_s() + 1200.0;
    });
    assert!(e.contains("outside its time windows"), "{e}");
    let e = broken(&|b| {
        let first = b.routes[0].visits[0].clone();
        b.routes[0].visits.push(first);
    });
    assert!(e.contains("twice") || e.contains("arrives"), "{e}");
    let e = broken(&|b| b.routes[0].end_s += 9.0 * 3600.0);
    assert!(e.contains("after the shift ends"), "{e}");
    let e = broken(&|b| b.routes[0].visits[0].leg_dist_m += 5.0);
    assert!(e.contains("travel matrix"), "{e}");
    let e = broken(&|b| b.routes[0].visits.pop().map(|_| ()).unwrap_or(()));
    assert!(
        e.contains("neither served nor unassigned") || e.contains("return"),
        "{e}"
    );
    let e = broken(&|b| b.routes[0].weekday = Weekday::Sun);
    assert!(e.contains("horizon"), "{e}");
}
