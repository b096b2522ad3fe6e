//! The quality suite's figures, computed from a seating and the problem alone, never from the
//! engine's own report: the engine and the baselines are measured with the same ruler, and a bug
//! in the engine's explanation cannot flatter the engine.
//!
//! Definitions (one place, so the report and the tests agree):
//! - a *mutual pair* is `{i, j}` with `i` wanting `j` and `j` wanting `i`; a *one-sided want* is
//!   `i` wanting `j` where `j` does not want `i` (counted per wanting person);
//! - a pair or want is *possible* in a round when both people take part in it and neither blocks
//!   the other;
//! - *repeated meetings*: for every pair seated together in more than one round of the series,
//!   each meeting after the first (history from before the series is not counted);
//! - *alone*: seated at a table of one; *no shared interest*: sharing no interest with anyone at
//!   the table (people alone included); both count person-rounds;
//! - *blocked together*: pairs seated together where either blocks the other, per round;
//! - *size violations*: tables, per round, holding fewer than their minimum or more than their
//!   maximum (empty tables included, as the engine's own check does);
//! - *rare interests shared*: like shared interests, but each shared interest `t` counts
//!   `ln(1 + n / c_t)` where `n` is the number of people and `c_t` how many of them hold `t`: two
//!   people who share a niche topic have more to talk about than two who share the most common
//!   one. This is the interest part of what the engine maximises, recomputed here;
//! - *misplaced*: participants without a seat at an existing table, plus people seated in a round
//!   they do not take part in. A valid seating has none.

use std::collections::HashMap;

use tablemates::matching::model::{Person, PersonId, TableId};
use tablemates::matching::plan::SeriesRound;

/// One round's seating in global person indices: `table_of[p]` is `None` for people not seated.
pub type RoundSeating = Vec<Option<TableId>>;

/// How many of the possible pairs or wants were met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub met: usize,
    pub possible: usize,
}

impl Ratio {
    /// Share met, in per cent; `None` when nothing was possible.
    pub fn percent(&self) -> Option<f64> {
        (self.possible > 0).then(|| 100.0 * self.met as f64 / self.possible as f64)
    }
}

/// Everything the suite reports about one seating of a series (one or more rounds).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Mutual pairs seated together, summed over rounds, of those possible per round.
    pub mutual: Ratio,
    /// Distinct mutual pairs seated together in at least one round, of those possible in at least
    /// one round.
    pub mutual_once: Ratio,
    /// One-sided wants met, summed over rounds, of those possible per round.
    pub one_sided: Ratio,
    /// Distinct one-sided wants met in at least one round.
    pub one_sided_once: Ratio,
    pub repeated_meetings: usize,
    pub alone: usize,
    pub no_shared_interest: usize,
    pub blocked_together: usize,
    pub size_violations: usize,
    pub misplaced: usize,
    /// Interests shared by pairs at one table, summed over pairs, tables and rounds: how much
    /// the tables have in common beyond wants (unweighted, unlike the engine's rarity weights).
    pub shared_interests: usize,
    /// Shared interests weighted by rarity (see the module docs), summed like `shared_interests`.
    pub rare_interests: f64,
}

/// The figures of `seatings` (one per round of `rounds`) for the people of a problem. Extra
/// seatings or rounds beyond the shorter of the two are ignored.
pub fn figures(people: &[Person], rounds: &[SeriesRound], seatings: &[RoundSeating]) -> Figures {
    let n = people.len();
    let wants = |a: PersonId, b: PersonId| people[a as usize].wants.contains(&b);
    let blocked = |a: PersonId, b: PersonId| {
        people[a as usize].blocks.contains(&b) || people[b as usize].blocks.contains(&a)
    };
    let mut mutual_pairs = Vec::new();
    let mut one_sided_wants = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let i = i as PersonId;
        // Wants outside the problem or of oneself are input errors the engine ignores; so do we.
        for &j in person.wants.iter().filter(|&&j| (j as usize) < n && j != i) {
            if !wants(j, i) {
                one_sided_wants.push((i, j));
            } else if i < j {
                mutual_pairs.push((i, j));
            }
        }
    }

    let rarity = rarity(people);
    let mut out = Figures::default();
    let mut meetings: HashMap<(PersonId, PersonId), usize> = HashMap::new();
    let mut mutual_ever = vec![(false, false); mutual_pairs.len()];
    let mut one_sided_ever = vec![(false, false); one_sided_wants.len()];
    for (round, seating) in rounds.iter().zip(seatings) {
        let mut taking_part = vec![false; n];
        for &p in &round.participants {
            if let Some(slot) = taking_part.get_mut(p as usize) {
                *slot = true;
            }
        }
        // Only participants at an existing table count as seated; anything else is misplaced.
        let mut at: Vec<Option<TableId>> = vec![None; n];
        let mut members: Vec<Vec<PersonId>> = vec![Vec::new(); round.tables.len()];
        for (p, &part) in taking_part.iter().enumerate() {
            match (part, seating.get(p).copied().flatten()) {
                (true, Some(t)) if (t as usize) < round.tables.len() => {
                    at[p] = Some(t);
                    members[t as usize].push(p as PersonId);
                }
                (false, None) => {}
                _ => out.misplaced += 1,
            }
        }
        out.misplaced += seating.len().saturating_sub(n);

        for (spec, table) in round.tables.iter().zip(&members) {
            let size = table.len() as u32;
            if size < spec.min || size > spec.max {
                out.size_violations += 1;
            }
            if table.len() == 1 {
                out.alone += 1;
            }
            for (x, &a) in table.iter().enumerate() {
                let shares = table
                    .iter()
                    .any(|&b| b != a && share_interest(&people[a as usize], &people[b as usize]));
                if !shares {
                    out.no_shared_interest += 1;
                }
                for &b in &table[x + 1..] {
                    *meetings.entry((a, b)).or_default() += 1;
                    let (pa, pb) = (&people[a as usize], &people[b as usize]);
                    out.shared_interests += shared_interests(pa, pb);
                    out.rare_interests += common_interests(pa, pb)
                        .map(|t| rarity.get(&t).copied().unwrap_or(0.0))
                        .sum::<f64>();
                    if blocked(a, b) {
                        out.blocked_together += 1;
                    }
                }
            }
        }

        let tally =
            |pairs: &[(PersonId, PersonId)], ever: &mut [(bool, bool)], ratio: &mut Ratio| {
                for (&(a, b), ever) in pairs.iter().zip(ever) {
                    if !(taking_part[a as usize] && taking_part[b as usize]) || blocked(a, b) {
                        continue;
                    }
                    ratio.possible += 1;
                    ever.0 = true;
                    if at[a as usize].is_some() && at[a as usize] == at[b as usize] {
                        ratio.met += 1;
                        ever.1 = true;
                    }
                }
            };
        tally(&mutual_pairs, &mut mutual_ever, &mut out.mutual);
        tally(&one_sided_wants, &mut one_sided_ever, &mut out.one_sided);
    }
    let once = |ever: &[(bool, bool)]| Ratio {
        met: ever.iter().filter(|e| e.1).count(),
        possible: ever.iter().filter(|e| e.0).count(),
    };
    out.mutual_once = once(&mutual_ever);
    out.one_sided_once = once(&one_sided_ever);
    out.repeated_meetings = meetings.values().map(|&c| c.saturating_sub(1)).sum();
    out
}

/// Whether two people share an interest (interest lists are sorted, so a linear merge).
fn share_interest(a: &Person, b: &Person) -> bool {
    let (mut x, mut y) = (a.interests.iter().peekable(), b.interests.iter().peekable());
    while let (Some(&&i), Some(&&j)) = (x.peek(), y.peek()) {
        match i.cmp(&j) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// How many interests two people share; the greedy baseline's last criterion.
pub fn shared_interests(a: &Person, b: &Person) -> usize {
    common_interests(a, b).count()
}

/// The interests two people share (sorted lists, linear merge).
fn common_interests<'a>(a: &'a Person, b: &'a Person) -> impl Iterator<Item = u32> + 'a {
    let (mut x, mut y) = (0, 0);
    std::iter::from_fn(move || {
        while x < a.interests.len() && y < b.interests.len() {
            match a.interests[x].cmp(&b.interests[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    x += 1;
                    y += 1;
                    return Some(a.interests[x - 1]);
                }
            }
        }
        None
    })
}

/// `ln(1 + n / c_t)` for every interest `t` someone holds (see the module docs).
fn rarity(people: &[Person]) -> HashMap<u32, f64> {
    let mut holders: HashMap<u32, usize> = HashMap::new();
    for person in people {
        for &t in &person.interests {
            *holders.entry(t).or_default() += 1;
        }
    }
    let n = people.len() as f64;
    holders
        .into_iter()
        .map(|(t, c)| (t, (1.0 + n / c as f64).ln()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tablemates::matching::model::TableSpec;

    /// Six people: 0 and 1 want each other, 2 wants 3 (one-sided), 4 blocks 5; everyone likes
    /// interest 7 except 5, who likes nothing anyone else does.
    fn people() -> Vec<Person> {
        let mut people: Vec<Person> = (0..6)
            .map(|_| Person {
                interests: vec![7],
                ..Person::default()
            })
            .collect();
        people[0].wants = vec![1];
        people[1].wants = vec![0];
        people[2].wants = vec![3];
        people[4].blocks = vec![5];
        people[5].interests = vec![99];
        people
    }

    fn round(participants: Vec<PersonId>, tables: usize) -> SeriesRound {
        SeriesRound {
            participants,
            tables: vec![TableSpec::open(1, 4); tables],
            locked_seats: vec![],
        }
    }

    fn seat(tables: &[u32]) -> RoundSeating {
        tables.iter().map(|&t| Some(t)).collect()
    }

    #[test]
    fn a_mutual_pair_together_and_apart() {
        let people = people();
        let everyone = round((0..6).collect(), 2);
        let together = figures(
            &people,
            std::slice::from_ref(&everyone),
            &[seat(&[0, 0, 0, 1, 1, 1])],
        );
        assert_eq!(
            together.mutual,
            Ratio {
                met: 1,
                possible: 1
            }
        );
        assert_eq!(
            together.mutual_once,
            Ratio {
                met: 1,
                possible: 1
            }
        );
        assert_eq!(
            together.one_sided,
            Ratio {
                met: 0,
                possible: 1
            }
        );
        let apart = figures(&people, &[everyone], &[seat(&[0, 1, 0, 0, 1, 1])]);
        assert_eq!(
            apart.mutual,
            Ratio {
                met: 0,
                possible: 1
            }
        );
        assert_eq!(
            apart.one_sided,
            Ratio {
                met: 1,
                possible: 1
            }
        );
        assert_eq!(apart.mutual.percent(), Some(0.0));
    }

    #[test]
    fn a_series_counts_per_round_and_at_least_once() {
        let people = people();
        let everyone = round((0..6).collect(), 2);
        let rounds = vec![everyone; 2];
        let f = figures(
            &people,
            &rounds,
            &[seat(&[0, 0, 0, 1, 1, 1]), seat(&[0, 1, 0, 1, 0, 1])],
        );
        assert_eq!(
            f.mutual,
            Ratio {
                met: 1,
                possible: 2
            }
        );
        assert_eq!(
            f.mutual_once,
            Ratio {
                met: 1,
                possible: 1
            }
        );
        // Round two: {0, 2, 4} and {1, 3, 5}; 2 wants 3, still apart.
        assert_eq!(
            f.one_sided,
            Ratio {
                met: 0,
                possible: 2
            }
        );
        // 0–2 and 3–5 meet in both rounds.
        assert_eq!(f.repeated_meetings, 2);
    }

    #[test]
    fn a_repeat_across_two_rounds_counts_each_extra_meeting() {
        let people = people();
        let everyone = round((0..6).collect(), 3);
        let same = seat(&[0, 0, 1, 1, 2, 2]);
        let f = figures(&people, &vec![everyone; 3], &vec![same; 3]);
        // Three pairs meet three times: two extra meetings each.
        assert_eq!(f.repeated_meetings, 6);
        assert_eq!(
            f.mutual,
            Ratio {
                met: 3,
                possible: 3
            }
        );
        assert_eq!(
            f.mutual_once,
            Ratio {
                met: 1,
                possible: 1
            }
        );
        // 4 and 5 (blocked) sit together in every round.
        assert_eq!(f.blocked_together, 3);
    }

    #[test]
    fn a_person_alone_shares_nothing_and_a_table_of_one_may_violate_its_minimum() {
        let people = people();
        let mut everyone = round((0..6).collect(), 2);
        everyone.tables[1].min = 2;
        let f = figures(&people, &[everyone], &[seat(&[0, 0, 0, 0, 0, 1])]);
        assert_eq!(f.alone, 1);
        // 5 is alone; 4's tablemates all share interest 7 with 4.
        assert_eq!(f.no_shared_interest, 1);
        assert_eq!(
            f.size_violations, 2,
            "five at a table of at most 4, one below 2"
        );
        assert_eq!(f.blocked_together, 0);
    }

    #[test]
    fn a_blocked_pair_together_is_counted_and_is_never_possible() {
        let mut people = people();
        // 4 and 5 also want each other: a block wins, so the pair is not possible.
        people[4].wants = vec![5];
        people[5].wants = vec![4];
        let everyone = round((0..6).collect(), 2);
        let f = figures(&people, &[everyone], &[seat(&[0, 0, 1, 1, 1, 1])]);
        assert_eq!(f.blocked_together, 1);
        assert_eq!(
            f.mutual,
            Ratio {
                met: 1,
                possible: 1
            }
        );
        // 5 shares nothing with 2, 3 or 4.
        assert_eq!(f.no_shared_interest, 1);
    }

    #[test]
    fn pairs_with_someone_absent_are_not_possible_and_stray_seats_are_misplaced() {
        let people = people();
        let without_1 = round(vec![0, 2, 3, 4, 5], 2);
        let mut seating = seat(&[0, 0, 0, 1, 1, 1]);
        let f = figures(
            &people,
            std::slice::from_ref(&without_1),
            &[seating.clone()],
        );
        assert_eq!(
            f.mutual,
            Ratio {
                met: 0,
                possible: 0
            }
        );
        assert_eq!(f.mutual.percent(), None);
        assert_eq!(f.misplaced, 1, "1 is seated without taking part");
        seating[1] = None;
        seating[3] = Some(9);
        let f = figures(&people, &[without_1], &[seating]);
        assert_eq!(f.misplaced, 1, "3 sits at a table that does not exist");
    }

    #[test]
    fn shared_interests_are_counted_by_a_merge() {
        let a = Person {
            interests: vec![1, 3, 5, 8],
            ..Person::default()
        };
        let b = Person {
            interests: vec![2, 3, 8, 9],
            ..Person::default()
        };
        assert_eq!(shared_interests(&a, &b), 2);
        assert!(share_interest(&a, &b));
        assert!(!share_interest(&a, &Person::default()));
    }

    /// Interest 7 is held by five of six people (weight ln(1 + 6/5)), interest 99 by one; a rare
    /// interest shared by two of them counts ln(1 + 6/2) each time.
    #[test]
    fn rare_interests_weigh_more_than_common_ones() {
        let mut people = people();
        people[3].interests = vec![7, 42];
        people[4].interests = vec![7, 42];
        let everyone = round((0..6).collect(), 2);
        let f = figures(&people, &[everyone], &[seat(&[0, 0, 0, 1, 1, 1])]);
        // Table 0: three pairs sharing 7; table 1: 3–4 share 7 and 42, 5 shares nothing.
        assert_eq!(f.shared_interests, 5);
        let common = (1.0f64 + 6.0 / 5.0).ln();
        let rare = (1.0f64 + 6.0 / 2.0).ln();
        assert!((f.rare_interests - (4.0 * common + rare)).abs() < 1e-9);
    }
}
