//! Candidate sites for `riskatlas site`: read from a file of points with an id column, or
//! generated (`--generate grid:METRES` / `settlements`) inside `--municipality` areas.
//!
//! Files go through the importers' readers (`io::format::read_any`: GeoJSON, CSV with
//! lon/lat, GeoPackage, Shapefile, TopoJSON) and the same geometry checks as an import
//! (CRS, finite, inside Albania, point type). Rows that cannot be used are reported on stderr
//! with their row number and reason, never dropped silently. Municipalities come from the
//! cases' project when it is one, else from the embedded Albania layer; settlements are the
//! embedded OpenStreetMap places.

use std::path::Path;

use anyhow::{Context, bail};

use crate::analysis::siting::Candidate;
use crate::analysis::siting::generate::{self, Area, Exclusion};
use crate::crs::{Crs, Transformer};
use crate::io::import::{ImportOptions, decide_crs};
use crate::io::validate::{GeometryOptions, check_geometry};
use crate::model::{GeometryType, LayerKind, Municipality};
use crate::store::ProjectStore;
use crate::text::fold;

/// Columns tried for the id, in order, when `--id-column` is not given.
const ID_COLUMNS: [&str; 7] = [
    "id",
    "site_id",
    "candidate_id",
    "code",
    "name",
    "emri",
    "kodi",
];
const CAPACITY_COLUMNS: [&str; 2] = ["capacity", "kapaciteti"];

/// Reads candidate points from `path` (see the module doc).
pub fn read_file(
    path: &Path,
    layer: Option<&str>,
    id_column: Option<&str>,
    input_crs: Option<&str>,
) -> anyhow::Result<Vec<Candidate>> {
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    let mut opts = ImportOptions::new(LayerKind::Candidates);
    opts.crs = input_crs.map(Crs::parse).transpose()?;
    opts.source_layer = layer.map(String::from);
    let read = crate::io::format::read_any(path, &opts);
    let read = match read {
        Err(e) if layer.is_none() && e.to_string().contains("layers") => {
            opts.source_layer = Some("candidate_sites".into());
            crate::io::format::read_any(path, &opts).map_err(|_| e)
        }
        other => other,
    };
    let (table, _) = read.with_context(|| format!("cannot read {}", path.display()))?;
    let shown = path.display().to_string();
    let (crs, _) = decide_crs(&table, &opts, &shown)?;
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            table
                .fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(n))
        })
    };
    let id_col = match id_column {
        Some(c) => find(&[c]).with_context(|| {
            let names: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
            format!(
                "{shown} has no column '{c}' (columns: {})",
                names.join(", ")
            )
        })?,
        None => find(&ID_COLUMNS).with_context(|| {
            format!(
                "{shown} has no id column ({}): name one with --id-column",
                ID_COLUMNS.join(", ")
            )
        })?,
    };
    let cap_col = find(&CAPACITY_COLUMNS);
    let to_wgs84 = Transformer::new(&crs, &Crs::wgs84());
    let mut out: Vec<Candidate> = Vec::new();
    let mut first_row = std::collections::HashMap::new();
    let mut left_out = 0;
    for rec in &table.records {
        let mut reject = |reason: String| {
            eprintln!("riskatlas: {shown}: row {} left out: {reason}", rec.number);
            left_out += 1;
        };
        let checked = check_geometry(
            &rec.geometry,
            &to_wgs84,
            crs.is_geographic(),
            GeometryType::Point,
            GeometryOptions::default(),
        );
        let pos = match checked {
            Ok((geo::Geometry::Point(p), _)) => p,
            Ok(_) => {
                reject("not a single point".into());
                continue;
            }
            Err((_, msg, _)) => {
                reject(msg);
                continue;
            }
        };
        let id = rec
            .values
            .get(id_col)
            .map(|v| v.to_text())
            .unwrap_or_default();
        let id = id.trim().to_string();
        if id.is_empty() {
            reject(format!("no id in column '{}'", table.fields[id_col].name));
            continue;
        }
        if let Some(first) = first_row.get(&id) {
            reject(format!("id '{id}' is already used by row {first}"));
            continue;
        }
        let capacity = match cap_col
            .and_then(|c| rec.values.get(c))
            .filter(|v| !v.is_null())
        {
            None => None,
            Some(v) => match v.as_f64().or_else(|| v.to_text().trim().parse().ok()) {
                Some(c) if c.is_finite() && c >= 0.0 => Some(c),
                _ => {
                    reject(format!("capacity '{}' is not a number ≥ 0", v.to_text()));
                    continue;
                }
            },
        };
        first_row.insert(id.clone(), rec.number);
        out.push(Candidate {
            id,
            pos_wgs84: pos,
            capacity,
        });
    }
    if left_out > 0 {
        eprintln!(
            "riskatlas: {shown}: {left_out} of {} rows left out (see above)",
            table.records.len()
        );
    }
    if out.is_empty() {
        bail!("{shown}: no usable candidate site");
    }
    Ok(out)
}

/// What `--generate` asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Generate {
    Grid { spacing_m: f64 },
    Settlements,
}

pub fn parse_generate(text: &str) -> anyhow::Result<Generate> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("settlements") {
        return Ok(Generate::Settlements);
    }
    if let Some(s) = t.strip_prefix("grid:") {
        let spacing_m: f64 = s
            .trim()
            .parse()
            .with_context(|| format!("--generate grid:{s}: the spacing must be metres"))?;
        return Ok(Generate::Grid { spacing_m });
    }
    bail!("--generate {t}: use grid:METRES (e.g. grid:1000) or settlements")
}

/// `LON,LAT,RADIUS_M` of `--exclude-point`.
pub fn parse_exclusion(text: &str) -> anyhow::Result<Exclusion> {
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .with_context(|| format!("--exclude-point {text}: use LON,LAT,RADIUS_M"))?;
    let [lon, lat, radius_m] = parts[..] else {
        bail!("--exclude-point {text}: use LON,LAT,RADIUS_M");
    };
    Ok(Exclusion::Around {
        pos_wgs84: geo::Point::new(lon, lat),
        radius_m,
    })
}

/// Generated candidates in the named municipalities.
pub fn generated(
    how: Generate,
    names: &[String],
    cases: &Path,
    crs: &Crs,
    exclusions: &[Exclusion],
) -> anyhow::Result<Vec<Candidate>> {
    if names.is_empty() {
        bail!("--generate needs at least one --municipality NAME");
    }
    let all: Vec<Municipality> = if crate::cli::inputs::is_project(cases) && cases.exists() {
        let store = ProjectStore::open(cases)?;
        let m = store.read_records(LayerKind::Municipalities)?;
        store.close()?;
        m
    } else {
        crate::demo::sources::municipalities()?
    };
    let mut chosen = Vec::new();
    for name in names {
        let key = fold(name);
        let Some(m) = all
            .iter()
            .find(|m| fold(&m.name) == key || fold(&m.lau_code) == key)
        else {
            bail!("unknown municipality '{name}' (give its name, e.g. Tiranë, or its LAU code)");
        };
        chosen.push(m);
    }
    let areas: Vec<Area<'_>> = chosen
        .iter()
        .map(|m| Area {
            code: &m.lau_code,
            area_wgs84: &m.area_wgs84,
        })
        .collect();
    let out = match how {
        Generate::Grid { spacing_m } => generate::grid(&areas, spacing_m, crs, exclusions)?,
        Generate::Settlements => {
            let places: Vec<(String, geo::Point<f64>)> = crate::demo::sources::places()?
                .into_iter()
                .map(|p| (p.name, p.pos_wgs84))
                .collect();
            generate::settlements(&places, &areas, crs, exclusions)?
        }
    };
    if out.is_empty() {
        bail!("no candidate site could be generated in the chosen municipalities");
    }
    Ok(out)
}
