//! The Print dialog (File ▸ Print map…): the layout (template, title, subtitle, the page's
//! elements and the template's layers), the pages (Albania, a municipality, or the atlas),
//! paper and orientation, language, PDF or PNG, basemap tiles from the offline pack (enabled
//! when the app has an MBTiles pack), the smallest count shown, the explicit
//! case-level choice with its warning, and a live preview of the page drawn by the same code
//! as the printed file. Everything the user changes goes back as one [`PrintAction`].

use egui::Ui;

use super::actions::Action;
use super::files_ui::progress_bar;
use super::i18n::{Language, T};
use super::print_form::{PrintArea, PrintForm};
use super::print_job::{PrintAction, PrintState};
use crate::render::print::layout::{DensityOptions, layer_keys};
use crate::render::print::pages::Template;

pub fn window(ctx: &egui::Context, state: &PrintState, lang: Language, actions: &mut Vec<Action>) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new(T::PrintTitle.tr(lang))
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .default_pos([180.0, 60.0])
        .show(ctx, |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(330.0);
                    egui::ScrollArea::vertical()
                        .min_scrolled_height(520.0)
                        .max_height(600.0)
                        .show(ui, |ui| form(ui, state, lang, actions));
                });
                ui.separator();
                preview(ui, state, lang);
            });
        });
    if !open {
        actions.push(Action::Print(PrintAction::Close));
    }
}

fn push(actions: &mut Vec<Action>, a: PrintAction) {
    actions.push(Action::Print(a));
}

/// A built-in layout's name in the user's language; saved layouts keep their own.
pub fn layout_label(name: &str, lang: Language) -> String {
    match name {
        "coverage" => T::PrintCoverage.tr(lang).to_string(),
        "mines" => T::PrintMines.tr(lang).to_string(),
        "coastal" => T::PrintCoastal.tr(lang).to_string(),
        other => other.to_string(),
    }
}

fn layer_label(key: &str, lang: Language) -> &'static str {
    match key {
        "hexagons" => T::PrintLayerHexagons.tr(lang),
        "reach" => T::PrintLayerReach.tr(lang),
        "services" => T::PrintLayerServices.tr(lang),
        "outline" => T::PrintLayerOutline.tr(lang),
        "mine_band" => T::PrintLayerBand.tr(lang),
        "mines" => T::PrintLayerMines.tr(lang),
        _ => T::PrintLayerHotspots.tr(lang),
    }
}

fn form(ui: &mut Ui, state: &PrintState, lang: Language, actions: &mut Vec<Action>) {
    let running = state.task.is_some();
    let mut f = state.form.clone();
    egui::ComboBox::from_label(T::PrintLayout.tr(lang))
        .selected_text(layout_label(&f.layout.name, lang))
        .show_ui(ui, |ui| {
            for l in &state.layouts {
                let label = layout_label(&l.name, lang);
                if ui
                    .selectable_label(l.name == f.layout.name, label)
                    .clicked()
                {
                    push(actions, PrintAction::UseLayout(l.name.clone()));
                }
            }
        });
    match &mut f.layout.template {
        Template::Coverage => {}
        Template::Mines { band_m } => {
            let mut km = *band_m / 1000.0;
            ui.add(egui::Slider::new(&mut km, 0.5..=10.0).text(T::PrintBandKm.tr(lang)));
            *band_m = (km * 10.0).round() * 100.0;
        }
        Template::Coastal { month } => {
            ui.add(egui::Slider::new(month, 1..=12).text(T::PrintMonth.tr(lang)));
        }
    }
    text_field(ui, T::PrintOwnTitle.tr(lang), &mut f.layout.title);
    text_field(ui, T::PrintOwnSubtitle.tr(lang), &mut f.layout.subtitle);
    ui.weak(T::PrintTitleHint.tr(lang));
    ui.separator();
    ui.label(T::PrintPages.tr(lang));
    area(ui, state, &mut f, lang);
    // Which cases the pages count: the map's filter, said on the page too.
    let cases = match state.filter.summary(lang == Language::Sq) {
        Some(s) => format!("{s} ({})", T::PrintCasesFromMap.tr(lang)),
        None => T::PrintCasesAll.tr(lang).to_string(),
    };
    ui.label(egui::RichText::new(cases).strong());
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.layout.a3, false, "A4");
        ui.radio_value(&mut f.layout.a3, true, "A3");
        ui.checkbox(&mut f.layout.landscape, T::PrintLandscape.tr(lang));
    });
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.albanian, true, "Shqip");
        ui.radio_value(&mut f.albanian, false, "English");
    });
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.png_dpi, None, "PDF");
        ui.radio_value(&mut f.png_dpi, Some(150), "PNG 150 dpi");
        ui.radio_value(&mut f.png_dpi, Some(300), "PNG 300 dpi");
    });
    let available = state.tiles.is_some();
    let mut tiles = f.tiles && available;
    let text = T::PrintPackTiles.tr(lang);
    let box_ = ui.add_enabled(available, egui::Checkbox::new(&mut tiles, text));
    if box_
        .on_disabled_hover_text(T::PrintPackTilesNone.tr(lang))
        .changed()
    {
        f.tiles = tiles;
    }
    ui.separator();
    ui.label(T::PrintElements.tr(lang));
    let e = &mut f.layout.elements;
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut e.legend, T::Legend.tr(lang));
        ui.checkbox(&mut e.scale_bar, T::PrintScaleBar.tr(lang));
        ui.checkbox(&mut e.north_arrow, T::PrintNorthArrow.tr(lang));
        ui.checkbox(&mut e.inset, T::PrintInset.tr(lang));
        ui.checkbox(&mut e.table, T::PrintTable.tr(lang));
    });
    ui.label(T::Layers.tr(lang));
    for key in layer_keys(f.layout.template) {
        let mut shown = f.layout.shows(key);
        if ui.checkbox(&mut shown, layer_label(key, lang)).changed() {
            f.layout.hidden_layers.retain(|h| h != key);
            if !shown {
                f.layout.hidden_layers.push(key.to_string());
            }
        }
    }
    let mut density = f.layout.density.is_some();
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut density, T::PrintDensity.tr(lang))
            .changed()
        {
            f.layout.density = density.then(DensityOptions::default);
        }
        if let Some(d) = &mut f.layout.density {
            let label = ui.label(T::PrintDensityRadius.tr(lang));
            let radius = egui::DragValue::new(&mut d.radius_m)
                .range(100.0..=10_000.0)
                .speed(50.0)
                .suffix(" m");
            ui.add(radius).labelled_by(label.id);
        }
    });
    if let Some(p) = state.project.as_ref().filter(|p| !p.layers.is_empty()) {
        ui.label(T::PrintProjectLayers.tr(lang));
        for l in &p.layers {
            let name = &l.data.name;
            let mut on = f.layout.extra_layers.contains(name);
            let label = super::labels::layer_label(l.data.kind, name, lang);
            if ui.checkbox(&mut on, label).changed() {
                f.layout.extra_layers.retain(|n| n != name);
                if on {
                    f.layout.extra_layers.push(name.clone());
                }
            }
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label(T::PrintK.tr(lang));
        ui.add(egui::DragValue::new(&mut f.k).range(5..=100))
            .labelled_by(label.id);
    });
    ui.separator();
    ui.checkbox(&mut f.case_level, T::PrintCaseLevel.tr(lang));
    if f.case_level {
        ui.colored_label(ui.visuals().error_fg_color, T::PrintCaseWarning.tr(lang));
    }
    ui.horizontal(|ui| {
        let label = ui.label(T::PrintLayoutName.tr(lang));
        ui.add(egui::TextEdit::singleline(&mut f.layout.name).desired_width(120.0))
            .labelled_by(label.id);
        let save = egui::Button::new(T::PrintSaveLayout.tr(lang));
        if ui.add_enabled(!running, save).clicked() {
            push(actions, PrintAction::SaveLayout);
        }
    });
    if f != state.form {
        push(actions, PrintAction::SetForm(Box::new(f)));
    }
    ui.separator();
    ui.horizontal(|ui| match &state.task {
        Some(task) => {
            let cancelling = task.is_cancelling();
            let label = if cancelling { T::Cancelling } else { T::Cancel };
            let cancel = egui::Button::new(label.tr(lang));
            if ui.add_enabled(!cancelling, cancel).clicked() {
                push(actions, PrintAction::Cancel);
            }
            ui.add(progress_bar(task.progress.as_ref(), 140.0));
        }
        None => {
            let print = egui::Button::new(T::PrintButton.tr(lang));
            if ui.add_enabled(state.project.is_some(), print).clicked() {
                push(actions, PrintAction::ShowSaveDialog);
            }
        }
    });
    if let Some((error, text)) = &state.message {
        if *error {
            ui.colored_label(ui.visuals().error_fg_color, text);
        } else {
            ui.label(text);
        }
    }
}

fn text_field(ui: &mut Ui, label: &str, value: &mut Option<String>) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let mut text = value.clone().unwrap_or_default();
        ui.add(egui::TextEdit::singleline(&mut text).desired_width(200.0))
            .labelled_by(l.id);
        *value = (!text.is_empty()).then_some(text);
    });
}

fn area(ui: &mut Ui, state: &PrintState, f: &mut PrintForm, lang: Language) {
    let munis = state.project.as_ref().map(|p| &p.municipalities);
    ui.radio_value(&mut f.area, PrintArea::Albania, T::AllAlbania.tr(lang));
    ui.horizontal(|ui| {
        let chosen = matches!(f.area, PrintArea::Municipality(_));
        let first = munis.and_then(|m| m.first()).map(|m| m.lau_code.clone());
        if ui.radio(chosen, T::PrintOneMunicipality.tr(lang)).clicked()
            && !chosen
            && let Some(code) = first
        {
            f.area = PrintArea::Municipality(code);
        }
        if let (PrintArea::Municipality(code), Some(all)) = (&mut f.area, munis) {
            let name = all
                .iter()
                .find(|m| &m.lau_code == code)
                .map_or(code.as_str(), |m| m.name.as_str());
            egui::ComboBox::from_label(T::IndMunicipality.tr(lang))
                .selected_text(name)
                .show_ui(ui, |ui| {
                    let mut sorted: Vec<_> = all.iter().collect();
                    sorted.sort_by_cached_key(|m| crate::text::fold(&m.name));
                    for m in sorted {
                        ui.selectable_value(code, m.lau_code.clone(), &m.name);
                    }
                });
        }
    });
    let atlas = format!(
        "{} ({})",
        T::PrintAtlas.tr(lang),
        munis.map_or(0, |m| m.len() + 1)
    );
    ui.radio_value(&mut f.area, PrintArea::Atlas, atlas);
}

fn preview(ui: &mut Ui, state: &PrintState, lang: Language) {
    ui.vertical(|ui| {
        ui.set_width(460.0);
        match &state.preview {
            Some((texture, _)) => {
                let size = texture.size_vec2();
                let scale = (460.0 / size.x).min(560.0 / size.y);
                ui.add(
                    egui::Image::new((texture.id(), size * scale))
                        .alt_text(T::PrintPreview.tr(lang)),
                );
            }
            None => {
                ui.label(T::PrintPreparing.tr(lang));
                ui.spinner();
            }
        }
    });
}
