//! The mutable plan under search: seats of every round, pair counts and per-seat conflict counts,
//! all updated incrementally.

use super::layout::{Layout, NONE};
use super::pairs::{BLOCKED, COUNT_MASK, PairTable, WANTED};

/// One blocked pair seated together outweighs any number of repeats.
pub(super) const BLOCK_WEIGHT: i64 = 1 << 32;

/// The join table is kept only up to this many entries (rounds × people × tables per round).
const JOIN_TABLE_LIMIT: usize = 1 << 22;

/// A set of slots with O(1) insert, remove and uniform random pick; its order depends only on the
/// sequence of operations, so the search stays deterministic.
#[derive(Debug, Clone)]
pub(super) struct SlotSet {
    items: Vec<u32>,
    index: Vec<u32>,
}

impl SlotSet {
    fn new(slots: usize) -> Self {
        Self {
            items: Vec::new(),
            index: vec![NONE; slots],
        }
    }

    fn set(&mut self, slot: usize, present: bool) {
        let at = self.index[slot];
        if present && at == NONE {
            self.index[slot] = self.items.len() as u32;
            self.items.push(slot as u32);
        } else if !present && at != NONE {
            let last = *self.items.last().unwrap_or(&(slot as u32));
            self.items.swap_remove(at as usize);
            if last as usize != slot {
                self.index[last as usize] = at;
            }
            self.index[slot] = NONE;
        }
    }

    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(super) fn items(&self) -> &[u32] {
        &self.items
    }
}

/// Seats of all rounds plus derived counts.
///
/// Invariants: `pairs` holds history plus one meeting per round in which a pair shares a table;
/// `conf[slot]` is the number of table-mates in that round with whom the pair count is ≥ 2,
/// `blk[slot]` the number of blocked table-mates; `hot` holds exactly the movable slots with
/// `conf + blk > 0`; `repeats` is Σ over pairs of `(count − 1)⁺` minus the same sum for history
/// alone; `blocks` counts blocked pairs seated together (once per round); `wanted_met` counts
/// mutual-want pairs whose count is ≥ 1.
#[derive(Debug, Clone)]
pub(super) struct State<'a> {
    pub layout: &'a Layout,
    /// Per slot: local table id, or [`NONE`] while the round is not seated yet.
    pub table_of: Vec<u32>,
    pos: Vec<u32>,
    members: Vec<u32>,
    len: Vec<u32>,
    pub pairs: PairTable,
    pub conf: Vec<u32>,
    pub blk: Vec<u32>,
    pub hot: SlotSet,
    pub repeats: i64,
    pub blocks: i64,
    pub wanted_met: i64,
    /// When small enough: `join[slot * stride + t]` = [`State::join_cost`] of the person of
    /// `slot` joining local table `t` of that round, kept up to date so it is O(1).
    join: Vec<i64>,
    stride: usize,
    /// Whether the input has mutual-want pairs, so phase one should break ties by them.
    pub track_wanted: bool,
}

impl<'a> State<'a> {
    /// An empty plan over `pairs`, which already holds history and flags.
    pub(super) fn new(layout: &'a Layout, pairs: PairTable, wanted_met: i64) -> Self {
        let slots = layout.rounds * layout.n;
        let stride = (0..layout.rounds)
            .map(|r| layout.table_base[r + 1] - layout.table_base[r])
            .max()
            .unwrap_or(0);
        let keep_join = slots.saturating_mul(stride) <= JOIN_TABLE_LIMIT;
        Self {
            layout,
            table_of: vec![NONE; slots],
            pos: vec![0; slots],
            members: vec![0; *layout.member_start.last().unwrap_or(&0)],
            len: vec![0; layout.specs.len()],
            pairs,
            conf: vec![0; slots],
            blk: vec![0; slots],
            hot: SlotSet::new(slots),
            repeats: 0,
            blocks: 0,
            wanted_met,
            join: if keep_join {
                vec![0; slots * stride]
            } else {
                Vec::new()
            },
            stride,
            track_wanted: false,
        }
    }

    /// Blocks first, then repeats.
    pub(super) fn cost(&self) -> i64 {
        self.blocks * BLOCK_WEIGHT + self.repeats
    }

    /// People at local table `t` of round `r`.
    #[inline]
    pub(super) fn members(&self, r: usize, t: u32) -> &[u32] {
        let g = self.layout.table_base[r] + t as usize;
        let start = self.layout.member_start[g];
        &self.members[start..start + self.len[g] as usize]
    }

    #[inline]
    pub(super) fn table_len(&self, r: usize, t: u32) -> u32 {
        self.len[self.layout.table_base[r] + t as usize]
    }

    #[inline]
    fn touch(&mut self, slot: usize) {
        let present = (self.conf[slot] | self.blk[slot]) != 0 && self.layout.is_movable(slot);
        self.hot.set(slot, present);
    }

    /// Adjusts the conflict counts of `p` and `j` in every round other than `r` where they sit
    /// together.
    fn shift_other_rounds(&mut self, r: usize, p: u32, j: u32, delta: i32) {
        let n = self.layout.n;
        for r2 in 0..self.layout.rounds {
            if r2 == r {
                continue;
            }
            let (sp, sj) = (r2 * n + p as usize, r2 * n + j as usize);
            let t = self.table_of[sp];
            if t != NONE && t == self.table_of[sj] {
                self.conf[sp] = self.conf[sp].wrapping_add_signed(delta);
                self.conf[sj] = self.conf[sj].wrapping_add_signed(delta);
                self.touch(sp);
                self.touch(sj);
            }
        }
    }

    /// Keeps the join table right when the pair `{p, j}` becomes met (`delta` 1) or unmet (−1):
    /// in every round, each one's view of the other's table changes.
    fn shift_join(&mut self, p: u32, j: u32, delta: i64) {
        if self.join.is_empty() {
            return;
        }
        let n = self.layout.n;
        for r in 0..self.layout.rounds {
            for (who, other) in [(p, j), (j, p)] {
                let t = self.table_of[r * n + other as usize];
                if t != NONE {
                    self.join[(r * n + who as usize) * self.stride + t as usize] += delta;
                }
            }
        }
    }

    /// Adds (or removes) `p`'s contribution to everyone's view of table `t` in round `r`.
    fn spread_join(&mut self, r: usize, p: u32, t: u32, add: bool) {
        if self.join.is_empty() {
            return;
        }
        let n = self.layout.n;
        for q in 0..n as u32 {
            if q == p {
                continue;
            }
            let f = self.pair_join_cost(q, p);
            if f == 0 {
                continue;
            }
            let e = &mut self.join[(r * n + q as usize) * self.stride + t as usize];
            if add {
                *e += f;
            } else {
                *e -= f;
            }
        }
    }

    fn meet(&mut self, r: usize, p: u32, j: u32) {
        let n = self.layout.n;
        let (sp, sj) = (r * n + p as usize, r * n + j as usize);
        let cell = self.pairs.inc(p, j);
        let before = cell & COUNT_MASK;
        if cell & BLOCKED != 0 {
            self.blocks += 1;
            self.blk[sp] += 1;
            self.blk[sj] += 1;
        }
        if before == 0 {
            if cell & WANTED != 0 {
                self.wanted_met += 1;
            }
            self.shift_join(p, j, 1);
        }
        if before >= 1 {
            self.repeats += 1;
            self.conf[sp] += 1;
            self.conf[sj] += 1;
            if before == 1 {
                self.shift_other_rounds(r, p, j, 1);
            }
        }
        self.touch(sp);
        self.touch(sj);
    }

    fn part(&mut self, r: usize, p: u32, j: u32) {
        let n = self.layout.n;
        let (sp, sj) = (r * n + p as usize, r * n + j as usize);
        let cell = self.pairs.dec(p, j);
        let before = cell & COUNT_MASK;
        if cell & BLOCKED != 0 {
            self.blocks -= 1;
            self.blk[sp] -= 1;
            self.blk[sj] -= 1;
        }
        if before == 1 {
            if cell & WANTED != 0 {
                self.wanted_met -= 1;
            }
            self.shift_join(p, j, -1);
        }
        if before >= 2 {
            self.repeats -= 1;
            self.conf[sp] -= 1;
            self.conf[sj] -= 1;
            if before == 2 {
                self.shift_other_rounds(r, p, j, -1);
            }
        }
        self.touch(sp);
        self.touch(sj);
    }

    /// Seats unseated `p` at local table `t` of round `r`. The table must have room.
    pub(super) fn seat(&mut self, r: usize, p: u32, t: u32) {
        let g = self.layout.table_base[r] + t as usize;
        let start = self.layout.member_start[g];
        let len = self.len[g] as usize;
        let slot = r * self.layout.n + p as usize;
        self.members[start + len] = p;
        self.pos[slot] = len as u32;
        self.len[g] += 1;
        self.table_of[slot] = t;
        self.spread_join(r, p, t, true);
        for k in 0..len {
            let j = self.members[start + k];
            self.meet(r, p, j);
        }
    }

    /// Takes seated `p` out of round `r`; returns the table it left.
    pub(super) fn unseat(&mut self, r: usize, p: u32) -> u32 {
        let slot = r * self.layout.n + p as usize;
        let t = self.table_of[slot];
        let g = self.layout.table_base[r] + t as usize;
        let start = self.layout.member_start[g];
        let len = self.len[g] as usize;
        for k in 0..len {
            let j = self.members[start + k];
            if j != p {
                self.part(r, p, j);
            }
        }
        self.spread_join(r, p, t, false);
        let last = len - 1;
        let at = self.pos[slot] as usize;
        let moved = self.members[start + last];
        self.members[start + at] = moved;
        self.pos[r * self.layout.n + moved as usize] = at as u32;
        self.len[g] -= 1;
        self.table_of[slot] = NONE;
        t
    }

    /// Exchanges the tables of `p` and `q` (at different tables) in round `r`.
    pub(super) fn swap(&mut self, r: usize, p: u32, q: u32) {
        let tp = self.unseat(r, p);
        let tq = self.unseat(r, q);
        self.seat(r, p, tq);
        self.seat(r, q, tp);
    }

    /// Moves `p` to table `t` in round `r`.
    pub(super) fn relocate(&mut self, r: usize, p: u32, t: u32) {
        self.unseat(r, p);
        self.seat(r, p, t);
    }

    /// What `p` joining table `t` of round `r` (ignoring `skip`) adds to [`State::cost`]: one per
    /// table-mate met before, [`BLOCK_WEIGHT`] per blocked one.
    #[inline]
    pub(super) fn join_cost(&self, r: usize, p: u32, t: u32, skip: u32) -> i64 {
        if !self.join.is_empty() {
            let full = self.join[(r * self.layout.n + p as usize) * self.stride + t as usize];
            return if skip != NONE && self.table_of[r * self.layout.n + skip as usize] == t {
                full - self.pair_join_cost(p, skip)
            } else {
                full
            };
        }
        let mut cost = 0;
        for &j in self.members(r, t) {
            if j == skip {
                continue;
            }
            cost += self.pair_join_cost(p, j);
        }
        cost
    }

    /// What seating `p` next to `j` once more adds to [`State::cost`].
    #[inline]
    pub(super) fn pair_join_cost(&self, p: u32, j: u32) -> i64 {
        let cell = self.pairs.cell(p, j);
        i64::from(cell & COUNT_MASK != 0) + if cell & BLOCKED != 0 { BLOCK_WEIGHT } else { 0 }
    }

    /// What taking the person in `slot` away from their table removes from [`State::cost`].
    #[inline]
    pub(super) fn leave_cost(&self, slot: usize) -> i64 {
        i64::from(self.conf[slot]) + i64::from(self.blk[slot]) * BLOCK_WEIGHT
    }

    /// Wanted pairs `p` would meet for the first time by joining table `t` of round `r` (ignoring
    /// `skip`), minus those it met only at its current table, which it would leave.
    pub(super) fn wanted_gain(&self, r: usize, p: u32, t: u32, skip: u32) -> i64 {
        let mut gain = 0;
        for &j in self.members(r, t) {
            let cell = self.pairs.cell(p, j);
            if j != skip && cell & WANTED != 0 && cell & COUNT_MASK == 0 {
                gain += 1;
            }
        }
        let own = self.table_of[r * self.layout.n + p as usize];
        for &j in self.members(r, own) {
            let cell = self.pairs.cell(p, j);
            if j != p && cell & WANTED != 0 && cell & COUNT_MASK == 1 {
                gain -= 1;
            }
        }
        gain
    }

    /// Replaces all seats of all seated rounds by `table_of` (a snapshot taken earlier).
    pub(super) fn restore(&mut self, table_of: &[u32]) {
        let n = self.layout.n;
        for r in 0..self.layout.rounds {
            for p in 0..n as u32 {
                if self.table_of[r * n + p as usize] != NONE {
                    self.unseat(r, p);
                }
            }
        }
        for r in 0..self.layout.rounds {
            for p in 0..n as u32 {
                let t = table_of[r * n + p as usize];
                if t != NONE {
                    self.seat(r, p, t);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::layout;
    use super::super::{RoundsInput, setup_pairs};
    use super::*;
    use crate::matching::model::TableSpec;

    fn spec(k: u32) -> TableSpec {
        TableSpec {
            min: k,
            max: k,
            locked: false,
        }
    }

    /// Recomputes every derived count from the seats alone.
    fn check_counts(s: &State<'_>, history_repeats: i64) {
        let n = s.layout.n;
        let mut fresh = s.clone();
        fresh.restore(&vec![NONE; s.table_of.len()]);
        let mut pairs = fresh.pairs.clone();
        for r in 0..s.layout.rounds {
            for p in 0..n as u32 {
                for q in p + 1..n as u32 {
                    let (a, b) = (
                        s.table_of[r * n + p as usize],
                        s.table_of[r * n + q as usize],
                    );
                    if a != NONE && a == b {
                        pairs.inc(p, q);
                    }
                }
            }
        }
        let mut repeats = -history_repeats;
        for p in 0..n as u32 {
            for q in p + 1..n as u32 {
                repeats += i64::from(pairs.count(p, q).saturating_sub(1));
                assert_eq!(pairs.cell(p, q), s.pairs.cell(p, q));
            }
        }
        assert_eq!(repeats, s.repeats);
        for r in 0..s.layout.rounds {
            for p in 0..n as u32 {
                let t = s.table_of[r * n + p as usize];
                let mates = s.members(r, t).iter().filter(|&&j| j != p);
                let conf = mates.clone().filter(|&&j| pairs.count(p, j) >= 2).count();
                let blk = mates.filter(|&&j| pairs.cell(p, j) & BLOCKED != 0).count();
                assert_eq!(conf as u32, s.conf[r * n + p as usize]);
                assert_eq!(blk as u32, s.blk[r * n + p as usize]);
                for t2 in 0..(s.layout.table_base[r + 1] - s.layout.table_base[r]) as u32 {
                    let slow: i64 = s
                        .members(r, t2)
                        .iter()
                        .filter(|&&j| j != p)
                        .map(|&j| s.pair_join_cost(p, j))
                        .sum();
                    assert_eq!(
                        s.join_cost(r, p, t2, NONE),
                        slow,
                        "round {r} person {p} table {t2}"
                    );
                }
            }
        }
    }

    #[test]
    fn incremental_counts_match_a_recount_after_swaps() {
        let input = RoundsInput {
            people: 6,
            rounds: vec![vec![spec(3), spec(3)]; 3],
            met_before: vec![(0, 1, 2), (2, 3, 1)],
            blocked: vec![(0, 4)],
            mutual_wants: vec![(1, 5)],
            ..RoundsInput::default()
        };
        let l = layout(&input).expect("valid");
        let (pairs, wanted_met, history_repeats) = setup_pairs(&input);
        let mut s = State::new(&l, pairs, wanted_met);
        for r in 0..3 {
            for p in 0..6u32 {
                s.seat(r, p, p % 2);
            }
        }
        check_counts(&s, history_repeats);
        assert!(s.blocks > 0);
        s.swap(0, 0, 1);
        s.swap(2, 4, 3);
        check_counts(&s, history_repeats);
        s.swap(1, 2, 5);
        s.swap(0, 0, 1);
        check_counts(&s, history_repeats);
        let snap = s.table_of.clone();
        s.swap(1, 0, 1);
        s.restore(&snap);
        check_counts(&s, history_repeats);
        assert_eq!(s.table_of, snap);
    }
}
