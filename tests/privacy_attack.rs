//! An attacker against secondary suppression: for many small random tables and groups, try
//! every integer table consistent with what is published (shown numbers, "<k" = 1..=k − 1,
//! or 0..=k − 1 in a masked line, "x" = at least k, all sums) and check that no hidden
//! non-zero count is pinned to one value.
//! The search only looks within ±2 of the true values, so every alternative it finds is a
//! real one (a sound, conservative check); it does not reuse the library's own cycle test.
// Grids are indexed by row and column on purpose.
#![allow(clippy::needless_range_loop)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use riskatlas::privacy::group::suppress_group;
use riskatlas::privacy::table::MarginTable;
use riskatlas::privacy::{MinCount, Suppression};

const WINDOW: u64 = 2;

fn count(rng: &mut ChaCha8Rng) -> u64 {
    match rng.random_range(0..10) {
        0..=2 => 0,
        3..=6 => rng.random_range(1..5),
        _ => rng.random_range(5..12),
    }
}

/// The values a hidden cell may take in the search, as the attacker reads its marker.
fn candidates(true_value: u64, mark: Suppression, k: MinCount) -> Vec<u64> {
    let (lo, hi) = mark.bounds(true_value, k);
    let from = true_value.saturating_sub(WINDOW).max(lo);
    let to = (true_value + WINDOW).min(hi.unwrap_or(u64::MAX));
    (from..=to).collect()
}

fn consistent(v: u64, true_value: u64, mark: Suppression, k: MinCount) -> bool {
    let (lo, hi) = mark.bounds(true_value, k);
    v >= lo && hi.is_none_or(|h| v <= h)
}

/// Every consistent assignment of the interior; records the values each cell takes.
fn attack_table(t: &MarginTable, k: MinCount) -> Vec<Vec<std::collections::BTreeSet<u64>>> {
    let (rows, cols) = (t.rows(), t.cols());
    let mut seen = vec![vec![std::collections::BTreeSet::new(); cols + 1]; rows + 1];
    let mut grid = vec![vec![0u64; cols]; rows];
    fn rec(
        t: &MarginTable,
        k: MinCount,
        i: usize,
        grid: &mut Vec<Vec<u64>>,
        seen: &mut Vec<Vec<std::collections::BTreeSet<u64>>>,
    ) {
        let (rows, cols) = (t.rows(), t.cols());
        if i > 0 && i.is_multiple_of(cols) {
            // A row is complete: its total must fit what is published.
            let r = i / cols - 1;
            let sum: u64 = grid[r].iter().sum();
            if !consistent(sum, t.value(r, cols), t.mark(r, cols), k) {
                return;
            }
        }
        if i == rows * cols {
            let mut grand = 0;
            for c in 0..cols {
                let s: u64 = (0..rows).map(|r| grid[r][c]).sum();
                if !consistent(s, t.value(rows, c), t.mark(rows, c), k) {
                    return;
                }
                grand += s;
            }
            if !consistent(grand, t.value(rows, cols), t.mark(rows, cols), k) {
                return;
            }
            for r in 0..rows {
                let rs: u64 = grid[r].iter().sum();
                seen[r][cols].insert(rs);
                for c in 0..cols {
                    seen[r][c].insert(grid[r][c]);
                }
            }
            for c in 0..cols {
                seen[rows][c].insert((0..rows).map(|r| grid[r][c]).sum());
            }
            seen[rows][cols].insert(grand);
            return;
        }
        let (r, c) = (i / cols, i % cols);
        for v in candidates(t.value(r, c), t.mark(r, c), k) {
            grid[r][c] = v;
            rec(t, k, i + 1, grid, seen);
        }
    }
    rec(t, k, 0, &mut grid, &mut seen);
    seen
}

#[test]
fn no_hidden_count_of_a_table_can_be_recovered() {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let k = MinCount::DEFAULT;
    let mut tables_with_secondary = 0;
    for round in 0..300 {
        let (rows, cols) = (rng.random_range(1..4), rng.random_range(1..4));
        let interior: Vec<u64> = (0..rows * cols).map(|_| count(&mut rng)).collect();
        let mut t = MarginTable::new(rows, cols, &interior).unwrap();
        t.suppress(k);
        let seen = attack_table(&t, k);
        let mut any_secondary = false;
        for r in 0..=rows {
            for c in 0..=cols {
                let v = t.value(r, c);
                let m = t.mark(r, c);
                // Properties: every small count hidden, shown cells are the true numbers.
                if k.hides(v) {
                    assert!(
                        matches!(m, Suppression::Primary | Suppression::Masked),
                        "{t:?}"
                    );
                }
                match m {
                    Suppression::Primary => assert!(k.hides(v)),
                    Suppression::Masked => assert!(v < u64::from(k.get())),
                    Suppression::Secondary => assert!(v >= u64::from(k.get())),
                    Suppression::Shown => {}
                }
                any_secondary |= m == Suppression::Secondary;
                // A hidden count of children must not be pinned (a masked 0 under a column
                // total of 0 is 0 whatever is hidden, and counts no child).
                if m.is_hidden() && v > 0 {
                    assert!(
                        seen[r][c].len() >= 2,
                        "round {round}: cell ({r},{c}) = {v} is recoverable: {:?} in {t:?}",
                        seen[r][c]
                    );
                } else if !m.is_hidden() {
                    assert_eq!(seen[r][c].iter().copied().collect::<Vec<_>>(), vec![v]);
                }
            }
        }
        tables_with_secondary += usize::from(any_secondary);
    }
    assert!(tables_with_secondary > 50, "{tables_with_secondary}");
}

#[test]
fn no_hidden_count_of_a_group_can_be_recovered() {
    let mut rng = ChaCha8Rng::seed_from_u64(61);
    for round in 0..500 {
        let k = MinCount::new(rng.random_range(5..8)).unwrap();
        let n = rng.random_range(1..7);
        let counts: Vec<u64> = (0..n).map(|_| count(&mut rng)).collect();
        let g = suppress_group(&counts, k);
        let total: u64 = counts.iter().sum();
        if g.total == Suppression::Primary {
            // No equation is published: only the primary rule applies.
            assert!(g.cells.iter().all(|s| *s != Suppression::Secondary));
        }
        if g.total.is_hidden() {
            continue;
        }
        let lists: Vec<Vec<u64>> = counts
            .iter()
            .zip(&g.cells)
            .map(|(&v, &m)| candidates(v, m, k))
            .collect();
        let mut seen = vec![std::collections::BTreeSet::new(); n];
        let mut pick = vec![0u64; n];
        fn rec(
            i: usize,
            lists: &[Vec<u64>],
            pick: &mut Vec<u64>,
            total: u64,
            seen: &mut [std::collections::BTreeSet<u64>],
        ) {
            if i == lists.len() {
                if pick.iter().sum::<u64>() == total {
                    for (s, v) in seen.iter_mut().zip(pick.iter()) {
                        s.insert(*v);
                    }
                }
                return;
            }
            for &v in &lists[i] {
                pick[i] = v;
                rec(i + 1, lists, pick, total, seen);
            }
        }
        rec(0, &lists, &mut pick, total, &mut seen);
        for i in 0..n {
            assert_eq!(k.hides(counts[i]), g.cells[i] == Suppression::Primary);
            if g.cells[i].is_hidden() {
                assert!(
                    seen[i].len() >= 2,
                    "round {round}: {counts:?} {:?}: cell {i} recoverable",
                    g.cells
                );
            }
        }
    }
}
