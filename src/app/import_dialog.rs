//! The import dialog: which file, what it holds, how to read it, then "Check only" (dry run)
//! or "Import". Its form ([`ImportForm`]) is the dialog's own widget state; everything else
//! goes out as actions (`FilesAction::StartImport(choice)`, `CancelTask`, `CloseImportDialog`).
//!
//! The CRS field takes an EPSG code (`6870`, `EPSG:6870`), checked when it changes against
//! the definitions the library knows; empty means "as the file declares". Options that only
//! make sense for some formats (encoding, coordinate columns, source layer) are shown for them
//! only. While the import runs, the dialog shows its progress and a Cancel button.

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use super::actions::Action;
use super::files::FilesAction;
use super::i18n::{Language, T};
use super::import_job::ImportChoice;
use crate::crs::{Crs, SUPPORTED};
use crate::io::format::{Format, detect};
use crate::model::LayerKind;
use crate::progress::SharedProgress;

/// The kinds a user imports into (the base layers come with every project).
pub const KINDS: [LayerKind; 5] = [
    LayerKind::Cases,
    LayerKind::Services,
    LayerKind::Mines,
    LayerKind::Hotspots,
    LayerKind::Other,
];

/// Text encodings offered for CSV and DBF files ("" = detect).
const ENCODINGS: [&str; 6] = [
    "",
    "utf-8",
    "windows-1250",
    "windows-1252",
    "iso-8859-2",
    "utf-16le",
];

/// What the CRS field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum CrsField {
    /// Empty: use what the file declares.
    FromFile,
    Valid {
        epsg: u32,
        name: String,
    },
    Invalid,
}

impl CrsField {
    pub fn parse(text: &str) -> Self {
        if text.trim().is_empty() {
            return CrsField::FromFile;
        }
        match Crs::parse(text) {
            Ok(crs) => CrsField::Valid {
                epsg: crs.epsg(),
                name: crs.name(),
            },
            Err(_) => CrsField::Invalid,
        }
    }
}

/// The dialog's answers so far.
#[derive(Debug, Clone)]
pub struct ImportForm {
    pub file: PathBuf,
    pub format: Option<Format>,
    pub kind: LayerKind,
    pub layer_name: String,
    pub source_layer: String,
    pub crs_text: String,
    crs: CrsField,
    pub fix_swapped: bool,
    pub repair_polygons: bool,
    pub strict: bool,
    pub encoding: String,
    pub lon_column: String,
    pub lat_column: String,
    pub max_gps_accuracy_m: f64,
    /// The last error (in the user's language), shown under the buttons.
    pub error: Option<String>,
    /// A caution shown above the buttons (e.g. importing into the demo project).
    pub warning: Option<String>,
}

impl ImportForm {
    /// A form for `file` with a kind guessed from its name and format.
    pub fn new(file: PathBuf) -> Self {
        let format = detect(&file);
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let defaults = ImportChoice::new(file.clone(), LayerKind::Cases);
        Self {
            kind: guess_kind(&stem, format),
            layer_name: crate::io::import::sanitize(&stem),
            file,
            format,
            source_layer: String::new(),
            crs_text: String::new(),
            crs: CrsField::FromFile,
            fix_swapped: false,
            repair_polygons: false,
            strict: false,
            encoding: String::new(),
            lon_column: String::new(),
            lat_column: String::new(),
            max_gps_accuracy_m: defaults.max_gps_accuracy_m,
            error: None,
            warning: None,
        }
    }

    pub fn crs(&self) -> &CrsField {
        &self.crs
    }

    /// Sets the CRS text and checks it.
    pub fn set_crs_text(&mut self, text: &str) {
        self.crs_text = text.to_string();
        self.crs = CrsField::parse(text);
    }

    /// The choice to run, or the key of what is missing.
    pub fn choice(&self, dry_run: bool) -> Result<ImportChoice, T> {
        let crs_epsg = match &self.crs {
            CrsField::FromFile => None,
            CrsField::Valid { epsg, .. } => Some(*epsg),
            CrsField::Invalid => return Err(T::CrsInvalid),
        };
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let layer_name = match self.kind {
            LayerKind::Other => Some(text(&self.layer_name).ok_or(T::LayerNameNeeded)?),
            _ => None,
        };
        let (lon, lat) = (text(&self.lon_column), text(&self.lat_column));
        if lon.is_some() != lat.is_some() {
            return Err(T::BothColumnsNeeded);
        }
        let mut c = ImportChoice::new(self.file.clone(), self.kind);
        c.layer_name = layer_name;
        c.crs_epsg = crs_epsg;
        c.source_layer = text(&self.source_layer);
        c.fix_swapped = self.fix_swapped;
        c.repair_polygons = self.repair_polygons;
        c.strict = self.strict;
        c.dry_run = dry_run;
        c.encoding = text(&self.encoding);
        c.lon_column = lon;
        c.lat_column = lat;
        c.max_gps_accuracy_m = self.max_gps_accuracy_m;
        Ok(c)
    }
}

/// Cases from Kobo/ODK CSVs are the common import; file names often say what they hold.
fn guess_kind(stem: &str, format: Option<Format>) -> LayerKind {
    let s = crate::text::fold(stem);
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["rast", "case", "kobo", "odk"]) {
        LayerKind::Cases
    } else if has(&["sherbim", "service", "qendr", "centre", "center"]) {
        LayerKind::Services
    } else if has(&["minier", "mine", "perimet"]) {
        LayerKind::Mines
    } else if has(&["hotspot", "bregdet", "plazh", "beach", "coast"]) {
        LayerKind::Hotspots
    } else if format == Some(Format::Csv) {
        LayerKind::Cases
    } else {
        LayerKind::Other
    }
}

/// "Rastet e identifikuara" / "Identified cases"; "Shtresë tjetër" / "Other layer".
pub fn kind_label(kind: LayerKind, lang: Language) -> &'static str {
    match lang {
        Language::Sq => kind.label_sq(),
        Language::En => kind.label_en(),
    }
}

pub fn format_label(format: Option<Format>, lang: Language) -> String {
    format.map_or_else(
        || T::FormatUnknown.tr(lang).to_string(),
        |f| f.label().into(),
    )
}

/// Draws the dialog. `running` is the progress of the import in flight, if any.
pub fn show(
    ctx: &egui::Context,
    form: &mut ImportForm,
    running: Option<&SharedProgress>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    let mut open = true;
    egui::Window::new(T::ImportTitle.tr(lang))
        .id(egui::Id::unique("import_dialog"))
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, -40.0))
        .open(&mut open)
        .show(ctx, |ui| {
            ui.add_enabled_ui(running.is_none(), |ui| fields(ui, form, lang));
            if let Some(warning) = &form.warning {
                ui.add_space(4.0);
                ui.label(RichText::new(warning).color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            buttons(ui, form, running, lang, actions);
        });
    if !open && running.is_none() {
        actions.push(Action::Files(FilesAction::CloseImportDialog));
    }
}

fn fields(ui: &mut Ui, form: &mut ImportForm, lang: Language) {
    let format = form.format;
    egui::Grid::new("import_fields")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label(T::ImportFileLabel.tr(lang));
            let name = form
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(RichText::new(name).strong())
                .on_hover_text(form.file.display().to_string());
            ui.end_row();
            ui.label(T::ImportFormat.tr(lang));
            ui.label(format_label(format, lang));
            ui.end_row();

            let label = ui.label(T::ImportAs.tr(lang)).id;
            egui::ComboBox::from_id_salt("import_kind")
                .selected_text(kind_label(form.kind, lang))
                .width(260.0)
                .show_ui(ui, |ui| {
                    for kind in KINDS {
                        ui.selectable_value(&mut form.kind, kind, kind_label(kind, lang));
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
            if form.kind == LayerKind::Other {
                let label = ui.label(T::LayerName.tr(lang)).id;
                ui.text_edit_singleline(&mut form.layer_name)
                    .labelled_by(label);
                ui.end_row();
            }
            if matches!(format, Some(Format::GeoPackage | Format::TopoJson)) {
                let label = ui.label(T::SourceLayer.tr(lang)).id;
                ui.text_edit_singleline(&mut form.source_layer)
                    .labelled_by(label);
                ui.end_row();
            }

            let label = ui.label(T::CrsLabel.tr(lang)).id;
            crs_field(ui, form, label, lang);
            ui.end_row();

            if matches!(format, Some(Format::Csv | Format::Shapefile)) {
                let label = ui.label(T::Encoding.tr(lang)).id;
                let shown = |e: &str| {
                    if e.is_empty() {
                        T::EncodingAuto.tr(lang).to_string()
                    } else {
                        e.to_string()
                    }
                };
                egui::ComboBox::from_id_salt("import_encoding")
                    .selected_text(shown(&form.encoding))
                    .show_ui(ui, |ui| {
                        for e in ENCODINGS {
                            ui.selectable_value(&mut form.encoding, e.to_string(), shown(e));
                        }
                    })
                    .response
                    .labelled_by(label);
                ui.end_row();
            }
            if format == Some(Format::Csv) {
                let label = ui.label(T::LonColumn.tr(lang)).id;
                ui.add(
                    egui::TextEdit::singleline(&mut form.lon_column)
                        .hint_text(T::AutoHint.tr(lang)),
                )
                .labelled_by(label);
                ui.end_row();
                let label = ui.label(T::LatColumn.tr(lang)).id;
                ui.add(
                    egui::TextEdit::singleline(&mut form.lat_column)
                        .hint_text(T::AutoHint.tr(lang)),
                )
                .labelled_by(label);
                ui.end_row();
            }
            if form.kind == LayerKind::Cases {
                let label = ui.label(T::MaxGpsAccuracy.tr(lang)).id;
                ui.add(
                    egui::DragValue::new(&mut form.max_gps_accuracy_m)
                        .range(1.0..=10_000.0)
                        .speed(1.0)
                        .suffix(" m"),
                )
                .labelled_by(label);
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.checkbox(&mut form.fix_swapped, T::OptFixSwapped.tr(lang));
    ui.checkbox(&mut form.repair_polygons, T::OptRepairPolygons.tr(lang));
    ui.checkbox(&mut form.strict, T::OptStrict.tr(lang));
}

fn crs_field(ui: &mut Ui, form: &mut ImportForm, label: egui::Id, lang: Language) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let mut text = form.crs_text.clone();
            let edit = egui::TextEdit::singleline(&mut text)
                .hint_text(T::CrsFromFile.tr(lang))
                .desired_width(150.0);
            if ui.add(edit).labelled_by(label).changed() {
                form.set_crs_text(&text);
            }
            ui.menu_button(T::CrsPick.tr(lang), |ui| {
                if ui.button(T::CrsFromFile.tr(lang)).clicked() {
                    form.set_crs_text("");
                }
                for (epsg, name) in SUPPORTED {
                    if ui.button(format!("EPSG:{epsg}  {name}")).clicked() {
                        form.set_crs_text(&format!("EPSG:{epsg}"));
                    }
                }
            });
        });
        match form.crs() {
            CrsField::FromFile => {}
            CrsField::Valid { epsg, name } => {
                ui.label(RichText::new(format!("EPSG:{epsg}  {name}")).small());
            }
            CrsField::Invalid => {
                ui.label(
                    RichText::new(T::CrsInvalid.tr(lang))
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
        }
    });
}

fn buttons(
    ui: &mut Ui,
    form: &mut ImportForm,
    running: Option<&SharedProgress>,
    lang: Language,
    actions: &mut Vec<Action>,
) {
    if let Some(progress) = running {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(super::files::stage_text(&progress.stage(), lang));
        });
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(progress.fraction())
                    .desired_width(300.0)
                    .show_percentage(),
            );
            let label = if progress_cancelled(progress) {
                T::Cancelling
            } else {
                T::Cancel
            };
            if ui
                .add_enabled(
                    !progress_cancelled(progress),
                    egui::Button::new(label.tr(lang)),
                )
                .clicked()
            {
                actions.push(Action::Files(FilesAction::CancelTask));
            }
        });
        return;
    }
    ui.horizontal(|ui| {
        let mut start = |dry_run: bool| match form.choice(dry_run) {
            Ok(choice) => {
                form.error = None;
                actions.push(Action::Files(FilesAction::StartImport(choice)));
            }
            Err(key) => form.error = Some(key.tr(lang).to_string()),
        };
        if ui.button(T::DryRun.tr(lang)).clicked() {
            start(true);
        }
        if ui
            .button(RichText::new(T::ImportButton.tr(lang)).strong())
            .clicked()
        {
            start(false);
        }
        if ui.button(T::Close.tr(lang)).clicked() {
            actions.push(Action::Files(FilesAction::CloseImportDialog));
        }
    });
    if let Some(error) = &form.error {
        ui.add_space(4.0);
        ui.label(RichText::new(error).color(Color32::from_rgb(0xb0, 0x20, 0x20)));
    }
}

fn progress_cancelled(p: &SharedProgress) -> bool {
    use crate::progress::Progress;
    p.is_cancelled()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_field_accepts_codes_and_flags_garbage() {
        assert_eq!(CrsField::parse("  "), CrsField::FromFile);
        assert!(matches!(
            CrsField::parse("6870"),
            CrsField::Valid { epsg: 6870, .. }
        ));
        assert!(matches!(
            CrsField::parse("EPSG:32634"),
            CrsField::Valid { epsg: 32634, .. }
        ));
        assert_eq!(CrsField::parse("EPSG:abc"), CrsField::Invalid);
        assert_eq!(CrsField::parse("99999"), CrsField::Invalid);
    }

    #[test]
    fn form_checks_before_building_a_choice() {
        let mut f = ImportForm::new(PathBuf::from("dir/Rastet Korçë 2024.csv"));
        assert_eq!(f.kind, LayerKind::Cases);
        assert_eq!(f.format, Some(Format::Csv));
        f.set_crs_text("EPSG:nope");
        assert_eq!(f.choice(false), Err(T::CrsInvalid));
        f.set_crs_text("6870");
        f.lon_column = "X".into();
        assert_eq!(f.choice(false), Err(T::BothColumnsNeeded));
        f.lat_column = "Y".into();
        let c = f.choice(true).expect("valid");
        assert_eq!(c.crs_epsg, Some(6870));
        assert!(c.dry_run);
        assert_eq!(c.lat_column.as_deref(), Some("Y"));
        f.kind = LayerKind::Other;
        f.layer_name = " ".into();
        assert_eq!(f.choice(false), Err(T::LayerNameNeeded));
        f.layer_name = "Rastet_Korce_2024".into();
        assert_eq!(
            f.choice(false).map(|c| c.layer_name),
            Ok(Some("Rastet_Korce_2024".into()))
        );
    }

    #[test]
    fn kinds_are_guessed_from_names() {
        assert_eq!(
            guess_kind("sherbimet_durres", Some(Format::GeoJson)),
            LayerKind::Services
        );
        assert_eq!(
            guess_kind("Perimetrat e minierave", Some(Format::Shapefile)),
            LayerKind::Mines
        );
        assert_eq!(
            guess_kind("plazhet", Some(Format::GeoJson)),
            LayerKind::Hotspots
        );
        assert_eq!(
            guess_kind("rruget", Some(Format::GeoJson)),
            LayerKind::Other
        );
        assert_eq!(guess_kind("export", Some(Format::Csv)), LayerKind::Cases);
    }
}
