//! The About box (Help → About Risk Atlas): the version (Cargo.toml's, through
//! `CARGO_PKG_VERSION`: the one place it is written), the app's licence, the key third-party
//! components with their licences, and the data attributions: the map tiles'
//! (`tile_sources::OSM_ATTRIBUTION`) and the embedded data's (`demo::sources::ATTRIBUTIONS`,
//! the same lines printed maps and projects carry). Opened by `Action::ShowAbout(true)`,
//! closed by its button or the window's close box (`Action::ShowAbout(false)`).

use egui::{Context, RichText};

use super::actions::Action;
use super::i18n::{Language, T};
use super::tile_sources::{OSM_ATTRIBUTION, OSM_COPYRIGHT_URL};

/// The version shown, as Cargo.toml has it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The app's licence (Cargo.toml's `license`).
pub const LICENSE: &str = env!("CARGO_PKG_LICENSE");

/// Key components compiled into the app and their licences (the installers' NOTICE.txt
/// lists every crate).
pub const COMPONENTS: &[(&str, &str)] = &[
    ("egui / eframe", "MIT OR Apache-2.0"),
    ("walkers", "MIT"),
    ("wgpu", "MIT OR Apache-2.0"),
    ("SQLite (rusqlite)", "public domain / MIT"),
    ("proj4rs", "MIT OR Apache-2.0"),
    ("geo, geojson", "MIT OR Apache-2.0"),
    ("h3o", "BSD-3-Clause"),
    ("tiny-skia", "BSD-3-Clause"),
    ("krilla", "MIT OR Apache-2.0"),
    ("DejaVu fonts", "Bitstream Vera / DejaVu licence"),
];

/// "Version 0.1.0" in the user's language.
pub fn version_line(lang: Language) -> String {
    format!("{} {VERSION}", T::AboutVersion.tr(lang))
}

/// Shows the window while `open`.
pub fn window(ctx: &Context, open: bool, lang: Language, actions: &mut Vec<Action>) {
    if !open {
        return;
    }
    let mut still_open = true;
    egui::Window::new(T::AboutTitle.tr(lang))
        .open(&mut still_open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.heading("Risk Atlas");
            ui.label(version_line(lang));
            ui.label(T::AboutPurpose.tr(lang));
            ui.separator();
            ui.label(format!("{}: {LICENSE}", T::AboutLicence.tr(lang)));
            ui.add_space(4.0);
            ui.label(RichText::new(T::AboutData.tr(lang)).strong());
            ui.hyperlink_to(OSM_ATTRIBUTION, OSM_COPYRIGHT_URL);
            for line in crate::demo::sources::ATTRIBUTIONS {
                ui.label(*line);
            }
            ui.label(T::AboutSynthetic.tr(lang));
            ui.add_space(4.0);
            ui.label(RichText::new(T::AboutComponents.tr(lang)).strong());
            egui::Grid::new("about_components")
                .num_columns(2)
                .spacing([16.0, 2.0])
                .show(ui, |ui| {
                    for (name, licence) in COMPONENTS {
                        ui.label(*name);
                        ui.label(*licence);
                        ui.end_row();
                    }
                });
            ui.label(T::AboutNotice.tr(lang));
            ui.separator();
            if ui.button(T::Close.tr(lang)).clicked() {
                actions.push(Action::ShowAbout(false));
            }
        });
    if !still_open {
        actions.push(Action::ShowAbout(false));
    }
}
