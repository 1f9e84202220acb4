//! Every string the app shows, in Albanian (the default) and English, from one place.
//!
//! Inputs: a [`Language`] and a key ([`T`]), or a domain category whose labels live in
//! `crate::model` (layer kinds, case kinds, service types, …). Output: a `&'static str`.
//! Panels never hard-code visible text: they call `T::X.tr(lang)` or the helpers below.

use serde::{Deserialize, Serialize};

use crate::model::{CaseKind, CaseStatus, LayerKind, MineStatus, ServiceType, Sex};

/// The UI language. Albanian is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    Sq,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Sq, Language::En];

    /// The language's own name (never translated).
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Sq => "Shqip",
            Language::En => "English",
        }
    }

    fn pick(self, sq: &'static str, en: &'static str) -> &'static str {
        match self {
            Language::Sq => sq,
            Language::En => en,
        }
    }
}

macro_rules! texts {
    ($($key:ident => $sq:literal, $en:literal;)+) => {
        /// A key of a visible string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),+ }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),+];

            pub fn tr(self, lang: Language) -> &'static str {
                match self { $(T::$key => lang.pick($sq, $en)),+ }
            }
        }
    };
}

texts! {
    MenuFile => "Skedari", "File";
    OpenProject => "Hap projektin…", "Open project…";
    OpenDemo => "Hap projektin demonstrues", "Open the demo project";
    Quit => "Dil", "Quit";
    MenuView => "Pamja", "View";
    ShowAlbania => "Shfaq gjithë Shqipërinë", "Show all of Albania";
    ShowLayersPanel => "Paneli i shtresave", "Layers panel";
    ShowLegend => "Legjenda", "Legend";
    BackgroundTiles => "Harta e sfondit OpenStreetMap (me rrjet)", "OpenStreetMap background (online)";
    MenuLanguage => "Gjuha", "Language";
    Layers => "Shtresat", "Layers";
    Features => "objekte", "features";
    ZoomToLayer => "Zmadho te shtresa", "Zoom to layer";
    Opacity => "Patejdukshmëria", "Opacity";
    NoProject => "Asnjë projekt i hapur", "No project open";
    Legend => "Legjenda", "Legend";
    CasesByKind => "Rastet sipas llojit", "Cases by kind";
    ServicesByType => "Shërbimet sipas llojit", "Services by type";
    ClusterNote => "Rreth me numër: rastet e grupuara në zonë; ngjyra = lloji më i shpeshtë",
        "Circle with a number: cases grouped in the area; colour = most frequent kind";
    MinePerimeter => "Perimetër miniere", "Mine perimeter";
    CoastalHotspot => "Zonë bregdetare verore", "Coastal summer hotspot";
    MunicipalityBoundary => "Kufiri i bashkisë", "Municipality boundary";
    QarkBoundary => "Kufiri i qarkut", "County boundary";
    Land => "Toka", "Land";
    Sea => "Deti dhe jashtë Shqipërisë", "Sea and outside Albania";
    Identify => "Identifikimi", "Identify";
    IdentifyHint => "Kliko mbi hartë pranë një objekti për të parë të dhënat e tij.",
        "Click on the map near a feature to see its attributes.";
    NothingHere => "Asnjë objekt këtu", "Nothing here";
    Close => "Mbyll", "Close";
    Layer => "Shtresa", "Layer";
    Zoom => "Zmadhimi", "Zoom";
    Cancel => "Anulo", "Cancel";
    OpeningProject => "Duke hapur projektin", "Opening the project";
    PreparingDemo => "Duke përgatitur projektin demonstrues", "Preparing the demo project";
    Reading => "Duke lexuar", "Reading";
    Preparing => "Duke përgatitur hartën", "Preparing the map";
    Cancelled => "U anulua", "Cancelled";
    OpenFailed => "Projekti nuk u hap", "The project could not be opened";
    Offline => "Pa rrjet: harta vektoriale e projektit", "Offline: the project's vector map";
    Yes => "Po", "Yes";
    No => "Jo", "No";
    Dismiss => "Në rregull", "OK";
    ZoomIn => "Zmadho", "Zoom in";
    ZoomOut => "Zvogëlo", "Zoom out";
    Home => "Shqipëria", "Albania";
    GeoPackage => "Projekt Risk Atlas (GeoPackage)", "Risk Atlas project (GeoPackage)";
}

/// The label of a layer: its kind's label, or its table name for `Other` layers.
pub fn layer_label(kind: LayerKind, name: &str, lang: Language) -> String {
    match kind {
        LayerKind::Other => name.to_string(),
        _ => lang.pick(kind.label_sq(), kind.label_en()).to_string(),
    }
}

pub fn case_kind(k: CaseKind, lang: Language) -> &'static str {
    lang.pick(k.label_sq(), k.label_en())
}

pub fn service_type(s: ServiceType, lang: Language) -> &'static str {
    lang.pick(s.label_sq(), s.label_en())
}

/// The label of a field of a typed layer, or `None` for a field we have no label for.
pub fn field_label(field: &str, lang: Language) -> Option<&'static str> {
    let (sq, en) = match field {
        "case_code" => ("Kodi i rastit", "Case code"),
        "identified_on" => ("Identifikuar më", "Identified on"),
        "kind" => ("Lloji", "Kind"),
        "age" => ("Mosha", "Age"),
        "sex" => ("Gjinia", "Sex"),
        "status" => ("Statusi", "Status"),
        "municipality" => ("Bashkia", "Municipality"),
        "municipality_lau" => ("Kodi LAU i bashkisë", "Municipality LAU code"),
        "team" => ("Ekipi", "Team"),
        "gps_accuracy_m" => ("Saktësia GPS (m)", "GPS accuracy (m)"),
        "service_type" => ("Lloji i shërbimit", "Service type"),
        "name" => ("Emri", "Name"),
        "capacity" => ("Kapaciteti", "Capacity"),
        "source" => ("Burimi", "Source"),
        "mineral" => ("Minerali", "Mineral"),
        "guarded" => ("E ruajtur", "Guarded"),
        "note" => ("Shënim", "Note"),
        "active_months" => ("Muajt aktivë", "Active months"),
        "peak_hours" => ("Orët e pikut", "Peak hours"),
        "lau_code" => ("Kodi LAU", "LAU code"),
        "nuts3_code" => ("Kodi NUTS-3", "NUTS-3 code"),
        "qark" => ("Qarku", "County"),
        "population" => ("Popullsia", "Population"),
        _ => return None,
    };
    Some(lang.pick(sq, en))
}

/// The label of a stored category code (`kind`, `status`, `sex`, `service_type`, mine
/// `status`), or `None` when the field holds no known category.
pub fn category_value(
    layer: LayerKind,
    field: &str,
    code: &str,
    lang: Language,
) -> Option<&'static str> {
    let pair = match (layer, field) {
        (_, "kind") => CaseKind::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (LayerKind::Mines, "status") => {
            MineStatus::from_code(code).map(|c| (c.label_sq(), c.label_en()))
        }
        (_, "status") => CaseStatus::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (_, "sex") => Sex::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (_, "service_type") => ServiceType::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        _ => None,
    }?;
    Some(lang.pick(pair.0, pair.1))
}

pub fn yes_no(value: bool, lang: Language) -> &'static str {
    if value {
        T::Yes.tr(lang)
    } else {
        T::No.tr(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_two_different_non_empty_texts_or_is_a_name() {
        for key in T::ALL {
            let sq = key.tr(Language::Sq);
            let en = key.tr(Language::En);
            assert!(!sq.is_empty() && !en.is_empty(), "{key:?}");
        }
        assert_eq!(T::MenuFile.tr(Language::Sq), "Skedari");
        assert_eq!(T::MenuFile.tr(Language::En), "File");
    }

    #[test]
    fn categories_and_layers_are_labelled_in_both_languages() {
        assert_eq!(
            layer_label(LayerKind::Municipalities, "municipalities", Language::Sq),
            "Bashkitë"
        );
        assert_eq!(
            layer_label(LayerKind::Other, "wells", Language::En),
            "wells"
        );
        assert_eq!(
            category_value(LayerKind::Cases, "kind", "begging", Language::Sq),
            Some("Lypje")
        );
        assert_eq!(
            category_value(LayerKind::Mines, "status", "active", Language::En),
            Some("Active")
        );
        assert_eq!(
            category_value(LayerKind::Cases, "status", "closed", Language::En),
            Some("Closed")
        );
        assert_eq!(
            category_value(LayerKind::Cases, "team", "T1", Language::En),
            None
        );
        assert_eq!(
            field_label("case_code", Language::Sq),
            Some("Kodi i rastit")
        );
    }
}
