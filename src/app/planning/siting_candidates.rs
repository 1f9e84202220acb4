//! Candidate sites for the siting window: the settlements inside the chosen area, a grid of
//! points over it (both from `analysis::siting::generate`), or the points of the project's
//! candidate layers (kind Candidates; id from an `id`, `name` or `code` field, else the
//! feature id). Candidates that are not points are reported, never silently dropped.
//! Excluded places (points marked on the map with a radius, and the polygons or points of a
//! layer the user chose) are taken out of every source; [`exclusions`] builds them.

use crate::analysis::siting::Candidate;
use crate::analysis::siting::generate::{Area, Exclusion, grid, settlements, without_excluded};
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

/// The candidates of `source` inside `area` (`None`: all of Albania), minus the excluded
/// places. `all` are the project's municipalities, used when no single area is chosen.
pub fn candidates(
    source: &CandidateSource,
    area: Option<&Municipality>,
    all: &[Municipality],
    layers: &[FeatureLayer],
    exclusions: &[Exclusion],
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
        CandidateSource::Layer => without_excluded(from_layers(layers)?, &crs, exclusions)
            .map(|(kept, _)| kept)
            .map_err(|e| e.to_string()),
        CandidateSource::Settlements => {
            let places = crate::demo::sources::places().map_err(|e| e.to_string())?;
            let named: Vec<_> = places.into_iter().map(|p| (p.name, p.pos_wgs84)).collect();
            settlements(&named, &areas, &crs, exclusions).map_err(|e| e.to_string())
        }
        CandidateSource::Grid { spacing_m } => {
            grid(&areas, f64::from(*spacing_m), &crs, exclusions).map_err(|e| e.to_string())
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

/// The exclusions of the siting form: each marked point with `radius_m`, and the features of
/// `layer` (polygons as areas, points with `radius_m`; lines are refused with their row).
pub fn exclusions(
    points_wgs84: &[[f64; 2]],
    radius_m: f64,
    layer: Option<&FeatureLayer>,
) -> Result<Vec<Exclusion>, String> {
    use geo::Geometry;
    let mut out: Vec<Exclusion> = points_wgs84
        .iter()
        .map(|&[x, y]| Exclusion::Around {
            pos_wgs84: geo::Point::new(x, y),
            radius_m,
        })
        .collect();
    let Some(layer) = layer else { return Ok(out) };
    for (row, f) in layer.features.iter().enumerate() {
        match &f.geometry_wgs84 {
            Some(Geometry::Polygon(p)) => {
                out.push(Exclusion::Area(geo::MultiPolygon(vec![p.clone()])))
            }
            Some(Geometry::MultiPolygon(m)) => out.push(Exclusion::Area(m.clone())),
            Some(Geometry::Point(p)) => out.push(Exclusion::Around {
                pos_wgs84: *p,
                radius_m,
            }),
            Some(Geometry::MultiPoint(m)) => out.extend(m.iter().map(|p| Exclusion::Around {
                pos_wgs84: *p,
                radius_m,
            })),
            None => {}
            Some(_) => {
                return Err(format!(
                    "{} feature {}: an excluded place must be a polygon or a point",
                    layer.name,
                    row + 1
                ));
            }
        }
    }
    Ok(out)
}
