//! Vector import fixtures through the public readers: GeoJSON (RFC 7946 and legacy `crs`),
//! TopoJSON, ESRI Shapefile, the bad-input corpus, and the GeoJSON export round trip.
//!
//! Fixtures are in tests/fixtures/vector (made once by its generate.py with GDAL; these tests
//! do not need GDAL). Known coordinates: Tirana lon 19.8187 lat 41.3275 = EPSG:6870
//! E 484822.040 N 4576960.341 = EPSG:32634 E 401143.338 N 4575786.727.

#[path = "import_vector/bad.rs"]
mod bad;
#[path = "import_vector/export.rs"]
mod export;
#[path = "import_vector/geojson.rs"]
mod geojson;
#[path = "import_vector/shapefile.rs"]
mod shapefile;
#[path = "import_vector/topojson.rs"]
mod topojson;

use std::path::{Path, PathBuf};

use geo::{Coord, Geometry};
use riskatlas::crs::{Crs, Transformer};
use riskatlas::io::raw::{RawGeometry, RawTable};
use riskatlas::model::{FieldKind, Value};

pub const TIRANA_WGS84: (f64, f64) = (19.8187, 41.3275);
pub const TIRANA_TM: (f64, f64) = (484822.040, 4576960.341);
pub const TIRANA_UTM34N: (f64, f64) = (401143.338, 4575786.727);
/// 1e-7 degree ≈ 1 cm.
pub const DEG_1CM: f64 = 1e-7;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vector")
        .join(name)
}

/// Field names and kinds, for comparing with a list.
pub fn schema(t: &RawTable) -> Vec<(&str, FieldKind)> {
    t.fields.iter().map(|f| (f.name.as_str(), f.kind)).collect()
}

/// The value of field `name` in record `i` (0-based).
pub fn value<'a>(t: &'a RawTable, i: usize, name: &str) -> &'a Value {
    let j = t
        .field_index(name)
        .unwrap_or_else(|| panic!("no field {name}"));
    &t.records[i].values[j]
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub fn geometry(t: &RawTable, i: usize) -> &Geometry<f64> {
    match &t.records[i].geometry {
        RawGeometry::Ok(g) => g,
        other => panic!("record {} has no usable geometry: {other:?}", i + 1),
    }
}

pub fn invalid_reason(t: &RawTable, i: usize) -> &str {
    match &t.records[i].geometry {
        RawGeometry::Invalid(r) => r,
        other => panic!("record {} should be invalid: {other:?}", i + 1),
    }
}

/// Every vertex of a geometry, in order.
pub fn vertices(g: &Geometry<f64>) -> Vec<Coord<f64>> {
    use geo::CoordsIter;
    g.coords_iter().collect()
}

/// A coordinate in `from` transformed to WGS84 (lon, lat).
pub fn to_wgs84(from: &Crs, c: Coord<f64>) -> (f64, f64) {
    Transformer::new(from, &Crs::wgs84())
        .point(c.x, c.y)
        .expect("transform")
}

pub fn assert_close(got: (f64, f64), want: (f64, f64), tol: f64, what: &str) {
    assert!(
        (got.0 - want.0).abs() <= tol && (got.1 - want.1).abs() <= tol,
        "{what}: got {got:?}, want {want:?} (tolerance {tol})"
    );
}
