//! The top menu bar: File (open project, new project, open recent, import, open demo,
//! print map, export layer, quit), View (show Albania, panels, the basemap: `menu_basemap.rs`), Analysis (risk zones
//! and service gaps, case density, indicators), Planning (new day centres, field-team
//! routes), Language (Shqip / English) and Help (the About box: `about.rs`), and the place
//! search on the right. Every entry pushes an [`Action`].

use egui::Ui;

use super::actions::Action;
use super::config::Settings;
use super::i18n::{Language, T};
use super::menu_basemap::BasemapMenu;
use super::search;
use super::state::LoadedProject;

pub fn show(
    ui: &mut Ui,
    settings: &Settings,
    basemap: &BasemapMenu<'_>,
    project: Option<&LoadedProject>,
    actions: &mut Vec<Action>,
) {
    let title = project.and_then(|p| p.title.as_deref());
    let lang = settings.language;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(T::MenuFile.tr(lang), |ui| {
            if ui.button(T::OpenProject.tr(lang)).clicked() {
                actions.push(Action::ShowOpenDialog);
            }
            super::files::file_menu(ui, &settings.recent_projects, lang, actions);
            if ui.button(T::OpenDemo.tr(lang)).clicked() {
                actions.push(Action::OpenDemo);
            }
            ui.separator();
            let print = egui::Button::new(T::PrintMenu.tr(lang));
            if ui.add_enabled(project.is_some(), print).clicked() {
                actions.push(Action::Print(super::print_job::PrintAction::Open));
                ui.close();
            }
            let export = egui::Button::new(T::ExportLayerMenu.tr(lang));
            if ui.add_enabled(project.is_some(), export).clicked() {
                actions.push(Action::Export(super::export_job::ExportAction::Open));
                ui.close();
            }
            ui.separator();
            if ui.button(T::Quit.tr(lang)).clicked() {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button(T::MenuView.tr(lang), |ui| {
            if ui.button(T::ShowAlbania.tr(lang)).clicked() {
                actions.push(Action::ShowAlbania);
            }
            ui.separator();
            let mut layers = settings.show_layers_panel;
            if ui
                .checkbox(&mut layers, T::ShowLayersPanel.tr(lang))
                .changed()
            {
                actions.push(Action::ShowLayersPanel(layers));
            }
            let mut legend = settings.show_legend;
            if ui.checkbox(&mut legend, T::ShowLegend.tr(lang)).changed() {
                actions.push(Action::ShowLegend(legend));
            }
            ui.separator();
            super::menu_basemap::section(ui, lang, basemap, actions);
        });
        ui.menu_button(T::MenuAnalysis.tr(lang), |ui| {
            let open = ui.add_enabled(
                project.is_some(),
                egui::Button::new(T::RiskZonesMenu.tr(lang)),
            );
            if open.clicked() {
                actions.push(Action::Analysis(super::analysis_job::AnalysisAction::Open));
                ui.close();
            }
            let density = ui.add_enabled(
                project.is_some(),
                egui::Button::new(T::DensityMenu.tr(lang)),
            );
            if density.clicked() {
                actions.push(Action::Density(super::density_job::DensityAction::Open));
                ui.close();
            }
            let indicators = egui::Button::new(T::IndicatorsMenu.tr(lang));
            if ui.add_enabled(project.is_some(), indicators).clicked() {
                let open = super::indicators_job::IndicatorsAction::Open;
                actions.push(Action::Indicators(open));
                ui.close();
            }
        });
        ui.menu_button(T::MenuPlanning.tr(lang), |ui| {
            super::planning::menu(ui, project.is_some(), lang, actions);
        });
        ui.menu_button(T::MenuLanguage.tr(lang), |ui| {
            for candidate in Language::ALL {
                if ui
                    .radio(lang == candidate, candidate.native_name())
                    .clicked()
                {
                    actions.push(Action::SetLanguage(candidate));
                    ui.close();
                }
            }
        });
        ui.menu_button(T::MenuHelp.tr(lang), |ui| {
            if ui.button(T::AboutMenu.tr(lang)).clicked() {
                actions.push(Action::ShowAbout(true));
                ui.close();
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(title) = title {
                ui.label(egui::RichText::new(title).weak());
                ui.separator();
            }
            search::show(ui, project.map(|p| &*p.gazetteer), lang, actions);
        });
    });
}
