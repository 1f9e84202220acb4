//! Progress and cancellation: the small seam between long work and whoever watches it.
//!
//! Library code takes `&dyn Progress`, calls `step` now and then and stops with
//! [`Cancelled`] when `is_cancelled` says so. The app passes a [`SharedProgress`] that its
//! progress bar reads and its Cancel button sets; the CLI passes [`NoProgress`].

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The work was cancelled by the user; nothing was committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled by the user")]
pub struct Cancelled;

pub trait Progress: Send + Sync {
    /// `done` of `total` units of the current `stage` are finished.
    fn step(&self, stage: &str, done: u64, total: u64);
    fn is_cancelled(&self) -> bool;

    /// `Err(Cancelled)` when the user asked to stop.
    fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Ignores progress and is never cancelled.
pub struct NoProgress;

impl Progress for NoProgress {
    fn step(&self, _: &str, _: u64, _: u64) {}
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// Progress shared between a worker thread and the UI.
#[derive(Default)]
pub struct SharedProgress {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
    stage: Mutex<String>,
}

impl SharedProgress {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Fraction finished in 0..=1 (0 while the total is unknown).
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            0.0
        } else {
            (self.done.load(Ordering::Relaxed) as f64 / total as f64).clamp(0.0, 1.0) as f32
        }
    }

    pub fn stage(&self) -> String {
        self.stage.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Progress for SharedProgress {
    fn step(&self, stage: &str, done: u64, total: u64) {
        if let Ok(mut s) = self.stage.lock()
            && s.as_str() != stage
        {
            *s = stage.to_string();
        }
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}
