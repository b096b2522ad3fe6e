//! What the tables themselves force, said before a plan is stored: repeated pairs no seating can
//! avoid, and the notes a plan carries when one of the service's rules cannot hold.
//!
//! # Repeats forced by the tables (pigeonhole)
//! When everyone of a later meetup also sat at one of the `m` tables of an earlier one, a later
//! table of `s` people takes them from at most `m` earlier tables. Spread as evenly as possible
//! (`s = q·m + r`), it still seats `r·C(q+1, 2) + (m − r)·C(q, 2)` pairs who met before. The
//! fewest over all head counts the later tables allow is a lower bound on the repeated pairs of
//! that meetup. It is zero exactly when every later table can hold at most `m` people: 60
//! people at 7 tables of 8–10 must repeat at least 11 pairs in every later lunch, while 8 tables
//! of 7–8 need none. The social-golfer bound (`⌊(n − 1)/(k − 1)⌋` rounds, in
//! [`super::feasibility`]) is the other limit; neither is sufficient on its own, both are
//! necessary.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::model::TableSpec;

/// Pairs at a table of `size` who sat at the same one of `earlier` tables, at the least.
pub fn forced_at_table(size: u64, earlier: u64) -> u64 {
    if earlier == 0 {
        return 0;
    }
    let (q, r) = (size / earlier, size % earlier);
    let pairs = |k: u64| k * k.saturating_sub(1) / 2;
    r * pairs(q + 1) + (earlier - r) * pairs(q)
}

/// The fewest repeated pairs a meetup with `tables` can seat `people` with, when all of them sat
/// at one of `earlier` tables before (see the module docs). `None` when the tables cannot seat
/// that many people at all (the feasibility report says why).
pub fn forced_repeats(tables: &[TableSpec], people: u64, earlier: u64) -> Option<u64> {
    let min_total: u64 = tables.iter().map(|t| u64::from(t.min)).sum();
    let max_total: u64 = tables.iter().map(|t| u64::from(t.max)).sum();
    if people < min_total || people > max_total {
        return None;
    }
    let mut sizes: Vec<u64> = tables.iter().map(|t| u64::from(t.min)).collect();
    let mut forced: u64 = sizes.iter().map(|&s| forced_at_table(s, earlier)).sum();
    // The cost of one more person at a table of `s` is `⌊s / earlier⌋`, growing with `s`:
    // filling the cheapest seat first is optimal for this convex, separable sum.
    let mut heap: BinaryHeap<Reverse<(u64, usize)>> = tables
        .iter()
        .enumerate()
        .filter(|(g, t)| sizes[*g] < u64::from(t.max))
        .map(|(g, _)| Reverse((sizes[g] / earlier.max(1), g)))
        .collect();
    for _ in min_total..people {
        let Reverse((cost, g)) = heap.pop()?;
        forced += if earlier == 0 { 0 } else { cost };
        sizes[g] += 1;
        if sizes[g] < u64::from(tables[g].max) {
            heap.push(Reverse((sizes[g] / earlier.max(1), g)));
        }
    }
    Some(forced)
}

/// The floor of a later meetup against the earlier meetup that forces the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Forced {
    pub repeats: u64,
    /// Index of that earlier meetup in the series.
    pub earlier: usize,
    /// Its number of tables.
    pub earlier_tables: u64,
}

/// The fewest repeats a meetup with `tables` and `people` must have, given earlier meetups
/// `(index, tables)` that each seated all of its people: the largest [`forced_repeats`] over
/// them. `None` when there is no such meetup (or the head count does not fit).
pub fn most_forced(
    tables: &[TableSpec],
    people: u64,
    earlier: impl IntoIterator<Item = (usize, u64)>,
) -> Option<Forced> {
    earlier
        .into_iter()
        .filter_map(|(index, count)| {
            forced_repeats(tables, people, count).map(|repeats| Forced {
                repeats,
                earlier: index,
                earlier_tables: count,
            })
        })
        .max()
}

/// How a seating came about; the notes say what can be done about a broken rule accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The engine searched for it within its budget.
    Search,
    /// An organizer's hand changes, or a repair after the roster changed, altered a plan.
    Adjusted,
}

/// Mutual want pairs left apart, as the notes count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissedPairs {
    /// Pairs who sit together in no meetup of the series this meetup belongs to.
    InSeries(u64),
    /// Pairs apart at this meetup, of those possible: for a single meetup; for an adjusted plan,
    /// the pairs who have not sat together at another meetup either.
    AtThisMeetup { missed: u64, possible: u64 },
}

/// What a meetup's seating looks like to the rules: its tables and head count, the repeat floor
/// its earlier meetups force, and what the seating itself does.
#[derive(Debug, Clone, Copy)]
pub struct SeatingFacts<'a> {
    pub tables: &'a [TableSpec],
    pub people: u64,
    /// The floor of [`most_forced`]; `earlier` is an index into the series when `Some`.
    pub forced: Option<Forced>,
    pub repeats: u64,
    pub missed: MissedPairs,
    pub people_alone: usize,
    pub origin: Origin,
}

/// The notes on the rules a seating does not fully keep: repeats the tables force (or beyond the
/// floor), mutual want pairs left apart, people alone. Empty when every rule holds.
pub fn notes(facts: &SeatingFacts<'_>) -> Vec<RuleNote> {
    let mut notes = Vec::new();
    let people = facts.people;
    if let Some(Forced {
        repeats: floor,
        earlier,
        earlier_tables,
    }) = facts.forced.filter(|f| f.repeats > 0)
    {
        let smallest = facts.tables.iter().map(|t| t.min).min().unwrap_or(0);
        let tables = facts.tables.len();
        let (code, which) = match facts.origin {
            Origin::Search => (
                "rule-forced-repeats-series",
                format!("meetup {} of the series", earlier + 1),
            ),
            Origin::Adjusted => ("rule-forced-repeats-adjusted", "another meetup".to_owned()),
        };
        let mut args = vec![
            ("tables", tables as u64),
            ("smallest", u64::from(smallest)),
            ("people", people),
            ("floor", floor),
            ("earlier_tables", earlier_tables),
        ];
        if facts.origin == Origin::Search {
            args.push(("earlier", earlier as u64 + 1));
        }
        notes.push(RuleNote::new(
            Rule::NoRepeats,
            code,
            &args,
            format!(
                "With {tables} tables of at least {smallest} for {people} people, every seating repeats at least \
                 {floor} pairs who sat together at {which} ({earlier_tables} tables): a table can take \
                 at most one person from each of those tables without a repeat. Tables of at most {earlier_tables} \
                 people would avoid it.",
            ),
        ));
    }
    let floor = facts.forced.map_or(0, |f| f.repeats);
    let repeats = facts.repeats;
    if repeats > floor {
        let (code, message) = match (facts.origin, floor) {
            (Origin::Search, 0) => (
                "rule-repeats-search",
                format!(
                    "{repeats} pairs sit together again: the search found no seating without repeats in its budget."
                ),
            ),
            (Origin::Search, _) => (
                "rule-repeats-search-forced",
                format!(
                    "{repeats} pairs sit together again where the tables force {floor}: the search found no \
                     seating closer to that in its budget."
                ),
            ),
            (Origin::Adjusted, 0) => (
                "rule-repeats-adjusted",
                format!(
                    "{repeats} pairs sit together again after the changes to this plan; running the matcher again \
                     can seat them apart."
                ),
            ),
            (Origin::Adjusted, _) => (
                "rule-repeats-adjusted-forced",
                format!(
                    "{repeats} pairs sit together again after the changes to this plan, where the tables force \
                     {floor}; running the matcher again can come closer to that."
                ),
            ),
        };
        notes.push(RuleNote::new(
            Rule::NoRepeats,
            code,
            &[("repeats", repeats), ("floor", floor)],
            message,
        ));
    }
    let missed = match facts.missed {
        MissedPairs::InSeries(0) | MissedPairs::AtThisMeetup { missed: 0, .. } => None,
        MissedPairs::InSeries(missed) => Some((
            "rule-missed-series",
            missed,
            0,
            format!("{missed} pairs who both asked to meet never sit together in this series."),
        )),
        MissedPairs::AtThisMeetup { missed, possible } => Some(match facts.origin {
            Origin::Search => (
                "rule-missed-search",
                missed,
                possible,
                format!(
                    "{missed} of {possible} pairs who both asked to meet do not sit together: their tables could not \
                     hold them with everyone they asked for."
                ),
            ),
            Origin::Adjusted => (
                "rule-missed-adjusted",
                missed,
                possible,
                format!(
                    "{missed} of {possible} pairs who both asked to meet do not sit together after the changes to \
                     this plan, nor at another meetup."
                ),
            ),
        }),
    };
    if let Some((code, missed, possible, message)) = missed {
        notes.push(RuleNote::new(
            Rule::MutualWants,
            code,
            &[("missed", missed), ("possible", possible)],
            message,
        ));
    }
    if facts.people_alone > 0 {
        let alone = facts.people_alone as u64;
        notes.push(RuleNote::new(
            Rule::NobodyAlone,
            "rule-alone",
            &[("people", alone)],
            format!("{alone} people sit alone: their table allows a single person."),
        ));
    }
    notes
}

/// A rule of the service that a plan does not fully keep, and why, in words for the organizer.
///
/// `message` is English; `code` and `args` name the same sentence in the translation
/// catalogues, so a page in another language can say it (the engine knows no languages).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleNote {
    pub rule: Rule,
    pub code: &'static str,
    pub args: std::collections::BTreeMap<&'static str, u64>,
    pub message: String,
}

impl RuleNote {
    fn new(rule: Rule, code: &'static str, args: &[(&'static str, u64)], message: String) -> Self {
        Self {
            rule,
            code,
            args: args.iter().copied().collect(),
            message,
        }
    }
}

/// The rules a [`RuleNote`] can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Nobody meets the same person twice.
    NoRepeats,
    /// Mutual "want to meet" pairs sit together.
    MutualWants,
    /// Nobody sits alone.
    NobodyAlone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_no_bigger_than_the_earlier_table_count_forces_nothing() {
        assert_eq!(forced_at_table(7, 7), 0);
        assert_eq!(forced_at_table(8, 7), 1);
        assert_eq!(forced_at_table(9, 7), 2);
        assert_eq!(forced_at_table(10, 4), 2 * 3 + 2);
    }

    #[test]
    fn sixty_people_at_seven_tables_of_eight_to_ten_repeat_at_least_eleven_pairs() {
        let tables = vec![TableSpec::open(8, 10); 7];
        assert_eq!(forced_repeats(&tables, 60, 7), Some(11));
        let more = vec![TableSpec::open(7, 8); 8];
        assert_eq!(forced_repeats(&more, 60, 8), Some(0));
    }

    #[test]
    fn head_counts_outside_the_tables_have_no_bound() {
        let tables = vec![TableSpec::open(3, 4); 2];
        assert_eq!(forced_repeats(&tables, 9, 2), None);
        assert_eq!(forced_repeats(&tables, 5, 2), None);
        assert_eq!(forced_repeats(&tables, 6, 2), Some(2));
    }

    #[test]
    fn the_bound_matches_brute_force_over_head_counts() {
        let tables = [
            TableSpec::open(2, 5),
            TableSpec::open(3, 4),
            TableSpec::open(2, 6),
        ];
        for people in 7..=15u64 {
            for earlier in 1..=5u64 {
                let mut best = None;
                for a in 2..=5u64 {
                    for b in 3..=4u64 {
                        let c = people as i64 - a as i64 - b as i64;
                        if (2..=6).contains(&c) {
                            let f = forced_at_table(a, earlier)
                                + forced_at_table(b, earlier)
                                + forced_at_table(c as u64, earlier);
                            best = Some(best.map_or(f, |x: u64| x.min(f)));
                        }
                    }
                }
                assert_eq!(
                    forced_repeats(&tables, people, earlier),
                    best,
                    "{people} people after {earlier} tables"
                );
            }
        }
    }

    fn facts(origin: Origin) -> SeatingFacts<'static> {
        static TABLES: [TableSpec; 2] = [
            TableSpec {
                min: 3,
                max: 4,
                locked: false,
            },
            TableSpec {
                min: 3,
                max: 4,
                locked: false,
            },
        ];
        SeatingFacts {
            tables: &TABLES,
            people: 8,
            forced: None,
            repeats: 0,
            missed: MissedPairs::AtThisMeetup {
                missed: 0,
                possible: 2,
            },
            people_alone: 0,
            origin,
        }
    }

    #[test]
    fn a_seating_that_keeps_every_rule_has_no_notes() {
        assert!(notes(&facts(Origin::Search)).is_empty());
        assert!(notes(&facts(Origin::Adjusted)).is_empty());
    }

    #[test]
    fn an_adjusted_seating_says_what_the_changes_broke() {
        let mut f = facts(Origin::Adjusted);
        f.repeats = 2;
        f.missed = MissedPairs::AtThisMeetup {
            missed: 1,
            possible: 2,
        };
        let n = notes(&f);
        assert_eq!(
            n.iter().map(|n| n.rule).collect::<Vec<_>>(),
            [Rule::NoRepeats, Rule::MutualWants]
        );
        assert!(
            n[0].message
                .starts_with("2 pairs sit together again after the changes")
        );
        assert!(
            n[1].message
                .starts_with("1 of 2 pairs who both asked to meet")
        );
        f.origin = Origin::Search;
        assert!(notes(&f)[0].message.contains("the search found no seating"));
    }

    #[test]
    fn repeats_the_tables_force_are_explained_not_blamed() {
        let mut f = facts(Origin::Adjusted);
        f.forced = Some(Forced {
            repeats: 2,
            earlier: 0,
            earlier_tables: 2,
        });
        f.repeats = 2;
        let n = notes(&f);
        assert_eq!(n.len(), 1);
        assert!(
            n[0].message.contains("at another meetup (2 tables)"),
            "{}",
            n[0].message
        );
        f.origin = Origin::Search;
        assert!(notes(&f)[0].message.contains("at meetup 1 of the series"));
    }
}
