//! The import dialog's form: its answers so far ([`ImportForm`]), the CRS field's check
//! ([`CrsField`]: an EPSG code the library knows, or empty for "as the file declares"), the
//! layer kind guessed from the file name, and the conversion into an [`ImportChoice`] with
//! the reason when something is missing (a translation key). No drawing here.

use std::path::PathBuf;

use super::i18n::{Language, T};
use super::import_job::ImportChoice;
use crate::crs::Crs;
use crate::io::format::{Format, detect};
use crate::model::LayerKind;

/// The kinds a user imports into (the base layers come with every project).
pub const KINDS: [LayerKind; 5] = [
    LayerKind::Cases,
    LayerKind::Services,
    LayerKind::Mines,
    LayerKind::Hotspots,
    LayerKind::Other,
];

/// Text encodings offered for CSV and DBF files ("" = detect).
pub const ENCODINGS: [&str; 6] = [
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
    /// News that is not an error (e.g. "cancelled, the project is unchanged").
    pub notice: Option<String>,
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
            notice: None,
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
