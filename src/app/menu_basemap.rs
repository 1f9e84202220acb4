//! The basemap section of the View menu: OpenStreetMap (online) / each offline pack found /
//! vector map only, as radio buttons, then "Choose offline pack..." (a file dialog for
//! `.mbtiles` / `.pmtiles`). Every entry pushes an [`Action`]; `tile_sources` does the rest.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::actions::Action;
use super::i18n::{Language, T};
use super::tile_sources::BasemapChoice;

/// What the section shows.
pub struct BasemapMenu<'a> {
    pub network: bool,
    pub active: BasemapChoice,
    pub packs: &'a [PathBuf],
    pub pack: Option<&'a Path>,
}

pub fn section(ui: &mut Ui, lang: Language, m: &BasemapMenu<'_>, actions: &mut Vec<Action>) {
    ui.label(egui::RichText::new(T::BasemapHeading.tr(lang)).strong());
    let osm = ui.add_enabled(
        m.network,
        egui::RadioButton::new(m.active == BasemapChoice::Osm, T::BasemapOsm.tr(lang)),
    );
    if osm.clicked() {
        actions.push(Action::SetBasemap(BasemapChoice::Osm));
        ui.close();
    }
    for pack in m.packs {
        let name = pack
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let selected = m.active == BasemapChoice::OfflinePack && m.pack == Some(pack.as_path());
        let label = format!("{}: {name}", T::BasemapPack.tr(lang));
        if ui
            .radio(selected, label)
            .on_hover_text(pack.display().to_string())
            .clicked()
        {
            actions.push(Action::OpenPack(pack.clone()));
            ui.close();
        }
    }
    if m.packs.is_empty() {
        ui.add_enabled(
            false,
            egui::RadioButton::new(false, T::BasemapNoPack.tr(lang)),
        );
    }
    let vector = m.active == BasemapChoice::VectorOnly;
    if ui.radio(vector, T::BasemapVectorOnly.tr(lang)).clicked() {
        actions.push(Action::SetBasemap(BasemapChoice::VectorOnly));
        ui.close();
    }
    if ui.button(T::ChooseOfflinePack.tr(lang)).clicked() {
        actions.push(Action::ShowPackDialog);
        ui.close();
    }
}

/// The native file dialog for a tile pack (`None` when cancelled).
pub fn pick_pack(lang: Language) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(T::ChooseOfflinePack.tr(lang))
        .add_filter(T::TilePacks.tr(lang), &["mbtiles", "pmtiles"])
        .pick_file()
}
