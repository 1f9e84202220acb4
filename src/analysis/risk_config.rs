//! The parameters of a risk run ([`RiskConfig`], [`RiskWeights`]) and its errors.
//!
//! Units: metres for every distance, a calendar month 1–12, weights as relative numbers
//! (≥ 0, not all 0; the score divides by their sum). Serialised as JSON (`serde`, missing
//! fields take their defaults) so the app can save the user's choices and every run records
//! exactly what it used. See [`super::risk`] for what each factor means.

use serde::{Deserialize, Serialize};

use super::kde::KdeError;
use crate::crs::CrsError;
use crate::model::ServiceType;
use crate::progress::Cancelled;

/// Relative weights of the factors (any non-negative numbers; they are divided by their sum).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskWeights {
    pub density: f64,
    pub mines: f64,
    pub hotspots: f64,
    pub services: f64,
}

impl Default for RiskWeights {
    /// Density 0.4, mines 0.25, hotspots 0.15, service distance 0.2: where children were
    /// found weighs most; the two known exploitation places next; remoteness last.
    fn default() -> Self {
        Self {
            density: 0.4,
            mines: 0.25,
            hotspots: 0.15,
            services: 0.2,
        }
    }
}

impl RiskWeights {
    pub fn sum(&self) -> f64 {
        self.density + self.mines + self.hotspots + self.services
    }
}

/// Every parameter of a risk run (saved with the run; the app edits and stores it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskConfig {
    /// Cell size in metres (default 100).
    pub pixel_m: f64,
    /// Calendar month 1–12 (hotspots inactive in it contribute 0). Default 7 (July).
    pub month: u32,
    /// Kernel radius of the case density in metres (default 1,000).
    pub density_radius_m: f64,
    pub weights: RiskWeights,
    /// Distance at which the mine factor reaches 0 (default 3,000 m).
    pub mine_decay_m: f64,
    /// Width of the decaying band around active hotspots (default 1,000 m).
    pub hotspot_band_m: f64,
    /// Services that count as help nearby (default: day centres and CPUs).
    pub service_types: Vec<ServiceType>,
    /// Distance at which the service factor reaches 1 (default 5,000 m).
    pub service_far_m: f64,
    /// Keep the four factor rasters in the result (memory: 16 bytes per cell).
    pub keep_factors: bool,
}

impl Default for RiskConfig {
    fn default() -> Self {
        Self {
            pixel_m: 100.0,
            month: 7,
            density_radius_m: 1000.0,
            weights: RiskWeights::default(),
            mine_decay_m: 3000.0,
            hotspot_band_m: 1000.0,
            service_types: vec![ServiceType::DayCentre, ServiceType::ChildProtectionUnit],
            service_far_m: 5000.0,
            keep_factors: false,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RiskError {
    #[error("the month must be 1 to 12 (got {0})")]
    BadMonth(u32),
    #[error("{name} must be a finite number ≥ 0 (got {value})")]
    BadParameter { name: &'static str, value: f64 },
    #[error("the weights must not all be 0")]
    ZeroWeights,
    #[error("there are no municipalities to define the land")]
    NoLand,
    #[error(transparent)]
    Grid(KdeError),
    #[error(transparent)]
    Crs(#[from] CrsError),
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for RiskError {
    fn from(_: Cancelled) -> Self {
        RiskError::Cancelled
    }
}

impl RiskConfig {
    pub fn validate(&self) -> Result<(), RiskError> {
        if !(1..=12).contains(&self.month) {
            return Err(RiskError::BadMonth(self.month));
        }
        let w = &self.weights;
        let checks = [
            ("pixel_m", self.pixel_m, true),
            ("density_radius_m", self.density_radius_m, true),
            ("mine_decay_m", self.mine_decay_m, false),
            ("hotspot_band_m", self.hotspot_band_m, false),
            ("service_far_m", self.service_far_m, true),
            ("the density weight", w.density, false),
            ("the mines weight", w.mines, false),
            ("the hotspots weight", w.hotspots, false),
            ("the services weight", w.services, false),
        ];
        for (name, value, positive) in checks {
            if !value.is_finite() || value < 0.0 || (positive && value == 0.0) {
                return Err(RiskError::BadParameter { name, value });
            }
        }
        if w.sum() <= 0.0 {
            return Err(RiskError::ZeroWeights);
        }
        Ok(())
    }
}
