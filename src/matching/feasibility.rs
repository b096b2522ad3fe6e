//! The feasibility report run before solving: can a valid plan exist at all, and how many rounds
//! without a repeated pair can there be?
//!
//! The checks are the necessary conditions that are cheap to test and cover every mistake an
//! organiser can make in a form: bounds that contradict each other, too few or too many people
//! for the seats, locks that cannot all hold, references to people who do not exist. Passing them
//! does not prove a plan exists in every case: blocked pairs can in principle make a problem
//! infeasible in ways that take a search to discover (it is a graph-colouring question), and only
//! the one-person form of that ("no table can take this person") is checked here.
//!
//! # Seat bounds with locks
//! A locked table holds exactly the people locked to it; an open table holds between
//! `max(min, people locked to it)` and `max`. Summing these per-table bounds gives the effective
//! `[min_seats, max_seats]` the head count must fall in; the raw sums of `min` and `max` over all
//! tables are reported too, since that is what an organiser sees in the form.
//!
//! # Bound on repeat-free rounds
//! In one round a person at a table of `s` people meets `s − 1` others. Across rounds in which no
//! pair meets twice, the people a person meets are all different, and there are `n − 1` of them,
//! so for tables of exactly `k` seats at most `⌊(n − 1)/(k − 1)⌋` such rounds exist (the
//! social-golfer bound; it is not always reached). [`RoundsBound::classic`] is this formula with
//! `k` the largest table size, as organisers quote it.
//!
//! With tables of different sizes the classic number is not a bound (people at smaller tables
//! meet fewer people per round), so [`RoundsBound::upper_bound`] uses the smallest size `s` any
//! table can have in a valid plan (at least `n − Σ max of the other tables`) and subtracts what
//! history has used up: a person who already met `h` distinct people has `n − 1 − h` left, giving
//! `min over people of ⌊(n − 1 − h)/(s − 1)⌋` further rounds. With equal tables and no history the
//! two numbers agree.

use super::model::{PersonId, Problem, TableId};

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct FeasibilityReport {
    pub people: u32,
    /// `Σ min` over all tables, locks ignored.
    pub min_seats: u64,
    /// `Σ max` over all tables, locks ignored.
    pub max_seats: u64,
    /// The least number of people a valid plan seats, locks included (see the module docs).
    pub effective_min_seats: u64,
    /// The most people a valid plan seats, locks included.
    pub effective_max_seats: u64,
    pub rounds: RoundsBound,
    /// Everything that makes a valid plan impossible; empty when none was found.
    pub problems: Vec<Issue>,
}

impl FeasibilityReport {
    /// No problem found. Necessary, not sufficient: see the module docs.
    pub fn is_feasible(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Bounds on the number of rounds in which no pair sits together twice. `None` means no bound
/// (fewer than two people, or a person can end up alone at a table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundsBound {
    /// The largest number of people any table can hold in a valid plan.
    pub largest_table: u32,
    /// `⌊(n − 1)/(k − 1)⌋` with `k = largest_table`: the organisers' number, exact as a bound
    /// only when all tables hold `k`.
    pub classic: Option<u32>,
    /// The smallest number of people any occupied table can hold in a valid plan.
    pub smallest_table: u32,
    /// A true upper bound on further repeat-free rounds given the history in `met_before`.
    pub upper_bound: Option<u32>,
}

/// One reason a valid plan is impossible. `field` names the input it is about in the problem's
/// own terms (`tables[2]`, `locked_seats[5]`, `people[3].blocks`, `people`), so the API can map it
/// to its request fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    pub field: String,
    pub message: String,
}

/// The kinds of problem [`check`] detects, with the data needed to phrase them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// A table's `min` is above its `max`.
    TableBoundsInverted { table: TableId, min: u32, max: u32 },
    /// Fewer people than the tables' minimums (locks included) need.
    TooFewPeople { people: u32, min_seats: u64 },
    /// More people than the tables (locks included) can hold.
    TooManyPeople { people: u32, max_seats: u64 },
    /// A locked seat names a person the problem does not have.
    LockedSeatUnknownPerson { index: u32, person: PersonId },
    /// A locked seat names a table the problem does not have.
    LockedSeatUnknownTable { index: u32, table: TableId },
    /// One person is locked to two different tables.
    PersonLockedTwice {
        person: PersonId,
        first: TableId,
        second: TableId,
    },
    /// More people are locked to a table than it can hold.
    LockedSeatsOverCapacity {
        table: TableId,
        locked: u32,
        max: u32,
    },
    /// A locked table keeps exactly its locked people, and they are fewer than its minimum.
    LockedTableUnderMinimum {
        table: TableId,
        locked: u32,
        min: u32,
    },
    /// Two people who must not sit together are locked to the same table.
    BlockedPairLockedTogether {
        table: TableId,
        a: PersonId,
        b: PersonId,
    },
    /// An unlocked person has no table to go to: every open table with a free seat holds a
    /// locked person they must not sit with (or there is no open table with a free seat).
    NoTableFor { person: PersonId },
    /// A list in the problem refers to a person who does not exist.
    UnknownPerson { person: PersonId, other: PersonId },
}

/// Checks `problem` for everything that makes a valid plan impossible, and bounds the number of
/// repeat-free rounds. Never fails: bad input is what it reports.
pub fn check(problem: &Problem) -> FeasibilityReport {
    let n = problem.people.len();
    let mut problems = Vec::new();
    check_references(problem, &mut problems);

    for (t, spec) in problem.tables.iter().enumerate() {
        if spec.min > spec.max {
            problems.push(Issue {
                kind: IssueKind::TableBoundsInverted {
                    table: t as TableId,
                    min: spec.min,
                    max: spec.max,
                },
                field: format!("tables[{t}]"),
                message: format!(
                    "table {t} has a minimum of {} above its maximum of {}",
                    spec.min, spec.max
                ),
            });
        }
    }

    let lock_of = check_locks(problem, &mut problems);
    let mut locked_at = vec![Vec::new(); problem.tables.len()];
    for (p, table) in lock_of.iter().enumerate() {
        if let Some(t) = table {
            locked_at[*t as usize].push(p as PersonId);
        }
    }

    let mut lo = vec![0u64; problem.tables.len()];
    let mut hi = vec![0u64; problem.tables.len()];
    for (t, spec) in problem.tables.iter().enumerate() {
        let locked = locked_at[t].len() as u32;
        if locked > spec.max {
            problems.push(Issue {
                kind: IssueKind::LockedSeatsOverCapacity {
                    table: t as TableId,
                    locked,
                    max: spec.max,
                },
                field: format!("tables[{t}]"),
                message: format!(
                    "{locked} people are locked to table {t}, which seats at most {}",
                    spec.max
                ),
            });
        }
        if spec.locked && locked < spec.min {
            problems.push(Issue {
                kind: IssueKind::LockedTableUnderMinimum {
                    table: t as TableId,
                    locked,
                    min: spec.min,
                },
                field: format!("tables[{t}]"),
                message: format!(
                    "table {t} is locked with {locked} people but needs at least {}",
                    spec.min
                ),
            });
        }
        for (x, &a) in locked_at[t].iter().enumerate() {
            for &b in &locked_at[t][x + 1..] {
                if blocked_either(problem, a, b) {
                    problems.push(Issue {
                        kind: IssueKind::BlockedPairLockedTogether {
                            table: t as TableId,
                            a,
                            b,
                        },
                        field: format!("tables[{t}]"),
                        message: format!(
                            "people {a} and {b} must not sit together but are both locked to table {t}"
                        ),
                    });
                }
            }
        }
        if spec.locked {
            lo[t] = u64::from(locked);
            hi[t] = u64::from(locked);
        } else {
            lo[t] = u64::from(spec.min.max(locked));
            hi[t] = u64::from(spec.max);
        }
    }

    for (p, lock) in lock_of.iter().enumerate() {
        if lock.is_some() {
            continue;
        }
        let person = p as PersonId;
        let has_table = problem.tables.iter().enumerate().any(|(t, spec)| {
            !spec.locked
                && (locked_at[t].len() as u32) < spec.max
                && locked_at[t]
                    .iter()
                    .all(|&other| !blocked_either(problem, person, other))
        });
        if !has_table {
            problems.push(Issue {
                kind: IssueKind::NoTableFor { person },
                field: format!("people[{p}]"),
                message: format!(
                    "person {p} has no table to go to: every open table with a free seat holds someone locked there whom they must not sit with"
                ),
            });
        }
    }

    let min_seats = problem.tables.iter().map(|s| u64::from(s.min)).sum();
    let max_seats = problem.tables.iter().map(|s| u64::from(s.max)).sum();
    let effective_min_seats: u64 = lo.iter().sum();
    let effective_max_seats: u64 = hi.iter().sum();
    let people = n as u32;
    if (n as u64) < effective_min_seats {
        problems.push(Issue {
            kind: IssueKind::TooFewPeople {
                people,
                min_seats: effective_min_seats,
            },
            field: "people".to_owned(),
            message: format!(
                "{n} people cannot fill the tables, which need at least {effective_min_seats}{}",
                if effective_min_seats == min_seats {
                    String::new()
                } else {
                    format!(" with the locks (the tables' minimums add up to {min_seats})")
                }
            ),
        });
    }
    if n as u64 > effective_max_seats {
        problems.push(Issue {
            kind: IssueKind::TooManyPeople {
                people,
                max_seats: effective_max_seats,
            },
            field: "people".to_owned(),
            message: format!(
                "{n} people do not fit at the tables, which hold at most {effective_max_seats}{}",
                if effective_max_seats == max_seats {
                    String::new()
                } else {
                    format!(" with the locks (the tables' maximums add up to {max_seats})")
                }
            ),
        });
    }

    FeasibilityReport {
        people,
        min_seats,
        max_seats,
        effective_min_seats,
        effective_max_seats,
        rounds: rounds_bound(problem, &lo, &hi),
        problems,
    }
}

/// The lock of each person (the first one listed when there are several), reporting locks that
/// name unknown people or tables and people locked to two tables.
fn check_locks(problem: &Problem, problems: &mut Vec<Issue>) -> Vec<Option<TableId>> {
    let mut lock_of: Vec<Option<TableId>> = vec![None; problem.people.len()];
    for (index, &(person, table)) in problem.locked_seats.iter().enumerate() {
        let field = format!("locked_seats[{index}]");
        if person as usize >= problem.people.len() {
            problems.push(Issue {
                kind: IssueKind::LockedSeatUnknownPerson {
                    index: index as u32,
                    person,
                },
                field,
                message: format!("locked seat {index} names person {person}, who does not exist"),
            });
            continue;
        }
        if table as usize >= problem.tables.len() {
            problems.push(Issue {
                kind: IssueKind::LockedSeatUnknownTable {
                    index: index as u32,
                    table,
                },
                field,
                message: format!("locked seat {index} names table {table}, which does not exist"),
            });
            continue;
        }
        match lock_of[person as usize] {
            None => lock_of[person as usize] = Some(table),
            Some(first) if first != table => problems.push(Issue {
                kind: IssueKind::PersonLockedTwice {
                    person,
                    first,
                    second: table,
                },
                field,
                message: format!(
                    "person {person} is locked both to table {first} and to table {table}"
                ),
            }),
            Some(_) => {}
        }
    }
    lock_of
}

/// Reports wants, blocks and history entries that name people who do not exist.
fn check_references(problem: &Problem, problems: &mut Vec<Issue>) {
    let n = problem.people.len();
    for (p, person) in problem.people.iter().enumerate() {
        for (list, name) in [(&person.wants, "wants"), (&person.blocks, "blocks")] {
            for &other in list.iter().filter(|&&o| o as usize >= n) {
                problems.push(Issue {
                    kind: IssueKind::UnknownPerson {
                        person: p as PersonId,
                        other,
                    },
                    field: format!("people[{p}].{name}"),
                    message: format!(
                        "person {p} lists person {other} in {name}, who does not exist"
                    ),
                });
            }
        }
    }
    for (index, &(a, b, _)) in problem.met_before.iter().enumerate() {
        for (person, other) in [(a, b), (b, a)] {
            if other as usize >= n {
                problems.push(Issue {
                    kind: IssueKind::UnknownPerson { person, other },
                    field: format!("met_before[{index}]"),
                    message: format!(
                        "history entry {index} names person {other}, who does not exist"
                    ),
                });
            }
        }
    }
}

/// Either of `a` and `b` blocks the other; ids out of range block nothing.
fn blocked_either(problem: &Problem, a: PersonId, b: PersonId) -> bool {
    let lists = |x: PersonId, y: PersonId| {
        problem
            .people
            .get(x as usize)
            .is_some_and(|p| p.blocks.binary_search(&y).is_ok())
    };
    lists(a, b) || lists(b, a)
}

/// The bounds on repeat-free rounds, from the per-table size bounds `lo`/`hi` of a valid plan.
fn rounds_bound(problem: &Problem, lo: &[u64], hi: &[u64]) -> RoundsBound {
    let n = problem.people.len() as u64;
    let total_hi: u64 = hi.iter().sum();
    let largest = hi.iter().map(|&h| h.min(n)).max().unwrap_or(0);
    let smallest = (0..hi.len())
        .filter(|&t| hi[t] >= 1)
        .map(|t| {
            let forced = n.saturating_sub(total_hi - hi[t]);
            lo[t].max(forced).max(1)
        })
        .min()
        .unwrap_or(0);
    let classic = (n >= 2 && largest >= 2).then(|| ((n - 1) / (largest - 1)) as u32);
    let upper_bound = (n >= 2 && smallest >= 2).then(|| {
        let mut met: Vec<(PersonId, PersonId)> = problem
            .met_before
            .iter()
            .filter(|&&(a, b, times)| times > 0 && a != b && (a.max(b) as u64) < n)
            .map(|&(a, b, _)| (a.min(b), a.max(b)))
            .collect();
        met.sort_unstable();
        met.dedup();
        let mut met_count = vec![0u64; n as usize];
        for (a, b) in met {
            met_count[a as usize] += 1;
            met_count[b as usize] += 1;
        }
        let most_met = met_count.iter().copied().max().unwrap_or(0);
        ((n - 1 - most_met) / (smallest - 1)) as u32
    });
    RoundsBound {
        largest_table: largest as u32,
        classic,
        smallest_table: smallest as u32,
        upper_bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::model::{Person, TableSpec};

    fn problem(n: usize, tables: Vec<TableSpec>) -> Problem {
        Problem {
            people: vec![Person::default(); n],
            tables,
            ..Problem::default()
        }
    }

    fn kinds(report: &FeasibilityReport) -> Vec<IssueKind> {
        report.problems.iter().map(|i| i.kind).collect()
    }

    #[test]
    fn a_problem_that_fits_has_no_problems() {
        let report = check(&problem(
            10,
            vec![TableSpec::open(4, 6), TableSpec::open(4, 6)],
        ));
        assert!(report.is_feasible(), "{:?}", report.problems);
        assert_eq!((report.min_seats, report.max_seats), (8, 12));
        assert_eq!(
            (report.effective_min_seats, report.effective_max_seats),
            (8, 12)
        );
    }

    #[test]
    fn too_few_and_too_many_people_are_reported_against_the_seat_sums() {
        let few = check(&problem(
            7,
            vec![TableSpec::open(4, 6), TableSpec::open(4, 6)],
        ));
        assert_eq!(
            kinds(&few),
            vec![IssueKind::TooFewPeople {
                people: 7,
                min_seats: 8
            }]
        );
        assert_eq!(few.problems[0].field, "people");
        let many = check(&problem(
            13,
            vec![TableSpec::open(4, 6), TableSpec::open(4, 6)],
        ));
        assert_eq!(
            kinds(&many),
            vec![IssueKind::TooManyPeople {
                people: 13,
                max_seats: 12
            }]
        );
    }

    #[test]
    fn inverted_bounds_name_the_table() {
        let report = check(&problem(
            5,
            vec![TableSpec::open(6, 4), TableSpec::open(1, 6)],
        ));
        assert!(kinds(&report).contains(&IssueKind::TableBoundsInverted {
            table: 0,
            min: 6,
            max: 4
        }));
        assert_eq!(report.problems[0].field, "tables[0]");
    }

    #[test]
    fn a_locked_table_counts_exactly_its_locked_people() {
        let mut p = problem(10, vec![TableSpec::open(2, 8), TableSpec::open(2, 8)]);
        p.tables[1].locked = true;
        p.locked_seats = vec![(0, 1), (1, 1)];
        let report = check(&p);
        assert_eq!(report.effective_max_seats, 10);
        assert!(report.is_feasible(), "{:?}", report.problems);
        p.people.push(Person::default());
        let report = check(&p);
        assert_eq!(
            kinds(&report),
            vec![IssueKind::TooManyPeople {
                people: 11,
                max_seats: 10
            }]
        );
        assert!(report.problems[0].message.contains("with the locks"));
    }

    #[test]
    fn locks_that_cannot_hold_are_reported() {
        let mut p = problem(
            6,
            vec![
                TableSpec::open(1, 2),
                TableSpec::open(3, 4),
                TableSpec::open(0, 6),
            ],
        );
        p.tables[1].locked = true;
        p.people[3].blocks = vec![4];
        p.people[4].blocks = vec![3];
        p.locked_seats = vec![
            (0, 0),
            (1, 0),
            (2, 0),
            (5, 0),
            (5, 2),
            (3, 1),
            (4, 1),
            (9, 0),
            (1, 7),
        ];
        let found = kinds(&check(&p));
        for expected in [
            IssueKind::PersonLockedTwice {
                person: 5,
                first: 0,
                second: 2,
            },
            IssueKind::LockedSeatsOverCapacity {
                table: 0,
                locked: 4,
                max: 2,
            },
            IssueKind::LockedTableUnderMinimum {
                table: 1,
                locked: 2,
                min: 3,
            },
            IssueKind::BlockedPairLockedTogether {
                table: 1,
                a: 3,
                b: 4,
            },
            IssueKind::LockedSeatUnknownPerson {
                index: 7,
                person: 9,
            },
            IssueKind::LockedSeatUnknownTable { index: 8, table: 7 },
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
    }

    #[test]
    fn a_person_blocked_by_everyone_locked_at_the_only_open_tables_has_no_table() {
        let mut p = problem(3, vec![TableSpec::open(1, 2), TableSpec::open(1, 2)]);
        p.people[2].blocks = vec![0, 1];
        p.people[0].blocks = vec![2];
        p.people[1].blocks = vec![2];
        p.locked_seats = vec![(0, 0), (1, 1)];
        assert_eq!(kinds(&check(&p)), vec![IssueKind::NoTableFor { person: 2 }]);
        p.tables.push(TableSpec::open(0, 1));
        assert!(check(&p).is_feasible());
    }

    #[test]
    fn references_to_missing_people_are_reported() {
        let mut p = problem(2, vec![TableSpec::open(0, 4)]);
        p.people[0].wants = vec![5];
        p.met_before = vec![(1, 3, 1)];
        let report = check(&p);
        assert_eq!(
            kinds(&report),
            vec![
                IssueKind::UnknownPerson {
                    person: 0,
                    other: 5
                },
                IssueKind::UnknownPerson {
                    person: 1,
                    other: 3
                },
            ]
        );
        assert_eq!(report.problems[0].field, "people[0].wants");
    }

    #[test]
    fn rounds_bound_is_the_social_golfer_number_for_equal_tables() {
        let report = check(&problem(32, vec![TableSpec::open(4, 4); 8]));
        assert_eq!(report.rounds.classic, Some(10));
        assert_eq!(report.rounds.upper_bound, Some(10));
        let report = check(&problem(12, vec![TableSpec::open(3, 3); 4]));
        assert_eq!(report.rounds.classic, Some(5));
        assert_eq!(report.rounds.upper_bound, Some(5));
    }

    #[test]
    fn rounds_bound_uses_the_smallest_forced_table_when_sizes_vary() {
        let report = check(&problem(
            10,
            vec![TableSpec::open(4, 6), TableSpec::open(4, 6)],
        ));
        assert_eq!(report.rounds.largest_table, 6);
        assert_eq!(report.rounds.classic, Some(1));
        assert_eq!(report.rounds.smallest_table, 4);
        assert_eq!(report.rounds.upper_bound, Some(3));
        let report = check(&problem(
            10,
            vec![TableSpec::open(0, 6), TableSpec::open(0, 6)],
        ));
        assert_eq!(report.rounds.smallest_table, 4);
        let report = check(&problem(
            10,
            vec![TableSpec::open(1, 9), TableSpec::open(0, 9)],
        ));
        assert_eq!(report.rounds.upper_bound, None);
    }

    #[test]
    fn rounds_bound_subtracts_people_already_met() {
        let mut p = problem(12, vec![TableSpec::open(3, 3); 4]);
        p.met_before = vec![(0, 1, 1), (0, 2, 1), (0, 3, 2), (1, 2, 1)];
        let report = check(&p);
        assert_eq!(report.rounds.classic, Some(5));
        assert_eq!(report.rounds.upper_bound, Some(4));
    }

    #[test]
    fn rounds_bound_is_absent_for_fewer_than_two_people() {
        let report = check(&problem(1, vec![TableSpec::open(1, 4)]));
        assert_eq!(report.rounds.classic, None);
        assert_eq!(report.rounds.upper_bound, None);
    }
}
