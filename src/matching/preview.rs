//! What can be known about seating a meetup, or a series, before any search: per meetup, how
//! many take part, whether the tables can hold them (and every reason they cannot), how many
//! pairs the table sizes force to meet again, and how many repeat-free rounds are possible at
//! most. Organizers see it before they run the matcher.

use super::feasibility::{self, FeasibilityReport};
use super::model::Problem;
use super::plan::{SeriesRound, covering, subproblem};
use super::rules::{Forced, most_forced};

/// One meetup of the preview.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundPreview {
    pub people: u64,
    /// Seats, the bound on repeat-free rounds, and every reason no valid plan exists.
    pub feasibility: FeasibilityReport,
    /// The fewest repeated pairs any plan has because an earlier meetup of the series seated
    /// everyone at fewer tables; `None` when no earlier meetup constrains this one.
    pub forced: Option<Forced>,
}

/// The preview of each round of `rounds`, with `base` as the planning call would get it (its
/// history counts as pairs that already met).
pub fn preview(base: &Problem, rounds: &[SeriesRound]) -> Vec<RoundPreview> {
    rounds
        .iter()
        .enumerate()
        .map(|(r, round)| {
            let people = round.participants.len() as u64;
            RoundPreview {
                people,
                feasibility: feasibility::check(&subproblem(base, round, &base.met_before)),
                forced: most_forced(&round.tables, people, covering(rounds, r)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::model::{Person, TableSpec};

    fn tables(n: usize, min: u32, max: u32) -> Vec<TableSpec> {
        (0..n).map(|_| TableSpec::open(min, max)).collect()
    }

    #[test]
    fn a_second_lunch_at_more_people_per_table_than_tables_before_must_repeat() {
        // 60 people at 7 tables of 8–10, twice: a table of 8 draws from only 7 earlier tables.
        let base = Problem {
            people: vec![Person::default(); 60],
            ..Problem::default()
        };
        let round = SeriesRound {
            participants: (0..60).collect(),
            tables: tables(7, 8, 10),
            locked_seats: Vec::new(),
        };
        let shown = preview(&base, &[round.clone(), round]);
        assert!(shown[0].feasibility.is_feasible());
        assert_eq!(shown[0].forced, None);
        assert_eq!(shown[1].forced.map(|f| f.repeats), Some(11));
        assert_eq!(shown[1].people, 60);
    }

    #[test]
    fn too_many_people_for_the_tables_is_a_reason_not_a_failure() {
        let base = Problem {
            people: vec![Person::default(); 10],
            ..Problem::default()
        };
        let round = SeriesRound {
            participants: (0..10).collect(),
            tables: tables(2, 3, 4),
            locked_seats: Vec::new(),
        };
        let shown = preview(&base, &[round]);
        assert!(!shown[0].feasibility.is_feasible());
        assert_eq!(shown[0].feasibility.effective_max_seats, 8);
    }
}
