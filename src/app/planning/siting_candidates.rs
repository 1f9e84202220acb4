//! Candidate sites for the siting window: the settlements inside the chosen area, a grid of
//! points over it (both from `analysis::siting::generate`), or the points of the project's
//! candidate layers (kind Candidates; id from an `id`, `name` or `code` field, else the
//! feature id). Candidates that are not points are reported, never silently dropped.

use crate::analysis::siting::Candidate;
use crate::analysis::siting::generate::{Area, grid, settlements};
use crate::crs::Crs;
use crate::model::{FeatureLayer, Municipality};

/// Where candidate sites come from.
#[derive(Debug, Clone, PartialEq)]
pub enum CandidateSource {
    /// Settlements (OpenStreetMap places) inside the area.
    Settlements,
    /// Grid cell centres every `spacing_m` metres inside the area.
    Grid { spacing_m: u32 },
    /// The points of the project's candidate layers.
    Layer,
}

/// The candidates of `source` inside `area` (`None`: all of Albania).
/// `all` are the project's municipalities, used when no single area is chosen.
pub fn candidates(
    source: &CandidateSource,
    area: Option<&Municipality>,
    all: &[Municipality],
    layers: &[FeatureLayer],
) -> Result<Vec<Candidate>, String> {
    let chosen: Vec<&Municipality> = match area {
        Some(m) => vec![m],
        None => all.iter().collect(),
    };
    let areas: Vec<Area> = chosen
        .iter()
        .map(|m| Area {
            code: &m.lau_code,
            area_wgs84: &m.area_wgs84,
        })
        .collect();
    let crs = Crs::albania_tm();
    match source {
        CandidateSource::Layer => from_layers(layers),
        CandidateSource::Settlements => {
            let places = crate::demo::sources::places().map_err(|e| e.to_string())?;
            let named: Vec<_> = places.into_iter().map(|p| (p.name, p.pos_wgs84)).collect();
            settlements(&named, &areas, &crs, &[]).map_err(|e| e.to_string())
        }
        CandidateSource::Grid { spacing_m } => {
            grid(&areas, f64::from(*spacing_m), &crs, &[]).map_err(|e| e.to_string())
        }
    }
}

fn from_layers(layers: &[FeatureLayer]) -> Result<Vec<Candidate>, String> {
    if layers.is_empty() {
        return Err(
            "the project has no candidate layer: import one with the kind 'Candidates'".into(),
        );
    }
    let mut out = Vec::new();
    for layer in layers {
        let id_field = ["id", "name", "code"]
            .iter()
            .find_map(|f| layer.field_index(f));
        for (row, f) in layer.features.iter().enumerate() {
            let Some(geo::Geometry::Point(p)) = &f.geometry_wgs84 else {
                return Err(format!(
                    "{} feature {}: a candidate site must be a point",
                    layer.name,
                    row + 1
                ));
            };
            let id = id_field
                .and_then(|i| f.values.get(i))
                .and_then(|v| v.non_empty_text())
                .unwrap_or_else(|| format!("{}#{}", layer.name, f.fid.unwrap_or(row as i64 + 1)));
            out.push(Candidate {
                id,
                pos_wgs84: *p,
                capacity: None,
            });
        }
    }
    Ok(out)
}
