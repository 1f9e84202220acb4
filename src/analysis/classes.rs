//! Risk classes: low / medium / high / very high from a 0–100 risk score.
//!
//! Inputs: a score raster (NaN = no data) and a [`ClassMethod`]: three manual thresholds
//! (default 25, 50, 75) or quartiles of the land cells whose score is above 0.
//! Rule: class = 1 + the number of thresholds t with score ≥ t, so score < t₁ is low (1),
//! t₁ ≤ score < t₂ medium (2), t₂ ≤ score < t₃ high (3), score ≥ t₃ very high (4); a NaN
//! cell is 0 (no data). Quantile thresholds are the nearest-rank 25th, 50th and 75th
//! percentiles; when ties make a threshold equal to the previous one (e.g. the many remote
//! cells whose only factor is "far from services"), it is instead the nearest-rank quantile
//! that splits the scores above the previous threshold equally among the classes from the
//! previous one up, so no class is empty unless fewer than four distinct scores exist (then
//! the missing thresholds are +∞, written as null in JSON). Complexity: O(n log n) for the sort of the positive scores, O(cells) to classify.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::kde::GridSpec;

/// How the class thresholds are chosen (saved with the run).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum ClassMethod {
    /// Scores at which medium, high and very high begin (increasing, within 0..=100).
    Manual { thresholds: [f64; 3] },
    /// Quartiles of the land cells with a score above 0.
    Quantiles,
}

impl Default for ClassMethod {
    fn default() -> Self {
        ClassMethod::Manual {
            thresholds: [25.0, 50.0, 75.0],
        }
    }
}

/// A risk class code: 0 no data, 1 low … 4 very high.
pub const CLASS_CODES: [&str; 5] = ["no_data", "low", "medium", "high", "very_high"];
/// English labels by class code.
pub const CLASS_LABELS_EN: [&str; 5] = ["no data", "low", "medium", "high", "very high"];
/// Albanian labels by class code.
pub const CLASS_LABELS_SQ: [&str; 5] = [
    "pa të dhëna",
    "i ulët",
    "i mesëm",
    "i lartë",
    "shumë i lartë",
];

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ClassError {
    #[error("the thresholds must increase within 0–100 (got {0:?})")]
    BadThresholds([f64; 3]),
    #[error("no land cell has a score above 0, so there are no quantiles")]
    NoScores,
    #[error("{0} scores for a grid of {1} cells")]
    Size(usize, usize),
}

/// One class per cell (0 = no data, 1 low … 4 very high) and the thresholds used.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRaster {
    pub grid: GridSpec,
    pub classes: Vec<u8>,
    pub thresholds: [f64; 3],
}

impl ClassRaster {
    pub fn get(&self, col: usize, row: usize) -> u8 {
        self.classes[row * self.grid.cols + col]
    }
}

/// The thresholds `method` gives for these scores.
pub fn thresholds(scores: &[f32], method: ClassMethod) -> Result<[f64; 3], ClassError> {
    match method {
        ClassMethod::Manual { thresholds: t } => {
            let ok = t.iter().all(|v| v.is_finite() && (0.0..=100.0).contains(v))
                && t[0] < t[1]
                && t[1] < t[2];
            if ok {
                Ok(t)
            } else {
                Err(ClassError::BadThresholds(t))
            }
        }
        ClassMethod::Quantiles => {
            let mut v: Vec<f32> = scores.iter().copied().filter(|s| *s > 0.0).collect();
            if v.is_empty() {
                return Err(ClassError::NoScores);
            }
            v.par_sort_unstable_by(f32::total_cmp);
            let mut out = [0.0; 3];
            let mut from = 0; // first index above the previous threshold
            for k in 0..3 {
                let q = (k + 1) as f64 / 4.0;
                let mut t = nearest_rank(&v, q);
                if k > 0 && t <= out[k - 1] {
                    // Ties: split what lies above the previous threshold equally among the
                    // classes left (a plateau of equal scores stays in one class).
                    let rest = &v[from..];
                    if rest.is_empty() {
                        t = f64::INFINITY;
                    } else {
                        t = nearest_rank(rest, 1.0 / (4 - k) as f64);
                    }
                }
                out[k] = t;
                from = v.partition_point(|x| f64::from(*x) <= t);
            }
            Ok(out)
        }
    }
}

/// Nearest-rank quantile of sorted values: the smallest with at least `q` of them ≤ it.
fn nearest_rank(sorted: &[f32], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    f64::from(sorted[rank - 1])
}

/// The class of one score under thresholds `t`.
pub fn class_of(score: f32, t: &[f64; 3]) -> u8 {
    if score.is_nan() {
        return 0;
    }
    1 + t.iter().filter(|t| f64::from(score) >= **t).count() as u8
}

/// Classifies a score raster (row-major on `grid`).
pub fn classify(
    grid: GridSpec,
    scores: &[f32],
    method: ClassMethod,
) -> Result<ClassRaster, ClassError> {
    if scores.len() != grid.cells() {
        return Err(ClassError::Size(scores.len(), grid.cells()));
    }
    let t = thresholds(scores, method)?;
    let classes = scores.par_iter().map(|s| class_of(*s, &t)).collect();
    Ok(ClassRaster {
        grid,
        classes,
        thresholds: t,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cols: usize, rows: usize) -> GridSpec {
        GridSpec {
            xmin: 0.0,
            ymax: 0.0,
            pixel_m: 100.0,
            cols,
            rows,
        }
    }

    #[test]
    fn manual_thresholds_bound_classes_from_below() {
        let s = [f32::NAN, 0.0, 24.9, 25.0, 49.99, 50.0, 74.0, 75.0, 100.0];
        let r = classify(grid(9, 1), &s, ClassMethod::default()).unwrap();
        assert_eq!(r.classes, [0, 1, 1, 2, 2, 3, 3, 4, 4]);
        assert_eq!(r.thresholds, [25.0, 50.0, 75.0]);
        assert_eq!(r.get(7, 0), 4);
    }

    #[test]
    fn bad_thresholds_are_refused() {
        for t in [[50.0, 25.0, 75.0], [10.0, 10.0, 20.0], [10.0, 20.0, 120.0]] {
            let m = ClassMethod::Manual { thresholds: t };
            assert_eq!(
                classify(grid(1, 1), &[1.0], m),
                Err(ClassError::BadThresholds(t))
            );
        }
        assert_eq!(
            classify(grid(2, 1), &[1.0], ClassMethod::default()),
            Err(ClassError::Size(1, 2))
        );
    }

    #[test]
    fn quantiles_split_positive_land_scores_into_quarters() {
        // 100 positive scores 1..=100, plus zeros and no-data cells that do not count.
        let mut s: Vec<f32> = (1..=100).map(|v| v as f32).collect();
        s.extend([0.0, 0.0, f32::NAN]);
        let r = classify(grid(s.len(), 1), &s, ClassMethod::Quantiles).unwrap();
        assert_eq!(r.thresholds, [25.0, 50.0, 75.0]);
        let count = |c: u8| r.classes.iter().filter(|v| **v == c).count();
        // 1..=24 and the two zeros low; 25..=49 medium; 50..=74 high; 75..=100 very high.
        assert_eq!(
            [count(0), count(1), count(2), count(3), count(4)],
            [1, 26, 25, 25, 26]
        );
        assert_eq!(
            classify(grid(2, 1), &[0.0, f32::NAN], ClassMethod::Quantiles),
            Err(ClassError::NoScores)
        );
    }

    #[test]
    fn quantile_ties_split_what_lies_above_them() {
        // 60 cells at 20 (a plateau), then 21..=40 once each, plus a few below.
        let mut s: Vec<f32> = vec![20.0; 60];
        s.extend((21..=40).map(|v| v as f32));
        s.extend([5.0, 6.0, 7.0]);
        let r = classify(grid(s.len(), 1), &s, ClassMethod::Quantiles).unwrap();
        // q25 = 20; q50 = 20 again → the 20 values above 20 (21..=40) in thirds: nearest rank
        // 7 → 27; q75 = 20 ≤ 27 → the 13 values above 27 (28..=40) in halves: rank 7 → 34.
        assert_eq!(r.thresholds, [20.0, 27.0, 34.0]);
        let count = |c: u8| r.classes.iter().filter(|v| **v == c).count();
        assert_eq!([count(1), count(2), count(3), count(4)], [3, 66, 7, 7]);
        let flat = classify(grid(3, 1), &[20.0; 3], ClassMethod::Quantiles).unwrap();
        assert_eq!(flat.thresholds, [20.0, f64::INFINITY, f64::INFINITY]);
        assert_eq!(flat.classes, [2, 2, 2]);
    }

    #[test]
    fn method_is_saved_as_json() {
        let m = ClassMethod::default();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"method":"manual","thresholds":[25.0,50.0,75.0]}"#);
        assert_eq!(serde_json::from_str::<ClassMethod>(&json).unwrap(), m);
        let q = serde_json::to_string(&ClassMethod::Quantiles).unwrap();
        assert_eq!(q, r#"{"method":"quantiles"}"#);
    }
}
