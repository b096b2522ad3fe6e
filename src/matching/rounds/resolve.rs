//! A large step for phase one: re-seating one whole round by branch and bound, with every other
//! round fixed, so as to seat it with fewer repeats (or, on request, as few but differently).
//!
//! Near the feasibility bound single swaps rarely help (most people have met most others), but a
//! round as a whole can often be re-partitioned into tables of people who have not met: that is a
//! packing of cliques in the "not met yet" graph, small enough to search exactly.

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::layout::NONE;
use super::pairs::{BLOCKED, COUNT_MASK};
use super::state::{BLOCK_WEIGHT, State};

/// The search over one round's seats.
struct Search<'s> {
    state: &'s State<'s>,
    /// Movable people of the round.
    people: Vec<u32>,
    /// Local ids of the tables people can join, and how many more each takes.
    tables: Vec<u32>,
    room: Vec<u32>,
    /// Per entry of `tables`: people seated there so far (locked ones first).
    seated: Vec<Vec<u32>>,
    /// Per entry of `tables`: true when it held nobody at the start and so is interchangeable
    /// with other such tables of the same room.
    blank: Vec<bool>,
    table_of: Vec<u32>,
    best: Vec<u32>,
    best_cost: i64,
    nodes: u64,
    node_limit: u64,
    /// Scratch: incremental cost per (person index, table index).
    inc: Vec<i64>,
}

/// Cost of seating `p` next to `j`: one per pair that has met before, a block outweighs all.
#[inline]
fn pair_cost(state: &State<'_>, p: u32, j: u32) -> i64 {
    let cell = state.pairs.cell(p, j);
    i64::from(cell & COUNT_MASK != 0) + if cell & BLOCKED != 0 { BLOCK_WEIGHT } else { 0 }
}

impl Search<'_> {
    fn dfs(&mut self, cost: i64, left: usize) {
        if self.nodes >= self.node_limit || self.best_cost == 0 {
            return;
        }
        self.nodes += 1;
        if left == 0 {
            if cost < self.best_cost {
                self.best_cost = cost;
                self.best.copy_from_slice(&self.table_of);
            }
            return;
        }
        let nt = self.tables.len();
        let mut bound = cost;
        let mut pick = usize::MAX;
        let mut pick_key = (usize::MAX, i64::MIN);
        for (i, &p) in self.people.iter().enumerate() {
            if self.table_of[i] != NONE {
                continue;
            }
            let mut min = i64::MAX;
            let mut at_min = 0usize;
            for t in 0..nt {
                let c = if self.room[t] == 0 {
                    i64::MAX
                } else {
                    self.seated[t].iter().map(|&j| pair_cost(self.state, p, j)).sum()
                };
                self.inc[i * nt + t] = c;
                if c < min {
                    min = c;
                    at_min = 1;
                } else if c == min {
                    at_min += 1;
                }
            }
            bound = bound.saturating_add(min);
            let key = (at_min, -min);
            if key.0 < pick_key.0 || (key.0 == pick_key.0 && key.1 > pick_key.1) {
                pick_key = key;
                pick = i;
            }
        }
        if bound >= self.best_cost || pick == usize::MAX {
            return;
        }
        let p = self.people[pick];
        let mut order: Vec<(i64, usize)> = (0..nt)
            .filter(|&t| self.room[t] > 0)
            .map(|t| (self.inc[pick * nt + t], t))
            .collect();
        order.sort_unstable();
        let mut tried_blank: Vec<u32> = Vec::new();
        for (c, t) in order {
            if cost + c >= self.best_cost {
                break;
            }
            if self.blank[t] && self.seated[t].is_empty() {
                if tried_blank.contains(&self.room[t]) {
                    continue;
                }
                tried_blank.push(self.room[t]);
            }
            self.table_of[pick] = t as u32;
            self.seated[t].push(p);
            self.room[t] -= 1;
            self.dfs(cost + c, left - 1);
            self.room[t] += 1;
            self.seated[t].pop();
            self.table_of[pick] = NONE;
            if self.nodes >= self.node_limit || self.best_cost == 0 {
                return;
            }
        }
    }
}

/// Re-seats the movable people of round `r` (table sizes unchanged) if a seating with fewer
/// repeats, or with `allow_equal` one as good, is found within `node_limit` search nodes.
/// Returns true if the round changed.
pub(super) fn resolve_round(
    state: &mut State<'_>,
    r: usize,
    node_limit: u64,
    allow_equal: bool,
    rng: &mut ChaCha8Rng,
) -> bool {
    let layout = state.layout;
    let n = layout.n;
    let mut people: Vec<u32> = (0..n as u32)
        .filter(|&p| layout.is_movable(r * n + p as usize))
        .collect();
    if people.len() < 2 {
        return false;
    }
    people.shuffle(rng);
    let old: Vec<u32> = people
        .iter()
        .map(|&p| state.table_of[r * n + p as usize])
        .collect();
    for &p in &people {
        state.unseat(r, p);
    }
    let mut sizes = vec![0u32; layout.tables(r).len()];
    for &t in &old {
        sizes[t as usize] += 1;
    }
    let mut tables: Vec<u32> = (0..sizes.len() as u32)
        .filter(|&t| sizes[t as usize] > 0)
        .collect();
    tables.shuffle(rng);
    let seated: Vec<Vec<u32>> = tables.iter().map(|&t| state.members(r, t).to_vec()).collect();
    let blank = seated.iter().map(Vec::is_empty).collect();
    let room = tables.iter().map(|&t| sizes[t as usize]).collect();
    let nt = tables.len();
    let old_cost = recount(state, r, &people, &old);
    let target = if allow_equal { old_cost + 1 } else { old_cost };
    let mut search = Search {
        state,
        table_of: vec![NONE; people.len()],
        best: vec![NONE; people.len()],
        inc: vec![0; people.len() * nt],
        people,
        tables,
        room,
        seated,
        blank,
        best_cost: target,
        nodes: 0,
        node_limit,
    };
    search.dfs(0, search.people.len());
    let found = search.best_cost < target;
    let new: Vec<u32> = if found {
        search.best.iter().map(|&k| search.tables[k as usize]).collect()
    } else {
        old.clone()
    };
    let people = std::mem::take(&mut search.people);
    for (&p, &t) in people.iter().zip(&new) {
        state.seat(r, p, t);
    }
    found && new != old
}

/// Cost of seating `people` at `tables` in round `r`, from which they are all unseated: met
/// pairs among them and with the people still seated.
fn recount(state: &State<'_>, r: usize, people: &[u32], tables: &[u32]) -> i64 {
    let mut cost = 0;
    for (i, &p) in people.iter().enumerate() {
        for &j in state.members(r, tables[i]) {
            cost += pair_cost(state, p, j);
        }
        for (k, &q) in people.iter().enumerate().skip(i + 1) {
            if tables[i] == tables[k] {
                cost += pair_cost(state, p, q);
            }
        }
    }
    cost
}
