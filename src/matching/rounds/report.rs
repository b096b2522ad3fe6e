//! What a finished multi-round plan is worth: repeats (total, per round, which pairs), the
//! counting bounds on repeat-free rounds, wanted pairs met and affinity, all recomputed from the
//! seats alone so the report does not trust the search's incremental counts.

use std::collections::{BTreeMap, BTreeSet};

use super::RoundsInput;
use super::layout::Layout;
use crate::matching::affinity::Affinity;
use crate::matching::model::{Assignment, PersonId};

/// A pair that meets more than once, counting meetings before the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedPair {
    /// The smaller index.
    pub a: PersonId,
    pub b: PersonId,
    /// Meetings before the plan.
    pub met_before: u32,
    /// Rounds of the plan in which they share a table, ascending.
    pub rounds: Vec<u32>,
}

/// The plan's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundsReport {
    /// Meetings of pairs that had already met (before the plan or in an earlier round).
    pub repeated_meetings: u64,
    /// `repeated_meetings` split by the round in which the repeat happens.
    pub repeats_per_round: Vec<u64>,
    /// Every pair behind `repeated_meetings`, sorted.
    pub repeated_pairs: Vec<RepeatedPair>,
    /// Most rounds of these table shapes (the last round's shape continuing) that can be free of
    /// repeats, by counting: each person meets at least `k − 1` people per round and a round
    /// seats at least Σ C(size, 2) pairs — ⌊(n−1)/(k−1)⌋ for tables of k. `None` when a person
    /// may sit alone, so no bound follows.
    pub repeat_free_bound: Option<u64>,
    /// No plan of these rounds has fewer repeated meetings (the same counting argument).
    pub repeats_lower_bound: u64,
    /// Distinct mutual-want pairs in the input.
    pub wanted_pairs: u64,
    /// Of those, pairs that have sat together at least once (before or in the plan).
    pub wanted_met: u64,
    /// Σ over rounds and tables of the affinity of every pair seated together.
    pub affinity: f64,
    /// Search iterations used.
    pub iterations: u64,
}

/// Builds the report for `rounds` (already checked to fit `layout`).
pub(super) fn report<A: Affinity + ?Sized>(
    input: &RoundsInput,
    layout: &Layout,
    rounds: &[Assignment],
    affinity: &A,
    iterations: u64,
) -> RoundsReport {
    let mut history: BTreeMap<(PersonId, PersonId), u32> = BTreeMap::new();
    for &(i, j, c) in &input.met_before {
        if c > 0 {
            *history.entry((i.min(j), i.max(j))).or_default() += c;
        }
    }
    let mut seen: BTreeMap<(PersonId, PersonId), Vec<u32>> = BTreeMap::new();
    let mut per_round = vec![0u64; rounds.len()];
    let mut total_affinity = 0.0;
    for (r, a) in rounds.iter().enumerate() {
        let tables = layout.table_base[r + 1] - layout.table_base[r];
        let mut at: Vec<Vec<PersonId>> = vec![Vec::new(); tables];
        for (p, &t) in a.table_of.iter().enumerate() {
            at[t as usize].push(p as PersonId);
        }
        for m in &at {
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    total_affinity += affinity.pair(i, j);
                    let rounds_met = seen.entry((i, j)).or_default();
                    if !rounds_met.is_empty() || history.contains_key(&(i, j)) {
                        per_round[r] += 1;
                    }
                    rounds_met.push(r as u32);
                }
            }
        }
    }
    let repeated_pairs: Vec<RepeatedPair> = seen
        .iter()
        .filter_map(|(&(a, b), rs)| {
            let before = history.get(&(a, b)).copied().unwrap_or(0);
            (rs.len() as u64 + u64::from(before) >= 2).then(|| RepeatedPair {
                a,
                b,
                met_before: before,
                rounds: rs.clone(),
            })
        })
        .collect();

    let wanted: BTreeSet<(PersonId, PersonId)> = input
        .mutual_wants
        .iter()
        .map(|&(i, j)| (i.min(j), i.max(j)))
        .collect();
    let wanted_met = wanted
        .iter()
        .filter(|k| seen.contains_key(k) || history.contains_key(k))
        .count() as u64;

    let (repeat_free_bound, repeats_lower_bound) = bounds(layout, &history);
    RoundsReport {
        repeated_meetings: per_round.iter().sum(),
        repeats_per_round: per_round,
        repeated_pairs,
        repeat_free_bound,
        repeats_lower_bound,
        wanted_pairs: wanted.len() as u64,
        wanted_met,
        affinity: total_affinity,
        iterations,
    }
}

/// Per round: the fewest people anyone meets (smallest table size a person can get, minus one)
/// and the fewest pairs the round seats (balanced sizes minimise Σ C(size, 2)).
fn round_minimums(layout: &Layout, r: usize) -> (u64, u64) {
    let mut smallest = u64::MAX;
    let mut pairs = 0u64;
    for g in layout.tables(r) {
        let s = u64::from(layout.sizes[g]);
        pairs += s * s.saturating_sub(1) / 2;
        let could_be = if layout.specs[g].locked {
            s
        } else {
            u64::from(layout.lower[g]).max(1)
        };
        if layout.upper[g] > 0 && could_be > 0 {
            smallest = smallest.min(could_be);
        }
    }
    (smallest.saturating_sub(1).min(layout.n as u64), pairs)
}

/// (repeat-free bound, lower bound on repeats); see [`RoundsReport`].
fn bounds(layout: &Layout, history: &BTreeMap<(PersonId, PersonId), u32>) -> (Option<u64>, u64) {
    let n = layout.n as u64;
    let mut degree = vec![0u64; layout.n];
    for &(i, j) in history.keys() {
        degree[i as usize] += 1;
        degree[j as usize] += 1;
    }
    let free_pairs = (n * n.saturating_sub(1) / 2).saturating_sub(history.len() as u64);
    let max_degree = degree.iter().copied().max().unwrap_or(0);
    let free_partners = n.saturating_sub(1).saturating_sub(max_degree);

    let minimums: Vec<(u64, u64)> = (0..layout.rounds)
        .map(|r| round_minimums(layout, r))
        .collect();
    let met_per_person: u64 = minimums.iter().map(|m| m.0).sum();
    let pairs_seated: u64 = minimums.iter().map(|m| m.1).sum();
    let by_pairs = pairs_seated.saturating_sub(free_pairs);
    let by_people: u64 = degree
        .iter()
        .map(|&d| met_per_person.saturating_sub(n.saturating_sub(1).saturating_sub(d)))
        .sum::<u64>()
        .div_ceil(2);

    let mut used_people = 0u64;
    let mut used_pairs = 0u64;
    let mut free_rounds = None;
    for (r, &(meet, pairs)) in minimums.iter().enumerate() {
        used_people += meet;
        used_pairs += pairs;
        if used_people > free_partners || used_pairs > free_pairs {
            free_rounds = Some(r as u64);
            break;
        }
    }
    let bound = match (free_rounds, minimums.last()) {
        (Some(r), _) => Some(r),
        (None, None) => None,
        (None, Some(&(meet, pairs))) => {
            let more_people = (free_partners - used_people).checked_div(meet);
            let more_pairs = (free_pairs - used_pairs).checked_div(pairs);
            let more = match (more_people, more_pairs) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            more.map(|m| m + minimums.len() as u64)
        }
    };
    (bound, by_pairs.max(by_people))
}

#[cfg(test)]
mod tests {
    use super::super::layout::layout;
    use super::*;
    use crate::matching::affinity::DenseAffinity;
    use crate::matching::model::TableSpec;

    fn golfer(n: usize, k: u32, rounds: usize) -> RoundsInput {
        RoundsInput {
            people: n,
            rounds: vec![
                vec![
                    TableSpec {
                        min: k,
                        max: k,
                        locked: false
                    };
                    n / k as usize
                ];
                rounds
            ],
            ..RoundsInput::default()
        }
    }

    #[test]
    fn bounds_match_the_social_golfer_formula() {
        for (n, k, r, bound, lower) in [
            (32, 4, 10, 10, 0),
            (32, 4, 11, 10, 32),
            (15, 3, 7, 7, 0),
            (15, 3, 8, 7, 15),
            (300, 10, 8, 33, 0),
        ] {
            let l = layout(&golfer(n, k, r)).expect("valid");
            let (b, lb) = bounds(&l, &BTreeMap::new());
            assert_eq!(b, Some(bound), "{n}-{k}-{r}");
            assert_eq!(lb, lower, "{n}-{k}-{r}");
        }
    }

    #[test]
    fn two_identical_rounds_report_every_pair_as_repeated_in_the_second() {
        let input = golfer(4, 2, 2);
        let l = layout(&input).expect("valid");
        let a = Assignment {
            table_of: vec![0, 0, 1, 1],
        };
        let rep = report(&input, &l, &[a.clone(), a], &DenseAffinity::zeros(4), 0);
        assert_eq!(rep.repeats_per_round, vec![0, 2]);
        assert_eq!(rep.repeated_meetings, 2);
        assert_eq!(rep.repeated_pairs.len(), 2);
        assert_eq!(rep.repeated_pairs[0].rounds, vec![0, 1]);
    }

    #[test]
    fn history_counts_as_a_first_meeting() {
        let mut input = golfer(4, 2, 1);
        input.met_before = vec![(1, 0, 1)];
        input.mutual_wants = vec![(2, 3), (0, 2)];
        let l = layout(&input).expect("valid");
        let a = Assignment {
            table_of: vec![0, 0, 1, 1],
        };
        let rep = report(&input, &l, &[a], &DenseAffinity::zeros(4), 0);
        assert_eq!(rep.repeats_per_round, vec![1]);
        assert_eq!(rep.repeated_pairs[0].met_before, 1);
        assert_eq!((rep.wanted_pairs, rep.wanted_met), (2, 1));
    }
}
