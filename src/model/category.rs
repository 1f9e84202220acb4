//! Closed categories (case kind, status, service type, …) with their codes and labels.
//!
//! Each category has a stable snake_case `code` (stored in the project and used by the CLI),
//! an Albanian and an English label, and a loose parser that accepts codes, labels and common
//! synonyms in both languages, ignoring case and diacritics (what field teams actually type).

use serde::{Deserialize, Serialize};

use crate::text::fold;

macro_rules! category {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal, $sq:literal, $en:literal, [$($syn:literal),*];)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label_sq(self) -> &'static str {
                match self { $($name::$variant => $sq),+ }
            }

            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Exact code match.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Loose match on code, labels or synonyms, ignoring case, diacritics,
            /// spaces, hyphens and underscores.
            pub fn parse_loose(text: &str) -> Option<Self> {
                let key = fold(text).replace([' ', '-', '_', '/'], "");
                if key.is_empty() {
                    return None;
                }
                $(
                    let names: &[&str] = &[$code, $sq, $en $(, $syn)*];
                    if names.iter().any(|n| fold(n).replace([' ', '-', '_', '/'], "") == key) {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }
    };
}

category! {
    /// What the child was found doing (the action plan's forms of economic exploitation).
    CaseKind {
        Begging = "begging", "Lypje", "Begging", ["lyp", "lypës", "lypse", "beg"];
        Recycling = "recycling", "Mbledhje materialesh për riciklim", "Collecting recyclables",
            ["riciklim", "mbledhje mbetjesh", "mbeturina", "recyclables", "waste picking", "collecting"];
        ChromeCollection = "chrome_collection", "Mbledhje kromi", "Chrome collection",
            ["krom", "kromi", "chrome", "chromium", "mine", "miniere"];
        Agriculture = "agriculture", "Bujqësi", "Agriculture", ["bujqesi", "farm", "farming", "ferme"];
        InformalWork = "informal_work", "Punë informale", "Informal work",
            ["pune informale", "shitje", "street vending", "vending", "summer work", "pune verore"];
        Other = "other", "Tjetër", "Other", ["tjeter"];
    }
}

category! {
    /// Where the case stands in case management.
    CaseStatus {
        Identified = "identified", "Identifikuar", "Identified", ["identifikuar", "new", "i ri"];
        Referred = "referred", "Referuar", "Referred", ["referuar", "referral"];
        Managed = "managed", "Në menaxhim rasti", "Under case management",
            ["menaxhim", "case management", "ne menaxhim", "managed"];
        Closed = "closed", "Mbyllur", "Closed", ["mbyllur", "done"];
    }
}

category! {
    Sex {
        Female = "female", "Femër", "Female", ["f", "vajze", "girl", "femer"];
        Male = "male", "Mashkull", "Male", ["m", "djale", "boy"];
        Unknown = "unknown", "E panjohur", "Unknown", ["", "?", "panjohur", "na"];
    }
}

category! {
    /// The kinds of service a child can be referred to.
    ServiceType {
        DayCentre = "day_centre", "Qendër ditore", "Day centre", ["day center", "qender ditore", "daycare centre"];
        ChildProtectionUnit = "child_protection_unit", "Njësia e Mbrojtjes së Fëmijëve", "Child Protection Unit",
            ["cpu", "njmf", "child protection"];
        School = "school", "Shkollë", "School", ["shkolla", "shkolle"];
        Kindergarten = "kindergarten", "Kopsht", "Kindergarten", ["kopshti", "childcare", "nursery", "cerdhe"];
        HealthCentre = "health_centre", "Qendër shëndetësore", "Health centre",
            ["health center", "clinic", "hospital", "doctors", "spital", "klinike", "qender shendetesore", "ambulance"];
        EmergencyShelter = "emergency_shelter", "Strehë emergjente", "Emergency shelter", ["shelter", "streha"];
        CommunityCentre = "community_centre", "Qendër komunitare", "Community centre", ["community center", "qender komunitare"];
        Police = "police", "Policia", "Police", ["polici", "komisariat"];
        Other = "other", "Tjetër", "Other", ["tjeter"];
    }
}

category! {
    MineStatus {
        Active = "active", "Aktive", "Active", ["aktiv", "operating", "ne pune"];
        Abandoned = "abandoned", "E braktisur", "Abandoned", ["braktisur", "closed", "inactive", "mbyllur"];
    }
}

/// The Albanian and English labels of a stored category code in field `field` of a layer
/// of kind `layer` (case kind, status, sex, service type, mine status, risk class), or `None`
/// when the field holds no known category. Shared by the map's legend and printed maps.
pub fn category_labels(
    layer: super::LayerKind,
    field: &str,
    code: &str,
) -> Option<(&'static str, &'static str)> {
    use super::LayerKind;
    match (layer, field) {
        (_, "kind") => CaseKind::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (LayerKind::Mines, "status") => {
            MineStatus::from_code(code).map(|c| (c.label_sq(), c.label_en()))
        }
        (_, "status") => CaseStatus::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (_, "sex") => Sex::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (_, "service_type") => ServiceType::from_code(code).map(|c| (c.label_sq(), c.label_en())),
        (_, "class_code") => {
            use crate::analysis::classes::{CLASS_CODES, CLASS_LABELS_EN, CLASS_LABELS_SQ};
            let i = CLASS_CODES.iter().position(|c| *c == code)?;
            Some((CLASS_LABELS_SQ[i], CLASS_LABELS_EN[i]))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_parsing_ignores_case_diacritics_and_separators() {
        assert_eq!(
            CaseKind::parse_loose("Chrome_Collection"),
            Some(CaseKind::ChromeCollection)
        );
        assert_eq!(CaseKind::parse_loose("LYPJE"), Some(CaseKind::Begging));
        assert_eq!(
            CaseKind::parse_loose("Bujqësi"),
            Some(CaseKind::Agriculture)
        );
        assert_eq!(
            CaseKind::parse_loose("bujqesi"),
            Some(CaseKind::Agriculture)
        );
        assert_eq!(
            CaseStatus::parse_loose("Në menaxhim rasti"),
            Some(CaseStatus::Managed)
        );
        assert_eq!(
            ServiceType::parse_loose("Day Center"),
            Some(ServiceType::DayCentre)
        );
        assert_eq!(Sex::parse_loose("F"), Some(Sex::Female));
        assert_eq!(CaseKind::parse_loose("astronaut"), None);
    }

    #[test]
    fn codes_round_trip() {
        for k in CaseKind::ALL {
            assert_eq!(CaseKind::from_code(k.code()), Some(*k));
        }
        for s in ServiceType::ALL {
            assert_eq!(ServiceType::from_code(s.code()), Some(*s));
        }
    }
}
