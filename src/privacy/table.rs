//! Secondary suppression for a two-way table with row totals, column totals and a grand total
//! (municipalities × case status with the national row, for example).
//!
//! Input: the interior counts (`rows × cols`, row-major) and k; the totals are computed.
//! The table is held "augmented": `(rows + 1) × (cols + 1)` cells, the last column the row
//! totals, the last row the column totals, the corner the grand total; all of them can be
//! hidden. With the margins' signs flipped every line of the augmented table sums to zero,
//! so a different table consistent with the published cells is the true one plus
//! alternating cycles of ±1 over hidden cells (the constraint matrix is a bipartite incidence
//! matrix, hence totally unimodular, and a difference of two integer tables splits into
//! conformal cycles). A hidden cell is therefore determined exactly when no cycle through it
//! can move by ±1 within what the attacker knows ([`super::Suppression::bounds`]); that is a
//! path search in the residual graph (rows and columns as nodes), as in network flows.
//!
//! Algorithm: primary suppression; then repeat until stable: (1) every line (row or column,
//! totals included) with exactly one hidden cell gets the smallest non-zero shown cell of
//! that line, preferring one whose crossing line also has a single hidden cell (one choice
//! fixes two lines); (2) once every line is settled, each hidden cell is checked exactly, and a
//! determined one gets the smallest non-zero shown cell of its row or column (else of the
//! table). Both steps take an interior cell before a total and a total before the grand
//! total (totals are what planners read most). Deterministic (ties by position). Complexity: each check is a breadth-first search,
//! O((r + c)·max(r, c)); at most r·c cells are added, so O((rc)²·(r + c)) in the worst case;
//! tables of the 61 municipalities take milliseconds.

use std::collections::VecDeque;

use super::{MinCount, Suppression, can_move, primary};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {rows} × {cols} table needs {} counts (got {got})", rows * cols)]
pub struct ShapeError {
    pub rows: usize,
    pub cols: usize,
    pub got: usize,
}

/// A table with its margins and how each cell is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarginTable {
    rows: usize,
    cols: usize,
    values: Vec<u64>,
    marks: Vec<Suppression>,
}

impl MarginTable {
    /// The table of `interior` counts (row-major), its totals computed, nothing hidden yet.
    pub fn new(rows: usize, cols: usize, interior: &[u64]) -> Result<Self, ShapeError> {
        if interior.len() != rows * cols {
            return Err(ShapeError {
                rows,
                cols,
                got: interior.len(),
            });
        }
        let w = cols + 1;
        let mut values = vec![0u64; (rows + 1) * w];
        for r in 0..rows {
            for c in 0..cols {
                let v = interior[r * cols + c];
                values[r * w + c] = v;
                values[r * w + cols] += v;
                values[rows * w + c] += v;
                values[rows * w + cols] += v;
            }
        }
        Ok(Self {
            rows,
            cols,
            marks: vec![Suppression::Shown; values.len()],
            values,
        })
    }

    /// Interior rows (the totals row has index `rows()`).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Interior columns (the totals column has index `cols()`).
    pub fn cols(&self) -> usize {
        self.cols
    }

    fn at(&self, r: usize, c: usize) -> usize {
        r * (self.cols + 1) + c
    }

    /// The count at `r` in 0..=rows, `c` in 0..=cols (totals included).
    pub fn value(&self, r: usize, c: usize) -> u64 {
        self.values[self.at(r, c)]
    }

    pub fn mark(&self, r: usize, c: usize) -> Suppression {
        self.marks[self.at(r, c)]
    }

    /// Hides a cell as `mark` (for cells shared with another table); never un-hides.
    pub fn hide(&mut self, r: usize, c: usize, mark: Suppression) {
        let i = self.at(r, c);
        if !self.marks[i].is_hidden() {
            self.marks[i] = mark;
        }
    }

    /// Hidden cells, totals included.
    pub fn hidden(&self) -> usize {
        self.marks.iter().filter(|m| m.is_hidden()).count()
    }

    /// +1 for interior cells and the grand total, −1 for the margins (see the module docs).
    fn sign(&self, r: usize, c: usize) -> i64 {
        if (r == self.rows) != (c == self.cols) {
            -1
        } else {
            1
        }
    }

    /// Applies primary and secondary suppression (see the module documentation).
    pub fn suppress(&mut self, k: MinCount) {
        for i in 0..self.values.len() {
            if self.marks[i] == Suppression::Shown {
                self.marks[i] = primary(self.values[i], k);
            }
        }
        self.mask_small_lines(k);
        let mut hopeless = vec![false; self.values.len()];
        loop {
            if self.settle_lines() {
                continue;
            }
            let stuck = (0..=self.rows)
                .flat_map(|r| (0..=self.cols).map(move |c| (r, c)))
                .find(|&(r, c)| {
                    !hopeless[self.at(r, c)] && self.determined(r, c, k) && {
                        let fixable = self.fixable(r, c, k);
                        hopeless[self.at(r, c)] = !fixable;
                        fixable
                    }
                });
            let Some((r, c)) = stuck else { break };
            let line = (0..=self.cols)
                .map(|c2| (r, c2))
                .chain((0..=self.rows).map(|r2| (r2, c)));
            let pick = self.smallest_shown(line).or_else(|| {
                let all = (0..=self.rows).flat_map(|r| (0..=self.cols).map(move |c| (r, c)));
                self.smallest_shown(all)
            });
            match pick {
                Some((r, c)) => self.hide(r, c, Suppression::Secondary),
                None => break,
            }
        }
    }

    /// The breakdown of a row or column whose total is primary: every cell below k is
    /// [`Suppression::Masked`], zeros included.
    fn mask_small_lines(&mut self, k: MinCount) {
        let small = |n: u64| n < u64::from(k.get());
        for r in 0..self.rows {
            if self.mark(r, self.cols) == Suppression::Primary {
                for c in 0..self.cols {
                    if small(self.value(r, c)) {
                        let i = self.at(r, c);
                        self.marks[i] = Suppression::Masked;
                    }
                }
            }
        }
        for c in 0..self.cols {
            if self.mark(self.rows, c) == Suppression::Primary {
                for r in 0..self.rows {
                    if small(self.value(r, c)) {
                        let i = self.at(r, c);
                        self.marks[i] = Suppression::Masked;
                    }
                }
            }
        }
    }

    /// Whether hiding every other non-zero cell would protect `(r, c)` (else hiding more is
    /// pointless for it).
    fn fixable(&self, r: usize, c: usize, k: MinCount) -> bool {
        let mut all = self.clone();
        for i in 0..all.values.len() {
            if !all.marks[i].is_hidden() && all.values[i] > 0 {
                all.marks[i] = Suppression::Secondary;
            }
        }
        !all.determined(r, c, k)
    }

    fn smallest_shown(
        &self,
        cells: impl Iterator<Item = (usize, usize)>,
    ) -> Option<(usize, usize)> {
        cells
            .filter(|&(r, c)| !self.mark(r, c).is_hidden() && self.value(r, c) > 0)
            .min_by_key(|&(r, c)| (self.cost(r, c), self.value(r, c), r, c))
    }

    /// Totals are the most useful numbers: an interior cell is hidden before a row or
    /// column total, and those before the grand total.
    fn cost(&self, r: usize, c: usize) -> u8 {
        u8::from(r == self.rows) + u8::from(c == self.cols)
    }

    fn line_hidden(&self, row: Option<usize>, col: Option<usize>) -> usize {
        match (row, col) {
            (Some(r), _) => (0..=self.cols)
                .filter(|&c| self.mark(r, c).is_hidden())
                .count(),
            (_, Some(c)) => (0..=self.rows)
                .filter(|&r| self.mark(r, c).is_hidden())
                .count(),
            _ => 0,
        }
    }

    /// Step (1): one pass over the lines; true when a cell was hidden.
    fn settle_lines(&mut self) -> bool {
        let mut changed = false;
        let lines: Vec<(Option<usize>, Option<usize>)> = (0..=self.rows)
            .map(|r| (Some(r), None))
            .chain((0..=self.cols).map(|c| (None, Some(c))))
            .collect();
        for (row, col) in lines {
            if self.line_hidden(row, col) != 1 {
                continue;
            }
            let cells: Vec<(usize, usize)> = match (row, col) {
                (Some(r), _) => (0..=self.cols).map(|c| (r, c)).collect(),
                (_, Some(c)) => (0..=self.rows).map(|r| (r, c)).collect(),
                _ => continue,
            };
            let pick = cells
                .into_iter()
                .filter(|&(r, c)| !self.mark(r, c).is_hidden() && self.value(r, c) > 0)
                .min_by_key(|&(r, c)| {
                    let crossing = match row {
                        Some(_) => self.line_hidden(None, Some(c)),
                        None => self.line_hidden(Some(r), None),
                    };
                    (self.cost(r, c), crossing != 1, self.value(r, c), r, c)
                });
            if let Some((r, c)) = pick {
                self.hide(r, c, Suppression::Secondary);
                changed = true;
            }
        }
        changed
    }

    /// Whether the hidden cell `(r, c)` is recoverable from everything published (exact).
    pub fn determined(&self, r: usize, c: usize, k: MinCount) -> bool {
        let m = self.mark(r, c);
        if !m.is_hidden() {
            return false;
        }
        let (v, s) = (self.value(r, c), self.sign(r, c));
        // y(r, c) + 1 goes row r → column c; the cycle closes with a path column c → row r.
        let up = can_move(v, m, k, s) && self.path(self.col_node(c), r, (r, c), k);
        let down = can_move(v, m, k, -s) && self.path(r, self.col_node(c), (r, c), k);
        !(up || down)
    }

    fn col_node(&self, c: usize) -> usize {
        self.rows + 1 + c
    }

    /// A residual path from node `from` to node `to` avoiding cell `skip`: a row node
    /// leaves by a hidden cell whose y can rise, a column node by one whose y can fall.
    fn path(&self, from: usize, to: usize, skip: (usize, usize), k: MinCount) -> bool {
        let n = self.rows + 1 + self.cols + 1;
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([from]);
        seen[from] = true;
        while let Some(node) = queue.pop_front() {
            if node == to {
                return true;
            }
            let steps: Vec<(usize, usize, usize)> = if node <= self.rows {
                (0..=self.cols)
                    .map(|c| (node, c, self.col_node(c)))
                    .collect()
            } else {
                let c = node - self.rows - 1;
                (0..=self.rows).map(|r| (r, c, r)).collect()
            };
            let rising = node <= self.rows;
            for (r, c, next) in steps {
                if (r, c) == skip || seen[next] {
                    continue;
                }
                let s = self.sign(r, c);
                let delta = if rising { s } else { -s };
                if can_move(self.value(r, c), self.mark(r, c), k, delta) {
                    seen[next] = true;
                    queue.push_back(next);
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Suppression::*;

    #[test]
    fn margins_are_computed_and_shapes_checked() {
        let t = MarginTable::new(2, 3, &[1, 2, 3, 4, 5, 6]).unwrap();
        assert_eq!(t.value(0, 3), 6);
        assert_eq!(t.value(2, 1), 7);
        assert_eq!(t.value(2, 3), 21);
        assert!(MarginTable::new(2, 3, &[1, 2]).is_err());
    }

    #[test]
    fn one_small_cell_hides_a_rectangle() {
        let k = MinCount::DEFAULT;
        let mut t = MarginTable::new(3, 3, &[2, 10, 20, 30, 40, 50, 60, 70, 80]).unwrap();
        t.suppress(k);
        assert_eq!(t.mark(0, 0), Primary);
        // Row 0 and column 0 each need a second hidden cell, and the cycle must close.
        assert!(t.hidden() >= 4, "{t:?}");
        for r in 0..=3 {
            for c in 0..=3 {
                assert!(!t.determined(r, c, k), "({r},{c}) determined: {t:?}");
                if t.mark(r, c) == Shown {
                    continue;
                }
                assert!(t.value(r, c) > 0);
            }
        }
        // The smallest rectangle: 2 and 10 in row 0, 30 and 40 in row 1; totals all shown.
        assert_eq!(t.hidden(), 4, "{t:?}");
        for (r, c) in [(0, 1), (1, 0), (1, 1)] {
            assert_eq!(t.mark(r, c), Secondary, "({r},{c}): {t:?}");
        }
    }
}
