//! The conference affinity: `d(i, j)` computed on demand from sparse interest sets, wants,
//! affiliations and history, with the indexes a sparse solver needs (interest → people, wants in
//! both directions, blocks) so that no `n × n` matrix is ever built.
//!
//! # The objective
//!
//! A seating is scored by `Σ_tables Σ_{i<j at the table} d(i, j)` with
//!
//! ```text
//! d(i, j) = shared_interest · Σ_{t ∈ I(i) ∩ I(j)} r_t · w_it · w_jt
//!         + mutual_want        if i wants to meet j and j wants to meet i
//!         + one_sided_want     if exactly one of them wants to meet the other
//!         − same_affiliation   if both have the same affiliation
//!         − met_before · (times i and j sat together before)
//! ```
//!
//! where the names in `snake_case` are the problem's [`Weights`], `w_it` is person `i`'s weight for
//! interest `t` (1 when the person gives none) and `r_t` is the *rarity* of interest `t`:
//!
//! ```text
//! r_t = ln(1 + n / c_t)      n = people in the problem, c_t = people holding t
//! ```
//!
//! a smoothed inverse document frequency. An interest held by a handful of people among thousands
//! weighs about `ln(n)` (≈ 9 at n = 10,000); one that 70 % hold weighs ≈ 0.9, so two people who
//! share a rare interest are pulled together far more than two who share a popular one, and a
//! shared interest always counts for something (`r_t > ln 2` whenever `c_t ≤ n`).
//!
//! Blocked pairs are not part of `d`: they are a hard constraint the solvers enforce
//! ([`ConferenceAffinity::blocked`]). An *orphan* is a person who shares no interest with anyone
//! at their table (the definition `explain` reports); the solvers avoid orphans as a secondary goal.
//!
//! `d` is exactly symmetric: the interest sum runs over common interests in ascending id order and
//! `w_it · w_jt` commutes, whichever of the two is asked first.

use super::affinity::Affinity;
use super::model::{PersonId, Problem, Weights};

/// Why a problem cannot be turned into a [`ConferenceAffinity`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConferenceError {
    #[error("person {person} has {interests} interests but {weights} interest weights")]
    WeightCount {
        person: PersonId,
        interests: usize,
        weights: usize,
    },
    #[error("person {person} has interest weight {weight}; weights must be finite and ≥ 0")]
    BadWeight { person: PersonId, weight: f32 },
    #[error("person {person} refers to person {other}, but there are only {people} people")]
    UnknownPerson {
        person: PersonId,
        other: PersonId,
        people: usize,
    },
    #[error("the problem has {0} people; at most u32::MAX - 1 are supported")]
    TooManyPeople(usize),
}

/// What the solver needs to know about one pair, computed in one pass.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Relation {
    /// `d(i, j)`.
    pub affinity: f64,
    /// They hold at least one interest in common (so neither is an orphan with the other there).
    pub shares_interest: bool,
    /// One of them blocks the other: they must not sit together.
    pub blocked: bool,
}

/// `d(i, j)` split into the parts of the formula in the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PairParts {
    /// `shared_interest · Σ r_t · w_it · w_jt` over common interests.
    pub interests: f64,
    /// Number of common interests.
    pub shared_interests: u32,
    /// `mutual_want`, `one_sided_want` or 0.
    pub wants: f64,
    /// `−same_affiliation` or 0.
    pub same_affiliation: f64,
    /// `−met_before · times met`.
    pub met_before: f64,
}

impl PairParts {
    pub fn total(&self) -> f64 {
        self.interests + self.wants + self.same_affiliation + self.met_before
    }
}

/// A compressed list of lists: the items of row `r` are `items[start[r]..start[r + 1]]`.
#[derive(Debug, Clone, Default, PartialEq)]
struct Rows<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T> Rows<T> {
    fn from_lists(lists: impl IntoIterator<Item = Vec<T>>) -> Self {
        let mut rows = Self {
            start: vec![0],
            items: Vec::new(),
        };
        for list in lists {
            rows.items.extend(list);
            rows.start.push(rows.items.len() as u32);
        }
        rows
    }

    #[inline]
    fn range(&self, r: usize) -> std::ops::Range<usize> {
        self.start[r] as usize..self.start[r + 1] as usize
    }

    #[inline]
    fn row(&self, r: usize) -> &[T] {
        &self.items[self.range(r)]
    }
}

const NO_AFFILIATION: u32 = u32::MAX;
/// Interests with dense ids below this (the most popular) are also kept as a bitmask per person.
const POPULAR: u32 = 64;
const HAS_WANTS: u32 = 1;
const HAS_MET: u32 = 2;
const HAS_BLOCKS: u32 = 4;

/// What the hot path reads about a person, packed into one cache-line quarter so that a pair
/// evaluation touches two headers and two interest lists, not one array per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    /// Start of the person's row in `interests`.
    start: u32,
    len: u32,
    affiliation: u32,
    /// `HAS_WANTS` (wants or is wanted), `HAS_MET`, `HAS_BLOCKS`.
    flags: u32,
    /// Bit `t` set when the person holds popular interest `t < POPULAR`; those come first in the
    /// person's sorted list, so the rest of the list starts at `popular.count_ones()`.
    popular: u64,
}

/// Sparse pair affinities of a conference; see the module docs for the formula.
///
/// Invariants: interest ids are re-numbered densely (`0..vocabulary()`) by decreasing number of
/// holders (ties by the problem's id), every per-person list is sorted and unique, and the
/// `POPULAR` most common interests are also a bitmask per person, so a pair evaluation merges only
/// the short lists of rarer interests; `blocks` is symmetric; `met` holds
/// each earlier meeting under both people with counts summed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConferenceAffinity {
    weights: Weights,
    /// The problem's interest id of each dense id.
    interest_ids: Vec<u32>,
    /// `r_t` per dense interest id.
    rarity: Vec<f64>,
    /// Dense interest ids per person, ascending.
    interests: Rows<u32>,
    /// `w_it`, parallel to `interests`.
    interest_weight: Rows<f32>,
    /// Whether every `w_it` is 1, which lets the hot loop skip the weights.
    unit_weights: bool,
    /// Holders per dense interest id, ascending.
    holders: Rows<PersonId>,
    wants: Rows<PersonId>,
    wanted_by: Rows<PersonId>,
    blocks: Rows<PersonId>,
    /// `(other, times met)` per person, ascending by `other`.
    met: Rows<(PersonId, u32)>,
    headers: Vec<Header>,
}

impl ConferenceAffinity {
    /// Builds the indexes from `problem`. Lists need not be sorted; duplicates are merged (an
    /// interest listed twice keeps its larger weight), self-references are ignored.
    pub fn new(problem: &Problem) -> Result<Self, ConferenceError> {
        let n = problem.people.len();
        if n >= u32::MAX as usize {
            return Err(ConferenceError::TooManyPeople(n));
        }
        let check = |person: usize, other: PersonId| {
            if (other as usize) < n {
                Ok(())
            } else {
                Err(ConferenceError::UnknownPerson {
                    person: person as PersonId,
                    other,
                    people: n,
                })
            }
        };

        let mut per_person: Vec<Vec<(u32, f32)>> = Vec::with_capacity(n);
        for (p, person) in problem.people.iter().enumerate() {
            let weights = &person.interest_weights;
            if !weights.is_empty() && weights.len() != person.interests.len() {
                return Err(ConferenceError::WeightCount {
                    person: p as PersonId,
                    interests: person.interests.len(),
                    weights: weights.len(),
                });
            }
            let mut list: Vec<(u32, f32)> = person
                .interests
                .iter()
                .enumerate()
                .map(|(k, &t)| (t, weights.get(k).copied().unwrap_or(1.0)))
                .collect();
            if let Some(&(_, weight)) = list.iter().find(|(_, w)| !(w.is_finite() && *w >= 0.0)) {
                return Err(ConferenceError::BadWeight {
                    person: p as PersonId,
                    weight,
                });
            }
            list.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            list.dedup_by_key(|e| e.0);
            per_person.push(list);
        }

        let mut sorted_ids: Vec<u32> = per_person.iter().flatten().map(|e| e.0).collect();
        sorted_ids.sort_unstable();
        sorted_ids.dedup();
        let position = |t: u32| sorted_ids.partition_point(|&x| x < t);
        let mut holders_by_position = vec![0u32; sorted_ids.len()];
        for &(t, _) in per_person.iter().flatten() {
            holders_by_position[position(t)] += 1;
        }
        let mut by_popularity: Vec<usize> = (0..sorted_ids.len()).collect();
        by_popularity.sort_by_key(|&k| (std::cmp::Reverse(holders_by_position[k]), k));
        let mut dense_of_position = vec![0u32; sorted_ids.len()];
        for (dense, &k) in by_popularity.iter().enumerate() {
            dense_of_position[k] = dense as u32;
        }
        let interest_ids: Vec<u32> = by_popularity.iter().map(|&k| sorted_ids[k]).collect();
        let count: Vec<u32> = by_popularity
            .iter()
            .map(|&k| holders_by_position[k])
            .collect();
        let mut holder_lists: Vec<Vec<PersonId>> = vec![Vec::new(); interest_ids.len()];
        let mut unit_weights = true;
        let mut dense_lists = Vec::with_capacity(n);
        let mut weight_lists = Vec::with_capacity(n);
        let mut popular = Vec::with_capacity(n);
        for (p, list) in per_person.iter().enumerate() {
            let mut entries: Vec<(u32, f32)> = list
                .iter()
                .map(|e| (dense_of_position[position(e.0)], e.1))
                .collect();
            entries.sort_unstable_by_key(|e| e.0);
            let mut mask = 0u64;
            for &(t, _) in &entries {
                holder_lists[t as usize].push(p as PersonId);
                if t < POPULAR {
                    mask |= 1 << t;
                }
            }
            unit_weights &= entries.iter().all(|e| e.1 == 1.0);
            popular.push(mask);
            dense_lists.push(entries.iter().map(|e| e.0).collect::<Vec<u32>>());
            weight_lists.push(entries.iter().map(|e| e.1).collect::<Vec<f32>>());
        }
        let rarity = count
            .iter()
            .map(|&c| (1.0 + n as f64 / f64::from(c.max(1))).ln())
            .collect();

        let mut wants_lists = Vec::with_capacity(n);
        let mut wanted_by_lists: Vec<Vec<PersonId>> = vec![Vec::new(); n];
        let mut block_lists: Vec<Vec<PersonId>> = vec![Vec::new(); n];
        for (p, person) in problem.people.iter().enumerate() {
            let mut wants = Vec::with_capacity(person.wants.len());
            for &q in &person.wants {
                check(p, q)?;
                if q as usize != p {
                    wants.push(q);
                }
            }
            wants.sort_unstable();
            wants.dedup();
            for &q in &wants {
                wanted_by_lists[q as usize].push(p as PersonId);
            }
            wants_lists.push(wants);
            for &q in &person.blocks {
                check(p, q)?;
                if q as usize != p {
                    block_lists[p].push(q);
                    block_lists[q as usize].push(p as PersonId);
                }
            }
        }
        for list in &mut block_lists {
            list.sort_unstable();
            list.dedup();
        }

        let mut met_lists: Vec<Vec<(PersonId, u32)>> = vec![Vec::new(); n];
        for &(a, b, times) in &problem.met_before {
            check(a.min(b) as usize, a.max(b))?;
            if a != b && times > 0 {
                met_lists[a as usize].push((b, times));
                met_lists[b as usize].push((a, times));
            }
        }
        for list in &mut met_lists {
            list.sort_unstable();
            let mut merged: Vec<(PersonId, u32)> = Vec::with_capacity(list.len());
            for &(q, times) in list.iter() {
                match merged.last_mut() {
                    Some(last) if last.0 == q => last.1 += times,
                    _ => merged.push((q, times)),
                }
            }
            *list = merged;
        }

        let headers = (0..n)
            .map(|p| {
                let mut flags = 0;
                if !wants_lists[p].is_empty() || !wanted_by_lists[p].is_empty() {
                    flags |= HAS_WANTS;
                }
                if !met_lists[p].is_empty() {
                    flags |= HAS_MET;
                }
                if !block_lists[p].is_empty() {
                    flags |= HAS_BLOCKS;
                }
                Header {
                    start: 0,
                    len: dense_lists[p].len() as u32,
                    affiliation: problem.people[p].affiliation.unwrap_or(NO_AFFILIATION),
                    flags,
                    popular: popular[p],
                }
            })
            .collect::<Vec<_>>();
        let interests = Rows::from_lists(dense_lists);
        let headers = headers
            .into_iter()
            .enumerate()
            .map(|(p, h)| Header {
                start: interests.start[p],
                ..h
            })
            .collect();
        Ok(Self {
            weights: problem.weights,
            interest_ids,
            rarity,
            interests,
            interest_weight: Rows::from_lists(weight_lists),
            unit_weights,
            holders: Rows::from_lists(holder_lists),
            wants: Rows::from_lists(wants_lists),
            wanted_by: Rows::from_lists(wanted_by_lists),
            blocks: Rows::from_lists(block_lists),
            met: Rows::from_lists(met_lists),
            headers,
        })
    }

    /// The problem's weights, fixed when the affinity was built.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The same affinity under other weights (the indexes do not depend on them).
    pub fn with_weights(self, weights: Weights) -> Self {
        Self { weights, ..self }
    }

    /// `max_i Σ_t r_t · w_it²`: no pair's interest sum `Σ r_t · w_it · w_jt` exceeds it
    /// (Cauchy–Schwarz), before the `shared_interest` weight.
    pub fn interest_bound(&self) -> f64 {
        (0..self.headers.len())
            .map(|p| {
                let h = &self.headers[p];
                let range = h.start as usize..(h.start + h.len) as usize;
                self.interests.items[range.clone()]
                    .iter()
                    .zip(&self.interest_weight.items[range])
                    .map(|(&t, &w)| self.rarity[t as usize] * f64::from(w) * f64::from(w))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max)
    }

    /// Number of distinct interests held by anyone (dense ids are `0..vocabulary()`).
    pub fn vocabulary(&self) -> usize {
        self.interest_ids.len()
    }

    /// The problem's id of dense interest `t`.
    pub fn interest_id(&self, t: u32) -> u32 {
        self.interest_ids[t as usize]
    }

    /// `r_t` of dense interest `t`.
    pub fn rarity(&self, t: u32) -> f64 {
        self.rarity[t as usize]
    }

    /// Dense interest ids of person `i`, ascending.
    #[inline]
    pub fn interests_of(&self, i: PersonId) -> &[u32] {
        let h = &self.headers[i as usize];
        &self.interests.items[h.start as usize..(h.start + h.len) as usize]
    }

    /// `w_it` per interest of `i`, parallel to [`Self::interests_of`].
    pub fn interest_weights_of(&self, i: PersonId) -> &[f32] {
        self.interest_weight.row(i as usize)
    }

    /// Everyone holding dense interest `t`, ascending: the inverted index.
    pub fn holders(&self, t: u32) -> &[PersonId] {
        self.holders.row(t as usize)
    }

    /// People `i` wants to meet, ascending.
    pub fn wants_of(&self, i: PersonId) -> &[PersonId] {
        self.wants.row(i as usize)
    }

    /// People who want to meet `i`, ascending.
    pub fn wanted_by(&self, i: PersonId) -> &[PersonId] {
        self.wanted_by.row(i as usize)
    }

    /// People `i` must not sit with (either blocked the other), ascending.
    pub fn blocks_of(&self, i: PersonId) -> &[PersonId] {
        self.blocks.row(i as usize)
    }

    /// Whether `i` and `j` must not sit together (either blocked the other).
    pub fn blocked(&self, i: PersonId, j: PersonId) -> bool {
        self.blocks_of(i).binary_search(&j).is_ok()
    }

    /// `i`'s affiliation, if any.
    pub fn affiliation_of(&self, i: PersonId) -> Option<u32> {
        Some(self.headers[i as usize].affiliation).filter(|&a| a != NO_AFFILIATION)
    }

    /// Earlier meetings of `i`: `(other, times)`, ascending by `other`.
    pub fn met_of(&self, i: PersonId) -> &[(PersonId, u32)] {
        self.met.row(i as usize)
    }

    /// Times `i` and `j` sat together before.
    pub fn times_met(&self, i: PersonId, j: PersonId) -> u32 {
        let row = self.met.row(i as usize);
        row.binary_search_by_key(&j, |e| e.0)
            .map_or(0, |k| row[k].1)
    }

    /// The want term of `d(i, j)`: `mutual_want`, `one_sided_want` or 0.
    pub fn want_bonus(&self, i: PersonId, j: PersonId) -> f64 {
        let i_wants = self.wants_of(i).binary_search(&j).is_ok();
        let j_wants = self.wants_of(j).binary_search(&i).is_ok();
        match (i_wants, j_wants) {
            (true, true) => self.weights.mutual_want,
            (true, false) | (false, true) => self.weights.one_sided_want,
            (false, false) => 0.0,
        }
    }

    /// The interest term of `d(i, j)` and the number of common interests.
    #[inline]
    fn interest_part(&self, i: PersonId, j: PersonId) -> (f64, u32) {
        let (hi, hj) = (&self.headers[i as usize], &self.headers[j as usize]);
        if self.unit_weights {
            let mut both = hi.popular & hj.popular;
            let mut common = both.count_ones();
            let mut sum = 0.0;
            while both != 0 {
                sum += self.rarity[both.trailing_zeros() as usize];
                both &= both - 1;
            }
            let a = self.rare_interests(hi);
            let b = self.rare_interests(hj);
            let (mut x, mut y) = (0, 0);
            while x < a.len() && y < b.len() {
                let (ta, tb) = (a[x], b[y]);
                if ta == tb {
                    sum += self.rarity[ta as usize];
                    common += 1;
                }
                x += usize::from(ta <= tb);
                y += usize::from(tb <= ta);
            }
            return (self.weights.shared_interest * sum, common);
        }
        let ri = hi.start as usize..(hi.start + hi.len) as usize;
        let rj = hj.start as usize..(hj.start + hj.len) as usize;
        let (a, b) = (
            &self.interests.items[ri.clone()],
            &self.interests.items[rj.clone()],
        );
        let (mut x, mut y, mut sum, mut common) = (0, 0, 0.0, 0u32);
        while x < a.len() && y < b.len() {
            let (ta, tb) = (a[x], b[y]);
            if ta == tb {
                let wi = self.interest_weight.items[ri.start + x];
                let wj = self.interest_weight.items[rj.start + y];
                sum += self.rarity[ta as usize] * f64::from(wi * wj);
                common += 1;
            }
            x += usize::from(ta <= tb);
            y += usize::from(tb <= ta);
        }
        (self.weights.shared_interest * sum, common)
    }

    /// `d(i, j)` by parts, for explanations and tests.
    pub fn parts(&self, i: PersonId, j: PersonId) -> PairParts {
        if i == j {
            return PairParts::default();
        }
        let (interests, shared_interests) = self.interest_part(i, j);
        let (ai, aj) = (
            self.headers[i as usize].affiliation,
            self.headers[j as usize].affiliation,
        );
        PairParts {
            interests,
            shared_interests,
            wants: self.want_bonus(i, j),
            same_affiliation: if ai != NO_AFFILIATION && ai == aj {
                -self.weights.same_affiliation
            } else {
                0.0
            },
            met_before: -self.weights.met_before * f64::from(self.times_met(i, j)),
        }
    }

    /// Everything the solver needs about a pair in one pass: the hot path of the sparse search.
    #[inline]
    pub fn relation(&self, i: PersonId, j: PersonId) -> Relation {
        if i == j {
            return Relation::default();
        }
        let (interests, common) = self.interest_part(i, j);
        let (hi, hj) = (&self.headers[i as usize], &self.headers[j as usize]);
        let mut affinity = interests;
        if (hi.flags | hj.flags) & HAS_WANTS != 0 {
            affinity += self.want_bonus(i, j);
        }
        if hi.affiliation != NO_AFFILIATION && hi.affiliation == hj.affiliation {
            affinity -= self.weights.same_affiliation;
        }
        if hi.flags & HAS_MET != 0 {
            affinity -= self.weights.met_before * f64::from(self.times_met(i, j));
        }
        Relation {
            affinity,
            shares_interest: common > 0,
            blocked: hi.flags & HAS_BLOCKS != 0 && self.blocked(i, j),
        }
    }

    /// The interests of a person beyond the popular ones, ascending.
    #[inline]
    fn rare_interests(&self, h: &Header) -> &[u32] {
        &self.interests.items
            [(h.start + h.popular.count_ones()) as usize..(h.start + h.len) as usize]
    }

    /// Whether `i` and `j` hold an interest in common: the orphan test, cheaper than [`Self::relation`].
    #[inline]
    pub fn shares_interest(&self, i: PersonId, j: PersonId) -> bool {
        let (hi, hj) = (&self.headers[i as usize], &self.headers[j as usize]);
        if hi.popular & hj.popular != 0 {
            return i != j;
        }
        let (a, b) = (self.rare_interests(hi), self.rare_interests(hj));
        let (mut x, mut y) = (0, 0);
        while x < a.len() && y < b.len() {
            let (ta, tb) = (a[x], b[y]);
            if ta == tb {
                return i != j;
            }
            x += usize::from(ta < tb);
            y += usize::from(tb < ta);
        }
        false
    }

    /// `Σ_{j ∈ members, j ≠ i} d(i, j)`: what `i` adds to (or would add to) a table holding
    /// `members`, computed from the members alone.
    pub fn sum_with(&self, i: PersonId, members: &[PersonId]) -> f64 {
        members.iter().map(|&j| self.relation(i, j).affinity).sum()
    }

    /// Number of `members` other than `i` who share an interest with `i`; 0 means `i` would be an
    /// orphan among them.
    pub fn share_count(&self, i: PersonId, members: &[PersonId]) -> u32 {
        members
            .iter()
            .filter(|&&j| self.shares_interest(i, j))
            .count() as u32
    }

    /// Whether anyone else in the whole problem shares an interest with `i`; if not, `i` is an
    /// orphan wherever they sit.
    pub fn can_share(&self, i: PersonId) -> bool {
        self.interests_of(i)
            .iter()
            .any(|&t| self.holders(t).len() > 1)
    }
}

impl ConferenceAffinity {
    /// The same affinity with person `old_of[new]` renamed `new` (`new_of` is the inverse
    /// permutation): `relabeled.pair(new_of[i], new_of[j]) == self.pair(i, j)` for all `i, j`.
    ///
    /// `old_of` and `new_of` must be inverse permutations of `0..len()` (the solver builds them
    /// from a seating; anything else panics on an index).
    pub(crate) fn relabeled(&self, old_of: &[PersonId], new_of: &[PersonId]) -> Self {
        let rename = |p: &PersonId| new_of[*p as usize];
        let people = |rows: &Rows<PersonId>| {
            Rows::from_lists(old_of.iter().map(|&old| {
                let mut list: Vec<PersonId> = rows.row(old as usize).iter().map(rename).collect();
                list.sort_unstable();
                list
            }))
        };
        let interests = Rows::from_lists(
            old_of
                .iter()
                .map(|&old| self.interests.row(old as usize).to_vec()),
        );
        let headers = old_of
            .iter()
            .enumerate()
            .map(|(new, &old)| Header {
                start: interests.start[new],
                ..self.headers[old as usize]
            })
            .collect();
        Self {
            weights: self.weights,
            interest_ids: self.interest_ids.clone(),
            rarity: self.rarity.clone(),
            interests,
            interest_weight: Rows::from_lists(
                old_of
                    .iter()
                    .map(|&old| self.interest_weight.row(old as usize).to_vec()),
            ),
            unit_weights: self.unit_weights,
            holders: Rows::from_lists((0..self.vocabulary()).map(|t| {
                let mut list: Vec<PersonId> = self.holders.row(t).iter().map(rename).collect();
                list.sort_unstable();
                list
            })),
            wants: people(&self.wants),
            wanted_by: people(&self.wanted_by),
            blocks: people(&self.blocks),
            met: Rows::from_lists(old_of.iter().map(|&old| {
                let mut list: Vec<(PersonId, u32)> = self
                    .met
                    .row(old as usize)
                    .iter()
                    .map(|&(q, times)| (new_of[q as usize], times))
                    .collect();
                list.sort_unstable();
                list
            })),
            headers,
        }
    }
}

impl Affinity for ConferenceAffinity {
    fn len(&self) -> usize {
        self.headers.len()
    }

    fn pair(&self, i: PersonId, j: PersonId) -> f64 {
        self.relation(i, j).affinity
    }
}

/// The objective and orphan count of a seating, from `table_of` alone (`table_of.len()` people,
/// tables `0..tables`). Entries outside `0..tables` are ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatingScore {
    /// `Σ_tables Σ_{i<j at the table} d(i, j)`.
    pub objective: f64,
    /// People who share no interest with anyone at their table.
    pub orphans: usize,
}

/// Scores a seating without a matrix: `O(Σ_tables size²)` pair evaluations.
pub fn score_seating(
    affinity: &ConferenceAffinity,
    table_of: &[u32],
    tables: usize,
) -> SeatingScore {
    let mut members: Vec<Vec<PersonId>> = vec![Vec::new(); tables];
    for (p, &t) in table_of.iter().enumerate() {
        if let Some(list) = members.get_mut(t as usize) {
            list.push(p as PersonId);
        }
    }
    let mut objective = 0.0;
    let mut orphans = 0;
    for list in &members {
        for (x, &i) in list.iter().enumerate() {
            let mut shares = false;
            for (y, &j) in list.iter().enumerate() {
                if x == y {
                    continue;
                }
                let rel = affinity.relation(i, j);
                if y > x {
                    objective += rel.affinity;
                }
                shares |= rel.shares_interest;
            }
            orphans += usize::from(!shares);
        }
    }
    SeatingScore { objective, orphans }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::model::Person;

    fn person(interests: &[u32]) -> Person {
        Person {
            interests: interests.to_vec(),
            ..Person::default()
        }
    }

    /// Interest 1 held by everybody, interest 2 by people 0 and 1 only, interest 3 by 2 and 3.
    fn crowd() -> Problem {
        let mut people = vec![
            person(&[1, 2]),
            person(&[1, 2]),
            person(&[1, 3]),
            person(&[1, 3]),
        ];
        people.extend((0..16).map(|_| person(&[1])));
        Problem {
            people,
            ..Problem::default()
        }
    }

    #[test]
    fn a_shared_rare_interest_outweighs_a_shared_common_one() {
        let aff = ConferenceAffinity::new(&crowd()).unwrap();
        let common_only = aff.pair(4, 5);
        let rare_and_common = aff.pair(0, 1);
        assert!(common_only > 0.0);
        assert!(rare_and_common - common_only > 3.0 * common_only);
        let common = aff.interests_of(0)[0];
        let rare = aff.interests_of(0)[1];
        assert!(aff.rarity(rare) > aff.rarity(common));
        assert!((aff.rarity(rare) - (1.0f64 + 20.0 / 2.0).ln()).abs() < 1e-12);
    }

    #[test]
    fn interest_weights_scale_the_shared_term() {
        let mut problem = crowd();
        problem.people[0].interest_weights = vec![1.0, 0.5];
        let aff = ConferenceAffinity::new(&problem).unwrap();
        let full = ConferenceAffinity::new(&crowd()).unwrap();
        let rare = aff.interests_of(0)[1];
        assert!((full.pair(0, 1) - aff.pair(0, 1) - 0.5 * aff.rarity(rare)).abs() < 1e-9);
    }

    #[test]
    fn a_mutual_want_counts_more_than_a_one_sided_one() {
        let mut problem = Problem {
            people: (0..6).map(|_| person(&[])).collect(),
            ..Problem::default()
        };
        problem.people[0].wants = vec![1];
        problem.people[1].wants = vec![0];
        problem.people[2].wants = vec![3];
        let aff = ConferenceAffinity::new(&problem).unwrap();
        let w = problem.weights;
        assert_eq!(aff.pair(0, 1), w.mutual_want);
        assert_eq!(aff.pair(2, 3), w.one_sided_want);
        assert_eq!(aff.pair(3, 2), w.one_sided_want);
        assert_eq!(aff.pair(4, 5), 0.0);
        assert!(aff.pair(0, 1) > aff.pair(2, 3));
        assert_eq!(aff.wanted_by(3), &[2]);
    }

    #[test]
    fn the_same_affiliation_is_penalised_by_its_weight() {
        let mut problem = crowd();
        problem.weights.same_affiliation = 2.5;
        let before = ConferenceAffinity::new(&problem).unwrap().pair(0, 1);
        problem.people[0].affiliation = Some(7);
        problem.people[1].affiliation = Some(7);
        problem.people[2].affiliation = Some(8);
        let aff = ConferenceAffinity::new(&problem).unwrap();
        assert!((before - aff.pair(0, 1) - 2.5).abs() < 1e-12);
        assert_eq!(aff.parts(0, 1).same_affiliation, -2.5);
        assert_eq!(aff.parts(0, 2).same_affiliation, 0.0);
        assert_eq!(aff.parts(4, 5).same_affiliation, 0.0);
    }

    #[test]
    fn earlier_meetings_are_penalised_per_meeting_and_blocks_are_symmetric() {
        let mut problem = crowd();
        problem.met_before = vec![(0, 1, 1), (1, 0, 1), (2, 3, 1)];
        problem.people[4].blocks = vec![5];
        let plain = ConferenceAffinity::new(&crowd()).unwrap();
        let aff = ConferenceAffinity::new(&problem).unwrap();
        let w = problem.weights.met_before;
        assert!((plain.pair(0, 1) - aff.pair(0, 1) - 2.0 * w).abs() < 1e-9);
        assert!((plain.pair(3, 2) - aff.pair(3, 2) - w).abs() < 1e-9);
        assert!(aff.relation(5, 4).blocked && aff.relation(4, 5).blocked);
        assert!(!aff.relation(4, 6).blocked);
    }

    #[test]
    fn parts_add_up_to_the_pair_and_the_affinity_is_symmetric() {
        let mut problem = crowd();
        problem.people[0].wants = vec![2];
        problem.people[0].affiliation = Some(1);
        problem.people[2].affiliation = Some(1);
        problem.met_before = vec![(0, 2, 2)];
        let aff = ConferenceAffinity::new(&problem).unwrap();
        for i in 0..20 {
            for j in 0..20 {
                assert_eq!(aff.pair(i, j), aff.pair(j, i));
                assert!((aff.parts(i, j).total() - aff.pair(i, j)).abs() < 1e-12);
            }
            assert_eq!(aff.pair(i, i), 0.0);
        }
    }

    #[test]
    fn share_counts_and_sums_come_from_the_members() {
        let aff = ConferenceAffinity::new(&crowd()).unwrap();
        assert_eq!(aff.share_count(0, &[0, 1, 2]), 2);
        assert_eq!(aff.share_count(0, &[0]), 0);
        let sum = aff.pair(0, 1) + aff.pair(0, 2);
        assert!((aff.sum_with(0, &[0, 1, 2]) - sum).abs() < 1e-12);
        let score = score_seating(&aff, &[0, 0, 1, 1, 2], 3);
        assert_eq!(score.orphans, 1);
        assert!((score.objective - aff.pair(0, 1) - aff.pair(2, 3)).abs() < 1e-12);
    }

    #[test]
    fn relabeling_renames_people_and_keeps_every_pair() {
        let mut problem = crowd();
        problem.people[0].wants = vec![2, 5];
        problem.people[5].wants = vec![0];
        problem.people[3].blocks = vec![1];
        problem.people[0].affiliation = Some(1);
        problem.people[7].affiliation = Some(1);
        problem.met_before = vec![(2, 9, 1)];
        problem.people[2].interest_weights = vec![0.5, 0.25];
        let aff = ConferenceAffinity::new(&problem).unwrap();
        let n = aff.len() as PersonId;
        let old_of: Vec<PersonId> = (0..n).map(|k| (k * 7 + 3) % n).collect();
        let mut new_of = vec![0; n as usize];
        for (new, &old) in old_of.iter().enumerate() {
            new_of[old as usize] = new as PersonId;
        }
        let renamed = aff.relabeled(&old_of, &new_of);
        for i in 0..n {
            let ni = new_of[i as usize];
            for j in 0..n {
                let nj = new_of[j as usize];
                assert_eq!(renamed.relation(ni, nj), aff.relation(i, j));
            }
            assert_eq!(renamed.interests_of(ni), aff.interests_of(i));
            for &t in aff.interests_of(i) {
                assert!(renamed.holders(t).contains(&ni));
            }
            let mut wanted: Vec<PersonId> = aff
                .wanted_by(i)
                .iter()
                .map(|&q| new_of[q as usize])
                .collect();
            wanted.sort_unstable();
            assert_eq!(renamed.wanted_by(ni), wanted.as_slice());
        }
    }

    #[test]
    fn bad_input_is_reported_not_panicked_on() {
        let mut problem = crowd();
        problem.people[0].wants = vec![99];
        assert!(matches!(
            ConferenceAffinity::new(&problem),
            Err(ConferenceError::UnknownPerson { other: 99, .. })
        ));
        let mut problem = crowd();
        problem.people[1].interest_weights = vec![1.0];
        assert!(matches!(
            ConferenceAffinity::new(&problem),
            Err(ConferenceError::WeightCount { .. })
        ));
        let mut problem = crowd();
        problem.people[1].interest_weights = vec![1.0, f32::NAN];
        assert!(matches!(
            ConferenceAffinity::new(&problem),
            Err(ConferenceError::BadWeight { .. })
        ));
    }
}
