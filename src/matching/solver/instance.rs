//! The search's view of a problem: validated bounds and locks, open tables only, and a flat weight
//! matrix with blocked pairs priced out.
//!
//! Locked tables and the people locked to them never take part in the search: they are fixed and
//! only add a constant to the objective. People locked to an open table stay in the search (they
//! count towards sizes and weights) but never move.

use super::{Constraints, MAX_DENSE_PEOPLE, SolveError};
use crate::matching::affinity::Affinity;
use crate::matching::model::{PersonId, TableId, TableSpec};

/// Everything the hot loops read, indexed by local person (`0..n`) and local table (`0..m`).
#[derive(Debug, Clone)]
pub(super) struct Instance {
    pub n: usize,
    pub m: usize,
    /// `n × n`, row-major, zero diagonal; a blocked pair holds `-penalty`.
    pub d: Vec<f64>,
    pub min: Vec<u32>,
    pub max: Vec<u32>,
    /// Local table a person is locked to, if any.
    pub fixed: Vec<Option<u32>>,
    /// Local people that may change tables, ascending.
    pub movable: Vec<u32>,
    /// Whether any table has `min < max`, i.e. single moves can ever be feasible.
    pub has_slack: bool,
    /// `row_min[i] = min_j d(i, j)` over other people: bounds every swap's `−2·d(i, j)` term so
    /// that the descent can skip whole tables.
    pub row_min: Vec<f64>,
}

/// How local indices map back to the caller's people and tables.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Local person → caller's person.
    pub people: Vec<PersonId>,
    /// Local table → caller's table.
    pub tables: Vec<TableId>,
    /// Caller's person → locked table, for people seated at locked tables (outside the search).
    pub at_locked_table: Vec<Option<TableId>>,
    /// Blocked pairs in the caller's numbering, `a < b`, unique.
    pub blocked: Vec<(PersonId, PersonId)>,
}

impl Instance {
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.d[i * self.n..(i + 1) * self.n]
    }

    /// Validates the input and builds the search instance and its layout.
    pub fn build<A: Affinity>(
        affinity: &A,
        tables: &[TableSpec],
        constraints: &Constraints,
    ) -> Result<(Self, Layout), SolveError> {
        let total = affinity.len();
        for (t, spec) in tables.iter().enumerate() {
            if spec.min > spec.max {
                return Err(SolveError::TableBoundsInverted {
                    table: t as TableId,
                    min: spec.min,
                    max: spec.max,
                });
            }
        }
        let locked_to = locks_by_person(total, tables.len(), &constraints.locked_seats)?;
        let blocked = normalised_blocks(total, &constraints.blocked)?;
        for &(a, b) in &blocked {
            if let (Some(ta), Some(tb)) = (locked_to[a as usize], locked_to[b as usize])
                && ta == tb
            {
                return Err(SolveError::BlockedPairLocked {
                    a,
                    b,
                    table: ta as TableId,
                });
            }
        }

        let mut locked_count = vec![0u32; tables.len()];
        for t in locked_to.iter().flatten() {
            locked_count[*t as usize] += 1;
        }
        for (t, spec) in tables.iter().enumerate() {
            let count = locked_count[t];
            if spec.locked && (count < spec.min || count > spec.max) {
                return Err(SolveError::LockedTableSize {
                    table: t as TableId,
                    locked: count,
                    min: spec.min,
                    max: spec.max,
                });
            }
            if !spec.locked && count > spec.max {
                return Err(SolveError::LockedSeatsOverCapacity {
                    table: t as TableId,
                    locked: count,
                    max: spec.max,
                });
            }
        }

        let open_tables: Vec<TableId> = (0..tables.len() as TableId)
            .filter(|&t| !tables[t as usize].locked)
            .collect();
        let mut local_table = vec![u32::MAX; tables.len()];
        for (local, &t) in open_tables.iter().enumerate() {
            local_table[t as usize] = local as u32;
        }
        let mut at_locked_table = vec![None; total];
        let mut people = Vec::with_capacity(total);
        let mut fixed = Vec::with_capacity(total);
        for p in 0..total {
            match locked_to[p] {
                Some(t) if tables[t as usize].locked => at_locked_table[p] = Some(t),
                Some(t) => {
                    people.push(p as PersonId);
                    fixed.push(Some(local_table[t as usize]));
                }
                None => {
                    people.push(p as PersonId);
                    fixed.push(None);
                }
            }
        }

        let n = people.len();
        let m = open_tables.len();
        let min: Vec<u32> = open_tables
            .iter()
            .map(|&t| tables[t as usize].min)
            .collect();
        let max: Vec<u32> = open_tables
            .iter()
            .map(|&t| tables[t as usize].max)
            .collect();
        let floor: u64 = open_tables
            .iter()
            .map(|&t| u64::from(tables[t as usize].min.max(locked_count[t as usize])))
            .sum();
        let ceiling: u64 = max.iter().map(|&x| u64::from(x)).sum();
        if (n as u64) < floor || (n as u64) > ceiling {
            return Err(SolveError::Capacity {
                people: n,
                min_total: floor,
                max_total: ceiling,
            });
        }
        if n > MAX_DENSE_PEOPLE {
            return Err(SolveError::TooLarge {
                people: n,
                limit: MAX_DENSE_PEOPLE,
            });
        }

        let d = weight_matrix(affinity, &people, &blocked)?;
        let movable = (0..n as u32)
            .filter(|&i| fixed[i as usize].is_none())
            .collect();
        let has_slack = min.iter().zip(&max).any(|(a, b)| a < b);
        let row_min = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| j != i)
                    .map(|j| d[i * n + j])
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        let instance = Self {
            n,
            m,
            d,
            min,
            max,
            fixed,
            movable,
            has_slack,
            row_min,
        };
        let layout = Layout {
            people,
            tables: open_tables,
            at_locked_table,
            blocked,
        };
        Ok((instance, layout))
    }
}

/// The table each person is locked to, rejecting out-of-range ids and contradictory locks.
fn locks_by_person(
    people: usize,
    tables: usize,
    locked_seats: &[(PersonId, TableId)],
) -> Result<Vec<Option<TableId>>, SolveError> {
    let mut locked_to: Vec<Option<TableId>> = vec![None; people];
    for &(p, t) in locked_seats {
        if p as usize >= people {
            return Err(SolveError::PersonOutOfRange { person: p, people });
        }
        if t as usize >= tables {
            return Err(SolveError::TableOutOfRange { table: t, tables });
        }
        match locked_to[p as usize] {
            Some(first) if first != t => {
                return Err(SolveError::ConflictingLocks {
                    person: p,
                    first,
                    second: t,
                });
            }
            _ => locked_to[p as usize] = Some(t),
        }
    }
    Ok(locked_to)
}

/// Blocked pairs as `(low, high)`, sorted and unique; a person "blocked" with themself is ignored.
fn normalised_blocks(
    people: usize,
    blocked: &[(PersonId, PersonId)],
) -> Result<Vec<(PersonId, PersonId)>, SolveError> {
    let mut pairs = Vec::with_capacity(blocked.len());
    for &(a, b) in blocked {
        for p in [a, b] {
            if p as usize >= people {
                return Err(SolveError::PersonOutOfRange { person: p, people });
            }
        }
        if a != b {
            pairs.push((a.min(b), a.max(b)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// Copies the affinities of the search's people into a flat matrix; a blocked pair gets a penalty
/// larger than the total absolute weight, so any seating without blocked pairs beats any with one.
fn weight_matrix<A: Affinity>(
    affinity: &A,
    people: &[PersonId],
    blocked: &[(PersonId, PersonId)],
) -> Result<Vec<f64>, SolveError> {
    let n = people.len();
    let mut d = vec![0.0; n * n];
    let mut total_abs = 0.0;
    for a in 0..n {
        for b in a + 1..n {
            let w = affinity.pair(people[a], people[b]);
            if !w.is_finite() {
                return Err(SolveError::NonFiniteAffinity {
                    a: people[a],
                    b: people[b],
                });
            }
            d[a * n + b] = w;
            d[b * n + a] = w;
            total_abs += w.abs();
        }
    }
    if !blocked.is_empty() {
        let penalty = 1.0 + 2.0 * total_abs;
        let mut local = vec![u32::MAX; affinity.len()];
        for (i, &p) in people.iter().enumerate() {
            local[p as usize] = i as u32;
        }
        for &(a, b) in blocked {
            let (la, lb) = (local[a as usize], local[b as usize]);
            if la != u32::MAX && lb != u32::MAX {
                let (la, lb) = (la as usize, lb as usize);
                d[la * n + lb] = -penalty;
                d[lb * n + la] = -penalty;
            }
        }
    }
    Ok(d)
}
