//! Per-pair bookkeeping for multi-round plans: how often a pair has met, and whether it is
//! blocked or mutually wanted, packed into one `u16` per pair.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use crate::matching::model::PersonId;

/// Low bits: number of meetings (history plus the plan under construction).
pub(super) const COUNT_MASK: u16 = 0x3fff;
/// Both want to meet: the plan should seat them together once.
pub(super) const WANTED: u16 = 0x4000;
/// The pair must never share a table.
pub(super) const BLOCKED: u16 = 0x8000;

/// Up to this many people the table is a dense `n × n` matrix (32 MiB at the limit); above it a
/// hash map keyed by the pair, since most pairs never meet.
pub(super) const DENSE_LIMIT: usize = 4096;

/// Meetings per pair plus the blocked/wanted flags. Symmetric; the diagonal is never used.
///
/// Invariant: the count never exceeds [`COUNT_MASK`]; input validation caps history so that
/// history plus the number of rounds stays below it.
#[derive(Debug, Clone)]
pub(super) enum PairTable {
    Dense { n: usize, cells: Vec<u16> },
    Sparse(HashMap<u64, u16, FxBuild>),
}

impl PairTable {
    pub(super) fn new(n: usize) -> Self {
        if n <= DENSE_LIMIT {
            Self::Dense {
                n,
                cells: vec![0; n * n],
            }
        } else {
            Self::Sparse(HashMap::with_hasher(FxBuild))
        }
    }

    /// The packed cell of pair `{i, j}`.
    #[inline]
    pub(super) fn cell(&self, i: PersonId, j: PersonId) -> u16 {
        match self {
            Self::Dense { n, cells } => cells[i as usize * n + j as usize],
            Self::Sparse(map) => map.get(&key(i, j)).copied().unwrap_or(0),
        }
    }

    #[inline]
    pub(super) fn count(&self, i: PersonId, j: PersonId) -> u16 {
        self.cell(i, j) & COUNT_MASK
    }

    #[inline]
    fn update(&mut self, i: PersonId, j: PersonId, f: impl Fn(u16) -> u16) -> u16 {
        match self {
            Self::Dense { n, cells } => {
                let (a, b) = (i as usize * *n + j as usize, j as usize * *n + i as usize);
                let old = cells[a];
                let new = f(old);
                cells[a] = new;
                cells[b] = new;
                old
            }
            Self::Sparse(map) => {
                let k = key(i, j);
                let old = map.get(&k).copied().unwrap_or(0);
                let new = f(old);
                if new == 0 {
                    map.remove(&k);
                } else {
                    map.insert(k, new);
                }
                old
            }
        }
    }

    /// Records one more meeting; returns the cell as it was before.
    #[inline]
    pub(super) fn inc(&mut self, i: PersonId, j: PersonId) -> u16 {
        self.update(i, j, |c| c + 1)
    }

    /// Removes one meeting; returns the cell as it was before. The count must be positive.
    #[inline]
    pub(super) fn dec(&mut self, i: PersonId, j: PersonId) -> u16 {
        self.update(i, j, |c| c - 1)
    }

    /// Adds `count` earlier meetings (saturating at [`COUNT_MASK`]).
    pub(super) fn add_history(&mut self, i: PersonId, j: PersonId, count: u16) {
        self.update(i, j, |c| {
            let total = (c & COUNT_MASK).saturating_add(count).min(COUNT_MASK);
            (c & !COUNT_MASK) | total
        });
    }

    pub(super) fn set_flag(&mut self, i: PersonId, j: PersonId, flag: u16) {
        self.update(i, j, |c| c | flag);
    }
}

#[inline]
fn key(i: PersonId, j: PersonId) -> u64 {
    let (a, b) = if i < j { (i, j) } else { (j, i) };
    (u64::from(a) << 32) | u64::from(b)
}

/// A fast multiplicative hasher for pair keys; iteration order is never used for decisions.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FxBuild;

impl BuildHasher for FxBuild {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(FX_SEED);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(FX_SEED);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(mut t: PairTable) {
        t.set_flag(3, 1, BLOCKED);
        assert_eq!(t.inc(1, 3), BLOCKED);
        assert_eq!(t.inc(3, 1), BLOCKED | 1);
        assert_eq!(t.count(1, 3), 2);
        assert_eq!(t.count(3, 1), 2);
        assert_eq!(t.dec(1, 3), BLOCKED | 2);
        t.add_history(0, 2, 5);
        assert_eq!(t.cell(2, 0), 5);
        assert_eq!(t.count(0, 1), 0);
    }

    #[test]
    fn dense_and_sparse_tables_behave_alike() {
        exercise(PairTable::new(5));
        exercise(PairTable::Sparse(HashMap::with_hasher(FxBuild)));
    }

    #[test]
    fn sparse_table_forgets_pairs_back_at_zero() {
        let mut t = PairTable::Sparse(HashMap::with_hasher(FxBuild));
        t.inc(7, 9);
        t.dec(9, 7);
        match t {
            PairTable::Sparse(map) => assert!(map.is_empty()),
            PairTable::Dense { .. } => unreachable!(),
        }
    }
}
