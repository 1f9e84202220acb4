//! Background jobs: opening a project off the UI thread.
//!
//! [`LoadJob::spawn`] starts a named thread (`riskatlas-load`) that opens the GeoPackage,
//! reads every layer, and prepares its screen geometry (triangulation, Mercator cache), while
//! reporting through a [`SharedProgress`] (stage = the layer being read) and honouring its
//! cancel flag between layers. The result comes back on a channel that the UI polls once a
//! frame ([`LoadJob::poll`]); the thread asks egui for a repaint when it finishes. The UI
//! thread never touches the project file. The project then stays open: the loader hands the
//! open store to a [`ProjectWorker`] (which holds the project's lock until it is closed), and
//! closes the previous project's worker before opening anything.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::geometry::PreparedLayer;
use super::state::{LayerView, LoadedProject};
use crate::model::{FeatureLayer, LayerStyle};
use crate::progress::{Cancelled, Progress, SharedProgress};
use crate::store::worker::Notify;
use crate::store::{ProjectStore, ProjectWorker, StoreError};

/// The progress stage while the demo project is being written on first start.
pub const STAGE_DEMO: &str = "\u{1}demo";

/// What to open.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadSource {
    File(PathBuf),
    /// The embedded demo, written to the user data directory on first use.
    Demo,
    /// The last project of a previous session, or the demo when that file is gone.
    FileOrDemo(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
    #[error("the loader thread could not start: {0}")]
    Spawn(std::io::Error),
    #[error("the loader thread stopped unexpectedly")]
    Lost,
}

/// A loaded project and the worker thread that keeps it open for edits.
pub struct Opened {
    pub project: LoadedProject,
    pub worker: ProjectWorker,
}

/// A running load: its progress (shared with the thread) and the channel of its result.
pub struct LoadJob {
    pub source: LoadSource,
    pub progress: Arc<SharedProgress>,
    rx: Receiver<Result<Opened, LoadError>>,
}

impl LoadJob {
    /// Starts loading on a named thread. `repaint` (when given) is woken when the job ends
    /// and whenever the project's worker replies. `previous` is closed first.
    pub fn spawn(
        source: LoadSource,
        repaint: Option<egui::Context>,
        previous: Option<ProjectWorker>,
    ) -> Result<Self, LoadError> {
        let progress = Arc::new(SharedProgress::default());
        let (tx, rx) = mpsc::channel();
        let (thread_source, thread_progress) = (source.clone(), Arc::clone(&progress));
        std::thread::Builder::new()
            .name("riskatlas-load".into())
            .spawn(move || {
                if let Some(Err(e)) = previous.map(ProjectWorker::close) {
                    eprintln!("riskatlas: closing the previous project: {e}");
                }
                let result =
                    load(thread_source, thread_progress.as_ref()).and_then(|(p, store)| {
                        let notify = repaint
                            .clone()
                            .map(|ctx| -> Notify { Box::new(move || ctx.request_repaint()) });
                        let worker = ProjectWorker::spawn_with_notify(store, notify)?;
                        Ok(Opened { project: p, worker })
                    });
                // The UI may have gone (window closed): nothing to report to then.
                let _ = tx.send(result);
                if let Some(ctx) = repaint {
                    ctx.request_repaint();
                }
            })
            .map_err(LoadError::Spawn)?;
        Ok(Self {
            source,
            progress,
            rx,
        })
    }

    /// The result once the job has finished; `None` while it runs.
    pub fn poll(&self) -> Option<Result<Opened, LoadError>> {
        match self.rx.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(LoadError::Lost)),
        }
    }

    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

/// Opens and reads a whole project (runs on the loader thread); returns it with its store,
/// still open.
pub fn load(
    source: LoadSource,
    progress: &dyn Progress,
) -> Result<(LoadedProject, ProjectStore), LoadError> {
    let path = match source {
        LoadSource::File(path) => path,
        LoadSource::FileOrDemo(path) if path.exists() => path,
        LoadSource::Demo | LoadSource::FileOrDemo(_) => {
            progress.step(STAGE_DEMO, 0, 1);
            crate::demo::ensure_default_project()?
        }
    };
    progress.check()?;
    let store = ProjectStore::open(&path)?;
    let infos = store.layers()?;
    // Metadata is optional: a project without it still opens.
    let title = store.meta("title").ok().flatten();
    let notice = store.meta("synthetic_cases").ok().flatten();
    // The user's own layer order (saved by `layer_ops`) wins over the default order by kind.
    let user_order = store
        .meta(super::layer_ops::USER_ORDER_KEY)
        .ok()
        .flatten()
        .is_some_and(|v| v == "user");
    let total = infos.len() as u64;
    let mut layers = Vec::with_capacity(infos.len());
    for (i, info) in infos.iter().enumerate() {
        progress.check()?;
        progress.step(&info.name, i as u64, total);
        let data = store.read_layer(&info.name)?;
        // A saved style this version cannot read falls back to the default (never an error:
        // the data matter more than their colours).
        let style = info
            .style_json
            .as_deref()
            .and_then(LayerStyle::from_json)
            .unwrap_or_else(|| LayerStyle::default_for(&data));
        let mut view = view_with_style(data, style);
        // A layer the project stores as hidden stays hidden.
        view.visible &= info.visible;
        layers.push(view);
    }
    progress.step("", total, total);
    let mut project = LoadedProject::new(path, title, notice, layers);
    if user_order {
        // `layers()` lists them by their saved order, bottom first.
        let order: Vec<&str> = infos.iter().map(|i| i.name.as_str()).collect();
        project.layers.sort_by_key(|l| {
            order
                .iter()
                .position(|n| *n == l.name)
                .unwrap_or(usize::MAX)
        });
    }
    Ok((project, store))
}

/// Prepares a layer read from the store for the map, in its default style.
pub fn view_of(data: FeatureLayer) -> LayerView {
    let style = LayerStyle::default_for(&data);
    view_with_style(data, style)
}

/// Prepares a layer for the map in `style`.
pub fn view_with_style(data: FeatureLayer, style: LayerStyle) -> LayerView {
    let mut prepared = PreparedLayer::build(&data);
    let class_counts = classify(&data, &style, &mut prepared);
    let shown_count = data.features.len();
    LayerView {
        name: data.name.clone(),
        kind: data.kind,
        feature_count: data.features.len(),
        extent_wgs84: data.extent_wgs84(),
        visible: LayerView::visible_by_default(data.kind),
        opacity: 1.0,
        data: Arc::new(data),
        prepared: Arc::new(prepared),
        class_counts,
        mask: None,
        shown_count,
        style: Arc::new(style),
    }
}

/// Sets each prepared feature's class from the style and returns the number of features per
/// class (the last class holds "other / no value").
pub fn classify(
    data: &FeatureLayer,
    style: &LayerStyle,
    prepared: &mut PreparedLayer,
) -> Vec<usize> {
    let n = style.class_count();
    let mut counts = vec![0; n];
    let col = style.field().and_then(|f| data.field_index(f));
    for pf in &mut prepared.features {
        let class = match col {
            Some(c) => data
                .features
                .get(pf.feature)
                .and_then(|f| f.values.get(c))
                .map_or(n - 1, |v| style.class_of(v)),
            // A single symbol, or a field the layer no longer has: everything in class 0.
            None => 0,
        };
        let class = class.min(n - 1).min(u8::MAX as usize);
        pf.class = class as u8;
        counts[class] += 1;
    }
    counts
}

/// Saves a layer's style in the project through the worker that holds it open; the reply
/// reports the outcome once.
pub fn save_style(
    worker: Option<&crate::store::ProjectWorker>,
    layer: String,
    style_json: String,
) -> Result<crate::store::JobReply<Result<(), StoreError>>, StoreError> {
    let worker = worker.ok_or(StoreError::WorkerLost)?;
    worker.run(move |store| store.write(|t| t.set_layer_style(&layer, &style_json)))
}
