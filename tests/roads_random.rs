//! Contraction-hierarchy matrices and routes against the plain Dijkstra reference on random
//! road networks (many seeds): jittered grids with random classes, one-way streets, access
//! overrides, parallel roads, loops, shared mid-line vertices and points off the network.

use geo::{Coord, LineString, Point};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::analysis::roads::{
    Profile, RoadAttrs, RoadClass, RoadGraph, RoadLine, RouteOptions,
};
use riskatlas::progress::NoProgress;

const CLASSES: [RoadClass; 9] = [
    RoadClass::Primary,
    RoadClass::Secondary,
    RoadClass::Residential,
    RoadClass::Residential,
    RoadClass::Service,
    RoadClass::Track,
    RoadClass::Footway,
    RoadClass::Trunk,
    RoadClass::Motorway,
];

fn random_lines(rng: &mut ChaCha8Rng, k: usize) -> Vec<RoadLine> {
    let step = 0.002;
    let node = |i: usize, j: usize| -> Coord<f64> {
        Coord {
            x: 19.8 + i as f64 * step + ((i * 7 + j * 13) % 5) as f64 * 1e-4,
            y: 41.3 + j as f64 * step + ((i * 11 + j * 3) % 7) as f64 * 1e-4,
        }
    };
    let mut lines = Vec::new();
    let attrs = |rng: &mut ChaCha8Rng| {
        let mut a = RoadAttrs::new(CLASSES[rng.random_range(0..CLASSES.len())]);
        a.oneway = rng.random_bool(0.25);
        if rng.random_bool(0.2) {
            a.maxspeed_kmh = Some(rng.random_range(10.0..90.0));
        }
        if rng.random_bool(0.05) {
            a.motor = Some(rng.random_bool(0.5));
        }
        if rng.random_bool(0.05) {
            a.foot = Some(rng.random_bool(0.5));
        }
        a
    };
    for i in 0..k {
        for j in 0..k {
            for (di, dj) in [(1, 0), (0, 1)] {
                let (i2, j2) = (i + di, j + dj);
                if i2 >= k || j2 >= k || rng.random_bool(0.2) {
                    continue;
                }
                let (a, b) = (node(i, j), node(i2, j2));
                let mut coords = vec![a];
                for _ in 0..rng.random_range(0..3) {
                    let t: f64 = rng.random_range(0.1..0.9);
                    coords.push(Coord {
                        x: a.x + t * (b.x - a.x) + rng.random_range(-3e-4..3e-4),
                        y: a.y + t * (b.y - a.y) + rng.random_range(-3e-4..3e-4),
                    });
                }
                coords.push(b);
                if rng.random_bool(0.5) {
                    coords.reverse();
                }
                let a = attrs(rng);
                lines.push(RoadLine {
                    geometry_wgs84: LineString::new(coords.clone()),
                    attrs: a,
                });
                if rng.random_bool(0.05) {
                    // A parallel road between the same junctions.
                    coords.insert(
                        1,
                        Coord {
                            x: coords[0].x + 3e-4,
                            y: coords[0].y + 3e-4,
                        },
                    );
                    lines.push(RoadLine {
                        geometry_wgs84: LineString::new(coords),
                        attrs: attrs(rng),
                    });
                }
            }
            if rng.random_bool(0.03) {
                // A small loop road hanging from a junction.
                let a = node(i, j);
                let ring = vec![
                    a,
                    Coord {
                        x: a.x + 5e-4,
                        y: a.y,
                    },
                    Coord {
                        x: a.x + 5e-4,
                        y: a.y + 5e-4,
                    },
                    a,
                ];
                lines.push(RoadLine {
                    geometry_wgs84: LineString::new(ring),
                    attrs: attrs(rng),
                });
            }
        }
    }
    // A long street through several junctions (shares their vertices mid-line).
    let row = rng.random_range(0..k);
    let street: Vec<Coord<f64>> = (0..k).map(|i| node(i, row)).collect();
    lines.push(RoadLine {
        geometry_wgs84: LineString::new(street),
        attrs: RoadAttrs::new(RoadClass::Tertiary),
    });
    lines
}

fn line_length_m(coords: &[Point<f64>]) -> f64 {
    let r = 6_371_008.8_f64;
    coords
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let (la1, la2) = (a.y().to_radians(), b.y().to_radians());
            let h = ((la2 - la1) / 2.0).sin().powi(2)
                + la1.cos() * la2.cos() * ((b.x() - a.x()).to_radians() / 2.0).sin().powi(2);
            2.0 * r * h.sqrt().asin()
        })
        .sum()
}

#[test]
fn hierarchy_matches_dijkstra_on_random_networks() {
    let opts = RouteOptions {
        max_snap_m: 400.0,
        ..RouteOptions::default()
    };
    let (mut finite, mut same_dist, mut paths) = (0usize, 0usize, 0usize);
    for seed in 0..40u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let k = rng.random_range(4..12);
        let lines = random_lines(&mut rng, k);
        let g = RoadGraph::from_lines(&lines, &NoProgress).unwrap();
        let extent = k as f64 * 0.002;
        let pts: Vec<Point<f64>> = (0..rng.random_range(5..25))
            .map(|_| {
                Point::new(
                    19.8 + rng.random_range(-0.002..extent + 0.002),
                    41.3 + rng.random_range(-0.002..extent + 0.002),
                )
            })
            .collect();
        for profile in Profile::ALL {
            let ch = g.matrix_with(&pts, profile, &opts, &NoProgress).unwrap();
            let dj = g.matrix_dijkstra(&pts, profile, &opts).unwrap();
            for i in 0..pts.len() {
                for j in 0..pts.len() {
                    let (tc, td) = (ch.time(i, j), dj.time(i, j));
                    assert_eq!(
                        tc, td,
                        "seed {seed} {profile:?} {i}->{j}: time {tc} vs {td}"
                    );
                    if tc.is_infinite() {
                        assert!(ch.dist(i, j).is_infinite());
                        continue;
                    }
                    finite += 1;
                    // Dijkstra keeps the shortest of equally fast routes.
                    assert!(
                        ch.dist(i, j) >= dj.dist(i, j) - 1e-6,
                        "seed {seed} {i}->{j}"
                    );
                    same_dist += usize::from((ch.dist(i, j) - dj.dist(i, j)).abs() < 1e-6);
                }
            }
            let pairs: Vec<(Point<f64>, Point<f64>)> = (0..pts.len())
                .map(|i| (pts[i], pts[(i * 7 + 3) % pts.len()]))
                .collect();
            let routes = g.paths(&pairs, profile, &opts, &NoProgress).unwrap();
            for (i, r) in routes.iter().enumerate() {
                let j = (i * 7 + 3) % pts.len();
                match r {
                    None => assert!(
                        ch.time(i, j).is_infinite(),
                        "seed {seed}: route {i}->{j} missing"
                    ),
                    Some(r) => {
                        paths += 1;
                        assert_eq!(
                            r.time_s,
                            ch.time(i, j),
                            "seed {seed} {profile:?} route {i}->{j}"
                        );
                        let drawn = line_length_m(&r.coords_wgs84);
                        assert!(
                            (drawn - r.dist_m).abs() <= 1e-6 * r.dist_m + 1e-3,
                            "seed {seed} {profile:?} {i}->{j}: line {drawn} m vs {} m",
                            r.dist_m
                        );
                    }
                }
            }
        }
    }
    assert!(
        finite > 2_000,
        "too few reachable pairs to mean anything: {finite}"
    );
    assert!(
        same_dist * 100 >= finite * 95,
        "{same_dist} of {finite} distances equal"
    );
    assert!(paths > 300, "{paths}");
}
