//! Property and scenario tests of multi-round planning: seats, sizes, locks, blocks, determinism,
//! repeat-free plans where they are known to exist, wanted pairs, and the report's figures.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::matching::affinity::DenseAffinity;

fn exact(count: usize, k: u32) -> Vec<TableSpec> {
    vec![
        TableSpec {
            min: k,
            max: k,
            locked: false
        };
        count
    ]
}

fn golfer(n: usize, k: u32, rounds: usize) -> RoundsInput {
    RoundsInput {
        people: n,
        rounds: vec![exact(n / k as usize, k); rounds],
        ..RoundsInput::default()
    }
}

fn iterations(i: u64) -> Budget {
    Budget {
        converge: false,
        max_iterations: Some(i),
        deadline: None,
    }
}

/// Everything a valid plan must satisfy, whatever its quality.
fn assert_valid(input: &RoundsInput, plan: &RoundsPlan) {
    let n = input.people;
    assert_eq!(plan.rounds.len(), input.rounds.len());
    let mut met: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for &(i, j, c) in &input.met_before {
        *met.entry((i.min(j), i.max(j))).or_default() += c;
    }
    let mut repeats = 0u64;
    for (r, a) in plan.rounds.iter().enumerate() {
        let tables = &input.rounds[r];
        assert_eq!(a.table_of.len(), n, "round {r} seats everyone once");
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); tables.len()];
        for (p, &t) in a.table_of.iter().enumerate() {
            assert!((t as usize) < tables.len(), "round {r}: table {t} exists");
            at[t as usize].push(p as u32);
        }
        let locks: BTreeMap<u32, u32> = input
            .locked_seats
            .get(r)
            .map(|l| l.iter().copied().collect())
            .unwrap_or_default();
        for (&p, &t) in &locks {
            assert_eq!(a.table_of[p as usize], t, "round {r}: lock of {p}");
        }
        for (t, m) in at.iter().enumerate() {
            let spec = tables[t];
            if spec.locked {
                assert!(m.iter().all(|p| locks.get(p) == Some(&(t as u32))));
            } else {
                let size = m.len() as u32;
                assert!(spec.min <= size && size <= spec.max, "round {r} table {t}");
            }
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    assert!(
                        !input.blocked.contains(&(i, j)) && !input.blocked.contains(&(j, i)),
                        "round {r}: blocked pair ({i}, {j}) seated together"
                    );
                    let c = met.entry((i, j)).or_default();
                    if *c > 0 {
                        repeats += 1;
                    }
                    *c += 1;
                }
            }
        }
    }
    assert_eq!(plan.report.repeated_meetings, repeats);
    assert_eq!(
        plan.report.repeats_per_round.iter().sum::<u64>(),
        plan.report.repeated_meetings
    );
}

#[test]
fn kirkmans_schoolgirls_walk_seven_days_without_repeats() {
    let input = golfer(15, 3, 7);
    let plan = plan_rounds(&input, &DenseAffinity::zeros(15), 7, iterations(200_000))
        .expect("valid input");
    assert_valid(&input, &plan);
    assert_eq!(plan.report.repeated_meetings, 0);
    assert_eq!(plan.report.repeat_free_bound, Some(7));
}

#[test]
fn an_affine_plane_of_sixteen_people_in_fours_is_found() {
    let input = golfer(16, 4, 5);
    let plan = plan_rounds(&input, &DenseAffinity::zeros(16), 3, iterations(500_000))
        .expect("valid input");
    assert_valid(&input, &plan);
    assert_eq!(plan.report.repeated_meetings, 0);
}

#[test]
fn conference_shaped_rounds_have_no_repeats() {
    let mut input = golfer(100, 8, 6);
    input.rounds = vec![[exact(12, 8), exact(1, 4)].concat(); 6];
    let plan = plan_rounds(&input, &DenseAffinity::zeros(100), 1, iterations(200_000))
        .expect("valid input");
    assert_valid(&input, &plan);
    assert_eq!(plan.report.repeated_meetings, 0);
}

#[test]
fn rounds_beyond_the_bound_report_unavoidable_repeats_spread_over_rounds() {
    let input = golfer(9, 3, 6);
    let plan =
        plan_rounds(&input, &DenseAffinity::zeros(9), 1, iterations(100_000)).expect("valid input");
    assert_valid(&input, &plan);
    let r = &plan.report;
    assert_eq!(r.repeat_free_bound, Some(4));
    assert_eq!(r.repeats_lower_bound, 18);
    assert!(r.repeated_meetings >= r.repeats_lower_bound);
    assert!(!r.repeated_pairs.is_empty());
    let last = *r.repeats_per_round.last().unwrap_or(&0);
    assert!(
        last * 2 < r.repeated_meetings,
        "repeats piled into the last round: {:?}",
        r.repeats_per_round
    );
}

#[test]
fn history_is_not_repeated_when_avoidable() {
    let mut input = golfer(12, 3, 2);
    input.met_before = (0..12u32)
        .step_by(3)
        .flat_map(|a| [(a, a + 1, 1), (a, a + 2, 1), (a + 1, a + 2, 1)])
        .collect();
    let plan =
        plan_rounds(&input, &DenseAffinity::zeros(12), 5, iterations(50_000)).expect("valid input");
    assert_valid(&input, &plan);
    assert_eq!(plan.report.repeated_meetings, 0);
}

#[test]
fn planning_one_round_at_a_time_after_published_rounds_avoids_repeats() {
    let n = 60;
    let mut published: Vec<Assignment> = Vec::new();
    for round in 0..5u64 {
        let input = RoundsInput {
            people: n,
            rounds: vec![exact(10, 6)],
            met_before: met_before_with(&[], &published),
            ..RoundsInput::default()
        };
        let plan = plan_rounds(&input, &DenseAffinity::zeros(n), round, iterations(50_000))
            .expect("valid input");
        assert_eq!(plan.report.repeated_meetings, 0, "round {round}");
        published.extend(plan.rounds);
    }
    let all = RoundsInput {
        people: n,
        rounds: vec![exact(10, 6); 5],
        ..RoundsInput::default()
    };
    let report = report::report(
        &all,
        &layout::layout(&all).expect("valid"),
        &published,
        &DenseAffinity::zeros(n),
        0,
    );
    assert_eq!(report.repeated_meetings, 0);
}

#[test]
fn mutual_wants_meet_once_not_every_round() {
    let n = 48;
    let mut input = golfer(n, 6, 4);
    input.mutual_wants = (0..n as u32 / 2).map(|i| (i, i + n as u32 / 2)).collect();
    let mut aff = DenseAffinity::zeros(n);
    for &(i, j) in &input.mutual_wants {
        aff.set(i, j, 6.0);
    }
    let plan = plan_rounds(&input, &aff, 2, iterations(200_000)).expect("valid input");
    assert_valid(&input, &plan);
    let r = &plan.report;
    assert_eq!(r.repeated_meetings, 0);
    assert!(
        r.wanted_met * 100 >= r.wanted_pairs * 95,
        "{} of {} wanted pairs met",
        r.wanted_met,
        r.wanted_pairs
    );
}

#[test]
fn affinity_is_raised_without_adding_repeats() {
    let n = 24;
    let input = golfer(n, 4, 3);
    let mut aff = DenseAffinity::zeros(n);
    for i in 0..n as u32 {
        for j in i + 1..n as u32 {
            aff.set(i, j, f64::from((i * 7 + j * 13) % 10));
        }
    }
    let plan = plan_rounds(&input, &aff, 1, iterations(100_000)).expect("valid input");
    let mut flat = DenseAffinity::zeros(n);
    for i in 0..n as u32 {
        for j in i + 1..n as u32 {
            flat.set(i, j, 1.0);
        }
    }
    let baseline = plan_rounds(&input, &flat, 1, iterations(100_000)).expect("valid input");
    let baseline_affinity = report::report(
        &input,
        &layout::layout(&input).expect("valid"),
        &baseline.rounds,
        &aff,
        0,
    )
    .affinity;
    assert_eq!(plan.report.repeated_meetings, 0);
    assert!(
        plan.report.affinity > baseline_affinity,
        "{} vs {baseline_affinity}",
        plan.report.affinity
    );
}

#[test]
fn a_plugged_builder_seats_the_rounds_it_returns() {
    let input = golfer(8, 2, 3);
    let mut calls = Vec::new();
    let mut builder = |view: &RoundView<'_>| -> Option<Assignment> {
        calls.push((view.round(), view.met_pairs().len()));
        (view.round() == 0).then(|| Assignment {
            table_of: vec![0, 0, 1, 1, 2, 2, 3, 3],
        })
    };
    let plan = plan_rounds_with(
        &input,
        &DenseAffinity::zeros(8),
        1,
        iterations(0),
        &mut builder,
    )
    .expect("valid builder");
    assert_eq!(calls, vec![(0, 0), (1, 4), (2, 8)]);
    assert_eq!(plan.rounds[0].table_of, vec![0, 0, 1, 1, 2, 2, 3, 3]);
    assert_valid(&input, &plan);
}

#[test]
fn a_builder_that_overfills_a_table_is_an_error() {
    let input = golfer(4, 2, 1);
    let mut builder = |_: &RoundView<'_>| {
        Some(Assignment {
            table_of: vec![0, 0, 0, 1],
        })
    };
    let err = plan_rounds_with(
        &input,
        &DenseAffinity::zeros(4),
        1,
        iterations(10),
        &mut builder,
    )
    .expect_err("table 0 seats 3 of 2");
    assert!(
        matches!(err, RoundsError::Builder { round: 0, .. }),
        "{err}"
    );
}

#[test]
fn blocked_people_locked_together_cannot_be_separated() {
    let mut input = golfer(4, 2, 1);
    input.blocked = vec![(0, 1)];
    input.locked_seats = vec![vec![(0, 1), (1, 1)]];
    let err = plan_rounds(&input, &DenseAffinity::zeros(4), 1, iterations(1000))
        .expect_err("blocked pair locked to one table");
    assert_eq!(err, RoundsError::Blocked(vec![(0, 1, 0)]));
}

#[test]
fn no_people_and_no_rounds_give_empty_plans() {
    let none = RoundsInput {
        people: 0,
        rounds: vec![vec![TableSpec {
            min: 0,
            max: 4,
            locked: false,
        }]],
        ..RoundsInput::default()
    };
    let plan = plan_rounds(&none, &DenseAffinity::zeros(0), 1, iterations(10)).expect("valid");
    assert_eq!(plan.rounds[0].table_of, Vec::<u32>::new());
    let plan = plan_rounds(
        &golfer(4, 2, 0),
        &DenseAffinity::zeros(4),
        1,
        iterations(10),
    )
    .expect("valid");
    assert!(plan.rounds.is_empty());
    assert_eq!(plan.report.repeated_meetings, 0);
}

#[test]
fn affinity_of_the_wrong_size_is_rejected() {
    let err = plan_rounds(
        &golfer(4, 2, 1),
        &DenseAffinity::zeros(5),
        1,
        iterations(10),
    )
    .expect_err("size mismatch");
    assert!(matches!(err, RoundsError::InvalidInput(_)));
}

#[test]
fn a_problem_converts_with_mutual_wants_and_blocks_from_either_side() {
    let person = |wants: Vec<u32>, blocks: Vec<u32>| crate::matching::model::Person {
        wants,
        blocks,
        ..Default::default()
    };
    let problem = Problem {
        people: vec![
            person(vec![1, 2], vec![]),
            person(vec![0], vec![]),
            person(vec![], vec![0]),
        ],
        tables: exact(1, 3),
        ..Problem::default()
    };
    let input = input_from_problem(&problem, 2);
    assert_eq!(input.mutual_wants, vec![(0, 1)]);
    assert_eq!(input.blocked, vec![(0, 2)]);
    assert_eq!(input.rounds.len(), 2);
}

/// A random multi-round instance: bounded tables, some locks, blocks, wants and history.
fn instance() -> impl Strategy<Value = (RoundsInput, u64)> {
    let table =
        (0u32..4, 1u32..6, proptest::bool::weighted(0.1)).prop_map(|(min, extra, locked)| {
            TableSpec {
                min,
                max: min + extra,
                locked,
            }
        });
    (
        proptest::collection::vec(table, 2..6),
        1usize..5,
        any::<u64>(),
        proptest::collection::vec((0u32..64, 0u32..64), 0..6),
        proptest::collection::vec((0u32..64, 0u32..64, 0usize..5, 0u32..8), 0..8),
        any::<u64>(),
    )
        .prop_map(|(tables, rounds, pick, pairs, locks, seed)| {
            let low: u32 = tables.iter().filter(|t| !t.locked).map(|t| t.min).sum();
            let high: u32 = tables.iter().filter(|t| !t.locked).map(|t| t.max).sum();
            let n = (low + (pick % u64::from(high - low + 1)) as u32).max(2) as usize;
            let nn = n as u32;
            let norm = |(i, j): (u32, u32)| (i % nn, j % nn);
            let pair_list: Vec<(u32, u32)> = pairs
                .into_iter()
                .map(norm)
                .filter(|(i, j)| i != j)
                .collect();
            let half = pair_list.len() / 2;
            let mut locked_seats = vec![Vec::new(); rounds];
            for (p, _, r, t) in locks {
                locked_seats[r % rounds].push((p % nn, t % tables.len() as u32));
            }
            let input = RoundsInput {
                people: n,
                rounds: vec![tables; rounds],
                met_before: pair_list[..half].iter().map(|&(i, j)| (i, j, 1)).collect(),
                blocked: pair_list[half..].iter().take(1).copied().collect(),
                locked_seats,
                mutual_wants: pair_list[half..].iter().skip(1).copied().collect(),
            };
            (input, seed)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn plans_respect_sizes_locks_and_blocks_and_are_deterministic((input, seed) in instance()) {
        let aff = DenseAffinity::zeros(input.people);
        let first = plan_rounds(&input, &aff, seed, iterations(3000));
        match &first {
            Ok(plan) => assert_valid(&input, plan),
            Err(RoundsError::InvalidInput(_)) => {
                prop_assert!(layout::layout(&input).is_err());
            }
            Err(RoundsError::Blocked(pairs)) => {
                prop_assert!(!pairs.is_empty());
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
        let second = plan_rounds(&input, &aff, seed, iterations(3000));
        prop_assert_eq!(first, second);
    }

    #[test]
    fn few_rounds_of_roomy_tables_have_no_repeats(
        tables in 3usize..12,
        k in 2u32..7,
        seed in any::<u64>(),
        share in 1usize..4,
    ) {
        let n = tables * k as usize;
        let bound = (n - 1) / (k as usize - 1);
        let rounds = (bound * share / 9).max(1);
        let input = golfer(n, k, rounds);
        let plan = plan_rounds(&input, &DenseAffinity::zeros(n), seed, iterations(200_000))
            .expect("valid input");
        assert_valid(&input, &plan);
        prop_assert_eq!(plan.report.repeated_meetings, 0, "{} people, tables of {}, {} rounds", n, k, rounds);
    }
}

#[test]
fn thirty_two_people_in_fours_meet_new_people_for_nine_rounds() {
    let input = golfer(32, 4, 9);
    let plan =
        plan_rounds(&input, &DenseAffinity::zeros(32), 1, iterations(1000)).expect("valid input");
    assert_valid(&input, &plan);
    assert_eq!(plan.report.repeated_meetings, 0);
}
