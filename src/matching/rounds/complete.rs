//! A repeat-free plan by complete backtracking, tried with a node budget when construction left
//! repeats or blocked pairs: the classic constraint-programming labelling of the Social Golfer
//! Problem, person by person and, for each person, round by round.
//!
//! Every person takes, in each round, the first table (in table order) that has a free seat and
//! none of whose people they have met (in history, or earlier in this plan) or are blocked with;
//! on a dead end the search backtracks. Empty tables of one round with the same bounds and size
//! are interchangeable, so only the first of them is tried (this symmetry breaking is what makes
//! the search small). Locked people are seated first; locked tables take nobody else.
//!
//! This lexicographic search reaches the bound quickly on some structured instances where local
//! search stalls — 32 people at tables of 4 for 9 rounds takes a few hundred nodes — and fails
//! within its budget on many others (e.g. Kirkman's 15 schoolgirls), where phase one then runs as
//! before. It ignores wanted pairs and affinity, so it is not tried when there are mutual-want
//! pairs (phase one keeps them met); phase two still raises affinity.

use super::layout::{Layout, NONE};
use crate::matching::model::PersonId;

/// Backtracking steps (each seats or unseats one person) before giving up. Where this search
/// works it needs few (32 people at tables of 4 for 9 rounds: about 430); where it does not, a
/// larger budget rarely helps and would delay phase one on inputs it solves in milliseconds.
pub(super) const NODE_LIMIT: u64 = 20_000;
/// Above this many people the search is not tried (its bitsets grow as n²).
const PEOPLE_LIMIT: usize = 2048;
/// Nodes between two looks at the deadline.
const DEADLINE_EVERY: u64 = 4096;

/// Seats for every slot (`round * n + person`) of a plan in which no pair meets twice (counting
/// `forbidden` pairs as already met), or `None` when none was found within `node_limit` nodes or
/// before `expired` returned true.
pub(super) fn search(
    layout: &Layout,
    forbidden: &[(PersonId, PersonId)],
    node_limit: u64,
    mut expired: impl FnMut() -> bool,
) -> Option<Vec<u32>> {
    let n = layout.n;
    let rounds = layout.rounds;
    if n == 0 || rounds == 0 || n > PEOPLE_LIMIT {
        return None;
    }
    let words = n.div_ceil(64);
    let mut s = Search {
        layout,
        words,
        met: vec![0; n * words],
        members: vec![0; layout.specs.len() * words],
        count: vec![0; layout.specs.len()],
        table_of: vec![NONE; rounds * n],
    };
    for &(i, j) in forbidden {
        if i != j && (i as usize) < n && (j as usize) < n {
            s.set_met(i as usize, j as usize, true);
        }
    }
    if !s.partners_suffice() {
        return None;
    }
    for slot in 0..rounds * n {
        let lock = layout.lock_of[slot];
        if lock != NONE {
            let (r, p) = (slot / n, slot % n);
            let g = layout.table_base[r] + lock as usize;
            if !s.fits(p, g) {
                return None;
            }
            s.place(slot, g);
        }
    }

    // Person-major order: all rounds of person 0, then of person 1, ...
    let vars: Vec<usize> = (0..n)
        .flat_map(|p| (0..rounds).map(move |r| r * n + p))
        .filter(|&slot| layout.lock_of[slot] == NONE)
        .collect();
    // Per depth: the next local table to try.
    let mut next = vec![0u32; vars.len() + 1];
    let mut depth = 0;
    let mut nodes = 0u64;
    loop {
        if depth == vars.len() {
            return Some(s.table_of);
        }
        let slot = vars[depth];
        let r = slot / n;
        if s.table_of[slot] != NONE {
            s.unplace(slot);
        }
        let tables = layout.tables(r);
        let mut placed = false;
        let mut t = next[depth] as usize;
        while tables.start + t < tables.end {
            let g = tables.start + t;
            t += 1;
            if !s.open_for(slot, g) {
                continue;
            }
            s.place(slot, g);
            placed = true;
            break;
        }
        if placed {
            next[depth] = t as u32;
            depth += 1;
            next[depth] = 0;
        } else if depth == 0 {
            return None;
        } else {
            next[depth] = 0;
            depth -= 1;
        }
        nodes += 1;
        if nodes >= node_limit || (nodes.is_multiple_of(DEADLINE_EVERY) && expired()) {
            return None;
        }
    }
}

struct Search<'a> {
    layout: &'a Layout,
    words: usize,
    /// Per person, a bitset of the people they may no longer meet.
    met: Vec<u64>,
    /// Per global table, a bitset of its people.
    members: Vec<u64>,
    count: Vec<u32>,
    table_of: Vec<u32>,
}

impl Search<'_> {
    fn set_met(&mut self, i: usize, j: usize, on: bool) {
        for (a, b) in [(i, j), (j, i)] {
            let w = &mut self.met[a * self.words + b / 64];
            if on {
                *w |= 1 << (b % 64);
            } else {
                *w &= !(1 << (b % 64));
            }
        }
    }

    /// False when some person must meet more new people than they have left, so no plan exists.
    fn partners_suffice(&self) -> bool {
        let l = self.layout;
        let needed: u64 = (0..l.rounds)
            .map(|r| {
                l.tables(r)
                    .map(|g| l.sizes[g])
                    .min()
                    .map_or(0, |s| u64::from(s.saturating_sub(1)))
            })
            .sum();
        (0..l.n).all(|p| {
            let met: u32 = self.met[p * self.words..(p + 1) * self.words]
                .iter()
                .map(|w| w.count_ones())
                .sum();
            needed <= (l.n as u64 - 1).saturating_sub(u64::from(met))
        })
    }

    /// Room at global table `g` and nobody there that `p` may not meet.
    fn fits(&self, p: usize, g: usize) -> bool {
        let w = self.words;
        self.count[g] < self.layout.sizes[g]
            && self.members[g * w..(g + 1) * w]
                .iter()
                .zip(&self.met[p * w..(p + 1) * w])
                .all(|(m, x)| m & x == 0)
    }

    /// Whether the unlocked person of `slot` may take global table `g`: it fits, is not locked,
    /// and is not an empty table interchangeable with an earlier empty one of the round.
    fn open_for(&self, slot: usize, g: usize) -> bool {
        let l = self.layout;
        let p = slot % l.n;
        if l.specs[g].locked || !self.fits(p, g) {
            return false;
        }
        if self.count[g] == 0 {
            let r = slot / l.n;
            let same = |h: usize| {
                self.count[h] == 0
                    && !l.specs[h].locked
                    && l.sizes[h] == l.sizes[g]
                    && l.lower[h] == l.lower[g]
                    && l.upper[h] == l.upper[g]
            };
            if (l.table_base[r]..g).any(same) {
                return false;
            }
        }
        true
    }

    fn place(&mut self, slot: usize, g: usize) {
        let l = self.layout;
        let (r, p) = (slot / l.n, slot % l.n);
        let w = self.words;
        for k in 0..w {
            let mut bits = self.members[g * w + k];
            while bits != 0 {
                let q = k * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.set_met(p, q, true);
            }
        }
        self.members[g * w + p / 64] |= 1 << (p % 64);
        self.count[g] += 1;
        self.table_of[slot] = (g - l.table_base[r]) as u32;
    }

    fn unplace(&mut self, slot: usize) {
        let l = self.layout;
        let (r, p) = (slot / l.n, slot % l.n);
        let g = l.table_base[r] + self.table_of[slot] as usize;
        let w = self.words;
        self.members[g * w + p / 64] &= !(1 << (p % 64));
        self.count[g] -= 1;
        for k in 0..w {
            let mut bits = self.members[g * w + k];
            while bits != 0 {
                let q = k * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.set_met(p, q, false);
            }
        }
        self.table_of[slot] = NONE;
    }
}

#[cfg(test)]
mod tests {
    use super::super::RoundsInput;
    use super::super::layout::layout;
    use super::*;
    use crate::matching::model::TableSpec;

    fn golfer(n: usize, k: u32, rounds: usize) -> RoundsInput {
        let table = TableSpec {
            min: k,
            max: k,
            locked: false,
        };
        RoundsInput {
            people: n,
            rounds: vec![vec![table; n / k as usize]; rounds],
            ..RoundsInput::default()
        }
    }

    /// Recounts pair meetings from the seats: every pair at most once, none of `forbidden`,
    /// every table at its size.
    fn assert_repeat_free(l: &Layout, seats: &[u32], forbidden: &[(PersonId, PersonId)]) {
        let n = l.n;
        let mut met = vec![0u32; n * n];
        for &(i, j) in forbidden {
            met[i as usize * n + j as usize] += 1;
            met[j as usize * n + i as usize] += 1;
        }
        for r in 0..l.rounds {
            let mut size = vec![0u32; l.tables(r).len()];
            for p in 0..n {
                let t = seats[r * n + p];
                size[t as usize] += 1;
                for q in p + 1..n {
                    if seats[r * n + q] == t {
                        met[p * n + q] += 1;
                        assert!(met[p * n + q] == 1, "{p} and {q} meet again in round {r}");
                    }
                }
            }
            assert_eq!(size, l.sizes[l.tables(r)].to_vec());
        }
    }

    #[test]
    fn thirty_two_people_in_fours_get_nine_repeat_free_rounds() {
        let l = layout(&golfer(32, 4, 9)).expect("valid");
        let seats = search(&l, &[], NODE_LIMIT, || false).expect("found within the budget");
        assert_repeat_free(&l, &seats, &[]);
    }

    #[test]
    fn history_blocks_and_locks_are_respected() {
        let mut input = golfer(16, 4, 4);
        input.locked_seats = vec![vec![], vec![(5, 3), (10, 3)], vec![], vec![(0, 2)]];
        let forbidden = [(0, 5), (2, 7), (4, 12)];
        let l = layout(&input).expect("valid");
        let seats = search(&l, &forbidden, NODE_LIMIT, || false).expect("found");
        assert_repeat_free(&l, &seats, &forbidden);
        assert_eq!((seats[16 + 5], seats[16 + 10], seats[3 * 16]), (3, 3, 2));
    }

    #[test]
    fn too_many_rounds_or_a_spent_budget_give_nothing() {
        let l = layout(&golfer(32, 4, 11)).expect("valid");
        assert_eq!(search(&l, &[], NODE_LIMIT, || false), None);
        let l = layout(&golfer(32, 4, 9)).expect("valid");
        assert_eq!(search(&l, &[], 50, || false), None);
        let mut looks = 0;
        let ten_rounds = layout(&golfer(32, 4, 10)).expect("valid");
        let stopped = search(&ten_rounds, &[], NODE_LIMIT, || {
            looks += 1;
            true
        });
        assert_eq!((stopped, looks), (None, 1));
    }
}
