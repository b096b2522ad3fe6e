//! The engine's entry point for the service: seats one meetup, or a series of meetups where
//! nobody should meet the same person twice, picking the solver by size, and explains the result.
//!
//! - One meetup: the feasibility report first (so an impossible request fails with reasons, not a
//!   search), then the dense solver (`solver`, iterated maxima search over an n×n table) up to
//!   [`DENSE_LIMIT`] people and the sparse large-scale solver (`scale`) above it.
//! - A series where every meetup seats the same people: all rounds at once with the multi-round
//!   planner (`rounds`), which keeps pairs from meeting twice and seats mutual-want pairs together
//!   once. When the meetups seat different people (someone skips a lunch) the rounds are planned
//!   one after another, each seeing the pairs seated in the earlier ones as history, which the
//!   objective penalises (`Weights::met_before`).
//!
//! Everything is deterministic for a seed and an iteration budget; a deadline in the budget makes
//! the answer depend on the machine's speed (the price of an anytime answer).

use super::conference::{ConferenceAffinity, ConferenceError};
use super::explain::{ExplainError, PlanReport, explain};
use super::feasibility::{self, FeasibilityReport};
use super::model::{Assignment, Budget, PersonId, Problem, TableId, TableSpec};
use super::priorities::prioritised;
use super::progress::{Phase, Progress};
use super::rounds::{RoundsError, RoundsInput, plan_rounds};
use super::rules::{self, MissedPairs, Origin, RuleNote, SeatingFacts, most_forced};
use super::scale::{LargeOptions, ScaleError, solve_large_observed};
use super::solver::{Constraints, Mode, SolveError, SolveOptions, solve_observed};

/// Above this many people the sparse solver is used: the dense one needs `8·n²` bytes, which a
/// web service should not spend on one request (3,000 people: 72 MB).
pub const DENSE_LIMIT: usize = 3_000;

/// The same limit when the budget asks to stop on convergence (the service's runs): between
/// 1,000 and 3,000 people the dense solver needs 10–30 s to converge where the sparse one needs
/// under a second for about 0.1 % less objective and the same wants, repeats and orphans.
pub const CONVERGED_DENSE_LIMIT: usize = 1_000;

fn dense_limit(budget: &Budget) -> usize {
    if budget.converge {
        CONVERGED_DENSE_LIMIT
    } else {
        DENSE_LIMIT
    }
}

/// Seed, budget and parallelism of one planning call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanOptions {
    pub seed: u64,
    pub budget: Budget,
    /// Independent search lanes of the dense solver. Part of the input: a different number gives
    /// a different (equally valid) answer, so the service fixes it rather than using the cores.
    pub lanes: usize,
    pub mode: Mode,
}

/// Which solver produced a seating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverKind {
    Dense,
    Large,
    Rounds,
}

/// A seating of one meetup and its explanation, in the problem's person and table indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Seated {
    pub assignment: Assignment,
    pub report: PlanReport,
    pub solver: SolverKind,
}

/// Why no plan was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// Nothing to seat.
    #[error("there is nobody to seat")]
    Empty,
    /// The request cannot be satisfied; the report says why, per input.
    #[error("no valid seating exists: {}", .0.problems.first().map(|p| p.message.as_str()).unwrap_or(""))]
    Infeasible(Box<FeasibilityReport>),
    #[error(transparent)]
    Conference(#[from] ConferenceError),
    #[error(transparent)]
    Dense(#[from] SolveError),
    #[error(transparent)]
    Large(#[from] ScaleError),
    #[error(transparent)]
    Rounds(#[from] RoundsError),
    #[error(transparent)]
    Explain(#[from] ExplainError),
}

/// Seats everyone in `problem` (one meetup).
pub fn seat(problem: &Problem, options: &PlanOptions) -> Result<Seated, PlanError> {
    seat_observed(problem, options, &Progress::new())
}

/// [`seat`], reporting into `progress`; it ends in [`Phase::Explaining`] with the seating's
/// objective offered, so a finished step always shows a score.
pub fn seat_observed(
    problem: &Problem,
    options: &PlanOptions,
    progress: &Progress,
) -> Result<Seated, PlanError> {
    if problem.people.is_empty() {
        return Err(PlanError::Empty);
    }
    let report = feasibility::check(problem);
    if !report.is_feasible() {
        return Err(PlanError::Infeasible(Box::new(report)));
    }
    let (problem, affinity) = prioritised(problem)?;
    let problem = &problem;
    let (assignment, solver) = if problem.people.len() <= dense_limit(&options.budget) {
        let constraints = Constraints::from_people(&problem.people, &problem.locked_seats);
        let solved = solve_observed(
            &affinity,
            &problem.tables,
            &constraints,
            None,
            &SolveOptions {
                seed: options.seed,
                budget: options.budget,
                threads: options.lanes.max(1),
                mode: options.mode,
            },
            progress,
        )?;
        (solved.assignment, SolverKind::Dense)
    } else {
        let large = LargeOptions::new(options.seed, options.budget);
        let (assignment, _) = solve_large_observed(problem, &affinity, &large, progress)?;
        (assignment, SolverKind::Large)
    };
    progress.set_phase(Phase::Explaining);
    let report = explain(problem, &affinity, &assignment)?;
    progress.offer_score(report.metrics.objective);
    Ok(Seated {
        assignment,
        report,
        solver,
    })
}

/// One meetup of a series: who takes part (global person indices, ascending), its tables and
/// its locked seats (global person, table).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeriesRound {
    pub participants: Vec<PersonId>,
    pub tables: Vec<TableSpec>,
    pub locked_seats: Vec<(PersonId, TableId)>,
}

/// A seating per round, in global person indices: `table_of[p]` is `None` for people who do not
/// take part in that round.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRoundSeating {
    pub table_of: Vec<Option<TableId>>,
    /// The round's explanation in the round's local indices (`participants[local]` = global).
    pub report: PlanReport,
    pub participants: Vec<PersonId>,
    pub solver: SolverKind,
    /// The service's rules this round does not fully keep, and why (empty when it keeps them).
    pub notes: Vec<RuleNote>,
}

/// Seats every round of a series. `base` carries everyone (global indices), the weights and the
/// history from outside the series; its tables and locks are ignored. Returns one seating per
/// round, in order.
pub fn seat_series(
    base: &Problem,
    rounds: &[SeriesRound],
    options: &PlanOptions,
) -> Result<Vec<SeriesRoundSeating>, PlanError> {
    seat_series_observed(base, rounds, options, &Progress::new())
}

/// [`seat_series`], reporting its progress into `progress` as it goes (phase, iterations, best
/// score, convergence) and marking it [`Phase::Done`] at the end, whatever the outcome.
pub fn seat_series_observed(
    base: &Problem,
    rounds: &[SeriesRound],
    options: &PlanOptions,
    progress: &Progress,
) -> Result<Vec<SeriesRoundSeating>, PlanError> {
    progress.set_phase(Phase::Checking);
    let result = series(base, rounds, options, progress);
    progress.set_phase(Phase::Done);
    result
}

fn series(
    base: &Problem,
    rounds: &[SeriesRound],
    options: &PlanOptions,
    progress: &Progress,
) -> Result<Vec<SeriesRoundSeating>, PlanError> {
    let n = base.people.len();
    let everyone_everywhere = rounds.iter().all(|r| {
        r.participants.len() == n
            && r.participants
                .iter()
                .enumerate()
                .all(|(i, &p)| p as usize == i)
    });
    if rounds.len() > 1 && everyone_everywhere && n > 1 && n <= dense_limit(&options.budget) {
        progress.start_step(1, 1);
        progress.set_phase(Phase::Searching);
        let seated = seat_rounds_together(base, rounds, options)?;
        progress.offer_score(seated.iter().map(|s| s.report.metrics.objective).sum());
        return Ok(with_notes(base, rounds, seated));
    }
    let mut history = base.met_before.clone();
    let mut out = Vec::with_capacity(rounds.len());
    for (r, round) in rounds.iter().enumerate() {
        let local = subproblem(base, round, &history);
        let round_options = PlanOptions {
            seed: options.seed.wrapping_add(r as u64),
            ..*options
        };
        progress.start_step(r as u32 + 1, rounds.len() as u32);
        let seated = seat_observed(&local, &round_options, progress)?;
        let mut table_of = vec![None; n];
        for (l, &g) in round.participants.iter().enumerate() {
            table_of[g as usize] = Some(seated.assignment.table_of[l]);
        }
        add_meetings(&mut history, &table_of);
        out.push(SeriesRoundSeating {
            table_of,
            report: seated.report,
            participants: round.participants.clone(),
            solver: seated.solver,
            notes: Vec::new(),
        });
    }
    Ok(with_notes(base, rounds, out))
}

fn seat_rounds_together(
    base: &Problem,
    rounds: &[SeriesRound],
    options: &PlanOptions,
) -> Result<Vec<SeriesRoundSeating>, PlanError> {
    for round in rounds {
        let problem = Problem {
            tables: round.tables.clone(),
            locked_seats: round.locked_seats.clone(),
            ..base.clone()
        };
        let report = feasibility::check(&problem);
        if !report.is_feasible() {
            return Err(PlanError::Infeasible(Box::new(report)));
        }
    }
    let tiering = Problem {
        tables: rounds
            .iter()
            .flat_map(|r| r.tables.iter().copied())
            .collect(),
        ..base.clone()
    };
    let (tiered, affinity) = prioritised(&tiering)?;
    let base = &Problem {
        tables: Vec::new(),
        ..tiered
    };
    let mut mutual_wants = Vec::new();
    let mut blocked = Vec::new();
    for (i, person) in base.people.iter().enumerate() {
        let i = i as PersonId;
        for &j in &person.wants {
            if i < j && base.people[j as usize].wants.binary_search(&i).is_ok() {
                mutual_wants.push((i, j));
            }
        }
        blocked.extend(person.blocks.iter().map(|&j| (i, j)));
    }
    let input = RoundsInput {
        people: base.people.len(),
        rounds: rounds.iter().map(|r| r.tables.clone()).collect(),
        met_before: base.met_before.clone(),
        blocked,
        locked_seats: rounds.iter().map(|r| r.locked_seats.clone()).collect(),
        mutual_wants,
    };
    let plan = plan_rounds(&input, &affinity, options.seed, options.budget)?;
    let mut history = base.met_before.clone();
    let mut out = Vec::with_capacity(rounds.len());
    for (round, assignment) in rounds.iter().zip(plan.rounds) {
        let problem = Problem {
            tables: round.tables.clone(),
            locked_seats: round.locked_seats.clone(),
            met_before: history.clone(),
            ..base.clone()
        };
        let round_affinity = ConferenceAffinity::new(&problem)?;
        let report = explain(&problem, &round_affinity, &assignment)?;
        let table_of: Vec<Option<TableId>> = assignment.table_of.iter().map(|&t| Some(t)).collect();
        add_meetings(&mut history, &table_of);
        out.push(SeriesRoundSeating {
            table_of,
            report,
            participants: round.participants.clone(),
            solver: SolverKind::Rounds,
            notes: Vec::new(),
        });
    }
    Ok(out)
}

/// Adds to each round the notes on the rules it cannot fully keep: repeats the tables force (or
/// that the search left beyond them), mutual want pairs never seated together in the series,
/// and people alone.
fn with_notes(
    base: &Problem,
    rounds: &[SeriesRound],
    mut seated: Vec<SeriesRoundSeating>,
) -> Vec<SeriesRoundSeating> {
    let series = rounds.len() > 1;
    let mut mutual_met: std::collections::BTreeSet<(PersonId, PersonId)> = Default::default();
    for s in &seated {
        for t in &s.report.tables {
            for w in t.wanted_pairs.iter().filter(|w| w.mutual) {
                let (a, b) = (s.participants[w.a as usize], s.participants[w.b as usize]);
                mutual_met.insert((a.min(b), a.max(b)));
            }
        }
    }
    for r in 0..seated.len() {
        let round = &rounds[r];
        let people = round.participants.len() as u64;
        let m = &seated[r].report.metrics;
        let missed = if series {
            MissedPairs::InSeries(never_met(base, &round.participants, &mutual_met))
        } else {
            MissedPairs::AtThisMeetup {
                missed: u64::from(m.mutual_wants.possible - m.mutual_wants.met),
                possible: u64::from(m.mutual_wants.possible),
            }
        };
        let notes = rules::notes(&SeatingFacts {
            tables: &round.tables,
            people,
            forced: most_forced(&round.tables, people, covering(rounds, r)),
            repeats: m.repeated_pairs.len() as u64,
            missed,
            people_alone: m.people_alone.len(),
            origin: Origin::Search,
        });
        seated[r].notes = notes;
    }
    seated
}

/// The earlier rounds `(index, tables)` that seated everyone round `r` seats: each forces repeats
/// on round `r` when its tables were too few (see [`rules::forced_repeats`]).
pub(super) fn covering(rounds: &[SeriesRound], r: usize) -> impl Iterator<Item = (usize, u64)> {
    (0..r)
        .filter(move |&e| {
            rounds[r]
                .participants
                .iter()
                .all(|p| rounds[e].participants.binary_search(p).is_ok())
        })
        .map(move |e| (e, rounds[e].tables.len() as u64))
}

/// Mutual want pairs among `participants` (global, ascending), not blocked, that sit together in
/// no round of the series.
fn never_met(
    base: &Problem,
    participants: &[PersonId],
    met: &std::collections::BTreeSet<(PersonId, PersonId)>,
) -> u64 {
    let mut missed = 0;
    for &i in participants {
        let person = &base.people[i as usize];
        for &j in person.wants.iter().filter(|&&j| j > i) {
            let other = &base.people[j as usize];
            let possible = participants.binary_search(&j).is_ok()
                && other.wants.binary_search(&i).is_ok()
                && person.blocks.binary_search(&j).is_err()
                && other.blocks.binary_search(&i).is_err();
            if possible && !met.contains(&(i, j)) {
                missed += 1;
            }
        }
    }
    missed
}

/// The round's own problem: its participants re-indexed `0..k`, their wants and blocks kept
/// where both ends take part, and the history between them.
pub(super) fn subproblem(
    base: &Problem,
    round: &SeriesRound,
    history: &[(PersonId, PersonId, u32)],
) -> Problem {
    let mut local_of = vec![None; base.people.len()];
    for (l, &g) in round.participants.iter().enumerate() {
        local_of[g as usize] = Some(l as PersonId);
    }
    let map = |list: &[PersonId]| -> Vec<PersonId> {
        let mut out: Vec<PersonId> = list.iter().filter_map(|&g| local_of[g as usize]).collect();
        out.sort_unstable();
        out
    };
    let people = round
        .participants
        .iter()
        .map(|&g| {
            let p = &base.people[g as usize];
            super::model::Person {
                interests: p.interests.clone(),
                interest_weights: p.interest_weights.clone(),
                affiliation: p.affiliation,
                wants: map(&p.wants),
                blocks: map(&p.blocks),
            }
        })
        .collect();
    let met_before = history
        .iter()
        .filter_map(|&(a, b, c)| {
            let (la, lb) = (local_of[a as usize]?, local_of[b as usize]?);
            Some((la.min(lb), la.max(lb), c))
        })
        .collect();
    let locked_seats = round
        .locked_seats
        .iter()
        .filter_map(|&(g, t)| Some((local_of[g as usize]?, t)))
        .collect();
    Problem {
        people,
        tables: round.tables.clone(),
        met_before,
        locked_seats,
        weights: base.weights,
    }
}

/// Adds one meeting for every pair seated together in `table_of`.
fn add_meetings(history: &mut Vec<(PersonId, PersonId, u32)>, table_of: &[Option<TableId>]) {
    let mut by_table: std::collections::BTreeMap<TableId, Vec<PersonId>> = Default::default();
    for (p, t) in table_of.iter().enumerate() {
        if let Some(t) = t {
            by_table.entry(*t).or_default().push(p as PersonId);
        }
    }
    let mut counts: std::collections::BTreeMap<(PersonId, PersonId), u32> = history
        .iter()
        .map(|&(a, b, c)| ((a.min(b), a.max(b)), c))
        .fold(Default::default(), |mut m, (k, c)| {
            *m.entry(k).or_default() += c;
            m
        });
    for members in by_table.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                *counts.entry((a, b)).or_default() += 1;
            }
        }
    }
    *history = counts.into_iter().map(|((a, b), c)| (a, b, c)).collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::model::Person;

    fn people(n: usize) -> Vec<Person> {
        (0..n)
            .map(|i| Person {
                interests: vec![(i % 4) as u32, 10 + (i % 3) as u32],
                ..Person::default()
            })
            .collect()
    }

    fn options() -> PlanOptions {
        PlanOptions {
            seed: 7,
            budget: Budget {
                converge: false,
                max_iterations: Some(50),
                deadline: None,
            },
            lanes: 1,
            mode: Mode::Fast,
        }
    }

    #[test]
    fn one_meetup_seats_everyone_within_bounds_and_is_repeatable() {
        let problem = Problem {
            people: people(20),
            tables: vec![TableSpec::open(4, 6); 4],
            ..Problem::default()
        };
        let a = seat(&problem, &options()).expect("seats");
        let b = seat(&problem, &options()).expect("seats");
        assert_eq!(a, b);
        assert_eq!(a.solver, SolverKind::Dense);
        assert!(a.report.metrics.size_violations.is_empty());
        assert_eq!(a.assignment.table_of.len(), 20);
    }

    #[test]
    fn an_impossible_meetup_is_refused_with_the_feasibility_report() {
        let problem = Problem {
            people: people(3),
            tables: vec![TableSpec::open(4, 6)],
            ..Problem::default()
        };
        match seat(&problem, &options()) {
            Err(PlanError::Infeasible(report)) => assert!(!report.problems.is_empty()),
            other => panic!("expected infeasible, got {other:?}"),
        }
    }

    #[test]
    fn nobody_to_seat_is_its_own_error() {
        assert_eq!(seat(&Problem::default(), &options()), Err(PlanError::Empty));
    }

    #[test]
    fn a_series_with_the_same_people_has_no_repeated_pair() {
        let base = Problem {
            people: people(24),
            ..Problem::default()
        };
        let round = SeriesRound {
            participants: (0..24).collect(),
            tables: vec![TableSpec::open(4, 4); 6],
            locked_seats: vec![],
        };
        let seated = seat_series(&base, &vec![round; 3], &options()).expect("seats");
        assert_eq!(seated.len(), 3);
        assert!(seated.iter().all(|s| s.solver == SolverKind::Rounds));
        let mut history = Vec::new();
        for s in &seated {
            add_meetings(&mut history, &s.table_of);
        }
        assert!(history.iter().all(|&(_, _, c)| c == 1), "{history:?}");
    }

    #[test]
    fn a_series_where_someone_skips_a_round_seats_only_the_participants() {
        let base = Problem {
            people: people(13),
            ..Problem::default()
        };
        let first = SeriesRound {
            participants: (0..12).collect(),
            tables: vec![TableSpec::open(3, 4); 4],
            locked_seats: vec![(0, 2)],
        };
        let second = SeriesRound {
            participants: (1..13).collect(),
            tables: vec![TableSpec::open(3, 4); 4],
            locked_seats: vec![],
        };
        let seated = seat_series(&base, &[first, second], &options()).expect("seats");
        assert_eq!(seated[0].table_of[12], None);
        assert_eq!(seated[0].table_of[0], Some(2));
        assert_eq!(seated[1].table_of[0], None);
        assert!(seated[1].table_of[1..].iter().all(Option::is_some));
        let mut history = Vec::new();
        for s in &seated {
            add_meetings(&mut history, &s.table_of);
        }
        assert!(history.iter().all(|&(_, _, c)| c == 1), "{history:?}");
    }
}
