//! The single-round seating solver for dense and moderate sizes (up to a few thousand people).
//!
//! # Objective
//! Given people `0..N`, tables with bounds `[min_g, max_g]` and a symmetric affinity `d(i, j)`
//! ([`Affinity`]), find a seating that maximises
//!
//! ```text
//! f = Σ_tables Σ_{i < j, both at the table} d(i, j)
//! ```
//!
//! subject to hard constraints: every person at exactly one table, every table within its bounds,
//! no blocked pair at one table, locked seats kept, and locked tables holding exactly the people
//! locked to them. This is the Maximally Diverse Grouping Problem (MDGP) with locks and
//! conflicts; on MDGPLIB instances `f` is exactly the benchmark's objective. For a conference,
//! `d(i, j)` is the pair score the affinity layer builds from [`Weights`](crate::matching::model::Weights)
//! (shared interests, wants, same affiliation, earlier meetings); the solver only sees the number.
//!
//! # Algorithm: Iterated Maxima Search (Lai & Hao, EJOR 2016)
//! 1. Locked tables and their people are set aside (a constant part of `f`); blocked pairs get a
//!    weight below minus twice the total absolute affinity, so a seating with one is never preferred
//!    to one without; people locked to open tables stay in the search but never move.
//! 2. Start: the caller's `initial` seating, repaired to respect sizes and locks, or the best of
//!    several randomised greedy constructions, each improved by a descent.
//! 3. Every candidate move is scored in O(1) from `D[i][g] = Σ_{j at g} d(i, j)` (moving `i` from
//!    `g` to `h` gains `D[i][h] − D[i][g]`; swapping `i` at `g` with `j` at `h` gains
//!    `D[i][h] − D[i][g] + D[j][g] − D[j][h] − 2·d(i, j)`), and applied in O(n) by updating the
//!    two affected columns. Flat arrays, no allocation inside the search. Swap scans skip tables
//!    for which an upper bound proves that no swap can gain.
//! 4. Repeat until the budget ends: a strong perturbation (about `n/m` random moves or swaps), then
//!    a *maxima search* (descent; weak perturbations of three best-of-sample steps followed by a
//!    descent, kept when better, until three in a row fail). When tables have slack, an occasional
//!    *reshape* (one table filled to its maximum or drained to its minimum) replaces the random
//!    perturbation, so that a poor choice of table sizes is not final; after a while without a
//!    better seating the walk returns to the best one. The best seating seen is returned.
//!    Details in `search.rs`. [`Mode::Fast`] only starts from fewer greedy constructions.
//!
//! # Determinism and threads
//! [`SolveOptions::threads`] independent lanes run in parallel; lane `k` draws its SplitMix64
//! state from stream `k` of a ChaCha8 generator keyed by [`SolveOptions::seed`]; the answer is the
//! best lane (ties: lowest lane). With no deadline, the result is a pure function of the input, the seed, the iteration
//! budget and the number of lanes, whatever the machine. A deadline makes it depend on speed: that
//! is the price of an anytime answer. One iteration is one strong perturbation plus one maxima
//! search; each lane runs the whole iteration budget. Every few dozen iterations the lanes meet,
//! and a stalled lane behind the best one continues from the best seating (`run_lanes`).
//!
//! # Size
//! The weight matrix is copied into a flat `n × n` array of `f64` (32 MB at 2,000 people), so this
//! path refuses more than [`MAX_DENSE_PEOPLE`] people in the search; conference-scale problems with
//! sparse affinities go to the sparse solver.

mod construct;
mod instance;
mod recombine;
mod reshape;
mod rng;
mod search;
mod state;

#[cfg(test)]
mod tests;

use crate::matching::affinity::Affinity;
use crate::matching::model::{Assignment, Budget, Person, PersonId, TableId, TableSpec};
use crate::matching::progress::Progress;
use instance::{Instance, Layout};

/// Most people this solver accepts in the search (the matrix alone is `8·n²` bytes).
pub const MAX_DENSE_PEOPLE: usize = 6_000;

/// Hard constraints beyond table sizes. Locked tables are marked in [`TableSpec::locked`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Pairs that must never share a table (order within a pair does not matter).
    pub blocked: Vec<(PersonId, PersonId)>,
    /// Seats that must not change: person → table.
    pub locked_seats: Vec<(PersonId, TableId)>,
}

impl Constraints {
    /// The hard constraints stated in a list of people (their `blocks`) plus locked seats.
    pub fn from_people(people: &[Person], locked_seats: &[(PersonId, TableId)]) -> Self {
        let blocked = people
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.blocks.iter().map(move |&j| (i as PersonId, j)))
            .collect();
        Self {
            blocked,
            locked_seats: locked_seats.to_vec(),
        }
    }
}

/// How hard to search within the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Best quality for the budget: ten greedy starts, then Iterated Maxima Search.
    #[default]
    Quality,
    /// Live use with sub-second budgets: two greedy starts, then the same search.
    Fast,
    /// [`Mode::Quality`], and a lane that falls behind the best one walks on from a child of both
    /// lanes' best seatings (a few times) instead of taking over the best one: the two lanes then
    /// act as a population of two. Closer to a long search's quality, several times slower.
    Thorough,
}

/// Seed, budget and parallelism of one solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolveOptions {
    pub seed: u64,
    /// With neither limit set, each lane runs `DEFAULT_MAX_ITERATIONS` (200) iterations.
    pub budget: Budget,
    /// Independent search lanes, each on its own thread (at least 1). Part of the input: a
    /// different number of lanes gives a different (equally valid) answer.
    pub threads: usize,
    pub mode: Mode,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            budget: Budget {
                converge: false,
                max_iterations: None,
                deadline: None,
            },
            threads: 1,
            mode: Mode::Quality,
        }
    }
}

/// A feasible seating and its objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub assignment: Assignment,
    /// `Σ d(i, j)` over pairs sharing a table, recomputed exactly from the affinity.
    pub objective: f64,
    /// Outer iterations run by the winning lane.
    pub iterations: u64,
    /// Iteration at which the winning lane found its best seating (0: before the first).
    pub best_iteration: u64,
}

/// Why no seating could be produced. Messages name the offending person or table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("table {table} has min {min} above max {max}")]
    TableBoundsInverted { table: TableId, min: u32, max: u32 },
    #[error("person {person} does not exist (there are {people} people)")]
    PersonOutOfRange { person: PersonId, people: usize },
    #[error("table {table} does not exist (there are {tables} tables)")]
    TableOutOfRange { table: TableId, tables: usize },
    #[error("person {person} is locked to both table {first} and table {second}")]
    ConflictingLocks {
        person: PersonId,
        first: TableId,
        second: TableId,
    },
    #[error("persons {a} and {b} are blocked from each other but both locked to table {table}")]
    BlockedPairLocked {
        a: PersonId,
        b: PersonId,
        table: TableId,
    },
    #[error("locked table {table} has {locked} locked people, outside its bounds {min}..={max}")]
    LockedTableSize {
        table: TableId,
        locked: u32,
        min: u32,
        max: u32,
    },
    #[error("table {table} has {locked} locked seats but room for only {max}")]
    LockedSeatsOverCapacity {
        table: TableId,
        locked: u32,
        max: u32,
    },
    #[error(
        "{people} people to seat at open tables, but they need at least {min_total} and hold at most {max_total}"
    )]
    Capacity {
        people: usize,
        min_total: u64,
        max_total: u64,
    },
    #[error("{people} people exceed this solver's limit of {limit}; use the sparse solver")]
    TooLarge { people: usize, limit: usize },
    #[error("the affinity of persons {a} and {b} is not a finite number")]
    NonFiniteAffinity { a: PersonId, b: PersonId },
    #[error("the initial seating has {got} entries for {expected} people")]
    InitialLength { expected: usize, got: usize },
    #[error("no seating found that keeps blocked pairs apart (e.g. persons {a} and {b})")]
    BlocksUnsatisfied { a: PersonId, b: PersonId },
}

/// Seats everyone so as to maximise the affinity inside tables; see the module docs.
///
/// `initial`, when given, is where the search starts (repaired first if it breaks sizes or
/// locks); entries naming a nonexistent or locked table count as unseated.
pub fn solve<A: Affinity>(
    affinity: &A,
    tables: &[TableSpec],
    constraints: &Constraints,
    initial: Option<&Assignment>,
    options: &SolveOptions,
) -> Result<Solution, SolveError> {
    solve_observed(
        affinity,
        tables,
        constraints,
        initial,
        options,
        &Progress::new(),
    )
}

/// [`solve`], reporting iterations, the best objective of the open tables and how close the
/// lanes are to converging into `progress`.
pub fn solve_observed<A: Affinity>(
    affinity: &A,
    tables: &[TableSpec],
    constraints: &Constraints,
    initial: Option<&Assignment>,
    options: &SolveOptions,
    progress: &Progress,
) -> Result<Solution, SolveError> {
    if let Some(a) = initial
        && a.table_of.len() != affinity.len()
    {
        return Err(SolveError::InitialLength {
            expected: affinity.len(),
            got: a.table_of.len(),
        });
    }
    let (inst, layout) = Instance::build(affinity, tables, constraints)?;
    let start = initial.map(|a| {
        let mut local_table = vec![None; tables.len()];
        for (local, &t) in layout.tables.iter().enumerate() {
            local_table[t as usize] = Some(local as u32);
        }
        let seats: Vec<Option<u32>> = layout
            .people
            .iter()
            .map(|&p| {
                let t = a.table_of[p as usize] as usize;
                local_table.get(t).copied().flatten()
            })
            .collect();
        let mut rng = rng::SplitMix::for_lane(options.seed, u64::MAX);
        construct::repair(&inst, &seats, &mut rng)
    });

    let lanes = run_lanes(&inst, start.as_deref(), options, progress);
    let mut winner = &lanes[0];
    for r in &lanes[1..] {
        if r.objective > winner.objective + search::EPSILON {
            winner = r;
        }
    }
    finish(affinity, &layout, winner)
}

/// Runs [`SolveOptions::threads`] lanes, each on its own thread, in stretches of
/// [`search::meeting_interval`] iterations. Between two stretches the lanes meet (see [`meet`]).
/// The meetings fall on fixed iteration counts, so the result stays a pure function of the
/// input, the seed, the budget and the number of lanes.
fn run_lanes(
    inst: &Instance,
    start: Option<&[u32]>,
    options: &SolveOptions,
    progress: &Progress,
) -> Vec<search::LaneResult> {
    let count = options.threads.max(1) as u64;
    let mut lanes: Vec<search::Lane> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..count)
            .map(|lane| {
                scope.spawn(move || {
                    let rng = rng::SplitMix::for_lane(options.seed, lane);
                    search::Lane::start(inst, start, options, rng, progress)
                })
            })
            .collect();
        let rng = rng::SplitMix::for_lane(options.seed, 0);
        let mut lanes = vec![search::Lane::start(inst, start, options, rng, progress)];
        lanes.extend(handles.into_iter().map(join));
        lanes
    });
    if lanes.len() == 1 {
        lanes[0].run(u64::MAX);
    } else {
        let interval = search::meeting_interval(inst.n);
        let mut until = 0;
        while !lanes.iter().all(search::Lane::done) {
            until += interval;
            std::thread::scope(|scope| {
                let (first, others) = lanes.split_first_mut().expect("at least one lane");
                let handles: Vec<_> = others
                    .iter_mut()
                    .map(|lane| scope.spawn(move || lane.run(until)))
                    .collect();
                first.run(until);
                handles.into_iter().for_each(join);
            });
            meet(&mut lanes, until - interval);
        }
    }
    lanes.into_iter().map(search::Lane::finish).collect()
}

/// Every lane that is behind the best lane (ties: the lowest) and found nothing better of its own
/// since the meeting at iteration `since` takes over the best seating. A lane that is still
/// improving keeps its own walk: measured on five conferences of 500 people, moving every lane
/// behind gained a third as much as moving only the stalled ones.
fn meet(lanes: &mut [search::Lane], since: u64) {
    let mut leader = 0;
    for (k, lane) in lanes.iter().enumerate() {
        if lane.objective() > lanes[leader].objective() + search::EPSILON {
            leader = k;
        }
    }
    let (before, rest) = lanes.split_at_mut(leader);
    let (leader, after) = rest.split_first_mut().expect("the leader is a lane");
    for lane in before.iter_mut().chain(after) {
        if lane.objective() + search::EPSILON < leader.objective() && !lane.improved_since(since) {
            if lane.can_recombine() {
                lane.recombine(leader);
            } else {
                lane.adopt(leader);
            }
        }
    }
}

fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    match handle.join() {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Maps a lane's seating back to the caller's numbering and checks the hard constraints.
fn finish<A: Affinity>(
    affinity: &A,
    layout: &Layout,
    lane: &search::LaneResult,
) -> Result<Solution, SolveError> {
    let mut table_of: Vec<TableId> = vec![0; affinity.len()];
    for (p, t) in layout.at_locked_table.iter().enumerate() {
        if let Some(t) = t {
            table_of[p] = *t;
        }
    }
    for (local, &p) in layout.people.iter().enumerate() {
        table_of[p as usize] = layout.tables[lane.table[local] as usize];
    }
    if let Some(&(a, b)) = layout
        .blocked
        .iter()
        .find(|&&(a, b)| table_of[a as usize] == table_of[b as usize])
    {
        return Err(SolveError::BlocksUnsatisfied { a, b });
    }
    let objective = objective(affinity, &table_of);
    Ok(Solution {
        assignment: Assignment { table_of },
        objective,
        iterations: lane.iterations,
        best_iteration: lane.best_iteration,
    })
}

/// `Σ d(i, j)` over pairs `i < j` at the same table, in O(Σ size²) given `table_of`.
pub fn objective<A: Affinity>(affinity: &A, table_of: &[TableId]) -> f64 {
    let tables = table_of.iter().map(|&t| t as usize + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<PersonId>> = vec![Vec::new(); tables];
    for (p, &t) in table_of.iter().enumerate() {
        members[t as usize].push(p as PersonId);
    }
    members
        .iter()
        .map(|group| {
            let mut sum = 0.0;
            for (a, &i) in group.iter().enumerate() {
                for &j in &group[a + 1..] {
                    sum += affinity.pair(i, j);
                }
            }
            sum
        })
        .sum()
}
