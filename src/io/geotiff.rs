//! GeoTIFF writer for north-up rasters (kernel density, risk surfaces), readable by QGIS and
//! GDAL.
//!
//! Input: a raster of `cols × rows` f64 values, row 0 north, its top-left corner (`xmin`,
//! `ymax`) and square pixel size in the units of its CRS (metres for a projected CRS), the CRS
//! (an EPSG code) and an optional no-data value.
//! Output: a classic little-endian TIFF, one band of Float32 samples, uncompressed, in strips of
//! about 64 KB, georeferenced by ModelPixelScaleTag (33550), ModelTiepointTag (33922: pixel
//! corner (0, 0) → (xmin, ymax)) and GeoKeyDirectoryTag (34735: model type projected or
//! geographic, raster type PixelIsArea, the EPSG code), and GDAL_NODATA (42113, ASCII) when
//! given. Layout: header, one IFD, the tags' out-of-line values, then the strips.
//! The file is written to a temporary file beside it (`io::atomic`) and renamed when complete, so a failure never
//! leaves a partial `.tif` (the temporary file is removed).
//! Complexity: O(cols · rows) time, O(cols) extra memory (rows are converted as they are written).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::kde::DensityGrid;
use crate::crs::Crs;

/// A north-up raster to write (borrowed).
#[derive(Debug, Clone, Copy)]
pub struct RasterRef<'a> {
    /// West edge of the first column (CRS units).
    pub xmin: f64,
    /// North edge of the first row (CRS units).
    pub ymax: f64,
    /// Pixel width and height (CRS units).
    pub pixel_size: f64,
    pub cols: usize,
    pub rows: usize,
    /// Row-major, row 0 north.
    pub values: &'a [f64],
}

impl<'a> From<&'a DensityGrid> for RasterRef<'a> {
    fn from(g: &'a DensityGrid) -> Self {
        Self {
            xmin: g.xmin,
            ymax: g.ymax,
            pixel_size: g.pixel_m,
            cols: g.cols,
            rows: g.rows,
            values: &g.values,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GeoTiffError {
    #[error("cannot write a raster of {cols} × {rows} pixels with {values} values")]
    BadShape {
        cols: usize,
        rows: usize,
        values: usize,
    },
    #[error("the raster's origin and pixel size must be finite (pixel size > 0)")]
    BadGeoreference,
    #[error("the raster is too large for a GeoTIFF ({0} bytes; at most 4 GB)")]
    TooLarge(u64),
    #[error("cannot write the raster: {0}")]
    Write(std::io::Error),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// TIFF field types.
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const DOUBLE: u16 = 12;
/// Target bytes of one strip.
const STRIP_BYTES: usize = 64 * 1024;

/// Writes `raster` as a GeoTIFF at `path`, atomically (temporary file + rename).
pub fn write_geotiff(
    path: &Path,
    raster: RasterRef<'_>,
    crs: &Crs,
    nodata: Option<f64>,
) -> Result<(), GeoTiffError> {
    check(&raster)?;
    let io = |source| GeoTiffError::Io {
        path: path.to_path_buf(),
        source,
    };
    super::atomic::write_atomic(path, |out| {
        write_geotiff_to(out, raster, crs, nodata).map_err(|e| match e {
            GeoTiffError::Write(source) => io(source),
            other => other,
        })
    })
    .map_err(|e| match e {
        GeoTiffError::Write(source) => io(source),
        other => other,
    })
}

impl From<std::io::Error> for GeoTiffError {
    fn from(e: std::io::Error) -> Self {
        GeoTiffError::Write(e)
    }
}

fn check(raster: &RasterRef<'_>) -> Result<(), GeoTiffError> {
    let RasterRef { cols, rows, .. } = *raster;
    if cols == 0
        || rows == 0
        || cols > u32::MAX as usize
        || rows > u32::MAX as usize
        || cols.checked_mul(rows) != Some(raster.values.len())
    {
        return Err(GeoTiffError::BadShape {
            cols,
            rows,
            values: raster.values.len(),
        });
    }
    if !(raster.xmin.is_finite()
        && raster.ymax.is_finite()
        && raster.pixel_size.is_finite()
        && raster.pixel_size > 0.0)
    {
        return Err(GeoTiffError::BadGeoreference);
    }
    Ok(())
}

/// One IFD entry: tag, field type, count and the value bytes (little-endian).
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    bytes: Vec<u8>,
}

fn shorts(tag: u16, v: &[u16]) -> Entry {
    let bytes = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    Entry {
        tag,
        kind: SHORT,
        count: v.len() as u32,
        bytes,
    }
}

fn longs(tag: u16, v: &[u32]) -> Entry {
    let bytes = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    Entry {
        tag,
        kind: LONG,
        count: v.len() as u32,
        bytes,
    }
}

fn doubles(tag: u16, v: &[f64]) -> Entry {
    let bytes = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    Entry {
        tag,
        kind: DOUBLE,
        count: v.len() as u32,
        bytes,
    }
}

/// Writes the GeoTIFF bytes of `raster` to `out` (no temporary file; see [`write_geotiff`]).
pub fn write_geotiff_to(
    out: &mut impl Write,
    raster: RasterRef<'_>,
    crs: &Crs,
    nodata: Option<f64>,
) -> Result<(), GeoTiffError> {
    check(&raster)?;
    let (cols, rows) = (raster.cols, raster.rows);
    let row_bytes = cols * 4;
    let rows_per_strip = (STRIP_BYTES / row_bytes).clamp(1, rows);
    let strips = rows.div_ceil(rows_per_strip);
    let strip_counts: Vec<u32> = (0..strips)
        .map(|s| ((rows - s * rows_per_strip).min(rows_per_strip) * row_bytes) as u32)
        .collect();
    // GeoKeys: version 1.1.0; model type, raster type PixelIsArea, the CRS.
    let (model, crs_key) = if crs.is_geographic() {
        (2, 2048)
    } else {
        (1, 3072)
    };
    let epsg = u16::try_from(crs.epsg()).unwrap_or(32767); // 32767: user-defined
    let geokeys = [
        1, 1, 0, 3, //
        1024, 0, 1, model, //
        1025, 0, 1, 1, //
        crs_key, 0, 1, epsg,
    ];
    let mut entries = vec![
        longs(256, &[cols as u32]),
        longs(257, &[rows as u32]),
        shorts(258, &[32]),
        shorts(259, &[1]),
        shorts(262, &[1]),
        longs(273, &vec![0; strips]),
        shorts(277, &[1]),
        longs(278, &[rows_per_strip as u32]),
        longs(279, &strip_counts),
        shorts(284, &[1]),
        shorts(339, &[3]),
        doubles(33550, &[raster.pixel_size, raster.pixel_size, 0.0]),
        doubles(33922, &[0.0, 0.0, 0.0, raster.xmin, raster.ymax, 0.0]),
        shorts(34735, &geokeys),
    ];
    if let Some(v) = nodata {
        let mut bytes = format!("{v}").into_bytes();
        bytes.push(0);
        entries.push(Entry {
            tag: 42113,
            kind: ASCII,
            count: bytes.len() as u32,
            bytes,
        });
    }
    // Offsets: header (8), IFD, out-of-line values (word-aligned), strips.
    let ifd_len = 2 + 12 * entries.len() as u64 + 4;
    let extra: u64 = entries
        .iter()
        .filter(|e| e.bytes.len() > 4)
        .map(|e| e.bytes.len().next_multiple_of(2) as u64)
        .sum();
    let data_start = 8 + ifd_len + extra;
    let total = data_start + (cols * rows * 4) as u64;
    if total > u64::from(u32::MAX) {
        return Err(GeoTiffError::TooLarge(total));
    }
    let offsets: Vec<u32> = (0..strips)
        .map(|s| (data_start + (s * rows_per_strip * row_bytes) as u64) as u32)
        .collect();
    entries[5] = longs(273, &offsets);
    write_all(out, &entries, &raster).map_err(GeoTiffError::Write)
}

fn write_all(
    out: &mut impl Write,
    entries: &[Entry],
    raster: &RasterRef<'_>,
) -> std::io::Result<()> {
    out.write_all(b"II")?;
    out.write_all(&42u16.to_le_bytes())?;
    out.write_all(&8u32.to_le_bytes())?;
    out.write_all(&(entries.len() as u16).to_le_bytes())?;
    let mut next = 8 + 2 + 12 * entries.len() as u32 + 4;
    for e in entries {
        out.write_all(&e.tag.to_le_bytes())?;
        out.write_all(&e.kind.to_le_bytes())?;
        out.write_all(&e.count.to_le_bytes())?;
        if e.bytes.len() <= 4 {
            let mut v = [0u8; 4];
            v[..e.bytes.len()].copy_from_slice(&e.bytes);
            out.write_all(&v)?;
        } else {
            out.write_all(&next.to_le_bytes())?;
            next += e.bytes.len().next_multiple_of(2) as u32;
        }
    }
    out.write_all(&0u32.to_le_bytes())?; // no next IFD
    for e in entries.iter().filter(|e| e.bytes.len() > 4) {
        out.write_all(&e.bytes)?;
        if e.bytes.len() % 2 == 1 {
            out.write_all(&[0])?;
        }
    }
    let mut line = Vec::with_capacity(raster.cols * 4);
    for row in raster.values.chunks_exact(raster.cols) {
        line.clear();
        line.extend(row.iter().flat_map(|&v| (v as f32).to_le_bytes()));
        out.write_all(&line)?;
    }
    out.flush()
}

#[cfg(test)]
#[path = "geotiff_tests.rs"]
mod tests;
