//! The solver for very large conferences (tens of thousands of people and more), where a dense
//! `D[person][table]` table is too big: every gain is computed from the members of the tables
//! involved, and candidate tables come from the people who share something with the person.
//!
//! # Objective
//!
//! Maximise `Σ_tables Σ_{i<j at the table} d(i, j)` with `d` the conference affinity (shared
//! interests weighted by rarity, wants, minus same affiliation and earlier meetings; formula in
//! [`crate::matching::conference`]), subject to the hard constraints:
//! - every person at exactly one table, every table within `[min, max]`;
//! - no blocked pair at one table;
//! - locked seats kept; a locked table holds exactly its locked people.
//!
//! Secondary goal: no *orphans* (people who share no interest with anyone at their table). The
//! search maximises `objective − orphan_penalty · orphans`; the reported objective is the plain
//! one. A person who shares no interest with anyone in the conference is an orphan anywhere; the
//! stats count them apart ([`LargeStats::unavoidable_orphans`]).
//!
//! # Algorithm
//!
//! 1. **Construction** ([`construct`]): target head counts level the open tables; tables are grown
//!    one by one around the people with the rarest interests, adding each time the unseated person
//!    with the best gain estimated through an inverted index of unseated people per interest.
//! 2. **Renumbering** ([`relabel`]): people are renamed in table order (affinity and seating
//!    copied once), so a table's members are adjacent in memory during the search; the result is
//!    mapped back.
//! 3. **Local search** ([`search`]): sweeps over the movable people in seeded random order. For
//!    each person `i`, a handful of candidate tables (those of wanted people, of random holders of
//!    `i`'s interests with an interest drawn with probability ∝ its rarity squared, and one random
//!    table) are scored for a move of `i` and for a swap of `i` with every member, and the best
//!    improving change is applied. Stops when a whole sweep improves nothing, when
//!    `max_iterations` steps (one step = one person examined) are done, or at the deadline.
//!
//! No gain needs a matrix: `i`'s side of a change is summed pair by pair over the candidate
//! table's members, the partner's side comes from an interest profile of `i`'s table without `i`
//! ([`profile`]), so a step costs `O(candidates · size)` pair evaluations (each a merge of two
//! short interest lists) plus `O(candidates · size · interests)` profile look-ups. Memory is
//! `O(n · interests)`; the affinity is held twice during the search (original and renumbered).
//!
//! Same problem, seed and `max_iterations` (no deadline) give the same seating.

mod construct;
mod profile;
mod relabel;
mod search;
mod seating;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::affinity::Affinity;
use super::conference::{ConferenceAffinity, SeatingScore};
use super::model::{Assignment, Budget, PersonId, Problem, TableId};
use super::progress::{Phase, Progress as Observer};
use seating::{Seating, UNSEATED};

/// Why there is no seating.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScaleError {
    #[error("the affinity covers {affinity} people but the problem has {problem}")]
    AffinitySize { problem: usize, affinity: usize },
    #[error("table {table} has min {min} > max {max}")]
    TableBounds { table: TableId, min: u32, max: u32 },
    #[error(
        "locked seat (person {person}, table {table}) names a person or table that does not exist"
    )]
    UnknownLock { person: PersonId, table: TableId },
    #[error("person {person} is locked to both table {first} and table {second}")]
    ConflictingLocks {
        person: PersonId,
        first: TableId,
        second: TableId,
    },
    #[error("people {a} and {b} block each other but are both locked to table {table}")]
    LockedBlock {
        a: PersonId,
        b: PersonId,
        table: TableId,
    },
    #[error(
        "table {table} has {locked} people locked to it, outside what it may hold ({min}..={max})"
    )]
    LockedCount {
        table: TableId,
        locked: u32,
        min: u32,
        max: u32,
    },
    #[error(
        "{people} people cannot be seated: the tables need between {seats_min} and {seats_max}"
    )]
    Capacity {
        people: usize,
        seats_min: u64,
        seats_max: u64,
    },
    #[error("person {person} blocks someone at every table with a free seat")]
    Blocked { person: PersonId },
    #[error("the orphan penalty must be finite and ≥ 0, got {0}")]
    Penalty(f64),
    #[error("internal error in the large-scale solver: {0}")]
    Internal(&'static str),
}

/// Knobs of the local search that trade time per step against reach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Random holders of the person's interests whose tables are tried per step. Default 12: on
    /// the 20,000-person benchmark conference 8–16 gave the best objective per CPU second, 2–4
    /// about 1 % less.
    pub interest_samples: usize,
    /// Members of a candidate table tried as swap partners: those with the least to lose by
    /// leaving, `cur_j + d(i, j)` smallest (what `j` has at their table, counting `i`'s arrival).
    /// Default: all; trying only 2–3 was no better per CPU second on the benchmark conference.
    pub swap_partners: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            interest_samples: 12,
            swap_partners: usize::MAX,
        }
    }
}

/// How to run [`solve_large`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LargeOptions {
    pub seed: u64,
    /// With neither a deadline nor `max_iterations`, the search runs at most
    /// [`DEFAULT_SWEEPS`] sweeps (`DEFAULT_SWEEPS · n` steps).
    pub budget: Budget,
    /// What one orphan costs in the search objective, in units of `d`. The default,
    /// [`DEFAULT_ORPHAN_PENALTY`], exceeds what any single move or swap gains in affinity on
    /// realistic weights, so the search never creates an orphan and removes one whenever a move
    /// or swap it examines can: orphans first, then affinity. Small values trade orphans for
    /// affinity.
    pub orphan_penalty: f64,
    pub tuning: Tuning,
}

/// See [`LargeOptions::orphan_penalty`].
pub const DEFAULT_ORPHAN_PENALTY: f64 = 100.0;

/// Sweeps run when the budget names no limit.
pub const DEFAULT_SWEEPS: u64 = 50;

impl LargeOptions {
    pub fn new(seed: u64, budget: Budget) -> Self {
        Self {
            seed,
            budget,
            orphan_penalty: DEFAULT_ORPHAN_PENALTY,
            tuning: Tuning::default(),
        }
    }
}

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StopReason {
    /// A whole sweep found no improving change.
    #[default]
    LocalOptimum,
    /// The budget asked to stop on convergence and the last sweeps gained next to nothing.
    Converged,
    Iterations,
    Deadline,
}

/// What [`solve_large`] did, for benchmarks and logs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LargeStats {
    /// The greedy construction alone (scored from scratch).
    pub construction: SeatingScore,
    /// The returned seating, as tracked by the search (exact orphans; the objective up to the
    /// float rounding of its incremental updates, so no rescoring runs after the deadline).
    pub result: SeatingScore,
    /// People who share no interest with anyone in the conference (orphans wherever they sit).
    pub unavoidable_orphans: usize,
    pub steps: u64,
    pub sweeps: u64,
    pub moves: u64,
    pub swaps: u64,
    pub stop: StopReason,
}

/// Seats a large conference; see the module docs. Errors when the hard constraints cannot hold
/// (bounds versus head count, locks, blocks) or the affinity does not fit the problem.
pub fn solve_large(
    problem: &Problem,
    affinity: &ConferenceAffinity,
    options: &LargeOptions,
) -> Result<(Assignment, LargeStats), ScaleError> {
    solve_large_observed(problem, affinity, options, &Observer::new())
}

/// [`solve_large`], reporting sweeps, the best score and convergence into `observer`.
pub fn solve_large_observed(
    problem: &Problem,
    affinity: &ConferenceAffinity,
    options: &LargeOptions,
    observer: &Observer,
) -> Result<(Assignment, LargeStats), ScaleError> {
    let n = problem.people.len();
    if affinity.len() != n {
        return Err(ScaleError::AffinitySize {
            problem: n,
            affinity: affinity.len(),
        });
    }
    if !(options.orphan_penalty.is_finite() && options.orphan_penalty >= 0.0) {
        return Err(ScaleError::Penalty(options.orphan_penalty));
    }
    let mut seating = Seating::new(problem, affinity)?;
    let targets = seating.targets()?;
    construct::construct(affinity, &mut seating, &targets, options.seed)?;

    let unavoidable_orphans = (0..n as PersonId)
        .filter(|&p| !affinity.can_share(p))
        .count();

    let relabeling = relabel::by_table(&seating);
    let renamed_affinity = affinity.relabeled(&relabeling.old_of, &relabeling.new_of);
    let renamed_seating = seating.relabeled(&relabeling.old_of);
    drop(seating);
    let mut search = search::Search::new(
        &renamed_affinity,
        renamed_seating,
        options.orphan_penalty,
        options.tuning,
    );
    let construction = SeatingScore {
        objective: search.objective,
        orphans: search.orphans,
    };
    observer.set_phase(Phase::Searching);
    let progress = search.run(
        &options.budget,
        DEFAULT_SWEEPS.saturating_mul(n as u64),
        options.seed,
        observer,
    );
    let assignment = Assignment {
        table_of: relabel::table_of_back(&search.seating.table_of, &relabeling),
    };
    let result = SeatingScore {
        objective: search.objective,
        orphans: search.orphans,
    };
    Ok((
        assignment,
        LargeStats {
            construction,
            result,
            unavoidable_orphans,
            steps: progress.steps,
            sweeps: progress.sweeps,
            moves: progress.moves,
            swaps: progress.swaps,
            stop: progress.stop,
        },
    ))
}

/// A uniformly shuffled seating with the same locks and head counts as [`solve_large`] uses:
/// the baseline the benchmark compares against. Blocks are not enforced (it is a yardstick,
/// not a plan).
pub fn random_seating(
    problem: &Problem,
    affinity: &ConferenceAffinity,
    seed: u64,
) -> Result<Assignment, ScaleError> {
    let mut seating = Seating::new(problem, affinity)?;
    let targets = seating.targets()?;
    let mut free: Vec<PersonId> = (0..problem.people.len() as PersonId)
        .filter(|&p| seating.table_of[p as usize] == UNSEATED)
        .collect();
    free.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let mut next = free.into_iter();
    for t in 0..seating.tables() as TableId {
        while seating.size(t) < targets[t as usize] {
            let p = next
                .next()
                .ok_or(ScaleError::Internal("targets exceed the people"))?;
            seating.seat(p, t);
        }
    }
    Ok(seating.assignment())
}

#[cfg(test)]
mod tests;
