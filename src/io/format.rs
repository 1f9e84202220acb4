//! Which reader a file needs: by extension, and for `.json` by content (TopoJSON's
//! `"type": "Topology"`).

use std::path::Path;

use super::import::{ImportError, ImportOptions};
use super::raw::RawTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    TopoJson,
    Csv,
    Shapefile,
    GeoPackage,
}

pub fn detect(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "geojson" => Format::GeoJson,
        "topojson" => Format::TopoJson,
        "json" => {
            if is_topology(path) {
                Format::TopoJson
            } else {
                Format::GeoJson
            }
        }
        "csv" | "tsv" | "txt" => Format::Csv,
        "shp" | "dbf" | "shx" => Format::Shapefile,
        "gpkg" => Format::GeoPackage,
        _ => return None,
    })
}

/// Looks at the first 4 KiB for a TopoJSON `"type":"Topology"`.
fn is_topology(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let text: String = String::from_utf8_lossy(&head[..n])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    text.contains("\"type\":\"Topology\"")
}

/// Reads any supported file into a raw table.
pub fn read_any(path: &Path, opts: &ImportOptions) -> Result<(RawTable, Format), ImportError> {
    let shown = || path.display().to_string();
    let format = detect(path).ok_or_else(|| ImportError::UnknownFormat { path: shown() })?;
    let read_err = |e: &dyn std::fmt::Display| ImportError::Read {
        path: shown(),
        reason: e.to_string(),
    };
    let encoding = match &opts.encoding {
        Some(label) => Some(
            encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                read_err(&format!(
                    "unknown text encoding '{label}' (try windows-1250, windows-1252 or utf-8)"
                ))
            })?,
        ),
        None => None,
    };
    let table = match format {
        Format::GeoJson => super::geojson::read_geojson(path).map_err(|e| read_err(&e))?,
        Format::TopoJson => super::topojson::read_topojson(path, opts.source_layer.as_deref())
            .map_err(|e| read_err(&e))?,
        Format::Csv => {
            let csv_opts = super::csv::CsvOptions {
                encoding,
                delimiter: None,
                lon_column: opts.lon_column.clone(),
                lat_column: opts.lat_column.clone(),
            };
            super::csv::read_csv(path, &csv_opts).map_err(|e| read_err(&e))?
        }
        Format::Shapefile => super::shapefile::read_shapefile(path).map_err(|e| read_err(&e))?,
        Format::GeoPackage => {
            super::gpkg::read_gpkg(path, opts.source_layer.as_deref()).map_err(|e| read_err(&e))?
        }
    };
    Ok((table, format))
}
