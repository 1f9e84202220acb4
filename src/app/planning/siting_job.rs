//! New day centres from the app (Planifikimi ▸ Qendra ditore të reja…): the form, the run
//! on a background task and its result.
//!
//! The run reads cases, services and municipalities through the project's worker, keeps the
//! cases of the chosen municipality, builds candidate sites (the settlements inside it, a
//! grid, or the project's candidate layers), and calls `analysis::siting::site` — the same
//! code as `riskatlas site` — for p = 1…P (ranked sites, coverage curve, upper bound and
//! gap; branch and bound when "exact" is ticked). The sites and their catchments are saved
//! as two layers with an audit row and the parameters in ONE transaction; then the project
//! reloads so they show on the map. Counts below 5 are shown as "< 5".

use std::time::Duration;

use super::super::RiskAtlasApp;
use super::super::analysis_job::RunFailure;
use super::super::i18n::T;
use super::super::task::Task;
use super::siting_candidates::CandidateSource;
use super::siting_run::run;
use crate::analysis::coverage::Reach;
use crate::analysis::siting::{DemandWeight, SitingConfig};
use crate::model::{CaseKind, ServiceType};

/// What the user set in the siting window.
#[derive(Debug, Clone, PartialEq)]
pub struct SitingForm {
    /// `None`: all of Albania.
    pub municipality: Option<String>,
    pub source: CandidateSource,
    pub reach_km: f64,
    /// Reach as walking minutes at 4.5 km/h with a 1.3 detour instead of a distance.
    pub walk: bool,
    pub walk_min: f64,
    pub day_centres: bool,
    pub cpus: bool,
    pub p: usize,
    pub exact: bool,
    pub time_limit_s: u64,
    pub weighting: Weighting,
    /// Month of the risk-zones layer used by [`Weighting::RiskZones`].
    pub risk_month: u32,
    /// Weight per case kind for [`Weighting::ByKind`] (kinds not listed weigh 1).
    pub kind_weights: Vec<(CaseKind, f64)>,
    /// Places (cases) per new centre; `None` = unlimited.
    pub capacity: Option<u32>,
    /// Points marked on the map where no centre may be, with one radius (metres).
    pub exclude_points: Vec<[f64; 2]>,
    pub exclude_radius_m: f64,
    /// A project layer whose polygons (or points, with the radius) no centre may be in.
    pub exclude_layer: Option<String>,
}

/// How much each case counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weighting {
    /// Every case 1.
    Uniform,
    /// The risk class (1–4) of the zone a case lies in, 1 outside the zones.
    RiskZones,
    /// A weight per case kind.
    ByKind,
}

impl Default for SitingForm {
    fn default() -> Self {
        Self {
            municipality: None,
            source: CandidateSource::Settlements,
            reach_km: 2.0,
            walk: false,
            walk_min: 30.0,
            day_centres: true,
            cpus: false,
            p: 3,
            exact: true,
            time_limit_s: 30,
            weighting: Weighting::Uniform,
            risk_month: 7,
            kind_weights: CaseKind::ALL.iter().map(|&k| (k, 1.0)).collect(),
            capacity: None,
            exclude_points: Vec::new(),
            exclude_radius_m: 500.0,
            exclude_layer: None,
        }
    }
}

impl SitingForm {
    /// The library's parameters.
    pub fn config(&self) -> SitingConfig {
        let mut types = Vec::new();
        if self.day_centres {
            types.push(ServiceType::DayCentre);
        }
        if self.cpus {
            types.push(ServiceType::ChildProtectionUnit);
        }
        let reach = if self.walk {
            Reach::Walk {
                minutes: self.walk_min,
                speed_kmh: 4.5,
                detour: 1.3,
            }
        } else {
            Reach::Distance {
                within_m: self.reach_km * 1000.0,
            }
        };
        SitingConfig {
            reach,
            service_types: types,
            p_values: (1..=self.p.max(1)).collect(),
            weights: match self.weighting {
                // Per-case weights need the zones layer: `siting_run` sets them.
                Weighting::Uniform | Weighting::RiskZones => DemandWeight::Uniform,
                Weighting::ByKind => {
                    DemandWeight::ByKind(self.kind_weights.iter().copied().collect())
                }
            },
            capacity_per_site: self.capacity.map(f64::from),
            exact: self.exact,
            time_limit: Some(Duration::from_secs(self.time_limit_s.max(1))),
            ..SitingConfig::default()
        }
    }
}

/// One chosen site as the window lists it (counts below 5 hidden).
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRow {
    pub rank: usize,
    pub id: String,
    pub new_cases: Option<u64>,
    pub in_reach: Option<u64>,
}

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct SitingOutcome {
    pub layer: String,
    pub p: usize,
    pub candidates: usize,
    pub cases: usize,
    /// Cases already within reach of an existing service (hidden below 5).
    pub existing: Option<u64>,
    pub uncovered: Option<u64>,
    pub covered: Option<u64>,
    pub share_of_uncovered: Option<f64>,
    pub upper_bound: f64,
    pub gap: f64,
    pub proven_optimal: bool,
    /// Covered demand when cases are weighted (shown only when 5 or more cases are covered).
    pub weighted_demand: Option<f64>,
    pub sites: Vec<SiteRow>,
    /// (p, share of the uncovered cases covered) for p = 1…P, from the solved results.
    pub curve: Vec<(usize, f64)>,
    /// The catchments' extent, to show them after the run.
    pub extent_wgs84: Option<[f64; 4]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SitingAction {
    Open,
    Close,
    SetForm(SitingForm),
    Run,
    Cancel,
    /// Map clicks mark excluded places (true) or identify as usual (false).
    SetMarking(bool),
    AddExclusion([f64; 2]),
    ClearExclusions,
}

#[derive(Default)]
pub struct SitingState {
    pub open: bool,
    /// Map clicks add excluded places.
    pub marking: bool,
    pub form: SitingForm,
    pub task: Option<Task<Result<SitingOutcome, RunFailure>>>,
    pub result: Option<SitingOutcome>,
    pub error: Option<String>,
}

pub fn apply(app: &mut RiskAtlasApp, action: SitingAction, ctx: &egui::Context) {
    let state = &mut app.session.planning.siting;
    match action {
        SitingAction::Open => state.open = true,
        SitingAction::Close => {
            state.open = false;
            state.marking = false;
        }
        SitingAction::SetForm(form) => state.form = form,
        SitingAction::SetMarking(on) => state.marking = on,
        SitingAction::AddExclusion(p) => {
            state.form.exclude_points.push(p);
            ctx.request_repaint(); // the click's frame is drawn already: show the mark now
        }
        SitingAction::ClearExclusions => state.form.exclude_points.clear(),
        SitingAction::Cancel => {
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        SitingAction::Run => {
            state.marking = false;
            start(app, ctx);
        }
    }
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context) {
    let jobs = super::task_worker(app, app.session.planning.siting.task.is_some());
    let state = &mut app.session.planning.siting;
    state.error = None;
    let jobs = match jobs {
        Ok(jobs) => jobs,
        Err(message) => return state.error = Some(message),
    };
    let form = state.form.clone();
    match Task::spawn("siting", Some(ctx.clone()), move |p| run(&jobs, &form, p)) {
        Ok(task) => state.task = Some(task),
        Err(e) => state.error = Some(e.to_string()),
    }
}

/// Takes the task's result once it has ended; true while it runs.
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.planning.siting;
    let Some(result) = state.task.as_ref().map(|t| t.poll()) else {
        return false;
    };
    let Some(result) = result else {
        return true;
    };
    state.task = None;
    match super::task_result(result, T::SitingFailed, lang) {
        Ok(outcome) => {
            app.session.fit_after_reload = outcome.extent_wgs84;
            app.session.planning.siting.result = Some(outcome);
            super::super::files::reload_after_import(app, ctx);
        }
        Err(message) => state.error = Some(message),
    }
    false
}
