//! Import and export. One file per format; every reader returns a [`raw::RawTable`], the
//! importer validates it into a report and writes it to the project in one transaction.

pub mod atomic;
pub mod columns;
pub mod columns_map;
pub mod convert;
pub mod csv;
pub mod dates;
pub mod encoding;
pub mod export_csv;
pub mod export_geojson;
pub mod export_gpkg;
pub mod export_layer;
pub mod format;
pub mod geojson;
pub mod geotiff;
pub mod gpkg;
pub mod gpx;
pub mod import;
pub mod indicators_csv;
pub mod mbtiles;
pub mod osm_pbf;
pub mod raw;
pub mod report;
pub mod road_lines;
pub mod route_stops;
pub mod routes_geojson;
pub mod shapefile;
pub mod tile_pack;
pub mod topojson;
pub mod validate;

pub use import::{ImportError, ImportOptions, import_file};
pub use raw::{RawGeometry, RawRecord, RawTable};
pub use report::ImportReport;
