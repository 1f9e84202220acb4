//! The desktop app (feature `app`): an eframe/egui window with a walkers map of Albania.
//!
//! Layout: menu bar on top, layer list and legend on the left, the map in the centre, the
//! identify panel on the right (after a click), the status bar at the bottom. Each frame
//! ([`RiskAtlasApp::show`]): poll the background job and apply its result; draw the panels,
//! which only read state and push [`Action`]s; then apply the queued actions in order with
//! the one function `actions::apply`. Projects are read on a named background thread
//! (`jobs.rs`); the UI thread never reads project data from disk.
//!
//! Tiles (`tile_sources.rs`): OpenStreetMap standard tiles through walkers' `HttpTiles` with
//! an on-disk cache in the user cache directory, or an offline MBTiles/PMTiles pack
//! (`mbtiles_source.rs`), or none, always over a vector basemap drawn from the project itself,
//! so the map is never blank offline. `RISKATLAS_OFFLINE=1` (and [`AppConfig::for_test`]) use
//! no network.

pub mod about;
pub mod actions;
pub mod analysis_job;
pub mod analysis_panel;
pub mod attr_form;
pub mod basemap;
pub mod cases;
pub mod chips;
pub mod config;
pub mod density_job;
pub mod density_panel;
pub mod edit_apply;
pub mod edit_draw;
pub mod edit_overlay;
pub mod edit_sync;
pub mod edit_toolbar;
pub mod editing;
pub mod filter_panel;
pub mod geometry;
pub mod i18n;
pub mod identify;
pub mod indicators_job;
pub mod indicators_view;
pub mod indicators_window;
pub mod jobs;
pub mod labels;
pub mod layer_ops;
pub mod layers_panel;
pub mod legend;
pub mod load_flow;
pub mod logfile;
pub mod map_view;
pub mod mbtiles_source;
pub mod measure;
pub mod menu;
pub mod menu_basemap;
pub mod overlays;
pub mod paint;
pub mod raster_overlay;
pub mod search;
pub mod state;
pub mod status_bar;
pub mod style;
pub mod style_editor;
pub mod table;
pub mod tile_sources;
pub mod transform;
// Files and work: new project, import, report, recent projects, drag-and-drop.
pub mod export_job;
pub mod export_window;
pub mod files;
pub mod files_ui;
pub mod gaps_job;
pub mod gaps_panel;
pub mod import_dialog;
pub mod import_flow;
pub mod import_form;
pub mod import_job;
pub mod planning;
pub mod print_form;
pub mod print_job;
pub mod print_window;
pub mod recent;
pub mod report_csv;
pub mod report_dialog;
pub mod report_text;
pub mod task;

use std::path::PathBuf;
use std::time::Duration;

use egui::{CentralPanel, Panel, Ui};

pub use actions::Action;
pub use config::{AppConfig, Settings};
pub use i18n::Language;
pub use jobs::LoadSource;
pub use state::{Identified, LoadedProject, Session};

use crate::crs::Transformer;

/// Opens the Risk Atlas window on `project`, or on the last project, or on the embedded demo.
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Risk Atlas")
            .with_app_id("riskatlas")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    let config = AppConfig::from_env();
    logfile::start();
    eframe::run_native(
        "Risk Atlas",
        options,
        Box::new(move |cc| Ok(Box::new(RiskAtlasApp::new(&cc.egui_ctx, config, project)))),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}

/// The application: settings, session and the action queue.
pub struct RiskAtlasApp {
    config: AppConfig,
    settings: Settings,
    session: Session,
    basemap: tile_sources::Basemap,
    tm: Transformer,
    actions: Vec<Action>,
}

impl RiskAtlasApp {
    /// Creates the app and starts loading `project` (or the last project, or the demo).
    pub fn new(ctx: &egui::Context, config: AppConfig, project: Option<PathBuf>) -> Self {
        let settings = Settings::load(config.settings_path.as_deref());
        let source = match (project, &settings.last_project) {
            (Some(path), _) => LoadSource::File(path),
            (None, Some(last)) => LoadSource::FileOrDemo(last.clone()),
            (None, None) => LoadSource::Demo,
        };
        let basemap = tile_sources::Basemap::new(&config, &settings, ctx);
        let mut app = Self {
            config,
            settings,
            session: Session::default(),
            basemap,
            tm: Transformer::wgs84_to_tm(),
            actions: Vec::new(),
        };
        actions::start_load(&mut app, source, ctx);
        app
    }

    /// The app as tests drive it: offline, no settings file, loading `project`.
    pub fn new_for_test(ctx: &egui::Context, project: PathBuf) -> Self {
        Self::new(ctx, AppConfig::for_test(), Some(project))
    }

    /// One frame: poll jobs, draw panels (collecting actions), apply the actions.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // `|`, not `||`: both must be polled every frame.
        if actions::poll_jobs(self)
            | files::poll(self, &ctx)
            | analysis_job::poll(self, &ctx)
            | density_job::poll(self, &ctx)
            | indicators_job::poll(self, &ctx)
            | planning::poll(self, &ctx)
            | print_job::poll(self, &ctx)
            | export_job::poll(self)
        {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let lang = self.settings.language;
        if let Some(reason) = self.basemap.pack_error() {
            // In the status bar: the error window's title speaks of projects.
            self.session.status = Some(format!("{}: {reason}", i18n::T::PackOpenFailed.tr(lang)));
            self.basemap.drop_failed_pack();
        }
        let online = self.basemap.has_tiles();
        let mut queue = std::mem::take(&mut self.actions);

        Panel::top("menu_bar").show(ui, |ui| {
            let project = self.session.project.as_ref();
            let basemap = menu_basemap::BasemapMenu {
                network: self.basemap.network,
                active: self.basemap.active,
                packs: &self.basemap.packs,
                pack: self.basemap.pack.as_deref(),
            };
            menu::show(ui, &self.settings, &basemap, project, &mut queue);
        });
        edit_toolbar::show(ui, &mut self.session, lang, &mut queue);
        Panel::bottom("status_bar").show(ui, |ui| {
            status_bar::show(ui, &self.session, &self.tm, lang, online, &mut queue);
        });
        if self.settings.show_layers_panel {
            Panel::left("layers_panel")
                .resizable(true)
                .default_size(280.0)
                .show(ui, |ui| {
                    let input = layers_panel::PanelInput {
                        session: &self.session,
                        lang,
                        online,
                        show_tiles: self.settings.show_tiles,
                        tiles_opacity: self.settings.tiles_opacity,
                        show_legend: self.settings.show_legend,
                    };
                    layers_panel::show(ui, &input, &mut queue);
                });
        }
        if let Session {
            project: Some(project),
            table: Some(table),
            ..
        } = &mut self.session
        {
            Panel::bottom("attribute_table")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| table::show(ui, project, table, lang, &mut queue));
        }
        if let Some(identified) = &self.session.identified {
            Panel::right("identify_panel")
                .resizable(true)
                .default_size(280.0)
                .show(ui, |ui| {
                    identify::panel(
                        ui,
                        self.session.project.as_ref(),
                        identified,
                        lang,
                        &mut queue,
                    );
                });
        }
        CentralPanel::no_frame().show(ui, |ui| {
            let opacity = self.settings.tiles_opacity;
            let attribution = self.basemap.attribution();
            let tiles = self
                .basemap
                .tiles()
                .filter(|_| self.settings.show_tiles)
                .map(|t| (t, opacity));
            map_view::show(ui, &mut self.session, tiles, &attribution, lang, &mut queue);
        });
        if let Session {
            project: Some(project),
            style_draft: Some(draft),
            ..
        } = &mut self.session
            && let Some(layer) = project.layer(&draft.layer)
        {
            let mut open = true;
            egui::Window::new(i18n::T::StyleTitle.tr(lang))
                .collapsible(false)
                .resizable(false)
                .show(&ctx, |ui| {
                    open = style_editor::show(ui, layer, draft, lang, &mut queue);
                });
            if !open
                && !queue
                    .iter()
                    .any(|a| matches!(a, Action::SetLayerStyle { .. }))
            {
                queue.push(Action::CloseStyleEditor);
            }
        }
        // Files and work: dropped files, import/report dialogs, the drop hint.
        files::take_dropped(&ctx, &mut queue);
        files::show_windows(&ctx, self, &mut queue);
        files::drop_overlay(&ctx, lang);
        layer_ops::confirm_window(&ctx, &self.session, lang, &mut queue);
        analysis_panel::window(
            &ctx,
            &self.session.analysis,
            self.session.project.is_some(),
            lang,
            &mut queue,
        );
        density_panel::window(&ctx, &self.session.density, lang, &mut queue);
        indicators_window::window(
            &ctx,
            &self.session.indicators,
            self.session.project.as_ref().map(|p| p.path.as_path()),
            lang,
            &mut queue,
        );
        print_window::window(&ctx, &self.session.print, lang, &mut queue);
        export_window::window(
            &ctx,
            &self.session.export,
            self.session.project.as_ref(),
            lang,
            &mut queue,
        );
        let months = planning::zone_months(&self.session);
        let view = planning::project_view(&self.session, &months, lang);
        planning::windows(&ctx, &self.session.planning, &view, lang, &mut queue);
        about::window(&ctx, self.session.about_open, lang, &mut queue);
        if let Some(error) = &self.session.error {
            egui::Window::new(i18n::T::OpenFailed.tr(lang))
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(&ctx, |ui| {
                    ui.label(error);
                    if ui.button(i18n::T::Dismiss.tr(lang)).clicked() {
                        queue.push(Action::DismissError);
                    }
                });
        }
        queue.append(&mut self.actions);
        if !queue.is_empty() {
            // The panels were drawn from the state before these actions: draw again.
            ctx.request_repaint();
        }
        for action in queue {
            actions::apply(self, action, &ctx);
        }
    }

    /// Queues an action, applied at the end of the next frame (as a panel's would be).
    pub fn push_action(&mut self, action: Action) {
        self.actions.push(action);
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn language(&self) -> Language {
        self.settings.language
    }

    pub fn is_loading(&self) -> bool {
        self.session.job.is_some()
    }

    pub fn project(&self) -> Option<&LoadedProject> {
        self.session.project.as_ref()
    }

    /// Whether the layer named `name` is shown (`None`: no such layer).
    pub fn layer_visible(&self, name: &str) -> Option<bool> {
        self.project()?.layer(name).map(|l| l.visible)
    }

    /// Where a WGS84 position was on screen in the last frame (for tests that click the map).
    pub fn screen_pos_of(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        let t = self.session.transform?;
        Some(t.to_screen(transform::merc_from_wgs84(lon, lat)))
    }

    /// Closes the open project's worker (store checkpointed, lock released); an error is
    /// reported on stderr only: every edit was already committed when it was shown as saved.
    pub fn close_project(&mut self) {
        if let Some(Err(e)) = self.session.editing.worker.take().map(|w| w.close()) {
            eprintln!("riskatlas: closing the project: {e}");
        }
    }

    /// The basemap the menu shows as active (after automatic choice and fallbacks).
    pub fn basemap_choice(&self) -> tile_sources::BasemapChoice {
        self.basemap.active
    }

    /// Restarts the basemap's tile source after its settings changed, and saves them.
    pub(crate) fn basemap_changed(&mut self, ctx: &egui::Context) {
        self.basemap.apply(&self.config, &self.settings, ctx);
        self.save_settings();
    }

    /// Writes the settings file (when the app has one). A failure is reported on stderr only:
    /// losing a preference must not interrupt work.
    pub(crate) fn save_settings(&self) {
        if let Some(path) = &self.config.settings_path
            && let Err(e) = self.settings.save(path)
        {
            eprintln!(
                "riskatlas: could not save settings to {}: {e}",
                path.display()
            );
        }
    }
}

impl eframe::App for RiskAtlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self) {
        if let Some(job) = &self.session.job {
            job.cancel();
        }
        if let Some(task) = &self.session.files.task {
            task.progress().cancel();
        }
        self.close_project();
        self.save_settings();
    }
}
