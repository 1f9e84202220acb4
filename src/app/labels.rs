//! Labels of data in the user's language: layers (including the layers analyses save:
//! "Zonat e rrezikut (korrik)", "Zonat pa shërbim: 2 km (korrik)"), categories (kind, status,
//! sex, service type, mine status, risk class), fields, yes/no. Texts come from the catalogs
//! of `i18n.rs`; the category labels from the model's own Albanian/English names.

use super::i18n::{Language, T, catalog};
use crate::model::{CaseKind, CaseStatus, LayerKind, ServiceType};

/// The label of a layer: its kind's label, or its table name for `Other` layers.
pub fn layer_label(kind: LayerKind, name: &str, lang: Language) -> String {
    match kind {
        LayerKind::Other => crate::model::layer_names::title(name, lang == Language::Sq)
            .unwrap_or_else(|| name.to_string()),
        _ => lang.pick(kind.label_sq(), kind.label_en()).to_string(),
    }
}

pub fn case_kind(k: CaseKind, lang: Language) -> &'static str {
    lang.pick(k.label_sq(), k.label_en())
}

pub fn case_status(s: CaseStatus, lang: Language) -> &'static str {
    lang.pick(s.label_sq(), s.label_en())
}

pub fn service_type(s: ServiceType, lang: Language) -> &'static str {
    lang.pick(s.label_sq(), s.label_en())
}

/// The label of a field of a typed layer, or `None` for a field we have no label for.
pub fn field_label(field: &str, lang: Language) -> Option<&'static str> {
    let key = format!("field.{field}");
    catalog(lang).get(key.as_str()).copied()
}

/// The label of a stored category code (`kind`, `status`, `sex`, `service_type`, mine
/// `status`), or `None` when the field holds no known category.
pub fn category_value(
    layer: LayerKind,
    field: &str,
    code: &str,
    lang: Language,
) -> Option<&'static str> {
    let pair = crate::model::category::category_labels(layer, field, code)?;
    Some(lang.pick(pair.0, pair.1))
}

pub fn yes_no(value: bool, lang: Language) -> &'static str {
    if value {
        T::Yes.tr(lang)
    } else {
        T::No.tr(lang)
    }
}
