//! [`ProjectWorker`]: one thread that owns an open [`ProjectStore`] for as long as the project
//! is open (so the project's lock is held all that time), and does its writes in order.
//!
//! Requests arrive on a channel: apply an [`EditCommand`] in ONE transaction (the reply, on a
//! second channel the UI polls once per frame without blocking, carries the command as
//! applied: new fid, values as stored), run any other job on the store (`run`, e.g. imports
//! and analyses, with its own typed reply), or close. Undo and redo are edits like any other
//! (the inverse command). Closing (or dropping the worker) finishes the queue, then closes the
//! store cleanly: WAL checkpointed, rollback journal, lock released. A panicking job is
//! caught: its transaction rolls back and the worker goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

use super::{ProjectStore, StoreError, StoreTx};
use crate::edit::{EditCommand, EditPurpose};

type Job = Box<dyn FnOnce(&mut ProjectStore) + Send>;

enum Request {
    Apply {
        purpose: EditPurpose,
        command: Box<EditCommand>,
    },
    Run(Job),
    Close,
}

/// The outcome of one edit request.
#[derive(Debug)]
pub struct EditReply {
    pub purpose: EditPurpose,
    /// The command as sent.
    pub requested: EditCommand,
    /// The command as applied (fids and values as stored), or why nothing changed.
    pub result: Result<EditCommand, StoreError>,
}

/// The reply of a [`ProjectWorker::run`] job.
pub struct JobReply<T> {
    rx: Receiver<T>,
}

impl<T> JobReply<T> {
    /// The result once the job has run; `None` while it waits or runs.
    pub fn poll(&self) -> Option<Result<T, StoreError>> {
        match self.rx.try_recv() {
            Ok(v) => Some(Ok(v)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(StoreError::WorkerLost)),
        }
    }

    /// Blocks until the job has run (for the CLI and tests; the UI polls).
    pub fn wait(self) -> Result<T, StoreError> {
        self.rx.recv().map_err(|_| StoreError::WorkerLost)
    }
}

/// Queues jobs on a [`ProjectWorker`] from any thread; cloneable. Jobs sent after the worker
/// closed fail with `WorkerLost`.
#[derive(Clone)]
pub struct JobSender {
    requests: Sender<Request>,
}

impl JobSender {
    /// As [`ProjectWorker::run`].
    pub fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut ProjectStore) -> T + Send + 'static,
    ) -> Result<JobReply<T>, StoreError> {
        let (tx, rx) = mpsc::channel();
        let job: Job = Box::new(move |store| {
            let _ = tx.send(job(store));
        });
        self.requests
            .send(Request::Run(job))
            .map_err(|_| StoreError::WorkerLost)?;
        Ok(JobReply { rx })
    }
}

/// Called on the worker thread after each reply (the app wakes its UI with it).
pub type Notify = Box<dyn Fn() + Send>;

pub struct ProjectWorker {
    path: PathBuf,
    requests: Sender<Request>,
    replies: Receiver<EditReply>,
    closed: Receiver<Result<(), StoreError>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for ProjectWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProjectWorker({})", self.path.display())
    }
}

impl ProjectWorker {
    /// Moves `store` onto a new thread named `riskatlas-project`.
    pub fn spawn(store: ProjectStore) -> Result<Self, StoreError> {
        Self::spawn_with_notify(store, None)
    }

    /// As [`spawn`](Self::spawn); `notify` is called after every reply.
    pub fn spawn_with_notify(
        mut store: ProjectStore,
        notify: Option<Notify>,
    ) -> Result<Self, StoreError> {
        let path = store.path().to_path_buf();
        let (requests, inbox) = mpsc::channel::<Request>();
        let (reply_tx, replies) = mpsc::channel();
        let (closed_tx, closed) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("riskatlas-project".into())
            .spawn(move || {
                let notify = || {
                    if let Some(n) = &notify {
                        n();
                    }
                };
                // Ends on Close, or when the worker handle is gone.
                for request in inbox {
                    match request {
                        Request::Apply { purpose, command } => {
                            let result = store.write(|tx| apply_edit(tx, &command));
                            let _ = reply_tx.send(EditReply {
                                purpose,
                                requested: *command,
                                result,
                            });
                        }
                        Request::Run(job) => {
                            if catch_unwind(AssertUnwindSafe(|| job(&mut store))).is_err() {
                                eprintln!("riskatlas: a project job failed unexpectedly");
                            }
                        }
                        Request::Close => break,
                    }
                    notify();
                }
                let _ = closed_tx.send(store.close());
            })?;
        Ok(Self {
            path,
            requests,
            replies,
            closed,
            thread: Some(thread),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queues an edit; its [`EditReply`] comes through [`poll`](Self::poll).
    pub fn apply(&self, purpose: EditPurpose, command: EditCommand) -> Result<(), StoreError> {
        self.requests
            .send(Request::Apply {
                purpose,
                command: Box::new(command),
            })
            .map_err(|_| StoreError::WorkerLost)
    }

    /// The next edit reply, if one has arrived (never blocks).
    pub fn poll(&self) -> Option<EditReply> {
        self.replies.try_recv().ok()
    }

    /// Whether the thread has stopped (it only stops on close, or after a fatal error).
    pub fn is_lost(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// A handle that queues jobs from another thread (an import task waits on its job there).
    pub fn jobs(&self) -> JobSender {
        JobSender {
            requests: self.requests.clone(),
        }
    }

    /// Queues a job on the store; its result comes through the returned [`JobReply`].
    pub fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut ProjectStore) -> T + Send + 'static,
    ) -> Result<JobReply<T>, StoreError> {
        self.jobs().run(job)
    }

    /// Finishes the queued requests, closes the store and ends the thread.
    pub fn close(mut self) -> Result<(), StoreError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), StoreError> {
        let Some(thread) = self.thread.take() else {
            return Ok(());
        };
        let _ = self.requests.send(Request::Close);
        let result = self.closed.recv().unwrap_or(Err(StoreError::WorkerLost));
        let _ = thread.join();
        result
    }
}

impl Drop for ProjectWorker {
    fn drop(&mut self) {
        if let Err(e) = self.shutdown() {
            eprintln!("riskatlas: closing {}: {e}", self.path.display());
        }
    }
}

/// Applies one edit inside `tx` and returns it as applied. An update or delete whose `before`
/// no longer matches the stored feature is refused (`EditConflict`): undo never overwrites a
/// change it did not make.
pub fn apply_edit(tx: &StoreTx<'_>, command: &EditCommand) -> Result<EditCommand, StoreError> {
    let stored = |layer: &str, fid: i64| {
        tx.read_feature(layer, fid)?
            .ok_or_else(|| StoreError::NoSuchFeature {
                layer: layer.to_string(),
                fid,
            })
    };
    let unchanged = |layer: &str, fid: i64, expected: &crate::model::Feature| {
        let current = stored(layer, fid)?;
        if current.geometry_wgs84 != expected.geometry_wgs84 || current.values != expected.values {
            return Err(StoreError::EditConflict {
                layer: layer.to_string(),
                fid,
            });
        }
        Ok(current)
    };
    match command {
        EditCommand::Insert { layer, feature } => {
            let fid = tx.insert_feature(layer, feature)?;
            Ok(EditCommand::Insert {
                layer: layer.clone(),
                feature: stored(layer, fid)?,
            })
        }
        EditCommand::Update {
            layer,
            fid,
            before,
            after,
        } => {
            let before = unchanged(layer, *fid, before)?;
            tx.update_feature(layer, *fid, after.geometry_wgs84.as_ref(), &after.values)?;
            Ok(EditCommand::Update {
                layer: layer.clone(),
                fid: *fid,
                before,
                after: stored(layer, *fid)?,
            })
        }
        EditCommand::Delete { layer, feature } => {
            let fid = feature.fid.ok_or_else(|| StoreError::BadLayer {
                layer: layer.clone(),
                reason: "a feature without a fid cannot be deleted".into(),
            })?;
            let feature = unchanged(layer, fid, feature)?;
            tx.delete_feature(layer, fid)?;
            Ok(EditCommand::Delete {
                layer: layer.clone(),
                feature,
            })
        }
    }
}
