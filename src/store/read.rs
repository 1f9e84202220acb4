//! Reading GeoPackage feature tables: ours, and any other tool's (also used by
//! `io::gpkg` on read-only connections).
//!
//! A table's shape comes from `gpkg_geometry_columns` (geometry column, type, srs_id) and
//! `pragma_table_info` (integer primary key = fid; every other column a field whose kind
//! comes from its declared type; BLOB columns are skipped). Rows come in fid order.
//! Values: INTEGER in a BOOLEAN column → `Bool`; `YYYY-MM-DD` text in a DATE column → `Date`;
//! other text stays `Text`; blobs → `Null`. Geometries are decoded per row and the result is
//! handed to the caller, which decides whether a bad blob is an error or a report entry.

use geo::Geometry;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

use super::conform::quote;
use super::geom::{self, GeomError};
use crate::model::{FieldDef, FieldKind, GeometryType, Value};

/// The shape of one table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableSchema {
    pub name: String,
    /// The integer primary key column (GeoPackage: `fid`).
    pub pk: Option<String>,
    pub geom_col: Option<String>,
    pub geometry_type: GeometryType,
    pub srs_id: Option<i32>,
    pub fields: Vec<FieldDef>,
    /// Columns not read (binary), for notes.
    pub skipped: Vec<String>,
}

/// What a layer's `srs_id` stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Srs {
    /// EPSG:4326.
    Wgs84,
    /// The undefined SRSs 0 and -1, or no srs_id: the store takes them as WGS84.
    Undefined,
    Epsg(u32),
    /// Another organisation's code: a description for messages.
    Other(String),
}

/// One row: its fid, the decoded geometry (or why not) and the field values.
pub(crate) struct Row {
    pub fid: Option<i64>,
    pub geometry: Result<Option<Geometry<f64>>, GeomError>,
    pub values: Vec<Value>,
}

/// Feature tables registered in `gpkg_contents`, by name.
pub(crate) fn feature_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT c.table_name FROM gpkg_contents c
         JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// Whether `name` is a feature table registered in `gpkg_contents` (exact name).
pub(crate) fn is_layer(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM gpkg_contents WHERE table_name = ?1
           AND data_type = 'features')",
        [name],
        |r| r.get(0),
    )
}

/// The shape of `table`, or `None` when no such table exists.
pub(crate) fn table_schema(
    conn: &Connection,
    table: &str,
) -> rusqlite::Result<Option<TableSchema>> {
    let geometry: Option<(String, String, i32)> = conn
        .query_row(
            "SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns
             WHERE table_name = ?1",
            [table],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let mut stmt = conn.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns: Vec<(String, String, i64)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if columns.is_empty() {
        return Ok(None);
    }
    let pk_cols: Vec<_> = columns.iter().filter(|c| c.2 > 0).collect();
    let pk = match pk_cols.as_slice() {
        [c] if c.1.to_ascii_uppercase().contains("INT") => Some(c.0.clone()),
        _ => None,
    };
    let geom_col = geometry.as_ref().map(|g| g.0.clone());
    let mut fields = Vec::new();
    let mut skipped = Vec::new();
    for (name, decl, _) in &columns {
        if Some(name) == pk.as_ref()
            || geom_col
                .as_ref()
                .is_some_and(|g| g.eq_ignore_ascii_case(name))
        {
            continue;
        }
        if decl.to_ascii_uppercase().starts_with("BLOB") {
            skipped.push(name.clone());
        } else {
            fields.push(FieldDef::new(name, FieldKind::from_sql_type(decl)));
        }
    }
    Ok(Some(TableSchema {
        name: table.to_string(),
        pk,
        geom_col,
        geometry_type: geometry.as_ref().map_or(GeometryType::Geometry, |g| {
            GeometryType::from_gpkg_name(&g.1)
        }),
        srs_id: geometry.map(|g| g.2),
        fields,
        skipped,
    }))
}

/// What `srs_id` means according to `gpkg_spatial_ref_sys`.
pub(crate) fn srs(conn: &Connection, srs_id: Option<i32>) -> rusqlite::Result<Srs> {
    let id = match srs_id {
        None | Some(0) | Some(-1) => return Ok(Srs::Undefined),
        Some(4326) => return Ok(Srs::Wgs84),
        Some(id) => id,
    };
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys
             WHERE srs_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((org, code)) if org.eq_ignore_ascii_case("EPSG") => match u32::try_from(code) {
            Ok(4326) => Srs::Wgs84,
            Ok(c) => Srs::Epsg(c),
            Err(_) => Srs::Other(format!("EPSG code {code}")),
        },
        Some((org, code)) => Srs::Other(format!("{org}:{code} (srs_id {id})")),
        None => Srs::Other(format!("srs_id {id}, missing from gpkg_spatial_ref_sys")),
    })
}

/// Calls `f` with every row of `schema`'s table, in fid order.
pub(crate) fn for_each_row<E: From<rusqlite::Error>>(
    conn: &Connection,
    schema: &TableSchema,
    mut f: impl FnMut(Row) -> Result<(), E>,
) -> Result<(), E> {
    let pk = schema.pk.as_deref().map_or("NULL".to_string(), quote);
    let geom = schema.geom_col.as_deref().map_or("NULL".to_string(), quote);
    let mut cols = vec![pk.clone(), geom];
    cols.extend(schema.fields.iter().map(|fd| quote(&fd.name)));
    let order = if schema.pk.is_some() {
        format!(" ORDER BY {pk}")
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT {} FROM {}{order}",
        cols.join(", "),
        quote(&schema.name)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let fid = match r.get_ref(0)? {
            ValueRef::Integer(i) => Some(i),
            _ => None,
        };
        let geometry = match r.get_ref(1)? {
            ValueRef::Blob(b) => geom::decode(b),
            ValueRef::Null => Ok(None),
            _ => Err(GeomError::BadMagic),
        };
        let mut values = Vec::with_capacity(schema.fields.len());
        for (i, fd) in schema.fields.iter().enumerate() {
            values.push(value_from_sql(r.get_ref(i + 2)?, fd.kind));
        }
        f(Row {
            fid,
            geometry,
            values,
        })?;
    }
    Ok(())
}

/// A stored value as a model value of a field of `kind`.
pub(crate) fn value_from_sql(v: ValueRef<'_>, kind: FieldKind) -> Value {
    match (v, kind) {
        (ValueRef::Null | ValueRef::Blob(_), _) => Value::Null,
        (ValueRef::Integer(i), FieldKind::Bool) => Value::Bool(i != 0),
        (ValueRef::Integer(i), _) => Value::Int(i),
        (ValueRef::Real(r), _) => Value::Real(r),
        (ValueRef::Text(t), kind) => {
            let s = String::from_utf8_lossy(t).into_owned();
            match kind {
                FieldKind::Date => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .map_or(Value::Text(s), Value::Date),
                FieldKind::Bool => match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => Value::Bool(true),
                    "false" | "0" => Value::Bool(false),
                    _ => Value::Text(s),
                },
                _ => Value::Text(s),
            }
        }
    }
}

/// A metadata value from `ra_meta`.
pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>, super::StoreError> {
    Ok(conn
        .query_row("SELECT value FROM ra_meta WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}
