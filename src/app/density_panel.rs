//! The case-density window (Analysis ▸ Case density…): radius, pixel size and output (raw as
//! QGIS, or cases per km²) for the cases the filters show; Compute with a progress bar and
//! Cancel; then the raster's facts, show/hide and opacity on the map, GeoTIFF export and
//! Clear. Panels only push [`DensityAction`]s (see `density_job.rs`).

use egui::Ui;

use super::actions::Action;
use super::density_job::{DensityAction, DensityState};
use super::files_ui::progress_bar;
use super::i18n::{Language, T};

const RADII_M: [f64; 6] = [250.0, 500.0, 1000.0, 2000.0, 3000.0, 5000.0];
const PIXELS_M: [f64; 4] = [50.0, 100.0, 200.0, 500.0];

/// A number for people: thousands apart, few decimals.
pub fn number(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

pub fn window(
    ctx: &egui::Context,
    state: &DensityState,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new(T::DensityTitle.tr(lang))
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .default_pos([320.0, 120.0])
        .show(ctx, |ui| body(ui, state, lang, actions));
    if !open {
        actions.push(Action::Density(DensityAction::Close));
    }
}

fn body(ui: &mut Ui, state: &DensityState, lang: Language, actions: &mut Vec<Action>) {
    let push = |actions: &mut Vec<Action>, a| actions.push(Action::Density(a));
    let running = state.task.is_some();
    let mut form = state.form.clone();
    ui.label(T::DensityHint.tr(lang));
    ui.add_enabled_ui(!running, |ui| {
        egui::ComboBox::from_label(T::DensityRadius.tr(lang))
            .selected_text(format!("{} m", form.radius_m))
            .show_ui(ui, |ui| {
                for r in RADII_M {
                    ui.selectable_value(&mut form.radius_m, r, format!("{r} m"));
                }
            });
        egui::ComboBox::from_label(T::RiskPixel.tr(lang))
            .selected_text(format!("{} m", form.pixel_m))
            .show_ui(ui, |ui| {
                for p in PIXELS_M {
                    ui.selectable_value(&mut form.pixel_m, p, format!("{p} m"));
                }
            });
        ui.checkbox(&mut form.per_km2, T::DensityPerKm2.tr(lang));
    });
    if form != state.form {
        push(actions, DensityAction::SetForm(form));
    }
    ui.separator();
    ui.horizontal(|ui| match &state.task {
        Some(task) => {
            let cancelling = task.is_cancelling();
            let label = if cancelling { T::Cancelling } else { T::Cancel };
            if ui
                .add_enabled(!cancelling, egui::Button::new(label.tr(lang)))
                .clicked()
            {
                push(actions, DensityAction::Cancel);
            }
            ui.add(progress_bar(task.progress.as_ref(), 140.0));
            ui.spinner();
        }
        None => {
            if ui.button(T::DensityRun.tr(lang)).clicked() {
                push(actions, DensityAction::Run);
            }
        }
    });
    if let Some(error) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let Some(r) = &state.result else { return };
    ui.separator();
    ui.label(format!(
        "{}: {}  ·  {} × {}  ·  max {}",
        T::DensityCases.tr(lang),
        r.count,
        r.grid.cols,
        r.grid.rows,
        number(r.max)
    ));
    let mut visible = r.visible;
    if ui.checkbox(&mut visible, T::DensityShow.tr(lang)).changed() {
        push(actions, DensityAction::SetVisible(visible));
    }
    let mut opacity = r.opacity;
    if ui
        .add(egui::Slider::new(&mut opacity, 0.0..=1.0).text(T::Opacity.tr(lang)))
        .changed()
    {
        push(actions, DensityAction::SetOpacity(opacity));
    }
    ui.horizontal(|ui| {
        if ui.button(T::DensityExport.tr(lang)).clicked() {
            push(actions, DensityAction::ShowExportDialog);
        }
        if ui.button(T::DensityClear.tr(lang)).clicked() {
            push(actions, DensityAction::Clear);
        }
    });
    if let Some(status) = &state.status {
        ui.label(status);
    }
}
