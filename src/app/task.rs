//! A background task: any work run on its own named thread, with a [`SharedProgress`] the UI
//! reads (progress bar) and sets (Cancel), and a channel the UI polls once a frame.
//!
//! The same pattern as the project loader in `jobs.rs`, made generic for imports and new
//! projects. The work decides what cancelling means (imports roll back their transaction); the
//! task is kept until the thread has reported, so nothing else opens the project while a
//! cancelled import is still closing it.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::progress::{Progress, SharedProgress};

/// The thread ended without a result (it panicked): nothing was committed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the background task stopped unexpectedly")]
pub struct TaskLost;

/// Work running on a background thread, producing a `T`.
pub struct Task<T> {
    pub progress: Arc<SharedProgress>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a thread called `name`. `repaint` (when given) is woken when it ends.
    pub fn spawn(
        name: &str,
        repaint: Option<egui::Context>,
        work: impl FnOnce(&Arc<SharedProgress>) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Arc::new(SharedProgress::default());
        let (tx, rx) = mpsc::channel();
        let thread_progress = Arc::clone(&progress);
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let result = work(&thread_progress);
                // The UI may have gone (window closed): nothing to report to then.
                let _ = tx.send(result);
                if let Some(ctx) = repaint {
                    ctx.request_repaint();
                }
            })?;
        Ok(Self { progress, rx })
    }

    /// The result once the thread has finished; `None` while it runs.
    pub fn poll(&self) -> Option<Result<T, TaskLost>> {
        match self.rx.try_recv() {
            Ok(result) => Some(Ok(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(TaskLost)),
        }
    }

    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// Whether Cancel was pressed (the thread may still be finishing).
    pub fn is_cancelling(&self) -> bool {
        self.progress.is_cancelled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait<T: Send + 'static>(task: &Task<T>) -> Result<T, TaskLost> {
        let start = Instant::now();
        loop {
            if let Some(r) = task.poll() {
                return r;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "task hung");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn result_comes_back_and_cancel_is_seen_by_the_work() {
        let task = Task::spawn("t-ok", None, |p| {
            p.step("x", 1, 2);
            21 * 2
        })
        .expect("spawn");
        assert_eq!(wait(&task), Ok(42));

        let (go_tx, go_rx) = mpsc::channel::<()>();
        let task = Task::spawn("t-cancel", None, move |p| {
            let _ = go_rx.recv();
            p.check().is_err()
        })
        .expect("spawn");
        task.cancel();
        assert!(task.is_cancelling());
        let _ = go_tx.send(());
        assert_eq!(wait(&task), Ok(true));
    }

    #[test]
    fn a_panicking_thread_is_reported_lost() {
        let task: Task<()> = Task::spawn("t-panic", None, |_| panic!("boom")).expect("spawn");
        assert_eq!(wait(&task), Err(TaskLost));
    }
}
