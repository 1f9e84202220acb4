//! Kernel density of the cases on a printed map, safe to hand out.
//!
//! Inputs: the cases (WGS84), a radius `radius_m` (metres), the smallest count shown `k`
//! (≥ 5, `privacy::MinCount`), the page's extent (WGS84) and language.
//! Values: the quartic kernel of `analysis::kde` (QGIS's heatmap formula) summed over the
//! cases within `radius_m` of a point, as expected cases per km² (raw × 3 / (π r²), r in km:
//! each case integrates to 1), evaluated at the centre of every image pixel of the map frame
//! (one pixel per [`PX_PT`] points; the frame's Web-Mercator pixel centre → WGS84 →
//! KRGJSH-2010 / Albania TM metres, where distances are true), so nothing is resampled.
//! Privacy: a pixel is coloured only when at least `k` cases lie within `radius_m` of it;
//! elsewhere it is transparent. A lone case, or a group smaller than k, draws nothing, and no
//! coloured pixel rests on fewer than k children.
//! Colours: viridis from 0 to `top` (`render::ramp`), `top` the 99th percentile of the shown
//! values over a 160 × 160 lattice of the extent (fixed when the layer is built, so the legend
//! is known before the page is laid out); semi-transparent so the basemap shows through.
//! Complexity: O(n log n) to build the tree; per page O(pixels · (log n + c)) for c cases
//! within the radius of a pixel, rows split over the cores.

use std::sync::Arc;

use rayon::prelude::*;

use super::frame::MapFrame;
use super::map_layers::{LegendEntry, PrintLayer, PrintShape, Swatch};
use super::{RasterImage, Rgba};
use crate::analysis::kde::quartic_raw;
use crate::analysis::kdtree::KdTree;
use crate::crs::Transformer;
use crate::model::Case;
use crate::render::mercator::wgs84_from_merc;
use crate::render::ramp::{colour_of, legend_stops, robust_top};

/// Page points per image pixel (48 dpi; the surface is smooth and drawn interpolated).
pub const PX_PT: f32 = 1.5;
/// Opacity of coloured pixels.
const ALPHA: u8 = 200;
/// Steps of the colour table.
const STEPS: usize = 256;

/// The density surface a printed page draws (cheap to clone).
#[derive(Clone)]
pub struct DensitySurface(Arc<Inner>);

struct Inner {
    tree: KdTree,
    radius_m: f64,
    k: usize,
    /// Raw kernel sum → cases per km².
    per_km2: f64,
    top: f64,
}

impl PartialEq for DensitySurface {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for DensitySurface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DensitySurface({} cases, r {} m, k {}, top {:.3}/km²)",
            self.0.tree.len(),
            self.0.radius_m,
            self.0.k,
            self.0.top
        )
    }
}

impl DensitySurface {
    /// The surface of `cases`, its colour ramp fitted to `extent_wgs84`; `None` when no place
    /// of the extent has k cases within the radius (nothing would be drawn).
    pub fn new(cases: &[Case], radius_m: f64, k: usize, extent_wgs84: [f64; 4]) -> Option<Self> {
        if !(radius_m.is_finite() && radius_m > 0.0) {
            return None;
        }
        let t = Transformer::wgs84_to_tm();
        let tree = KdTree::new(cases.iter().enumerate().filter_map(|(i, c)| {
            let (x, y) = t.point(c.pos_wgs84.x(), c.pos_wgs84.y()).ok()?;
            Some(([x, y], i as u32))
        }));
        let r_km = radius_m / 1000.0;
        let mut inner = Inner {
            tree,
            radius_m,
            k: k.max(1),
            per_km2: 3.0 / (std::f64::consts::PI * r_km * r_km),
            top: 0.0,
        };
        const N: usize = 160;
        let [x0, y0, x1, y1] = extent_wgs84;
        let values: Vec<f64> = (0..N * N)
            .into_par_iter()
            .filter_map(|i| {
                let lon = x0 + (x1 - x0) * ((i % N) as f64 + 0.5) / N as f64;
                let lat = y0 + (y1 - y0) * ((i / N) as f64 + 0.5) / N as f64;
                let (x, y) = t.point(lon, lat).ok()?;
                inner.value([x, y])
            })
            .collect();
        inner.top = robust_top(&values)?;
        Some(Self(Arc::new(inner)))
    }

    /// The top of the colour ramp (cases per km²).
    pub fn top_per_km2(&self) -> f64 {
        self.0.top
    }

    /// The density at a point (metres, Albania TM) in cases per km², `None` when fewer than
    /// k cases lie within the radius.
    pub fn value_at(&self, xy_tm: [f64; 2]) -> Option<f64> {
        self.0.value(xy_tm)
    }

    /// The image over `frame` and the rectangle (points) it covers.
    pub fn image(&self, frame: &MapFrame) -> Option<([f32; 4], RasterImage)> {
        let [x, y, w, h] = frame.rect;
        let (cols, rows) = ((w / PX_PT).ceil() as usize, (h / PX_PT).ceil() as usize);
        if cols == 0 || rows == 0 {
            return None;
        }
        let b = frame.merc_box();
        let (dx, dy) = ((b[2] - b[0]) / cols as f64, (b[3] - b[1]) / rows as f64);
        let lut = legend_stops(STEPS);
        let inner = &self.0;
        let rgba: Vec<u8> = (0..rows)
            .into_par_iter()
            .flat_map_iter(|r| {
                let t = Transformer::wgs84_to_tm();
                let lut = &lut;
                (0..cols).flat_map(move |c| {
                    let m = [b[0] + (c as f64 + 0.5) * dx, b[1] + (r as f64 + 0.5) * dy];
                    let [lon, lat] = wgs84_from_merc(m);
                    t.point(lon, lat)
                        .ok()
                        .and_then(|(px, py)| inner.value([px, py]))
                        .and_then(|v| colour_of(v, inner.top, ALPHA, lut))
                        .unwrap_or([0; 4])
                })
            })
            .collect();
        if rgba.iter().skip(3).step_by(4).all(|a| *a == 0) {
            return None;
        }
        let rect = [x, y, cols as f32 * PX_PT, rows as f32 * PX_PT];
        Some((rect, RasterImage::new(cols as u32, rows as u32, rgba)?))
    }
}

impl Inner {
    fn value(&self, q: [f64; 2]) -> Option<f64> {
        let (mut sum, mut n) = (0.0, 0usize);
        self.tree
            .within(q, self.radius_m * self.radius_m, &mut |_, d2| {
                sum += quartic_raw(d2.sqrt(), self.radius_m);
                n += 1;
            });
        (n >= self.k).then_some(sum * self.per_km2)
    }
}

/// The printed layer (key `density`): the surface and its legend — the colour ramp with its
/// range, and what is not shown.
pub fn density_layer(
    cases: &[Case],
    radius_m: f64,
    k: usize,
    extent_wgs84: [f64; 4],
    sq: bool,
) -> Option<PrintLayer> {
    let surface = DensitySurface::new(cases, radius_m, k, extent_wgs84)?;
    let km = radius_m / 1000.0;
    let top = surface.top_per_km2();
    let top = if top >= 10.0 {
        format!("{top:.0}")
    } else {
        format!("{top:.1}")
    };
    let stops = legend_stops(12)
        .into_iter()
        .map(|c| Rgba(c[0], c[1], c[2], ALPHA))
        .collect();
    let legend = vec![
        LegendEntry {
            swatch: Swatch::Ramp { stops },
            label: if sq {
                format!("0 – {top}+ raste për km²")
            } else {
                format!("0 – {top}+ cases per km²")
            },
        },
        LegendEntry {
            swatch: Swatch::Fill {
                fill: Rgba(0, 0, 0, 0),
                stroke: None,
            },
            label: if sq {
                format!("< {k} raste brenda {km} km: nuk shfaqet")
            } else {
                format!("< {k} cases within {km} km: not shown")
            },
        },
    ];
    Some(PrintLayer {
        key: "density",
        title: if sq {
            format!("Dendësia e rasteve (bërthamë kuartike, rrezja {km} km)")
        } else {
            format!("Case density (quartic kernel, radius {km} km)")
        },
        shapes: vec![PrintShape::Density(surface)],
        legend,
    })
}

#[cfg(test)]
#[path = "density_tests.rs"]
mod tests;
