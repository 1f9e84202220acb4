//! Service-gap areas from the app (Analysis ▸ Risk zones… ▸ Compute gaps): where the risk is
//! at least the chosen score and no chosen service is within reach, as ranked areas.
//!
//! The same code as `riskatlas gaps` (`analysis::gaps`); the form's risk parameters (month,
//! weights, cell size) feed the risk surface. Records are read and the result saved through
//! the project's worker (layer `gaps_<types>_<reach>m_mMM`, its style with the rank as label,
//! an audit row and the run's parameters, in one transaction); the computation runs on the
//! analysis task's thread. Published counts below 5 are shown as "< 5".

use std::sync::Arc;

use super::analysis_job::{RiskForm, RunFailure, read_records};
use crate::analysis::gaps::{GAP_SHARE, GapConfig, GapError, service_gaps};
use crate::analysis::gaps_layer::{gaps_layer, gaps_layer_name};
use crate::analysis::risk::RiskInputs;
use crate::analysis::risk_layer::MIN_COUNT;
use crate::model::style::{LayerStyle, StyleRule, Symbol};
use crate::model::{Municipality, ServiceType};
use crate::progress::{Progress, SharedProgress};
use crate::store::JobSender;

/// The first areas the window lists.
const LISTED: usize = 10;

/// One listed gap area (counts below 5 already hidden).
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    pub rank: usize,
    pub municipality: String,
    pub area_km2: f64,
    /// `None` when fewer than 5 (shown as "< 5").
    pub uncovered: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GapsOutcome {
    pub layer: String,
    pub areas: usize,
    pub hexagons: usize,
    pub uncovered: Option<usize>,
    pub top: Vec<GapRow>,
}

impl From<GapError> for RunFailure {
    fn from(e: GapError) -> Self {
        RunFailure::Failed(e.to_string())
    }
}

/// The library's parameters from the form.
pub fn gap_config(form: &RiskForm) -> GapConfig {
    let mut types = Vec::new();
    if form.gap_day_centres {
        types.push(ServiceType::DayCentre);
    }
    if form.gap_cpus {
        types.push(ServiceType::ChildProtectionUnit);
    }
    GapConfig {
        min_risk: form.gap_min_risk,
        types,
        reach_m: form.gap_reach_km * 1000.0,
        risk: form.config().0,
        ..GapConfig::default()
    }
}

fn published(n: usize) -> Option<usize> {
    (n >= MIN_COUNT).then_some(n)
}

/// Outline colour of gap areas (magenta, apart from the risk classes' yellow-red).
const GAP_COLOUR: [u8; 4] = [170, 51, 119, 255];

pub fn run(
    jobs: &JobSender,
    config: GapConfig,
    progress: &Arc<SharedProgress>,
) -> Result<GapsOutcome, RunFailure> {
    config.validate()?;
    progress.step("read", 0, 1);
    let records = read_records(jobs)?;
    let inputs = RiskInputs::from_records(
        &records.cases,
        &records.mines,
        &records.hotspots,
        &records.services,
        &records.municipalities,
    )
    .map_err(|e| RunFailure::Failed(e.to_string()))?;
    let result = service_gaps(&inputs, &config, progress.as_ref());
    if progress.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let gaps = result?;
    let refs: Vec<_> = records
        .municipalities
        .iter()
        .map(Municipality::reference)
        .collect();
    let month = config.risk.month;
    let name = gaps_layer_name(&config.types, config.reach_m, month);
    let layer = gaps_layer(&name, &gaps, &refs);
    let style = LayerStyle {
        rule: StyleRule::Single {
            colour: GAP_COLOUR,
            symbol: Symbol::Square,
        },
        label_field: Some("rank".into()),
    };
    let params = serde_json::json!({
        "config": config,
        "gap_share": GAP_SHARE,
        "gap_cells": gaps.gap_cells,
    })
    .to_string();
    let detail = format!("service gaps for month {month} (app): layer {name}");
    progress.step("write", 0, 1);
    jobs.run(move |store| {
        store.write(|tx| {
            tx.save_analysis_layer("gaps", &layer, Some(&style.to_json()), &params, &detail)
        })
    })?
    .wait()??;
    let label = |m: u16| {
        usize::from(m)
            .checked_sub(1)
            .and_then(|i| refs.get(i))
            .map_or_else(String::new, |r| r.name.clone())
    };
    Ok(GapsOutcome {
        layer: name,
        areas: gaps.areas.len(),
        hexagons: gaps.hexagons(),
        uncovered: published(gaps.uncovered_cases()),
        top: gaps
            .areas
            .iter()
            .take(LISTED)
            .map(|a| GapRow {
                rank: a.rank,
                municipality: label(a.municipality),
                area_km2: a.area_km2,
                uncovered: published(a.uncovered_cases),
            })
            .collect(),
    })
}
