//! Capacity-aware coverage: how many cases each centre (day centres by default) would serve,
//! against the places it has.
//!
//! Inputs: cases, services, [`CapacityConfig`] (the centre types, default day centres; the
//! reach, CRS and geodesic switch as in [`coverage`](super::coverage)). A centre's capacity is
//! `Service::capacity` (children); `None` means unlimited.
//!
//! Two figures per centre, both deterministic:
//! - **load**: every case with at least one centre within reach counts at its nearest centre
//!   (ties to the lowest service index). A centre is **overloaded** when load > capacity.
//! - **assigned**: cases placed greedily within capacity. All (case, centre) pairs within
//!   reach are taken in order of increasing distance (ties by case index, then service index);
//!   a pair is accepted when its case is not yet placed and its centre still has room. A case
//!   whose nearest centre is full thus goes to its next nearest centre with room within reach.
//!   `covered_within_capacity` counts placed cases. The rule is greedy, not an optimal
//!   matching: it favours short trips, and a few more cases could sometimes be placed by
//!   sending others further.
//!
//! Algorithm: per case, the centres within reach sorted by distance (k-d tree radius query,
//! rayon, progress and cancel per chunk); then every case's nearest candidate sorted once,
//! merged with a heap holding the next candidate of cases turned away by a full centre, taken
//! in (distance, case, centre) order: this accepts exactly the pairs a global sort of all
//! pairs would. Complexity: O(n log s + P log n) time, O(P) memory, where P is
//! the number of (case, centre) pairs within reach.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use geo::Point;
use rayon::slice::ParallelSliceMut;

use super::coverage::{CoverageError, Reach, project_cases};
use super::nearest::{ServiceIndex, for_each_case};
use crate::crs::Crs;
use crate::model::{Case, Service, ServiceType};
use crate::progress::Progress;

#[derive(Debug, Clone, PartialEq)]
pub struct CapacityConfig {
    /// Centre types; empty means every service.
    pub types: Vec<ServiceType>,
    pub reach: Reach,
    pub crs: Crs,
    pub geodesic: bool,
}

impl Default for CapacityConfig {
    fn default() -> Self {
        Self {
            types: vec![ServiceType::DayCentre],
            reach: Reach::default(),
            crs: Crs::albania_tm(),
            geodesic: false,
        }
    }
}

/// One centre's demand against its capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct CentreLoad {
    /// Index into the services slice.
    pub service: usize,
    pub name: String,
    /// Places; `None` = unlimited.
    pub capacity: Option<u32>,
    /// Cases within reach whose nearest centre this is.
    pub load: usize,
    /// Cases placed here by the greedy rule (never more than the capacity).
    pub assigned: usize,
    pub overloaded: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapacityReport {
    pub reach_m: f64,
    /// Centres of the chosen types, in services order.
    pub centres: Vec<CentreLoad>,
    pub total: usize,
    /// Cases with at least one centre within reach.
    pub in_reach: usize,
    /// Cases placed within capacity.
    pub covered_within_capacity: usize,
    /// Per case: the centre (service index) it was placed at.
    pub placed: Vec<Option<usize>>,
}

impl CapacityReport {
    pub fn overloaded(&self) -> usize {
        self.centres.iter().filter(|c| c.overloaded).count()
    }
}

/// Capacity-aware coverage (see the module doc).
pub fn capacity(
    cases: &[Case],
    services: &[Service],
    cfg: &CapacityConfig,
    progress: &dyn Progress,
) -> Result<CapacityReport, CoverageError> {
    cfg.reach.metres()?;
    let index = ServiceIndex::build(services, &cfg.types, &cfg.crs)?;
    let xy = project_cases(cases, &cfg.crs, progress)?;
    capacity_projected(cases, &xy, services, &index, cfg, progress)
}

/// Capacity-aware coverage for cases already projected to `index`'s CRS (`index` built over
/// `services` with `cfg.types`).
pub fn capacity_projected(
    cases: &[Case],
    cases_xy_m: &[[f64; 2]],
    services: &[Service],
    index: &ServiceIndex,
    cfg: &CapacityConfig,
    progress: &dyn Progress,
) -> Result<CapacityReport, CoverageError> {
    let reach_m = cfg.reach.metres()?;
    let pos: Vec<Point<f64>> = cases.iter().map(|c| c.pos_wgs84).collect();
    let scale = cfg.geodesic.then(|| index.scale_with(&pos));
    let candidates = for_each_case(cases_xy_m.len(), "centres within reach", progress, |i| {
        index.within(cases_xy_m[i], pos[i], reach_m, scale)
    })?;
    progress.check()?;

    let selected = |s: &Service| cfg.types.is_empty() || cfg.types.contains(&s.service_type);
    let mut load = vec![0usize; services.len()];
    let mut room: Vec<Option<u64>> = services.iter().map(|s| s.capacity.map(u64::from)).collect();
    let mut assigned = vec![0usize; services.len()];
    let mut placed = vec![None; cases.len()];
    for c in candidates.iter().filter_map(|c| c.first()) {
        load[c.1] += 1;
    }
    // Keys (distance bits, case, centre, rank in the case's list): distances are finite and
    // ≥ 0, so their bit patterns order as the numbers do. Every case's first candidate is
    // sorted once; later candidates (after a full centre) go to a heap; the smaller head of
    // the two is taken next.
    type Key = (u64, usize, usize, usize);
    let mut first: Vec<Key> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.first().map(|&(d, s)| (d.to_bits(), i, s, 0)))
        .collect();
    first.par_sort_unstable();
    let mut heap: BinaryHeap<Reverse<Key>> = BinaryHeap::new();
    let mut next_first = 0;
    let mut popped = 0u64;
    loop {
        let from_first = match (first.get(next_first), heap.peek()) {
            (Some(a), Some(Reverse(b))) => a < b,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let (_, case, centre, rank) = if from_first {
            next_first += 1;
            first[next_first - 1]
        } else {
            heap.pop().map(|Reverse(k)| k).unwrap_or_default()
        };
        popped += 1;
        if popped.is_multiple_of(1 << 16) {
            progress.check()?;
        }
        let has_room = match &mut room[centre] {
            None => true,
            Some(0) => false,
            Some(r) => {
                *r -= 1;
                true
            }
        };
        if has_room {
            placed[case] = Some(centre);
            assigned[centre] += 1;
        } else if let Some(&(d, s)) = candidates[case].get(rank + 1) {
            heap.push(Reverse((d.to_bits(), case, s, rank + 1)));
        }
    }
    let centres = services
        .iter()
        .enumerate()
        .filter(|(_, s)| selected(s))
        .map(|(i, s)| CentreLoad {
            service: i,
            name: s.name.clone(),
            capacity: s.capacity,
            load: load[i],
            assigned: assigned[i],
            overloaded: s.capacity.is_some_and(|c| load[i] > c as usize),
        })
        .collect();
    Ok(CapacityReport {
        reach_m,
        centres,
        total: cases.len(),
        in_reach: candidates.iter().filter(|c| !c.is_empty()).count(),
        covered_within_capacity: placed.iter().filter(|p| p.is_some()).count(),
        placed,
    })
}

#[cfg(test)]
#[path = "capacity_tests.rs"]
mod tests;
