//! `riskatlas import FILE --into PROJECT.gpkg --as KIND [--crs EPSG:N] [--layer NAME]`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use crate::crs::Crs;
use crate::io::{ImportOptions, import_file};
use crate::model::LayerKind;
use crate::progress::NoProgress;
use crate::store::ProjectStore;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file to import (.geojson, .json, .topojson, .csv, .tsv, .txt, .shp, .gpkg). It is only read.
    pub file: PathBuf,
    /// The project to import into (created with the Albania base layers if it does not exist).
    #[arg(long)]
    pub into: PathBuf,
    /// What the file holds: cases, services, mines, hotspots, municipalities, qarqe, candidates, roads, coastline or other.
    #[arg(long = "as", value_name = "KIND")]
    pub kind: String,
    /// CRS of the coordinates when the file does not declare one (or to override it), e.g. EPSG:6870.
    #[arg(long)]
    pub crs: Option<String>,
    /// The layer (GeoPackage table or TopoJSON object) to read from the file.
    #[arg(long)]
    pub layer: Option<String>,
    /// Name of the new project layer (for --as other; default: the file name).
    #[arg(long)]
    pub name: Option<String>,
    /// Swap latitude and longitude where they are detected as swapped.
    #[arg(long)]
    pub fix_swapped: bool,
    /// Repair invalid (e.g. self-intersecting) polygons instead of rejecting them.
    #[arg(long)]
    pub repair_polygons: bool,
    /// Write nothing if any record is rejected.
    #[arg(long)]
    pub strict: bool,
    /// Validate and print the report without writing to the project.
    #[arg(long)]
    pub dry_run: bool,
    /// Text encoding of a CSV/DBF file when it is not UTF-8 (e.g. windows-1250).
    #[arg(long)]
    pub encoding: Option<String>,
    /// CSV column with the longitude (or easting), when not found automatically.
    #[arg(long, requires = "lat_column")]
    pub lon_column: Option<String>,
    /// CSV column with the latitude (or northing), when not found automatically.
    #[arg(long, requires = "lon_column")]
    pub lat_column: Option<String>,
    /// GPS accuracy (metres) above which a case gets a warning.
    #[arg(long, default_value_t = 50.0)]
    pub max_gps_accuracy: f64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ImportArgs) -> anyhow::Result<()> {
    let Some(kind) = LayerKind::parse(&args.kind) else {
        let kinds: Vec<&str> = LayerKind::ALL.iter().map(|k| k.code()).collect();
        bail!(
            "unknown --as '{}': use one of {}",
            args.kind,
            kinds.join(", ")
        );
    };
    let mut opts = ImportOptions::new(kind);
    opts.crs = args.crs.as_deref().map(Crs::parse).transpose()?;
    opts.source_layer = args.layer.clone();
    opts.target_name = args.name.clone();
    opts.geometry.fix_swapped = args.fix_swapped;
    opts.geometry.repair_polygons = args.repair_polygons;
    opts.strict = args.strict;
    opts.dry_run = args.dry_run;
    opts.encoding = args.encoding.clone();
    opts.lon_column = args.lon_column.clone();
    opts.lat_column = args.lat_column.clone();
    opts.max_gps_accuracy_m = args.max_gps_accuracy;

    if !args.file.exists() {
        bail!("{} does not exist", args.file.display());
    }
    let created = !args.into.exists();
    let mut store = if created {
        crate::demo::write_base_project(&args.into).context("cannot create the project")?
    } else {
        ProjectStore::open(&args.into)?
    };
    let report = match import_file(&mut store, &args.file, &opts, &NoProgress) {
        Ok(r) => r,
        Err(e) => {
            if created {
                // Leave no project behind that the user did not have before.
                drop(store);
                crate::store::remove_project_files(&args.into);
            }
            return Err(e.into());
        }
    };
    if args.json {
        let mut v = serde_json::to_value(&report)?;
        v["ok"] = true.into();
        v["project"] = serde_json::json!(args.into);
        v["project_created"] = created.into();
        super::print_json(&v);
    } else {
        if created {
            println!(
                "Created the project {} with the Albania base layers",
                args.into.display()
            );
        }
        print!("{}", report.to_text());
    }
    if report.accepted == 0 && report.records_read > 0 {
        bail!(
            "no record of {} could be imported (see the report above)",
            args.file.display()
        );
    }
    Ok(())
}
