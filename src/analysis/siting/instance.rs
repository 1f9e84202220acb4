//! The covering instance every siting step works on: weighted demand classes and, for each,
//! the candidate sites that reach it.
//!
//! Inputs: rows (one per case, or per class of an earlier instance) with the sorted list of
//! candidates within reach, a weight (demand units), a number of cases and an extra key (the
//! per-case weight's bits when capacities need classes of equal case weight, else 0).
//! Rows with identical candidate lists (and keys) are merged into one class whose weight and
//! case count are the sums: 100,000 cases reached by a few thousand candidates typically shrink
//! to far fewer classes, and nothing in the covering problem can tell such cases apart.
//! Both directions are stored as compressed sparse rows: class → candidates (`N_i`) and
//! candidate → classes (`M_j`), ascending, so every sum is taken in one fixed order and results
//! do not depend on thread scheduling.
//! Algorithm: hash each list, sort rows by (hash, list, key, row), group equal neighbours;
//! classes are numbered in order of their first row, weights summed in row order.
//! Complexity: O(Z log n) for Z list entries over n rows; memory O(Z).

/// Classes, candidates and the two incidence lists (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Instance {
    /// Weight of each class (demand units).
    pub w: Vec<f64>,
    /// Cases in each class.
    pub cases: Vec<u64>,
    /// Per-case weight of each class's cases when rows were split by it, else `NaN`.
    pub unit_w: Vec<f64>,
    pub n_ptr: Vec<usize>,
    /// Class → candidates (local ids, ascending).
    pub n_idx: Vec<u32>,
    pub m_ptr: Vec<usize>,
    /// Candidate → classes (ascending).
    pub m_idx: Vec<u32>,
    /// Local candidate id → index into the caller's candidate list (ascending).
    pub orig: Vec<u32>,
}

/// Rows to aggregate: `list(r)` = `idx[ptr[r]..ptr[r + 1]]`, sorted local candidate ids.
pub(crate) struct Rows<'a> {
    pub ptr: &'a [usize],
    pub idx: &'a [u32],
    pub w: &'a [f64],
    pub cases: &'a [u64],
    /// Extra grouping key per row (0 when unused).
    pub key: &'a [u64],
    /// Per-case weight per row, kept when `key` separates rows by it.
    pub unit_w: Option<&'a [f64]>,
}

impl Rows<'_> {
    fn list(&self, r: usize) -> &[u32] {
        &self.idx[self.ptr[r]..self.ptr[r + 1]]
    }
}

/// Sentinel for "no class" in row → class maps.
pub(crate) const NONE: u32 = u32::MAX;

fn hash_list(list: &[u32], key: u64) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64 ^ key;
    for &x in list {
        h = (h.rotate_left(5) ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3_1b3d);
    }
    h ^ (h >> 29)
}

impl Instance {
    pub fn classes(&self) -> usize {
        self.w.len()
    }

    pub fn candidates(&self) -> usize {
        self.orig.len()
    }

    /// Entries of the class → candidate lists.
    pub fn nnz(&self) -> usize {
        self.n_idx.len()
    }

    pub fn n(&self, i: usize) -> &[u32] {
        &self.n_idx[self.n_ptr[i]..self.n_ptr[i + 1]]
    }

    pub fn m(&self, j: usize) -> &[u32] {
        &self.m_idx[self.m_ptr[j]..self.m_ptr[j + 1]]
    }

    pub fn total_weight(&self) -> f64 {
        self.w.iter().sum()
    }

    /// Merges rows with equal lists and keys; rows with an empty list are dropped. Returns the
    /// instance over `orig.len()` candidates and each row's class ([`NONE`] when dropped).
    pub fn aggregate(rows: &Rows<'_>, orig: Vec<u32>) -> (Instance, Vec<u32>) {
        let n_rows = rows.w.len();
        let hashes: Vec<u64> = (0..n_rows)
            .map(|r| hash_list(rows.list(r), rows.key[r]))
            .collect();
        let mut order: Vec<u32> = (0..n_rows as u32)
            .filter(|&r| !rows.list(r as usize).is_empty())
            .collect();
        let cmp = |a: &u32, b: &u32| {
            let (a, b) = (*a as usize, *b as usize);
            hashes[a]
                .cmp(&hashes[b])
                .then_with(|| rows.key[a].cmp(&rows.key[b]))
                .then_with(|| rows.list(a).cmp(rows.list(b)))
                .then(a.cmp(&b))
        };
        order.sort_unstable_by(cmp);
        // Representative (first row) of each group, and every row's group.
        let mut first_of_group: Vec<u32> = Vec::new();
        let mut group_of_row = vec![NONE; n_rows];
        for (k, &r) in order.iter().enumerate() {
            let r = r as usize;
            let same = k > 0 && {
                let q = order[k - 1] as usize;
                hashes[q] == hashes[r] && rows.key[q] == rows.key[r] && rows.list(q) == rows.list(r)
            };
            if !same {
                first_of_group.push(r as u32);
            }
            group_of_row[r] = (first_of_group.len() - 1) as u32;
        }
        // Classes numbered by their first row.
        let mut by_first: Vec<u32> = (0..first_of_group.len() as u32).collect();
        by_first.sort_unstable_by_key(|&g| first_of_group[g as usize]);
        let mut class_of_group = vec![0u32; by_first.len()];
        for (c, &g) in by_first.iter().enumerate() {
            class_of_group[g as usize] = c as u32;
        }
        let row_class: Vec<u32> = group_of_row
            .iter()
            .map(|&g| {
                if g == NONE {
                    NONE
                } else {
                    class_of_group[g as usize]
                }
            })
            .collect();
        let n_classes = by_first.len();
        let mut w = vec![0.0; n_classes];
        let mut cases = vec![0u64; n_classes];
        let mut unit_w = vec![f64::NAN; n_classes];
        for (r, &c) in row_class.iter().enumerate() {
            if c != NONE {
                w[c as usize] += rows.w[r];
                cases[c as usize] += rows.cases[r];
                if let Some(u) = rows.unit_w {
                    unit_w[c as usize] = u[r];
                }
            }
        }
        let mut n_ptr = Vec::with_capacity(n_classes + 1);
        let mut n_idx = Vec::new();
        n_ptr.push(0);
        for &g in &by_first {
            n_idx.extend_from_slice(rows.list(first_of_group[g as usize] as usize));
            n_ptr.push(n_idx.len());
        }
        let (m_ptr, m_idx) = transpose(&n_ptr, &n_idx, orig.len());
        let inst = Instance {
            w,
            cases,
            unit_w,
            n_ptr,
            n_idx,
            m_ptr,
            m_idx,
            orig,
        };
        (inst, row_class)
    }

    /// The instance left when candidates with `state > 0` are fixed in and those with
    /// `state < 0` fixed out: classes covered by a fixed-in site are removed (their weight and
    /// cases returned as credit), fixed candidates are dropped, classes no free candidate
    /// reaches are removed, equal classes merged. Returns (instance, credited weight, credited
    /// cases, old class → new class).
    pub fn compact(&self, state: &[i8]) -> (Instance, f64, u64, Vec<u32>) {
        let covered = self.covered_by(
            state
                .iter()
                .enumerate()
                .filter_map(|(j, &s)| (s > 0).then_some(j as u32)),
        );
        let mut new_id = vec![NONE; self.candidates()];
        let mut orig = Vec::new();
        for (j, &s) in state.iter().enumerate() {
            if s == 0 {
                new_id[j] = orig.len() as u32;
                orig.push(self.orig[j]);
            }
        }
        let (mut ptr, mut idx) = (vec![0usize], Vec::new());
        let (mut credit_w, mut credit_cases) = (0.0, 0u64);
        for (i, &is_covered) in covered.iter().enumerate() {
            if is_covered {
                credit_w += self.w[i];
                credit_cases += self.cases[i];
            } else {
                idx.extend(
                    self.n(i)
                        .iter()
                        .map(|&j| new_id[j as usize])
                        .filter(|&j| j != NONE),
                );
            }
            ptr.push(idx.len());
        }
        let key = vec![0u64; self.classes()];
        let rows = Rows {
            ptr: &ptr,
            idx: &idx,
            w: &self.w,
            cases: &self.cases,
            key: &key,
            unit_w: None,
        };
        let (inst, map) = Instance::aggregate(&rows, orig);
        (inst, credit_w, credit_cases, map)
    }

    /// Per class: whether a candidate of `set` reaches it.
    pub fn covered_by(&self, set: impl IntoIterator<Item = u32>) -> Vec<bool> {
        let mut covered = vec![false; self.classes()];
        for j in set {
            for &i in self.m(j as usize) {
                covered[i as usize] = true;
            }
        }
        covered
    }

    /// Weight and cases covered by `set` (local candidate ids).
    pub fn value(&self, set: &[u32]) -> (f64, u64) {
        let covered = self.covered_by(set.iter().copied());
        let mut out = (0.0, 0u64);
        for (i, _) in covered.iter().enumerate().filter(|(_, c)| **c) {
            out.0 += self.w[i];
            out.1 += self.cases[i];
        }
        out
    }

    /// Whether every class weight is a whole number (then objective values are too, and a
    /// bound below `incumbent + 1` proves the incumbent optimal).
    pub fn integral_weights(&self) -> bool {
        self.w.iter().all(|w| w.fract() == 0.0 && *w < 1e15)
    }
}

/// Candidate → classes lists from class → candidate lists.
fn transpose(n_ptr: &[usize], n_idx: &[u32], m: usize) -> (Vec<usize>, Vec<u32>) {
    let mut count = vec![0usize; m + 1];
    for &j in n_idx {
        count[j as usize + 1] += 1;
    }
    for j in 0..m {
        count[j + 1] += count[j];
    }
    let m_ptr = count.clone();
    let mut fill = count;
    let mut m_idx = vec![0u32; n_idx.len()];
    for i in 0..n_ptr.len() - 1 {
        for &j in &n_idx[n_ptr[i]..n_ptr[i + 1]] {
            m_idx[fill[j as usize]] = i as u32;
            fill[j as usize] += 1;
        }
    }
    (m_ptr, m_idx)
}
