//! Building one round before the search: the pluggable [`RoundBuilder`], the read-only
//! [`RoundView`] it gets, and the default greedy "freedom" construction.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::RoundsInput;
use super::layout::NONE;
use super::pairs::{BLOCKED, COUNT_MASK, WANTED};
use super::state::State;
use crate::matching::affinity::Affinity;
use crate::matching::model::{Assignment, PersonId, TableId, TableSpec};

/// Up to this many people the greedy orders people by freedom (O(n²) per round); above it, in
/// random order.
const FREEDOM_LIMIT: usize = 3000;
/// Above this many open tables the greedy scores a random sample of them per person.
const TABLE_SAMPLE: usize = 64;
/// Up to this many people the default construction fills tables with pairs (O(n³) per round).
const PAIR_GREEDY_LIMIT: usize = 128;

/// Produces one round's seating before the multi-round search starts, e.g. a strong single-round
/// affinity solver. Rounds are built in order; the view shows history plus the rounds built so
/// far. Returning `None` falls back to [`freedom_greedy`].
///
/// A returned assignment must seat every person at a table of this round, respect the locks and
/// keep each table within its bounds; otherwise planning fails with
/// [`super::RoundsError::Builder`].
pub trait RoundBuilder {
    fn build_round(&mut self, view: &RoundView<'_>) -> Option<Assignment>;
}

impl<F> RoundBuilder for F
where
    F: FnMut(&RoundView<'_>) -> Option<Assignment>,
{
    fn build_round(&mut self, view: &RoundView<'_>) -> Option<Assignment> {
        self(view)
    }
}

/// What a [`RoundBuilder`] may read about the round it builds.
pub struct RoundView<'v> {
    pub(super) round: usize,
    pub(super) seed: u64,
    pub(super) input: &'v RoundsInput,
    pub(super) affinity: &'v dyn Affinity,
    pub(super) state: &'v State<'v>,
}

impl<'v> RoundView<'v> {
    /// Index of the round being built.
    pub fn round(&self) -> usize {
        self.round
    }

    pub fn people(&self) -> usize {
        self.input.people
    }

    pub fn tables(&self) -> &'v [TableSpec] {
        &self.input.rounds[self.round]
    }

    /// Balanced sizes within the bounds (locked tables: their locked people); they seat the fewest
    /// pairs, which leaves the most room for later rounds.
    pub fn sizes(&self) -> &'v [u32] {
        let l = self.state.layout;
        &l.sizes[l.tables(self.round)]
    }

    pub fn locked_seats(&self) -> &'v [(PersonId, TableId)] {
        self.input
            .locked_seats
            .get(self.round)
            .map_or(&[], Vec::as_slice)
    }

    /// A seed for this round, derived from the plan's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn affinity(&self) -> &'v dyn Affinity {
        self.affinity
    }

    /// Meetings of `i` and `j` so far: history plus the rounds already built.
    pub fn met(&self, i: PersonId, j: PersonId) -> u32 {
        u32::from(self.state.pairs.count(i, j))
    }

    pub fn blocked(&self, i: PersonId, j: PersonId) -> bool {
        self.state.pairs.cell(i, j) & BLOCKED != 0
    }

    /// Both want to meet (and should, once in the series).
    pub fn wanted(&self, i: PersonId, j: PersonId) -> bool {
        self.state.pairs.cell(i, j) & WANTED != 0
    }

    pub fn blocked_pairs(&self) -> &'v [(PersonId, PersonId)] {
        &self.input.blocked
    }

    /// Every pair met so far with its count, `i < j`, sorted: the shape of
    /// [`crate::matching::model::Problem::met_before`].
    pub fn met_pairs(&self) -> Vec<(PersonId, PersonId, u32)> {
        let mut met: BTreeMap<(PersonId, PersonId), u32> = BTreeMap::new();
        for &(i, j, c) in &self.input.met_before {
            *met.entry((i.min(j), i.max(j))).or_default() += c;
        }
        let layout = self.state.layout;
        for r in 0..self.round {
            for t in 0..(layout.table_base[r + 1] - layout.table_base[r]) as u32 {
                let m = self.state.members(r, t);
                for (a, &i) in m.iter().enumerate() {
                    for &j in &m[a + 1..] {
                        *met.entry((i.min(j), i.max(j))).or_default() += 1;
                    }
                }
            }
        }
        met.into_iter()
            .filter(|&(_, c)| c > 0)
            .map(|((i, j), c)| (i, j, c))
            .collect()
    }
}

/// The default construction, after Triska & Musliu's greedy initialisation (Annals of OR 2012).
///
/// Up to 128 people, tables are filled one after another with *pairs* who have not met each
/// other nor anyone at the table, choosing an unmet wanted pair if there is one, else the pair
/// that leaves the table the most "freedom" (people who could still join it without a repeat).
/// Above that, people are seated one by one, fewest still-possible new partners first, at the
/// open table where they add the fewest blocked pairs and repeats, then the most unmet wanted
/// partners, then the most affinity. Ties are broken at random; tables are filled to
/// [`RoundView::sizes`].
pub fn freedom_greedy(view: &RoundView<'_>) -> Assignment {
    if view.people() <= PAIR_GREEDY_LIMIT {
        pair_greedy(view)
    } else {
        person_greedy(view)
    }
}

/// A bitset over people.
type Bits = Vec<u64>;

fn has(bits: &[u64], i: u32) -> bool {
    bits[i as usize / 64] >> (i % 64) & 1 == 1
}

fn clear(bits: &mut [u64], i: u32) {
    bits[i as usize / 64] &= !(1 << (i % 64));
}

fn ones(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let b = rest.trailing_zeros();
                rest &= rest - 1;
                w as u32 * 64 + b
            })
        })
    })
}

fn and_count(a: &[u64], b: &[u64], c: &[u64]) -> u32 {
    a.iter()
        .zip(b)
        .zip(c)
        .map(|((x, y), z)| (x & y & z).count_ones())
        .sum()
}

/// Pairwise filling; see [`freedom_greedy`].
fn pair_greedy(view: &RoundView<'_>) -> Assignment {
    let n = view.people();
    let words = n.div_ceil(64);
    let sizes = view.sizes();
    let tables = view.tables();
    let mut rng = ChaCha8Rng::seed_from_u64(view.seed());
    let mut table_of = vec![NONE; n];
    let mut seated: Vec<Vec<PersonId>> = vec![Vec::new(); tables.len()];
    let mut unplaced: Bits = vec![0; words];
    for p in 0..n as u32 {
        unplaced[p as usize / 64] |= 1 << (p % 64);
    }
    for &(p, t) in view.locked_seats() {
        if table_of[p as usize] == NONE {
            table_of[p as usize] = t;
            seated[t as usize].push(p);
            clear(&mut unplaced, p);
        }
    }
    let free: Vec<Bits> = (0..n as u32)
        .map(|p| {
            let mut b = vec![0u64; words];
            for q in 0..n as u32 {
                if q != p && free_pair(view, p, q) {
                    b[q as usize / 64] |= 1 << (q % 64);
                }
            }
            b
        })
        .collect();
    let mut order: Vec<usize> = (0..tables.len()).filter(|&t| !tables[t].locked).collect();
    order.sort_by_key(|&t| std::cmp::Reverse(seated[t].len()));

    for t in order {
        let mut common = unplaced.clone();
        for &m in &seated[t] {
            common
                .iter_mut()
                .zip(&free[m as usize])
                .for_each(|(c, f)| *c &= f);
        }
        let place = |p: u32,
                     table_of: &mut Vec<u32>,
                     seated: &mut Vec<Vec<PersonId>>,
                     unplaced: &mut Bits,
                     common: &mut Bits| {
            table_of[p as usize] = t as u32;
            seated[t].push(p);
            clear(unplaced, p);
            clear(common, p);
            common
                .iter_mut()
                .zip(&free[p as usize])
                .for_each(|(c, f)| *c &= f);
        };
        while sizes[t] as usize >= seated[t].len() + 2 {
            let mut best: Option<(u32, u32)> = None;
            let mut best_score = 0u32;
            let mut ties = 0u32;
            for a in ones(&common) {
                for b in ones(&free[a as usize]) {
                    if b <= a || !has(&common, b) {
                        continue;
                    }
                    let wanted = view.wanted(a, b) && view.met(a, b) == 0;
                    let score = (u32::from(wanted) << 16)
                        + and_count(&common, &free[a as usize], &free[b as usize]);
                    if best.is_none() || score > best_score {
                        best = Some((a, b));
                        best_score = score;
                        ties = 0;
                    } else if score == best_score {
                        ties += 1;
                        if rng.random_range(0..=ties) == 0 {
                            best = Some((a, b));
                        }
                    }
                }
            }
            let Some((a, b)) = best else { break };
            place(a, &mut table_of, &mut seated, &mut unplaced, &mut common);
            place(b, &mut table_of, &mut seated, &mut unplaced, &mut common);
        }
        while (sizes[t] as usize) > seated[t].len() {
            let mut best: Option<u32> = None;
            let mut best_key = (u64::MAX, 0u32);
            let mut ties = 0u32;
            for a in ones(&unplaced) {
                let cost: u64 = seated[t]
                    .iter()
                    .map(|&j| {
                        let cell = view.state.pairs.cell(a, j);
                        u64::from(cell & COUNT_MASK) + if cell & BLOCKED != 0 { 1 << 32 } else { 0 }
                    })
                    .sum();
                let wanted = seated[t]
                    .iter()
                    .filter(|&&j| view.wanted(a, j) && view.met(a, j) == 0)
                    .count() as u32;
                let freedom = (wanted << 16) + and_count(&common, &free[a as usize], &unplaced);
                let key = (cost, freedom);
                if best.is_none()
                    || key.0 < best_key.0
                    || (key.0 == best_key.0 && key.1 > best_key.1)
                {
                    best = Some(a);
                    best_key = key;
                    ties = 0;
                } else if key == best_key {
                    ties += 1;
                    if rng.random_range(0..=ties) == 0 {
                        best = Some(a);
                    }
                }
            }
            let Some(a) = best else { break };
            place(a, &mut table_of, &mut seated, &mut unplaced, &mut common);
        }
    }
    Assignment { table_of }
}

/// Person by person; see [`freedom_greedy`].
fn person_greedy(view: &RoundView<'_>) -> Assignment {
    let n = view.people();
    let sizes = view.sizes();
    let tables = view.tables();
    let mut rng = ChaCha8Rng::seed_from_u64(view.seed());
    let mut table_of = vec![NONE; n];
    let mut seated: Vec<Vec<PersonId>> = vec![Vec::new(); tables.len()];
    for &(p, t) in view.locked_seats() {
        if table_of[p as usize] == NONE {
            table_of[p as usize] = t;
            seated[t as usize].push(p);
        }
    }
    let mut open: Vec<u32> = (0..tables.len() as u32)
        .filter(|&t| {
            !tables[t as usize].locked && (seated[t as usize].len() as u32) < sizes[t as usize]
        })
        .collect();

    let mut waiting: Vec<PersonId> = (0..n as u32)
        .filter(|&p| table_of[p as usize] == NONE)
        .collect();
    let tie: Vec<u32> = (0..n).map(|_| rng.random()).collect();
    let by_freedom = n <= FREEDOM_LIMIT;
    let mut freedom = vec![0u32; n];
    if by_freedom {
        for (a, &p) in waiting.iter().enumerate() {
            for &q in &waiting[a + 1..] {
                if free_pair(view, p, q) {
                    freedom[p as usize] += 1;
                    freedom[q as usize] += 1;
                }
            }
        }
    } else {
        waiting.sort_by_key(|&p| tie[p as usize]);
        waiting.reverse();
    }

    while !waiting.is_empty() {
        let at = if by_freedom {
            let mut best = 0;
            for (k, &p) in waiting.iter().enumerate() {
                let key = (freedom[p as usize], tie[p as usize]);
                let b = waiting[best];
                if key < (freedom[b as usize], tie[b as usize]) {
                    best = k;
                }
            }
            best
        } else {
            waiting.len() - 1
        };
        let p = waiting.swap_remove(at);
        let Some(k) = pick_table(view, p, &open, &seated, &mut rng) else {
            break;
        };
        let t = open[k];
        table_of[p as usize] = t;
        seated[t as usize].push(p);
        if seated[t as usize].len() as u32 >= sizes[t as usize] {
            open.swap_remove(k);
        }
        if by_freedom {
            for &q in &waiting {
                if free_pair(view, p, q) {
                    freedom[q as usize] -= 1;
                }
            }
        }
    }
    Assignment { table_of }
}

fn free_pair(view: &RoundView<'_>, p: PersonId, q: PersonId) -> bool {
    view.state.pairs.cell(p, q) & (BLOCKED | COUNT_MASK) == 0
}

/// Index into `open` of the best table for `p`, or `None` when no table is open.
fn pick_table(
    view: &RoundView<'_>,
    p: PersonId,
    open: &[u32],
    seated: &[Vec<PersonId>],
    rng: &mut ChaCha8Rng,
) -> Option<usize> {
    if open.is_empty() {
        return None;
    }
    let sample = open.len() > TABLE_SAMPLE;
    let candidates = if sample { TABLE_SAMPLE } else { open.len() };
    let mut best: Option<(usize, (u64, i64, f64))> = None;
    let mut ties = 0u32;
    for c in 0..candidates {
        let k = if sample {
            rng.random_range(0..open.len())
        } else {
            c
        };
        let mut cost = 0u64;
        let mut wanted = 0i64;
        let mut aff = 0.0;
        for &j in &seated[open[k] as usize] {
            let cell = view.state.pairs.cell(p, j);
            if cell & BLOCKED != 0 {
                cost += 1 << 32;
            }
            cost += u64::from(cell & COUNT_MASK);
            if cell & WANTED != 0 && cell & COUNT_MASK == 0 {
                wanted += 1;
            }
            aff += view.affinity.pair(p, j);
        }
        let key = (cost, -wanted, -aff);
        match best {
            Some((_, b)) if key.partial_cmp(&b) == Some(std::cmp::Ordering::Greater) => {}
            Some((_, b)) if key.partial_cmp(&b) == Some(std::cmp::Ordering::Equal) => {
                ties += 1;
                if rng.random_range(0..=ties) == 0 {
                    best = Some((k, key));
                }
            }
            _ => {
                ties = 0;
                best = Some((k, key));
            }
        }
    }
    best.map(|(k, _)| k)
}
