//! The service's seating rules checked end to end through [`super::plan`], on small cases whose
//! answer is known: wanted pairs together, nobody met twice where the tables allow it (including
//! a series that is repeat-free only with unequal tables), blocked pairs apart, and the notes a
//! plan carries when the tables force repeats.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::model::{Budget, Person, PersonId, Problem, TableId, TableSpec};
use super::plan::{PlanOptions, SeriesRound, SeriesRoundSeating, seat, seat_series};
use super::rules::{Rule, forced_repeats};
use super::solver::Mode;

fn options(seed: u64) -> PlanOptions {
    PlanOptions {
        seed,
        budget: Budget {
            max_iterations: Some(200),
            deadline: None,
            converge: true,
        },
        lanes: 1,
        mode: Mode::Fast,
    }
}

/// `n` people; person `i` holds interest `i % spread` and a common one, so interests pull people
/// into groups that the wants below cut across.
fn people(n: usize, spread: u32) -> Vec<Person> {
    (0..n)
        .map(|i| Person {
            interests: vec![i as u32 % spread, 100],
            ..Person::default()
        })
        .collect()
}

fn want(people: &mut [Person], a: PersonId, b: PersonId) {
    people[a as usize].wants.push(b);
    people[a as usize].wants.sort_unstable();
}

fn mutual(people: &mut [Person], a: PersonId, b: PersonId) {
    want(people, a, b);
    want(people, b, a);
}

fn everyone(n: usize, tables: &[TableSpec], rounds: usize) -> Vec<SeriesRound> {
    vec![
        SeriesRound {
            participants: (0..n as PersonId).collect(),
            tables: tables.to_vec(),
            locked_seats: Vec::new(),
        };
        rounds
    ]
}

/// Meetings per pair over the rounds.
fn meetings(seated: &[SeriesRoundSeating]) -> BTreeMap<(PersonId, PersonId), u32> {
    let mut met = BTreeMap::new();
    for s in seated {
        let mut at: BTreeMap<TableId, Vec<PersonId>> = BTreeMap::new();
        for (p, t) in s.table_of.iter().enumerate() {
            if let Some(t) = t {
                at.entry(*t).or_default().push(p as PersonId);
            }
        }
        for m in at.values() {
            for (x, &a) in m.iter().enumerate() {
                for &b in &m[x + 1..] {
                    *met.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
    }
    met
}

fn repeats(seated: &[SeriesRoundSeating]) -> u32 {
    meetings(seated).values().map(|c| c - 1).sum()
}

#[test]
fn every_mutual_pair_sits_together_in_a_single_meetup_against_the_pull_of_interests() {
    let mut crowd = people(40, 8);
    // Pairs whose interests put them in different groups.
    for (a, b) in [(0, 1), (2, 11), (4, 13), (6, 31), (20, 27), (33, 38)] {
        mutual(&mut crowd, a, b);
    }
    let problem = Problem {
        people: crowd,
        tables: vec![TableSpec::open(4, 6); 8],
        ..Problem::default()
    };
    let seated = seat(&problem, &options(3)).expect("seats");
    let m = seated.report.metrics;
    assert_eq!((m.mutual_wants.met, m.mutual_wants.possible), (6, 6));
    assert!(m.people_alone.is_empty());
}

#[test]
fn one_sided_wants_are_met_up_to_the_table_size() {
    let mut crowd = people(24, 6);
    // Ten people want to meet person 0, who asks for nobody: a table of four holds three.
    for a in 1..=10 {
        want(&mut crowd, a, 0);
    }
    want(&mut crowd, 12, 17);
    let problem = Problem {
        people: crowd,
        tables: vec![TableSpec::open(3, 4); 6],
        ..Problem::default()
    };
    let seated = seat(&problem, &options(1)).expect("seats");
    let m = seated.report.metrics;
    assert_eq!(m.one_sided_wants.possible, 11);
    assert_eq!(
        m.one_sided_wants.met, 4,
        "three with person 0, and 12 with 17"
    );
}

#[test]
fn mutual_pairs_meet_exactly_once_over_a_series() {
    let mut crowd = people(30, 5);
    for (a, b) in [(0, 1), (2, 9), (14, 22), (5, 29)] {
        mutual(&mut crowd, a, b);
    }
    let base = Problem {
        people: crowd,
        ..Problem::default()
    };
    let seated = seat_series(
        &base,
        &everyone(30, &[TableSpec::open(4, 6); 6], 3),
        &options(2),
    )
    .expect("seats");
    let met = meetings(&seated);
    for pair in [(0, 1), (2, 9), (14, 22), (5, 29)] {
        assert_eq!(met.get(&pair), Some(&1), "{pair:?}");
    }
    assert_eq!(repeats(&seated), 0);
    assert!(seated.iter().all(|s| s.notes.is_empty()), "{seated:?}");
}

#[test]
fn a_series_where_someone_skips_a_meetup_repeats_nobody() {
    let base = Problem {
        people: people(31, 6),
        ..Problem::default()
    };
    let tables = vec![TableSpec::open(3, 5); 7];
    let rounds = vec![
        SeriesRound {
            participants: (0..30).collect(),
            tables: tables.clone(),
            locked_seats: vec![],
        },
        SeriesRound {
            participants: (1..31).collect(),
            tables: tables.clone(),
            locked_seats: vec![],
        },
        SeriesRound {
            participants: (0..31).collect(),
            tables,
            locked_seats: vec![],
        },
    ];
    let seated = seat_series(&base, &rounds, &options(4)).expect("seats");
    assert_eq!(repeats(&seated), 0);
}

#[test]
fn a_large_series_seated_round_by_round_repeats_nobody_and_seats_wanted_pairs() {
    let n = super::plan::CONVERGED_DENSE_LIMIT + 100;
    let mut crowd = people(n, 40);
    for a in (0..n as PersonId).step_by(97) {
        let b = (a + 50) % n as PersonId;
        mutual(&mut crowd, a, b);
    }
    let base = Problem {
        people: crowd,
        ..Problem::default()
    };
    let seated = seat_series(
        &base,
        &everyone(n, &[TableSpec::open(8, 10); 122], 2),
        &PlanOptions {
            budget: Budget {
                max_iterations: None,
                ..options(5).budget
            },
            ..options(5)
        },
    )
    .expect("seats");
    assert!(
        seated
            .iter()
            .all(|s| s.solver == super::plan::SolverKind::Large)
    );
    assert_eq!(repeats(&seated), 0);
    let m = &seated[0].report.metrics;
    assert_eq!(m.mutual_wants.met, m.mutual_wants.possible);
    assert!(m.mutual_wants.possible > 0);
}

#[test]
fn blocked_pairs_never_sit_together_even_when_they_want_to_meet() {
    let mut crowd = people(12, 2);
    mutual(&mut crowd, 0, 2);
    crowd[0].blocks = vec![2];
    let problem = Problem {
        people: crowd,
        tables: vec![TableSpec::open(3, 4); 3],
        ..Problem::default()
    };
    for seed in 0..5 {
        let seated = seat(&problem, &options(seed)).expect("seats");
        let t = &seated.assignment.table_of;
        assert_ne!(t[0], t[2], "seed {seed}");
        assert_eq!(seated.report.metrics.mutual_wants.possible, 0);
    }
}

#[test]
fn a_series_that_is_repeat_free_only_at_unequal_tables_gets_no_repeat() {
    // Eight people at three tables of 2-4 must sit 3 + 3 + 2. A repeat-free plan of three
    // rounds exists: {0,1,2} {3,4,5} {6,7}; {0,3,6} {1,4,7} {2,5}; {0,5,7} {2,4,6} {1,3}.
    let tables = [TableSpec::open(2, 4); 3];
    assert_eq!(forced_repeats(&tables, 8, 3), Some(0));
    let base = Problem {
        people: people(8, 3),
        ..Problem::default()
    };
    for seed in 0..5 {
        let seated = seat_series(&base, &everyone(8, &tables, 3), &options(seed)).expect("seats");
        assert_eq!(repeats(&seated), 0, "seed {seed}");
        for s in &seated {
            let mut sizes = [0; 3];
            s.table_of
                .iter()
                .for_each(|t| sizes[t.unwrap() as usize] += 1);
            sizes.sort_unstable();
            assert_eq!(sizes, [2, 3, 3]);
        }
    }
}

#[test]
fn repeats_the_tables_force_are_the_only_ones_and_the_plan_says_why() {
    // 60 people at 7 tables of 8-10: a later table takes people from 7 earlier ones, so a
    // table of 8 repeats at least one pair and a table of 9 two: 11 per later lunch.
    let base = Problem {
        people: people(60, 10),
        ..Problem::default()
    };
    let seated = seat_series(
        &base,
        &everyone(60, &[TableSpec::open(8, 10); 7], 3),
        &options(1),
    )
    .expect("seats");
    assert_eq!(repeats(&seated), 22);
    assert!(seated[0].notes.is_empty());
    for later in &seated[1..] {
        let note = later
            .notes
            .iter()
            .find(|n| n.rule == Rule::NoRepeats)
            .expect("a note on repeats");
        assert!(
            note.message.contains("at least 11 pairs"),
            "{}",
            note.message
        );
        assert!(
            note.message.contains("at most 7 people"),
            "{}",
            note.message
        );
        assert_eq!(later.notes.len(), 1, "{:?}", later.notes);
    }
}

/// Person `(g, i)` = `g·k + i` sits at table `g`, then `(g + i) mod m`, then `(g + 2i) mod m`:
/// with `m` an odd prime and `k ≤ m` nobody meets twice in three rounds, so a repeat-free plan
/// is certain to exist for the property below.
fn certified(m: usize, k: usize) -> Vec<Vec<TableId>> {
    (0..3)
        .map(|r| {
            (0..m * k)
                .map(|p| ((p / k + r * (p % k)) % m) as TableId)
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_plan_repeats_a_pair_when_a_repeat_free_one_exists(
        m in prop::sample::select(vec![3usize, 5, 7]),
        k_share in 0.0f64..1.0,
        rounds in 2usize..=3,
        spread in 1u32..6,
        wants in prop::collection::vec((0u32..49, 0u32..49), 0..4),
        seed in 0u64..1000,
    ) {
        let k = 2 + ((m - 2) as f64 * k_share) as usize;
        let n = m * k;
        let plan = certified(m, k);
        for r in 0..rounds {
            for s in 0..r {
                let mut seen = std::collections::BTreeSet::new();
                for (a, b) in plan[r].iter().zip(&plan[s]) {
                    prop_assert!(seen.insert((*a, *b)), "certificate broken");
                }
            }
        }
        let tables = vec![TableSpec::open((k as u32 - 1).max(2), k as u32 + 1); m];
        prop_assert_eq!(forced_repeats(&tables, n as u64, m as u64), Some(0));
        let mut crowd = people(n, spread);
        for &(a, b) in &wants {
            let (a, b) = (a % n as u32, b % n as u32);
            if a != b {
                mutual(&mut crowd, a, b);
            }
        }
        for p in &mut crowd {
            p.wants.dedup();
        }
        let base = Problem { people: crowd, ..Problem::default() };
        let seated = seat_series(&base, &everyone(n, &tables, rounds), &options(seed)).expect("seats");
        prop_assert_eq!(repeats(&seated), 0);
        for s in &seated {
            prop_assert!(s.report.metrics.people_alone.is_empty());
            prop_assert!(s.report.metrics.size_violations.is_empty());
        }
    }

    #[test]
    fn no_plan_has_fewer_repeats_than_the_tables_force(
        n in 10usize..40,
        min in 2u32..5,
        extra in 0u32..3,
        seed in 0u64..1000,
    ) {
        let max = min + extra;
        let tables_count = n.div_ceil(max as usize).max(1);
        prop_assume!((tables_count as u32) * min <= n as u32);
        let tables = vec![TableSpec::open(min, max); tables_count];
        let floor = forced_repeats(&tables, n as u64, tables_count as u64).expect("fits");
        let base = Problem { people: people(n, 4), ..Problem::default() };
        let seated = seat_series(&base, &everyone(n, &tables, 2), &options(seed)).expect("seats");
        prop_assert!(u64::from(repeats(&seated)) >= floor);
    }
}
