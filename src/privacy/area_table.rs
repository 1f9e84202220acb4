//! Secondary suppression for a table of areas with a national row, the shape of the
//! municipal indicators: one total column (cases per area), *blocks* of columns that each split
//! that total (by status, by kind, by year) and single *columns* that are parts of the total
//! but only add up over the areas (cases near a day centre, near a CPU, near mines).
//!
//! Input: [`AreaTable`], counts per area (no national row: it is their sum). Output:
//! [`AreaMarks`], a [`Suppression`] per published count, the national row last.
//! Algorithm: each block is a [`MarginTable`] (areas × block, the total column as its row
//! totals, the national row as its column totals) and each single column a group
//! ([`suppress_group`]) with the national count as its total. The total column is shared by
//! all blocks: the blocks are suppressed in turn, each starting from the total column's
//! current marks, until no block hides another total. Each block and column is then protected
//! exactly on its own; an attacker combining blocks learns at most the intersection of each
//! total's ranges, which is why shared totals are hidden in every block alike.
//! Complexity: that of [`MarginTable::suppress`] per block, times the few rounds needed.

use super::group::suppress_group;
use super::table::MarginTable;
use super::{MinCount, Suppression};

/// Counts per area; every block row must add up to the area's total.
#[derive(Debug, Clone, Default)]
pub struct AreaTable {
    /// One per area.
    pub totals: Vec<u64>,
    /// `blocks[b][area][column]`.
    pub blocks: Vec<Vec<Vec<u64>>>,
    /// `columns[c][area]`.
    pub columns: Vec<Vec<u64>>,
}

/// How each count is published; every vector has the areas then the national row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaMarks {
    pub totals: Vec<Suppression>,
    /// `blocks[b][area][column]`.
    pub blocks: Vec<Vec<Vec<Suppression>>>,
    /// `columns[c][area]`.
    pub columns: Vec<Vec<Suppression>>,
}

impl AreaMarks {
    /// Hidden counts, all of them.
    pub fn hidden(&self) -> usize {
        let blocks = self.blocks.iter().flatten().flatten();
        let all = self
            .totals
            .iter()
            .chain(blocks)
            .chain(self.columns.iter().flatten());
        all.filter(|m| m.is_hidden()).count()
    }
}

/// Suppresses the table (see the module documentation).
pub fn suppress_area_table(t: &AreaTable, k: MinCount) -> AreaMarks {
    let areas = t.totals.len();
    let mut blocks: Vec<Vec<Vec<Suppression>>> = Vec::new();
    // The total column is a group over the areas (the blocks then add their own needs).
    let g = suppress_group(&t.totals, k);
    let mut totals: Vec<Suppression> = g.cells.into_iter().chain([g.total]).collect();
    for _round in 0..=areas + 1 {
        blocks.clear();
        let before = totals.clone();
        for block in &t.blocks {
            let width = block.first().map_or(0, Vec::len);
            let interior: Vec<u64> = block.iter().flat_map(|r| r.iter().copied()).collect();
            let Ok(mut table) = MarginTable::new(areas, width, &interior) else {
                continue;
            };
            for (a, m) in totals.iter().enumerate() {
                table.hide(a, width, *m);
            }
            table.suppress(k);
            for (a, m) in totals.iter_mut().enumerate() {
                if !m.is_hidden() {
                    *m = table.mark(a, width);
                }
            }
            blocks.push(
                (0..=areas)
                    .map(|a| (0..width).map(|c| table.mark(a, c)).collect())
                    .collect(),
            );
        }
        if totals == before {
            break;
        }
    }
    let columns = t
        .columns
        .iter()
        .map(|col| {
            let g = suppress_group(col, k);
            g.cells.into_iter().chain([g.total]).collect()
        })
        .collect();
    AreaMarks {
        totals,
        blocks,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_hidden_by_one_block_is_hidden_in_all() {
        let k = MinCount::DEFAULT;
        // Area 0 has 3 cases: its total is primary; both blocks must protect it.
        let t = AreaTable {
            totals: vec![3, 40, 25],
            blocks: vec![
                vec![vec![3, 0], vec![20, 20], vec![10, 15]],
                vec![vec![1, 2], vec![30, 10], vec![5, 20]],
            ],
            columns: vec![vec![2, 30, 9]],
        };
        let m = suppress_area_table(&t, k);
        assert_eq!(m.totals[0], Suppression::Primary);
        assert!(m.totals[1..].iter().any(|s| s.is_hidden()), "{m:?}");
        for b in &m.blocks {
            assert_eq!(b.len(), 4);
            for (a, row) in b.iter().enumerate() {
                let hidden = row.iter().filter(|s| s.is_hidden()).count()
                    + usize::from(m.totals[a].is_hidden());
                assert_ne!(hidden, 1, "area {a} has a lone hidden cell: {m:?}");
            }
        }
        assert_eq!(
            m.columns[0],
            vec![
                Suppression::Primary,
                Suppression::Shown,
                Suppression::Secondary,
                Suppression::Shown
            ]
        );
        assert!(m.hidden() >= 8);
    }
}
