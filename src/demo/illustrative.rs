//! Illustrative layers for the demo: no open data exists for mine perimeters, coastal summer
//! hotspots or day centres, so the demo draws them around real places and labels every one
//! "ilustruese / illustrative".
//!
//! Shapes are built in Albania TM metres (ellipses and irregular blobs from a fixed seed)
//! and converted to WGS84.

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::DemoError;
use super::sources::{SourceFeature, parse};
use crate::crs::Transformer;
use crate::model::{Hotspot, MinePerimeter, MineStatus, MonthSet, Service, ServiceType};

/// An ellipse of semi-axes `along_m` × `across_m`, rotated `angle_deg` anticlockwise from east,
/// or (with `jitter` > 0) an irregular blob, as a WGS84 polygon.
fn shape_wgs84(
    centre_wgs84: (f64, f64),
    along_m: f64,
    across_m: f64,
    angle_deg: f64,
    jitter: f64,
    rng: &mut ChaCha8Rng,
) -> Result<Polygon<f64>, DemoError> {
    let to_tm = Transformer::wgs84_to_tm();
    let to_wgs = Transformer::tm_to_wgs84();
    let (cx, cy) = to_tm.point(centre_wgs84.0, centre_wgs84.1)?;
    let (sin, cos) = angle_deg.to_radians().sin_cos();
    let n = 24;
    let mut ring = Vec::with_capacity(n + 1);
    for i in 0..n {
        let t = i as f64 / n as f64 * std::f64::consts::TAU;
        let k = 1.0 + jitter * (rng.random::<f64>() - 0.5);
        let (u, v) = (along_m * k * t.cos(), across_m * k * t.sin());
        let (x, y) = (cx + u * cos - v * sin, cy + u * sin + v * cos);
        let (lon, lat) = to_wgs.point(x, y)?;
        ring.push(Coord { x: lon, y: lat });
    }
    ring.push(ring[0]);
    Ok(Polygon::new(LineString::new(ring), vec![]))
}

/// Illustrative perimeters around the real mine sites (not plants, not the placeholder
/// "Vlahën Mine" at exactly 41.0 N 20.0 E) and around the OSM mineshafts near Bulqizë.
pub fn mine_perimeters(rng: &mut ChaCha8Rng) -> Result<Vec<MinePerimeter>, DemoError> {
    let mut out = Vec::new();
    for f in parse("albania_mines_facilities.geojson", super::sources::MINES)? {
        let (Some(p), Some(name)) = (f.point(), f.text("name")) else {
            continue;
        };
        let types = f.text("types").unwrap_or_default();
        if !types.contains("mine") || (p.x() == 20.0 && p.y() == 41.0) {
            continue;
        }
        let chromium = f.props.get("chromium").and_then(|v| v.as_bool()) == Some(true);
        let radius_m = if chromium { 900.0 } else { 600.0 };
        let shape = shape_wgs84(
            (p.x(), p.y()),
            radius_m,
            radius_m * 0.7,
            rng.random_range(0.0..180.0),
            0.35,
            rng,
        )?;
        out.push(MinePerimeter {
            fid: None,
            name,
            mineral: f.text("commodities").unwrap_or_default(),
            status: if f.text("status").as_deref() == Some("closed") {
                MineStatus::Abandoned
            } else {
                MineStatus::Active
            },
            guarded: false,
            note: Some("Perimetër ilustrues rreth një vendi real miniere / illustrative perimeter around a real mine site".into()),
            area_wgs84: MultiPolygon::new(vec![shape]),
        });
    }
    let shafts = parse("albania_mineshafts_osm.geojson", super::sources::MINESHAFTS)?;
    for (i, f) in shafts.iter().enumerate() {
        let Some(p) = f.point() else { continue };
        if !near_bulqize(p) {
            continue;
        }
        let shape = shape_wgs84((p.x(), p.y()), 250.0, 200.0, 0.0, 0.3, rng)?;
        out.push(MinePerimeter {
            fid: None,
            name: SourceFeature::text(f, "name").unwrap_or_else(|| format!("Pus miniere {} (OSM)", i + 1)),
            mineral: "chromium".into(),
            status: MineStatus::Abandoned,
            guarded: false,
            note: Some("Perimetër ilustrues rreth një pusi miniere në OSM / illustrative perimeter around an OSM mineshaft".into()),
            area_wgs84: MultiPolygon::new(vec![shape]),
        });
    }
    Ok(out)
}

fn near_bulqize(p: Point<f64>) -> bool {
    (20.1..=20.35).contains(&p.x()) && (41.4..=41.65).contains(&p.y())
}

/// (name, lon, lat, along m, across m, angle°, months, peak hours)
type HotspotDef = (
    &'static str,
    f64,
    f64,
    f64,
    f64,
    f64,
    &'static str,
    &'static str,
);

const HOTSPOTS: &[HotspotDef] = &[
    (
        "Plazhi i Durrësit",
        19.487,
        41.296,
        2600.0,
        380.0,
        -42.0,
        "6-9",
        "10:00-20:00",
    ),
    (
        "Golem",
        19.521,
        41.247,
        2200.0,
        350.0,
        -55.0,
        "6-9",
        "10:00-20:00",
    ),
    (
        "Shëngjin",
        19.592,
        41.805,
        1600.0,
        300.0,
        -75.0,
        "6-9",
        "10:00-19:00",
    ),
    (
        "Velipojë",
        19.418,
        41.858,
        2000.0,
        300.0,
        20.0,
        "6-8",
        "10:00-19:00",
    ),
    (
        "Lungomare, Vlorë",
        19.482,
        40.442,
        1800.0,
        280.0,
        -60.0,
        "6-9",
        "18:00-23:00",
    ),
    (
        "Radhimë – Orikum",
        19.472,
        40.345,
        1500.0,
        280.0,
        -70.0,
        "6-9",
        "10:00-19:00",
    ),
    (
        "Dhërmi",
        19.640,
        40.152,
        1400.0,
        250.0,
        -40.0,
        "7-8",
        "10:00-19:00",
    ),
    (
        "Himarë",
        19.744,
        40.101,
        900.0,
        250.0,
        45.0,
        "6-9",
        "10:00-20:00",
    ),
    (
        "Sarandë",
        20.005,
        39.873,
        1500.0,
        300.0,
        5.0,
        "6-9",
        "17:00-23:00",
    ),
    (
        "Ksamil",
        20.000,
        39.771,
        1100.0,
        300.0,
        90.0,
        "6-9",
        "10:00-19:00",
    ),
];

pub fn coastal_hotspots(rng: &mut ChaCha8Rng) -> Result<Vec<Hotspot>, DemoError> {
    HOTSPOTS
        .iter()
        .map(|&(name, lon, lat, a, b, angle, months, hours)| {
            Ok(Hotspot {
                fid: None,
                name: name.to_string(),
                active_months: MonthSet::parse(months).unwrap_or(MonthSet::SUMMER),
                peak_hours: Some(hours.to_string()),
                note: Some("Zonë ilustruese për punën verore në terren / illustrative summer field-work area".into()),
                area_wgs84: MultiPolygon::new(vec![shape_wgs84((lon, lat), a, b, angle, 0.1, rng)?]),
            })
        })
        .collect()
}

/// Illustrative day centres in the large cities (the action plan asks for new ones where
/// victims are most numerous; their real locations are not open data).
pub fn day_centres(places: &[super::sources::Place]) -> Vec<Service> {
    const CITIES: [(&str, u32); 9] = [
        ("Tiranë", 60),
        ("Durrës", 40),
        ("Elbasan", 35),
        ("Shkodër", 35),
        ("Korçë", 30),
        ("Vlorë", 30),
        ("Fier", 30),
        ("Berat", 25),
        ("Bulqizë", 20),
    ];
    CITIES
        .iter()
        .filter_map(|(city, capacity)| {
            let p = places
                .iter()
                .find(|p| p.name == *city && p.place != "village")?;
            Some(Service {
                fid: None,
                service_type: ServiceType::DayCentre,
                name: format!("Qendër ditore (ilustruese) — {city}"),
                capacity: Some(*capacity),
                municipality: None,
                source: Some("illustrative".into()),
                // A few hundred metres from the centre point, so it does not hide the label.
                pos_wgs84: Point::new(p.pos_wgs84.x() + 0.003, p.pos_wgs84.y() - 0.002),
            })
        })
        .collect()
}
