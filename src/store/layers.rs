//! Writing layers: GeoPackage feature tables in WGS84 (srs_id 4326).
//!
//! A new layer is a table `fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom <TYPE>, <one
//! column per field>` plus its rows in `gpkg_contents` (bbox, last_change),
//! `gpkg_geometry_columns` and `ra_layers`. Values: dates as `YYYY-MM-DD` text, booleans as
//! 0/1, non-finite reals as NULL. Geometries are made to fit the declared type (a Polygon in a
//! MULTIPOLYGON layer becomes a one-part MultiPolygon); anything else is an error naming the
//! feature (see [`super::conform`]). Modes: Create refuses an existing layer; Replace deletes
//! and recreates it keeping title, style, order and the fid sequence (ids are never reused);
//! Append adds missing columns and inserts, a feature whose fid exists replacing that row.
//! The bbox is recomputed (Create/Replace) or grown (Append). All of it runs inside the
//! caller's transaction.

use std::collections::HashSet;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, params};

use super::catalog::{delete_layer, drop_spatial_index};
use super::conform::{bad_name, check_names, conform, existing_name, quote, to_sql, union};
use super::schema::{now_utc, register_layer, table_exists};
use super::{StoreError, WriteMode, geom, read};
use crate::model::{FeatureLayer, GeometryType, LayerKind};

/// Registry details kept across a Replace.
struct Kept {
    title: String,
    style_json: Option<String>,
    sort_order: i64,
    visible: bool,
    seq: Option<i64>,
}

fn kept(conn: &Connection, name: &str) -> rusqlite::Result<Option<Kept>> {
    let seq: Option<i64> = if table_exists(conn, "sqlite_sequence")? {
        conn.query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    let row = conn
        .query_row(
            "SELECT title, style_json, sort_order, visible FROM ra_layers WHERE table_name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(row.map(|(title, style_json, sort_order, visible)| Kept {
        title,
        style_json,
        sort_order,
        visible,
        seq,
    }))
}

fn create_table(
    conn: &Connection,
    layer: &FeatureLayer,
    kept: Option<Kept>,
) -> Result<(), StoreError> {
    let mut cols = vec![
        "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string(),
        format!("geom {}", layer.geometry_type.gpkg_name()),
    ];
    cols.extend(
        layer
            .fields
            .iter()
            .map(|f| format!("{} {}", quote(&f.name), f.kind.sql_type())),
    );
    conn.execute_batch(&format!(
        "CREATE TABLE {} ({})",
        quote(&layer.name),
        cols.join(", ")
    ))?;
    let id_taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM gpkg_contents WHERE identifier = ?1)",
        [&layer.name],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)
         VALUES (?1, 'features', ?2, '', ?3, 4326)",
        params![layer.name, (!id_taken).then_some(&layer.name), now_utc()],
    )?;
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
        params![layer.name, layer.geometry_type.gpkg_name()],
    )?;
    let default_title = match layer.kind {
        LayerKind::Other => layer.name.clone(),
        k => k.label_en().to_string(),
    };
    let title = kept.as_ref().map_or(default_title, |k| k.title.clone());
    register_layer(conn, &layer.name, layer.kind, &title)?;
    if let Some(k) = kept {
        conn.execute(
            "UPDATE ra_layers SET style_json = ?1, sort_order = ?2, visible = ?3 WHERE table_name = ?4",
            params![k.style_json, k.sort_order, k.visible, layer.name],
        )?;
        if let Some(seq) = k.seq {
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                params![layer.name, seq],
            )?;
        }
    }
    Ok(())
}

/// Adds the layer's fields that the existing table lacks; returns the table's declared type.
fn prepare_append(conn: &Connection, layer: &FeatureLayer) -> Result<GeometryType, StoreError> {
    let bad = |reason: String| StoreError::BadLayer {
        layer: layer.name.clone(),
        reason,
    };
    let schema = read::table_schema(conn, &layer.name)?
        .filter(|s| s.geom_col.is_some() && s.pk.is_some())
        .ok_or_else(|| bad("it is not a feature table this store can append to".into()))?;
    if schema.geom_col.as_deref() != Some("geom")
        || !matches!(
            read::srs(conn, schema.srs_id)?,
            read::Srs::Wgs84 | read::Srs::Undefined
        )
    {
        return Err(bad(
            "it was written by another tool (other geometry column or CRS); replace it instead"
                .into(),
        ));
    }
    drop_spatial_index(conn, &layer.name)?;
    let have: HashSet<String> = (schema.fields.iter().map(|f| &f.name))
        .chain(&schema.skipped)
        .map(|n| n.to_lowercase())
        .collect();
    for f in layer
        .fields
        .iter()
        .filter(|f| !have.contains(&f.name.to_lowercase()))
    {
        conn.execute_batch(&format!(
            "ALTER TABLE {} ADD COLUMN {} {}",
            quote(&layer.name),
            quote(&f.name),
            f.kind.sql_type()
        ))?;
    }
    Ok(schema.geometry_type)
}

pub(crate) fn write_layer(
    conn: &Connection,
    layer: &FeatureLayer,
    mode: WriteMode,
) -> Result<Vec<i64>, StoreError> {
    check_names(layer)?;
    let bad = |reason: String| StoreError::BadLayer {
        layer: layer.name.clone(),
        reason,
    };
    let mut fids_seen = HashSet::new();
    for (i, f) in layer.features.iter().enumerate() {
        if f.values.len() > layer.fields.len() {
            return Err(bad(format!(
                "feature {} has {} values for {} fields",
                i + 1,
                f.values.len(),
                layer.fields.len()
            )));
        }
        if let Some(fid) = f.fid
            && !fids_seen.insert(fid)
        {
            return Err(bad(format!("fid {fid} appears twice")));
        }
    }
    let exists = match existing_name(conn, &layer.name)? {
        Some(actual) if actual != layer.name => {
            let reason = format!("it clashes with the layer '{actual}' (table names ignore case)");
            return Err(bad_name("layer", &layer.name, &reason));
        }
        found => found.is_some(),
    };
    let (declared, append) = match (mode, exists) {
        (WriteMode::Create, true) => return Err(StoreError::LayerExists(layer.name.clone())),
        (WriteMode::Append, true) => (prepare_append(conn, layer)?, true),
        (WriteMode::Replace, true) => {
            let k = kept(conn, &layer.name)?;
            delete_layer(conn, &layer.name)?;
            create_table(conn, layer, k)?;
            (layer.geometry_type, false)
        }
        (_, false) => {
            create_table(conn, layer, None)?;
            (layer.geometry_type, false)
        }
    };
    let mut cols = vec!["fid".to_string(), "geom".to_string()];
    cols.extend(layer.fields.iter().map(|f| quote(&f.name)));
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let verb = if append {
        "INSERT OR REPLACE"
    } else {
        "INSERT"
    };
    let sql = format!(
        "{verb} INTO {} ({}) VALUES ({})",
        quote(&layer.name),
        cols.join(", "),
        marks.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut fids = Vec::with_capacity(layer.features.len());
    let mut bbox = None;
    let mut row: Vec<Sql> = Vec::with_capacity(cols.len());
    for (i, f) in layer.features.iter().enumerate() {
        row.clear();
        row.push(f.fid.map_or(Sql::Null, Sql::Integer));
        row.push(match &f.geometry_wgs84 {
            None => Sql::Null,
            Some(g) => {
                let g = conform(g, declared).map_err(|e| {
                    StoreError::Geometry(format!("layer '{}', feature {}: {e}", layer.name, i + 1))
                })?;
                bbox = union(bbox, geom::bbox(&g));
                Sql::Blob(geom::encode(&g, 4326))
            }
        });
        row.extend((0..layer.fields.len()).map(|j| f.values.get(j).map_or(Sql::Null, to_sql)));
        stmt.execute(rusqlite::params_from_iter(row.iter()))?;
        fids.push(conn.last_insert_rowid());
    }
    if append {
        let old: [Option<f64>; 4] = conn.query_row(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?1",
            [&layer.name],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
        )?;
        if let [Some(a), Some(b), Some(c), Some(d)] = old {
            bbox = union(bbox, Some([a, b, c, d]));
        }
    }
    let [x0, y0, x1, y1] = bbox.map_or([None; 4], |b| b.map(Some));
    conn.execute(
        "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4, last_change = ?5
         WHERE table_name = ?6",
        params![x0, y0, x1, y1, now_utc(), layer.name],
    )?;
    Ok(fids)
}
