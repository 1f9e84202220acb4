//! The words of the import report: each `IssueCode`'s explanation and fix hint and each
//! severity in the user's language (from the translation files), the code's stable name, and
//! the field (column) a problem is about, from the code or, for attribute problems, from the
//! importer's English sentence. Shared by the report dialog and its CSV export.

use super::i18n::{self, Language, T};
use crate::io::report::{IssueCode, ReportEntry, Severity};
use crate::model::LayerKind;

/// The explanation of a problem, in the user's language.
pub fn issue_text(code: IssueCode, lang: Language) -> &'static str {
    issue_keys(code).0.tr(lang)
}

/// What the user can do about a problem, in the user's language.
pub fn fix_text(code: IssueCode, lang: Language) -> &'static str {
    issue_keys(code).1.tr(lang)
}

/// The fix hint for an entry: a swap already applied on request only needs a look.
pub fn fix_for(code: IssueCode, severity: Severity, lang: Language) -> &'static str {
    match (code, severity) {
        (IssueCode::SwappedLatLon, Severity::Warning) => T::FixSwappedDone.tr(lang),
        _ => fix_text(code, lang),
    }
}

fn issue_keys(code: IssueCode) -> (T, T) {
    use IssueCode as C;
    match code {
        C::MissingCoordinates => (T::IssueMissingCoordinates, T::FixMissingCoordinates),
        C::InvalidCoordinates => (T::IssueInvalidCoordinates, T::FixInvalidCoordinates),
        C::TransformFailed => (T::IssueTransformFailed, T::FixTransformFailed),
        C::OutsideAlbania => (T::IssueOutsideAlbania, T::FixOutsideAlbania),
        C::SwappedLatLon => (T::IssueSwappedLatLon, T::FixSwappedLatLon),
        C::WrongGeometryType => (T::IssueWrongGeometryType, T::FixWrongGeometryType),
        C::InvalidPolygon => (T::IssueInvalidPolygon, T::FixInvalidPolygon),
        C::RepairedPolygon => (T::IssueRepairedPolygon, T::FixRepairedPolygon),
        C::DuplicateKey => (T::IssueDuplicateKey, T::FixDuplicateKey),
        C::UnknownCategory => (T::IssueUnknownCategory, T::FixUnknownCategory),
        C::MissingField => (T::IssueMissingField, T::FixMissingField),
        C::BadValue => (T::IssueBadValue, T::FixBadValue),
        C::LowGpsAccuracy => (T::IssueLowGpsAccuracy, T::FixLowGpsAccuracy),
        C::NoMunicipality => (T::IssueNoMunicipality, T::FixNoMunicipality),
    }
}

pub fn severity_text(s: Severity, lang: Language) -> &'static str {
    match s {
        Severity::Rejected => T::SevRejected.tr(lang),
        Severity::Warning => T::SevWarning.tr(lang),
    }
}

/// The stable code of a problem (`outside_albania`), as in the CLI's `--json`.
pub fn code_name(code: IssueCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{code:?}"))
}

/// The field (column) a problem is about: `geometry` for coordinate problems, else the
/// attribute, when the code or the importer's sentence says which.
pub fn field_of(e: &ReportEntry, kind: LayerKind) -> Option<String> {
    use IssueCode as C;
    let m = e.message.as_str();
    let field = match e.code {
        C::MissingCoordinates
        | C::InvalidCoordinates
        | C::TransformFailed
        | C::OutsideAlbania
        | C::SwappedLatLon
        | C::WrongGeometryType
        | C::InvalidPolygon
        | C::RepairedPolygon => "geometry",
        C::LowGpsAccuracy => "gps_accuracy_m",
        C::NoMunicipality => "municipality",
        C::DuplicateKey => match kind {
            LayerKind::Cases => "case_code",
            LayerKind::Municipalities => "lau_code",
            LayerKind::Qarqe => "nuts3_code",
            _ => return None,
        },
        // "kind 'x' is not a known category: …"
        C::UnknownCategory => return m.split_whitespace().next().map(str::to_string),
        C::MissingField if m.starts_with("no active months") => "active_months",
        // "'case_code' is empty"
        C::MissingField => return m.split('\'').nth(1).map(str::to_string),
        C::BadValue if m.starts_with("age") => "age",
        C::BadValue if m.starts_with("active months") => "active_months",
        C::BadValue if m.contains("is not a date") => "identified_on",
        C::BadValue => return None,
    };
    Some(field.to_string())
}

/// A field's label in the user's language (its name when there is no label).
pub fn field_display(field: &str, lang: Language) -> String {
    if field == "geometry" {
        return T::FieldCoordinates.tr(lang).to_string();
    }
    i18n::field_label(field, lang).map_or_else(|| field.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: IssueCode, message: &str) -> ReportEntry {
        ReportEntry {
            number: 7,
            severity: Severity::Rejected,
            code,
            message: message.into(),
            fix: None,
        }
    }

    #[test]
    fn fields_come_from_codes_and_sentences() {
        let f = |code, msg| field_of(&entry(code, msg), LayerKind::Cases);
        assert_eq!(
            f(IssueCode::OutsideAlbania, "x").as_deref(),
            Some("geometry")
        );
        assert_eq!(
            f(IssueCode::MissingField, "'case_code' is empty").as_deref(),
            Some("case_code")
        );
        assert_eq!(
            f(
                IssueCode::UnknownCategory,
                "kind 'xyz' is not a known category: mapped to 'other'"
            )
            .as_deref(),
            Some("kind")
        );
        assert_eq!(
            f(
                IssueCode::BadValue,
                "'31.02.2018' is not a date (use 2018-06-14)"
            )
            .as_deref(),
            Some("identified_on")
        );
        assert_eq!(
            f(IssueCode::BadValue, "age 44 is not a child's age (kept)").as_deref(),
            Some("age")
        );
        assert_eq!(
            f(IssueCode::DuplicateKey, "'A' is already used").as_deref(),
            Some("case_code")
        );
        assert_eq!(field_display("case_code", Language::Sq), "Kodi i rastit");
        assert_eq!(
            field_display("geometry", Language::En),
            T::FieldCoordinates.tr(Language::En)
        );
    }

    #[test]
    fn every_code_has_texts_in_both_languages() {
        use IssueCode as C;
        let all = [
            C::MissingCoordinates,
            C::InvalidCoordinates,
            C::TransformFailed,
            C::OutsideAlbania,
            C::SwappedLatLon,
            C::WrongGeometryType,
            C::InvalidPolygon,
            C::RepairedPolygon,
            C::DuplicateKey,
            C::UnknownCategory,
            C::MissingField,
            C::BadValue,
            C::LowGpsAccuracy,
            C::NoMunicipality,
        ];
        for code in all {
            for lang in Language::ALL {
                assert!(!issue_text(code, lang).starts_with("Issue"), "{code:?}");
                assert!(!fix_text(code, lang).starts_with("Fix"), "{code:?}");
            }
            assert_ne!(
                issue_text(code, Language::Sq),
                issue_text(code, Language::En)
            );
        }
        assert_eq!(code_name(C::OutsideAlbania), "outside_albania");
        let swapped = |sev| fix_for(C::SwappedLatLon, sev, Language::En);
        assert_ne!(swapped(Severity::Warning), swapped(Severity::Rejected));
    }
}
