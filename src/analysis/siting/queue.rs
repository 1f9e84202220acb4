//! The open nodes of the branch and bound: a depth-first dive plus best-bound "parked" nodes.
//!
//! Inputs: nodes with the upper bound of their subtree and an estimate of their memory in
//! bytes; a memory cap for the open nodes.
//! Algorithm: children are pushed on the dive (a stack) and the dive goes on depth first
//! while its top's bound is not below the best bound of the other open nodes. Once it is, the
//! whole dive is parked in a max-heap by bound and the search goes on from the best parked
//! node (best-bound search: the largest open bound, which is the search's upper bound, is the
//! one worked on). Ties go to the most recently pushed node, so siblings of equal bound are
//! taken depth first, "in" before "out". When the open nodes hold more than the cap, nothing
//! more is parked: the dive goes on depth first (its stack stays short) until the parked
//! nodes shrink below the cap again. No node is ever dropped, so [`Open::max_bound`] stays
//! the largest bound of all unexplored nodes: a valid upper bound.
//! Complexity: O(log N) per parked node and O(d) per pop for N parked nodes and a dive of
//! depth d; memory at most about the cap plus the dive.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Open nodes at most this many bytes before parking stops (see the module doc).
pub(crate) const PARK_CAP_BYTES: usize = 1 << 30;

/// A parked node ordered by bound, then by recency.
struct Parked<T> {
    bound: f64,
    seq: u64,
    bytes: usize,
    node: T,
}

impl<T> PartialEq for Parked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T> Eq for Parked<T> {}

impl<T> PartialOrd for Parked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Parked<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then(self.seq.cmp(&other.seq))
    }
}

/// Dive plus parked nodes (see the module doc).
pub(crate) struct Open<T> {
    dive: Vec<Parked<T>>,
    parked: BinaryHeap<Parked<T>>,
    /// Bytes of all open nodes (dive and parked).
    bytes: usize,
    cap: usize,
    seq: u64,
}

impl<T> Open<T> {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            dive: Vec::new(),
            parked: BinaryHeap::new(),
            bytes: 0,
            cap,
            seq: 0,
        }
    }

    /// Adds a node to the dive.
    pub(crate) fn push(&mut self, bound: f64, bytes: usize, node: T) {
        self.seq += 1;
        self.bytes += bytes;
        self.dive.push(Parked {
            bound,
            seq: self.seq,
            bytes,
            node,
        });
    }

    /// The next node to explore and its bound (see the module doc); `None` when none is left.
    pub(crate) fn pop(&mut self) -> Option<(f64, T)> {
        let rest = self.dive.len().saturating_sub(1);
        let others = self.dive[..rest]
            .iter()
            .map(|n| n.bound)
            .chain(self.parked.peek().map(|n| n.bound))
            .fold(f64::NEG_INFINITY, f64::max);
        let may_park = self.bytes <= self.cap;
        let top_ok = self.dive.last().is_some_and(|n| n.bound >= others);
        if may_park && !top_ok && !self.dive.is_empty() {
            self.parked.extend(self.dive.drain(..));
        }
        let next = match self.dive.pop() {
            Some(n) => n,
            None => self.parked.pop()?,
        };
        self.bytes -= next.bytes;
        Some((next.bound, next.node))
    }

    /// The largest bound of the open nodes (−∞ when none is left).
    pub(crate) fn max_bound(&self) -> f64 {
        self.dive
            .iter()
            .map(|n| n.bound)
            .chain(self.parked.peek().map(|n| n.bound))
            .fold(f64::NEG_INFINITY, f64::max)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.dive.is_empty() && self.parked.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Open;

    #[test]
    fn best_bound_first_ties_depth_first_and_no_parking_over_the_cap() {
        let mut open = Open::new(usize::MAX);
        open.push(10.0, 1, "out");
        open.push(10.0, 1, "in");
        assert_eq!(open.pop(), Some((10.0, "in")));
        // The dive's children fall below the parked sibling: the sibling comes first.
        open.push(8.0, 1, "in/out");
        open.push(8.0, 1, "in/in");
        assert_eq!(open.max_bound(), 10.0);
        assert_eq!(open.pop(), Some((10.0, "out")));
        open.push(9.0, 1, "out/in");
        assert_eq!(open.pop(), Some((9.0, "out/in")));
        assert_eq!(open.pop(), Some((8.0, "in/in")));
        assert_eq!(open.pop(), Some((8.0, "in/out")));
        assert!(open.is_empty());
        assert_eq!(open.pop(), None);
        assert_eq!(open.max_bound(), f64::NEG_INFINITY);

        // Over the cap: depth first; the parked nodes stay and count in the bound.
        let mut open = Open::new(3);
        open.push(10.0, 1, "a");
        open.push(10.0, 1, "b");
        assert_eq!(open.pop(), Some((10.0, "b")));
        open.push(5.0, 1, "c");
        open.push(5.0, 1, "d");
        assert_eq!(open.pop(), Some((10.0, "a")));
        open.push(2.0, 5, "e");
        assert_eq!(open.max_bound(), 5.0);
        assert_eq!(open.pop(), Some((2.0, "e")));
        assert_eq!(open.pop(), Some((5.0, "d")));
        assert_eq!(open.pop(), Some((5.0, "c")));
        assert!(open.is_empty());
    }
}
