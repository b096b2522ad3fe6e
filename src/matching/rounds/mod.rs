//! Multi-round seating (the Social Golfer side of the engine): plans several rounds so that no
//! pair meets twice while that is feasible, seats mutual-want pairs together once, and reports the
//! repeats that could not be avoided.
//!
//! # Objective
//! Lexicographic, over all rounds together:
//! 1. no blocked pair at one table (hard: planning fails if the search cannot separate them);
//! 2. fewest *repeated meetings*: a pair sharing a table when it has already met (before the
//!    plan, per [`RoundsInput::met_before`], or in an earlier round) counts once per such round;
//! 3. most mutual-want pairs that have sat together at least once (a second meeting would be a
//!    repeat, so they meet once, not every round);
//! 4. most affinity: Σ over rounds and tables of `d(i, j)` for every pair seated together.
//!
//! # Algorithm
//! - *Construction*, round by round: a pluggable [`RoundBuilder`] (for example the single-round
//!   affinity solver) or the default [`freedom_greedy`] (after Triska & Musliu 2012: up to 128
//!   people tables are filled with pairs who have not met, keeping the most "freedom" for the
//!   rest; above that the person with the fewest still-possible new partners is seated first).
//!   Each round sees history plus the rounds built before it.
//! - *Complete search* (`complete.rs`), only when construction left repeats or blocked pairs and
//!   there are no mutual-want pairs (it ignores them):
//!   backtracking person by person and round by round, each taking the first table where they
//!   meet nobody again, with interchangeable empty tables tried once; within a node budget it
//!   either returns a repeat-free plan, which replaces the constructed one, or gives up. It is
//!   cheap and succeeds on some structured instances near the bound (32 people at tables of 4 for
//!   9 rounds: a few hundred nodes) where the local search below stalls; elsewhere it fails and
//!   costs at most 20 000 backtracking steps.
//! - *Phase one* (`conflicts.rs`): conflict-driven tabu search over all rounds at once (after Dotú
//!   & Van Hentenryck 2005): swaps of two people in one round, or moves where sizes allow, chosen
//!   to remove the most repeats, with a random tabu tenure, random swaps that add no repeat between
//!   steps (a walk on the plateau) and restarts from the best plan. When there are mutual-want
//!   pairs, a first pass may not part a wanted pair meeting for the only time; a second pass may,
//!   if repeats remain. Because no round is privileged, unavoidable repeats spread over the rounds
//!   rather than piling up in the last one.
//! - *Phase two* (`polish.rs`): lexicographic descent over swaps and moves that never adds a
//!   repeat, meeting wanted pairs and raising affinity.
//!
//! Incremental bookkeeping (per pair: meetings, blocked, wanted; per seat: conflicting
//! table-mates; per seat and table, while rounds × people × tables ≤ 4 Mi: the repeats of joining
//! it) makes a phase-one candidate O(1) to score. Pair counts are a dense matrix up to 4096
//! people and a hash map above.
//!
//! Near the feasibility bound the local search is weaker than the best published ones: alone, it
//! typically keeps five or six repeats for 32 people at tables of 4 for 9 rounds, which the
//! complete search solves; 10 rounds (the known optimum) are out of reach of both.
//!
//! # Planning one more round
//! After rounds have been published, plan the next one alone: pass one round of tables and
//! `met_before` = history plus the published rounds ([`met_before_with`]).
//!
//! # Budget and determinism
//! Phase one may use 80 % of the budget (ending early once repeat-free); phase two the rest. With
//! no wanted pairs and an all-zero affinity phase two has nothing to do, so phase one may use it
//! all. Same input, seed and `max_iterations` (no deadline) give the same plan; with neither a
//! count nor a deadline the search uses [`DEFAULT_MAX_ITERATIONS`] iterations.

mod clock;
mod complete;
mod conflicts;
mod construct;
mod layout;
mod pairs;
mod polish;
mod report;
mod state;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

pub use clock::DEFAULT_MAX_ITERATIONS;
pub use construct::{RoundBuilder, RoundView, freedom_greedy};
pub use report::{RepeatedPair, RoundsReport};

use crate::matching::affinity::Affinity;
use crate::matching::model::{Assignment, Budget, PersonId, Problem, TableId, TableSpec};
use layout::{Layout, NONE};
use pairs::{BLOCKED, PairTable, WANTED};
use state::State;

/// Share of the budget phase one may use when it does not reach zero repeats and phase two has
/// something to do.
const PHASE_ONE_SHARE: f64 = 0.8;
/// Up to this many people an all-zero affinity is detected (O(n²) reads), so that without wanted
/// pairs phase one gets the whole budget.
const ZERO_AFFINITY_CHECK_LIMIT: usize = 4096;
/// Share of phase one spent first without parting wanted pairs that have met only once.
const KEEP_WANTED_SHARE: f64 = 0.5;

/// A multi-round seating problem. Pairs are unordered; duplicates are harmless.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundsInput {
    /// Number of people, indexed `0..people`.
    pub people: usize,
    /// The tables of each round; sizes are chosen within each table's `min..=max`.
    pub rounds: Vec<Vec<TableSpec>>,
    /// Pairs that met before this plan, with how often.
    pub met_before: Vec<(PersonId, PersonId, u32)>,
    /// Pairs that must never share a table.
    pub blocked: Vec<(PersonId, PersonId)>,
    /// Per round, seats that must not change; empty for no locks, else one list per round.
    pub locked_seats: Vec<Vec<(PersonId, TableId)>>,
    /// Pairs where both want to meet: seated together once in the series.
    pub mutual_wants: Vec<(PersonId, PersonId)>,
}

/// The seats of every round and what they are worth.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundsPlan {
    pub rounds: Vec<Assignment>,
    pub report: RoundsReport,
}

/// Why no plan was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RoundsError {
    #[error("invalid multi-round input: {0}")]
    InvalidInput(String),
    #[error("the round builder returned an invalid seating for round {round}: {reason}")]
    Builder { round: usize, reason: String },
    /// Blocked pairs that could not be kept apart, as (person, person, round).
    #[error("could not keep {} blocked pair(s) apart, e.g. {:?}", .0.len(), .0.first())]
    Blocked(Vec<(PersonId, PersonId, usize)>),
}

/// Plans all rounds of `input` with the default construction; see the module docs.
pub fn plan_rounds<A: Affinity>(
    input: &RoundsInput,
    affinity: &A,
    seed: u64,
    budget: Budget,
) -> Result<RoundsPlan, RoundsError> {
    let mut default = |_: &RoundView<'_>| -> Option<Assignment> { None };
    plan_rounds_with(input, affinity, seed, budget, &mut default)
}

/// Plans all rounds of `input`, building each round first with `builder` (falling back to
/// [`freedom_greedy`] where it returns `None`), then searching over all rounds.
pub fn plan_rounds_with<A: Affinity, B: RoundBuilder + ?Sized>(
    input: &RoundsInput,
    affinity: &A,
    seed: u64,
    budget: Budget,
    builder: &mut B,
) -> Result<RoundsPlan, RoundsError> {
    if affinity.len() != input.people {
        return Err(RoundsError::InvalidInput(format!(
            "affinity covers {} people, the input has {}",
            affinity.len(),
            input.people
        )));
    }
    let layout = layout::layout(input)?;
    let (pairs, wanted_met, _) = setup_pairs(input);
    let mut state = State::new(&layout, pairs, wanted_met);
    state.track_wanted = !input.mutual_wants.is_empty();
    let n = layout.n;

    for r in 0..layout.rounds {
        let assignment = {
            let view = RoundView {
                round: r,
                seed: mix(seed, 1, r as u64),
                input,
                affinity,
                state: &state,
            };
            builder
                .build_round(&view)
                .unwrap_or_else(|| freedom_greedy(&view))
        };
        check_round(&layout, r, &assignment)
            .map_err(|reason| RoundsError::Builder { round: r, reason })?;
        for (p, &t) in assignment.table_of.iter().enumerate() {
            state.seat(r, p as PersonId, t);
        }
    }

    let floor = forced_repeats(&layout) as i64;
    let mut clock = clock::Clock::new(budget);
    if state.cost() > 0
        && input.mutual_wants.is_empty()
        && let Some(seats) = complete::search(
            &layout,
            &forbidden_pairs(input),
            complete::NODE_LIMIT,
            || clock.past_deadline(),
        )
    {
        state.restore(&seats);
    }
    let polish_has_work = state.track_wanted || !affinity_is_zero(affinity);
    let mut phase = clock.share(if polish_has_work {
        PHASE_ONE_SHARE
    } else {
        1.0
    });
    if state.track_wanted {
        let mut keeping = phase.share(KEEP_WANTED_SHARE);
        conflicts::reduce_conflicts(&mut state, &mut keeping, mix(seed, 2, 1), true, floor);
        phase.absorb(&keeping);
    }
    conflicts::reduce_conflicts(&mut state, &mut phase, mix(seed, 2, 0), false, floor);
    clock.absorb(&phase);
    polish::polish(&mut state, affinity, &mut clock, mix(seed, 3, 0));

    let rounds: Vec<Assignment> = (0..layout.rounds)
        .map(|r| Assignment {
            table_of: state.table_of[r * n..(r + 1) * n].to_vec(),
        })
        .collect();
    if state.blocks > 0 {
        return Err(RoundsError::Blocked(blocked_together(&state)));
    }
    let report = report::report(input, &layout, &rounds, affinity, clock.used);
    Ok(RoundsPlan { rounds, report })
}

/// The fewest repeats any plan has: per round after the first, the pairs its tables force
/// together again given the tables of each earlier round ([`crate::matching::rules`]).
fn forced_repeats(layout: &Layout) -> u64 {
    let specs = |r: usize| -> Vec<TableSpec> {
        layout
            .tables(r)
            .map(|g| TableSpec::open(layout.lower[g], layout.upper[g]))
            .collect()
    };
    (1..layout.rounds)
        .filter_map(|r| {
            let earlier = (0..r).map(|e| (e, layout.tables(e).len() as u64));
            crate::matching::rules::most_forced(&specs(r), layout.n as u64, earlier)
        })
        .map(|f| f.repeats)
        .sum()
}

/// `met_before` plus one meeting for every pair seated together in each of `published`: the
/// history to plan the next round with.
pub fn met_before_with(
    met_before: &[(PersonId, PersonId, u32)],
    published: &[Assignment],
) -> Vec<(PersonId, PersonId, u32)> {
    let mut met: std::collections::BTreeMap<(PersonId, PersonId), u32> = Default::default();
    for &(i, j, c) in met_before {
        *met.entry((i.min(j), i.max(j))).or_default() += c;
    }
    for a in published {
        let mut at: std::collections::BTreeMap<TableId, Vec<PersonId>> = Default::default();
        for (p, &t) in a.table_of.iter().enumerate() {
            at.entry(t).or_default().push(p as PersonId);
        }
        for m in at.values() {
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    *met.entry((i, j)).or_default() += 1;
                }
            }
        }
    }
    met.into_iter()
        .filter(|&(_, c)| c > 0)
        .map(|((i, j), c)| (i, j, c))
        .collect()
}

/// The multi-round input for `rounds` repetitions of a one-round [`Problem`]: its tables and
/// locks every round, its history, blocks from either side, and wants where both sides want.
pub fn input_from_problem(problem: &Problem, rounds: usize) -> RoundsInput {
    let mut blocked = BTreeSet::new();
    let mut mutual = BTreeSet::new();
    for (i, person) in problem.people.iter().enumerate() {
        let i = i as PersonId;
        for &j in &person.blocks {
            if j != i {
                blocked.insert((i.min(j), i.max(j)));
            }
        }
        for &j in &person.wants {
            let wanted_back = problem
                .people
                .get(j as usize)
                .is_some_and(|other| other.wants.binary_search(&i).is_ok());
            if j != i && wanted_back {
                mutual.insert((i.min(j), i.max(j)));
            }
        }
    }
    RoundsInput {
        people: problem.people.len(),
        rounds: vec![problem.tables.clone(); rounds],
        met_before: problem.met_before.clone(),
        blocked: blocked.into_iter().collect(),
        locked_seats: if problem.locked_seats.is_empty() {
            Vec::new()
        } else {
            vec![problem.locked_seats.clone(); rounds]
        },
        mutual_wants: mutual.into_iter().collect(),
    }
}

/// The pair table with history and flags, the number of wanted pairs already met, and the
/// repeats inside history alone (Σ over pairs of `(count − 1)⁺`).
fn setup_pairs(input: &RoundsInput) -> (PairTable, i64, i64) {
    let mut pairs = PairTable::new(input.people);
    let mut history = std::collections::BTreeMap::new();
    for &(i, j, c) in &input.met_before {
        *history.entry((i.min(j), i.max(j))).or_insert(0u32) += c;
    }
    let mut history_repeats = 0i64;
    for (&(i, j), &c) in &history {
        let c = c.min(u32::from(pairs::COUNT_MASK)) as u16;
        pairs.add_history(i, j, c);
        history_repeats += i64::from(c.saturating_sub(1));
    }
    for &(i, j) in &input.blocked {
        pairs.set_flag(i, j, BLOCKED);
    }
    let wanted: BTreeSet<(PersonId, PersonId)> = input
        .mutual_wants
        .iter()
        .map(|&(i, j)| (i.min(j), i.max(j)))
        .collect();
    let mut wanted_met = 0;
    for &(i, j) in &wanted {
        pairs.set_flag(i, j, WANTED);
        if pairs.count(i, j) > 0 {
            wanted_met += 1;
        }
    }
    (pairs, wanted_met, history_repeats)
}

/// Pairs that may not meet in a repeat-free plan: those met before and those blocked.
fn forbidden_pairs(input: &RoundsInput) -> Vec<(PersonId, PersonId)> {
    input
        .met_before
        .iter()
        .filter(|&&(_, _, c)| c > 0)
        .map(|&(i, j, _)| (i, j))
        .chain(input.blocked.iter().copied())
        .collect()
}

/// Checks that `a` seats everyone at a table of round `r`, honours the round's locks and keeps
/// every table within its bounds.
fn check_round(layout: &Layout, r: usize, a: &Assignment) -> Result<(), String> {
    let n = layout.n;
    if a.table_of.len() != n {
        return Err(format!("{} seats for {n} people", a.table_of.len()));
    }
    let tables = layout.tables(r);
    let mut size = vec![0u32; tables.len()];
    for (p, &t) in a.table_of.iter().enumerate() {
        let Some(s) = size.get_mut(t as usize) else {
            return Err(format!("person {p} at table {t}, which does not exist"));
        };
        *s += 1;
        let lock = layout.lock_of[r * n + p];
        if lock != NONE && lock != t {
            return Err(format!(
                "person {p} is locked to table {lock}, seated at {t}"
            ));
        }
        if lock == NONE && layout.specs[tables.start + t as usize].locked {
            return Err(format!("person {p} seated at locked table {t}"));
        }
    }
    for (t, &s) in size.iter().enumerate() {
        let g = tables.start + t;
        if s < layout.lower[g] || s > layout.upper[g] {
            return Err(format!(
                "table {t} seats {s}, outside {}..={}",
                layout.lower[g], layout.upper[g]
            ));
        }
    }
    Ok(())
}

/// True when every pair's affinity is zero (checked up to [`ZERO_AFFINITY_CHECK_LIMIT`] people;
/// above it, assumed not).
fn affinity_is_zero<A: Affinity + ?Sized>(affinity: &A) -> bool {
    let n = affinity.len();
    n <= ZERO_AFFINITY_CHECK_LIMIT
        && (0..n as PersonId).all(|i| (i + 1..n as PersonId).all(|j| affinity.pair(i, j) == 0.0))
}

fn blocked_together(state: &State<'_>) -> Vec<(PersonId, PersonId, usize)> {
    let layout = state.layout;
    let mut out = Vec::new();
    for r in 0..layout.rounds {
        for t in 0..(layout.table_base[r + 1] - layout.table_base[r]) as u32 {
            let m = state.members(r, t);
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    if state.pairs.cell(i, j) & BLOCKED != 0 {
                        out.push((i.min(j), i.max(j), r));
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// SplitMix64 of the seed, a phase tag and a round: independent streams per phase and round.
fn mix(seed: u64, tag: u64, round: u64) -> u64 {
    let mut z =
        seed ^ tag.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ round.wrapping_mul(0xd1b5_4a32_d192_ed03);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
