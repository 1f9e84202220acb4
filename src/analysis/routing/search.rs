//! The search loop: construction, local search, then ruin-and-recreate iterations under
//! simulated annealing, keeping the best plan.
//!
//! Acceptance of a candidate against the current solution: more stops served in the first
//! priority class where they differ — always; fewer — never; the same — when its cost is
//! below `current + T·ln(1/U)`, U uniform in (0, 1) (SA as in SISR). T cools geometrically
//! from `T0 = 0.3 × mean leg cost` to `T0 / 100` over the iterations (or the time limit,
//! whichever runs out first). Every new best gets a full local search. Progress "route"
//! every 32 iterations, with a check for cancel. The random stream is ChaCha8 from the
//! seed; nothing else varies, so a run that ends by its iteration count is reproducible.
//! Complexity: iterations × O(removed · Σ L) plus local search on improvements.

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::inst::Inst;
use super::model::Problem;
use super::plan::RoutePlan;
use super::state::{Sol, cmp_served};
use super::{RoutingConfig, RoutingError, local, output, repair, ruin};
use crate::progress::Progress;
use std::cmp::Ordering;

const T0_FACTOR: f64 = 0.3;
const T_RATIO: f64 = 0.01;
const PROGRESS_EVERY: u64 = 32;

pub(super) fn run(
    problem: &Problem,
    cfg: &RoutingConfig,
    progress: &dyn Progress,
) -> Result<RoutePlan, RoutingError> {
    let t_start = Instant::now();
    let inst = Inst::new(problem, cfg);
    let iterations = cfg.iterations_for(inst.active.len());
    progress.step("route", 0, iterations);
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let mut cur = Sol::empty(&inst);
    super::construct::construct(&inst, &mut cur);
    progress.check()?;
    local::improve(&inst, &mut cur, &mut rng);
    repair::repair(&inst, &mut cur);
    let mut best = cur.clone();
    let mut cand = cur.clone();
    let legs = cur.served.iter().sum::<u32>() as f64
        + cur.routes.iter().filter(|r| r.len() > 0).count() as f64;
    let t0 = T0_FACTOR * cur.cost / legs.max(1.0);
    let mut done = 0;
    if inst.active.len() >= 2 {
        while done < iterations {
            if done % PROGRESS_EVERY == 0 {
                progress.check()?;
                progress.step("route", done, iterations);
            }
            let mut frac = done as f64 / iterations as f64;
            if let Some(limit) = cfg.time_limit {
                let f = t_start.elapsed().as_secs_f64() / limit.as_secs_f64().max(1e-9);
                if f >= 1.0 {
                    break;
                }
                frac = frac.max(f);
            }
            let temp = t0 * T_RATIO.powf(frac);
            cand.clone_from(&cur);
            ruin::ruin_recreate(&inst, &mut cand, &mut rng);
            done += 1;
            if accept(&cand, &cur, temp, &mut rng) {
                std::mem::swap(&mut cur, &mut cand);
                if cur.cmp(&best) == Ordering::Greater {
                    local::improve(&inst, &mut cur, &mut rng);
                    best.clone_from(&cur);
                }
            }
        }
    }
    progress.check()?;
    local::improve(&inst, &mut best, &mut rng);
    repair::repair(&inst, &mut best);
    progress.step("route", iterations, iterations);
    Ok(output::plan(&inst, problem, &best, done))
}

fn accept(cand: &Sol, cur: &Sol, temp: f64, rng: &mut impl Rng) -> bool {
    match cmp_served(&cand.served, &cur.served) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => {
            let u: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
            cand.cost < cur.cost - temp * u.ln()
        }
    }
}
