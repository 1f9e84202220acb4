//! Demand for siting: which cases still need a centre, how much each weighs and which
//! candidate sites reach it, aggregated into classes.
//!
//! Inputs: cases, existing services and candidates (WGS84 points), the configuration's reach
//! (metres or walking minutes, see [`Reach`]), service types, weights, capacity switch and
//! projected CRS (metres; geographic CRSs are refused).
//! Steps: every point is projected to the CRS ([`project_cases`], [`metric::project_wgs84`]);
//! cases within reach of an existing service of the chosen types (empty = every service) are
//! already covered and left out ([`coverage_projected`]: same rule as `riskatlas coverage`);
//! the candidates go into a [`KdTree`] and each remaining case gets the sorted list of
//! candidates within reach (straight line ≤ reach, inclusive; radius queries on all cores);
//! cases no candidate reaches are counted apart ("not reachable by any candidate"); the rest
//! are merged into classes of identical candidate lists ([`Instance::aggregate`]), split also
//! by per-case weight when capacities are used.
//! Complexity: O((n + m) log m + Z log n) for n cases, m candidates and Z (case, candidate)
//! pairs within reach; memory O(Z).

use std::rc::Rc;

use geo::Point;

use super::instance::{Instance, NONE, Rows};
use super::{Candidate, DemandWeight, SitingConfig, SitingError};
use crate::analysis::coverage::{CoverageConfig, coverage_projected, project_cases};
use crate::analysis::kdtree::KdTree;
use crate::analysis::metric::{self, MetricError};
use crate::analysis::nearest::{ServiceIndex, for_each_case};
use crate::model::{Case, Service};
use crate::progress::Progress;

/// Demand totals before any new site is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DemandTotals {
    /// All cases and their weight.
    pub all_cases: usize,
    pub all_demand: f64,
    /// Within reach of an existing service of the chosen types.
    pub existing_cases: usize,
    pub existing_demand: f64,
    /// Not covered yet but within reach of at least one candidate.
    pub reachable_cases: usize,
    pub reachable_demand: f64,
    /// Not covered yet and out of reach of every candidate.
    pub unreachable_cases: usize,
    pub unreachable_demand: f64,
}

impl DemandTotals {
    /// Cases not covered by an existing service.
    pub fn uncovered_cases(&self) -> usize {
        self.reachable_cases + self.unreachable_cases
    }

    pub fn uncovered_demand(&self) -> f64 {
        self.reachable_demand + self.unreachable_demand
    }
}

pub(crate) struct Demand {
    /// Classes of reachable uncovered demand over every candidate (local id = input index).
    pub inst: Rc<Instance>,
    /// Per case: its class, or [`NONE`] (covered already, unreachable).
    pub class_of_case: Vec<u32>,
    pub reach_m: f64,
    pub totals: DemandTotals,
}

/// Per-case weights (finite, ≥ 0).
pub(crate) fn case_weights(cases: &[Case], w: &DemandWeight) -> Result<Vec<f64>, SitingError> {
    let bad = |what: String| Err(SitingError::BadWeights(what));
    let out: Vec<f64> = match w {
        DemandWeight::Uniform => vec![1.0; cases.len()],
        DemandWeight::ByKind(map) => {
            if let Some((k, v)) = map.iter().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
                return bad(format!(
                    "the weight of {} must be a number ≥ 0, not {v}",
                    k.code()
                ));
            }
            let weight = |c: &Case| map.get(&c.kind).copied().unwrap_or(1.0);
            cases.iter().map(weight).collect()
        }
        DemandWeight::PerCase(v) => {
            if v.len() != cases.len() {
                return bad(format!("{} weights for {} cases", v.len(), cases.len()));
            }
            if let Some(i) = v.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
                return bad(format!(
                    "the weight of case {} must be a number ≥ 0, not {}",
                    i, v[i]
                ));
            }
            v.clone()
        }
    };
    Ok(out)
}

/// Builds the demand classes (see the module doc).
pub(crate) fn build(
    cases: &[Case],
    services: &[Service],
    candidates: &[Candidate],
    cfg: &SitingConfig,
    progress: &dyn Progress,
) -> Result<Demand, SitingError> {
    let reach_m = cfg.reach.metres()?;
    let weights = case_weights(cases, &cfg.weights)?;
    metric::require_metric(&cfg.crs)?;
    let xy = project_cases(cases, &cfg.crs, progress)?;
    let index = ServiceIndex::build(services, &cfg.service_types, &cfg.crs)?;
    let cov_cfg = CoverageConfig {
        types: cfg.service_types.clone(),
        reach: cfg.reach,
        crs: cfg.crs.clone(),
        geodesic: false,
    };
    let existing = coverage_projected(cases, &xy, &index, &cov_cfg, progress)?;
    let pos: Vec<Point<f64>> = candidates.iter().map(|c| c.pos_wgs84).collect();
    let cand_xy = metric::project_wgs84(&pos, &cfg.crs, "project candidates", progress).map_err(
        |e| match e {
            MetricError::Projection { index, source } => SitingError::BadCandidate {
                index,
                id: candidates[index].id.clone(),
                reason: source.to_string(),
            },
            other => other.into(),
        },
    )?;
    let tree = KdTree::new(cand_xy.iter().enumerate().map(|(j, p)| (*p, j as u32)));
    // Widened a hair so rounding never drops a candidate at exactly `reach_m`.
    let search = reach_m * (1.0 + 1e-9);
    let lists = for_each_case(
        cases.len(),
        "siting: candidates within reach",
        progress,
        |i| {
            if existing.is_covered(i) {
                return Vec::new();
            }
            let mut l = Vec::new();
            tree.within(xy[i], search * search, &mut |j, d2| {
                if d2.sqrt() <= reach_m {
                    l.push(j);
                }
            });
            l.sort_unstable();
            l
        },
    )?;
    progress.check()?;
    let mut totals = DemandTotals {
        all_cases: cases.len(),
        all_demand: weights.iter().sum(),
        ..Default::default()
    };
    let mut ptr = Vec::with_capacity(cases.len() + 1);
    let mut idx = Vec::new();
    ptr.push(0);
    for (i, l) in lists.iter().enumerate() {
        let w = weights[i];
        if existing.is_covered(i) {
            totals.existing_cases += 1;
            totals.existing_demand += w;
        } else if l.is_empty() {
            totals.unreachable_cases += 1;
            totals.unreachable_demand += w;
        } else {
            totals.reachable_cases += 1;
            totals.reachable_demand += w;
        }
        idx.extend_from_slice(l);
        ptr.push(idx.len());
    }
    drop(lists);
    let key: Vec<u64> = if cfg.uses_capacity(candidates) {
        weights.iter().map(|w| w.to_bits()).collect()
    } else {
        vec![0; cases.len()]
    };
    let ones = vec![1u64; cases.len()];
    let rows = Rows {
        ptr: &ptr,
        idx: &idx,
        w: &weights,
        cases: &ones,
        key: &key,
        unit_w: cfg.uses_capacity(candidates).then_some(&weights[..]),
    };
    let (inst, class_of_case) = Instance::aggregate(&rows, (0..candidates.len() as u32).collect());
    debug_assert!(
        class_of_case
            .iter()
            .all(|&c| c == NONE || (c as usize) < inst.classes())
    );
    Ok(Demand {
        inst: Rc::new(inst),
        class_of_case,
        reach_m,
        totals,
    })
}
