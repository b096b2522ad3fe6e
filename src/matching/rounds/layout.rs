//! Validation of a multi-round input and the flat table layout every phase shares.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::pairs::COUNT_MASK;
use super::{RoundsError, RoundsInput};
use crate::matching::model::TableSpec;

/// Marks "no table" in per-slot arrays (unseated person, no lock).
pub(super) const NONE: u32 = u32::MAX;

/// Most earlier meetings of one pair that the input may carry; keeps counts inside the packed
/// cell together with the rounds planned.
const MAX_HISTORY: u32 = 1000;
/// Most rounds one call plans.
pub(super) const MAX_ROUNDS: usize = 1000;

/// Tables of all rounds numbered globally (`table_base[r] + local id`), with the data every phase
/// reads. A *slot* is `round * n + person`.
///
/// Invariants (checked by [`layout`]): every lock names a person and table that exist, a person
/// is locked to at most one table per round, `sizes` lie within bounds (a locked table's size is
/// exactly its locked people) and sum to `n` in every round.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub n: usize,
    pub rounds: usize,
    /// First global table of each round; `rounds + 1` entries.
    pub table_base: Vec<usize>,
    /// Per global table: its bounds as given.
    pub specs: Vec<TableSpec>,
    /// Per global table: smallest size it may shrink to during search.
    pub lower: Vec<u32>,
    /// Per global table: largest size it may grow to during search.
    pub upper: Vec<u32>,
    /// Per global table: balanced sizes within bounds; they minimise the pairs seated per round.
    pub sizes: Vec<u32>,
    /// Start of each global table's member slots in a flat array; one more entry than tables.
    pub member_start: Vec<usize>,
    /// Per slot: the local table the person is locked to, or [`NONE`].
    pub lock_of: Vec<u32>,
}

impl Layout {
    pub(super) fn tables(&self, round: usize) -> std::ops::Range<usize> {
        self.table_base[round]..self.table_base[round + 1]
    }

    pub(super) fn is_movable(&self, slot: usize) -> bool {
        self.lock_of[slot] == NONE
    }
}

/// Checks `input` and builds its [`Layout`].
pub(super) fn layout(input: &RoundsInput) -> Result<Layout, RoundsError> {
    let n = input.people;
    let rounds = input.rounds.len();
    let bad = |msg: String| Err(RoundsError::InvalidInput(msg));
    if rounds > MAX_ROUNDS {
        return bad(format!("{rounds} rounds requested; at most {MAX_ROUNDS}"));
    }
    if n >= u32::MAX as usize {
        return bad(format!("{n} people is more than the engine indexes"));
    }
    if !input.locked_seats.is_empty() && input.locked_seats.len() != rounds {
        return bad(format!(
            "locked_seats has {} lists for {rounds} rounds; give one per round or none",
            input.locked_seats.len()
        ));
    }
    let pair_ok = |i: u32, j: u32| (i as usize) < n && (j as usize) < n && i != j;
    for &(i, j, c) in &input.met_before {
        if !pair_ok(i, j) {
            return bad(format!(
                "met_before pair ({i}, {j}) is not two distinct people"
            ));
        }
        if c > MAX_HISTORY {
            return bad(format!(
                "met_before pair ({i}, {j}) has {c} meetings; at most {MAX_HISTORY}"
            ));
        }
    }
    debug_assert!(MAX_HISTORY as usize + MAX_ROUNDS < COUNT_MASK as usize);
    for &(i, j) in input.blocked.iter().chain(&input.mutual_wants) {
        if !pair_ok(i, j) {
            return bad(format!("pair ({i}, {j}) is not two distinct people"));
        }
    }

    let mut table_base = vec![0];
    let mut specs = Vec::new();
    for tables in &input.rounds {
        specs.extend_from_slice(tables);
        table_base.push(specs.len());
    }
    let mut lock_of = vec![NONE; rounds * n];
    let mut locked_count = vec![0u32; specs.len()];
    for (r, locks) in input.locked_seats.iter().enumerate() {
        let tables = table_base[r + 1] - table_base[r];
        for &(p, t) in locks {
            if p as usize >= n || t as usize >= tables {
                return bad(format!(
                    "round {r}: lock ({p} → table {t}) names no such person or table"
                ));
            }
            let slot = r * n + p as usize;
            if lock_of[slot] == t {
                continue;
            }
            if lock_of[slot] != NONE {
                return bad(format!(
                    "round {r}: person {p} is locked to tables {} and {t}",
                    lock_of[slot]
                ));
            }
            lock_of[slot] = t;
            locked_count[table_base[r] + t as usize] += 1;
        }
    }

    let mut lower = Vec::with_capacity(specs.len());
    let mut upper = Vec::with_capacity(specs.len());
    for (g, spec) in specs.iter().enumerate() {
        let r = table_base.partition_point(|&b| b <= g) - 1;
        let local = g - table_base[r];
        if spec.min > spec.max {
            return bad(format!(
                "round {r}, table {local}: min {} exceeds max {}",
                spec.min, spec.max
            ));
        }
        if spec.locked {
            lower.push(locked_count[g]);
            upper.push(locked_count[g]);
        } else {
            if locked_count[g] > spec.max {
                return bad(format!(
                    "round {r}, table {local}: {} people locked to a table of at most {}",
                    locked_count[g], spec.max
                ));
            }
            lower.push(spec.min.max(locked_count[g]));
            upper.push(spec.max.min(n as u32));
        }
    }

    let mut sizes = lower.clone();
    for r in 0..rounds {
        let range = table_base[r]..table_base[r + 1];
        let low: u64 = range.clone().map(|g| u64::from(lower[g])).sum();
        let high: u64 = range.clone().map(|g| u64::from(upper[g])).sum();
        if low > n as u64 || high < n as u64 {
            return bad(format!(
                "round {r}: tables seat between {low} and {high} people, but there are {n}"
            ));
        }
        let mut heap: BinaryHeap<Reverse<(u32, usize)>> = range
            .clone()
            .filter(|&g| sizes[g] < upper[g])
            .map(|g| Reverse((sizes[g], g)))
            .collect();
        let mut left = n as u64 - low;
        while left > 0 {
            let Some(Reverse((_, g))) = heap.pop() else {
                break;
            };
            sizes[g] += 1;
            left -= 1;
            if sizes[g] < upper[g] {
                heap.push(Reverse((sizes[g], g)));
            }
        }
    }

    let mut member_start = Vec::with_capacity(specs.len() + 1);
    let mut at = 0usize;
    for &u in &upper {
        member_start.push(at);
        at += u as usize;
    }
    member_start.push(at);

    Ok(Layout {
        n,
        rounds,
        table_base,
        specs,
        lower,
        upper,
        sizes,
        member_start,
        lock_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(min: u32, max: u32) -> TableSpec {
        TableSpec {
            min,
            max,
            locked: false,
        }
    }

    #[test]
    fn sizes_are_balanced_within_bounds() {
        let input = RoundsInput {
            people: 10,
            rounds: vec![vec![spec(2, 8), spec(2, 3), spec(0, 8)]],
            ..RoundsInput::default()
        };
        let l = layout(&input).expect("valid input");
        assert_eq!(l.sizes, vec![4, 3, 3]);
    }

    #[test]
    fn too_few_seats_is_an_error_naming_the_round() {
        let input = RoundsInput {
            people: 10,
            rounds: vec![vec![spec(4, 4), spec(4, 4), spec(1, 2)], vec![spec(3, 3)]],
            ..RoundsInput::default()
        };
        let err = layout(&input).expect_err("round 1 seats only 3");
        assert!(err.to_string().contains("round 1"), "{err}");
    }

    #[test]
    fn a_locked_table_takes_exactly_its_locked_people() {
        let input = RoundsInput {
            people: 6,
            rounds: vec![vec![
                TableSpec {
                    min: 3,
                    max: 3,
                    locked: true,
                },
                spec(0, 6),
            ]],
            locked_seats: vec![vec![(0, 0), (5, 0)]],
            ..RoundsInput::default()
        };
        let l = layout(&input).expect("valid input");
        assert_eq!(l.sizes, vec![2, 4]);
        assert_eq!(l.lock_of[5], 0);
    }

    #[test]
    fn conflicting_locks_are_rejected() {
        let input = RoundsInput {
            people: 4,
            rounds: vec![vec![spec(2, 2), spec(2, 2)]],
            locked_seats: vec![vec![(1, 0), (1, 1)]],
            ..RoundsInput::default()
        };
        assert!(layout(&input).is_err());
    }
}
