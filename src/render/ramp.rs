//! Colouring a numeric raster (kernel density, risk score) for the screen and for print:
//! values mapped linearly from 0 to a `top` value onto viridis, values above `top` clipped to
//! its brightest colour, zero and missing (NaN) values fully transparent so the map shows
//! through where there is nothing.
//!
//! `top` is usually [`robust_top`], the 99th percentile of the non-zero values: one very
//! dense town would otherwise leave every other place in the darkest colour.
//! Complexity: O(n) for colouring, O(n log n) for the percentile.

use crate::model::style::{Rgba, ramp};

/// Steps of the colour table.
const STEPS: usize = 256;

/// The 99th percentile of the finite, non-zero values (`None` when there are none).
pub fn robust_top(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x > 0.0)
        .collect();
    if v.is_empty() {
        return None;
    }
    let i = ((v.len() - 1) as f64 * 0.99).round() as usize;
    let (_, p, _) = v.select_nth_unstable_by(i, f64::total_cmp);
    Some(*p)
}

/// The colour of a value (`None`: transparent).
pub fn colour_of(value: f64, top: f64, alpha: u8, lut: &[Rgba]) -> Option<Rgba> {
    if !(value.is_finite() && value > 0.0 && top > 0.0) || lut.is_empty() {
        return None;
    }
    let t = (value / top).min(1.0);
    let i = ((t * (lut.len() - 1) as f64).round() as usize).min(lut.len() - 1);
    let c = lut[i];
    Some([c[0], c[1], c[2], alpha])
}

/// Row-major RGBA bytes (unpremultiplied) for `values`, `alpha` on coloured pixels.
pub fn raster_rgba(values: &[f64], top: f64, alpha: u8) -> Vec<u8> {
    let lut = ramp(STEPS);
    let mut out = vec![0u8; values.len() * 4];
    for (px, v) in out.chunks_exact_mut(4).zip(values) {
        if let Some(c) = colour_of(*v, top, alpha, &lut) {
            px.copy_from_slice(&c);
        }
    }
    out
}

/// The legend's colour stops: `n` colours from 0 to `top`.
pub fn legend_stops(n: usize) -> Vec<Rgba> {
    ramp(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_nan_are_transparent_and_the_top_is_brightest() {
        let px = raster_rgba(&[0.0, f64::NAN, 0.5, 1.0, 7.0], 1.0, 200);
        assert_eq!(&px[0..8], &[0; 8]);
        let lut = ramp(STEPS);
        assert_eq!(&px[12..16], &[lut[255][0], lut[255][1], lut[255][2], 200]);
        assert_eq!(&px[16..20], &px[12..16], "above the top is clipped");
        assert_ne!(&px[8..12], &px[12..16]);
        assert_eq!(px[11], 200);
    }

    #[test]
    fn the_top_ignores_zeros_and_one_outlier() {
        let mut v = vec![0.0; 1000];
        v.extend((1..=200).map(|i| i as f64));
        v.push(1e9);
        let top = robust_top(&v).expect("top");
        assert!((198.0..=200.0).contains(&top), "{top}");
        assert_eq!(robust_top(&[0.0, f64::NAN]), None);
    }
}
