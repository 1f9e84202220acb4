//! Actions: the only way panels change anything beyond their own widget state.
//!
//! Panels push an [`Action`] onto the app's queue while they draw; after the frame's panels
//! are drawn, [`apply`] (the one function that mutates app state) applies them in order.
//! Cheap actions change the session or settings directly; opening a project starts a
//! background load instead (`load_flow.rs`; file I/O never runs on the UI thread).

use std::path::PathBuf;

use super::RiskAtlasApp;
use super::i18n::{Language, T};
use super::identify;
use super::jobs::LoadSource;
use super::state::{ALBANIA_WGS84, Filters, Identified};
use super::tile_sources::BasemapChoice;

pub use super::geometry::selection_bbox;
pub use super::load_flow::{poll_jobs, start_load};

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    ToggleLayer(String),
    SetLayerVisible {
        layer: String,
        visible: bool,
    },
    SetOpacity {
        layer: String,
        opacity: f32,
    },
    ZoomToLayer(String),
    ShowAlbania,
    /// Fit a WGS84 box (min lon, min lat, max lon, max lat) into the map.
    FitBox([f64; 4]),
    /// Zoom in (+1) or out (−1) around the map centre.
    ZoomBy(f64),
    /// Centre the map on a WGS84 position at a zoom level.
    ZoomTo {
        centre_wgs84: [f64; 2],
        zoom: f64,
    },
    SetLanguage(Language),
    /// Shows the file dialog, then opens the chosen project.
    ShowOpenDialog,
    OpenProject(PathBuf),
    OpenDemo,
    CancelJob,
    /// Find the feature within `radius_m` metres of a WGS84 position and show it.
    Identify {
        at_wgs84: [f64; 2],
        radius_m: f64,
    },
    ClearIdentify,
    /// Turns the measure tool on (clicks add points) or off.
    SetMeasuring(bool),
    /// Adds a point to the measurement.
    AddMeasurePoint([f64; 2]),
    ClearMeasure,
    SetTilesVisible(bool),
    SetTilesOpacity(f32),
    ShowLayersPanel(bool),
    /// Opens the style dialog of a layer.
    OpenStyleEditor(String),
    CloseStyleEditor,
    /// Draws a layer in a new style and saves the style in the project.
    SetLayerStyle {
        layer: String,
        style: crate::model::LayerStyle,
    },
    /// Layer order and removal (see `layer_ops.rs`).
    Layer(super::layer_ops::LayerOp),
    /// Shows the attribute table of a layer (replacing the one shown).
    OpenTable(String),
    CloseTable,
    /// Fits the extent of the features selected in the table.
    ZoomToSelection,
    /// Replaces the filters (cases and hotspot month) and recomputes what is shown.
    SetFilters(Filters),
    ShowLegend(bool),
    /// Opens or closes the About box (`about.rs`).
    ShowAbout(bool),
    DismissError,
    Quit,
    /// Files and work (new project, import, report, recent projects): see `files.rs`.
    Files(super::files::FilesAction),
    /// The risk-zones window and its run: see `analysis_job.rs`.
    Analysis(super::analysis_job::AnalysisAction),
    /// The case-density window and raster: see `density_job.rs`.
    Density(super::density_job::DensityAction),
    /// The indicators window: see `indicators_job.rs`.
    Indicators(super::indicators_job::IndicatorsAction),
    /// The Print dialog: see `print_job.rs`.
    Print(super::print_job::PrintAction),
    /// The Export layer window: see `export_job.rs`.
    Export(super::export_job::ExportAction),
    /// The planning windows (new day centres, field routes): see `planning/`.
    Planning(super::planning::PlanningAction),
    /// Edit mode: tools, edits, the attribute form, undo and redo (see `editing.rs`).
    Edit(super::editing::EditAction),
    /// Basemap under the layers: OpenStreetMap, the offline pack, or the vector map only.
    SetBasemap(BasemapChoice),
    /// Shows the file dialog for an offline tile pack, then uses the chosen one.
    ShowPackDialog,
    /// Use this offline tile pack (.mbtiles / .pmtiles) as the basemap.
    OpenPack(PathBuf),
}

/// Applies one action. `ctx` wakes the UI when a background job ends.
pub fn apply(app: &mut RiskAtlasApp, action: Action, ctx: &egui::Context) {
    let session = &mut app.session;
    match action {
        Action::ToggleLayer(name) => {
            if let Some(l) = session.project.as_mut().and_then(|p| p.layer_mut(&name)) {
                l.visible = !l.visible;
            }
        }
        Action::SetLayerVisible { layer, visible } => {
            if let Some(l) = session.project.as_mut().and_then(|p| p.layer_mut(&layer)) {
                l.visible = visible;
            }
        }
        Action::SetOpacity { layer, opacity } => {
            if let Some(l) = session.project.as_mut().and_then(|p| p.layer_mut(&layer)) {
                l.opacity = opacity.clamp(0.0, 1.0);
            }
        }
        Action::ZoomToLayer(name) => {
            if let Some(extent) = session
                .project
                .as_ref()
                .and_then(|p| p.layer(&name))
                .and_then(|l| l.extent_wgs84)
            {
                session.pending_fit = Some(extent);
            }
        }
        Action::ShowAlbania => session.pending_fit = Some(ALBANIA_WGS84),
        Action::FitBox(bbox) => session.pending_fit = Some(bbox),
        Action::ZoomBy(steps) => {
            let z = (session.map.zoom() + steps).clamp(2.0, 19.0);
            // Always in range after the clamp; an error would only leave the zoom unchanged.
            let _ = session.map.set_zoom(z);
        }
        Action::ZoomTo { centre_wgs84, zoom } => {
            session
                .map
                .center_at(walkers::lon_lat(centre_wgs84[0], centre_wgs84[1]));
            let _ = session.map.set_zoom(zoom.clamp(2.0, 19.0));
        }
        Action::SetLanguage(lang) => {
            app.settings.language = lang;
            app.save_settings();
        }
        Action::ShowOpenDialog => {
            let lang = app.settings.language;
            let picked = rfd::FileDialog::new()
                .set_title(T::OpenProject.tr(lang))
                .add_filter(T::GeoPackage.tr(lang), &["gpkg"])
                .pick_file();
            if let Some(path) = picked {
                start_load(app, LoadSource::File(path), ctx);
            }
        }
        Action::OpenProject(path) => start_load(app, LoadSource::File(path), ctx),
        Action::OpenDemo => start_load(app, LoadSource::Demo, ctx),
        Action::CancelJob => {
            if let Some(job) = &session.job {
                job.cancel();
            }
        }
        Action::Identify { at_wgs84, radius_m } => {
            let hit = session
                .project
                .as_ref()
                .and_then(|p| identify::find(p, at_wgs84, radius_m));
            session.identified = Some(Identified { at_wgs84, hit });
        }
        Action::ClearIdentify => session.identified = None,
        Action::SetMeasuring(on) => {
            session.measure = on.then(super::measure::Measure::default);
        }
        Action::AddMeasurePoint(p) => {
            if let Some(m) = session.measure.as_mut() {
                m.points_wgs84.push(p);
            }
        }
        Action::ClearMeasure => {
            if let Some(m) = session.measure.as_mut() {
                m.points_wgs84.clear();
            }
        }
        Action::SetTilesVisible(on) => {
            app.settings.show_tiles = on;
            app.save_settings();
        }
        Action::SetTilesOpacity(o) => app.settings.tiles_opacity = o.clamp(0.0, 1.0),
        Action::SetFilters(filters) => {
            if let Some(p) = session.project.as_mut() {
                filters.apply_to(p);
            }
            // A feature hidden by the new filter must not stay identified.
            if let (Some(p), Some(hit)) = (
                &session.project,
                session.identified.as_ref().and_then(|i| i.hit.as_ref()),
            ) && !p.layer(&hit.layer).is_some_and(|l| l.is_shown(hit.feature))
            {
                session.identified = None;
            }
            session.filters = filters;
        }
        Action::OpenStyleEditor(layer) => {
            session.style_draft = session
                .project
                .as_ref()
                .and_then(|p| p.layer(&layer))
                .map(super::style_editor::StyleDraft::of);
        }
        Action::CloseStyleEditor => session.style_draft = None,
        Action::SetLayerStyle { layer, style } => {
            session.style_draft = None;
            if let Some(p) = session.project.as_mut()
                && let Some(l) = p.layer_mut(&layer)
            {
                let json = style.to_json();
                l.set_style(style);
                match super::jobs::save_style(session.editing.worker.as_ref(), layer, json) {
                    Ok(reply) => session.saves.push(super::layer_ops::PendingSave {
                        reply,
                        done: T::StyleSaved,
                        failed: T::StyleNotSaved,
                    }),
                    Err(e) => {
                        let lang = app.settings.language;
                        session.error = Some(format!("{}: {e}", T::StyleNotSaved.tr(lang)));
                    }
                }
            }
        }
        Action::Layer(op) => super::layer_ops::apply(session, op, app.settings.language),
        Action::OpenTable(layer) => {
            session.table = Some(super::table::TableState::for_layer(&layer));
        }
        Action::CloseTable => session.table = None,
        Action::ZoomToSelection => {
            if let (Some(p), Some(t)) = (&session.project, &session.table)
                && let Some(l) = p.layer(&t.layer)
                && let Some(b) = selection_bbox(l, &t.selected)
            {
                session.pending_fit = Some(b);
            }
        }
        Action::ShowLayersPanel(on) => {
            app.settings.show_layers_panel = on;
            app.save_settings();
        }
        Action::ShowLegend(on) => {
            app.settings.show_legend = on;
            app.save_settings();
        }
        Action::ShowAbout(open) => session.about_open = open,
        Action::DismissError => session.error = None,
        Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        Action::Files(a) => super::files::apply(app, a, ctx),
        Action::Analysis(a) => super::analysis_job::apply(app, a, ctx),
        Action::Density(a) => super::density_job::apply(app, a, ctx),
        Action::Indicators(a) => super::indicators_job::apply(app, a, ctx),
        Action::Print(a) => super::print_job::apply(app, a, ctx),
        Action::Export(a) => super::export_job::apply(app, a, ctx),
        Action::Planning(a) => super::planning::apply(app, a, ctx),
        Action::Edit(a) => super::editing::apply(&mut app.session, a, app.settings.language),
        Action::SetBasemap(choice) => {
            app.settings.basemap = Some(choice);
            app.basemap_changed(ctx);
        }
        Action::ShowPackDialog => {
            if let Some(path) = super::menu_basemap::pick_pack(app.settings.language) {
                apply(app, Action::OpenPack(path), ctx);
            }
        }
        Action::OpenPack(path) => {
            if path.is_file() && super::tile_sources::is_pack(&path) {
                app.settings.offline_pack = Some(path);
                app.settings.basemap = Some(BasemapChoice::OfflinePack);
                app.basemap_changed(ctx);
            } else {
                let lang = app.settings.language;
                session.status = Some(format!(
                    "{}: {}",
                    T::PackOpenFailed.tr(lang),
                    path.display()
                ));
            }
        }
    }
}
