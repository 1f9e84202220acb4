//! `riskatlas route --stops FILE --depot LON,LAT [--teams N --shift-h H] [--days mon,tue,..]
//! [--shift-start HH:MM] [--roads FILE.osm.pbf] [--metric haversine|roads] [--sheets FILE.pdf] --out routes.gpx
//! [--json]`: field-team routes for the horizon's days, written as GPX (phones) or GeoJSON.
//!
//! Stops come from any points file the importer reads (`io::route_stops`: optional columns
//! id, priority, service_min, window, days, team); bad rows are listed on stderr with their
//! row number and the run fails only when no stop is left. All teams start from `--depot`.
//! Travel: straight lines × `--detour` at `--speed-kmh`, or along roads (`--roads`, through
//! [`road_matrix`]). The solver (`analysis::routing`) stops at `--time-limit-s`; with the
//! same `--seed` and a run that ends before the limit, the plan is the same.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use geo::Point;

use crate::analysis::roads::{Profile, RoadGraph};
use crate::analysis::routing::{
    DayMask, LegGeometry, Minimise, Problem, RoutingConfig, StraightLegs, Team, TravelMatrix,
    parse_clock, solve,
};
use crate::analysis::routing_roads::travel_on_graph;
use crate::crs::Crs;
use crate::io::gpx::{GpxMeta, write_gpx};
use crate::io::osm_pbf::{OsmPbfOptions, read_osm_pbf};
use crate::io::road_lines::{RoadLinesOptions, read_road_lines};
use crate::io::route_stops::{StopsOptions, read_stops};
use crate::io::routes_geojson::write_routes_geojson;
use crate::progress::NoProgress;
use crate::render::pdf::PageSpec;
use crate::render::pdf::route_plan_sheets::{SheetLang, sheets_from_plan};
use crate::render::pdf::route_sheet::{SheetLabels, route_sheets_pdf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Metric {
    /// Straight lines × detour factor at a constant speed.
    Haversine,
    /// Shortest paths on the road network of --roads.
    Roads,
}

impl Metric {
    fn code(self) -> &'static str {
        match self {
            Metric::Haversine => "haversine",
            Metric::Roads => "roads",
        }
    }
}

/// The road profile of `--metric roads`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoadProfile {
    Walking,
    Driving,
}

impl RoadProfile {
    fn code(self) -> &'static str {
        Profile::from(self).code()
    }
}

impl From<RoadProfile> for Profile {
    fn from(p: RoadProfile) -> Self {
        match p {
            RoadProfile::Walking => Profile::Walking,
            RoadProfile::Driving => Profile::Driving,
        }
    }
}

#[derive(Args, Debug)]
pub struct RouteArgs {
    /// Stops: a points file (GeoJSON, CSV with lon/lat, GeoPackage, Shapefile) with optional
    /// columns id, priority, service_min, window ("18:00-21:00;..."), days ("sat,sun"), team.
    #[arg(long)]
    pub stops: PathBuf,
    /// Where every team starts and ends: longitude,latitude (WGS84), e.g. 20.2296,41.4966.
    #[arg(long)]
    pub depot: String,
    /// Number of teams (stops pin a team with team = 1..N).
    #[arg(long, default_value_t = 1)]
    pub teams: usize,
    /// Shift length in hours (back at the depot by its end).
    #[arg(long, default_value_t = 8.0)]
    pub shift_h: f64,
    /// Shift start, HH:MM.
    #[arg(long, default_value = "08:00")]
    pub shift_start: String,
    /// The working days to plan, one route per team and day, e.g. mon,tue,wed or mon-fri.
    #[arg(long, default_value = "mon,tue,wed,thu,fri")]
    pub days: String,
    /// Visit minutes for stops without a service_min column.
    #[arg(long, default_value_t = 30.0)]
    pub service_min: f64,
    /// Road network (.osm.pbf) to route along.
    #[arg(long)]
    pub roads: Option<PathBuf>,
    /// How travel is measured (default: roads when --roads is given, else haversine).
    #[arg(long, value_enum)]
    pub metric: Option<Metric>,
    /// Along roads: walking or driving (speeds by road class).
    #[arg(long, value_enum, default_value_t = RoadProfile::Driving)]
    pub profile: RoadProfile,
    /// Driving speed for straight-line travel, km/h.
    #[arg(long, default_value_t = 40.0)]
    pub speed_kmh: f64,
    /// Road distance / straight-line distance for straight-line travel (≥ 1).
    #[arg(long, default_value_t = 1.3)]
    pub detour: f64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Time the planner may take, seconds.
    #[arg(long, default_value_t = 10.0)]
    pub time_limit_s: f64,
    /// CRS of the stops' coordinates when the file declares none, e.g. EPSG:6870.
    #[arg(long)]
    pub input_crs: Option<String>,
    /// Also print route sheets (A4 PDF, Albanian: one sheet per team and day with a map and
    /// the ordered stops with times and distances).
    #[arg(long)]
    pub sheets: Option<PathBuf>,
    /// Output: .gpx (waypoints + tracks, for phones) or .geojson.
    #[arg(long)]
    pub out: PathBuf,
    /// Print a one-line JSON summary (per team: routes with length, duration, order;
    /// unassigned stops with reasons).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutFormat {
    Gpx,
    GeoJson,
}

fn out_format(path: &Path) -> anyhow::Result<OutFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("gpx") => Ok(OutFormat::Gpx),
        Some("geojson" | "json") => Ok(OutFormat::GeoJson),
        _ => bail!("--out {}: use a .gpx or .geojson file name", path.display()),
    }
}

fn parse_depot(text: &str) -> anyhow::Result<Point<f64>> {
    let bad = || anyhow::anyhow!("--depot '{text}' is not LON,LAT such as 20.2296,41.4966");
    let (a, b) = text.split_once(',').ok_or_else(bad)?;
    let (lon, lat): (f64, f64) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if !crate::io::validate::in_albania(lon, lat) {
        if crate::io::validate::in_albania(lat, lon) {
            bail!("--depot {text} looks like LAT,LON: give the longitude first ({lat},{lon})");
        }
        bail!("--depot {text} is outside Albania");
    }
    Ok(Point::new(lon, lat))
}

/// Travel costs and leg shapes along the road network of `roads` for `locations_wgs84`
/// (team bases, then stops): an OpenStreetMap `.osm.pbf` extract (only ways within 20 km of
/// the locations are read) or road lines (GeoJSON, Shapefile, GeoPackage; class column
/// `highway`, `fclass`, …). Skipped lines are counted on stderr.
fn road_matrix(
    roads: &Path,
    profile: Profile,
    locations_wgs84: &[Point<f64>],
) -> anyhow::Result<(TravelMatrix, Box<dyn LegGeometry>, f64)> {
    let name = roads.display().to_string();
    let is_pbf = name.to_ascii_lowercase().ends_with(".pbf");
    let graph = if is_pbf {
        let bbox = bbox_around(locations_wgs84, 20_000.0);
        let opts = OsmPbfOptions {
            profiles: vec![profile],
            bbox_wgs84: bbox,
        };
        let (lines, stats) = read_osm_pbf(roads, &opts, &NoProgress)?;
        eprintln!("riskatlas: {name}: {} road lines ({stats:?})", lines.len());
        RoadGraph::from_lines(&lines, &NoProgress)?
    } else {
        let read = read_road_lines(roads, &RoadLinesOptions::default())?;
        for s in &read.skipped {
            eprintln!(
                "riskatlas: {name}: feature {} skipped: {}",
                s.number, s.reason
            );
        }
        RoadGraph::from_lines(&read.lines, &NoProgress)?
    };
    let travel = travel_on_graph(Arc::new(graph), profile, locations_wgs84, &NoProgress)?;
    Ok((travel.matrix, Box::new(travel.legs), travel.network_km))
}

/// The WGS84 rectangle around `points` grown by `margin_m` on every side.
fn bbox_around(points: &[Point<f64>], margin_m: f64) -> Option<geo::Rect<f64>> {
    let bounds = crate::analysis::metric::bounds_wgs84(points)?;
    let dlat = margin_m / 111_320.0;
    let dlon = dlat / bounds[1].to_radians().cos().max(0.1);
    Some(geo::Rect::new(
        geo::coord! { x: bounds[0] - dlon, y: bounds[1] - dlat },
        geo::coord! { x: bounds[2] + dlon, y: bounds[3] + dlat },
    ))
}

pub fn run(args: RouteArgs) -> anyhow::Result<()> {
    let format = out_format(&args.out)?;
    let depot = parse_depot(&args.depot)?;
    let days = DayMask::parse(&args.days).map_err(|e| anyhow::anyhow!("--days: {e}"))?;
    let shift_start_s = parse_clock(&args.shift_start).with_context(|| {
        format!(
            "--shift-start '{}' is not a time such as 08:00",
            args.shift_start
        )
    })?;
    if !(args.shift_h.is_finite() && args.shift_h > 0.0 && args.shift_h <= 24.0) {
        bail!(
            "--shift-h must be a number of hours from 0 to 24, not {}",
            args.shift_h
        );
    }
    if !(1..=1000).contains(&args.teams) {
        bail!("--teams must be from 1 to 1000, not {}", args.teams);
    }
    if !(args.service_min.is_finite() && args.service_min >= 0.0) {
        bail!(
            "--service-min must be a number of minutes ≥ 0, not {}",
            args.service_min
        );
    }
    if !(args.time_limit_s.is_finite() && args.time_limit_s > 0.0) {
        bail!(
            "--time-limit-s must be a positive number of seconds, not {}",
            args.time_limit_s
        );
    }
    let metric = match (args.metric, &args.roads) {
        (Some(Metric::Roads), None) => {
            bail!("--metric roads needs a road network: --roads FILE.osm.pbf")
        }
        (Some(Metric::Haversine), Some(r)) => {
            eprintln!("riskatlas: --metric haversine: {} is not used", r.display());
            Metric::Haversine
        }
        (Some(m), _) => m,
        (None, Some(_)) => Metric::Roads,
        (None, None) => Metric::Haversine,
    };
    if metric == Metric::Haversine {
        // The same checks as the matrix's, before any file is read.
        TravelMatrix::haversine(&[], args.speed_kmh, args.detour)?;
    }
    if let Some(r) = args.roads.as_ref().filter(|_| metric == Metric::Roads)
        && !r.exists()
    {
        bail!("{} does not exist", r.display());
    }
    let opts = StopsOptions {
        crs: args.input_crs.as_deref().map(Crs::parse).transpose()?,
        default_service_min: args.service_min,
        teams: args.teams,
        lon_column: None,
        lat_column: None,
    };
    let file = read_stops(&args.stops, &opts)
        .with_context(|| format!("cannot read {}", args.stops.display()))?;
    let shown = args.stops.display();
    for r in &file.rejected {
        eprintln!(
            "riskatlas: {shown}: row {} left out: {}",
            r.number, r.reason
        );
    }
    if file.stops.is_empty() {
        bail!("{shown}: no usable stop ({} rows read)", file.rows);
    }
    let teams: Vec<Team> = (1..=args.teams)
        .map(|i| Team {
            id: i.to_string(),
            base_wgs84: depot,
            shift_start_s,
            shift_len_s: args.shift_h * 3600.0,
            days,
        })
        .collect();
    let locations = Problem::locations(&teams, &file.stops);
    let (matrix, legs): (TravelMatrix, Box<dyn LegGeometry>) = match metric {
        Metric::Roads => {
            let roads = args.roads.as_deref().unwrap_or(Path::new(""));
            let (m, legs, km) = road_matrix(roads, args.profile.into(), &locations)?;
            eprintln!(
                "riskatlas: routing along {km:.0} km of roads ({})",
                args.profile.code()
            );
            (m, legs)
        }
        Metric::Haversine => (
            TravelMatrix::haversine(&locations, args.speed_kmh, args.detour)?,
            Box::new(StraightLegs),
        ),
    };
    let problem = Problem {
        teams,
        stops: file.stops,
        days: days.days(),
        matrix,
    };
    let cfg = RoutingConfig {
        seed: args.seed,
        max_iterations: None,
        time_limit: Some(Duration::from_secs_f64(args.time_limit_s)),
        minimise: Minimise::Time,
    };
    let plan = solve(&problem, &cfg, &NoProgress)?;
    match format {
        OutFormat::Gpx => {
            // The file's name only: a full path may carry a user name.
            let stem = args.stops.file_stem().unwrap_or_default().to_string_lossy();
            let meta = GpxMeta {
                name: format!("Risk Atlas routes: {stem}"),
                time: chrono::Utc::now(),
            };
            write_gpx(&args.out, &plan, &problem, legs.as_ref(), &meta)
        }
        OutFormat::GeoJson => write_routes_geojson(&args.out, &plan, &problem, legs.as_ref()),
    }
    .with_context(|| format!("cannot write {}", args.out.display()))?;
    if let Some(pdf) = &args.sheets {
        let attribution = if metric == Metric::Roads {
            "Risk Atlas · Rrugët © OpenStreetMap contributors (ODbL)"
        } else {
            "Risk Atlas"
        };
        let subtitle = match metric {
            Metric::Roads => format!("Distancat përgjatë rrugëve ({})", args.profile.code()),
            Metric::Haversine => format!(
                "Vijë e drejtë × {:.2} me {:.0} km/orë (pa rrjet rrugor)",
                args.detour, args.speed_kmh
            ),
        };
        let sheets = sheets_from_plan(
            &plan,
            &problem,
            legs.as_ref(),
            SheetLang::Sq,
            &subtitle,
            &[],
        );
        let labels = SheetLabels::sq(attribution);
        let now = chrono::Local::now().naive_local();
        let bytes = route_sheets_pdf(&sheets, &labels, PageSpec::A4_PORTRAIT, now)?;
        crate::io::atomic::write_atomic(pdf, |w| std::io::Write::write_all(w, &bytes))
            .with_context(|| format!("cannot write {}", pdf.display()))?;
    }
    let summary = super::route_report::Summary {
        args: &args,
        metric: metric.code(),
        problem: &problem,
        plan: &plan,
        rejected: file.rejected.len(),
    };
    if args.json {
        super::print_json(&summary.json());
    } else {
        summary.print();
    }
    Ok(())
}
