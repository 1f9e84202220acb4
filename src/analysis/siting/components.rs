//! Splits a covering instance into independent parts: the connected components of the
//! graph linking each demand class to the candidates that reach it.
//!
//! Inputs: an [`Instance`] (classes, weights in demand units, incidence lists). Two sites in
//! different parts never reach the same class, so the cover of a set is the sum of the covers
//! of its members in each part, and the best cover with p sites is the best way to share p
//! among the parts of each part's best cover with its share (see [`super::parts`]). Demand
//! clustered around towns splits into roughly one part per town, which turns the exact search
//! from a product of the towns' search trees into a sum.
//! Algorithm: union–find over candidates (each class joins its candidates), parts numbered by
//! their lowest candidate; candidates reaching no class belong to no part. Each part becomes
//! its own instance with local candidate ids 0..m_t (ascending in the root ids, so lists stay
//! sorted; `orig` is the identity) and keeps the root ids apart.
//! Complexity: O(Z α(m) + Z log Z) for Z incidence entries (union–find, then aggregation);
//! memory O(Z).

use std::rc::Rc;

use super::instance::{Instance, NONE, Rows};

/// One part of a split instance.
pub(crate) struct Part {
    /// The part alone; its candidate ids are local (0..m_t, `orig` the identity).
    pub inst: Rc<Instance>,
    /// Local candidate id → the root instance's candidate id (ascending).
    pub ids: Vec<u32>,
}

/// What [`split`] returns: the parts and, per root class, its part.
pub(crate) struct Split {
    pub parts: Vec<Part>,
    pub part_of_class: Vec<u32>,
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// The connected parts of `inst` (see the module doc).
pub(crate) fn split(inst: &Instance) -> Split {
    let mut parent: Vec<u32> = (0..inst.candidates() as u32).collect();
    for i in 0..inst.classes() {
        for w in inst.n(i).windows(2) {
            let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            // The lower id stays the root: every root is its part's lowest site.
            if a < b {
                parent[b as usize] = a;
            } else if b < a {
                parent[a as usize] = b;
            }
        }
    }
    finish(inst, parent)
}

fn finish(inst: &Instance, mut parent: Vec<u32>) -> Split {
    let m = inst.candidates();
    let mut part_of_root = vec![NONE; m];
    let mut ids: Vec<Vec<u32>> = Vec::new();
    let mut local = vec![NONE; m];
    for j in 0..m as u32 {
        if inst.m(j as usize).is_empty() {
            continue;
        }
        let r = find(&mut parent, j) as usize;
        if part_of_root[r] == NONE {
            part_of_root[r] = ids.len() as u32;
            ids.push(Vec::new());
        }
        let t = part_of_root[r] as usize;
        local[j as usize] = ids[t].len() as u32;
        ids[t].push(j);
    }
    let part_of_class: Vec<u32> = (0..inst.classes())
        .map(|i| {
            inst.n(i)
                .first()
                .map_or(NONE, |&j| part_of_root[find(&mut parent, j) as usize])
        })
        .collect();
    // Per part: (row pointers, local candidate lists, weights, cases).
    type PartRows = (Vec<usize>, Vec<u32>, Vec<f64>, Vec<u64>);
    let mut rows: Vec<PartRows> = (0..ids.len())
        .map(|_| (vec![0], Vec::new(), Vec::new(), Vec::new()))
        .collect();
    for (i, &t) in part_of_class.iter().enumerate() {
        if t == NONE {
            continue;
        }
        let r = &mut rows[t as usize];
        r.1.extend(inst.n(i).iter().map(|&j| local[j as usize]));
        r.0.push(r.1.len());
        r.2.push(inst.w[i]);
        r.3.push(inst.cases[i]);
    }
    let parts = rows
        .into_iter()
        .zip(ids)
        .map(|((ptr, idx, w, cases), ids)| {
            let key = vec![0u64; w.len()];
            let rows = Rows {
                ptr: &ptr,
                idx: &idx,
                w: &w,
                cases: &cases,
                key: &key,
                unit_w: None,
            };
            let (part, _) = Instance::aggregate(&rows, (0..ids.len() as u32).collect());
            Part {
                inst: Rc::new(part),
                ids,
            }
        })
        .collect();
    Split {
        parts,
        part_of_class,
    }
}
