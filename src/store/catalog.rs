//! The project's layer registry as the app and CLI see it: the list with counts and WGS84
//! extents, whole layers read into [`FeatureLayer`]s with geometries in WGS84, and deletion.
//!
//! Our layers are stored in WGS84. A layer another tool added in a projected CRS (e.g. QGIS
//! saving EPSG:6870) is transformed to WGS84 on reading through `crate::crs`; its listed
//! extent is the envelope of points along its transformed bbox edges. A layer whose CRS is not an EPSG
//! code is refused with `UnsupportedCrs` rather than drawn in the wrong place.
//!
//! Deleting a layer removes its table, its rows in `gpkg_contents`, `gpkg_geometry_columns`,
//! `ra_layers` and the optional GDAL tables (`gpkg_extensions`, `gpkg_ogr_contents`,
//! `gpkg_data_columns`), and any R-tree index another tool built on it. Analysis runs that
//! pointed at the layer keep their row with `result_table` NULL (foreign key SET NULL).

use geo::Geometry;
use rusqlite::{Connection, OptionalExtension, params};

use super::conform::quote;
use super::read::{self, Srs};
use super::schema::table_exists;
use super::{LayerInfo, StoreError};
use crate::crs::{Crs, Transformer};
use crate::model::{Feature, FeatureLayer, GeometryType, LayerKind};

/// The transformer from a layer's CRS to WGS84 (`None` when it is WGS84 already).
fn to_wgs84(
    conn: &Connection,
    layer: &str,
    srs_id: Option<i32>,
) -> Result<Option<Transformer>, StoreError> {
    match read::srs(conn, srs_id)? {
        Srs::Wgs84 | Srs::Undefined => Ok(None),
        Srs::Epsg(code) => {
            let crs = Crs::from_epsg(code).map_err(|e| StoreError::UnsupportedCrs {
                layer: layer.to_string(),
                srs: e.to_string(),
            })?;
            Ok(Some(Transformer::new(&crs, &Crs::wgs84())))
        }
        Srs::Other(srs) => Err(StoreError::UnsupportedCrs {
            layer: layer.to_string(),
            srs,
        }),
    }
}

/// Every registered layer in display order.
pub(crate) fn layer_infos(conn: &Connection) -> Result<Vec<LayerInfo>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT l.table_name, l.kind, g.geometry_type_name, c.min_x, c.min_y, c.max_x, c.max_y,
                c.srs_id, l.title, l.visible, l.style_json
         FROM ra_layers l
         JOIN gpkg_contents c ON c.table_name = l.table_name
         LEFT JOIN gpkg_geometry_columns g ON g.table_name = l.table_name
         ORDER BY l.sort_order, l.table_name",
    )?;
    type RowT = (
        String,
        String,
        Option<String>,
        [Option<f64>; 4],
        Option<i32>,
        String,
        bool,
        Option<String>,
    );
    let rows: Vec<RowT> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (name, kind, gtype, bbox, srs_id, title, visible, style_json) in rows {
        let count: i64 =
            conn.query_row(&format!("SELECT COUNT(*) FROM {}", quote(&name)), [], |r| {
                r.get(0)
            })?;
        let extent = match bbox {
            [Some(a), Some(b), Some(c), Some(d)] => {
                // An unreadable CRS leaves the extent unknown; reading the layer reports it.
                match to_wgs84(conn, &name, srs_id) {
                    Ok(None) => Some([a, b, c, d]),
                    Ok(Some(t)) => transform_bbox(&t, [a, b, c, d]),
                    Err(_) => None,
                }
            }
            _ => None,
        };
        out.push(LayerInfo {
            kind: LayerKind::parse(&kind).unwrap_or(LayerKind::Other),
            geometry_type: gtype
                .map_or(GeometryType::Geometry, |g| GeometryType::from_gpkg_name(&g)),
            feature_count: u64::try_from(count).unwrap_or(0),
            extent_wgs84: extent,
            name,
            title,
            visible,
            style_json,
        });
    }
    Ok(out)
}

/// The WGS84 envelope of a projected bbox, from points along its edges (a projected
/// rectangle's edges are curves in degrees, so corners alone can miss the extremes).
fn transform_bbox(t: &Transformer, [x0, y0, x1, y1]: [f64; 4]) -> Option<[f64; 4]> {
    const STEPS: u32 = 16;
    let mut acc: Option<[f64; 4]> = None;
    for i in 0..=STEPS {
        let f = f64::from(i) / f64::from(STEPS);
        let (x, y) = (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f);
        for (px, py) in [(x, y0), (x, y1), (x0, y), (x1, y)] {
            let (lon, lat) = t.point(px, py).ok()?;
            acc = Some(match acc {
                None => [lon, lat, lon, lat],
                Some(a) => [a[0].min(lon), a[1].min(lat), a[2].max(lon), a[3].max(lat)],
            });
        }
    }
    acc
}

/// The kind registered for a layer (`Other` when unregistered).
pub(crate) fn layer_kind(conn: &Connection, name: &str) -> Result<LayerKind, StoreError> {
    let code: Option<String> = conn
        .query_row(
            "SELECT kind FROM ra_layers WHERE table_name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(code
        .and_then(|c| LayerKind::parse(&c))
        .unwrap_or(LayerKind::Other))
}

/// A whole layer with geometries in WGS84; a bad geometry blob is an error naming the fid.
pub(crate) fn read_layer(conn: &Connection, name: &str) -> Result<FeatureLayer, StoreError> {
    let no_layer = || StoreError::NoSuchLayer(name.to_string());
    if !read::is_layer(conn, name)? {
        return Err(no_layer());
    }
    let schema = read::table_schema(conn, name)?.ok_or_else(no_layer)?;
    let transform = to_wgs84(conn, name, schema.srs_id)?;
    let kind = layer_kind(conn, name)?;
    let mut layer = FeatureLayer::new(name, kind, schema.geometry_type, schema.fields.clone());
    read::for_each_row(conn, &schema, |row| {
        let fid = row.fid;
        let bad = |e: String| {
            let at = fid.map_or("a feature".to_string(), |f| format!("feature {f}"));
            StoreError::Geometry(format!("layer '{name}', {at}: {e}"))
        };
        let mut geometry: Option<Geometry<f64>> = row.geometry.map_err(|e| bad(e.to_string()))?;
        if let (Some(t), Some(g)) = (&transform, &geometry) {
            geometry = Some(t.geometry(g).map_err(|e| bad(e.to_string()))?);
        }
        layer.features.push(Feature {
            fid,
            geometry_wgs84: geometry,
            values: row.values,
        });
        Ok::<(), StoreError>(())
    })?;
    Ok(layer)
}

/// Drops a GeoPackage R-tree index (and its triggers) another tool created on `table`: its
/// triggers call SQL functions only GDAL/QGIS define. QGIS and GDAL work without it.
pub(crate) fn drop_spatial_index(conn: &Connection, table: &str) -> Result<(), StoreError> {
    let col: Option<String> = conn
        .query_row(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?1",
            [table],
            |r| r.get(0),
        )
        .optional()?;
    let Some(col) = col else { return Ok(()) };
    let index = format!("rtree_{table}_{col}");
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1
           AND substr(name, 1, length(?2)) = ?2",
    )?;
    let triggers: Vec<String> = stmt
        .query_map(params![table, index], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {}", quote(&t)))?;
    }
    conn.execute_batch(&format!("DROP TABLE IF EXISTS {}", quote(&index)))?;
    if table_exists(conn, "gpkg_extensions")? {
        conn.execute(
            "DELETE FROM gpkg_extensions WHERE table_name = ?1 AND extension_name = 'gpkg_rtree_index'",
            [table],
        )?;
    }
    Ok(())
}

pub(crate) fn delete_layer(conn: &Connection, name: &str) -> Result<(), StoreError> {
    if !read::is_layer(conn, name)? {
        return Err(StoreError::NoSuchLayer(name.to_string()));
    }
    drop_spatial_index(conn, name)?;
    for t in ["gpkg_extensions", "gpkg_ogr_contents", "gpkg_data_columns"] {
        if table_exists(conn, t)? {
            conn.execute(&format!("DELETE FROM {t} WHERE table_name = ?1"), [name])?;
        }
    }
    conn.execute("DELETE FROM ra_layers WHERE table_name = ?1", [name])?;
    conn.execute(
        "DELETE FROM gpkg_geometry_columns WHERE table_name = ?1",
        [name],
    )?;
    conn.execute("DELETE FROM gpkg_contents WHERE table_name = ?1", [name])?;
    conn.execute_batch(&format!("DROP TABLE IF EXISTS {}", quote(name)))?;
    Ok(())
}
