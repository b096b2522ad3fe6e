//! The mutable seating of the large-scale solver: who sits at which table, the locks, and the
//! head count each open table is filled to.

use super::ScaleError;
use crate::matching::conference::ConferenceAffinity;
use crate::matching::model::{Assignment, PersonId, Problem, TableId};

pub(super) const UNSEATED: TableId = TableId::MAX;

/// Members per table with O(1) seat and unseat.
///
/// Invariants: `members[table_of[p]][slot_of[p]] == p` for every seated `p`; a locked person is
/// seated at their table from [`Seating::new`] on and never unseated; a locked table holds exactly
/// its locked people.
#[derive(Debug, Clone)]
pub(super) struct Seating {
    pub(super) table_of: Vec<TableId>,
    slot_of: Vec<u32>,
    members: Vec<Vec<PersonId>>,
    pub(super) min: Vec<u32>,
    pub(super) max: Vec<u32>,
    pub(super) table_locked: Vec<bool>,
    pub(super) person_locked: Vec<bool>,
}

impl Seating {
    /// Everyone unseated except the locked seats; checks that the locks can hold.
    pub(super) fn new(
        problem: &Problem,
        affinity: &ConferenceAffinity,
    ) -> Result<Self, ScaleError> {
        let n = problem.people.len();
        let m = problem.tables.len();
        for (t, spec) in problem.tables.iter().enumerate() {
            if spec.min > spec.max {
                return Err(ScaleError::TableBounds {
                    table: t as TableId,
                    min: spec.min,
                    max: spec.max,
                });
            }
        }
        let mut seating = Self {
            table_of: vec![UNSEATED; n],
            slot_of: vec![0; n],
            members: vec![Vec::new(); m],
            min: problem.tables.iter().map(|t| t.min).collect(),
            max: problem.tables.iter().map(|t| t.max).collect(),
            table_locked: problem.tables.iter().map(|t| t.locked).collect(),
            person_locked: vec![false; n],
        };
        for &(p, t) in &problem.locked_seats {
            if p as usize >= n || t as usize >= m {
                return Err(ScaleError::UnknownLock {
                    person: p,
                    table: t,
                });
            }
            match seating.table_of[p as usize] {
                UNSEATED => {
                    if let Some(&q) = seating.members[t as usize]
                        .iter()
                        .find(|&&q| affinity.blocked(p, q))
                    {
                        return Err(ScaleError::LockedBlock {
                            a: q.min(p),
                            b: q.max(p),
                            table: t,
                        });
                    }
                    seating.seat(p, t);
                    seating.person_locked[p as usize] = true;
                }
                same if same == t => {}
                other => {
                    return Err(ScaleError::ConflictingLocks {
                        person: p,
                        first: other.min(t),
                        second: other.max(t),
                    });
                }
            }
        }
        for t in 0..m {
            let count = seating.members[t].len() as u32;
            let (min, max) = (seating.min[t], seating.max[t]);
            if count > max || (seating.table_locked[t] && count < min) {
                return Err(ScaleError::LockedCount {
                    table: t as TableId,
                    locked: count,
                    min,
                    max,
                });
            }
        }
        Ok(seating)
    }

    pub(super) fn tables(&self) -> usize {
        self.members.len()
    }

    pub(super) fn members(&self, t: TableId) -> &[PersonId] {
        &self.members[t as usize]
    }

    pub(super) fn size(&self, t: TableId) -> u32 {
        self.members[t as usize].len() as u32
    }

    pub(super) fn seat(&mut self, p: PersonId, t: TableId) {
        let list = &mut self.members[t as usize];
        self.slot_of[p as usize] = list.len() as u32;
        list.push(p);
        self.table_of[p as usize] = t;
    }

    pub(super) fn unseat(&mut self, p: PersonId) {
        let t = self.table_of[p as usize];
        let slot = self.slot_of[p as usize] as usize;
        let list = &mut self.members[t as usize];
        list.swap_remove(slot);
        if let Some(&moved) = list.get(slot) {
            self.slot_of[moved as usize] = slot as u32;
        }
        self.table_of[p as usize] = UNSEATED;
    }

    /// The head count of every table in a full seating: locked tables keep their locked people;
    /// open tables start at `max(min, locked)` and are levelled up one seat at a time (lowest
    /// first, then by index) until everyone has a seat. Fails when the bounds cannot hold
    /// everyone.
    pub(super) fn targets(&self) -> Result<Vec<u32>, ScaleError> {
        let n = self.table_of.len() as u64;
        let open: Vec<usize> = (0..self.tables())
            .filter(|&t| !self.table_locked[t])
            .collect();
        let mut target: Vec<u32> = (0..self.tables())
            .map(|t| {
                let count = self.members[t].len() as u32;
                if self.table_locked[t] {
                    count
                } else {
                    count.max(self.min[t])
                }
            })
            .collect();
        let base: u64 = target.iter().map(|&c| u64::from(c)).sum();
        let room: u64 = open
            .iter()
            .map(|&t| u64::from(self.max[t] - target[t]))
            .sum();
        if base > n || base + room < n {
            let seats_min = base;
            let seats_max = base + room;
            return Err(ScaleError::Capacity {
                people: n as usize,
                seats_min,
                seats_max,
            });
        }
        let extra = n - base;
        let added_at = |level: u64, target: &[u32]| -> u64 {
            open.iter()
                .map(|&t| {
                    let base = u64::from(target[t]);
                    level.clamp(base, u64::from(self.max[t])) - base
                })
                .sum()
        };
        let (mut low, mut high) = (0u64, n + 1);
        while low < high {
            let mid = (low + high) / 2;
            if added_at(mid, &target) >= extra {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        let level = low;
        let below = level.saturating_sub(1);
        let mut left = extra - added_at(below, &target);
        for &t in &open {
            let max = u64::from(self.max[t]);
            let raised = below.clamp(u64::from(target[t]), max);
            target[t] = raised as u32;
            if left > 0 && raised < level.min(max) {
                target[t] += 1;
                left -= 1;
            }
        }
        Ok(target)
    }

    /// The same seating with person `old_of[new]` renamed `new`; everyone must be seated.
    pub(super) fn relabeled(&self, old_of: &[PersonId]) -> Self {
        let n = self.table_of.len();
        let mut renamed = Self {
            table_of: vec![UNSEATED; n],
            slot_of: vec![0; n],
            members: self
                .members
                .iter()
                .map(|list| Vec::with_capacity(list.len()))
                .collect(),
            min: self.min.clone(),
            max: self.max.clone(),
            table_locked: self.table_locked.clone(),
            person_locked: old_of
                .iter()
                .map(|&old| self.person_locked[old as usize])
                .collect(),
        };
        for (new, &old) in old_of.iter().enumerate() {
            renamed.seat(new as PersonId, self.table_of[old as usize]);
        }
        renamed
    }

    pub(super) fn assignment(&self) -> Assignment {
        Assignment {
            table_of: self.table_of.clone(),
        }
    }
}
