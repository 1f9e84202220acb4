//! Planning (menu Planifikimi): siting new day centres (`siting_*`) and field-team routes
//! (`routes_*`). Like the analysis windows, the panels only read this state and push
//! [`PlanningAction`]s; [`apply`] is the one place that changes it; the work runs on
//! background tasks ([`super::task::Task`]) with progress and Cancel, polled by [`poll`].

pub mod exclusion_overlay;
pub mod roads_import;
pub mod roads_network;
pub mod routes_export;
pub mod routes_job;
pub mod routes_options;
pub mod routes_run;
pub mod routes_selection;
pub mod routes_window;
pub mod siting_candidates;
pub mod siting_job;
pub mod siting_options;
pub mod siting_run;
pub mod siting_window;

use super::RiskAtlasApp;
use super::actions::Action;
use super::i18n::Language;

pub use routes_job::{RoutesAction, RoutesState};
pub use siting_job::{SitingAction, SitingState};

/// The planning windows' state.
#[derive(Default)]
pub struct PlanningState {
    pub siting: SitingState,
    pub routes: RoutesState,
}

/// Actions of the planning windows.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanningAction {
    Siting(SitingAction),
    Routes(RoutesAction),
}

/// Applies one planning action.
pub fn apply(app: &mut RiskAtlasApp, action: PlanningAction, ctx: &egui::Context) {
    match action {
        PlanningAction::Siting(a) => siting_job::apply(app, a, ctx),
        PlanningAction::Routes(a) => routes_job::apply(app, a, ctx),
    }
}

/// Takes finished results; true while a task runs (keep repainting).
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    siting_job::poll(app, ctx) | routes_job::poll(app, ctx)
}

/// What the planning windows show of the open project.
#[derive(Debug, Default)]
pub struct ProjectView<'a> {
    pub municipalities: &'a [String],
    /// Layers that can mark excluded places: (name, label); not case layers.
    pub layers: Vec<(String, String)>,
    /// Months with a risk-zones layer, ascending.
    pub zone_months: &'a [u32],
    /// The attribute table's selection: (layer label, number of features, case layer?).
    pub selection: Option<(String, usize, bool)>,
}

/// The view of `session`'s project for the planning windows (`zone_months` is filled by the
/// caller from [`zone_months`], to keep the borrow simple).
pub fn project_view<'a>(
    session: &'a super::state::Session,
    zone_months: &'a [u32],
    lang: Language,
) -> ProjectView<'a> {
    use crate::model::{GeometryType, LayerKind};
    let Some(p) = session.project.as_ref() else {
        return ProjectView::default();
    };
    let layers = p
        .layers
        .iter()
        .filter(|l| !l.kind.is_case_level())
        .filter(|l| {
            matches!(
                l.data.geometry_type,
                GeometryType::Point
                    | GeometryType::MultiPoint
                    | GeometryType::Polygon
                    | GeometryType::MultiPolygon
            )
        })
        .filter(|l| !matches!(l.kind, LayerKind::Municipalities | LayerKind::Qarqe))
        .map(|l| {
            let label = super::labels::layer_label(l.kind, &l.name, lang);
            (l.name.clone(), label)
        })
        .collect();
    let selection = session
        .table
        .as_ref()
        .filter(|t| !t.selected.is_empty())
        .and_then(|t| p.layer(&t.layer).map(|l| (l, t.selected.len())))
        .map(|(l, n)| {
            let label = super::labels::layer_label(l.kind, &l.name, lang);
            (label, n, l.kind.is_case_level())
        });
    ProjectView {
        municipalities: &p.municipality_names,
        layers,
        zone_months,
        selection,
    }
}

/// Months (1–12) whose risk-zones layer is in the project.
pub fn zone_months(session: &super::state::Session) -> Vec<u32> {
    let Some(p) = session.project.as_ref() else {
        return Vec::new();
    };
    (1..=12)
        .filter(|&m| {
            let name = crate::analysis::risk_layer::zones_layer_name(m);
            p.layers.iter().any(|l| l.name == name)
        })
        .collect()
}

/// Shows the open planning windows.
pub fn windows(
    ctx: &egui::Context,
    state: &PlanningState,
    view: &ProjectView<'_>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    siting_window::window(ctx, &state.siting, view, lang, actions);
    routes_window::window(ctx, &state.routes, view, lang, actions);
}

/// The menu's entries.
pub fn menu(ui: &mut egui::Ui, has_project: bool, lang: Language, actions: &mut Vec<Action>) {
    use super::i18n::T;
    let siting = egui::Button::new(T::SitingMenu.tr(lang));
    if ui.add_enabled(has_project, siting).clicked() {
        actions.push(Action::Planning(PlanningAction::Siting(SitingAction::Open)));
        ui.close();
    }
    let routes = egui::Button::new(T::RoutesMenu.tr(lang));
    if ui.add_enabled(has_project, routes).clicked() {
        actions.push(Action::Planning(PlanningAction::Routes(RoutesAction::Open)));
        ui.close();
    }
}

/// The Run button, or while a task runs: Cancel, the progress bar and its stage.
pub(crate) fn run_row<T: Send + 'static>(
    ui: &mut egui::Ui,
    task: Option<&super::task::Task<T>>,
    run: (&str, bool),
    lang: Language,
    on_run: impl FnOnce() -> Action,
    on_cancel: impl FnOnce() -> Action,
    actions: &mut Vec<Action>,
) {
    use super::i18n::T;
    ui.horizontal(|ui| match task {
        Some(task) => {
            let p = task.progress.as_ref();
            let cancelling = task.is_cancelling();
            let label = if cancelling { T::Cancelling } else { T::Cancel };
            let button = egui::Button::new(label.tr(lang));
            if ui.add_enabled(!cancelling, button).clicked() {
                actions.push(on_cancel());
            }
            ui.add(super::files_ui::progress_bar(p, 140.0));
            ui.label(stage_text(&p.stage(), lang));
            ui.spinner();
        }
        None => {
            if ui.add_enabled(run.1, egui::Button::new(run.0)).clicked() {
                actions.push(on_run());
            }
        }
    });
}

/// A progress stage of a planning run, in the user's language.
pub fn stage_text(stage: &str, lang: Language) -> &'static str {
    use super::i18n::T;
    match stage {
        "read" => T::StageRead.tr(lang),
        "write" => T::StageWrite.tr(lang),
        "roads" => T::StageRoads.tr(lang),
        "matrix" => T::StageMatrix.tr(lang),
        "routes" | "search" => T::StageRoutes.tr(lang),
        _ => T::PlanningRunning.tr(lang),
    }
}

/// A count as published: "< 5" below the threshold.
pub(crate) fn count_text(n: Option<u64>) -> String {
    use crate::analysis::risk_layer::MIN_COUNT;
    n.map_or_else(|| format!("< {MIN_COUNT}"), |n| n.to_string())
}

/// Labels of the layers planning saves: "Qendra të reja: 3 (2 km)", "Zonat e mbulimit: 3
/// qendra (2 km)" for `sites_p3_2000m` and its `_catchments`, "Itineraret e ekipeve" and
/// "Ndalesat e itinerareve" for `field_routes` and `field_routes_stops`
/// ([`crate::model::layer_names`], shared with printed legends).
pub fn layer_label(name: &str, lang: Language) -> Option<String> {
    crate::model::layer_names::title(name, lang == Language::Sq)
}

/// The project's worker for a new background task, or the message saying why none may start
/// now (no project open; another load, import or task of this kind running).
pub(crate) fn task_worker(
    app: &RiskAtlasApp,
    running: bool,
) -> Result<crate::store::JobSender, String> {
    use super::i18n::T;
    let lang = app.settings.language;
    let Some(worker) = app.session.editing.worker.as_ref() else {
        return Err(T::NoProjectForImport.tr(lang).to_string());
    };
    if running || app.is_busy() {
        return Err(T::Busy.tr(lang).to_string());
    }
    Ok(worker.jobs())
}

/// A finished task's value, or the message to show: "cancelled", `failed: reason`, or the
/// task lost.
pub(crate) fn task_result<V>(
    result: Result<Result<V, super::analysis_job::RunFailure>, super::task::TaskLost>,
    failed: super::i18n::T,
    lang: Language,
) -> Result<V, String> {
    use super::analysis_job::RunFailure;
    use super::i18n::T;
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(RunFailure::Cancelled)) => Err(T::Cancelled.tr(lang).to_string()),
        Ok(Err(RunFailure::Failed(reason))) => Err(format!("{}: {reason}", failed.tr(lang))),
        Err(lost) => Err(format!("{}: {lost}", failed.tr(lang))),
    }
}

/// A fixed-size planning window at `pos` (until moved); false once the user closed it.
pub(crate) fn show_window(
    ctx: &egui::Context,
    title: &str,
    pos: [f32; 2],
    body: impl FnOnce(&mut egui::Ui),
) -> bool {
    let mut open = true;
    egui::Window::new(title)
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .default_pos(pos)
        .show(ctx, body);
    open
}

#[cfg(test)]
mod tests {
    use super::layer_label;
    use crate::app::i18n::Language;

    #[test]
    fn planning_layers_have_readable_names() {
        let l = |n| layer_label(n, Language::Sq);
        assert_eq!(
            l("sites_p3_2000m").as_deref(),
            Some("Qendra të reja: 3 (2 km)")
        );
        assert_eq!(
            l("sites_p3_2000m_catchments").as_deref(),
            Some("Zonat e mbulimit të qendrave: 3 (2 km)")
        );
        assert_eq!(l("field_routes").as_deref(), Some("Itineraret e ekipeve"));
        assert_eq!(
            l("field_routes_stops").as_deref(),
            Some("Ndalesat e itinerareve")
        );
        assert_eq!(l("sites_px_1m"), None);
        assert_eq!(l("wells"), None);
    }
}
