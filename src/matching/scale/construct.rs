//! The greedy construction: tables grown one at a time around the people hardest to match.
//!
//! Seeds are taken in order of their rarest interest held by someone else (rarest first, ties in
//! seeded random order): a person whose only distinctive interest is shared by three people has
//! few good tables, so they open one. A table then grows by the unseated person with the highest
//! estimated gain, where the estimate is accumulated as members join: every member adds `r_t ·
//! w_mt` to the first `PROBE` unseated holders of each of their interests (an inverted index of
//! unseated people, kept by swap-remove) and their want bonus to the people they want or who want
//! them. The best few by estimate are then scored exactly against the members (affiliation,
//! history, blocks included) and the best feasible one joins. Cost: `O(n · interests · PROBE)`,
//! no pair is ever scored against the whole room.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::ScaleError;
use super::seating::{Seating, UNSEATED};
use crate::matching::conference::ConferenceAffinity;
use crate::matching::model::{PersonId, TableId};

/// Unseated holders probed per interest of a new member. Larger probes build a better
/// construction (64 scores ~7 % more than 8 on the benchmark conference) that the search then
/// improves less: at equal search steps, 4–8 ended ~0.5 % above 24 and 64.
const PROBE: usize = 8;
/// Candidates scored exactly before one joins.
const SHORTLIST: usize = 3;

/// Unseated people per interest, with O(1) removal.
struct Pool {
    holders: Vec<Vec<PersonId>>,
    /// Start of each person's interests in `position`.
    offset: Vec<u32>,
    /// Index of the person in `holders[t]` for each of their interests `t`.
    position: Vec<u32>,
}

impl Pool {
    fn new(affinity: &ConferenceAffinity, seating: &Seating, rng: &mut ChaCha8Rng) -> Self {
        let n = seating.table_of.len();
        let mut holders: Vec<Vec<PersonId>> = (0..affinity.vocabulary() as u32)
            .map(|t| {
                let mut list: Vec<PersonId> = affinity
                    .holders(t)
                    .iter()
                    .copied()
                    .filter(|&p| seating.table_of[p as usize] == UNSEATED)
                    .collect();
                list.shuffle(rng);
                list
            })
            .collect();
        let mut offset = Vec::with_capacity(n + 1);
        let mut total = 0u32;
        for p in 0..n as PersonId {
            offset.push(total);
            total += affinity.interests_of(p).len() as u32;
        }
        offset.push(total);
        let mut position = vec![u32::MAX; total as usize];
        for (t, list) in holders.iter_mut().enumerate() {
            for (k, &p) in list.iter().enumerate() {
                let slot = affinity
                    .interests_of(p)
                    .binary_search(&(t as u32))
                    .unwrap_or_default();
                position[offset[p as usize] as usize + slot] = k as u32;
            }
        }
        Self {
            holders,
            offset,
            position,
        }
    }

    fn remove(&mut self, affinity: &ConferenceAffinity, p: PersonId) {
        let base = self.offset[p as usize] as usize;
        for (slot, &t) in affinity.interests_of(p).iter().enumerate() {
            let k = self.position[base + slot];
            if k == u32::MAX {
                continue;
            }
            let list = &mut self.holders[t as usize];
            list.swap_remove(k as usize);
            if let Some(&moved) = list.get(k as usize) {
                let moved_slot = affinity
                    .interests_of(moved)
                    .binary_search(&t)
                    .unwrap_or_default();
                self.position[self.offset[moved as usize] as usize + moved_slot] = k;
            }
            self.position[base + slot] = u32::MAX;
        }
    }
}

/// Estimated gains of unseated people for the table being grown.
struct Estimates {
    score: Vec<f64>,
    /// `stamp[p] == round` marks `p` as touched in this round.
    stamp: Vec<u32>,
    round: u32,
    touched: Vec<PersonId>,
}

impl Estimates {
    fn reset(&mut self) {
        self.round += 1;
        self.touched.clear();
    }

    fn add(&mut self, p: PersonId, gain: f64) {
        let p = p as usize;
        if self.stamp[p] != self.round {
            self.stamp[p] = self.round;
            self.score[p] = 0.0;
            self.touched.push(p as PersonId);
        }
        self.score[p] += gain;
    }
}

/// Fills every table to its target; locked seats are already in `seating`.
pub(super) fn construct(
    affinity: &ConferenceAffinity,
    seating: &mut Seating,
    targets: &[u32],
    seed: u64,
) -> Result<(), ScaleError> {
    let n = seating.table_of.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_C0A5_7A11_0001);
    let mut pool = Pool::new(affinity, seating, &mut rng);
    let order = seed_order(affinity, seating, &mut rng);
    let mut cursor = 0usize;
    let mut est = Estimates {
        score: vec![0.0; n],
        stamp: vec![0; n],
        round: 0,
        touched: Vec::new(),
    };
    let mut shortlist: Vec<(f64, PersonId)> = Vec::with_capacity(SHORTLIST + 1);
    let mut short_tables = Vec::new();

    for g in 0..seating.tables() as TableId {
        if seating.size(g) >= targets[g as usize] {
            continue;
        }
        est.reset();
        for k in 0..seating.members(g).len() {
            let m = seating.members(g)[k];
            expose(affinity, seating, &pool, &mut est, m);
        }
        while seating.size(g) < targets[g as usize] {
            let next = if seating.members(g).is_empty() {
                next_in_order(affinity, seating, &order, &mut cursor, g)
            } else {
                best_candidate(affinity, seating, &est, &mut shortlist, g)
                    .or_else(|| next_in_order(affinity, seating, &order, &mut cursor, g))
            };
            let Some(p) = next else {
                short_tables.push(g);
                break;
            };
            seating.seat(p, g);
            pool.remove(affinity, p);
            expose(affinity, seating, &pool, &mut est, p);
        }
    }
    for g in short_tables {
        while seating.size(g) < targets[g as usize] {
            let p = order
                .iter()
                .copied()
                .find(|&p| seating.table_of[p as usize] == UNSEATED)
                .ok_or(ScaleError::Internal("a table is short but nobody is left"))?;
            make_room(affinity, seating, p, g)?;
        }
    }
    Ok(())
}

/// Free people by their rarest interest that someone else holds, rarest first.
fn seed_order(
    affinity: &ConferenceAffinity,
    seating: &Seating,
    rng: &mut ChaCha8Rng,
) -> Vec<PersonId> {
    let mut order: Vec<PersonId> = (0..seating.table_of.len() as PersonId)
        .filter(|&p| seating.table_of[p as usize] == UNSEATED)
        .collect();
    order.shuffle(rng);
    let key = |p: PersonId| {
        affinity
            .interests_of(p)
            .iter()
            .filter(|&&t| affinity.holders(t).len() > 1)
            .map(|&t| affinity.rarity(t))
            .fold(0.0f64, f64::max)
    };
    let mut keyed: Vec<(f64, PersonId)> = order.into_iter().map(|p| (key(p), p)).collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// Credits the unseated people `m` relates to with what they would gain from sitting with `m`.
fn expose(
    affinity: &ConferenceAffinity,
    seating: &Seating,
    pool: &Pool,
    est: &mut Estimates,
    m: PersonId,
) {
    let weights = affinity.interest_weights_of(m);
    for (k, &t) in affinity.interests_of(m).iter().enumerate() {
        let gain = affinity.weights().shared_interest * affinity.rarity(t) * f64::from(weights[k]);
        for &p in pool.holders[t as usize].iter().take(PROBE) {
            est.add(p, gain);
        }
    }
    for &q in affinity.wants_of(m) {
        if seating.table_of[q as usize] == UNSEATED {
            est.add(q, affinity.want_bonus(m, q));
        }
    }
    for &q in affinity.wanted_by(m) {
        if seating.table_of[q as usize] == UNSEATED
            && affinity.wants_of(m).binary_search(&q).is_err()
        {
            est.add(q, affinity.want_bonus(m, q));
        }
    }
}

/// The best of the top estimates, scored exactly; `None` when nobody touched can join `g`.
fn best_candidate(
    affinity: &ConferenceAffinity,
    seating: &Seating,
    est: &Estimates,
    shortlist: &mut Vec<(f64, PersonId)>,
    g: TableId,
) -> Option<PersonId> {
    shortlist.clear();
    for &p in &est.touched {
        if seating.table_of[p as usize] != UNSEATED {
            continue;
        }
        let s = est.score[p as usize];
        if shortlist.len() < SHORTLIST || s > shortlist[shortlist.len() - 1].0 {
            let at = shortlist.partition_point(|e| e.0 >= s);
            shortlist.insert(at, (s, p));
            shortlist.truncate(SHORTLIST);
        }
    }
    let mut best: Option<(f64, PersonId)> = None;
    for &(_, p) in shortlist.iter() {
        let mut sum = 0.0;
        let mut blocked = false;
        for &q in seating.members(g) {
            let rel = affinity.relation(p, q);
            blocked |= rel.blocked;
            sum += rel.affinity;
        }
        if !blocked && best.is_none_or(|b| sum > b.0) {
            best = Some((sum, p));
        }
    }
    best.map(|b| b.1)
}

/// The next unseated person in seed order who blocks nobody at `g`.
fn next_in_order(
    affinity: &ConferenceAffinity,
    seating: &Seating,
    order: &[PersonId],
    cursor: &mut usize,
    g: TableId,
) -> Option<PersonId> {
    while *cursor < order.len() && seating.table_of[order[*cursor] as usize] != UNSEATED {
        *cursor += 1;
    }
    order[*cursor..].iter().copied().find(|&p| {
        seating.table_of[p as usize] == UNSEATED
            && !seating.members(g).iter().any(|&q| affinity.blocked(p, q))
    })
}

/// Seats `p` at short table `g` by way of a third table: someone movable at another open table
/// `h` who can sit at `g` moves there and `p` takes their seat.
fn make_room(
    affinity: &ConferenceAffinity,
    seating: &mut Seating,
    p: PersonId,
    g: TableId,
) -> Result<(), ScaleError> {
    let fits = |seating: &Seating, who: PersonId, table: TableId, except: PersonId| {
        seating
            .members(table)
            .iter()
            .all(|&q| q == except || !affinity.blocked(who, q))
    };
    for h in 0..seating.tables() as TableId {
        if h == g || seating.table_locked[h as usize] {
            continue;
        }
        let found = seating.members(h).iter().copied().find(|&q| {
            !seating.person_locked[q as usize] && fits(seating, q, g, q) && fits(seating, p, h, q)
        });
        if let Some(q) = found {
            seating.unseat(q);
            seating.seat(q, g);
            seating.seat(p, h);
            return Ok(());
        }
    }
    Err(ScaleError::Blocked { person: p })
}
