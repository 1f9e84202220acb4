//! Finding the attribute columns a typed layer needs, by the names field teams use in
//! Albanian and English, in KoboToolbox (`group/question`) and ODK (`group-question`) exports.

use crate::model::{FieldDef, Value};
use crate::text::fold;

/// Comparable form of a column name: folded, separators dropped. A leading underscore is
/// kept: Kobo's own metadata columns (`_status`, `_id`) are not the survey's answers.
fn key(name: &str) -> String {
    let body: String = fold(name).chars().filter(|c| c.is_alphanumeric()).collect();
    if name.trim_start().starts_with('_') {
        format!("_{body}")
    } else {
        body
    }
}

/// The last segment of a Kobo (`group/q`) or ODK (`group-q`) column name.
fn last_segment(name: &str) -> &str {
    name.rsplit(['/', '-', ':']).next().unwrap_or(name)
}

/// The index of the column matching the earliest of `aliases` (so the canonical name wins
/// over a synonym), by whole name first, then by the last segment of grouped names.
pub fn find(fields: &[FieldDef], aliases: &[&str]) -> Option<usize> {
    let by = |name_of: &dyn Fn(&FieldDef) -> String| {
        aliases.iter().find_map(|a| {
            let want = key(a);
            fields.iter().position(|f| name_of(f) == want)
        })
    };
    by(&|f| key(&f.name)).or_else(|| by(&|f| key(last_segment(&f.name))))
}

/// Columns that look like a person's name: never imported for cases.
pub fn looks_like_personal_name(column: &str) -> bool {
    const NAMES: &[&str] = &[
        "name",
        "emri",
        "emer",
        "mbiemri",
        "mbiemer",
        "firstname",
        "lastname",
        "surname",
        "fullname",
        "childname",
        "emrifemijes",
        "emriimbiemri",
        "emrimbiemri",
        "atesia",
        "amesia",
        "givenname",
        "familyname",
        "nameofchild",
        "emriprindit",
        "parentname",
    ];
    let k = key(last_segment(column));
    NAMES.contains(&k.as_str())
}

/// Column indexes of one typed layer's fields in a source table.
pub struct ColumnMap {
    /// For each target field (by name), the source column index.
    pub found: Vec<(&'static str, Option<usize>)>,
}

impl ColumnMap {
    pub fn new(fields: &[FieldDef], wanted: &[(&'static str, &[&str])]) -> Self {
        Self {
            found: wanted
                .iter()
                .map(|(target, aliases)| (*target, find(fields, aliases)))
                .collect(),
        }
    }

    pub fn index(&self, target: &str) -> Option<usize> {
        self.found
            .iter()
            .find(|(t, _)| *t == target)
            .and_then(|(_, i)| *i)
    }

    pub fn has(&self, target: &str) -> bool {
        self.index(target).is_some()
    }

    /// The source value for a target field (Null when the column is absent).
    pub fn get<'v>(&self, values: &'v [Value], target: &str) -> &'v Value {
        static NULL: Value = Value::Null;
        self.index(target)
            .and_then(|i| values.get(i))
            .unwrap_or(&NULL)
    }

    /// Names of source columns used for none of the target fields.
    pub fn unused<'f>(&self, fields: &'f [FieldDef]) -> Vec<&'f str> {
        fields
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.found.iter().any(|(_, j)| *j == Some(*i)))
            .map(|(_, f)| f.name.as_str())
            .collect()
    }
}

pub const CASE_COLUMNS: &[(&str, &[&str])] = &[
    (
        "case_code",
        &[
            "case_code",
            "code",
            "kodi",
            "kodi_rastit",
            "kod",
            "case_id",
            "id_rasti",
            "child_code",
            "kodi_femijes",
        ],
    ),
    (
        "identified_on",
        &[
            "identified_on",
            "identified",
            "ident_on",
            "date_ident",
            "date",
            "data",
            "data_identifikimit",
            "identification_date",
            "date_identified",
            "today",
            "dita",
        ],
    ),
    (
        "kind",
        &[
            "kind",
            "lloji",
            "type",
            "forma",
            "form_of_exploitation",
            "exploitation",
            "lloji_shfrytezimit",
            "activity",
            "aktiviteti",
        ],
    ),
    ("age", &["age", "mosha"]),
    ("sex", &["sex", "gender", "gjinia", "seksi"]),
    ("status", &["status", "statusi", "case_status"]),
    ("team", &["team", "ekipi", "team_id", "njesia"]),
    (
        "gps_accuracy_m",
        &[
            "gps_accuracy_m",
            "gps_acc_m",
            "gps_acc",
            "accuracy_m",
            "accuracy",
            "precision",
            "saktesia",
        ],
    ),
];

pub const SERVICE_COLUMNS: &[(&str, &[&str])] = &[
    (
        "service_type",
        &[
            "service_type",
            "type",
            "lloji",
            "amenity",
            "category",
            "kategoria",
        ],
    ),
    ("name", &["name", "emri", "emertimi"]),
    ("capacity", &["capacity", "kapaciteti", "places", "vende"]),
];

pub const MINE_COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["name", "emri"]),
    (
        "mineral",
        &["mineral", "minerali", "commodities", "commodity"],
    ),
    ("status", &["status", "statusi"]),
    ("guarded", &["guarded", "ruajtur", "e_ruajtur", "fenced"]),
];

pub const HOTSPOT_COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["name", "emri"]),
    (
        "active_months",
        &["active_months", "months", "muajt", "season", "sezoni"],
    ),
    ("peak_hours", &["peak_hours", "hours", "oret", "orari"]),
];

pub const MUNICIPALITY_COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["name", "emri", "bashkia", "municipality"]),
    ("lau_code", &["lau_code", "lau", "kodi", "code", "lau_id"]),
    ("qark", &["qark", "qarku", "county"]),
    ("population", &["population", "popullsia", "pop"]),
];

pub const QARK_COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["name", "emri", "qark", "qarku"]),
    (
        "nuts3_code",
        &["nuts3_code", "nuts3_2021", "nuts3", "nuts_id", "code"],
    ),
    ("population", &["population", "popullsia", "pop"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldKind;

    #[test]
    fn finds_kobo_odk_and_albanian_names() {
        let fields: Vec<FieldDef> = [
            "start",
            "group_a/Mosha",
            "identifikimi-Kodi_Rastit",
            "Gjinia",
        ]
        .iter()
        .map(|n| FieldDef::new(n, FieldKind::Text))
        .collect();
        let map = ColumnMap::new(&fields, CASE_COLUMNS);
        assert_eq!(map.index("age"), Some(1));
        assert_eq!(map.index("case_code"), Some(2));
        assert_eq!(map.index("sex"), Some(3));
        assert_eq!(map.index("team"), None);
        assert_eq!(map.unused(&fields), vec!["start"]);
        assert!(looks_like_personal_name("Emri"));
        assert!(looks_like_personal_name("child/Mbiemri"));
        assert!(!looks_like_personal_name("case_code"));
    }

    #[test]
    fn canonical_names_win_and_kobo_metadata_is_not_an_answer() {
        let fields: Vec<FieldDef> = ["today", "identified_on", "_status", "_id"]
            .iter()
            .map(|n| FieldDef::new(n, FieldKind::Text))
            .collect();
        let map = ColumnMap::new(&fields, CASE_COLUMNS);
        assert_eq!(map.index("identified_on"), Some(1));
        assert_eq!(map.index("status"), None);
        assert_eq!(map.index("case_code"), None);
    }
}
