//! Kernel density of cases, computed the way QGIS's Heatmap (kernel density estimation)
//! builds its raster, so a planner can check our map against QGIS.
//!
//! Inputs: points in a metric CRS (`xy_m`, e.g. KRGJSH-2010 / Albania TM metres), optional
//! weights (one per point), a radius `radius_m` and a pixel size `pixel_m` in metres.
//! Grid (as QGIS): the points' extent grown by the radius on every side;
//! `cols = ceil(width / pixel) + 1`, `rows = ceil(height / pixel) + 1`; origin at the top-left
//! corner (xmin, ymax); row 0 is the northernmost; each value is the kernel sum at the true
//! pixel centre (xmin + (col + ½)·pixel, ymax − (row + ½)·pixel).
//! Kernel: quartic (biweight). Raw output, as QGIS's "raw" values: K(d) = (1 − (d/r)²)² for
//! d ≤ r, times the point's weight; its integral over the disc is π r²/3, so each point adds
//! about π r²/(3·pixel²) to the raster sum. Density output: expected cases per km², the raw
//! value × 3/(π r²) with r in km (each point then integrates to its weight).
//! Complexity: O(n · (2r/pixel + 1)²) time split over the cores, O(cols · rows) memory;
//! progress and cancel are checked every 4,096 points (see `kde_bands.rs` for the banded,
//! deterministic parallel accumulation).

use crate::progress::{Cancelled, Progress};

/// What the raster holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DensityOutput {
    /// Sum of (weighted) quartic kernel values, as QGIS's raw output.
    Raw,
    /// Expected cases per square kilometre.
    PerKm2,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KdeConfig {
    pub radius_m: f64,
    pub pixel_m: f64,
    pub output: DensityOutput,
}

/// A north-up raster in the points' CRS.
#[derive(Debug, Clone, PartialEq)]
pub struct DensityGrid {
    /// West edge of the first column (metres).
    pub xmin: f64,
    /// North edge of the first row (metres).
    pub ymax: f64,
    pub pixel_m: f64,
    pub cols: usize,
    pub rows: usize,
    /// Row-major, row 0 north.
    pub values: Vec<f64>,
}

impl DensityGrid {
    /// Where this raster's pixels are.
    pub fn spec(&self) -> GridSpec {
        GridSpec {
            xmin: self.xmin,
            ymax: self.ymax,
            pixel_m: self.pixel_m,
            cols: self.cols,
            rows: self.rows,
        }
    }

    pub fn get(&self, col: usize, row: usize) -> f64 {
        self.values[row * self.cols + col]
    }

    /// Centre of a pixel (metres).
    pub fn centre(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.xmin + (col as f64 + 0.5) * self.pixel_m,
            self.ymax - (row as f64 + 0.5) * self.pixel_m,
        ]
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KdeError {
    #[error(
        "the radius (1 mm to 10,000 km) and the pixel size must be positive metres (radius {radius_m}, pixel {pixel_m})"
    )]
    BadParameters { radius_m: f64, pixel_m: f64 },
    #[error("there are no points to estimate a density from")]
    NoPoints,
    #[error("{0} weights for {1} points")]
    WeightCount(usize, usize),
    #[error("the raster would have {0} cells; use a larger pixel size")]
    TooLarge(usize),
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for KdeError {
    fn from(_: Cancelled) -> Self {
        KdeError::Cancelled
    }
}

/// Smallest and largest kernel radius (metres): 1 mm to 10,000 km.
pub const MIN_RADIUS_M: f64 = 1e-3;
pub const MAX_RADIUS_M: f64 = 1e7;

/// Most cells a raster may have (about 1.6 GB of f64).
pub const MAX_CELLS: usize = 200_000_000;

/// The quartic kernel's raw value at distance `d_m` for radius `r_m` (0 beyond the radius).
pub fn quartic_raw(d_m: f64, r_m: f64) -> f64 {
    if d_m > r_m {
        return 0.0;
    }
    let u = d_m / r_m;
    (1.0 - u * u).powi(2)
}

/// A north-up grid in a metric CRS: where a raster's pixels are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridSpec {
    /// West edge of the first column (metres).
    pub xmin: f64,
    /// North edge of the first row (metres).
    pub ymax: f64,
    pub pixel_m: f64,
    pub cols: usize,
    pub rows: usize,
}

impl GridSpec {
    /// The grid QGIS's heatmap builds for these points: their extent grown by `radius_m`,
    /// `cols = ceil(width / pixel) + 1`, `rows = ceil(height / pixel) + 1`, top-left origin.
    pub fn qgis(points_xy_m: &[[f64; 2]], radius_m: f64, pixel_m: f64) -> Result<Self, KdeError> {
        check_parameters(radius_m, pixel_m)?;
        let mut ext = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for &[x, y] in points_xy_m
            .iter()
            .filter(|p| p.iter().all(|v| v.is_finite()))
        {
            ext = [ext[0].min(x), ext[1].min(y), ext[2].max(x), ext[3].max(y)];
        }
        if ext[0] > ext[2] {
            return Err(KdeError::NoPoints);
        }
        let (xmin, ymin) = (ext[0] - radius_m, ext[1] - radius_m);
        let (xmax, ymax) = (ext[2] + radius_m, ext[3] + radius_m);
        let grid = Self {
            xmin,
            ymax,
            pixel_m,
            cols: ((xmax - xmin) / pixel_m).ceil() as usize + 1,
            rows: ((ymax - ymin) / pixel_m).ceil() as usize + 1,
        };
        grid.check_size()?;
        Ok(grid)
    }

    /// A grid covering `[xmin, ymin, xmax, ymax]` (metres) with `pixel_m` pixels, top-left origin.
    pub fn covering(extent_m: [f64; 4], pixel_m: f64) -> Result<Self, KdeError> {
        check_parameters(1.0, pixel_m)?;
        let [xmin, ymin, xmax, ymax] = extent_m;
        if !(extent_m.iter().all(|v| v.is_finite()) && xmax > xmin && ymax > ymin) {
            return Err(KdeError::NoPoints);
        }
        let grid = Self {
            xmin,
            ymax,
            pixel_m,
            cols: ((xmax - xmin) / pixel_m).ceil() as usize,
            rows: ((ymax - ymin) / pixel_m).ceil() as usize,
        };
        grid.check_size()?;
        Ok(grid)
    }

    fn check_size(&self) -> Result<(), KdeError> {
        let cells = self.cols.saturating_mul(self.rows);
        if cells > MAX_CELLS {
            return Err(KdeError::TooLarge(cells));
        }
        Ok(())
    }

    pub fn cells(&self) -> usize {
        self.cols * self.rows
    }

    /// Centre of a pixel (metres).
    pub fn centre(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.xmin + (col as f64 + 0.5) * self.pixel_m,
            self.ymax - (row as f64 + 0.5) * self.pixel_m,
        ]
    }

    /// The pixel holding a point, if it is on the grid.
    pub fn cell_of(&self, xy_m: [f64; 2]) -> Option<(usize, usize)> {
        let c = ((xy_m[0] - self.xmin) / self.pixel_m).floor();
        let r = ((self.ymax - xy_m[1]) / self.pixel_m).floor();
        (c >= 0.0 && r >= 0.0 && (c as usize) < self.cols && (r as usize) < self.rows)
            .then_some((c as usize, r as usize))
    }
}

fn check_parameters(radius_m: f64, pixel_m: f64) -> Result<(), KdeError> {
    if radius_m.is_finite() && pixel_m.is_finite() && radius_m > 0.0 && pixel_m > 0.0 {
        Ok(())
    } else {
        Err(KdeError::BadParameters { radius_m, pixel_m })
    }
}

/// Kernel density of `points_xy_m` (weights default to 1) on the grid QGIS would build.
pub fn kernel_density(
    points_xy_m: &[[f64; 2]],
    weights: Option<&[f64]>,
    config: &KdeConfig,
    progress: &dyn Progress,
) -> Result<DensityGrid, KdeError> {
    let grid = GridSpec::qgis(points_xy_m, config.radius_m, config.pixel_m)?;
    kernel_density_on(points_xy_m, weights, config, grid, progress)
}

/// Kernel density of `points_xy_m` on a given grid (`config.pixel_m` is ignored: the grid's
/// pixel is used). Points off the grid still add to the pixels within their radius.
pub fn kernel_density_on(
    points_xy_m: &[[f64; 2]],
    weights: Option<&[f64]>,
    config: &KdeConfig,
    grid: GridSpec,
    progress: &dyn Progress,
) -> Result<DensityGrid, KdeError> {
    let (r, p) = (config.radius_m, grid.pixel_m);
    check_parameters(r, p)?;
    // Beyond these the kernel's 1/r⁴ scale over- or underflows.
    if !(MIN_RADIUS_M..=MAX_RADIUS_M).contains(&r) {
        return Err(KdeError::BadParameters {
            radius_m: r,
            pixel_m: p,
        });
    }
    grid.check_size()?;
    if let Some(w) = weights
        && w.len() != points_xy_m.len()
    {
        return Err(KdeError::WeightCount(w.len(), points_xy_m.len()));
    }
    if !points_xy_m.iter().any(|p| p.iter().all(|v| v.is_finite())) {
        return Err(KdeError::NoPoints);
    }
    let scale = match config.output {
        DensityOutput::Raw => 1.0,
        DensityOutput::PerKm2 => 3.0 / (std::f64::consts::PI * (r / 1000.0).powi(2)),
    };
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]) * scale;
    let values = bands::accumulate(points_xy_m, &weight, r, grid, progress)?;
    let GridSpec {
        xmin,
        ymax,
        cols,
        rows,
        ..
    } = grid;
    Ok(DensityGrid {
        xmin,
        ymax,
        pixel_m: p,
        cols,
        rows,
        values,
    })
}

#[path = "kde_bands.rs"]
mod bands;

#[cfg(test)]
#[path = "kde_tests.rs"]
mod tests;
