//! Local search without a matrix: move and swap gains computed from table members on the fly,
//! candidate tables drawn from the people who share something with the person being moved.
//!
//! Per person `i` the search keeps `cur[i] = Σ_{k at i's table} d(i, k)` and `share[i]`, the number
//! of tablemates sharing an interest with `i` (0 = orphan); both are updated from the members of
//! the two tables a move touches. It maximises `objective − orphan_penalty · orphans`.

use std::time::Instant;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::profile::Profile;
use super::seating::Seating;
use super::{StopReason, Tuning};
use crate::matching::conference::{ConferenceAffinity, Relation};
use crate::matching::model::{Budget, PersonId, TableId};
use crate::matching::progress::Progress as Observer;

/// Gains at or below this are treated as no gain, so float noise cannot make the search cycle.
const EPSILON: f64 = 1e-9;
/// How often (in steps) the deadline is compared with the clock.
const CLOCK_EVERY: u64 = 64;

/// The best change found for one person.
#[derive(Debug, Clone, Copy)]
enum Change {
    Move { to: TableId },
    Swap { with: PersonId },
}

/// What a run of the search did.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Progress {
    pub(super) steps: u64,
    pub(super) sweeps: u64,
    pub(super) moves: u64,
    pub(super) swaps: u64,
    pub(super) stop: StopReason,
}

/// The search state.
///
/// Invariants (up to float rounding): `cur[p]` is `Σ d(p, k)` over `p`'s tablemates, `share[p]`
/// the number of tablemates sharing an interest with `p`, `objective` the sum of `d` over all
/// seated pairs and `orphans` the number of people with `share == 0`.
pub(super) struct Search<'a> {
    affinity: &'a ConferenceAffinity,
    pub(super) seating: Seating,
    cur: Vec<f64>,
    share: Vec<u32>,
    pub(super) objective: f64,
    pub(super) orphans: usize,
    penalty: f64,
    tuning: Tuning,
    profile: Profile,
    /// Members of the examined person's table who would share with nobody without them:
    /// `(member, orphan now)`.
    fragile: Vec<(PersonId, bool)>,
    /// Swap partners tried at one candidate table: `(cur + d(i, j), index in the table)`.
    partners: Vec<(f64, u32)>,
    row_h: Vec<Relation>,
    candidates: Vec<TableId>,
}

impl<'a> Search<'a> {
    /// Scores a full seating; `O(Σ_tables size²)` pair evaluations.
    pub(super) fn new(
        affinity: &'a ConferenceAffinity,
        seating: Seating,
        penalty: f64,
        tuning: Tuning,
    ) -> Self {
        let n = seating.table_of.len();
        let mut search = Self {
            affinity,
            seating,
            cur: vec![0.0; n],
            share: vec![0; n],
            objective: 0.0,
            orphans: 0,
            penalty,
            tuning,
            profile: Profile::new(affinity.vocabulary()),
            fragile: Vec::new(),
            partners: Vec::new(),
            row_h: Vec::new(),
            candidates: Vec::new(),
        };
        for t in 0..search.seating.tables() as TableId {
            let members = search.seating.members(t);
            for (x, &i) in members.iter().enumerate() {
                for &k in &members[x + 1..] {
                    let rel = affinity.relation(i, k);
                    search.cur[i as usize] += rel.affinity;
                    search.cur[k as usize] += rel.affinity;
                    search.objective += rel.affinity;
                    if rel.shares_interest {
                        search.share[i as usize] += 1;
                        search.share[k as usize] += 1;
                    }
                }
            }
        }
        search.orphans = search.share.iter().filter(|&&s| s == 0).count();
        search
    }

    /// Sweeps over the movable people in seeded random order, applying the best improving move or
    /// swap of each, until a sweep improves nothing, the budget is spent or the deadline passes.
    pub(super) fn run(
        &mut self,
        budget: &Budget,
        default_steps: u64,
        seed: u64,
        observer: &Observer,
    ) -> Progress {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EA2_C4ED_0000_0002);
        let mut order: Vec<PersonId> = (0..self.cur.len() as PersonId)
            .filter(|&p| !self.seating.person_locked[p as usize])
            .collect();
        let max_steps = match (budget.max_iterations, budget.deadline) {
            (Some(steps), _) => steps,
            (None, Some(_)) => u64::MAX,
            (None, None) => default_steps,
        };
        let mut progress = Progress::default();
        if order.is_empty() {
            progress.stop = StopReason::LocalOptimum;
            return progress;
        }
        let mut sweep_scores = Vec::new();
        loop {
            order.shuffle(&mut rng);
            let mut improved = false;
            for &i in &order {
                if progress.steps >= max_steps {
                    progress.stop = StopReason::Iterations;
                    return progress;
                }
                if progress.steps % CLOCK_EVERY == 0
                    && budget.deadline.is_some_and(|d| Instant::now() >= d)
                {
                    progress.stop = StopReason::Deadline;
                    return progress;
                }
                progress.steps += 1;
                if let Some((gain, change)) = self.best_change(i, &mut rng) {
                    improved = true;
                    let before = self.objective - self.penalty * self.orphans as f64;
                    match change {
                        Change::Move { to } => {
                            self.leave(i);
                            self.join(i, to);
                            progress.moves += 1;
                        }
                        Change::Swap { with } => {
                            let (g, h) = (self.table_of(i), self.table_of(with));
                            self.leave(i);
                            self.leave(with);
                            self.join(i, h);
                            self.join(with, g);
                            progress.swaps += 1;
                        }
                    }
                    let after = self.objective - self.penalty * self.orphans as f64;
                    debug_assert!(
                        (after - before - gain).abs() <= 1e-6 * (1.0 + gain.abs()),
                        "predicted gain {gain}, realised {}",
                        after - before
                    );
                }
            }
            progress.sweeps += 1;
            let score = self.objective - self.penalty * self.orphans as f64;
            sweep_scores.push(score);
            observer.add_iterations(1);
            observer.offer_score(score);
            if budget.converge {
                observer.set_converged(convergence(&sweep_scores));
            }
            if budget.converge && converged(&sweep_scores) {
                progress.stop = StopReason::Converged;
                return progress;
            }
            if !improved {
                progress.stop = StopReason::LocalOptimum;
                return progress;
            }
        }
    }

    fn table_of(&self, p: PersonId) -> TableId {
        self.seating.table_of[p as usize]
    }

    /// Tables worth trying for `i`: those of the people `i` wants or who want `i`, of random
    /// holders of `i`'s interests (an interest drawn with probability ∝ `r_t²`, so the few people
    /// who share a rare interest are found quickly), and one of a random person. Excludes `i`'s
    /// table and locked tables; no duplicates.
    fn collect_candidates(&mut self, i: PersonId, rng: &mut ChaCha8Rng) {
        let aff = self.affinity;
        let g = self.table_of(i);
        self.candidates.clear();
        let push = |cands: &mut Vec<TableId>, seating: &Seating, t: TableId| {
            if t != g && !seating.table_locked[t as usize] && !cands.contains(&t) {
                cands.push(t);
            }
        };
        for &q in aff.wants_of(i).iter().chain(aff.wanted_by(i)) {
            push(
                &mut self.candidates,
                &self.seating,
                self.seating.table_of[q as usize],
            );
        }
        let interests = aff.interests_of(i);
        if !interests.is_empty() {
            let total: f64 = interests.iter().map(|&t| aff.rarity(t).powi(2)).sum();
            for _ in 0..self.tuning.interest_samples {
                let mut u = rng.random::<f64>() * total;
                let mut pick = interests[interests.len() - 1];
                for &t in interests {
                    u -= aff.rarity(t).powi(2);
                    if u < 0.0 {
                        pick = t;
                        break;
                    }
                }
                let holders = aff.holders(pick);
                let q = holders[rng.random_range(0..holders.len())];
                push(
                    &mut self.candidates,
                    &self.seating,
                    self.seating.table_of[q as usize],
                );
            }
        }
        let q = rng.random_range(0..self.cur.len()) as PersonId;
        push(
            &mut self.candidates,
            &self.seating,
            self.seating.table_of[q as usize],
        );
    }

    /// The most improving change for `i` among moves and swaps with the candidate tables, by
    /// `Δobjective − penalty · Δorphans`; `None` if nothing improves.
    ///
    /// `i`'s relations with each candidate table's members are evaluated pair by pair (a swap
    /// needs `d(i, j)` for each partner `j`); what a partner would find at `i`'s table comes from
    /// the table's [`Profile`] without `i`. Only the *fragile* members of `i`'s table, those left
    /// with nobody to share an interest with once `i` leaves, need pair checks for orphans.
    fn best_change(&mut self, i: PersonId, rng: &mut ChaCha8Rng) -> Option<(f64, Change)> {
        let aff = self.affinity;
        let g = self.table_of(i);
        self.collect_candidates(i, rng);
        self.profile.load(aff, &self.seating, g, i);
        let mut row_h = std::mem::take(&mut self.row_h);
        let mut fragile = std::mem::take(&mut self.fragile);
        let mut partners = std::mem::take(&mut self.partners);
        let (cur, share) = (&self.cur, &self.share);
        fragile.clear();
        for &k in self.seating.members(g) {
            let before = share[k as usize];
            if k != i && before <= 1 && (before == 0 || aff.shares_interest(i, k)) {
                fragile.push((k, before == 0));
            }
        }
        let iu = i as usize;
        let i_orphan = i32::from(share[iu] == 0);
        let can_leave = self.seating.size(g) > self.seating.min[g as usize];
        let leave_orphans = fragile.iter().filter(|f| !f.1).count() as i32;
        let mut best: Option<(f64, Change)> = None;
        let mut consider = |gain: f64, change: Change| {
            if gain > EPSILON && best.is_none_or(|b| gain > b.0) {
                best = Some((gain, change));
            }
        };

        for &h in &self.candidates {
            let members_h = self.seating.members(h);
            row_h.clear();
            row_h.extend(members_h.iter().map(|&k| aff.relation(i, k)));
            let (mut d_ih, mut s_ih, mut b_ih) = (0.0, 0i32, 0i32);
            let mut join_orphans = 0i32;
            for (z, rel) in row_h.iter().enumerate() {
                d_ih += rel.affinity;
                s_ih += i32::from(rel.shares_interest);
                b_ih += i32::from(rel.blocked);
                if rel.shares_interest && share[members_h[z] as usize] == 0 {
                    join_orphans -= 1;
                }
            }
            if can_leave && b_ih == 0 && self.seating.size(h) < self.seating.max[h as usize] {
                let orphans = i32::from(s_ih == 0) - i_orphan + leave_orphans + join_orphans;
                consider(
                    d_ih - cur[iu] - self.penalty * f64::from(orphans),
                    Change::Move { to: h },
                );
            }
            partners.clear();
            for (y, &j) in members_h.iter().enumerate() {
                let ju = j as usize;
                if !self.seating.person_locked[ju] && b_ih - i32::from(row_h[y].blocked) == 0 {
                    partners.push((cur[ju] + row_h[y].affinity, y as u32));
                }
            }
            if partners.len() > self.tuning.swap_partners {
                partners.select_nth_unstable_by(self.tuning.swap_partners, |a, b| {
                    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
                });
                partners.truncate(self.tuning.swap_partners);
            }
            for &(_, y) in &partners {
                let y = y as usize;
                let j = members_h[y];
                let ju = j as usize;
                let rel_ij = row_h[y];
                let there = self.profile.newcomer(aff, &self.seating.table_of, j);
                if there.blocked {
                    continue;
                }
                let mut orphans_g = 0i32;
                for &(k, was_orphan) in &fragile {
                    let is_orphan = !aff.shares_interest(j, k);
                    orphans_g += i32::from(is_orphan) - i32::from(was_orphan);
                }
                let mut orphans_h = 0i32;
                for (z, &k) in members_h.iter().enumerate() {
                    let before = share[k as usize] as i32;
                    if k == j || before > 1 {
                        continue;
                    }
                    let s_jk = before == 1 && aff.shares_interest(j, k);
                    let after = before - i32::from(s_jk) + i32::from(row_h[z].shares_interest);
                    orphans_h += i32::from(after == 0) - i32::from(before == 0);
                }
                let s_i_after = s_ih - i32::from(rel_ij.shares_interest);
                let orphans = i32::from(s_i_after == 0) - i_orphan
                    + i32::from(!there.shares_interest)
                    - i32::from(share[ju] == 0)
                    + orphans_g
                    + orphans_h;
                let delta = d_ih - rel_ij.affinity - cur[iu] + there.affinity - cur[ju];
                consider(
                    delta - self.penalty * f64::from(orphans),
                    Change::Swap { with: j },
                );
            }
        }
        self.row_h = row_h;
        self.fragile = fragile;
        self.partners = partners;
        best
    }

    /// Takes `p` off their table, updating the tablemates' sums and share counts.
    fn leave(&mut self, p: PersonId) {
        let g = self.table_of(p);
        let pu = p as usize;
        self.objective -= self.cur[pu];
        if self.share[pu] == 0 {
            self.orphans -= 1;
        }
        self.seating.unseat(p);
        for &k in self.seating.members(g) {
            let ku = k as usize;
            let rel = self.affinity.relation(p, k);
            self.cur[ku] -= rel.affinity;
            if rel.shares_interest {
                self.share[ku] -= 1;
                if self.share[ku] == 0 {
                    self.orphans += 1;
                }
            }
        }
        self.cur[pu] = 0.0;
        self.share[pu] = 0;
    }

    /// Seats unseated `p` at `h`, updating everyone's sums and share counts.
    fn join(&mut self, p: PersonId, h: TableId) {
        let pu = p as usize;
        for &k in self.seating.members(h) {
            let ku = k as usize;
            let rel = self.affinity.relation(p, k);
            self.cur[ku] += rel.affinity;
            self.cur[pu] += rel.affinity;
            if rel.shares_interest {
                if self.share[ku] == 0 {
                    self.orphans -= 1;
                }
                self.share[ku] += 1;
                self.share[pu] += 1;
            }
        }
        self.seating.seat(p, h);
        self.objective += self.cur[pu];
        if self.share[pu] == 0 {
            self.orphans += 1;
        }
    }
}

/// Sweeps looked back on by the convergence rule.
const CONVERGENCE_SWEEPS: usize = 5;
/// The last [`CONVERGENCE_SWEEPS`] sweeps together gained less than this share of everything
/// gained since the first sweep: the search has converged. The first sweep is left out because
/// it also repairs the construction (wants, history), whose tier weights would dwarf the rest.
/// Measured with `tablemates-bench quality` (5,000 people, against `--full-budget`, which sweeps
/// until a sweep gains nothing): at 1 % the single lunch ended 0.2 % and the three-lunch series
/// 0.6 % below the full search on the rarity-weighted interests; at 0.2 % they end 0.06 % and
/// 0.3 % below, in 3.5 s and 13.5 s instead of 4.5 s and 18 s.
const CONVERGED_SHARE: f64 = 0.002;

/// Whether the scores after each sweep show convergence (see [`CONVERGED_SHARE`]).
fn converged(scores: &[f64]) -> bool {
    convergence(scores) >= 1.0
}

/// How close the scores after each sweep are to convergence: 1 at the rule of
/// [`CONVERGED_SHARE`], less the more the last sweeps still gained.
fn convergence(scores: &[f64]) -> f64 {
    let k = scores.len();
    if k <= CONVERGENCE_SWEEPS + 1 {
        return 0.0;
    }
    let since_first = scores[k - 1] - scores[0];
    let recent = scores[k - 1] - scores[k - 1 - CONVERGENCE_SWEEPS];
    if recent <= CONVERGED_SHARE * since_first {
        1.0
    } else {
        CONVERGED_SHARE * since_first / recent
    }
}
