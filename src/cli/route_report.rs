//! What `riskatlas route` prints: the `--json` summary (a contract: add fields, never rename)
//! and the human route sheet.
//!
//! JSON: `{ "ok", "metric", "teams": [ { "team", "routes": [ { "day", "weekday", "length_m",
//! "duration_s", "start", "end", "order": [stop ids] } ], "length_m", "duration_s" } ],
//! "unassigned": [ { "id", "reason", "reason_text" } ], "served", "total_stops",
//! "rejected_rows", "length_m", "duration_s", "iterations", "out", "speed_kmh", "detour" }`.
//! `day` is the weekday's code ("mon"), lengths metres (0.1), durations seconds (whole).

use serde_json::{Value, json};

use super::route::RouteArgs;
use crate::analysis::routing::{Problem, Route, RoutePlan, format_clock};
use crate::io::gpx::weekday_name;

pub(super) struct Summary<'a> {
    pub args: &'a RouteArgs,
    pub metric: &'static str,
    pub problem: &'a Problem,
    pub plan: &'a RoutePlan,
    pub rejected: usize,
}

fn day_code(r: &Route) -> String {
    weekday_name(r.weekday)[..3].to_ascii_lowercase()
}

fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

impl Summary<'_> {
    pub fn json(&self) -> Value {
        let (p, plan) = (self.problem, self.plan);
        let teams: Vec<Value> = (0..p.teams.len())
            .map(|t| {
                let routes: Vec<&Route> = plan.routes.iter().filter(|r| r.team == t).collect();
                let rj: Vec<Value> = routes
                    .iter()
                    .map(|r| {
                        let order: Vec<&str> = r
                            .visits
                            .iter()
                            .map(|v| p.stops[v.stop].id.as_str())
                            .collect();
                        json!({
                            "day": day_code(r),
                            "weekday": weekday_name(r.weekday),
                            "length_m": tenth(r.dist_m),
                            "duration_s": r.duration_s.round(),
                            "start": format_clock(r.start_s),
                            "end": format_clock(r.end_s),
                            "order": order,
                        })
                    })
                    .collect();
                json!({
                    "team": t + 1,
                    "routes": rj,
                    // `+ 0.0`: an empty f64 sum is −0.0, printed "-0.0".
                    "length_m": tenth(routes.iter().map(|r| r.dist_m).sum::<f64>() + 0.0),
                    "duration_s": routes.iter().map(|r| r.duration_s).sum::<f64>().round() + 0.0,
                })
            })
            .collect();
        let unassigned: Vec<Value> = plan
            .unassigned
            .iter()
            .map(|u| {
                json!({
                    "id": p.stops[u.stop].id,
                    "reason": u.reason.code(),
                    "reason_text": u.reason.describe(),
                })
            })
            .collect();
        let mut v = json!({
            "ok": true,
            "metric": self.metric,
            "teams": teams,
            "unassigned": unassigned,
            "served": plan.served(),
            "total_stops": p.stops.len(),
            "rejected_rows": self.rejected,
            "length_m": tenth(plan.dist_m()),
            "duration_s": plan.duration_s().round(),
            "iterations": plan.iterations,
            "out": self.args.out.display().to_string(),
        });
        if self.metric == "haversine" {
            v["speed_kmh"] = json!(self.args.speed_kmh);
            v["detour"] = json!(self.args.detour);
        }
        v
    }

    pub fn print(&self) {
        let (p, plan, a) = (self.problem, self.plan, self.args);
        let travel = if self.metric == "haversine" {
            format!(
                "straight lines × {} at {} km/h (no road network)",
                a.detour, a.speed_kmh
            )
        } else {
            "along the road network".to_string()
        };
        println!(
            "Routes for {} team(s) from {}, {} + {} h, {travel}",
            p.teams.len(),
            a.depot,
            a.shift_start,
            a.shift_h
        );
        for r in &plan.routes {
            let stops: Vec<String> = r
                .visits
                .iter()
                .map(|v| format!("{} {}", p.stops[v.stop].id, format_clock(v.begin_s())))
                .collect();
            println!(
                "  Team {} – {}: {} stops, {:.1} km, {}–{}: {}",
                p.teams[r.team].id,
                weekday_name(r.weekday),
                r.visits.len(),
                r.dist_m / 1000.0,
                format_clock(r.start_s),
                format_clock(r.end_s),
                stops.join(", ")
            );
        }
        println!(
            "Served {} of {} stops, {:.1} km in total",
            plan.served(),
            p.stops.len(),
            plan.dist_m() / 1000.0
        );
        for u in &plan.unassigned {
            println!("  left out {}: {}", p.stops[u.stop].id, u.reason.describe());
        }
        println!("Wrote {}", a.out.display());
    }
}
