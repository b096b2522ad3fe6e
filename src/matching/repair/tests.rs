//! Tests of the fewest-moves repair: hand-built cases, brute force on tiny problems, and
//! property tests on conference-sized plans.

use super::*;
use crate::matching::affinity::DenseAffinity;
use crate::matching::model::{Person, TableSpec};
use proptest::prelude::*;

fn problem(n: usize, tables: Vec<TableSpec>) -> Problem {
    Problem {
        people: vec![Person::default(); n],
        tables,
        ..Problem::default()
    }
}

fn block(problem: &mut Problem, a: PersonId, b: PersonId) {
    for (x, y) in [(a, b), (b, a)] {
        let list = &mut problem.people[x as usize].blocks;
        list.push(y);
        list.sort_unstable();
        list.dedup();
    }
}

/// Every hard constraint of `problem` holds in `assignment`; the violation otherwise.
fn violation(problem: &Problem, assignment: &Assignment) -> Option<String> {
    let tables = problem.tables.len();
    let mut count = vec![0u32; tables];
    for (p, &t) in assignment.table_of.iter().enumerate() {
        let Some(c) = count.get_mut(t as usize) else {
            return Some(format!("person {p} at unknown table {t}"));
        };
        *c += 1;
        if problem.tables[t as usize].locked && !problem.locked_seats.contains(&(p as PersonId, t))
        {
            return Some(format!("person {p} at locked table {t}"));
        }
    }
    for (t, spec) in problem.tables.iter().enumerate() {
        if count[t] < spec.min || count[t] > spec.max {
            return Some(format!("table {t} holds {}", count[t]));
        }
    }
    for &(p, t) in &problem.locked_seats {
        if assignment.table_of[p as usize] != t {
            return Some(format!("locked person {p} not at {t}"));
        }
    }
    for (p, person) in problem.people.iter().enumerate() {
        for &q in &person.blocks {
            if assignment.table_of[p] == assignment.table_of[q as usize] {
                return Some(format!("blocked {p} and {q} together"));
            }
        }
    }
    None
}

fn moved_seated(previous: &[Option<TableId>], table_of: &[TableId]) -> u32 {
    previous
        .iter()
        .zip(table_of)
        .filter(|(prev, to)| prev.is_some_and(|f| f != **to))
        .count() as u32
}

/// The fewest previously seated people any valid plan moves, by enumeration; `None` if no
/// valid plan exists.
fn brute_force_min_moves(problem: &Problem, previous: &[Option<TableId>]) -> Option<u32> {
    let n = problem.people.len();
    let tables = problem.tables.len() as u32;
    if tables == 0 {
        return (n == 0).then_some(0);
    }
    let mut table_of = vec![0u32; n];
    let mut best = None;
    loop {
        let assignment = Assignment {
            table_of: table_of.clone(),
        };
        if violation(problem, &assignment).is_none() {
            let moved = moved_seated(previous, &table_of);
            best = Some(best.map_or(moved, |b: u32| b.min(moved)));
        }
        let mut i = 0;
        loop {
            if i == n {
                return best;
            }
            table_of[i] += 1;
            if table_of[i] < tables {
                break;
            }
            table_of[i] = 0;
            i += 1;
        }
    }
}

fn run(problem: &Problem, d: &DenseAffinity, previous: &[Option<TableId>]) -> RepairOutcome {
    let out = repair(problem, d, previous, RepairOptions::default()).expect("repairable");
    assert_eq!(violation(problem, &out.assignment), None);
    out
}

#[test]
fn adding_one_person_to_a_plan_with_free_seats_moves_nobody_else() {
    let p = problem(7, vec![TableSpec::open(2, 4), TableSpec::open(2, 4)]);
    let mut d = DenseAffinity::zeros(7);
    d.set(6, 4, 2.0);
    d.set(0, 1, 9.0);
    let previous = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1), None];
    let out = run(&p, &d, &previous);
    assert_eq!(
        out.moves,
        vec![Move {
            person: 6,
            from: None,
            to: 1,
            reason: MoveReason::Newcomer
        }]
    );
    assert_eq!(out.moved_seated, 0);
    assert_eq!(out.changed_tables, vec![1]);
}

#[test]
fn a_newcomer_goes_where_they_share_an_interest_before_affinity_alone() {
    let mut p = problem(5, vec![TableSpec::open(1, 3), TableSpec::open(1, 3)]);
    p.people[0].interests = vec![1];
    p.people[3].interests = vec![7];
    p.people[4].interests = vec![7, 8];
    let mut d = DenseAffinity::zeros(5);
    d.set(4, 0, 0.5);
    let previous = [Some(0), Some(0), Some(1), Some(1), None];
    let out = run(&p, &d, &previous);
    assert_eq!(out.assignment.table_of[4], 1);
    p.people[3].interests.clear();
    let out = run(&p, &d, &previous);
    assert_eq!(out.assignment.table_of[4], 0);
}

#[test]
fn removing_people_that_leaves_a_table_under_its_minimum_moves_the_fewest() {
    let p = problem(
        10,
        vec![
            TableSpec::open(3, 5),
            TableSpec::open(3, 5),
            TableSpec::open(3, 5),
        ],
    );
    let mut d = DenseAffinity::zeros(10);
    d.set(6, 0, 4.0);
    d.set(6, 7, -1.0);
    let previous = [
        Some(0),
        Some(0),
        Some(1),
        Some(1),
        Some(1),
        Some(1),
        Some(2),
        Some(2),
        Some(2),
        Some(2),
    ];
    let out = run(&p, &d, &previous);
    assert_eq!(out.moved_seated, 1);
    assert_eq!(
        out.moves,
        vec![Move {
            person: 6,
            from: Some(2),
            to: 0,
            reason: MoveReason::FillTable
        }]
    );
    assert_eq!(out.changed_tables, vec![0, 2]);
    assert_eq!(brute_force_min_moves(&p, &previous), Some(1));
}

#[test]
fn locked_people_never_move_even_when_least_attached() {
    let mut p = problem(6, vec![TableSpec::open(1, 3), TableSpec::open(1, 3)]);
    p.locked_seats = vec![(0, 0)];
    let mut d = DenseAffinity::zeros(6);
    d.set(1, 2, 5.0);
    d.set(1, 3, 5.0);
    d.set(2, 3, 5.0);
    d.set(0, 1, -5.0);
    let previous = [Some(0), Some(0), Some(0), Some(0), Some(1), Some(1)];
    let out = run(&p, &d, &previous);
    assert_eq!(out.assignment.table_of[0], 0);
    assert_eq!(out.moved_seated, 1);
    assert_eq!(out.moves[0].reason, MoveReason::TableOverfull);
}

#[test]
fn a_locked_table_takes_nobody_but_its_locked_people() {
    let mut p = problem(5, vec![TableSpec::open(1, 4), TableSpec::open(1, 4)]);
    p.tables[0].locked = true;
    p.locked_seats = vec![(0, 0), (1, 0)];
    let mut d = DenseAffinity::zeros(5);
    d.set(4, 0, 10.0);
    d.set(2, 0, 10.0);
    let previous = [Some(0), Some(0), Some(0), Some(1), None];
    let out = run(&p, &d, &previous);
    assert_eq!(out.assignment.table_of, vec![0, 0, 1, 1, 1]);
    assert_eq!(out.moves[0].reason, MoveReason::TableLocked);
}

#[test]
fn people_of_a_removed_table_move_and_say_why() {
    let p = problem(4, vec![TableSpec::open(1, 4)]);
    let previous = [Some(0), Some(0), Some(1), Some(1)];
    let out = run(&p, &DenseAffinity::zeros(4), &previous);
    assert_eq!(out.moved_seated, 2);
    assert!(
        out.moves
            .iter()
            .all(|m| m.reason == MoveReason::TableGone && m.to == 0)
    );
    assert_eq!(out.changed_tables, vec![0]);
}

#[test]
fn a_new_block_between_tablemates_moves_exactly_one_of_them() {
    let mut p = problem(6, vec![TableSpec::open(2, 4), TableSpec::open(2, 4)]);
    block(&mut p, 0, 1);
    let mut d = DenseAffinity::zeros(6);
    d.set(0, 2, 3.0);
    let previous = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)];
    let out = run(&p, &d, &previous);
    assert_eq!(out.moved_seated, 1);
    assert_eq!(
        out.moves[0],
        Move {
            person: 1,
            from: Some(0),
            to: 1,
            reason: MoveReason::Blocked { with: 0 }
        }
    );
}

#[test]
fn a_newcomer_blocked_at_every_table_with_room_makes_room_with_few_moves() {
    let mut p = problem(7, vec![TableSpec::open(2, 4), TableSpec::open(2, 3)]);
    block(&mut p, 6, 0);
    let previous = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1), None];
    let out = run(&p, &DenseAffinity::zeros(7), &previous);
    assert_eq!(out.moved_seated, 1);
    assert_eq!(brute_force_min_moves(&p, &previous), Some(1));
}

#[test]
fn too_few_people_is_infeasible_and_names_the_emptiest_table_to_dissolve() {
    let mut p = problem(
        5,
        vec![
            TableSpec::open(3, 6),
            TableSpec::open(3, 6),
            TableSpec::open(3, 4),
        ],
    );
    let previous = [Some(0), Some(0), Some(0), Some(1), Some(2)];
    let dissolve = |p: &Problem| match repair(
        p,
        &DenseAffinity::zeros(5),
        &previous,
        RepairOptions::default(),
    ) {
        Err(RepairError::Infeasible { dissolve, problems }) => {
            assert_eq!(problems.len(), 1);
            dissolve
        }
        other => panic!("expected infeasible, got {other:?}"),
    };
    assert_eq!(dissolve(&p), vec![1, 2]);
    p.tables[0].max = 4;
    p.tables[1].max = 4;
    assert_eq!(dissolve(&p), Vec::<TableId>::new());
}

#[test]
fn mismatched_inputs_are_errors() {
    let p = problem(3, vec![TableSpec::open(1, 3)]);
    assert_eq!(
        repair(
            &p,
            &DenseAffinity::zeros(3),
            &[None],
            RepairOptions::default()
        ),
        Err(RepairError::PreviousLength {
            people: 3,
            previous: 1
        })
    );
    assert_eq!(
        repair(
            &p,
            &DenseAffinity::zeros(2),
            &[None; 3],
            RepairOptions::default()
        ),
        Err(RepairError::AffinitySize {
            people: 3,
            affinity: 2
        })
    );
}

#[test]
fn the_exact_cover_is_minimum_and_prefers_the_least_attached() {
    let value = |p: PersonId| f64::from(p);
    assert_eq!(exact_cover(&[(1, 2), (2, 3), (3, 4)], &value), vec![1, 3]);
    assert_eq!(exact_cover(&[(5, 1), (5, 2), (5, 3)], &value), vec![5]);
    assert_eq!(exact_cover(&[(4, 1)], &value), vec![1]);
    assert_eq!(greedy_cover(&[(5, 1), (5, 2), (5, 3)], &value), vec![5]);
}

/// A small random problem, the previous seat of each person and a dense affinity.
fn arbitrary_case() -> impl Strategy<Value = (Problem, Vec<Option<TableId>>, DenseAffinity)> {
    let specs = (1usize..=4).prop_flat_map(|tables| {
        prop::collection::vec((0u32..=2, 0u32..=3, prop::bool::weighted(0.1)), tables)
    });
    let sized = specs.prop_flat_map(|specs| {
        let min: u32 = specs.iter().map(|s| s.0).sum();
        let max: u32 = specs.iter().map(|s| s.0 + s.1).sum();
        (Just(specs), min as usize..=(max.min(7).max(min) as usize))
    });
    sized.prop_flat_map(|(specs, n)| {
        let tables = specs.len();
        (
            Just(specs),
            prop::collection::vec(
                (
                    prop::option::weighted(0.8, 0..tables as u32 + 1),
                    prop::collection::vec(0u32..5, 0..3),
                ),
                n,
            ),
            prop::collection::vec((0..n.max(1) as u32, 0..n.max(1) as u32), 0..=n / 2),
            prop::collection::vec((0..n.max(1) as u32, 0..tables as u32), 0..=1),
            prop::collection::vec(-3i32..=6, n * n),
        )
            .prop_map(move |(specs, people, blocks, locks, values)| {
                let mut p = problem(n, Vec::new());
                p.tables = specs
                    .iter()
                    .map(|&(min, extra, locked)| TableSpec {
                        min,
                        max: min + extra,
                        locked,
                    })
                    .collect();
                let mut previous = Vec::new();
                for (person, (prev, mut interests)) in p.people.iter_mut().zip(people) {
                    interests.sort_unstable();
                    interests.dedup();
                    person.interests = interests;
                    previous.push(prev);
                }
                for (a, b) in blocks {
                    if a != b && (a as usize) < n && (b as usize) < n {
                        block(&mut p, a, b);
                    }
                }
                if n > 0 {
                    p.locked_seats = locks;
                }
                let mut d = DenseAffinity::zeros(n);
                for i in 0..n {
                    for j in i + 1..n {
                        d.set(i as PersonId, j as PersonId, f64::from(values[i * n + j]));
                    }
                }
                (p, previous, d)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn repair_respects_every_hard_constraint_and_reports_every_move(
        (p, previous, d) in arbitrary_case(),
        seed in any::<u64>(),
    ) {
        let options = RepairOptions { seed, ..RepairOptions::default() };
        let best = brute_force_min_moves(&p, &previous);
        match repair(&p, &d, &previous, options) {
            Ok(out) => {
                prop_assert_eq!(violation(&p, &out.assignment), None);
                let changed: Vec<PersonId> = (0..p.people.len() as PersonId)
                    .filter(|&x| previous[x as usize] != Some(out.assignment.table_of[x as usize]))
                    .collect();
                let listed: Vec<PersonId> = out.moves.iter().map(|m| m.person).collect();
                prop_assert_eq!(&listed, &changed);
                for m in &out.moves {
                    prop_assert_eq!(m.from, previous[m.person as usize]);
                    prop_assert_eq!(m.to, out.assignment.table_of[m.person as usize]);
                    prop_assert!(out.changed_tables.contains(&m.to));
                }
                prop_assert_eq!(
                    out.moved_seated,
                    moved_seated(&previous, &out.assignment.table_of)
                );
                for &(x, t) in &p.locked_seats {
                    if previous[x as usize] == Some(t) {
                        prop_assert!(!listed.contains(&x), "locked {} moved", x);
                    }
                }
                let best = best.expect("repair found a plan, so one exists");
                prop_assert!(out.moved_seated >= best);
                let blocks_free = p.people.iter().all(|x| x.blocks.is_empty());
                if blocks_free {
                    prop_assert_eq!(out.moved_seated, best, "not minimal without blocks");
                }
                let again = repair(&p, &d, &previous, options).expect("same input");
                prop_assert_eq!(again, out);
            }
            Err(RepairError::Infeasible { .. }) => {
                prop_assert_eq!(best, None, "feasibility check rejected a solvable problem");
            }
            Err(other) => {
                let blocks_free = p.people.iter().all(|x| x.blocks.is_empty());
                prop_assert!(!blocks_free, "{:?} without blocks", other);
                prop_assert_eq!(best, None, "{:?} on a solvable problem", other);
            }
        }
    }

    #[test]
    fn repairing_a_conference_plan_after_changes_keeps_it_valid_and_mostly_in_place(
        tables in 4usize..=8,
        seated_per_table in 4usize..=5,
        removed in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
        newcomers in 0usize..6,
        pairs in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..6),
        interests in prop::collection::vec(prop::collection::vec(0u32..12, 1..4), 60),
        seed in any::<u64>(),
    ) {
        let before = tables * seated_per_table;
        let mut gone: Vec<usize> = removed.iter().map(|i| i.index(before)).collect();
        gone.sort_unstable();
        gone.dedup();
        let mut previous: Vec<Option<TableId>> = (0..before)
            .filter(|x| gone.binary_search(x).is_err())
            .map(|x| Some((x % tables) as TableId))
            .collect();
        previous.extend(std::iter::repeat_n(None, newcomers));
        let n = previous.len();
        let mut p = problem(n, vec![TableSpec::open(3, 6); tables]);
        for (person, mut list) in p.people.iter_mut().zip(interests) {
            list.sort_unstable();
            list.dedup();
            person.interests = list;
        }
        for (a, b) in &pairs {
            let (a, b) = (a.index(n) as PersonId, b.index(n) as PersonId);
            if a != b {
                block(&mut p, a, b);
            }
        }
        p.locked_seats = previous[0].map(|t| (0, t)).into_iter().collect();
        let mut d = DenseAffinity::zeros(n);
        for i in 0..n {
            for j in i + 1..n {
                let shared = crate::matching::explain::shares_interest(&p.people[i], &p.people[j]);
                d.set(i as PersonId, j as PersonId, if shared { 1.0 } else { 0.0 });
            }
        }
        let options = RepairOptions { seed, ..RepairOptions::default() };
        let out = repair(&p, &d, &previous, options);
        let out = match out {
            Ok(out) => out,
            Err(RepairError::Infeasible { .. }) if n > 6 * tables => return Ok(()),
            Err(RepairError::Infeasible { dissolve, .. }) if n < 3 * tables => {
                prop_assert!(!dissolve.is_empty());
                prop_assert!(!dissolve.contains(&p.locked_seats[0].1));
                return Ok(());
            }
            Err(e) => {
                prop_assert!(!pairs.is_empty(), "{:?} without blocks", e);
                return Ok(());
            }
        };
        prop_assert_eq!(violation(&p, &out.assignment), None);
        prop_assert_eq!(out.assignment.table_of[0], p.locked_seats[0].1);
        let changed = (0..n)
            .filter(|&x| previous[x] != Some(out.assignment.table_of[x]))
            .count();
        prop_assert_eq!(out.moves.len(), changed);
        prop_assert_eq!(out.moved_seated, moved_seated(&previous, &out.assignment.table_of));
        for m in &out.moves {
            if m.from.is_none() {
                prop_assert_eq!(m.reason, MoveReason::Newcomer);
            }
        }
        let staying = n - newcomers;
        let deficit: usize = (0..tables)
            .map(|t| 3usize.saturating_sub(previous.iter().filter(|&&x| x == Some(t as TableId)).count()))
            .sum();
        if pairs.is_empty() {
            prop_assert!(out.moved_seated as usize <= deficit, "{} moved for a deficit of {}", out.moved_seated, deficit);
        }
        prop_assert!((out.moved_seated as usize) <= staying);
        prop_assert_eq!(repair(&p, &d, &previous, options), Ok(out));
    }
}
