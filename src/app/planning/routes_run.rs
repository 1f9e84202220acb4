//! The routes run on its background task (see `routes_job.rs`): stops, teams, travel costs,
//! the plan, and the two saved layers.

use std::sync::Arc;

use geo::{InteriorPoint, Point};

use super::super::analysis_job::{RunFailure, read_records};
use super::routes_job::RoutesForm;
use crate::analysis::field_stops::{StopKinds, StopSources, field_stops};
use crate::analysis::risk_layer::zones_layer_name;
use crate::analysis::roads::{Profile, RoadGraph};
use crate::analysis::routing::{
    DayMask, LegGeometry, Problem, RoutePlan, RoutingConfig, Stop, Team, TimeWindow, TravelMatrix,
    solve,
};
use crate::analysis::routing_layers::routes_layers;
use crate::analysis::routing_roads::{RoadTravel, road_travel, travel_on_graph};
use crate::model::{FeatureLayer, LayerKind, ServiceType};
use crate::progress::{Progress, SharedProgress};
use crate::store::{JobSender, StoreError};

/// How travel was measured.
#[derive(Debug, Clone, PartialEq)]
pub enum Metric {
    /// Along the project's roads: the profile and the network's length in km.
    Roads { walking: bool, km: f64 },
    /// Straight lines × detour at a speed.
    Straight { detour: f64, speed_kmh: f64 },
}

/// A finished plan, kept for the window and the exports.
impl PlannedRoutes {
    /// The municipality's extent (`[min_lon, min_lat, max_lon, max_lat]`).
    pub fn extent_wgs84(&self) -> Option<[f64; 4]> {
        let pts = self.outline_wgs84.iter().flatten();
        pts.fold(None, |b: Option<[f64; 4]>, &(x, y)| {
            let e = b.unwrap_or([x, y, x, y]);
            Some([e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)])
        })
    }
}

pub struct PlannedRoutes {
    pub municipality: String,
    pub problem: Problem,
    pub plan: RoutePlan,
    pub legs: Box<dyn LegGeometry + Send + Sync>,
    pub metric: Metric,
    /// The municipality's outline, drawn under the route-sheet maps.
    pub outline_wgs84: Vec<Vec<(f64, f64)>>,
    pub layer: String,
}

struct Inputs {
    records: super::super::analysis_job::Records,
    zones: Option<FeatureLayer>,
    roads: Vec<FeatureLayer>,
}

/// The records, the month's zones and (when `roads`) the road layers.
fn read(jobs: &JobSender, month: u32, with_roads: bool) -> Result<Inputs, RunFailure> {
    let records = read_records(jobs)?;
    let (zones, roads) = jobs
        .run(move |store| -> Result<_, StoreError> {
            let infos = store.layers()?;
            let want = zones_layer_name(month);
            let zones = match infos.iter().find(|i| i.name == want) {
                Some(i) => Some(store.read_layer(&i.name)?),
                None => None,
            };
            let mut roads = Vec::new();
            for i in infos
                .iter()
                .filter(|i| with_roads && i.kind == LayerKind::Roads)
            {
                roads.push(store.read_layer(&i.name)?);
            }
            Ok((zones, roads))
        })?
        .wait()??;
    Ok(Inputs {
        records,
        zones,
        roads,
    })
}

pub fn run(
    jobs: &JobSender,
    form: &RoutesForm,
    extra: &[Stop],
    network: Option<Arc<RoadGraph>>,
    progress: &Arc<SharedProgress>,
) -> Result<PlannedRoutes, RunFailure> {
    progress.step("read", 0, 1);
    let name = form.municipality.clone().unwrap_or_default();
    let inputs = read(jobs, form.month, network.is_none())?;
    let r = &inputs.records;
    let area = r
        .municipalities
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| RunFailure::Failed(format!("no municipality named {name}")))?;
    let places: Vec<Point<f64>> = crate::demo::sources::places()
        .map(|p| p.into_iter().map(|p| p.pos_wgs84).collect())
        .unwrap_or_default();
    let sources = StopSources {
        zones: inputs.zones.as_ref(),
        hotspots: &r.hotspots,
        mines: &r.mines,
        settlements: &places,
        area: Some(&area.area_wgs84),
        month: form.month,
    };
    let stops = stops(&sources, form, extra)?;
    if stops.is_empty() {
        return Err(RunFailure::Failed(format!(
            "no places to visit in {name} with these choices (risk zones are taken from the layer {} — compute them first)",
            zones_layer_name(form.month)
        )));
    }
    let cpu = r.services.iter().find(|s| {
        s.service_type == ServiceType::ChildProtectionUnit
            && s.municipality.as_ref().is_some_and(|m| m.name == name)
    });
    let base = match cpu {
        Some(s) => s.pos_wgs84,
        None => area
            .area_wgs84
            .interior_point()
            .ok_or_else(|| RunFailure::Failed("empty municipality".into()))?,
    };
    let days: Vec<chrono::Weekday> = (0..7u8)
        .filter(|&d| form.days[usize::from(d)])
        .filter_map(|d| chrono::Weekday::try_from(d).ok())
        .collect();
    if days.is_empty() {
        return Err(RunFailure::Failed("choose at least one working day".into()));
    }
    let teams: Vec<Team> = (1..=form.teams.max(1))
        .map(|i| Team {
            id: i.to_string(),
            base_wgs84: base,
            shift_start_s: f64::from(form.shift_start_min) * 60.0,
            shift_len_s: form.shift_h * 3600.0,
            days: DayMask::from_days(&days),
        })
        .collect();
    let points = Problem::locations(&teams, &stops);
    let (matrix, legs, metric): (TravelMatrix, Box<dyn LegGeometry + Send + Sync>, Metric) =
        if let Some(graph) = network {
            progress.step("roads", 0, 1);
            let profile = if form.walking {
                Profile::Walking
            } else {
                Profile::Driving
            };
            let RoadTravel {
                matrix,
                legs,
                network_km,
            } = travel_on_graph(graph, profile, &points, progress.as_ref())
                .map_err(|e| RunFailure::Failed(e.to_string()))?;
            (
                matrix,
                Box::new(legs),
                Metric::Roads {
                    walking: form.walking,
                    km: network_km,
                },
            )
        } else if inputs.roads.is_empty() {
            let speed = if form.walking { 4.5 } else { form.speed_kmh };
            let m = TravelMatrix::haversine(&points, speed, form.detour)
                .map_err(|e| RunFailure::Failed(e.to_string()))?;
            (
                m,
                Box::new(crate::analysis::routing::StraightLegs),
                Metric::Straight {
                    detour: form.detour,
                    speed_kmh: speed,
                },
            )
        } else {
            progress.step("roads", 0, 1);
            let RoadTravel {
                matrix,
                legs,
                network_km,
            } = road_travel(&inputs.roads, form.walking, &points, progress.as_ref())
                .map_err(|e| RunFailure::Failed(e.to_string()))?;
            (
                matrix,
                Box::new(legs),
                Metric::Roads {
                    walking: form.walking,
                    km: network_km,
                },
            )
        };
    if progress.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let problem = Problem {
        teams,
        stops,
        days,
        matrix,
    };

    let result = solve(&problem, &RoutingConfig::default(), progress.as_ref());
    if progress.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let plan = result.map_err(|e| RunFailure::Failed(e.to_string()))?;
    progress.step("write", 0, 1);
    let (lines, points_layer) = routes_layers(&plan, &problem, legs.as_ref());
    let layer = lines.name.clone();
    let detail = format!(
        "field routes for {name} (app): {} teams, {} stops served",
        problem.teams.len(),
        plan.served()
    );
    let params = serde_json::json!({ "municipality": name, "form": format!("{form:?}"), "metric": format!("{metric:?}") }).to_string();
    jobs.run(move |store| {
        store.write(|tx| {
            tx.write_layer(&points_layer, crate::store::WriteMode::Replace)?;
            tx.save_analysis_layer("routes", &lines, None, &params, &detail)
        })
    })?
    .wait()??;
    let outline_wgs84 = area
        .area_wgs84
        .iter()
        .map(|p| p.exterior().coords().map(|c| (c.x, c.y)).collect())
        .collect();
    Ok(PlannedRoutes {
        municipality: name,
        problem,
        plan,
        legs,
        metric,
        outline_wgs84,
        layer,
    })
}

/// The stops of a run: risk zones (with the form's window and weekend rule), hotspots and
/// mines, then the user's selected places; ids made unique ("name (2)"); pins applied.
fn stops(
    sources: &StopSources<'_>,
    form: &RoutesForm,
    extra: &[Stop],
) -> Result<Vec<Stop>, RunFailure> {
    let service_s = form.service_min * 60.0;
    let only = |zones, hotspots, mines| StopKinds {
        zones,
        hotspots,
        mines,
    };
    let mut zones = field_stops(sources, only(form.zones, false, false), service_s);
    for z in &mut zones {
        if let Some([from, to]) = form.zone_window_min {
            z.windows = vec![TimeWindow {
                start_s: f64::from(from) * 60.0,
                end_s: f64::from(to) * 60.0,
            }];
        }
        if form.zone_weekends {
            z.days = DayMask::from_days(&[chrono::Weekday::Sat, chrono::Weekday::Sun]);
        }
    }
    let others = field_stops(sources, only(false, form.hotspots, form.mines), service_s);
    let mut out: Vec<Stop> = zones
        .into_iter()
        .chain(others)
        .chain(extra.iter().cloned())
        .collect();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for s in &mut out {
        let n = seen.entry(s.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            s.id = format!("{} ({n})", s.id);
        }
    }
    for s in &mut out {
        if let Some(&team) = form.pins.get(&s.id) {
            if team == 0 || team > form.teams.max(1) {
                return Err(RunFailure::Failed(format!(
                    "stop '{}' is pinned to team {team}, but there are {} teams: change the pin or the number of teams",
                    s.id,
                    form.teams.max(1)
                )));
            }
            s.pinned_team = Some(team - 1);
        }
    }
    Ok(out)
}
