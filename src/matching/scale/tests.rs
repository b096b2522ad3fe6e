//! Tests of the large-scale solver: hard constraints, determinism, quality against baselines.

use proptest::prelude::*;

use super::*;
use crate::matching::affinity::Affinity;
use crate::matching::conference::score_seating;
use crate::matching::generator::{ConferenceSpec, generate};
use crate::matching::model::{Person, TableSpec};

fn by_iterations(seed: u64, steps: u64) -> LargeOptions {
    LargeOptions::new(
        seed,
        Budget {
            converge: false,
            max_iterations: Some(steps),
            deadline: None,
        },
    )
}

fn person(interests: &[u32]) -> Person {
    Person {
        interests: interests.to_vec(),
        ..Person::default()
    }
}

/// Every hard constraint of the module docs, checked from the problem and the assignment alone.
fn check_feasible(problem: &Problem, assignment: &Assignment) -> Result<(), String> {
    let n = problem.people.len();
    if assignment.table_of.len() != n {
        return Err(format!(
            "{} seats for {n} people",
            assignment.table_of.len()
        ));
    }
    let mut size = vec![0u32; problem.tables.len()];
    for (p, &t) in assignment.table_of.iter().enumerate() {
        *size
            .get_mut(t as usize)
            .ok_or(format!("person {p} at missing table {t}"))? += 1;
    }
    for (t, spec) in problem.tables.iter().enumerate() {
        if !(spec.min..=spec.max).contains(&size[t]) {
            return Err(format!("table {t} holds {} outside {spec:?}", size[t]));
        }
    }
    for (p, person) in problem.people.iter().enumerate() {
        for &q in &person.blocks {
            if assignment.table_of[p] == assignment.table_of[q as usize] {
                return Err(format!("{p} and {q} block each other but sit together"));
            }
        }
    }
    let mut locked_at = vec![0u32; problem.tables.len()];
    for &(p, t) in &problem.locked_seats {
        if assignment.table_of[p as usize] != t {
            return Err(format!("{p} is locked to {t}"));
        }
        locked_at[t as usize] += 1;
    }
    for (t, spec) in problem.tables.iter().enumerate() {
        if spec.locked && locked_at[t] != size[t] {
            return Err(format!("locked table {t} took someone not locked to it"));
        }
    }
    Ok(())
}

#[test]
fn the_search_beats_the_construction_which_beats_random_seating() {
    let problem = generate(&ConferenceSpec::new(2000, 11)).unwrap();
    let aff = ConferenceAffinity::new(&problem).unwrap();
    let (assignment, stats) = solve_large(&problem, &aff, &by_iterations(1, 40_000)).unwrap();
    check_feasible(&problem, &assignment).unwrap();
    let random = random_seating(&problem, &aff, 1).unwrap();
    let random = score_seating(&aff, &random.table_of, problem.tables.len());
    assert!(
        stats.construction.objective > 1.5 * random.objective,
        "{stats:?} vs {random:?}"
    );
    assert!(stats.result.objective > 1.1 * stats.construction.objective);
    assert!(stats.result.orphans <= stats.construction.orphans);
    assert_eq!(stats.result.orphans, stats.unavoidable_orphans);
    let rescored = score_seating(&aff, &assignment.table_of, problem.tables.len());
    assert_eq!(rescored.orphans, stats.result.orphans);
    assert!((rescored.objective - stats.result.objective).abs() < 1e-6 * rescored.objective);
}

#[test]
fn incremental_sums_match_a_full_recount_after_the_search() {
    let mut spec = ConferenceSpec::new(600, 5);
    spec.met_before_per_person = 2.0;
    spec.block_share = 0.02;
    spec.locked_seats = 30;
    let mut problem = generate(&spec).unwrap();
    for (p, person) in problem.people.iter_mut().enumerate() {
        person.interest_weights = (0..person.interests.len())
            .map(|k| 0.25 + ((p + k) % 4) as f32 * 0.25)
            .collect();
    }
    let aff = ConferenceAffinity::new(&problem).unwrap();
    let mut seating = Seating::new(&problem, &aff).unwrap();
    let targets = seating.targets().unwrap();
    construct::construct(&aff, &mut seating, &targets, 3).unwrap();
    let mut search = search::Search::new(&aff, seating, 2.0, Tuning::default());
    let budget = Budget {
        converge: false,
        max_iterations: Some(20_000),
        deadline: None,
    };
    let progress = search.run(&budget, 0, 3, &crate::matching::progress::Progress::new());
    assert!(progress.moves + progress.swaps > 100, "{progress:?}");
    let recount = score_seating(&aff, &search.seating.table_of, problem.tables.len());
    assert!((recount.objective - search.objective).abs() < 1e-6 * recount.objective.abs());
    assert_eq!(recount.orphans, search.orphans);
}

/// People 0 and 1 share interest 1, people 2 and 3 interest 2; 0 and 2 want each other. Tables of
/// two: pairing the wants scores more but leaves four orphans.
fn want_versus_orphans() -> Problem {
    let mut people = vec![person(&[1]), person(&[1]), person(&[2]), person(&[2])];
    people[0].wants = vec![2];
    people[2].wants = vec![0];
    Problem {
        people,
        tables: vec![TableSpec::open(2, 2), TableSpec::open(2, 2)],
        ..Problem::default()
    }
}

#[test]
fn the_orphan_penalty_trades_affinity_for_nobody_alone() {
    let problem = want_versus_orphans();
    let aff = ConferenceAffinity::new(&problem).unwrap();
    let mut options = by_iterations(0, 400);
    options.orphan_penalty = 0.0;
    let (plain, stats) = solve_large(&problem, &aff, &options).unwrap();
    assert_eq!(plain.table_of[0], plain.table_of[2]);
    assert_eq!(stats.result.orphans, 4);
    assert_eq!(stats.result.objective, problem.weights.mutual_want);
    options.orphan_penalty = 2.0;
    let (kind, stats) = solve_large(&problem, &aff, &options).unwrap();
    assert_eq!(kind.table_of[0], kind.table_of[1]);
    assert_eq!(stats.result.orphans, 0);
}

#[test]
fn targets_level_the_open_tables_and_respect_locks() {
    let mut problem = Problem {
        people: (0..23).map(|_| person(&[])).collect(),
        tables: vec![
            TableSpec::open(2, 6),
            TableSpec::open(2, 6),
            TableSpec::open(2, 6),
            TableSpec::open(5, 5),
            TableSpec::open(2, 3),
        ],
        locked_seats: vec![(0, 0), (1, 0), (2, 0), (3, 0), (4, 0)],
        ..Problem::default()
    };
    let aff = ConferenceAffinity::new(&problem).unwrap();
    let targets = Seating::new(&problem, &aff).unwrap().targets().unwrap();
    assert_eq!(targets, vec![5, 5, 5, 5, 3]);
    problem.tables[0].locked = true;
    problem.people.truncate(21);
    let aff = ConferenceAffinity::new(&problem).unwrap();
    let targets = Seating::new(&problem, &aff).unwrap().targets().unwrap();
    assert_eq!(targets.iter().sum::<u32>(), 21);
    assert_eq!(targets[0], 5);
    assert_eq!(targets, vec![5, 4, 4, 5, 3]);
}

#[test]
fn impossible_problems_are_errors() {
    let base = Problem {
        people: (0..10).map(|_| person(&[])).collect(),
        tables: vec![TableSpec::open(3, 4), TableSpec::open(3, 4)],
        ..Problem::default()
    };
    let options = by_iterations(0, 10);
    let aff = ConferenceAffinity::new(&base).unwrap();
    assert!(matches!(
        solve_large(&base, &aff, &options),
        Err(ScaleError::Capacity { .. })
    ));
    let mut problem = base.clone();
    problem.tables.push(TableSpec::open(2, 2));
    problem.locked_seats = vec![(0, 0), (0, 1)];
    assert!(matches!(
        solve_large(&problem, &aff, &options),
        Err(ScaleError::ConflictingLocks { .. })
    ));
    problem.locked_seats = vec![(0, 0), (1, 0)];
    problem.people[0].blocks = vec![1];
    let blocked = ConferenceAffinity::new(&problem).unwrap();
    assert!(matches!(
        solve_large(&problem, &blocked, &options),
        Err(ScaleError::LockedBlock { .. })
    ));
    problem.people[0].blocks.clear();
    problem.tables[0].locked = true;
    assert!(matches!(
        solve_large(&problem, &aff, &options),
        Err(ScaleError::LockedCount { .. })
    ));
    let small = Problem {
        people: vec![person(&[])],
        ..Problem::default()
    };
    assert!(matches!(
        solve_large(&small, &aff, &options),
        Err(ScaleError::AffinitySize { .. })
    ));
}

#[test]
fn a_deadline_in_the_past_still_returns_a_feasible_seating() {
    let problem = generate(&ConferenceSpec::new(300, 2)).unwrap();
    let aff = ConferenceAffinity::new(&problem).unwrap();
    let options = LargeOptions::new(
        0,
        Budget {
            converge: false,
            max_iterations: None,
            deadline: Some(std::time::Instant::now()),
        },
    );
    let (assignment, stats) = solve_large(&problem, &aff, &options).unwrap();
    check_feasible(&problem, &assignment).unwrap();
    assert_eq!(stats.stop, StopReason::Deadline);
    assert_eq!(stats.steps, 0);
}

fn small_conference() -> impl Strategy<Value = ConferenceSpec> {
    (
        12usize..150,
        1u32..5,
        0u32..4,
        0.0f64..0.08,
        0usize..3,
        0usize..12,
        0.0f64..2.0,
        any::<u64>(),
    )
        .prop_map(
            |(people, min, spread, blocks, locked_tables, locked_seats, met, seed)| {
                let mut spec = ConferenceSpec::new(people, seed);
                spec.vocabulary = 40;
                spec.interests_per_person = 4;
                spec.table_min = min;
                spec.table_max = min + spread;
                spec.block_share = blocks;
                spec.locked_tables = locked_tables;
                spec.locked_seats = locked_seats;
                spec.met_before_per_person = met;
                spec.mutual_want_share = 0.2;
                spec
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn seatings_honour_sizes_blocks_and_locks_and_repeat_for_a_seed(
        spec in small_conference(),
        seed in any::<u64>(),
    ) {
        let problem = generate(&spec);
        prop_assume!(problem.is_ok());
        let problem = problem.unwrap();
        let aff = ConferenceAffinity::new(&problem).unwrap();
        let options = by_iterations(seed, 3_000);
        let (assignment, stats) = solve_large(&problem, &aff, &options).unwrap();
        prop_assert_eq!(check_feasible(&problem, &assignment), Ok(()));
        let penalised = |s: &SeatingScore| s.objective - options.orphan_penalty * s.orphans as f64;
        prop_assert!(penalised(&stats.result) >= penalised(&stats.construction) - 1e-9);
        let (again, _) = solve_large(&problem, &aff, &options).unwrap();
        prop_assert_eq!(assignment, again);
    }

    #[test]
    fn the_affinity_is_symmetric(spec in small_conference()) {
        let problem = generate(&spec);
        prop_assume!(problem.is_ok());
        let aff = ConferenceAffinity::new(&problem.unwrap()).unwrap();
        let n = aff.len() as u32;
        for i in 0..n.min(40) {
            for j in 0..n.min(40) {
                prop_assert_eq!(aff.pair(i, j).to_bits(), aff.pair(j, i).to_bits());
            }
        }
    }
}
