//! GeoPackage geometry blobs (GeoPackage 1.4 §2.1.3, "StandardGeoPackageBinary").
//!
//! Layout: magic `GP`, version 0, a flags byte, `srs_id` (int32), an optional envelope, then
//! ISO WKB (see [`super::wkb`]). Flags: bit 0 byte order of the header (1 = little-endian),
//! bits 1-3 envelope code (0 none, 1 xy, 2 xyz, 3 xym, 4 xyzm: 0/4/6/6/8 doubles), bit 4
//! empty geometry, bit 5 ExtendedGeoPackageBinary (rejected).
//!
//! Writing: little-endian header and ISO WKB (2D, type codes 1-7), envelope code 1 `[min_x, max_x, min_y, max_y]`; a geometry with no
//! coordinates (or a NaN point) gets the empty flag and no envelope. Reading accepts either
//! byte order, every envelope code, the empty flag (→ `None`) and Z/M coordinates (dropped).
//! Coordinates are passed through unchanged: the project stores WGS84 degrees (srs_id 4326).

use geo::{BoundingRect, Coord, Geometry, Polygon};

pub use super::wkb::GeomError;
use super::wkb::{Reader, read_wkb};

/// What the header of a blob says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlobHeader {
    pub srs_id: i32,
    /// `[min_x, min_y, max_x, max_y]` when the blob carries an envelope.
    pub envelope: Option<[f64; 4]>,
    pub empty: bool,
    /// Where the WKB starts.
    pub wkb_offset: usize,
}

/// The xy bounding box `[min_x, min_y, max_x, max_y]` of a geometry; `None` when it has no
/// coordinates or a NaN one.
pub fn bbox(g: &Geometry<f64>) -> Option<[f64; 4]> {
    let r = g.bounding_rect()?;
    let b = [r.min().x, r.min().y, r.max().x, r.max().y];
    b.iter().all(|v| v.is_finite()).then_some(b)
}

/// Encodes `g` as a GeoPackage blob with `srs_id` (4326 for the project's layers).
pub fn encode(g: &Geometry<f64>, srs_id: i32) -> Vec<u8> {
    let env = bbox(g);
    let mut out = Vec::with_capacity(48);
    out.extend_from_slice(b"GP");
    out.push(0);
    out.push(match env {
        Some(_) => 0b0000_0011, // little-endian, envelope code 1 (xy)
        None => 0b0001_0001,    // little-endian, empty, no envelope
    });
    out.extend_from_slice(&srs_id.to_le_bytes());
    if let Some([min_x, min_y, max_x, max_y]) = env {
        for v in [min_x, max_x, min_y, max_y] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    write_wkb(g, &mut out);
    out
}

/// Reads the header of a blob (magic, version, flags, srs_id, envelope).
pub fn header(blob: &[u8]) -> Result<BlobHeader, GeomError> {
    let mut r = Reader::new(blob);
    if r.take(2)? != b"GP" {
        return Err(GeomError::BadMagic);
    }
    let version = r.u8()?;
    if version != 0 {
        return Err(GeomError::BadVersion(version));
    }
    let flags = r.u8()?;
    if flags & 0b0010_0000 != 0 {
        return Err(GeomError::Extended);
    }
    let le = flags & 1 == 1;
    let code = (flags >> 1) & 0b111;
    let srs_id = r.u32(le)? as i32;
    let doubles = match code {
        0 => 0,
        1 => 4,
        2 | 3 => 6,
        4 => 8,
        c => return Err(GeomError::BadEnvelope(c)),
    };
    let mut env = [0.0; 8];
    for v in env.iter_mut().take(doubles) {
        *v = r.f64(le)?;
    }
    Ok(BlobHeader {
        srs_id,
        // Every envelope starts with min_x, max_x, min_y, max_y.
        envelope: (doubles > 0).then_some([env[0], env[2], env[1], env[3]]),
        empty: flags & 0b0001_0000 != 0,
        wkb_offset: r.pos,
    })
}

/// Decodes a GeoPackage blob; `Ok(None)` for an empty geometry.
pub fn decode(blob: &[u8]) -> Result<Option<Geometry<f64>>, GeomError> {
    let h = header(blob)?;
    if h.empty {
        return Ok(None);
    }
    let g = read_wkb(&blob[h.wkb_offset..])?;
    if let Geometry::Point(p) = &g
        && p.x().is_nan()
        && p.y().is_nan()
    {
        return Ok(None);
    }
    Ok(Some(g))
}

// ---- WKB writing: little-endian, 2D, type codes 1-7 (Line → LineString; Rect and Triangle →
// Polygon; an empty polygon has 0 rings). Counts cannot exceed u32 in practice; clamped.

/// The WKB type code (1-7) a geometry is written as.
pub fn type_code(g: &Geometry<f64>) -> u32 {
    match g {
        Geometry::Point(_) => 1,
        Geometry::LineString(_) | Geometry::Line(_) => 2,
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => 3,
        Geometry::MultiPoint(_) => 4,
        Geometry::MultiLineString(_) => 5,
        Geometry::MultiPolygon(_) => 6,
        Geometry::GeometryCollection(_) => 7,
    }
}

/// Appends the little-endian 2D WKB of `g` to `out`.
pub fn write_wkb(g: &Geometry<f64>, out: &mut Vec<u8>) {
    write_header(type_code(g), out);
    match g {
        Geometry::Point(p) => write_coord(p.0, out),
        Geometry::Line(l) => write_coords(&[l.start, l.end], out),
        Geometry::LineString(l) => write_coords(&l.0, out),
        Geometry::Polygon(p) => write_polygon(p, out),
        Geometry::Rect(r) => write_polygon(&r.to_polygon(), out),
        Geometry::Triangle(t) => write_polygon(&t.to_polygon(), out),
        Geometry::MultiPoint(m) => {
            write_count(m.0.len(), out);
            for p in &m.0 {
                write_header(1, out);
                write_coord(p.0, out);
            }
        }
        Geometry::MultiLineString(m) => {
            write_count(m.0.len(), out);
            for l in &m.0 {
                write_header(2, out);
                write_coords(&l.0, out);
            }
        }
        Geometry::MultiPolygon(m) => {
            write_count(m.0.len(), out);
            for p in &m.0 {
                write_header(3, out);
                write_polygon(p, out);
            }
        }
        Geometry::GeometryCollection(c) => {
            write_count(c.0.len(), out);
            c.0.iter().for_each(|g| write_wkb(g, out));
        }
    }
}

fn write_header(code: u32, out: &mut Vec<u8>) {
    out.push(1);
    out.extend_from_slice(&code.to_le_bytes());
}

fn write_count(n: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn write_coord(c: Coord<f64>, out: &mut Vec<u8>) {
    out.extend_from_slice(&c.x.to_le_bytes());
    out.extend_from_slice(&c.y.to_le_bytes());
}

fn write_coords(cs: &[Coord<f64>], out: &mut Vec<u8>) {
    write_count(cs.len(), out);
    cs.iter().for_each(|c| write_coord(*c, out));
}

fn write_polygon(p: &Polygon<f64>, out: &mut Vec<u8>) {
    if p.exterior().0.is_empty() && p.interiors().is_empty() {
        write_count(0, out);
        return;
    }
    write_count(1 + p.interiors().len(), out);
    write_coords(&p.exterior().0, out);
    p.interiors().iter().for_each(|r| write_coords(&r.0, out));
}

#[cfg(test)]
mod tests;
