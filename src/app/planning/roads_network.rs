//! The project's road network, prepared in the background as soon as a project with road
//! layers is open (or a road import has finished), so planning routes does not wait for it.
//!
//! The network is identified by a [`NetworkKey`]: the project file and its road layers with
//! their feature counts; when that changes (a new import, another project) the network is
//! prepared again. The background task reads the road layers through the project's worker,
//! builds the routing graph (`analysis::roads::RoadGraph`), publishes it at once in a shared
//! slot, then builds the contraction hierarchies of both profiles (driving first, the quicker
//! one; walking after). A route run takes the graph from the slot: a hierarchy still being
//! built is waited for (the graph builds each profile once), never built twice. A failed
//! preparation is shown and not retried until the network changes. Cancel stops it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::super::RiskAtlasApp;
use super::super::analysis_job::RunFailure;
use super::super::i18n::T;
use super::super::task::Task;
use crate::analysis::roads::{Profile, RoadGraph};
use crate::analysis::routing_roads::lines_from_layers;
use crate::model::LayerKind;
use crate::progress::Progress;

/// What the prepared network was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkKey {
    pub project: PathBuf,
    /// Road layers (name, feature count), sorted by name.
    pub layers: Vec<(String, usize)>,
}

/// The graph once built (before or after its hierarchies).
pub type GraphSlot = Arc<Mutex<Option<Arc<RoadGraph>>>>;

#[derive(Default)]
pub struct NetworkState {
    /// The key of the network prepared (or being prepared), and its graph once built.
    pub key: Option<NetworkKey>,
    pub graph: GraphSlot,
    pub task: Option<Task<Result<(), RunFailure>>>,
    /// The last preparation's error (shown in the routes window).
    pub error: Option<String>,
    /// Both profiles are prepared.
    pub ready: bool,
}

impl NetworkState {
    /// The graph for `key` when it has been built.
    pub fn graph_for(&self, key: &NetworkKey) -> Option<Arc<RoadGraph>> {
        if self.key.as_ref() != Some(key) {
            return None;
        }
        self.graph.lock().ok().and_then(|g| g.clone())
    }
}

/// The open project's road network key (`None`: no project or no road layer).
pub fn current_key(app: &RiskAtlasApp) -> Option<NetworkKey> {
    let p = app.session.project.as_ref()?;
    let mut layers: Vec<(String, usize)> = p
        .layers
        .iter()
        .filter(|l| l.kind == LayerKind::Roads)
        .map(|l| (l.name.clone(), l.feature_count))
        .collect();
    if layers.is_empty() {
        return None;
    }
    layers.sort();
    Some(NetworkKey {
        project: p.path.clone(),
        layers,
    })
}

/// Takes a finished preparation and starts one when the network changed; true while one runs.
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let state = &mut app.session.planning.routes.network;
    if let Some(result) = state.task.as_ref().and_then(|t| t.poll()) {
        state.task = None;
        match super::task_result(result, T::RoadsImportFailed, lang) {
            Ok(()) => state.ready = true,
            Err(message) => state.error = Some(message),
        }
    }
    let key = current_key(app);
    let state = &mut app.session.planning.routes.network;
    if let Some(task) = &state.task {
        if key != state.key && !task.is_cancelling() {
            task.cancel(); // another project or network: start again once it has stopped
        }
        return true;
    }
    if key == app.session.planning.routes.network.key {
        return false;
    }
    let Some(key) = key else {
        app.session.planning.routes.network = NetworkState::default();
        return false;
    };
    let Ok(jobs) = super::task_worker(app, false) else {
        return false; // loading or busy: try again next frame
    };
    let graph: GraphSlot = Arc::default();
    let slot = Arc::clone(&graph);
    let names: Vec<String> = key.layers.iter().map(|(n, _)| n.clone()).collect();
    let work = move |p: &Arc<crate::progress::SharedProgress>| -> Result<(), RunFailure> {
        p.step("roads", 0, 1);
        let layers = jobs
            .run(move |store| -> Result<Vec<_>, crate::store::StoreError> {
                names.iter().map(|n| store.read_layer(n)).collect()
            })?
            .wait()??;
        let (lines, _) = lines_from_layers(&layers);
        let built = RoadGraph::from_lines(&lines, p.as_ref())
            .map_err(|e| RunFailure::Failed(e.to_string()))?;
        let built = Arc::new(built);
        if let Ok(mut s) = slot.lock() {
            *s = Some(Arc::clone(&built));
        }
        for profile in [Profile::Driving, Profile::Walking] {
            if p.is_cancelled() {
                return Err(RunFailure::Cancelled);
            }
            built
                .prepare(profile, p.as_ref())
                .map_err(|e| RunFailure::Failed(e.to_string()))?;
        }
        Ok(())
    };
    let state = &mut app.session.planning.routes.network;
    *state = NetworkState {
        key: Some(key),
        graph,
        ..NetworkState::default()
    };
    match Task::spawn("roads-prepare", Some(ctx.clone()), work) {
        Ok(task) => {
            state.task = Some(task);
            true
        }
        Err(e) => {
            state.error = Some(e.to_string());
            false
        }
    }
}
