//! The bottom status bar: cursor position in WGS84 (degrees) and in KRGJSH-2010 / Albania TM
//! (EPSG:6870, metres), the zoom level, and the running background job with its progress bar
//! and a Cancel button (pushes `Action::CancelJob`).

use egui::{RichText, Ui};

use super::actions::Action;
use super::i18n::{Language, T};
use super::jobs::STAGE_DEMO;
use super::state::Session;
use crate::crs::Transformer;

/// "E 484 822 m  N 4 576 960 m" for a position in Albania TM, or `None` if it cannot be
/// transformed.
pub fn tm_text(tm: &Transformer, lon: f64, lat: f64) -> Option<String> {
    let (e, n) = tm.point(lon, lat).ok()?;
    let group = |v: f64| super::layers_panel::format_count(v.round().abs() as usize);
    Some(format!("E {} m  N {} m", group(e), group(n)))
}

pub fn show(
    ui: &mut Ui,
    session: &Session,
    tm: &Transformer,
    lang: Language,
    online: bool,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        match session.cursor_wgs84 {
            Some([lon, lat]) => {
                ui.monospace(format!("{lon:.5}°E {lat:.5}°N"));
                ui.label(RichText::new("WGS84").small().weak());
                ui.separator();
                if let Some(text) = tm_text(tm, lon, lat) {
                    ui.monospace(text);
                    ui.label(RichText::new("KRGJSH-2010 / Albania TM").small().weak());
                }
            }
            None => {
                ui.label(RichText::new("—").weak());
            }
        }
        ui.separator();
        if let Some(t) = &session.transform {
            let n = super::layers_panel::format_count(t.scale_denominator() as usize);
            ui.label(format!("{} 1:{n}", T::Scale.tr(lang)))
                .on_hover_text(T::ScaleTip.tr(lang));
            ui.separator();
        }
        ui.label(format!("{} {:.1}", T::Zoom.tr(lang), session.map.zoom()));
        if !online {
            ui.separator();
            ui.label(RichText::new(T::Offline.tr(lang)).weak());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(job) = &session.job {
                if ui.button(T::Cancel.tr(lang)).clicked() {
                    actions.push(Action::CancelJob);
                }
                let fraction = job.progress.fraction();
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(160.0)
                        .show_percentage(),
                );
                let stage = job.progress.stage();
                let text = if stage == STAGE_DEMO {
                    T::PreparingDemo.tr(lang).to_string()
                } else if stage.is_empty() {
                    T::OpeningProject.tr(lang).to_string()
                } else {
                    format!("{}: {stage}", T::Reading.tr(lang))
                };
                ui.spinner();
                ui.label(text);
            } else if super::files::status_widget(ui, &session.files, lang, actions) {
                // An import or a new project is running.
            } else if let Some(status) = &session.status {
                ui.label(RichText::new(status).weak());
            }
        });
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn tirana_in_albania_tm() {
        let tm = crate::crs::Transformer::wgs84_to_tm();
        // Skanderbeg Square, Tirana: E ≈ 484 8xx, N ≈ 4 576 9xx (see STACK.md).
        let text = super::tm_text(&tm, 19.8187, 41.3275).expect("transforms");
        assert!(text.starts_with("E 48"), "{text}");
        assert!(text.contains("N 4 57"), "{text}");
    }
}
