//! Exact polygon rings of one connected set of raster cells, traced along pixel edges.
//!
//! Input: the cells of one 4-connected component (linear indices on a `cols × rows` grid)
//! and a membership test. Output: rings of grid vertices `(i, j)` (vertex i is the west edge
//! of column i, vertex j the north edge of row j), corners only (collinear vertices dropped).
//!
//! Algorithm: every cell side whose neighbour is not in the component is a directed edge
//! with the component on its left (y up), so the outer ring runs counter-clockwise and holes
//! clockwise, as OGC and RFC 7946 want. Edges are chained vertex to vertex. At a saddle
//! vertex (two cells of the component touching only at that corner, 4 edges meeting) the
//! walk turns right: the two diagonal cells stay on different rings' "pinch" sides, so
//! every ring is simple and a hole that touches the shell (or another hole) does so at that
//! single point, which OGC simple features allow. This is the 4-connectivity choice: cells
//! that touch only at a corner are not joined through it (they are one zone only when a path
//! of edge-sharing cells links them). Complexity: O(cells + edges) time with a hash map of
//! boundary vertices.

use std::collections::HashMap;

/// Directions in y-up terms: east, north, west, south (counter-clockwise order).
const E: u8 = 0;
const N: u8 = 1;
const W: u8 = 2;
const S: u8 = 3;

fn step(v: (i64, i64), d: u8) -> (i64, i64) {
    match d {
        E => (v.0 + 1, v.1),
        N => (v.0, v.1 - 1),
        W => (v.0 - 1, v.1),
        _ => (v.0, v.1 + 1),
    }
}

fn key(v: (i64, i64)) -> u64 {
    ((v.1 as u64) << 32) | (v.0 as u64 & 0xffff_ffff)
}

/// The rings (corner vertices, not closed) of the component made of `cells`;
/// `member(col, row)` says whether a cell (possibly off the grid) is in it.
pub fn trace_rings(
    cells: &[usize],
    cols: usize,
    member: &dyn Fn(i64, i64) -> bool,
) -> Vec<Vec<(i64, i64)>> {
    // Outgoing directions per start vertex, and every edge in creation order.
    let mut out: HashMap<u64, u8> = HashMap::new();
    let mut edges: Vec<((i64, i64), u8)> = Vec::new();
    for &cell in cells {
        let (c, r) = ((cell % cols) as i64, (cell / cols) as i64);
        let sides = [
            (member(c, r + 1), (c, r + 1), E),     // bottom, west to east
            (member(c + 1, r), (c + 1, r + 1), N), // right, south to north
            (member(c, r - 1), (c + 1, r), W),     // top, east to west
            (member(c - 1, r), (c, r), S),         // left, north to south
        ];
        for (inside, start, d) in sides {
            if !inside {
                *out.entry(key(start)).or_insert(0) |= 1 << d;
                edges.push((start, d));
            }
        }
    }
    let mut rings = Vec::new();
    for &(v0, d0) in &edges {
        let bits = out.get(&key(v0)).copied().unwrap_or(0);
        if bits & (1 << d0) == 0 {
            continue; // already on a ring
        }
        out.insert(key(v0), bits & !(1 << d0));
        let mut ring = Vec::new();
        let (mut pos, mut dir) = (step(v0, d0), d0);
        loop {
            let mut avail = out.get(&key(pos)).copied().unwrap_or(0);
            if pos == v0 {
                avail |= 1 << d0;
            }
            // Right turn first, then straight, then left; never back.
            let next = [(dir + 3) % 4, dir, (dir + 1) % 4]
                .into_iter()
                .find(|d| avail & (1 << d) != 0);
            let Some(next) = next else {
                // Cannot happen for edges built from cells; stop rather than loop.
                break;
            };
            if pos == v0 && next == d0 {
                if dir != d0 {
                    ring.insert(0, v0);
                }
                break;
            }
            if next != dir {
                ring.push(pos);
            }
            if let Some(b) = out.get_mut(&key(pos)) {
                *b &= !(1 << next);
            }
            pos = step(pos, next);
            dir = next;
        }
        rings.push(ring);
    }
    rings
}

/// Twice the signed area of a ring of grid vertices in y-up terms (positive =
/// counter-clockwise = an outer ring).
pub fn signed_area2(ring: &[(i64, i64)]) -> i64 {
    let n = ring.len();
    (0..n)
        .map(|k| {
            let (a, b) = (ring[k], ring[(k + 1) % n]);
            // y = −j
            a.0 * (-b.1) - b.0 * (-a.1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rings_of(grid: &[&str]) -> Vec<Vec<(i64, i64)>> {
        let cols = grid[0].len();
        let on = |c: i64, r: i64| {
            r >= 0
                && c >= 0
                && (r as usize) < grid.len()
                && (c as usize) < cols
                && grid[r as usize].as_bytes()[c as usize] == b'#'
        };
        let cells: Vec<usize> = (0..grid.len() * cols)
            .filter(|i| on((i % cols) as i64, (i / cols) as i64))
            .collect();
        trace_rings(&cells, cols, &on)
    }

    #[test]
    fn one_cell_is_a_counter_clockwise_square() {
        let rings = rings_of(&["#"]);
        assert_eq!(rings, vec![vec![(0, 1), (1, 1), (1, 0), (0, 0)]]);
        assert_eq!(signed_area2(&rings[0]), 2);
    }

    #[test]
    fn a_ring_of_cells_has_a_clockwise_hole() {
        let rings = rings_of(&["###", "#.#", "###"]);
        assert_eq!(rings.len(), 2);
        let areas: Vec<i64> = rings.iter().map(|r| signed_area2(r)).collect();
        assert_eq!(areas, [18, -2], "{rings:?}");
        assert_eq!(rings[0].len(), 4, "corners only");
    }

    #[test]
    fn diagonal_pinch_splits_hole_from_shell() {
        // The hole (1,1) and the notch (2,2) meet at vertex (2,2), where the zone's cells
        // (2,1) and (1,2) touch only by their corners: a saddle.
        let rings = rings_of(&["###", "#.#", "##.", "###"]);
        let areas: Vec<i64> = rings.iter().map(|r| signed_area2(r)).collect();
        assert_eq!(areas.iter().filter(|a| **a > 0).count(), 1, "{rings:?}");
        assert_eq!(areas.iter().sum::<i64>(), 2 * 10, "10 cells");
        for r in &rings {
            let mut seen = std::collections::HashSet::new();
            assert!(
                r.iter().all(|v| seen.insert(*v)),
                "ring touches itself: {r:?}"
            );
        }
    }
}
