//! The siting run on its background task (see `siting_job.rs`): records, candidates, the
//! search, the two saved layers (sites and catchments, one transaction), and the outcome the
//! window shows (counts below 5 hidden). Excluded places and demand weights (risk zones of a
//! month, or per kind) come from the form.

use std::sync::Arc;

use super::super::analysis_job::{RunFailure, read_records};
use super::siting_candidates::{candidates, exclusions};
use super::siting_job::{SiteRow, SitingForm, SitingOutcome, Weighting};
use crate::analysis::risk_layer::{MIN_COUNT, zones_layer_name};
use crate::analysis::siting::{DemandWeight, SitingConfig, SitingReport, site};
use crate::analysis::siting_layer::{sites_layer_name, siting_layers};
use crate::analysis::siting_weights::risk_zone_weights;
use crate::model::style::{LayerStyle, StyleRule, Symbol};
use crate::model::{Case, FeatureLayer};
use crate::progress::{Progress, SharedProgress};
use crate::store::JobSender;

fn published(n: u64) -> Option<u64> {
    (n >= MIN_COUNT as u64).then_some(n)
}

/// Site colour on the map (teal, apart from services and risk classes).
const SITE_COLOUR: [u8; 4] = [0, 128, 128, 255];

pub fn run(
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
    let extra = extra_layers(jobs, form)?;
    let excluded = exclusions(
        &form.exclude_points,
        form.exclude_radius_m,
        extra.exclude.as_ref(),
    )
    .map_err(RunFailure::Failed)?;
    let sites = candidates(
        &form.source,
        area,
        &records.municipalities,
        &extra.candidates,
        &excluded,
    )
    .map_err(RunFailure::Failed)?;
    let mut config = form.config();
    if form.weighting == Weighting::RiskZones {
        let zones = extra.zones.as_ref().ok_or_else(|| {
            RunFailure::Failed(format!(
                "no risk zones for {} (layer {}): compute them first (menu Analiza, Zonat e rrezikut…)",
                form.risk_month,
                zones_layer_name(form.risk_month)
            ))
        })?;
        let w = risk_zone_weights(&cases, zones).map_err(|e| RunFailure::Failed(e.to_string()))?;
        config.weights = DemandWeight::PerCase(w);
    }
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

/// The project layers a run may need besides the records.
struct ExtraLayers {
    candidates: Vec<FeatureLayer>,
    exclude: Option<FeatureLayer>,
    zones: Option<FeatureLayer>,
}

fn extra_layers(jobs: &JobSender, form: &SitingForm) -> Result<ExtraLayers, RunFailure> {
    use crate::model::LayerKind;
    let exclude = form.exclude_layer.clone();
    let zones = (form.weighting == Weighting::RiskZones).then(|| zones_layer_name(form.risk_month));
    Ok(jobs
        .run(move |store| -> Result<_, crate::store::StoreError> {
            let infos = store.layers()?;
            let mut candidates = Vec::new();
            for info in &infos {
                if info.kind == LayerKind::Candidates {
                    candidates.push(store.read_layer(&info.name)?);
                }
            }
            let exclude = match exclude {
                Some(name) => Some(store.read_layer(&name)?),
                None => None,
            };
            let zones = match zones {
                Some(name) if infos.iter().any(|i| i.name == name) => {
                    Some(store.read_layer(&name)?)
                }
                _ => None,
            };
            Ok(ExtraLayers {
                candidates,
                exclude,
                zones,
            })
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
        weighted_demand: (form.weighting != Weighting::Uniform
            && best.covered_cases >= MIN_COUNT as u64)
            .then_some(best.covered_demand),
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
