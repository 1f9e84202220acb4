//! Feature-level edits inside a store transaction: read, insert, update and delete ONE feature.
//!
//! Input: a layer (table) name, a fid, a WGS84 geometry and values aligned with the layer's
//! fields as [`super::ProjectStore::read_layer`] returns them (missing values are NULL).
//! Only layers stored in WGS84 (srs_id 4326 or undefined) are edited; geometries are fitted to
//! the declared type ([`conform`]).
//!
//! Fids are never reused. Our tables are `AUTOINCREMENT`, so SQLite never hands out a fid
//! that was used before; a table another tool made without it gets `max(fid, high water) + 1`,
//! the high water kept in `ra_meta` (`fid_high_water.<table>`). A feature passed with
//! `fid: Some(x)` is a *restore* (undoing a delete): allowed only when `x` is free and was
//! handed out before, so a restore cannot invent ids.
//!
//! Bookkeeping per edit ([`super::feature_meta`]): `gpkg_contents.last_change`, the layer
//! extent (grown by the new geometry; recomputed, O(n), only when the old geometry touched the
//! extent's edge), any GDAL R-tree index (its triggers call the `ST_*` functions of
//! [`super::spatial_fns`]), GDAL's `gpkg_ogr_contents.feature_count` when no trigger keeps
//! it, and one `ra_audit` row naming the operation, layer, fid and changed field names (never
//! attribute values: cases are children).

use geo::Geometry;
use rusqlite::Connection;
use rusqlite::types::{Value as Sql, ValueRef};

use super::conform::{conform, quote, to_sql};
use super::feature_meta::{
    adjust_ogr_count, high_water, is_autoincrement, max_fid, set_high_water, touch,
};
use super::read::{self, Srs, TableSchema};
use super::{StoreError, geom, history};
use crate::model::{Feature, Value};

/// The shape of an editable layer, or why it cannot be edited.
fn editable(conn: &Connection, layer: &str) -> Result<TableSchema, StoreError> {
    let bad = |reason: &str| StoreError::BadLayer {
        layer: layer.to_string(),
        reason: reason.to_string(),
    };
    if !read::is_layer(conn, layer)? {
        return Err(StoreError::NoSuchLayer(layer.to_string()));
    }
    let schema = read::table_schema(conn, layer)?
        .ok_or_else(|| StoreError::NoSuchLayer(layer.to_string()))?;
    if schema.pk.is_none() || schema.geom_col.is_none() {
        return Err(bad("it has no integer fid or no geometry column"));
    }
    if !matches!(read::srs(conn, schema.srs_id)?, Srs::Wgs84 | Srs::Undefined) {
        return Err(bad(
            "it is stored in another coordinate system; only WGS84 layers can be edited",
        ));
    }
    Ok(schema)
}

pub(crate) fn cols(schema: &TableSchema) -> (String, String) {
    let pk = quote(schema.pk.as_deref().unwrap_or("fid"));
    let geom = quote(schema.geom_col.as_deref().unwrap_or("geom"));
    (pk, geom)
}

/// One feature by fid, `None` when there is no such row.
pub(crate) fn read_feature(
    conn: &Connection,
    layer: &str,
    fid: i64,
) -> Result<Option<Feature>, StoreError> {
    let schema = editable(conn, layer)?;
    read_row(conn, &schema, fid)
}

fn read_row(
    conn: &Connection,
    schema: &TableSchema,
    fid: i64,
) -> Result<Option<Feature>, StoreError> {
    let (pk, geom_col) = cols(schema);
    let mut names = vec![geom_col];
    names.extend(schema.fields.iter().map(|f| quote(&f.name)));
    let sql = format!(
        "SELECT {} FROM {} WHERE {pk} = ?1",
        names.join(", "),
        quote(&schema.name)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([fid])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let geometry = match r.get_ref(0)? {
        ValueRef::Blob(b) => geom::decode(b).map_err(|e| {
            StoreError::Geometry(format!("layer '{}', feature {fid}: {e}", schema.name))
        })?,
        _ => None,
    };
    let mut values = Vec::with_capacity(schema.fields.len());
    for (i, fd) in schema.fields.iter().enumerate() {
        values.push(read::value_from_sql(r.get_ref(i + 1)?, fd.kind));
    }
    Ok(Some(Feature {
        fid: Some(fid),
        geometry_wgs84: geometry,
        values,
    }))
}

/// The row's SQL values: geometry blob, then one per field; and the geometry's bbox.
fn row_values(
    schema: &TableSchema,
    geometry: Option<&Geometry<f64>>,
    values: &[Value],
) -> Result<(Vec<Sql>, Option<[f64; 4]>), StoreError> {
    let layer = &schema.name;
    if values.len() > schema.fields.len() {
        return Err(StoreError::BadLayer {
            layer: layer.clone(),
            reason: format!("{} values for {} fields", values.len(), schema.fields.len()),
        });
    }
    let mut row = Vec::with_capacity(schema.fields.len() + 1);
    let mut bbox = None;
    row.push(match geometry {
        None => Sql::Null,
        Some(g) => {
            let g = conform(g, schema.geometry_type)
                .map_err(|e| StoreError::Geometry(format!("layer '{layer}': {e}")))?;
            bbox = geom::bbox(&g);
            Sql::Blob(geom::encode(&g, 4326))
        }
    });
    row.extend((0..schema.fields.len()).map(|i| values.get(i).map_or(Sql::Null, to_sql)));
    Ok((row, bbox))
}

/// Inserts a feature; returns its fid (new, or the restored `feature.fid`).
pub(crate) fn insert_feature(
    conn: &Connection,
    layer: &str,
    feature: &Feature,
) -> Result<i64, StoreError> {
    let schema = editable(conn, layer)?;
    let (pk, geom_col) = cols(&schema);
    let (row, bbox) = row_values(&schema, feature.geometry_wgs84.as_ref(), &feature.values)?;
    let auto = is_autoincrement(conn, layer)?;
    let high = high_water(conn, layer, auto)?;
    let fid = match feature.fid {
        Some(fid) => {
            if read_row(conn, &schema, fid)?.is_some() || fid < 1 || fid > high {
                return Err(StoreError::BadLayer {
                    layer: layer.to_string(),
                    reason: format!(
                        "feature {fid} cannot be restored: the fid is in use or was never given out"
                    ),
                });
            }
            Some(fid)
        }
        // SQLite's AUTOINCREMENT never reuses; elsewhere we pick past the high water mark.
        None if auto => None,
        None => Some(high.max(max_fid(conn, &schema)?) + 1),
    };
    let mut names = vec![pk, geom_col];
    names.extend(schema.fields.iter().map(|f| quote(&f.name)));
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote(layer),
        names.join(", "),
        marks.join(", ")
    );
    let mut all = vec![fid.map_or(Sql::Null, Sql::Integer)];
    all.extend(row);
    conn.execute(&sql, rusqlite::params_from_iter(all.iter()))?;
    let fid = conn.last_insert_rowid();
    if !auto {
        set_high_water(conn, layer, fid.max(high))?;
    }
    adjust_ogr_count(conn, layer, 1)?;
    touch(conn, &schema, bbox, None)?;
    audit(conn, "edit_insert", layer, fid, "")?;
    Ok(fid)
}

/// Replaces the geometry and every value of feature `fid`.
pub(crate) fn update_feature(
    conn: &Connection,
    layer: &str,
    fid: i64,
    geometry: Option<&Geometry<f64>>,
    values: &[Value],
) -> Result<(), StoreError> {
    let schema = editable(conn, layer)?;
    let old = read_row(conn, &schema, fid)?.ok_or_else(|| no_feature(layer, fid))?;
    let (pk, geom_col) = cols(&schema);
    let (row, bbox) = row_values(&schema, geometry, values)?;
    let mut sets = vec![format!("{geom_col} = ?1")];
    sets.extend(
        (schema.fields.iter().enumerate()).map(|(i, f)| format!("{} = ?{}", quote(&f.name), i + 2)),
    );
    let sql = format!(
        "UPDATE {} SET {} WHERE {pk} = ?{}",
        quote(layer),
        sets.join(", "),
        schema.fields.len() + 2
    );
    let mut all = row;
    all.push(Sql::Integer(fid));
    conn.execute(&sql, rusqlite::params_from_iter(all.iter()))?;
    let new = read_row(conn, &schema, fid)?.ok_or_else(|| no_feature(layer, fid))?;
    let mut changed = Vec::new();
    if old.geometry_wgs84 != new.geometry_wgs84 {
        changed.push("geometry".to_string());
    }
    for (i, f) in schema.fields.iter().enumerate() {
        if old.values.get(i) != new.values.get(i) {
            changed.push(f.name.clone());
        }
    }
    let old_bbox = old.geometry_wgs84.as_ref().and_then(geom::bbox);
    touch(conn, &schema, bbox, old_bbox)?;
    audit(conn, "edit_update", layer, fid, &changed.join(", "))
}

/// Deletes feature `fid` (its fid is never given out again).
pub(crate) fn delete_feature(conn: &Connection, layer: &str, fid: i64) -> Result<(), StoreError> {
    let schema = editable(conn, layer)?;
    let old = read_row(conn, &schema, fid)?.ok_or_else(|| no_feature(layer, fid))?;
    let (pk, _) = cols(&schema);
    let auto = is_autoincrement(conn, layer)?;
    if !auto {
        let high = high_water(conn, layer, false)?;
        set_high_water(conn, layer, high.max(fid))?;
    }
    conn.execute(
        &format!("DELETE FROM {} WHERE {pk} = ?1", quote(layer)),
        [fid],
    )?;
    adjust_ogr_count(conn, layer, -1)?;
    touch(
        conn,
        &schema,
        None,
        old.geometry_wgs84.as_ref().and_then(geom::bbox),
    )?;
    audit(conn, "edit_delete", layer, fid, "")
}

fn no_feature(layer: &str, fid: i64) -> StoreError {
    StoreError::NoSuchFeature {
        layer: layer.to_string(),
        fid,
    }
}

fn audit(
    conn: &Connection,
    op: &str,
    layer: &str,
    fid: i64,
    fields: &str,
) -> Result<(), StoreError> {
    let mut detail = format!("layer '{layer}', fid {fid}");
    if !fields.is_empty() {
        detail.push_str(&format!(": {fields}"));
    }
    history::audit(conn, &history::current_user(), op, &detail)
}
