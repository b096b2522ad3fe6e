//! Explanations and quality metrics of a seating plan: why each table holds who it holds, and how
//! good the plan is as a whole.
//!
//! Everything here is computed from the problem, the affinity and the assignment alone, so a
//! report can be rebuilt for any stored plan. Two kinds of output:
//!
//! - per table ([`TableReport`]): the interests at least two of its people share and who shares
//!   each, the wanted pairs it satisfies (mutual or one-sided), and the parts of its score;
//! - per plan ([`PlanMetrics`]): the objective `Σ_tables Σ_{i<j at the table} d(i, j)`, orphans,
//!   repeated pairs, the min and mean number of shared interests per person, and the hard
//!   constraints the plan breaks (blocked pairs seated together, tables outside their size bounds;
//!   both should be empty for any plan the engine publishes).
//!
//! A person's *shared-interest count* is the number of distinct interests they share with at least
//! one tablemate; an *orphan* is a person whose count is 0, i.e. who shares no interest with anyone
//! at their table (a person alone at a table is an orphan too).

use super::affinity::Affinity;
use super::model::{Assignment, Person, PersonId, Problem, TableId};

/// The full explanation of one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanReport {
    /// One entry per table of the problem, in table order (empty tables included).
    pub tables: Vec<TableReport>,
    pub metrics: PlanMetrics,
}

/// Why one table holds the people it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct TableReport {
    pub table: TableId,
    /// The people at the table, ascending.
    pub members: Vec<PersonId>,
    /// Interests held by at least two members, ascending by interest id.
    pub shared_interests: Vec<SharedInterest>,
    /// Pairs at the table where at least one wants to meet the other, ascending by `(a, b)`.
    pub wanted_pairs: Vec<WantedPair>,
    pub score: ScoreParts,
}

/// One interest shared at a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedInterest {
    pub interest: u32,
    /// The members holding it (at least two), ascending.
    pub people: Vec<PersonId>,
}

/// A satisfied wish to meet. For a mutual pair `a < b`; for a one-sided one `a` is the person who
/// wants to meet `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WantedPair {
    pub a: PersonId,
    pub b: PersonId,
    pub mutual: bool,
}

/// The score of one table and the parts of it that the problem's [`Weights`] determine.
///
/// `affinity` is the sum of `d(i, j)` over the table's pairs, exactly what the solver maximises.
/// The engine's affinity is opaque here (a dense matrix or a sparse one built from interests with
/// rarity weights), so only the parts whose formula the weights fix are computed directly: wants,
/// same affiliation and earlier meetings. `interests_and_rest` is what remains of `affinity` after
/// them: for the sparse conference affinity that is the shared-interest part, for a dense
/// benchmark matrix (where people carry no data) it is the whole affinity.
///
/// [`Weights`]: super::model::Weights
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScoreParts {
    pub affinity: f64,
    /// `mutual_want · mutual pairs + one_sided_want · one-sided pairs`.
    pub wants: f64,
    /// `−same_affiliation · pairs with one affiliation` (≤ 0).
    pub same_affiliation: f64,
    /// `−met_before · Σ earlier meetings of the table's pairs` (≤ 0).
    pub met_before: f64,
    /// `affinity − wants − same_affiliation − met_before`.
    pub interests_and_rest: f64,
    /// Number of (pair, interest) incidences: each pair counts every interest both hold.
    pub shared_interest_pairs: u32,
    pub mutual_want_pairs: u32,
    pub one_sided_want_pairs: u32,
    pub same_affiliation_pairs: u32,
    /// Pairs at the table that had met before (each pair once, whatever its count).
    pub repeated_pairs: u32,
}

/// Quality measures of the whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanMetrics {
    /// `Σ_tables Σ_{i<j at the table} d(i, j)`.
    pub objective: f64,
    /// People who share no interest with anyone at their table, ascending.
    pub orphans: Vec<PersonId>,
    /// Pairs seated together again: `(i, j, earlier meetings)` with `i < j`, ascending.
    pub repeated_pairs: Vec<(PersonId, PersonId, u32)>,
    /// Per person: the number of distinct interests shared with at least one tablemate.
    pub shared_interest_counts: Vec<u32>,
    /// Minimum of `shared_interest_counts` (0 when there are no people).
    pub min_shared_interests: u32,
    /// Mean of `shared_interest_counts` (0 when there are no people).
    pub mean_shared_interests: f64,
    /// Blocked pairs seated together `(i, j)` with `i < j`; a valid plan has none.
    pub blocked_pairs_violated: Vec<(PersonId, PersonId)>,
    /// Tables whose head count is outside `[min, max]`; a valid plan has none.
    pub size_violations: Vec<SizeViolation>,
    /// Pairs where both want to meet the other: seated together, and how many could be.
    pub mutual_wants: WantCount,
    /// Wants not returned (`i` wants `j`, `j` does not want `i`), one per wanting person.
    pub one_sided_wants: WantCount,
    /// People at a table of one, ascending; a valid plan under the service's rules has none.
    pub people_alone: Vec<PersonId>,
}

/// Wanted pairs seated together (`met`) out of those that could be (`possible`): both in the
/// problem, neither blocking the other, and not locked to two different tables. Capacity is not
/// subtracted: a person wanted by more people than a table holds counts every want as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct WantCount {
    pub met: u32,
    pub possible: u32,
}

/// A table holding fewer than its minimum or more than its maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeViolation {
    pub table: TableId,
    pub size: u32,
    pub min: u32,
    pub max: u32,
}

/// Why a plan cannot be explained: it does not fit the problem it claims to solve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainError {
    /// The assignment seats a different number of people than the problem has.
    PeopleCount { problem: usize, assignment: usize },
    /// The affinity covers a different number of people than the problem has.
    AffinitySize { problem: usize, affinity: usize },
    /// A person is seated at a table the problem does not have.
    UnknownTable { person: PersonId, table: TableId },
}

impl std::fmt::Display for ExplainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PeopleCount {
                problem,
                assignment,
            } => write!(
                f,
                "the assignment seats {assignment} people but the problem has {problem}"
            ),
            Self::AffinitySize { problem, affinity } => write!(
                f,
                "the affinity covers {affinity} people but the problem has {problem}"
            ),
            Self::UnknownTable { person, table } => {
                write!(
                    f,
                    "person {person} is seated at table {table}, which does not exist"
                )
            }
        }
    }
}

impl std::error::Error for ExplainError {}

/// Explains `assignment` as a plan for `problem` under `affinity`.
///
/// Errors only when the three do not fit together (sizes, unknown tables); broken hard
/// constraints are reported in the metrics instead, so a bad plan can still be inspected.
pub fn explain(
    problem: &Problem,
    affinity: &impl Affinity,
    assignment: &Assignment,
) -> Result<PlanReport, ExplainError> {
    let members = members_by_table(problem, assignment)?;
    if affinity.len() != problem.people.len() {
        return Err(ExplainError::AffinitySize {
            problem: problem.people.len(),
            affinity: affinity.len(),
        });
    }
    let people = &problem.people;
    let history = history_index(problem);
    let mut shared_interest_counts = vec![0u32; people.len()];
    let mut repeated_pairs = Vec::new();
    let mut blocked_pairs_violated = Vec::new();
    let mut size_violations = Vec::new();
    let mut tables = Vec::with_capacity(problem.tables.len());
    let mut objective = 0.0;

    for (t, table_members) in members.iter().enumerate() {
        let table = t as TableId;
        let spec = problem.tables[t];
        let size = table_members.len() as u32;
        if size < spec.min || size > spec.max {
            size_violations.push(SizeViolation {
                table,
                size,
                min: spec.min,
                max: spec.max,
            });
        }
        let shared_interests = shared_interests(people, table_members);
        for shared in &shared_interests {
            for &p in &shared.people {
                shared_interest_counts[p as usize] += 1;
            }
        }
        let mut score = ScoreParts::default();
        let mut wanted_pairs = Vec::new();
        for (x, &i) in table_members.iter().enumerate() {
            for &j in &table_members[x + 1..] {
                let (pi, pj) = (&people[i as usize], &people[j as usize]);
                score.affinity += affinity.pair(i, j);
                score.shared_interest_pairs += count_common(&pi.interests, &pj.interests);
                let i_wants = pi.wants.binary_search(&j).is_ok();
                let j_wants = pj.wants.binary_search(&i).is_ok();
                match (i_wants, j_wants) {
                    (true, true) => {
                        score.mutual_want_pairs += 1;
                        wanted_pairs.push(WantedPair {
                            a: i,
                            b: j,
                            mutual: true,
                        });
                    }
                    (true, false) | (false, true) => {
                        score.one_sided_want_pairs += 1;
                        let (a, b) = if i_wants { (i, j) } else { (j, i) };
                        wanted_pairs.push(WantedPair {
                            a,
                            b,
                            mutual: false,
                        });
                    }
                    (false, false) => {}
                }
                if pi.affiliation.is_some() && pi.affiliation == pj.affiliation {
                    score.same_affiliation_pairs += 1;
                }
                let met = times_met(&history, i, j);
                if met > 0 {
                    score.repeated_pairs += 1;
                    score.met_before -= problem.weights.met_before * f64::from(met);
                    repeated_pairs.push((i, j, met));
                }
                if pi.blocks.binary_search(&j).is_ok() || pj.blocks.binary_search(&i).is_ok() {
                    blocked_pairs_violated.push((i, j));
                }
            }
        }
        let w = &problem.weights;
        score.wants = w.mutual_want * f64::from(score.mutual_want_pairs)
            + w.one_sided_want * f64::from(score.one_sided_want_pairs);
        score.same_affiliation = -w.same_affiliation * f64::from(score.same_affiliation_pairs);
        score.interests_and_rest =
            score.affinity - score.wants - score.same_affiliation - score.met_before;
        wanted_pairs.sort_unstable_by_key(|p| (p.a, p.b));
        objective += score.affinity;
        tables.push(TableReport {
            table,
            members: table_members.clone(),
            shared_interests,
            wanted_pairs,
            score,
        });
    }

    repeated_pairs.sort_unstable();
    blocked_pairs_violated.sort_unstable();
    let (mutual_wants, one_sided_wants) = want_counts(problem, assignment);
    let people_alone = members
        .iter()
        .filter(|m| m.len() == 1)
        .map(|m| m[0])
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let orphans = (0..people.len() as PersonId)
        .filter(|&p| shared_interest_counts[p as usize] == 0)
        .collect();
    let min_shared_interests = shared_interest_counts.iter().copied().min().unwrap_or(0);
    let mean_shared_interests = if people.is_empty() {
        0.0
    } else {
        shared_interest_counts
            .iter()
            .map(|&c| f64::from(c))
            .sum::<f64>()
            / people.len() as f64
    };
    Ok(PlanReport {
        tables,
        metrics: PlanMetrics {
            objective,
            orphans,
            repeated_pairs,
            shared_interest_counts,
            min_shared_interests,
            mean_shared_interests,
            blocked_pairs_violated,
            size_violations,
            mutual_wants,
            one_sided_wants,
            people_alone,
        },
    })
}

/// Mutual and one-sided wants met and possible (see [`WantCount`]).
fn want_counts(problem: &Problem, assignment: &Assignment) -> (WantCount, WantCount) {
    let people = &problem.people;
    let mut locked = vec![None; people.len()];
    for &(p, t) in &problem.locked_seats {
        if let Some(slot) = locked.get_mut(p as usize) {
            *slot = Some(t);
        }
    }
    let (mut mutual, mut one_sided) = (WantCount::default(), WantCount::default());
    for (i, person) in people.iter().enumerate() {
        let i = i as PersonId;
        for &j in &person.wants {
            let Some(other) = people.get(j as usize).filter(|_| j != i) else {
                continue;
            };
            let is_mutual = other.wants.binary_search(&i).is_ok();
            if is_mutual && j < i {
                continue;
            }
            let blocked =
                person.blocks.binary_search(&j).is_ok() || other.blocks.binary_search(&i).is_ok();
            let locked_apart = matches!(
                (locked[i as usize], locked[j as usize]),
                (Some(a), Some(b)) if a != b
            );
            if blocked || locked_apart {
                continue;
            }
            let count = if is_mutual {
                &mut mutual
            } else {
                &mut one_sided
            };
            count.possible += 1;
            if assignment.table_of[i as usize] == assignment.table_of[j as usize] {
                count.met += 1;
            }
        }
    }
    (mutual, one_sided)
}

/// The members of each table, ascending; checks that the assignment fits the problem.
fn members_by_table(
    problem: &Problem,
    assignment: &Assignment,
) -> Result<Vec<Vec<PersonId>>, ExplainError> {
    if assignment.table_of.len() != problem.people.len() {
        return Err(ExplainError::PeopleCount {
            problem: problem.people.len(),
            assignment: assignment.table_of.len(),
        });
    }
    let mut members = vec![Vec::new(); problem.tables.len()];
    for (p, &t) in assignment.table_of.iter().enumerate() {
        let person = p as PersonId;
        members
            .get_mut(t as usize)
            .ok_or(ExplainError::UnknownTable { person, table: t })?
            .push(person);
    }
    Ok(members)
}

/// Interests held by at least two of `members`, with their holders.
fn shared_interests(people: &[Person], members: &[PersonId]) -> Vec<SharedInterest> {
    let mut held: Vec<(u32, PersonId)> = members
        .iter()
        .flat_map(|&p| people[p as usize].interests.iter().map(move |&i| (i, p)))
        .collect();
    held.sort_unstable();
    held.dedup();
    held.chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() >= 2)
        .map(|run| SharedInterest {
            interest: run[0].0,
            people: run.iter().map(|&(_, p)| p).collect(),
        })
        .collect()
}

/// Number of common items of two sorted, de-duplicated lists (a linear merge).
fn count_common(a: &[u32], b: &[u32]) -> u32 {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

/// Whether two people share at least one interest.
pub(crate) fn shares_interest(a: &Person, b: &Person) -> bool {
    let (mut x, mut y) = (0, 0);
    while x < a.interests.len() && y < b.interests.len() {
        match a.interests[x].cmp(&b.interests[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// `met_before` with each pair as `(low, high)`, sorted and merged, for binary search.
fn history_index(problem: &Problem) -> Vec<((PersonId, PersonId), u32)> {
    let mut index: Vec<((PersonId, PersonId), u32)> = problem
        .met_before
        .iter()
        .map(|&(a, b, n)| ((a.min(b), a.max(b)), n))
        .collect();
    index.sort_unstable();
    let mut merged: Vec<((PersonId, PersonId), u32)> = Vec::with_capacity(index.len());
    for (pair, n) in index {
        match merged.last_mut() {
            Some(last) if last.0 == pair => last.1 += n,
            _ => merged.push((pair, n)),
        }
    }
    merged
}

/// How often `i` and `j` sat together before, looked up in a [`history_index`].
fn times_met(history: &[((PersonId, PersonId), u32)], i: PersonId, j: PersonId) -> u32 {
    history
        .binary_search_by_key(&(i.min(j), i.max(j)), |&(pair, _)| pair)
        .map_or(0, |k| history[k].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::affinity::DenseAffinity;
    use crate::matching::model::{TableSpec, Weights};

    fn person(interests: &[u32]) -> Person {
        Person {
            interests: interests.to_vec(),
            ..Person::default()
        }
    }

    /// Four people at two tables of two, plus a third table of one.
    fn sample() -> (Problem, DenseAffinity, Assignment) {
        let mut people = vec![
            person(&[1, 2, 3]),
            person(&[2, 3]),
            person(&[3, 9]),
            person(&[4]),
            person(&[5]),
        ];
        people[0].wants = vec![1, 2];
        people[1].wants = vec![0];
        people[2].wants = vec![0];
        people[0].affiliation = Some(7);
        people[2].affiliation = Some(7);
        people[3].blocks = vec![4];
        people[4].blocks = vec![3];
        let problem = Problem {
            people,
            tables: vec![
                TableSpec::open(2, 3),
                TableSpec::open(2, 2),
                TableSpec::open(2, 2),
            ],
            met_before: vec![(0, 2, 2), (3, 4, 1)],
            locked_seats: vec![],
            weights: Weights::default(),
        };
        let mut d = DenseAffinity::zeros(5);
        d.set(0, 1, 3.0);
        d.set(0, 2, -1.5);
        d.set(1, 2, 0.5);
        d.set(3, 4, 4.0);
        d.set(0, 3, 100.0);
        let assignment = Assignment {
            table_of: vec![0, 0, 0, 1, 1],
        };
        (problem, d, assignment)
    }

    #[test]
    fn objective_sums_affinities_of_pairs_at_the_same_table_only() {
        let (problem, d, assignment) = sample();
        let report = explain(&problem, &d, &assignment).expect("fits");
        assert_eq!(report.metrics.objective, 3.0 - 1.5 + 0.5 + 4.0);
        assert_eq!(report.tables[0].score.affinity, 2.0);
        assert_eq!(report.tables[1].score.affinity, 4.0);
        assert_eq!(report.tables[2].score.affinity, 0.0);
    }

    #[test]
    fn shared_interests_name_each_interest_held_twice_and_its_holders() {
        let (problem, d, assignment) = sample();
        let report = explain(&problem, &d, &assignment).expect("fits");
        assert_eq!(
            report.tables[0].shared_interests,
            vec![
                SharedInterest {
                    interest: 2,
                    people: vec![0, 1]
                },
                SharedInterest {
                    interest: 3,
                    people: vec![0, 1, 2]
                },
            ]
        );
        assert!(report.tables[1].shared_interests.is_empty());
        assert_eq!(report.tables[0].score.shared_interest_pairs, 4);
    }

    #[test]
    fn wanted_pairs_are_mutual_or_name_who_wants_whom() {
        let (problem, d, assignment) = sample();
        let report = explain(&problem, &d, &assignment).expect("fits");
        assert_eq!(
            report.tables[0].wanted_pairs,
            vec![
                WantedPair {
                    a: 0,
                    b: 1,
                    mutual: true
                },
                WantedPair {
                    a: 0,
                    b: 2,
                    mutual: true
                },
            ]
        );
        let mut problem = problem;
        problem.people[1].wants.clear();
        problem.people[2].wants.clear();
        problem.people[2].wants.push(1);
        let report = explain(&problem, &d, &assignment).expect("fits");
        assert_eq!(
            report.tables[0].wanted_pairs,
            vec![
                WantedPair {
                    a: 0,
                    b: 1,
                    mutual: false
                },
                WantedPair {
                    a: 0,
                    b: 2,
                    mutual: false
                },
                WantedPair {
                    a: 2,
                    b: 1,
                    mutual: false
                },
            ]
        );
        assert_eq!(report.tables[0].score.one_sided_want_pairs, 3);
    }

    #[test]
    fn score_parts_use_the_weights_and_leave_the_rest_to_interests() {
        let (problem, d, assignment) = sample();
        let report = explain(&problem, &d, &assignment).expect("fits");
        let s = report.tables[0].score;
        let w = Weights::default();
        assert_eq!(s.mutual_want_pairs, 2);
        assert_eq!(s.wants, 2.0 * w.mutual_want);
        assert_eq!(s.same_affiliation_pairs, 1);
        assert_eq!(s.same_affiliation, -w.same_affiliation);
        assert_eq!(s.repeated_pairs, 1);
        assert_eq!(s.met_before, -2.0 * w.met_before);
        assert_eq!(
            s.interests_and_rest,
            2.0 - 2.0 * w.mutual_want + w.same_affiliation + 2.0 * w.met_before
        );
    }

    #[test]
    fn orphans_share_no_interest_with_anyone_at_their_table() {
        let (problem, d, assignment) = sample();
        let report = explain(&problem, &d, &assignment).expect("fits");
        assert_eq!(report.metrics.orphans, vec![3, 4]);
        let moved = Assignment {
            table_of: vec![0, 0, 1, 2, 1],
        };
        let report = explain(&problem, &d, &moved).expect("fits");
        assert_eq!(report.metrics.orphans, vec![2, 3, 4]);
    }

    #[test]
    fn repeated_pairs_list_pairs_that_met_before_with_their_count() {
        let (problem, d, assignment) = sample();
        let report = explain(&problem, &d, &assignment).expect("fits");
        assert_eq!(report.metrics.repeated_pairs, vec![(0, 2, 2), (3, 4, 1)]);
        let apart = Assignment {
            table_of: vec![0, 0, 1, 0, 1],
        };
        let report = explain(&problem, &d, &apart).expect("fits");
        assert!(report.metrics.repeated_pairs.is_empty());
    }

    #[test]
    fn shared_interest_counts_count_distinct_interests_shared_with_someone() {
        let (problem, d, assignment) = sample();
        let m = explain(&problem, &d, &assignment).expect("fits").metrics;
        assert_eq!(m.shared_interest_counts, vec![2, 2, 1, 0, 0]);
        assert_eq!(m.min_shared_interests, 0);
        assert!((m.mean_shared_interests - 1.0).abs() < 1e-12);
    }

    #[test]
    fn blocked_pairs_at_one_table_are_reported() {
        let (problem, d, assignment) = sample();
        let m = explain(&problem, &d, &assignment).expect("fits").metrics;
        assert_eq!(m.blocked_pairs_violated, vec![(3, 4)]);
        let apart = Assignment {
            table_of: vec![0, 0, 1, 1, 0],
        };
        let m = explain(&problem, &d, &apart).expect("fits").metrics;
        assert!(m.blocked_pairs_violated.is_empty());
    }

    #[test]
    fn tables_outside_their_bounds_are_reported_including_empty_ones() {
        let (problem, d, assignment) = sample();
        let m = explain(&problem, &d, &assignment).expect("fits").metrics;
        assert_eq!(
            m.size_violations,
            vec![SizeViolation {
                table: 2,
                size: 0,
                min: 2,
                max: 2
            }]
        );
        let crowded = Assignment {
            table_of: vec![0, 1, 1, 1, 2],
        };
        let m = explain(&problem, &d, &crowded).expect("fits").metrics;
        assert_eq!(
            m.size_violations,
            vec![
                SizeViolation {
                    table: 0,
                    size: 1,
                    min: 2,
                    max: 3
                },
                SizeViolation {
                    table: 1,
                    size: 3,
                    min: 2,
                    max: 2
                },
                SizeViolation {
                    table: 2,
                    size: 1,
                    min: 2,
                    max: 2
                },
            ]
        );
    }

    #[test]
    fn a_plan_that_does_not_fit_the_problem_is_an_error() {
        let (problem, d, _) = sample();
        let short = Assignment {
            table_of: vec![0, 0],
        };
        assert_eq!(
            explain(&problem, &d, &short),
            Err(ExplainError::PeopleCount {
                problem: 5,
                assignment: 2
            })
        );
        let unknown = Assignment {
            table_of: vec![0, 0, 0, 1, 9],
        };
        assert_eq!(
            explain(&problem, &d, &unknown),
            Err(ExplainError::UnknownTable {
                person: 4,
                table: 9
            })
        );
        assert!(matches!(
            explain(&problem, &DenseAffinity::zeros(3), &sample().2),
            Err(ExplainError::AffinitySize { .. })
        ));
    }
}
