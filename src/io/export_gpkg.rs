//! Writes one layer as a standalone GeoPackage (OGC GeoPackage 1.3, EPSG:4326) that QGIS and
//! GDAL open: the same writer as the project file (`store`), so the geometry encoding, the
//! spatial reference and the layer catalogue are those the interop tests check with ogrinfo.
//!
//! Atomic: the GeoPackage is built under a temporary name beside the target, closed, then
//! renamed over it, so a failed export never leaves a half-written file (and an existing file
//! is replaced only by a complete one). `description` goes into `gpkg_contents.description`
//! (e.g. the CONFIDENTIAL marking of a case-level export). O(features).

use std::path::{Path, PathBuf};

use crate::model::FeatureLayer;
use crate::store::{ProjectStore, StoreError, WriteMode};

#[derive(Debug, thiserror::Error)]
pub enum GpkgExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub fn write_gpkg_file(
    layer: &FeatureLayer,
    path: &Path,
    description: Option<&str>,
) -> Result<(), GpkgExportError> {
    let io = |source| GpkgExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map_or("export".into(), |n| n.to_string_lossy().to_string());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp.gpkg", std::process::id()));
    if tmp.exists() {
        std::fs::remove_file(&tmp).map_err(io)?;
    }
    let built = (|| -> Result<(), StoreError> {
        let mut store = ProjectStore::create(&tmp)?;
        store.write(|tx| {
            tx.write_layer(layer, WriteMode::Create)?;
            if let Some(d) = description {
                tx.set_layer_description(&layer.name, d)?;
            }
            Ok(())
        })?;
        store.close()
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, FieldDef, FieldKind, GeometryType, LayerKind, Value};

    fn layer() -> FeatureLayer {
        let mut l = FeatureLayer::new(
            "hex",
            LayerKind::Other,
            GeometryType::Point,
            vec![FieldDef::new("count", FieldKind::Text)],
        );
        l.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(geo::Geometry::Point(geo::Point::new(19.8, 41.3))),
            values: vec![Value::Text("<5".into())],
        });
        l
    }

    #[test]
    fn writes_a_readable_geopackage_and_replaces_only_when_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Eksport ë.gpkg");
        std::fs::write(&path, b"old").unwrap();
        write_gpkg_file(&layer(), &path, Some("CONFIDENTIAL")).unwrap();
        let store = ProjectStore::open(&path).unwrap();
        let back = store.read_layer("hex").unwrap();
        assert_eq!(back.features.len(), 1);
        assert_eq!(back.features[0].values[0], Value::Text("<5".into()));
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let d: String = conn
            .query_row(
                "SELECT description FROM gpkg_contents WHERE table_name = 'hex'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(d, "CONFIDENTIAL");
        // No temporary file is left beside it.
        let tmp: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(tmp.is_empty(), "{tmp:?}");
    }
}
