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

use std::sync::Arc;
use std::time::Duration;

use super::super::RiskAtlasApp;
use super::super::analysis_job::{RunFailure, read_records};
use super::super::i18n::T;
use super::super::task::Task;
use super::siting_candidates::{CandidateSource, candidates};
use crate::analysis::coverage::Reach;
use crate::analysis::risk_layer::MIN_COUNT;
use crate::analysis::siting::{DemandWeight, SitingConfig, SitingReport, site};
use crate::analysis::siting_layer::{sites_layer_name, siting_layers};
use crate::model::style::{LayerStyle, StyleRule, Symbol};
use crate::model::{Case, ServiceType};
use crate::progress::{Progress, SharedProgress};
use crate::store::JobSender;

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
            weights: DemandWeight::Uniform,
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
}

#[derive(Default)]
pub struct SitingState {
    pub open: bool,
    pub form: SitingForm,
    pub task: Option<Task<Result<SitingOutcome, RunFailure>>>,
    pub result: Option<SitingOutcome>,
    pub error: Option<String>,
}

pub fn apply(app: &mut RiskAtlasApp, action: SitingAction, ctx: &egui::Context) {
    let state = &mut app.session.planning.siting;
    match action {
        SitingAction::Open => state.open = true,
        SitingAction::Close => state.open = false,
        SitingAction::SetForm(form) => state.form = form,
        SitingAction::Cancel => {
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        SitingAction::Run => start(app, ctx),
    }
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context) {
    let lang = app.settings.language;
    let busy = app.is_busy() || app.session.planning.siting.task.is_some();
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let state = &mut app.session.planning.siting;
    state.error = None;
    let Some(jobs) = jobs else {
        state.error = Some(T::NoProjectForImport.tr(lang).to_string());
        return;
    };
    if busy {
        state.error = Some(T::Busy.tr(lang).to_string());
        return;
    }
    let form = state.form.clone();
    match Task::spawn("siting", Some(ctx.clone()), move |p| run(&jobs, &form, p)) {
        Ok(task) => state.task = Some(task),
        Err(e) => state.error = Some(e.to_string()),
    }
}

fn published(n: u64) -> Option<u64> {
    (n >= MIN_COUNT as u64).then_some(n)
}

/// Site colour on the map (teal, apart from services and risk classes).
const SITE_COLOUR: [u8; 4] = [0, 128, 128, 255];

fn run(
    jobs: &JobSender,
    form: &SitingForm,
    progress: &Arc<SharedProgress>,
) -> Result<SitingOutcome, RunFailure> {
    progress.step("read", 0, 1);
    let records = read_records(jobs)?;
    let in_area = |c: &&Case| match &form.municipality {
        None => true,
        Some(name) => c.municipality.as_ref().is_some_and(|m| &m.name == name),
    };
    let cases: Vec<Case> = records.cases.iter().filter(in_area).cloned().collect();
    let area = form
        .municipality
        .as_ref()
        .and_then(|n| records.municipalities.iter().find(|m| &m.name == n));
    let layers = candidate_layers(jobs)?;
    let sites = candidates(&form.source, area, &records.municipalities, &layers)
        .map_err(RunFailure::Failed)?;
    let config = form.config();
    let result = site(
        &cases,
        &records.services,
        &sites,
        &config,
        progress.as_ref(),
    );
    if progress.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let report = result.map_err(|e| RunFailure::Failed(e.to_string()))?;
    save(jobs, form, &config, &report, progress)?;
    outcome(form, &report, sites.len(), cases.len())
}

fn candidate_layers(jobs: &JobSender) -> Result<Vec<crate::model::FeatureLayer>, RunFailure> {
    use crate::model::LayerKind;
    Ok(jobs
        .run(|store| -> Result<_, crate::store::StoreError> {
            let mut out = Vec::new();
            for info in store.layers()? {
                if info.kind == LayerKind::Candidates {
                    out.push(store.read_layer(&info.name)?);
                }
            }
            Ok(out)
        })?
        .wait()??)
}

fn save(
    jobs: &JobSender,
    form: &SitingForm,
    config: &SitingConfig,
    report: &SitingReport,
    progress: &Arc<SharedProgress>,
) -> Result<(), RunFailure> {
    let Some(best) = report.results.last() else {
        return Err(RunFailure::Failed("no result".into()));
    };
    progress.step("write", 0, 1);
    let name = sites_layer_name(best.p, report.reach_m);
    let (sites, areas) =
        siting_layers(&name, best).map_err(|e| RunFailure::Failed(e.to_string()))?;
    let style = LayerStyle {
        rule: StyleRule::Single {
            colour: SITE_COLOUR,
            symbol: Symbol::Square,
        },
        label_field: Some("rank".into()),
    }
    .to_json();
    let area_style = LayerStyle {
        rule: StyleRule::Single {
            colour: SITE_COLOUR,
            symbol: Symbol::Circle,
        },
        label_field: None,
    }
    .to_json();
    let params = serde_json::json!({
        "municipality": form.municipality,
        "candidates": format!("{:?}", form.source),
        "config": format!("{config:?}"),
        "upper_bound": best.upper_bound,
        "proven_optimal": best.proven_optimal,
    })
    .to_string();
    let detail = format!(
        "siting p={} (app): layers {name}, {name}_catchments",
        best.p
    );
    jobs.run(move |store| {
        store.write(|tx| {
            tx.write_layer(&areas, crate::store::WriteMode::Replace)?;
            tx.set_layer_style(&areas.name, &area_style)?;
            tx.save_analysis_layer("siting", &sites, Some(&style), &params, &detail)
        })
    })?
    .wait()??;
    Ok(())
}

fn outcome(
    form: &SitingForm,
    report: &SitingReport,
    candidates: usize,
    cases: usize,
) -> Result<SitingOutcome, RunFailure> {
    let best = report
        .results
        .last()
        .ok_or_else(|| RunFailure::Failed("no result".into()))?;
    let t = &report.totals;
    Ok(SitingOutcome {
        layer: sites_layer_name(best.p, report.reach_m),
        p: form.p,
        candidates,
        cases,
        existing: published(t.existing_cases as u64),
        uncovered: published(t.uncovered_cases() as u64),
        covered: published(best.covered_cases),
        share_of_uncovered: best.share_of_uncovered,
        upper_bound: best.upper_bound,
        gap: best.gap,
        proven_optimal: best.proven_optimal,
        sites: best
            .sites
            .iter()
            .map(|s| SiteRow {
                rank: s.rank,
                id: s.id.clone(),
                new_cases: published(s.marginal_cases),
                in_reach: published(s.in_reach_cases),
            })
            .collect(),
        extent_wgs84: extent(best),
        curve: report
            .results
            .iter()
            .map(|r| (r.p, r.share_of_uncovered.unwrap_or(0.0)))
            .collect(),
    })
}

/// The sites' catchments as a WGS84 box (a degree of latitude is 111.3 km).
fn extent(best: &crate::analysis::siting::PResult) -> Option<[f64; 4]> {
    let mut b: Option<[f64; 4]> = None;
    for s in &best.sites {
        let dlat = s.radius_m / 111_320.0;
        let dlon = dlat / s.pos_wgs84.y().to_radians().cos().max(0.1);
        let (x, y) = (s.pos_wgs84.x(), s.pos_wgs84.y());
        let e = b.get_or_insert([x, y, x, y]);
        *e = [
            e[0].min(x - dlon),
            e[1].min(y - dlat),
            e[2].max(x + dlon),
            e[3].max(y + dlat),
        ];
    }
    b
}

/// Takes the task's result once it has ended; true while it runs.
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.planning.siting;
    let Some(task) = &state.task else {
        return false;
    };
    let Some(result) = task.poll() else {
        return true;
    };
    state.task = None;
    match result {
        Ok(Ok(outcome)) => {
            app.session.fit_after_reload = outcome.extent_wgs84;
            let state = &mut app.session.planning.siting;
            state.result = Some(outcome);
            super::super::files::reload_after_import(app, ctx);
        }
        Ok(Err(RunFailure::Cancelled)) => state.error = Some(T::Cancelled.tr(lang).to_string()),
        Ok(Err(RunFailure::Failed(reason))) => {
            state.error = Some(format!("{}: {reason}", T::SitingFailed.tr(lang)));
        }
        Err(lost) => state.error = Some(format!("{}: {lost}", T::SitingFailed.tr(lang))),
    }
    false
}
