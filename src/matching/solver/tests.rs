//! Tests of the solver's public behaviour: feasibility, locks, blocks, determinism, optima.

use super::*;
use crate::matching::affinity::DenseAffinity;
use crate::matching::mdgp;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn iterations(k: u64) -> SolveOptions {
    SolveOptions {
        budget: Budget {
            converge: false,
            max_iterations: Some(k),
            deadline: None,
        },
        ..SolveOptions::default()
    }
}

fn random_affinity(n: usize, seed: u64) -> DenseAffinity {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut a = DenseAffinity::zeros(n);
    for i in 0..n {
        for j in i + 1..n {
            a.set(i as u32, j as u32, rng.random_range(-20.0..100.0));
        }
    }
    a
}

/// Every hard constraint, checked independently of the solver's own bookkeeping.
fn assert_feasible(n: usize, tables: &[TableSpec], constraints: &Constraints, plan: &Assignment) {
    assert_eq!(plan.table_of.len(), n, "everyone seated exactly once");
    let mut size = vec![0u32; tables.len()];
    for &t in &plan.table_of {
        assert!((t as usize) < tables.len(), "table {t} exists");
        size[t as usize] += 1;
    }
    for (t, spec) in tables.iter().enumerate() {
        assert!(
            spec.min <= size[t] && size[t] <= spec.max,
            "table {t} has {} people, bounds {}..={}",
            size[t],
            spec.min,
            spec.max
        );
    }
    for &(p, t) in &constraints.locked_seats {
        assert_eq!(plan.table_of[p as usize], t, "locked seat of {p} kept");
    }
    for (p, &t) in plan.table_of.iter().enumerate() {
        if tables[t as usize].locked {
            assert!(
                constraints.locked_seats.contains(&(p as u32, t)),
                "person {p} at locked table {t} without a lock there"
            );
        }
    }
    for &(a, b) in &constraints.blocked {
        if a != b {
            assert_ne!(
                plan.table_of[a as usize], plan.table_of[b as usize],
                "blocked pair {a}, {b} apart"
            );
        }
    }
}

/// Best objective over all size-feasible seatings, by enumeration (tiny instances only).
fn brute_force(a: &DenseAffinity, tables: &[TableSpec]) -> f64 {
    fn go(
        p: usize,
        a: &DenseAffinity,
        tables: &[TableSpec],
        table_of: &mut Vec<u32>,
        size: &mut Vec<u32>,
        best: &mut f64,
    ) {
        let n = a.len();
        if p == n {
            if tables.iter().zip(size.iter()).all(|(t, &s)| s >= t.min) {
                *best = best.max(objective(a, table_of));
            }
            return;
        }
        for t in 0..tables.len() {
            if size[t] < tables[t].max {
                size[t] += 1;
                table_of.push(t as u32);
                go(p + 1, a, tables, table_of, size, best);
                table_of.pop();
                size[t] -= 1;
            }
        }
    }
    let mut best = f64::NEG_INFINITY;
    go(
        0,
        a,
        tables,
        &mut Vec::new(),
        &mut vec![0; tables.len()],
        &mut best,
    );
    best
}

#[test]
fn small_mdgplib_instances_are_solved_to_their_known_optimum() {
    let cases = [
        (
            include_str!("../../../tests/fixtures/mdgp/RanInt_n010_ss_01.txt"),
            1292.000,
        ),
        (
            include_str!("../../../tests/fixtures/mdgp/Geo_n010_ss_01.txt"),
            3660.671,
        ),
        (
            include_str!("../../../tests/fixtures/mdgp/RanReal_n010_ds_01.txt"),
            1437.807,
        ),
        (
            include_str!("../../../tests/fixtures/mdgp/RanInt_n012_ss_01.txt"),
            985.000,
        ),
        (
            include_str!("../../../tests/fixtures/mdgp/RanReal_n012_ss_01.txt"),
            956.430,
        ),
        (
            include_str!("../../../tests/fixtures/mdgp/Geo_n012_ds_01.txt"),
            807.677,
        ),
    ];
    for (text, optimum) in cases {
        let inst = mdgp::parse_instance(text).expect("fixture parses");
        for seed in 0..3 {
            let options = SolveOptions {
                seed,
                ..iterations(30)
            };
            let s = solve(
                &inst.affinity,
                &inst.tables,
                &Constraints::default(),
                None,
                &options,
            )
            .expect("feasible");
            let checked = mdgp::check(&inst, &s.assignment.table_of).expect("feasible plan");
            assert!((checked - s.objective).abs() < 1e-6);
            assert!(
                (s.objective - optimum).abs() < 1e-3,
                "{} vs optimum {optimum}",
                s.objective
            );
        }
    }
}

#[test]
fn random_tiny_instances_match_exhaustive_enumeration() {
    for seed in 0..12 {
        let a = random_affinity(8, seed);
        let tables = [
            TableSpec::open(1, 4),
            TableSpec::open(2, 3),
            TableSpec::open(0, 3),
        ];
        let best = brute_force(&a, &tables);
        let s =
            solve(&a, &tables, &Constraints::default(), None, &iterations(40)).expect("feasible");
        assert!(
            (s.objective - best).abs() < 1e-9,
            "seed {seed}: {} vs {best}",
            s.objective
        );
    }
}

#[test]
fn n120_instance_reaches_within_one_percent_of_best_known_in_300_iterations() {
    let inst = mdgp::parse_instance(include_str!(
        "../../../tests/fixtures/mdgp/RanReal_n120_ds_01.txt"
    ))
    .expect("fixture parses");
    let best_known = 50549.134952;
    let s = solve(
        &inst.affinity,
        &inst.tables,
        &Constraints::default(),
        None,
        &iterations(300),
    )
    .expect("feasible");
    assert!(mdgp::check(&inst, &s.assignment.table_of).is_ok());
    assert!(s.objective > best_known * 0.99, "{}", s.objective);
}

/// Tables with slack, so that moves, reshapes and returns to the best seating all take part.
fn slack_tables() -> Vec<TableSpec> {
    [(4, 9), (6, 6), (3, 12), (5, 10), (2, 8)]
        .into_iter()
        .map(|(min, max)| TableSpec {
            min,
            max,
            locked: false,
        })
        .collect()
}

fn solve_at_slack_tables(a: &DenseAffinity, options: &SolveOptions) -> Solution {
    solve(a, &slack_tables(), &Constraints::default(), None, options).expect("feasible")
}

#[test]
fn a_longer_budget_never_ends_worse_than_a_shorter_one_with_the_same_seed() {
    // Without a deadline the first k iterations are the same whatever the budget, so a lane that
    // keeps its best seating (and not where its walk happens to be) can only gain with more. The
    // budgets span several returns to the best seating (a window of 100 iterations at 40 people).
    let a = random_affinity(40, 11);
    let tables = slack_tables();
    for seed in [1, 2, 3] {
        let mut previous = f64::NEG_INFINITY;
        for k in [1, 60, 150, 260, 420] {
            let s = solve(
                &a,
                &tables,
                &Constraints::default(),
                None,
                &SolveOptions {
                    seed,
                    ..iterations(k)
                },
            )
            .expect("feasible");
            assert_feasible(40, &tables, &Constraints::default(), &s.assignment);
            assert!(s.best_iteration <= s.iterations && s.iterations == k);
            assert!(
                s.objective >= previous - 1e-6,
                "seed {seed}: {k} iterations gave {} after {previous}",
                s.objective
            );
            previous = s.objective;
        }
    }
}

#[test]
fn returns_to_the_best_seating_keep_the_search_deterministic_per_seed() {
    let a = random_affinity(40, 12);
    let run = |seed| {
        solve_at_slack_tables(
            &a,
            &SolveOptions {
                seed,
                ..iterations(450)
            },
        )
    };
    let first = run(5);
    assert!(
        first.best_iteration + 100 <= first.iterations,
        "the lane should have gone back to its best seating at least once (best at {})",
        first.best_iteration
    );
    assert_eq!(first, run(5));
}

#[test]
fn locked_seats_and_locked_tables_are_kept() {
    let a = random_affinity(12, 3);
    let tables = [
        TableSpec::open(3, 4),
        TableSpec {
            min: 2,
            max: 3,
            locked: true,
        },
        TableSpec::open(3, 6),
    ];
    let constraints = Constraints {
        blocked: vec![],
        locked_seats: vec![(0, 1), (5, 1), (7, 0), (8, 2)],
    };
    let s = solve(&a, &tables, &constraints, None, &iterations(20)).expect("feasible");
    assert_feasible(12, &tables, &constraints, &s.assignment);
    assert_eq!(s.assignment.table_of.iter().filter(|&&t| t == 1).count(), 2);
}

#[test]
fn blocked_pairs_are_kept_apart_even_when_they_like_each_other_most() {
    let mut a = DenseAffinity::zeros(6);
    for i in 0..6u32 {
        for j in i + 1..6 {
            a.set(i, j, 1.0);
        }
    }
    a.set(0, 1, 1000.0);
    a.set(2, 3, 1000.0);
    let tables = [TableSpec::open(3, 3), TableSpec::open(3, 3)];
    let constraints = Constraints {
        blocked: vec![(1, 0), (3, 2)],
        locked_seats: vec![],
    };
    let s = solve(&a, &tables, &constraints, None, &iterations(10)).expect("feasible");
    assert_feasible(6, &tables, &constraints, &s.assignment);
}

#[test]
fn unseparable_blocks_are_reported() {
    let a = random_affinity(4, 1);
    let tables = [TableSpec::open(4, 4)];
    let constraints = Constraints {
        blocked: vec![(0, 3)],
        locked_seats: vec![],
    };
    let err = solve(&a, &tables, &constraints, None, &iterations(5)).expect_err("infeasible");
    assert_eq!(err, SolveError::BlocksUnsatisfied { a: 0, b: 3 });
}

#[test]
fn infeasible_inputs_are_rejected_with_specific_errors() {
    let a = random_affinity(5, 2);
    let two = [TableSpec::open(1, 2), TableSpec::open(1, 2)];
    let none = Constraints::default();
    let opts = iterations(1);
    assert!(matches!(
        solve(&a, &two, &none, None, &opts),
        Err(SolveError::Capacity {
            people: 5,
            max_total: 4,
            ..
        })
    ));
    let wide = [TableSpec::open(3, 5), TableSpec::open(3, 5)];
    assert!(matches!(
        solve(&a, &wide, &none, None, &opts),
        Err(SolveError::Capacity { min_total: 6, .. })
    ));
    let ok = [TableSpec::open(0, 5), TableSpec::open(0, 5)];
    let lock = |seats: Vec<(u32, u32)>| Constraints {
        blocked: vec![],
        locked_seats: seats,
    };
    assert!(matches!(
        solve(&a, &ok, &lock(vec![(1, 0), (1, 1)]), None, &opts),
        Err(SolveError::ConflictingLocks { person: 1, .. })
    ));
    assert!(matches!(
        solve(&a, &ok, &lock(vec![(9, 0)]), None, &opts),
        Err(SolveError::PersonOutOfRange { person: 9, .. })
    ));
    assert!(matches!(
        solve(&a, &ok, &lock(vec![(0, 2)]), None, &opts),
        Err(SolveError::TableOutOfRange { table: 2, .. })
    ));
    let small = [TableSpec::open(0, 1), TableSpec::open(0, 5)];
    assert!(matches!(
        solve(&a, &small, &lock(vec![(0, 0), (1, 0)]), None, &opts),
        Err(SolveError::LockedSeatsOverCapacity { table: 0, .. })
    ));
    let locked = [
        TableSpec {
            min: 2,
            max: 2,
            locked: true,
        },
        TableSpec::open(0, 5),
    ];
    assert!(matches!(
        solve(&a, &locked, &lock(vec![(0, 0)]), None, &opts),
        Err(SolveError::LockedTableSize {
            table: 0,
            locked: 1,
            ..
        })
    ));
    let blocked_locked = Constraints {
        blocked: vec![(0, 1)],
        locked_seats: vec![(0, 1), (1, 1)],
    };
    assert!(matches!(
        solve(&a, &ok, &blocked_locked, None, &opts),
        Err(SolveError::BlockedPairLocked { table: 1, .. })
    ));
    assert!(matches!(
        solve(&a, &[TableSpec::open(3, 2)], &none, None, &opts),
        Err(SolveError::TableBoundsInverted { table: 0, .. })
    ));
    let short = Assignment {
        table_of: vec![0; 3],
    };
    assert!(matches!(
        solve(&a, &ok, &none, Some(&short), &opts),
        Err(SolveError::InitialLength {
            expected: 5,
            got: 3
        })
    ));
}

#[test]
fn an_initial_seating_is_repaired_and_never_made_worse() {
    let a = random_affinity(30, 9);
    let tables = [
        TableSpec::open(8, 10),
        TableSpec::open(8, 10),
        TableSpec::open(8, 12),
    ];
    let good =
        solve(&a, &tables, &Constraints::default(), None, &iterations(30)).expect("feasible");
    let again = solve(
        &a,
        &tables,
        &Constraints::default(),
        Some(&good.assignment),
        &SolveOptions {
            seed: 77,
            ..iterations(0)
        },
    )
    .expect("feasible");
    assert!(again.objective >= good.objective - 1e-9);

    let everyone_at_one = Assignment {
        table_of: vec![0; 30],
    };
    let constraints = Constraints {
        blocked: vec![(3, 4)],
        locked_seats: vec![(2, 2)],
    };
    let repaired = solve(
        &a,
        &tables,
        &constraints,
        Some(&everyone_at_one),
        &iterations(0),
    )
    .expect("feasible");
    assert_feasible(30, &tables, &constraints, &repaired.assignment);
}

#[test]
fn two_thousand_people_at_three_hundred_tables_are_seated() {
    let n = 2000;
    let mut a = DenseAffinity::zeros(n);
    for i in 0..n {
        for j in (i + 1..n).step_by(17) {
            a.set(i as u32, j as u32, ((i * 31 + j * 7) % 10) as f64);
        }
    }
    let tables = vec![TableSpec::open(6, 7); 300];
    let options = SolveOptions {
        mode: Mode::Fast,
        ..iterations(1)
    };
    let s = solve(&a, &tables, &Constraints::default(), None, &options).expect("feasible");
    assert_feasible(n, &tables, &Constraints::default(), &s.assignment);
    assert!((objective(&a, &s.assignment.table_of) - s.objective).abs() < 1e-6);
    assert!(s.objective > 0.0);
}

/// A feasible problem built around a hidden seating that satisfies every constraint.
#[derive(Debug, Clone)]
struct Case {
    affinity: DenseAffinity,
    tables: Vec<TableSpec>,
    constraints: Constraints,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0u32..4, 0u32..4), 1..7),
        any::<u64>(),
        0usize..6,
        0usize..6,
        any::<bool>(),
    )
        .prop_map(|(bounds, seed, n_locks, n_blocks, lock_a_table)| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut tables: Vec<TableSpec> = bounds
                .iter()
                .map(|&(lo, extra)| TableSpec::open(lo, lo + extra))
                .collect();
            let sizes: Vec<u32> = tables
                .iter()
                .map(|t| rng.random_range(t.min..=t.max))
                .collect();
            let mut hidden: Vec<u32> = sizes
                .iter()
                .enumerate()
                .flat_map(|(t, &s)| std::iter::repeat_n(t as u32, s as usize))
                .collect();
            let n = hidden.len();
            for i in (1..n).rev() {
                hidden.swap(i, rng.random_range(0..=i));
            }
            let affinity = random_affinity(n, seed);
            let mut locked_seats = Vec::new();
            if n > 0 {
                for _ in 0..n_locks {
                    let p = rng.random_range(0..n);
                    locked_seats.push((p as u32, hidden[p]));
                }
            }
            if lock_a_table && !tables.is_empty() {
                let t = rng.random_range(0..tables.len());
                tables[t].locked = true;
                for (p, &h) in hidden.iter().enumerate() {
                    if h as usize == t {
                        locked_seats.push((p as u32, h));
                    }
                }
            }
            let mut blocked = Vec::new();
            if n > 1 {
                for _ in 0..n_blocks {
                    let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
                    if hidden[a] != hidden[b] {
                        blocked.push((a as u32, b as u32));
                    }
                }
            }
            Case {
                affinity,
                tables,
                constraints: Constraints {
                    blocked,
                    locked_seats,
                },
                seed,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_plan_respects_sizes_locks_and_blocks_and_is_reproducible(c in case(), initial_seed in any::<u64>()) {
        let n = c.affinity.len();
        let options = SolveOptions { seed: c.seed, ..iterations(4) };
        let first = solve(&c.affinity, &c.tables, &c.constraints, None, &options).expect("feasible by construction");
        assert_feasible(n, &c.tables, &c.constraints, &first.assignment);
        prop_assert!((objective(&c.affinity, &first.assignment.table_of) - first.objective).abs() < 1e-9);
        let second = solve(&c.affinity, &c.tables, &c.constraints, None, &options).expect("feasible");
        prop_assert_eq!(&first, &second);

        let two = SolveOptions { threads: 2, ..options };
        let a = solve(&c.affinity, &c.tables, &c.constraints, None, &two).expect("feasible");
        let b = solve(&c.affinity, &c.tables, &c.constraints, None, &two).expect("feasible");
        assert_feasible(n, &c.tables, &c.constraints, &a.assignment);
        prop_assert_eq!(&a, &b);

        let mut rng = ChaCha8Rng::seed_from_u64(initial_seed);
        let scrambled = Assignment {
            table_of: (0..n).map(|_| rng.random_range(0..c.tables.len() as u32 + 1)).collect(),
        };
        let from_initial = solve(&c.affinity, &c.tables, &c.constraints, Some(&scrambled), &options).expect("feasible");
        assert_feasible(n, &c.tables, &c.constraints, &from_initial.assignment);
    }
}

#[test]
fn an_expired_deadline_still_yields_a_feasible_plan_in_both_modes() {
    let inst = mdgp::parse_instance(include_str!(
        "../../../tests/fixtures/mdgp/RanInt_n120_ss_01.txt"
    ))
    .expect("fixture parses");
    for mode in [Mode::Quality, Mode::Fast] {
        let options = SolveOptions {
            budget: Budget {
                converge: false,
                max_iterations: None,
                deadline: Some(std::time::Instant::now()),
            },
            mode,
            ..SolveOptions::default()
        };
        let s = solve(
            &inst.affinity,
            &inst.tables,
            &Constraints::default(),
            None,
            &options,
        )
        .expect("feasible");
        let checked = mdgp::check(&inst, &s.assignment.table_of).expect("feasible plan");
        assert!((checked - s.objective).abs() < 1e-6);
        assert_eq!(s.iterations, 0);
    }
}

#[test]
fn fast_mode_is_deterministic_and_close_to_quality_mode() {
    let inst = mdgp::parse_instance(include_str!(
        "../../../tests/fixtures/mdgp/RanInt_n120_ss_01.txt"
    ))
    .expect("fixture parses");
    let fast = SolveOptions {
        mode: Mode::Fast,
        ..iterations(50)
    };
    let run = || {
        solve(
            &inst.affinity,
            &inst.tables,
            &Constraints::default(),
            None,
            &fast,
        )
        .expect("feasible")
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert!(a.objective > 47909.0 * 0.98, "{}", a.objective);
}

#[test]
fn constraints_are_read_from_people() {
    let mut people = vec![Person::default(); 3];
    people[0].blocks = vec![2];
    people[2].blocks = vec![0];
    let c = Constraints::from_people(&people, &[(1, 0)]);
    assert_eq!(c.blocked, vec![(0, 2), (2, 0)]);
    assert_eq!(c.locked_seats, vec![(1, 0)]);
}

/// Forty people at slack tables, where lanes end three iterations at different objectives.
fn meeting_instance() -> Instance {
    let a = random_affinity(40, 13);
    Instance::build(&a, &slack_tables(), &Constraints::default())
        .expect("valid")
        .0
}

fn three_lanes_after_three_iterations<'a>(
    inst: &'a Instance,
    options: &SolveOptions,
    seed: u64,
    progress: &'a Progress,
) -> Vec<search::Lane<'a>> {
    let mut lanes: Vec<search::Lane> = (0..3)
        .map(|k| {
            let rng = rng::SplitMix::for_lane(seed, k);
            search::Lane::start(inst, None, options, rng, progress)
        })
        .collect();
    lanes.iter_mut().for_each(|lane| lane.run(3));
    lanes
}

#[test]
fn at_a_meeting_the_stalled_lanes_behind_take_over_the_best_seating() {
    let inst = meeting_instance();
    let progress = Progress::new();
    let options = iterations(3);
    let (mut moved, mut kept) = (0, 0);
    for since in [0, 3] {
        for seed in 0..10 {
            let mut lanes = three_lanes_after_three_iterations(&inst, &options, seed, &progress);
            let best = lanes
                .iter()
                .map(search::Lane::objective)
                .fold(f64::NEG_INFINITY, f64::max);
            let before: Vec<(f64, bool)> = lanes
                .iter()
                .map(|l| (l.objective(), l.improved_since(since)))
                .collect();
            meet(&mut lanes, since);
            let results: Vec<search::LaneResult> =
                lanes.into_iter().map(search::Lane::finish).collect();
            let leader = results
                .iter()
                .find(|r| (r.objective - best).abs() < 1e-6)
                .expect("the leader keeps its best");
            for (r, &(objective, improving)) in results.iter().zip(&before) {
                if objective < best - 1e-6 && !improving {
                    assert!((r.objective - best).abs() < 1e-6, "seed {seed}");
                    assert_eq!(r.table, leader.table, "seed {seed}");
                    moved += 1;
                } else {
                    assert!((r.objective - objective).abs() < 1e-6, "seed {seed}");
                    kept += usize::from(objective < best - 1e-6);
                }
            }
        }
    }
    assert!(moved > 0, "some stalled lane should have been behind");
    assert!(kept > 0, "some improving lane should have been behind");
}

#[test]
fn lanes_that_meet_stay_deterministic_per_seed() {
    let a = random_affinity(40, 14);
    let run = |seed| {
        solve_at_slack_tables(
            &a,
            &SolveOptions {
                seed,
                threads: 2,
                budget: Budget {
                    converge: true,
                    max_iterations: Some(400),
                    deadline: None,
                },
                ..SolveOptions::default()
            },
        )
    };
    let first = run(3);
    assert!(
        first.iterations > search::meeting_interval(40),
        "the lanes should have met at least once ({} iterations)",
        first.iterations
    );
    for _ in 0..3 {
        assert_eq!(first, run(3));
    }
    assert!((4..8).any(|seed| run(seed).assignment != first.assignment));
}

#[test]
fn in_thorough_mode_a_stalled_lane_behind_walks_on_from_a_child_and_keeps_its_own_best() {
    let inst = meeting_instance();
    let progress = Progress::new();
    let options = SolveOptions {
        mode: Mode::Thorough,
        ..iterations(3)
    };
    let mut recombined = 0;
    for seed in 0..10 {
        let mut lanes = three_lanes_after_three_iterations(&inst, &options, seed, &progress);
        let best = lanes
            .iter()
            .map(search::Lane::objective)
            .fold(f64::NEG_INFINITY, f64::max);
        let before: Vec<f64> = lanes.iter().map(search::Lane::objective).collect();
        // Every lane stalled since iteration 3: each one behind the leader recombines.
        meet(&mut lanes, 3);
        for (lane, &objective) in lanes.iter().zip(&before) {
            assert!(!lane.done(), "seed {seed}: a lane that recombined runs on");
            assert!(lane.objective() >= objective - 1e-6, "seed {seed}");
            if objective < best - 1e-6 {
                // It keeps its own best unless the child beat it: it did not take the leader's.
                assert!(
                    (lane.objective() - best).abs() > 1e-6 || lane.objective() > objective + 1e-6,
                    "seed {seed}: the lane took over the leader's seating"
                );
                recombined += 1;
            }
        }
    }
    assert!(recombined > 0, "some lane should have been behind");
}

#[test]
fn thorough_mode_is_deterministic_per_seed_and_feasible() {
    let a = random_affinity(60, 21);
    let tables = vec![
        TableSpec {
            min: 8,
            max: 10,
            locked: false
        };
        7
    ];
    let run = |mode, seed| {
        solve(
            &a,
            &tables,
            &Constraints::default(),
            None,
            &SolveOptions {
                seed,
                threads: 2,
                mode,
                budget: Budget {
                    converge: true,
                    max_iterations: Some(2_000),
                    deadline: None,
                },
            },
        )
        .expect("a seating")
    };
    let first = run(Mode::Thorough, 5);
    assert_feasible(60, &tables, &Constraints::default(), &first.assignment);
    assert_eq!(first, run(Mode::Thorough, 5));
    assert!(first.objective.is_finite());
}
