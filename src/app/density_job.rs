//! Kernel density of the cases shown on the map (Analysis ▸ Case density…).
//!
//! The cases that pass the filters are taken from the loaded cases layer (no file access),
//! then projected to KRGJSH-2010 / Albania TM and estimated on a background task with the same
//! QGIS-compatible code as `riskatlas density` (`analysis::kde`). The result stays in the
//! session as a raster overlay (viridis, transparent where zero, stretched to the 99th
//! percentile) with a legend; the run and its parameters are recorded in the project through
//! the worker, and the raster can be written as a GeoTIFF for QGIS. Cancel stops the
//! estimate at its next check.

use std::path::PathBuf;
use std::sync::Arc;

use super::RiskAtlasApp;
use super::i18n::T;
use super::task::Task;
use crate::analysis::kde::{DensityGrid, DensityOutput, KdeConfig, KdeError, kernel_density};
use crate::crs::{Crs, Transformer};
use crate::model::LayerKind;
use crate::progress::Progress;

#[derive(Debug, Clone, PartialEq)]
pub struct DensityForm {
    pub radius_m: f64,
    pub pixel_m: f64,
    pub per_km2: bool,
}

impl Default for DensityForm {
    fn default() -> Self {
        Self {
            radius_m: 1000.0,
            pixel_m: 100.0,
            per_km2: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DensityAction {
    Open,
    Close,
    SetForm(DensityForm),
    Run,
    Cancel,
    SetVisible(bool),
    SetOpacity(f32),
    /// Shows the save dialog, then writes the GeoTIFF.
    ShowExportDialog,
    ExportTiff(PathBuf),
    Clear,
}

/// A finished estimate, as the map draws it.
pub struct DensityResult {
    pub grid: Arc<DensityGrid>,
    pub form: DensityForm,
    /// Cases used (those shown on the map when it ran).
    pub count: usize,
    /// The value at the top of the colour ramp (99th percentile of non-zero pixels).
    pub top: f64,
    pub max: f64,
    /// Vertices of the drawing mesh: Web-Mercator positions of a lattice over the raster
    /// (every `step` pixels), with their texture coordinates.
    pub lattice: super::raster_overlay::Lattice,
    pub texture: Option<egui::TextureHandle>,
    pub visible: bool,
    pub opacity: f32,
}

/// What the task hands back: the raster, its colours and the number of cases used.
pub struct Estimate {
    grid: DensityGrid,
    coloured: super::raster_overlay::Coloured,
    count: usize,
}

#[derive(Default)]
pub struct DensityState {
    pub open: bool,
    pub form: DensityForm,
    pub task: Option<Task<Result<Estimate, KdeError>>>,
    pub result: Option<DensityResult>,
    pub error: Option<String>,
    pub status: Option<String>,
}

pub fn apply(app: &mut RiskAtlasApp, action: DensityAction, ctx: &egui::Context) {
    let lang = app.settings.language;
    let state = &mut app.session.density;
    match action {
        DensityAction::Open => state.open = true,
        DensityAction::Close => state.open = false,
        DensityAction::SetForm(form) => state.form = form,
        DensityAction::Cancel => {
            if let Some(task) = &state.task {
                task.cancel();
            }
        }
        DensityAction::SetVisible(v) => {
            if let Some(r) = &mut state.result {
                r.visible = v;
            }
        }
        DensityAction::SetOpacity(o) => {
            if let Some(r) = &mut state.result {
                r.opacity = o.clamp(0.0, 1.0);
            }
        }
        DensityAction::Clear => state.result = None,
        DensityAction::ShowExportDialog => {
            let picked = rfd::FileDialog::new()
                .add_filter("GeoTIFF", &["tif", "tiff"])
                .set_file_name("dendesia.tif")
                .save_file();
            if let Some(path) = picked {
                app.push_action(super::Action::Density(DensityAction::ExportTiff(path)));
            }
        }
        DensityAction::ExportTiff(path) => {
            let Some(r) = &state.result else { return };
            let written = crate::io::geotiff::write_geotiff(
                &path,
                r.grid.as_ref().into(),
                &Crs::albania_tm(),
                None,
            );
            state.status = Some(match written {
                Ok(()) => format!("{}: {}", T::DensityExported.tr(lang), path.display()),
                Err(e) => format!("{}: {e}", T::DensityExportFailed.tr(lang)),
            });
        }
        DensityAction::Run => start(app, ctx),
    }
}

/// WGS84 positions of the cases the filters show (a copy; projected on the task's thread).
fn shown_cases_wgs84(app: &RiskAtlasApp) -> Vec<[f64; 2]> {
    let Some(layer) = app
        .session
        .project
        .as_ref()
        .and_then(|p| p.first_of(LayerKind::Cases))
    else {
        return Vec::new();
    };
    layer
        .data
        .features
        .iter()
        .enumerate()
        .filter(|(i, _)| layer.is_shown(*i))
        .filter_map(|(_, f)| match &f.geometry_wgs84 {
            Some(geo::Geometry::Point(p)) => Some([p.x(), p.y()]),
            _ => None,
        })
        .collect()
}

fn start(app: &mut RiskAtlasApp, ctx: &egui::Context) {
    let lang = app.settings.language;
    let points = shown_cases_wgs84(app);
    let state = &mut app.session.density;
    state.error = None;
    state.status = None;
    if state.task.is_some() {
        state.error = Some(T::Busy.tr(lang).to_string());
        return;
    }
    if points.is_empty() {
        state.error = Some(T::DensityNoCases.tr(lang).to_string());
        return;
    }
    let form = state.form.clone();
    let config = KdeConfig {
        radius_m: form.radius_m,
        pixel_m: form.pixel_m,
        output: if form.per_km2 {
            DensityOutput::PerKm2
        } else {
            DensityOutput::Raw
        },
    };
    let spawned = Task::spawn("case-density", Some(ctx.clone()), move |progress| {
        let tm = Transformer::wgs84_to_tm();
        let xy_tm: Vec<[f64; 2]> = points
            .iter()
            .filter_map(|p| tm.point(p[0], p[1]).ok().map(|(x, y)| [x, y]))
            .collect();
        let grid = kernel_density(&xy_tm, None, &config, progress.as_ref())?;
        Ok(Estimate {
            coloured: super::raster_overlay::colour(&grid),
            grid,
            count: xy_tm.len(),
        })
    });
    match spawned {
        Ok(task) => state.task = Some(task),
        Err(e) => state.error = Some(e.to_string()),
    }
}

/// Takes a finished estimate: builds its texture and records the run in the project.
pub fn poll(app: &mut RiskAtlasApp, ctx: &egui::Context) -> bool {
    let lang = app.settings.language;
    let jobs = app.session.editing.worker.as_ref().map(|w| w.jobs());
    let state = &mut app.session.density;
    let Some(task) = &state.task else {
        return false;
    };
    let Some(result) = task.poll() else {
        return true;
    };
    let cancelled = task.progress.is_cancelled();
    state.task = None;
    let Estimate {
        grid,
        coloured,
        count,
    } = match result {
        Ok(Ok(done)) => done,
        Ok(Err(_)) if cancelled => {
            state.error = Some(T::Cancelled.tr(lang).to_string());
            return false;
        }
        Ok(Err(e)) => {
            state.error = Some(format!("{}: {e}", T::RiskFailed.tr(lang)));
            return false;
        }
        Err(lost) => {
            state.error = Some(format!("{}: {lost}", T::RiskFailed.tr(lang)));
            return false;
        }
    };
    let form = state.form.clone();
    let params = serde_json::json!({
        "radius_m": form.radius_m,
        "pixel_m": form.pixel_m,
        "output": if form.per_km2 { "per-km2" } else { "raw" },
        "crs": "EPSG:6870",
        "kernel": "quartic",
        "cases": "shown on the map (filters applied)",
        "count": count,
        "grid": { "xmin": grid.xmin, "ymax": grid.ymax, "cols": grid.cols, "rows": grid.rows },
    });
    if let Some(jobs) = jobs {
        // Fire and forget: a failure to record the run does not lose the raster on screen.
        let _ = jobs.run(move |store| {
            store.write(|tx| tx.record_analysis_run("density", &params.to_string(), None))
        });
    }
    let grid = Arc::new(grid);
    state.result = Some(super::raster_overlay::density_result(
        ctx, grid, coloured, form, count,
    ));
    false
}
