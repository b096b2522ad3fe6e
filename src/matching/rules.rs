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

/// A rule of the service that a plan does not fully keep, and why, in words for the organizer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleNote {
    pub rule: Rule,
    pub message: String,
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
}
