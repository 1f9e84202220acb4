//! What leaves the project for a layer of cases unless individual cases are asked for
//! (`riskatlas export` without `--case-level`, the app's layer export): counts per area,
//! never a case point (privacy rules of issue 6).
//!
//! `--aggregate h3:RES` (default `h3:8`): one H3 hexagon per non-empty cell
//! (`analysis::hexbin`); `--aggregate municipality`: every municipality's polygon (point in
//! polygon, `analysis::assign`), plus a row without geometry for cases outside all of them.
//! All areas form one group whose total is printed, so counts get primary and secondary
//! suppression ([`crate::privacy::group`]): `cases` is null and `cases_note` says "<k" or "x".
//! For `--case-level` exports, [`without_free_text`] leaves out free-text fields (notes,
//! comments) unless asked for.

use geo::{Geometry, Point};

use super::group::suppress_group;
use super::{MinCount, Suppression};
use crate::analysis::assign::MunicipalityLookup;
use crate::analysis::hexbin::{HexbinConfig, hexbin, hexbin_layer_protected};
use crate::model::{
    Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, Municipality, Value,
};
use crate::progress::NoProgress;
use crate::store::{ProjectStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    #[error("--aggregate {0}: use h3:RES (e.g. h3:8, RES 5 to 10) or municipality")]
    Unknown(String),
    #[error(transparent)]
    Hexbin(#[from] crate::analysis::hexbin::HexbinError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the project has no municipalities layer to aggregate by")]
    NoMunicipalities,
}

/// How cases are aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// H3 hexagons of this resolution.
    H3(u8),
    Municipality,
}

impl Aggregate {
    /// `h3:8`, `h3` (resolution 8) or `municipality`.
    pub fn parse(text: &str) -> Result<Self, AggregateError> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "municipality" | "municipalities" | "bashki" => return Ok(Aggregate::Municipality),
            "h3" => return Ok(Aggregate::H3(crate::analysis::hexbin::DEFAULT_RESOLUTION)),
            _ => {}
        }
        if let Some(res) = t.strip_prefix("h3:") {
            let res: u8 = res
                .parse()
                .map_err(|_| AggregateError::Unknown(text.to_string()))?;
            crate::analysis::hexbin::resolution(res)?;
            return Ok(Aggregate::H3(res));
        }
        Err(AggregateError::Unknown(text.to_string()))
    }

    pub fn code(self) -> String {
        match self {
            Aggregate::H3(r) => format!("h3:{r}"),
            Aggregate::Municipality => "municipality".into(),
        }
    }
}

/// An aggregated case layer, ready to write.
pub struct Aggregated {
    pub layer: FeatureLayer,
    /// Cases counted.
    pub cases: usize,
    /// Hidden counts (primary and secondary).
    pub suppressed: usize,
    /// Whether the total may be printed.
    pub total_published: bool,
}

/// Counts the case points of `cases` per area (see the module documentation).
pub fn aggregate_cases(
    store: &ProjectStore,
    cases: &FeatureLayer,
    how: Aggregate,
    k: MinCount,
) -> Result<Aggregated, AggregateError> {
    let points: Vec<Point<f64>> = cases
        .features
        .iter()
        .filter_map(|f| match &f.geometry_wgs84 {
            Some(Geometry::Point(p)) => Some(*p),
            _ => None,
        })
        .collect();
    let name = format!("{}_{}", cases.name, how.code().replace(':', "_r"));
    match how {
        Aggregate::H3(resolution) => {
            let bins = hexbin(&points, &HexbinConfig { resolution }, &NoProgress)?;
            let (layer, g) = hexbin_layer_protected(&name, &bins, k);
            Ok(Aggregated {
                layer,
                cases: points.len(),
                suppressed: g.hidden(),
                total_published: !g.total.is_hidden(),
            })
        }
        Aggregate::Municipality => {
            let munis: Vec<Municipality> = store.read_records(LayerKind::Municipalities)?;
            if munis.is_empty() {
                return Err(AggregateError::NoMunicipalities);
            }
            let lookup = MunicipalityLookup::new(&munis);
            let mut counts = vec![0u64; munis.len() + 1];
            let index: std::collections::HashMap<&str, usize> = munis
                .iter()
                .enumerate()
                .map(|(i, m)| (m.lau_code.as_str(), i))
                .collect();
            for p in &points {
                let i = lookup
                    .locate(*p)
                    .and_then(|m| index.get(m.lau_code.as_str()).copied())
                    .unwrap_or(munis.len());
                counts[i] += 1;
            }
            let outside = counts[munis.len()] > 0;
            if !outside {
                counts.pop();
            }
            let g = suppress_group(&counts, k);
            let fields = vec![
                FieldDef::new("lau_code", FieldKind::Text),
                FieldDef::new("municipality", FieldKind::Text),
                FieldDef::new("cases", FieldKind::Int),
                FieldDef::new("cases_note", FieldKind::Text),
            ];
            let mut layer =
                FeatureLayer::new(&name, LayerKind::Other, GeometryType::MultiPolygon, fields);
            for (i, n) in counts.iter().enumerate() {
                let (cases, note) = match g.cells[i] {
                    Suppression::Shown => (Value::Int(*n as i64), Value::Null),
                    m => (Value::Null, Value::Text(m.text(*n, k))),
                };
                let (lau, label, geometry) = match munis.get(i) {
                    Some(m) => (
                        Value::Text(m.lau_code.clone()),
                        Value::Text(m.name.clone()),
                        Some(Geometry::MultiPolygon(m.area_wgs84.clone())),
                    ),
                    None => (
                        Value::Null,
                        Value::Text("(pa bashki / no municipality)".into()),
                        None,
                    ),
                };
                layer.features.push(Feature {
                    fid: None,
                    geometry_wgs84: geometry,
                    values: vec![lau, label, cases, note],
                });
            }
            Ok(Aggregated {
                layer,
                cases: points.len(),
                suppressed: g.hidden(),
                total_published: !g.total.is_hidden(),
            })
        }
    }
}

/// Whether a field holds free text about a child (notes, comments, descriptions).
pub fn is_free_text(field: &FieldDef) -> bool {
    const WORDS: [&str; 9] = [
        "note",
        "comment",
        "koment",
        "shenim",
        "shënim",
        "remark",
        "descr",
        "pershkrim",
        "përshkrim",
    ];
    let name = field.name.to_lowercase();
    field.kind == FieldKind::Text && WORDS.iter().any(|w| name.contains(w))
}

/// The layer without its free-text fields, and their names. The typed cases layer has none
/// today; the rule guards layers that carry one.
pub fn without_free_text(layer: &FeatureLayer) -> (FeatureLayer, Vec<String>) {
    let keep: Vec<usize> = (0..layer.fields.len())
        .filter(|&i| !is_free_text(&layer.fields[i]))
        .collect();
    let dropped = layer
        .fields
        .iter()
        .filter(|f| is_free_text(f))
        .map(|f| f.name.clone())
        .collect();
    let mut out = FeatureLayer::new(
        &layer.name,
        layer.kind,
        layer.geometry_type,
        keep.iter().map(|&i| layer.fields[i].clone()).collect(),
    );
    out.features = layer
        .features
        .iter()
        .map(|f| Feature {
            fid: f.fid,
            geometry_wgs84: f.geometry_wgs84.clone(),
            values: keep
                .iter()
                .map(|&i| f.values.get(i).cloned().unwrap_or(Value::Null))
                .collect(),
        })
        .collect();
    (out, dropped)
}
