//! The embedded Albania demo project: real open data (municipalities, qarqe, coastline,
//! OSM services, mine sites) plus illustrative perimeters, hotspots and day centres and
//! **synthetic** cases from a fixed seed. The app opens it on first start; `riskatlas demo`
//! writes it anywhere.

pub mod illustrative;
pub mod sources;
pub mod synthetic;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::analysis::assign::MunicipalityLookup;
use crate::crs::CrsError;
use crate::model::{FeatureLayer, GeometryType, LayerKind, Service, layer_from_records};
use crate::store::{ProjectStore, StoreError, WriteMode};

/// The seed of the synthetic cases: the demo is the same on every machine.
pub const DEMO_SEED: u64 = 2018;

/// Shown wherever the demo's cases are shown.
pub const SYNTHETIC_NOTICE: &str =
    "Të dhëna sintetike — jo fëmijë të vërtetë / Synthetic data — not real children";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("embedded data {file} is unreadable: {reason}")]
    EmbeddedData { file: String, reason: String },
    #[error(transparent)]
    Crs(#[from] CrsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no per-user data directory on this system")]
    NoDataDir,
    #[error("cannot create {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Every layer of the demo, in drawing order (bottom first).
pub fn build_layers() -> Result<Vec<FeatureLayer>, DemoError> {
    let mut rng = ChaCha8Rng::seed_from_u64(DEMO_SEED);
    let municipalities = sources::municipalities()?;
    let lookup = MunicipalityLookup::new(&municipalities);
    let land = crate::analysis::index::PolygonIndex::new(
        sources::land()?
            .0
            .into_iter()
            .map(|p| geo::MultiPolygon::new(vec![p]))
            .collect(),
    );
    let places = sources::places()?;

    let mut services = sources::osm_services()?;
    services.extend(illustrative::day_centres(&places));
    for s in &mut services {
        s.municipality = lookup.locate(s.pos_wgs84).cloned();
    }
    // Services outside every municipality (border stations across the line) stay out.
    services.retain(|s: &Service| s.municipality.is_some());

    let mines = illustrative::mine_perimeters(&mut rng)?;
    let hotspots = illustrative::coastal_hotspots(&mut rng)?;
    let cases = synthetic::generate(
        &synthetic::Inputs {
            lookup: &lookup,
            land: &land,
            places: &places,
            mines: &mines,
            hotspots: &hotspots,
        },
        &mut rng,
    )?;

    Ok(vec![
        land_layer()?,
        layer_from_records(LayerKind::Qarqe, &sources::qarqe()?),
        layer_from_records(LayerKind::Municipalities, &municipalities),
        layer_from_records(LayerKind::Hotspots, &hotspots),
        layer_from_records(LayerKind::Mines, &mines),
        layer_from_records(LayerKind::Services, &services),
        layer_from_records(LayerKind::Cases, &cases),
    ])
}

/// Writes the demo project to a new file (error if it exists), in one transaction.
pub fn write_demo(path: &Path) -> Result<ProjectStore, DemoError> {
    let layers = build_layers()?;
    let mut store = ProjectStore::create(path)?;
    store.write(|tx| {
        for layer in &layers {
            tx.write_layer(layer, WriteMode::Create)?;
        }
        tx.set_meta("title", "Demo: Shqipëria / Albania")?;
        tx.set_meta("synthetic_cases", SYNTHETIC_NOTICE)?;
        tx.set_meta("attributions", &sources::ATTRIBUTIONS.join("\n"))?;
        tx.set_meta("demo_seed", &DEMO_SEED.to_string())?;
        Ok(())
    })?;
    Ok(store)
}

/// The Albania base layers every new project starts with (no cases, no services).
pub fn base_layers() -> Result<Vec<FeatureLayer>, DemoError> {
    Ok(vec![
        land_layer()?,
        layer_from_records(LayerKind::Qarqe, &sources::qarqe()?),
        layer_from_records(LayerKind::Municipalities, &sources::municipalities()?),
    ])
}

/// Creates a new project with the base layers, in one transaction.
pub fn write_base_project(path: &Path) -> Result<ProjectStore, DemoError> {
    let layers = base_layers()?;
    let mut store = ProjectStore::create(path)?;
    store.write(|tx| {
        for layer in &layers {
            tx.write_layer(layer, WriteMode::Create)?;
        }
        tx.set_meta("attributions", &sources::ATTRIBUTIONS.join("\n"))?;
        Ok(())
    })?;
    Ok(store)
}

/// The embedded OSM settlements (cities, towns, villages, hamlets) for the basemap's names.
pub fn settlements() -> Result<Vec<crate::render::Settlement>, DemoError> {
    Ok(sources::places()?
        .into_iter()
        .filter_map(|p| {
            Some(crate::render::Settlement {
                rank: crate::render::SettlementRank::from_osm(&p.place, p.population)?,
                name: p.name,
                population: p.population,
                pos_wgs84: [p.pos_wgs84.x(), p.pos_wgs84.y()],
            })
        })
        .collect())
}

/// The basemap of the embedded Albania base layers with the embedded settlements.
pub fn basemap_data() -> Result<crate::render::BasemapData, DemoError> {
    let layers = base_layers()?;
    let find = |kind| layers.iter().find(|l| l.kind == kind);
    Ok(crate::render::BasemapData::new(
        find(LayerKind::Coastline),
        find(LayerKind::Municipalities),
        find(LayerKind::Qarqe),
        settlements()?,
    )
    .with_neighbours(&neighbours_layer()?))
}

/// The neighbouring countries' land as a layer (the basemap draws it under Albania's).
pub fn neighbours_layer() -> Result<FeatureLayer, DemoError> {
    let mut layer = FeatureLayer::new(
        "neighbours",
        LayerKind::Other,
        GeometryType::MultiPolygon,
        vec![],
    );
    layer.features.push(crate::model::Feature {
        fid: None,
        geometry_wgs84: Some(sources::neighbours()?.into()),
        values: vec![],
    });
    Ok(layer)
}

fn land_layer() -> Result<FeatureLayer, DemoError> {
    let mut land = FeatureLayer::new(
        "coastline",
        LayerKind::Coastline,
        GeometryType::MultiPolygon,
        vec![],
    );
    land.features.push(crate::model::Feature {
        fid: None,
        geometry_wgs84: Some(sources::land()?.into()),
        values: vec![],
    });
    Ok(land)
}

/// Where the app keeps its demo project: the per-user data directory
/// (`%APPDATA%\ASHMDF\RiskAtlas\data` on Windows, `~/.local/share/riskatlas` on Linux).
pub fn default_project_path() -> Result<PathBuf, DemoError> {
    let dirs =
        directories::ProjectDirs::from("al", "ASHMDF", "RiskAtlas").ok_or(DemoError::NoDataDir)?;
    Ok(dirs.data_dir().join("demo-albania.gpkg"))
}

/// The demo project's path, writing it first if it is not there yet.
pub fn ensure_default_project() -> Result<PathBuf, DemoError> {
    let path = default_project_path()?;
    if !path.exists() {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|source| DemoError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        // Write to a temporary name and rename, so a crash never leaves half a demo.
        let tmp = path.with_extension("gpkg.partial");
        let _ = std::fs::remove_file(&tmp);
        drop(write_demo(&tmp)?);
        std::fs::rename(&tmp, &path).map_err(|source| DemoError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(path)
}
