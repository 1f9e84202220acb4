//! The reach flags `coverage` and `site` share: `--within-m M` (straight line, default
//! 2000), or `--walk-min M [--speed-kmh 4.5] [--detour F]` (walking time; straight line at
//! the speed divided by the detour). Flattened into each command, so the flag names are the
//! same everywhere.

use clap::Args;
use serde_json::json;

use crate::analysis::coverage::{Reach, WALK_SPEED_KMH, WITHIN_M};

#[derive(Args, Debug, Clone)]
pub struct ReachFlags {
    /// Reach as a straight-line distance in metres (default 2000).
    #[arg(long, conflicts_with = "walk_min", allow_negative_numbers = true)]
    pub within_m: Option<f64>,
    /// Reach as a walking time in minutes (straight line at --speed-kmh, divided by --detour).
    #[arg(long, allow_negative_numbers = true)]
    pub walk_min: Option<f64>,
    /// Walking speed in km/h for --walk-min.
    #[arg(long, default_value_t = WALK_SPEED_KMH, requires = "walk_min", allow_negative_numbers = true)]
    pub speed_kmh: f64,
    /// Detour factor for --walk-min: walked distance / straight-line distance (1 = none).
    #[arg(
        long,
        default_value_t = 1.0,
        requires = "walk_min",
        allow_negative_numbers = true
    )]
    pub detour: f64,
}

impl ReachFlags {
    /// The reach the flags describe (checked by `Reach::metres` at the caller).
    pub fn reach(&self) -> Reach {
        match self.walk_min {
            Some(minutes) => Reach::Walk {
                minutes,
                speed_kmh: self.speed_kmh,
                detour: self.detour,
            },
            None => Reach::Distance {
                within_m: self.within_m.unwrap_or(WITHIN_M),
            },
        }
    }

    /// Adds `walk_min`, `speed_kmh`, `detour` to a `--json` summary when walking time is used.
    pub fn add_json(&self, v: &mut serde_json::Value) {
        if let Some(minutes) = self.walk_min {
            v["walk_min"] = json!(minutes);
            v["speed_kmh"] = json!(self.speed_kmh);
            v["detour"] = json!(self.detour);
        }
    }
}
