//! The GPX writer: parses with the `gpx` crate, follows the GPX 1.1 element order, escapes
//! text, carries the supplied leg shapes.

use chrono::{TimeZone, Weekday};
use geo::Point;

use super::*;
use crate::analysis::routing::{
    DayMask, Problem, RoutingConfig, Stop, StraightLegs, Team, TravelMatrix, solve,
};
use crate::progress::NoProgress;

/// Two teams, Monday and Tuesday, six stops around Tirana (one id needing escapes).
pub(crate) fn small_plan() -> (Problem, RoutePlan) {
    let teams: Vec<Team> = ["1", "2"]
        .iter()
        .map(|id| Team {
            id: id.to_string(),
            base_wgs84: Point::new(19.8187, 41.3275),
            shift_start_s: 8.0 * 3600.0,
            shift_len_s: 1.5 * 3600.0,
            days: DayMask::ALL,
        })
        .collect();
    let ids = ["A&B <1>", "s2", "s3", "s4", "s5", "s6"];
    let stops: Vec<Stop> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut s = Stop::new(
                *id,
                Point::new(19.70 + 0.05 * i as f64, 41.25 + 0.03 * i as f64),
            );
            s.service_s = 1200.0;
            s
        })
        .collect();
    let locs = Problem::locations(&teams, &stops);
    let p = Problem {
        matrix: TravelMatrix::haversine(&locs, 40.0, 1.3).unwrap(),
        teams,
        stops,
        days: vec![Weekday::Mon, Weekday::Tue],
    };
    let cfg = RoutingConfig {
        max_iterations: Some(200),
        time_limit: None,
        ..Default::default()
    };
    let plan = solve(&p, &cfg, &NoProgress).unwrap();
    assert!(plan.routes.len() >= 2, "the fixture needs several routes");
    (p, plan)
}

fn meta() -> GpxMeta {
    GpxMeta {
        name: "Routes \"Bulqizë\" & co".into(),
        time: Utc.with_ymd_and_hms(2026, 6, 1, 7, 30, 0).unwrap(),
    }
}

/// A leg drawn as base/stop → midpoint shifted north → stop.
struct Bent<'a>(&'a Problem);

impl LegGeometry for Bent<'_> {
    fn leg(&self, from: usize, to: usize) -> Option<Vec<Point<f64>>> {
        let (a, b) = (self.0.location(from), self.0.location(to));
        let mid = Point::new((a.x() + b.x()) / 2.0, (a.y() + b.y()) / 2.0 + 0.001);
        Some(vec![a, mid, b])
    }
}

#[test]
fn gpx_parses_with_the_gpx_crate_and_keeps_names_and_points() {
    let (p, plan) = small_plan();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("routes ë.gpx");
    write_gpx(&path, &plan, &p, &StraightLegs, &meta()).unwrap();
    let g = gpx::read(std::fs::File::open(&path).unwrap()).expect("valid GPX");
    assert_eq!(g.version, gpx::GpxVersion::Gpx11);
    assert_eq!(g.creator.as_deref(), Some("Risk Atlas"));
    let md = g.metadata.expect("metadata");
    assert_eq!(md.name.as_deref(), Some("Routes \"Bulqizë\" & co"));
    assert!(md.time.is_some());
    assert_eq!(g.waypoints.len(), plan.served());
    assert_eq!(g.tracks.len(), plan.routes.len());
    let names: Vec<String> = g.waypoints.iter().filter_map(|w| w.name.clone()).collect();
    assert!(names.iter().any(|n| n.ends_with(". A&B <1>")), "{names:?}");
    for (t, r) in g.tracks.iter().zip(&plan.routes) {
        assert_eq!(t.name.as_deref(), Some(route_label(&p, r).as_str()));
        assert!(t.name.as_deref().unwrap().starts_with("Team "));
        let pts = &t.segments[0].points;
        assert_eq!(pts.len(), r.visits.len() + 2, "straight: base, stops, base");
        let base = p.teams[r.team].base_wgs84;
        for end in [pts.first().unwrap(), pts.last().unwrap()] {
            assert!((end.point().x() - base.x()).abs() < 1e-7);
            assert!((end.point().y() - base.y()).abs() < 1e-7);
        }
        let first = p.stops[r.visits[0].stop].pos_wgs84;
        assert!((pts[1].point().y() - first.y()).abs() < 1e-7);
    }
    // No temporary file left beside the output.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn gpx_elements_follow_the_schema_order() {
    let (p, plan) = small_plan();
    let mut buf = Vec::new();
    write_gpx_to(&mut buf, &plan, &p, &StraightLegs, &meta()).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(GPX_NS));
    assert_eq!(root.attribute("version"), Some("1.1"));
    let order: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    let rank = |name: &str| {
        ["metadata", "wpt", "rte", "trk", "extensions"]
            .iter()
            .position(|x| *x == name)
    };
    let ranks: Vec<usize> = order
        .iter()
        .map(|n| rank(n).expect("GPX element"))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    assert_eq!(order[0], "metadata");
    // Inside a waypoint: name before desc (the wptType sequence).
    let wpt = root
        .children()
        .find(|n| n.has_tag_name((GPX_NS, "wpt")))
        .unwrap();
    let kids: Vec<&str> = wpt
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(kids, ["name", "desc"]);
}

#[test]
fn supplied_leg_shapes_become_track_points() {
    let (p, plan) = small_plan();
    let mut buf = Vec::new();
    write_gpx_to(&mut buf, &plan, &p, &Bent(&p), &meta()).unwrap();
    let g = gpx::read(&buf[..]).unwrap();
    for (t, r) in g.tracks.iter().zip(&plan.routes) {
        // Each of the visits + 1 legs adds its midpoint; shared ends appear once.
        assert_eq!(t.segments[0].points.len(), 2 * (r.visits.len() + 1) + 1);
    }
}

#[test]
fn escaping_covers_markup_and_control_characters() {
    assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
}
