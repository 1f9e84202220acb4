//! Secondary suppression for one level: counts whose total is published (hexagons of a
//! municipality whose total is printed, municipalities within Albania).
//!
//! Input: the counts and k. The total is published when it is 0 or at least k; a total of
//! 1..=k − 1 is itself primary, and then no equation links the cells (they only need the
//! primary rule). Algorithm: primary suppression, then while some hidden cell is determined,
//! hide the smallest non-zero shown cell (lowest index on ties). A hidden cell is determined
//! exactly when it can move neither up nor down: moving it by ±1 needs another hidden cell to
//! move by ∓1 within what the attacker knows (see [`super`]); with one equation that test is
//! exact. Complexity: O(n) per check, at most n additions: O(n²) worst case, O(n log n) typical.

use super::{MinCount, Suppression, can_move, primary};

/// The published form of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSuppression {
    /// One per input count, in input order.
    pub cells: Vec<Suppression>,
    /// The total's own marking (primary when 1..=k − 1).
    pub total: Suppression,
}

impl GroupSuppression {
    /// How many cells are hidden (primary and secondary).
    pub fn hidden(&self) -> usize {
        self.cells.iter().filter(|s| s.is_hidden()).count()
    }
}

/// Suppresses `counts` whose sum is published (see the module documentation).
pub fn suppress_group(counts: &[u64], k: MinCount) -> GroupSuppression {
    let total: u64 = counts.iter().sum();
    let mut cells: Vec<Suppression> = counts.iter().map(|&n| primary(n, k)).collect();
    let mut total_mark = primary(total, k);
    if total_mark.is_hidden() {
        return GroupSuppression {
            cells,
            total: total_mark,
        };
    }
    while let Some(_stuck) = (0..counts.len()).find(|&i| determined(counts, &cells, k, i)) {
        let pick = (0..counts.len())
            .filter(|&i| !cells[i].is_hidden() && counts[i] > 0)
            .min_by_key(|&i| (counts[i], i));
        match pick {
            Some(i) => cells[i] = Suppression::Secondary,
            None => {
                // Every non-zero cell is hidden and one is still pinned (e.g. 1 and 5 with
                // the total 6): the total must not be published.
                total_mark = Suppression::Secondary;
                break;
            }
        }
    }
    GroupSuppression {
        cells,
        total: total_mark,
    }
}

/// Whether hidden cell `i` is recoverable from the published cells, the total and the markers.
pub fn determined(counts: &[u64], cells: &[Suppression], k: MinCount, i: usize) -> bool {
    if !cells[i].is_hidden() {
        return false;
    }
    let other_can =
        |delta: i64| (0..counts.len()).any(|j| j != i && can_move(counts[j], cells[j], k, delta));
    let up = can_move(counts[i], cells[i], k, 1) && other_can(-1);
    let down = can_move(counts[i], cells[i], k, -1) && other_can(1);
    !(up || down)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Suppression::*;

    #[test]
    fn a_lone_small_cell_gets_a_partner() {
        let k = MinCount::DEFAULT;
        let g = suppress_group(&[3, 40, 12, 0, 9], k);
        assert_eq!(g.cells, vec![Primary, Shown, Shown, Shown, Secondary]);
        assert_eq!(g.total, Shown);
        assert_eq!(g.hidden(), 2);
    }

    #[test]
    fn two_ones_are_not_enough() {
        // 1 + 1 = 2 and "<5" means at least 1: both would be known.
        let k = MinCount::DEFAULT;
        let g = suppress_group(&[1, 1, 20, 7], k);
        assert_eq!(g.cells, vec![Primary, Primary, Shown, Secondary]);
        // 1 + 5: "x" means at least 5, so the 1 would be known; a third cell is hidden.
        let g = suppress_group(&[1, 5, 6, 30], k);
        assert_eq!(g.cells, vec![Primary, Secondary, Secondary, Shown]);
    }

    #[test]
    fn nothing_small_nothing_hidden_and_small_totals_stand_alone() {
        let k = MinCount::DEFAULT;
        let g = suppress_group(&[0, 5, 9], k);
        assert_eq!(g.hidden(), 0);
        let g = suppress_group(&[1, 5], k);
        assert_eq!(g.cells, vec![Primary, Secondary]);
        assert_eq!(g.total, Secondary, "1 + x = 6 with x >= 5 pins both");
        let g = suppress_group(&[1, 2, 0], k);
        assert_eq!(g.cells, vec![Primary, Primary, Shown]);
        assert_eq!(g.total, Primary);
    }
}
