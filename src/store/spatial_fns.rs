//! The SQL functions a GeoPackage R-tree index needs: `ST_IsEmpty`, `ST_MinX`, `ST_MaxX`,
//! `ST_MinY`, `ST_MaxY` (GeoPackage 1.4, extension `gpkg_rtree_index`).
//!
//! GDAL and QGIS build an R-tree on the layers they write; its triggers call these functions
//! on every insert and update. Registered on every connection the store opens, they let our
//! feature edits keep such an index right instead of failing with "no such function".
//! Input: a GeoPackage geometry blob (or NULL). The envelope in the blob header is used when
//! present, otherwise the geometry is decoded (O(vertices)). A NULL, empty or unreadable blob
//! gives NULL (and `ST_IsEmpty` 1), so a bad blob never aborts the user's transaction from
//! inside a trigger.

use rusqlite::Connection;
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;

use super::geom;

/// `[min_x, min_y, max_x, max_y]` of a blob argument, `None` when NULL/empty/unreadable.
fn blob_bbox(ctx: &Context<'_>) -> Option<[f64; 4]> {
    let ValueRef::Blob(b) = ctx.get_raw(0) else {
        return None;
    };
    let h = geom::header(b).ok()?;
    if h.empty {
        return None;
    }
    h.envelope
        .or_else(|| geom::decode(b).ok().flatten().as_ref().and_then(geom::bbox))
}

/// Registers the five functions on `conn`.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("ST_IsEmpty", 1, flags, |ctx| {
        Ok(i64::from(blob_bbox(ctx).is_none()))
    })?;
    let coords: [(&str, usize); 4] = [
        ("ST_MinX", 0),
        ("ST_MinY", 1),
        ("ST_MaxX", 2),
        ("ST_MaxY", 3),
    ];
    for (name, i) in coords {
        conn.create_scalar_function(name, 1, flags, move |ctx| Ok(blob_bbox(ctx).map(|b| b[i])))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use geo::{Geometry, Point, polygon};

    use super::*;

    #[test]
    fn functions_read_envelopes_and_treat_null_as_empty() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let poly: Geometry<f64> =
            polygon![(x: 20.0, y: 41.0), (x: 20.5, y: 41.0), (x: 20.5, y: 41.4), (x: 20.0, y: 41.0)]
                .into();
        let blob = geom::encode(&poly, 4326);
        let row: (i64, f64, f64, f64, f64) = conn
            .query_row(
                "SELECT ST_IsEmpty(?1), ST_MinX(?1), ST_MinY(?1), ST_MaxX(?1), ST_MaxY(?1)",
                [&blob],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(row, (0, 20.0, 41.0, 20.5, 41.4));
        let empty = geom::encode(&Point::new(f64::NAN, f64::NAN).into(), 4326);
        let (e, x): (i64, Option<f64>) = conn
            .query_row("SELECT ST_IsEmpty(?1), ST_MinX(?1)", [&empty], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((e, x), (1, None));
        let null: i64 = conn
            .query_row("SELECT ST_IsEmpty(NULL)", [], |r| r.get(0))
            .unwrap();
        assert_eq!(null, 1);
    }
}
