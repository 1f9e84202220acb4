//! Reading ISO Well-Known Binary (OGC 06-103r4 / ISO 19125), the geometry body of a
//! GeoPackage blob (writing is in [`super::geom`]).
//!
//! Output: `geo::Geometry<f64>` in whatever CRS the blob holds (the store: WGS84 degrees).
//! Reading accepts either byte order per (sub)geometry; ISO dimension offsets (+1000 Z,
//! +2000 M, +3000 ZM) and the older high-bit Z/M/SRID flags; Z and M are read and dropped.
//! Every count is checked against the bytes left before anything is allocated, and nesting is
//! limited, so truncated or hostile input is an error, never a panic or a huge allocation.

use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};

use super::geom::type_code;

/// Why a geometry could not be decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeomError {
    #[error("geometry blob is truncated (needed {needed} bytes at offset {at})")]
    Truncated { needed: usize, at: usize },
    #[error("not a GeoPackage geometry (no 'GP' magic)")]
    BadMagic,
    #[error("unsupported GeoPackage geometry version {0}")]
    BadVersion(u8),
    #[error("invalid envelope code {0} in the GeoPackage geometry header")]
    BadEnvelope(u8),
    #[error("extended GeoPackage geometries are not supported")]
    Extended,
    #[error("invalid WKB byte order marker {0}")]
    BadByteOrder(u8),
    #[error("unsupported WKB geometry type {0} (curves, surfaces and TINs are not supported)")]
    UnsupportedType(u32),
    #[error("a {parent} may not contain WKB type {child}")]
    WrongMember { parent: &'static str, child: u32 },
    #[error("geometry collections nested deeper than {0} levels")]
    TooDeep(usize),
    #[error("{0} unexpected bytes after the geometry")]
    TrailingBytes(usize),
}

const MAX_DEPTH: usize = 32;

/// Reads bytes front to back; every read is bounds-checked.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], GeomError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or(GeomError::Truncated {
            needed: n,
            at: self.pos,
        })?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn u8(&mut self) -> Result<u8, GeomError> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self, le: bool) -> Result<u32, GeomError> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    pub fn f64(&mut self, le: bool) -> Result<f64, GeomError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(if le {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count of items of at least `min_item_bytes` each, checked against the bytes left.
    fn count(&mut self, le: bool, min_item_bytes: usize) -> Result<usize, GeomError> {
        let n = self.u32(le)? as usize;
        let needed = n.saturating_mul(min_item_bytes);
        if needed > self.remaining() {
            return Err(GeomError::Truncated {
                needed,
                at: self.pos,
            });
        }
        Ok(n)
    }
}

/// Decodes one WKB geometry that must fill `bytes` exactly.
pub fn read_wkb(bytes: &[u8]) -> Result<Geometry<f64>, GeomError> {
    let mut r = Reader::new(bytes);
    let g = read_geometry(&mut r, 0)?;
    match r.remaining() {
        0 => Ok(g),
        n => Err(GeomError::TrailingBytes(n)),
    }
}

/// Byte order, base type (1-7) and number of doubles per coordinate.
fn read_header(r: &mut Reader<'_>) -> Result<(bool, u32, usize), GeomError> {
    let le = match r.u8()? {
        0 => false,
        1 => true,
        b => return Err(GeomError::BadByteOrder(b)),
    };
    let code = r.u32(le)?;
    let mut dims = 2;
    dims += usize::from(code & 0x8000_0000 != 0) + usize::from(code & 0x4000_0000 != 0);
    if code & 0x2000_0000 != 0 {
        r.take(4)?; // EWKB SRID: not GeoPackage, but harmless to skip
    }
    let iso = code & 0x0FFF_FFFF;
    dims += match iso / 1000 {
        0 => 0,
        1 | 2 => 1,
        3 => 2,
        _ => return Err(GeomError::UnsupportedType(code)),
    };
    let base = iso % 1000;
    if !(1..=7).contains(&base) {
        return Err(GeomError::UnsupportedType(code));
    }
    Ok((le, base, dims))
}

fn read_coord(r: &mut Reader<'_>, le: bool, dims: usize) -> Result<Coord<f64>, GeomError> {
    let x = r.f64(le)?;
    let y = r.f64(le)?;
    r.take(8 * (dims - 2))?;
    Ok(Coord { x, y })
}

fn read_line(r: &mut Reader<'_>, le: bool, dims: usize) -> Result<LineString<f64>, GeomError> {
    let n = r.count(le, 8 * dims)?;
    (0..n)
        .map(|_| read_coord(r, le, dims))
        .collect::<Result<Vec<_>, _>>()
        .map(LineString::new)
}

fn read_polygon(r: &mut Reader<'_>, le: bool, dims: usize) -> Result<Polygon<f64>, GeomError> {
    let n = r.count(le, 4)?;
    let mut rings = (0..n)
        .map(|_| read_line(r, le, dims))
        .collect::<Result<Vec<_>, _>>()?;
    if rings.is_empty() {
        return Ok(Polygon::new(LineString::new(vec![]), vec![]));
    }
    let exterior = rings.remove(0);
    Ok(Polygon::new(exterior, rings))
}

fn read_geometry(r: &mut Reader<'_>, depth: usize) -> Result<Geometry<f64>, GeomError> {
    if depth > MAX_DEPTH {
        return Err(GeomError::TooDeep(MAX_DEPTH));
    }
    let (le, base, dims) = read_header(r)?;
    Ok(match base {
        1 => Geometry::Point(Point(read_coord(r, le, dims)?)),
        2 => Geometry::LineString(read_line(r, le, dims)?),
        3 => Geometry::Polygon(read_polygon(r, le, dims)?),
        4..=7 => {
            // Every member is at least a byte-order byte and a type code.
            let n = r.count(le, 5)?;
            let mut members = Vec::with_capacity(n);
            for _ in 0..n {
                members.push(read_geometry(r, depth + 1)?);
            }
            collect_members(base, members)?
        }
        _ => return Err(GeomError::UnsupportedType(base)),
    })
}

fn collect_members(base: u32, members: Vec<Geometry<f64>>) -> Result<Geometry<f64>, GeomError> {
    let wrong = |parent: &'static str, g: &Geometry<f64>| GeomError::WrongMember {
        parent,
        child: type_code(g),
    };
    Ok(match base {
        4 => {
            let mut pts = Vec::with_capacity(members.len());
            for g in members {
                match g {
                    // An empty point inside a multipoint is written as NaN NaN: skip it.
                    Geometry::Point(p) if p.x().is_nan() && p.y().is_nan() => {}
                    Geometry::Point(p) => pts.push(p),
                    other => return Err(wrong("MultiPoint", &other)),
                }
            }
            Geometry::MultiPoint(MultiPoint::new(pts))
        }
        5 => Geometry::MultiLineString(MultiLineString::new(
            members
                .into_iter()
                .map(|g| match g {
                    Geometry::LineString(l) => Ok(l),
                    other => Err(wrong("MultiLineString", &other)),
                })
                .collect::<Result<_, _>>()?,
        )),
        6 => Geometry::MultiPolygon(MultiPolygon::new(
            members
                .into_iter()
                .map(|g| match g {
                    Geometry::Polygon(p) => Ok(p),
                    other => Err(wrong("MultiPolygon", &other)),
                })
                .collect::<Result<_, _>>()?,
        )),
        _ => Geometry::GeometryCollection(GeometryCollection::new_from(members)),
    })
}
