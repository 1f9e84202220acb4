//! Turning a validated raw record into a typed feature of the target layer: categories
//! mapped (unknown ones to "other", with a note), dates parsed, ages checked, municipality
//! assigned. Each problem becomes an [`Issue`]; a record is rejected only when a required
//! value is unusable.

use geo::{Geometry, MultiPolygon, Point};

use super::columns_map::{self as cm, ColumnMap};
use super::raw::RawRecord;
use super::report::IssueCode;
use super::validate::Issue;
use crate::model::*;

/// How each record of one source table becomes a feature of one target layer.
pub struct Converter {
    pub kind: LayerKind,
    map: ColumnMap,
    /// Fields of the target layer.
    pub fields: Vec<FieldDef>,
    /// Source field count (generic layers copy values through).
    generated_codes: bool,
}

/// One converted record.
pub struct Converted {
    pub feature: Feature,
    /// The value that must be unique in the layer (case code, LAU code, NUTS code).
    pub key: Option<String>,
    pub warnings: Vec<Issue>,
}

pub type Locate<'a> = &'a dyn Fn(Point<f64>) -> Option<MunicipalityRef>;

impl Converter {
    /// Plans the conversion; returns file-level notes (columns used, not imported, missing).
    pub fn plan(kind: LayerKind, source_fields: &[FieldDef]) -> (Self, Vec<String>) {
        let wanted = match kind {
            LayerKind::Cases => cm::CASE_COLUMNS,
            LayerKind::Services => cm::SERVICE_COLUMNS,
            LayerKind::Mines => cm::MINE_COLUMNS,
            LayerKind::Hotspots => cm::HOTSPOT_COLUMNS,
            LayerKind::Municipalities => cm::MUNICIPALITY_COLUMNS,
            LayerKind::Qarqe => cm::QARK_COLUMNS,
            _ => &[],
        };
        let map = ColumnMap::new(source_fields, wanted);
        let mut notes = Vec::new();
        let fields = match kind {
            LayerKind::Cases => Case::fields(),
            LayerKind::Services => Service::fields(),
            LayerKind::Mines => MinePerimeter::fields(),
            LayerKind::Hotspots => Hotspot::fields(),
            LayerKind::Municipalities => Municipality::fields(),
            LayerKind::Qarqe => Qark::fields(),
            _ => source_fields.to_vec(),
        };
        let typed = !wanted.is_empty();
        if typed {
            let used: Vec<String> = map
                .found
                .iter()
                .filter_map(|(t, i)| i.map(|i| format!("{t} ← '{}'", source_fields[i].name)))
                .collect();
            notes.push(format!("columns used: {}", used.join(", ")));
            let missing: Vec<&str> = map
                .found
                .iter()
                .filter(|(_, i)| i.is_none())
                .map(|(t, _)| *t)
                .collect();
            if !missing.is_empty() {
                notes.push(format!("no column found for: {}", missing.join(", ")));
            }
            let unused = map.unused(source_fields);
            let (names, other): (Vec<&str>, Vec<&str>) = unused
                .into_iter()
                .partition(|c| cm::looks_like_personal_name(c));
            if kind == LayerKind::Cases && !names.is_empty() {
                notes.push(format!(
                    "columns {} look like personal names and were NOT imported: Risk Atlas never stores children's names",
                    names.join(", ")
                ));
            }
            let other: Vec<&str> = if kind == LayerKind::Cases {
                other
            } else {
                other.into_iter().chain(names).collect()
            };
            if !other.is_empty() {
                notes.push(format!(
                    "columns not imported (not part of a {} layer): {}",
                    kind.code(),
                    other.join(", ")
                ));
            }
        }
        let generated_codes = kind == LayerKind::Cases && !map.has("case_code");
        if generated_codes {
            notes.push("no case code column: codes generated from the file name and row number (e.g. IMP-12)".into());
        }
        if kind == LayerKind::Cases && !map.has("status") {
            notes.push("no status column: every case imported as 'identified'".into());
        }
        (
            Self {
                kind,
                map,
                fields,
                generated_codes,
            },
            notes,
        )
    }

    pub fn convert(
        &self,
        rec: &RawRecord,
        geometry: Geometry<f64>,
        locate: Locate<'_>,
    ) -> Result<Converted, Issue> {
        let mut w: Vec<Issue> = Vec::new();
        let v = &rec.values;
        let get = |t: &str| self.map.get(v, t);
        let text = |t: &str| get(t).non_empty_text();
        let missing = |t: &str| (IssueCode::MissingField, format!("'{t}' is empty"), None);
        let point = || match &geometry {
            Geometry::Point(p) => Ok(*p),
            _ => Err((
                IssueCode::WrongGeometryType,
                "not a point".to_string(),
                None,
            )),
        };
        let multipolygon = || match &geometry {
            Geometry::Polygon(p) => Ok(MultiPolygon::new(vec![p.clone()])),
            Geometry::MultiPolygon(m) => Ok(m.clone()),
            _ => Err((
                IssueCode::WrongGeometryType,
                "not a polygon".to_string(),
                None,
            )),
        };
        let locate_or_warn = |p: Point<f64>, w: &mut Vec<Issue>| {
            let m = locate(p);
            if m.is_none() {
                w.push((
                    IssueCode::NoMunicipality,
                    format!("lon {:.6}, lat {:.6} is in no municipality", p.x(), p.y()),
                    None,
                ));
            }
            m
        };
        let (feature, key) = match self.kind {
            LayerKind::Cases => {
                let case_code = if self.generated_codes {
                    format!("IMP-{}", rec.number)
                } else {
                    text("case_code").ok_or_else(|| missing("case_code"))?
                };
                let date_text = get("identified_on").to_text();
                let identified_on = super::dates::parse_date(&date_text)
                    .map_err(|e| (IssueCode::BadValue, e.to_string(), None))?;
                let kind = category(
                    get("kind"),
                    "kind",
                    CaseKind::parse_loose,
                    CaseKind::Other,
                    &mut w,
                );
                let sex = category(get("sex"), "sex", Sex::parse_loose, Sex::Unknown, &mut w);
                let status = category(
                    get("status"),
                    "status",
                    CaseStatus::parse_loose,
                    CaseStatus::Identified,
                    &mut w,
                );
                let age = age(get("age"), &mut w);
                let p = point()?;
                let case = Case {
                    fid: None,
                    case_code: case_code.clone(),
                    identified_on,
                    kind,
                    age,
                    sex,
                    status,
                    municipality: locate_or_warn(p, &mut w),
                    team: text("team"),
                    gps_accuracy_m: get("gps_accuracy_m").as_f64().or(rec.gps_accuracy_m),
                    pos_wgs84: p,
                };
                (case.to_feature(), Some(case_code))
            }
            LayerKind::Services => {
                let p = point()?;
                let service_type = category(
                    get("service_type"),
                    "service_type",
                    ServiceType::parse_loose,
                    ServiceType::Other,
                    &mut w,
                );
                let s = Service {
                    fid: None,
                    service_type,
                    name: text("name").unwrap_or_default(),
                    capacity: get("capacity").as_i64().and_then(|c| u32::try_from(c).ok()),
                    municipality: locate_or_warn(p, &mut w),
                    source: Some(format!("import row {}", rec.number)),
                    pos_wgs84: p,
                };
                (s.to_feature(), None)
            }
            LayerKind::Mines => {
                let status = category(
                    get("status"),
                    "status",
                    MineStatus::parse_loose,
                    MineStatus::Active,
                    &mut w,
                );
                let m = MinePerimeter {
                    fid: None,
                    name: text("name").unwrap_or_default(),
                    mineral: text("mineral").unwrap_or_default(),
                    status,
                    guarded: get("guarded").as_bool().unwrap_or(false),
                    note: None,
                    area_wgs84: multipolygon()?,
                };
                (m.to_feature(), None)
            }
            LayerKind::Hotspots => {
                let months_text = text("active_months");
                let active_months = match months_text.as_deref().map(MonthSet::parse) {
                    Some(Some(m)) => m,
                    Some(None) => {
                        let t = months_text.unwrap_or_default();
                        return Err((
                            IssueCode::BadValue,
                            format!(
                                "active months '{t}' are not months (e.g. 6-9 or June–September)"
                            ),
                            None,
                        ));
                    }
                    None => {
                        w.push((
                            IssueCode::MissingField,
                            "no active months: June–September assumed".into(),
                            None,
                        ));
                        MonthSet::SUMMER
                    }
                };
                let h = Hotspot {
                    fid: None,
                    name: text("name").unwrap_or_default(),
                    active_months,
                    peak_hours: text("peak_hours"),
                    note: None,
                    area_wgs84: multipolygon()?,
                };
                (h.to_feature(), None)
            }
            LayerKind::Municipalities => {
                let lau_code = text("lau_code").ok_or_else(|| missing("lau_code"))?;
                let m = Municipality {
                    fid: None,
                    name: text("name").ok_or_else(|| missing("name"))?,
                    lau_code: lau_code.clone(),
                    qark: text("qark"),
                    population: get("population").as_i64(),
                    area_wgs84: multipolygon()?,
                };
                (m.to_feature(), Some(lau_code))
            }
            LayerKind::Qarqe => {
                let q = Qark {
                    fid: None,
                    name: text("name").ok_or_else(|| missing("name"))?,
                    nuts3_code: text("nuts3_code").unwrap_or_default(),
                    population: get("population").as_i64(),
                    area_wgs84: multipolygon()?,
                };
                let key = Some(q.nuts3_code.clone()).filter(|c| !c.is_empty());
                (q.to_feature(), key)
            }
            _ => (
                Feature {
                    fid: None,
                    geometry_wgs84: Some(geometry),
                    values: v.clone(),
                },
                None,
            ),
        };
        Ok(Converted {
            feature,
            key,
            warnings: w,
        })
    }
}

/// A category cell: known → that value; empty → default silently; unknown → default + warning.
fn category<T: Copy + CategoryLabel>(
    value: &Value,
    field: &str,
    parse: fn(&str) -> Option<T>,
    default: T,
    w: &mut Vec<Issue>,
) -> T {
    let Some(text) = value.non_empty_text() else {
        return default;
    };
    parse(&text).unwrap_or_else(|| {
        w.push((
            IssueCode::UnknownCategory,
            format!(
                "{field} '{text}' is not a known category: mapped to '{}'",
                default.code_str()
            ),
            None,
        ));
        default
    })
}

trait CategoryLabel {
    fn code_str(self) -> &'static str;
}

macro_rules! impl_label {
    ($($t:ty),*) => { $(impl CategoryLabel for $t { fn code_str(self) -> &'static str { self.code() } })* };
}
impl_label!(CaseKind, Sex, CaseStatus, ServiceType, MineStatus);

fn age(value: &Value, w: &mut Vec<Issue>) -> Option<u8> {
    let text = value.non_empty_text()?;
    match value.as_f64() {
        Some(a) if a.fract() == 0.0 && (0.0..=17.0).contains(&a) => Some(a as u8),
        Some(a) if a.fract() == 0.0 && (18.0..=120.0).contains(&a) => {
            w.push((
                IssueCode::BadValue,
                format!("age {a} is not a child's age (kept)"),
                None,
            ));
            Some(a as u8)
        }
        _ => {
            w.push((
                IssueCode::BadValue,
                format!("age '{text}' is not a whole number of years (left empty)"),
                None,
            ));
            None
        }
    }
}
