//! Repair of a published plan after people were added or removed: a new valid plan that moves as
//! few already-seated people as possible, with every move and its reason.
//!
//! # Input
//! The caller builds the new problem (removed people are simply absent, newcomers present) and
//! maps each person to the table they had in the published plan (`None` for newcomers). Hard
//! constraints hold throughout: table size bounds, blocked pairs, locked seats (a locked person
//! sits at their locked table, whatever they had before) and locked tables (they keep exactly the
//! people locked to them).
//!
//! # Algorithm: lexicographic, moves first
//! 1. **Forced moves.** A previously seated person whose table no longer exists, or is now locked
//!    without them, must move; a locked person goes to their locked table.
//! 2. **Per table.** The people who stay at a table must not contain a blocked pair (with each
//!    other or with a person locked there) and must fit its maximum. The fewest people to move is
//!    `max(minimum vertex cover of the table's blocked pairs, stayers − free seats)`; the cover is
//!    found exactly by branching on an uncovered pair (tables are small and blocks sparse; past
//!    [`COVER_EXACT_LIMIT`] pairs a greedy max-degree cover is used). Among equal covers, and for
//!    the overflow, the people with the least affinity to the table move.
//! 3. **Tables under their minimum.** With `k_t` people kept at table `t` and `n` people in all, a
//!    valid plan exists by head count iff `Σ_t max(min_t, k_t) ≤ n` (and the seats suffice, which
//!    [`check`] verifies). Every extra person taken from a table above its minimum lowers the left
//!    side by exactly one, so `D = Σ_t max(min_t, k_t) − n` further moves are necessary and, when
//!    blocks allow, sufficient. They are taken one at a time from tables above their minimum,
//!    choosing the person who loses least affinity and gains most at a table that needs people.
//!    If `D` exceeds what tables above their minimum can give, the head count is below the seats'
//!    minimum and the error suggests tables to dissolve.
//! 4. **Placement.** Newcomers and moved people are placed by a depth-first search that takes the
//!    person with the fewest possible tables first and tries tables in order of (back to their
//!    old table, fewest orphans, most affinity gained); when the people left equal the seats
//!    still missing below minimums, only those tables are allowed. Without blocked pairs among
//!    the people being placed the first branch always succeeds, so steps 1–3 give the exact
//!    minimum number of moves (the docs of [`repair`] give the argument). With blocks the search
//!    can fail; then freeing each single seated person is tried in turn (those blocked with a
//!    person being placed first), and if none helps, the seated people blocking the most
//!    constrained person (or the least attached person at a table above its minimum) are freed
//!    and the search reruns. That escalation is a heuristic: in such cases the number of moves is
//!    small but not proven minimal (on random instances of up to 7 people, 4 tables and some
//!    blocked pairs it matched the enumerated minimum in over 99% of cases).
//! 5. **Improvement.** Moving and swapping the placed people (never those who stay, never locked
//!    ones) while that improves (people moved, orphans, objective) lexicographically, within an
//!    evaluation budget.
//!
//! Deterministic: the seed only orders people whose priority is otherwise equal.

use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::affinity::Affinity;
use super::explain::shares_interest;
use super::feasibility::{Issue, IssueKind, check};
use super::model::{Assignment, PersonId, Problem, TableId};

/// Above this many blocked pairs inside one table, step 2 uses a greedy vertex cover.
pub const COVER_EXACT_LIMIT: usize = 24;

/// Knobs of [`repair`]. Same options and input give the same outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairOptions {
    /// Orders people whose priority is otherwise equal.
    pub seed: u64,
    /// Nodes the placement search may visit before freeing one more person.
    pub max_search_nodes: u64,
    /// Candidate moves and swaps the improvement step may evaluate.
    pub max_improvement_evaluations: u64,
    /// When placement fails, how many single people to try freeing before freeing by heuristic.
    pub max_single_trials: usize,
}

impl Default for RepairOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            max_search_nodes: 100_000,
            max_improvement_evaluations: 200_000,
            max_single_trials: 32,
        }
    }
}

/// A new plan and how it differs from the published one.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairOutcome {
    pub assignment: Assignment,
    /// One entry per person whose table differs from before (newcomers included, `from: None`),
    /// ascending by person.
    pub moves: Vec<Move>,
    /// Number of previously seated people who moved (the quantity minimised).
    pub moved_seated: u32,
    /// Tables someone in the new problem joined or left, ascending. Tables that only lost removed
    /// people are known to the caller, not here.
    pub changed_tables: Vec<TableId>,
}

/// One person's change of table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub person: PersonId,
    pub from: Option<TableId>,
    pub to: TableId,
    pub reason: MoveReason,
}

/// Why a person sits somewhere new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveReason {
    /// Not seated before.
    Newcomer,
    /// Locked to a different table than they had.
    LockedElsewhere,
    /// Their table is now locked without them.
    TableLocked,
    /// Their table is no longer in the problem.
    TableGone,
    /// Must not sit with someone who stays at (or is locked to) their old table.
    Blocked { with: PersonId },
    /// Their old table now has more people than seats.
    TableOverfull,
    /// Moved so that a table under its minimum gets enough people.
    FillTable,
    /// Moved to make room for a person who could not be placed otherwise.
    MakeRoom,
}

/// Why no repaired plan was produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairError {
    /// `previous` does not have one entry per person of the problem.
    PreviousLength { people: usize, previous: usize },
    /// The affinity covers a different number of people than the problem has.
    AffinitySize { people: usize, affinity: usize },
    /// No valid plan exists. When the only trouble is too few people, `dissolve` suggests open
    /// tables without locked people whose removal makes the head count fit, holding as few
    /// previously seated people as possible (a greedy choice, not proven minimal); otherwise it
    /// is empty.
    Infeasible {
        problems: Vec<Issue>,
        dissolve: Vec<TableId>,
    },
    /// Blocked pairs defeated the placement search even after freeing everyone who could move.
    NoPlanFound,
}

impl std::fmt::Display for RepairError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PreviousLength { people, previous } => write!(
                f,
                "the previous plan lists {previous} people but the problem has {people}"
            ),
            Self::AffinitySize { people, affinity } => write!(
                f,
                "the affinity covers {affinity} people but the problem has {people}"
            ),
            Self::Infeasible { problems, dissolve } => {
                let reasons: Vec<&str> = problems.iter().map(|i| i.message.as_str()).collect();
                write!(f, "no valid plan exists: {}", reasons.join("; "))?;
                if !dissolve.is_empty() {
                    write!(f, " (dissolving tables {dissolve:?} would make it fit)")?;
                }
                Ok(())
            }
            Self::NoPlanFound => write!(
                f,
                "no plan was found that keeps every blocked pair apart; the blocks may make one impossible"
            ),
        }
    }
}

impl std::error::Error for RepairError {}

/// Repairs the plan `previous` (each person's old table, `None` for newcomers) for the new
/// `problem`; see the module docs for the algorithm.
///
/// Why steps 1–3 are minimal: any valid plan keeps at each table an independent set of the
/// table's blocked pairs that fits the seats left by locked people, so it moves at least the
/// step-2 count there; and with `k'_t ≤ k_t` people kept, `Σ max(min_t, k'_t) ≤ n` requires
/// `Σ (k_t − k'_t) ≥ Σ max(min_t, k_t) − n = D`, because `max(min_t, ·)` grows by at most one per
/// person. Forced moves are forced. So when placement succeeds without escalation, no valid plan
/// moves fewer people.
pub fn repair(
    problem: &Problem,
    affinity: &impl Affinity,
    previous: &[Option<TableId>],
    options: RepairOptions,
) -> Result<RepairOutcome, RepairError> {
    let n = problem.people.len();
    if previous.len() != n {
        return Err(RepairError::PreviousLength {
            people: n,
            previous: previous.len(),
        });
    }
    if affinity.len() != n {
        return Err(RepairError::AffinitySize {
            people: n,
            affinity: affinity.len(),
        });
    }
    let report = check(problem);
    if !report.is_feasible() {
        let dissolve = if report
            .problems
            .iter()
            .all(|i| matches!(i.kind, IssueKind::TooFewPeople { .. }))
        {
            dissolve_suggestion(problem, previous)
        } else {
            Vec::new()
        };
        return Err(RepairError::Infeasible {
            problems: report.problems,
            dissolve,
        });
    }

    let tables = problem.tables.len();
    let blocks = block_lists(problem);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let rank: Vec<u64> = (0..n).map(|_| rng.random()).collect();
    let mut lock_of: Vec<Option<TableId>> = vec![None; n];
    for &(p, t) in &problem.locked_seats {
        lock_of[p as usize].get_or_insert(t);
    }

    let mut reason: Vec<Option<MoveReason>> = vec![None; n];
    let mut stayers: Vec<Vec<PersonId>> = vec![Vec::new(); tables];
    let mut locked_at: Vec<Vec<PersonId>> = vec![Vec::new(); tables];
    for p in 0..n {
        let person = p as PersonId;
        match (lock_of[p], previous[p]) {
            (Some(t), prev) => {
                locked_at[t as usize].push(person);
                if prev.is_some_and(|old| old != t) {
                    reason[p] = Some(MoveReason::LockedElsewhere);
                }
            }
            (None, Some(t)) if t as usize >= tables => reason[p] = Some(MoveReason::TableGone),
            (None, Some(t)) if problem.tables[t as usize].locked => {
                reason[p] = Some(MoveReason::TableLocked);
            }
            (None, Some(t)) => stayers[t as usize].push(person),
            (None, None) => {}
        }
    }

    for t in 0..tables {
        let dropped = table_drops(
            affinity,
            &blocks,
            &locked_at[t],
            &stayers[t],
            problem.tables[t].max,
        );
        for (person, why) in dropped {
            reason[person as usize] = Some(why);
            stayers[t].retain(|&s| s != person);
        }
    }

    let mut seating = Seating::new(problem, affinity, &blocks);
    for t in 0..tables {
        for &p in locked_at[t].iter().chain(&stayers[t]) {
            seating.place(p, t as TableId);
        }
    }
    let excess: u64 = (0..tables)
        .map(|t| u64::from(problem.tables[t].min.max(seating.count(t))))
        .sum::<u64>()
        .saturating_sub(n as u64);
    for _ in 0..excess {
        let Some(person) = fill_drop(&seating, &stayers, &rank) else {
            return Err(RepairError::NoPlanFound);
        };
        seating.unplace(person);
        stayers.iter_mut().for_each(|s| s.retain(|&x| x != person));
        reason[person as usize] = Some(MoveReason::FillTable);
    }

    let mut free: Vec<PersonId> = (0..n as PersonId)
        .filter(|&p| seating.seat[p as usize].is_none())
        .collect();
    free.sort_by_key(|&p| (rank[p as usize], p));
    loop {
        if place_free(
            &mut seating,
            &free,
            previous,
            &rank,
            options.max_search_nodes,
        ) {
            break;
        }
        if let Some(freed) =
            free_one_more(&mut seating, &mut free, &stayers, previous, &rank, options)
        {
            stayers.iter_mut().for_each(|s| s.retain(|&x| x != freed.0));
            reason[freed.0 as usize] = Some(freed.1);
            break;
        }
        let freed = escalate(&seating, &free, &stayers, &rank);
        if freed.is_empty() {
            return Err(RepairError::NoPlanFound);
        }
        for (person, why) in freed {
            seating.unplace(person);
            stayers.iter_mut().for_each(|s| s.retain(|&x| x != person));
            reason[person as usize] = Some(why);
            free.push(person);
        }
    }

    improve(
        &mut seating,
        &free,
        previous,
        options.max_improvement_evaluations,
    );
    outcome(&seating, previous, &reason)
}

/// Everyone's blocked partners in both directions, sorted, without out-of-range ids.
fn block_lists(problem: &Problem) -> Vec<Vec<PersonId>> {
    let n = problem.people.len();
    let mut lists = vec![Vec::new(); n];
    for (p, person) in problem.people.iter().enumerate() {
        for &q in person
            .blocks
            .iter()
            .filter(|&&q| (q as usize) < n && q as usize != p)
        {
            lists[p].push(q);
            lists[q as usize].push(p as PersonId);
        }
    }
    for list in &mut lists {
        list.sort_unstable();
        list.dedup();
    }
    lists
}

fn is_blocked(blocks: &[Vec<PersonId>], a: PersonId, b: PersonId) -> bool {
    blocks[a as usize].binary_search(&b).is_ok()
}

/// Affinity of `p` to the people in `others` (excluding `p`).
fn attachment(affinity: &impl Affinity, p: PersonId, others: &[PersonId]) -> f64 {
    others
        .iter()
        .filter(|&&q| q != p)
        .map(|&q| affinity.pair(p, q))
        .sum()
}

/// The stayers of one table who must move (step 2): those blocked with a person locked there,
/// then a minimum vertex cover of the blocked pairs among the rest, then the least attached
/// until the table fits `max`.
fn table_drops(
    affinity: &impl Affinity,
    blocks: &[Vec<PersonId>],
    locked: &[PersonId],
    stayers: &[PersonId],
    max: u32,
) -> Vec<(PersonId, MoveReason)> {
    let everyone: Vec<PersonId> = locked.iter().chain(stayers).copied().collect();
    let value = |p: PersonId| attachment(affinity, p, &everyone);
    let mut drops = Vec::new();
    let mut kept = Vec::new();
    for &s in stayers {
        match locked.iter().find(|&&l| is_blocked(blocks, s, l)) {
            Some(&with) => drops.push((s, MoveReason::Blocked { with })),
            None => kept.push(s),
        }
    }
    let edges: Vec<(PersonId, PersonId)> = kept
        .iter()
        .enumerate()
        .flat_map(|(x, &a)| kept[x + 1..].iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| is_blocked(blocks, a, b))
        .collect();
    let cover = if edges.len() <= COVER_EXACT_LIMIT {
        exact_cover(&edges, &value)
    } else {
        greedy_cover(&edges, &value)
    };
    for &p in &cover {
        let with = edges
            .iter()
            .find_map(|&(a, b)| {
                if a == p {
                    Some(b)
                } else if b == p {
                    Some(a)
                } else {
                    None
                }
            })
            .unwrap_or(p);
        drops.push((p, MoveReason::Blocked { with }));
    }
    kept.retain(|p| !cover.contains(p));
    let room = (max as usize).saturating_sub(locked.len());
    if kept.len() > room {
        let mut by_value: Vec<(f64, PersonId)> = kept.iter().map(|&p| (value(p), p)).collect();
        by_value.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let overflow = kept.len() - room;
        drops.extend(
            by_value[..overflow]
                .iter()
                .map(|&(_, p)| (p, MoveReason::TableOverfull)),
        );
    }
    drops
}

/// A minimum vertex cover of `edges` by branching on the first uncovered edge; among covers of
/// one size, the one whose people have the least total `value`.
fn exact_cover(edges: &[(PersonId, PersonId)], value: &impl Fn(PersonId) -> f64) -> Vec<PersonId> {
    fn branch(
        edges: &[(PersonId, PersonId)],
        chosen: &mut Vec<PersonId>,
        value: &impl Fn(PersonId) -> f64,
        best: &mut Option<(usize, f64, Vec<PersonId>)>,
    ) {
        if best.as_ref().is_some_and(|b| chosen.len() > b.0) {
            return;
        }
        let Some(&(a, b)) = edges
            .iter()
            .find(|(a, b)| !chosen.contains(a) && !chosen.contains(b))
        else {
            let total: f64 = chosen.iter().map(|&p| value(p)).sum();
            let better = best
                .as_ref()
                .is_none_or(|b| chosen.len() < b.0 || (chosen.len() == b.0 && total < b.1));
            if better {
                let mut sorted = chosen.clone();
                sorted.sort_unstable();
                *best = Some((chosen.len(), total, sorted));
            }
            return;
        };
        for pick in [a, b] {
            chosen.push(pick);
            branch(edges, chosen, value, best);
            chosen.pop();
        }
    }
    let mut best = None;
    branch(edges, &mut Vec::new(), value, &mut best);
    best.map(|b| b.2).unwrap_or_default()
}

/// A vertex cover taking the person in most uncovered pairs first (least `value` on ties).
fn greedy_cover(edges: &[(PersonId, PersonId)], value: &impl Fn(PersonId) -> f64) -> Vec<PersonId> {
    let mut left: Vec<(PersonId, PersonId)> = edges.to_vec();
    let mut cover = Vec::new();
    while !left.is_empty() {
        let mut degree: Vec<(PersonId, usize)> = Vec::new();
        for &(a, b) in &left {
            for p in [a, b] {
                match degree.iter_mut().find(|(q, _)| *q == p) {
                    Some(entry) => entry.1 += 1,
                    None => degree.push((p, 1)),
                }
            }
        }
        let Some(&(pick, _)) = degree.iter().max_by(|x, y| {
            x.1.cmp(&y.1)
                .then(value(y.0).total_cmp(&value(x.0)))
                .then(y.0.cmp(&x.0))
        }) else {
            break;
        };
        cover.push(pick);
        left.retain(|&(a, b)| a != pick && b != pick);
    }
    cover.sort_unstable();
    cover
}

/// The next stayer to move so that tables under their minimum can be filled (step 3): from a
/// table above its minimum, the one who loses least affinity minus the best affinity they could
/// gain at a table that needs people.
fn fill_drop<A: Affinity>(
    seating: &Seating<'_, A>,
    stayers: &[Vec<PersonId>],
    rank: &[u64],
) -> Option<PersonId> {
    let problem = seating.problem;
    let needy: Vec<usize> = (0..problem.tables.len())
        .filter(|&t| !problem.tables[t].locked && seating.count(t) < problem.tables[t].min)
        .collect();
    let mut best: Option<(f64, u64, PersonId)> = None;
    for (t, people) in stayers.iter().enumerate() {
        if seating.count(t) <= problem.tables[t].min {
            continue;
        }
        for &s in people {
            let loss = attachment(seating.affinity, s, &seating.members[t]);
            let gain = needy
                .iter()
                .filter(|&&u| seating.conflicts_at(s, u) == 0)
                .map(|&u| attachment(seating.affinity, s, &seating.members[u]))
                .fold(f64::NEG_INFINITY, f64::max);
            let gain = if gain.is_finite() { gain } else { 0.0 };
            let key = (loss - gain, rank[s as usize], s);
            if best
                .as_ref()
                .is_none_or(|b| key.0 < b.0 || (key.0 == b.0 && (key.1, key.2) < (b.1, b.2)))
            {
                best = Some(key);
            }
        }
    }
    best.map(|b| b.2)
}

/// One step of the placement search's stack: a person and the tables still to try.
struct Frame {
    person: PersonId,
    options: Vec<TableId>,
    next: usize,
}

/// Places every person in `free` (step 4), depth first, most constrained person first. Returns
/// false, with the free people unplaced again, if no placement was found within `node_limit`.
fn place_free<A: Affinity>(
    seating: &mut Seating<'_, A>,
    free: &[PersonId],
    previous: &[Option<TableId>],
    rank: &[u64],
    node_limit: u64,
) -> bool {
    let mut remaining = free.len() as u64;
    let mut stack: Vec<Frame> = Vec::new();
    let mut nodes = 0u64;
    loop {
        if remaining == 0 {
            return true;
        }
        if let Some((person, options)) = most_constrained(seating, free, previous, rank, remaining)
        {
            stack.push(Frame {
                person,
                options,
                next: 0,
            });
        }
        loop {
            let Some(frame) = stack.last_mut() else {
                return false;
            };
            if frame.next > 0 {
                seating.unplace(frame.person);
                remaining += 1;
            }
            if frame.next < frame.options.len() && nodes < node_limit {
                seating.place(frame.person, frame.options[frame.next]);
                frame.next += 1;
                remaining -= 1;
                nodes += 1;
                break;
            }
            stack.pop();
            if nodes >= node_limit {
                while let Some(frame) = stack.pop() {
                    if frame.next > 0 {
                        seating.unplace(frame.person);
                    }
                }
                return false;
            }
        }
    }
}

/// The unplaced free person with the fewest allowed tables, and those tables best first; `None`
/// when someone has no table at all (a dead end).
fn most_constrained<A: Affinity>(
    seating: &Seating<'_, A>,
    free: &[PersonId],
    previous: &[Option<TableId>],
    rank: &[u64],
    remaining: u64,
) -> Option<(PersonId, Vec<TableId>)> {
    let only_needy = remaining <= seating.deficit;
    let mut chosen: Option<(usize, u64, PersonId)> = None;
    for &p in free.iter().filter(|&&p| seating.seat[p as usize].is_none()) {
        let count = (0..seating.problem.tables.len())
            .filter(|&t| seating.allows(p, t, only_needy))
            .count();
        if count == 0 {
            return None;
        }
        let key = (count, rank[p as usize], p);
        if chosen.is_none_or(|c| key < c) {
            chosen = Some(key);
        }
    }
    let (_, _, p) = chosen?;
    let mut options: Vec<(u8, i64, f64, TableId)> = (0..seating.problem.tables.len())
        .filter(|&t| seating.allows(p, t, only_needy))
        .map(|t| {
            let table = t as TableId;
            (
                u8::from(previous[p as usize] != Some(table)),
                seating.orphan_delta(p, t),
                -attachment(seating.affinity, p, &seating.members[t]),
                table,
            )
        })
        .collect();
    options.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    Some((p, options.into_iter().map(|o| o.3).collect()))
}

/// Tries freeing one more stayer, one candidate at a time (those blocked with a person being
/// placed first, then the least attached at tables above their minimum), and placing everyone
/// again; at most [`RepairOptions::max_single_trials`] candidates. On success the freed person and
/// why they moved, with everyone placed; otherwise the seating is as before.
fn free_one_more<A: Affinity>(
    seating: &mut Seating<'_, A>,
    free: &mut Vec<PersonId>,
    stayers: &[Vec<PersonId>],
    previous: &[Option<TableId>],
    rank: &[u64],
    options: RepairOptions,
) -> Option<(PersonId, MoveReason)> {
    let problem = seating.problem;
    let mut candidates: Vec<(bool, bool, f64, u64, PersonId, Option<PersonId>)> = Vec::new();
    for (t, people) in stayers.iter().enumerate() {
        let above_min = seating.count(t) > problem.tables[t].min;
        for &s in people {
            let blocks_free = free
                .iter()
                .copied()
                .find(|&f| is_blocked(seating.blocks, s, f));
            let value = attachment(seating.affinity, s, &seating.members[t]);
            candidates.push((
                blocks_free.is_none(),
                !above_min,
                value,
                rank[s as usize],
                s,
                blocks_free,
            ));
        }
    }
    candidates.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(a.2.total_cmp(&b.2))
            .then((a.3, a.4).cmp(&(b.3, b.4)))
    });
    for &(_, _, _, _, s, with) in candidates.iter().take(options.max_single_trials) {
        let Some(home) = seating.seat[s as usize] else {
            continue;
        };
        seating.unplace(s);
        free.push(s);
        if place_free(seating, free, previous, rank, options.max_search_nodes) {
            let why = with.map_or(MoveReason::MakeRoom, |with| MoveReason::Blocked { with });
            return Some((s, why));
        }
        free.pop();
        seating.place(s, home);
    }
    None
}

/// People to free when placement failed: the seated people blocking the most constrained free
/// person at the table where fewest must go, or else the least attached stayer at a table above
/// its minimum (or any open table). Empty when nobody can be freed.
fn escalate<A: Affinity>(
    seating: &Seating<'_, A>,
    free: &[PersonId],
    stayers: &[Vec<PersonId>],
    rank: &[u64],
) -> Vec<(PersonId, MoveReason)> {
    let problem = seating.problem;
    let tables = problem.tables.len();
    let is_stayer = |p: PersonId| stayers.iter().any(|s| s.contains(&p));
    let stuck = free
        .iter()
        .map(|&p| {
            let options = (0..tables).filter(|&t| seating.allows(p, t, false)).count();
            (options, rank[p as usize], p)
        })
        .min();
    if let Some((0, _, p)) = stuck {
        let mut best: Option<(usize, usize, Vec<PersonId>)> = None;
        for t in (0..tables).filter(|&t| !problem.tables[t].locked) {
            let members = &seating.members[t];
            let blockers: Vec<PersonId> = members
                .iter()
                .copied()
                .filter(|&q| is_blocked(seating.blocks, p, q))
                .collect();
            if !blockers.iter().all(|&q| is_stayer(q)) {
                continue;
            }
            let mut freed = blockers;
            if members.len() - freed.len() >= problem.tables[t].max as usize {
                let spare = members
                    .iter()
                    .copied()
                    .filter(|&q| is_stayer(q) && !freed.contains(&q))
                    .min_by(|&a, &b| {
                        attachment(seating.affinity, a, members)
                            .total_cmp(&attachment(seating.affinity, b, members))
                            .then(a.cmp(&b))
                    });
                match spare {
                    Some(q) => freed.push(q),
                    None => continue,
                }
            }
            if !freed.is_empty() && best.as_ref().is_none_or(|b| (freed.len(), t) < (b.0, b.1)) {
                best = Some((freed.len(), t, freed));
            }
        }
        if let Some((_, _, freed)) = best {
            return freed
                .into_iter()
                .map(|q| {
                    let why = if is_blocked(seating.blocks, p, q) {
                        MoveReason::Blocked { with: p }
                    } else {
                        MoveReason::MakeRoom
                    };
                    (q, why)
                })
                .collect();
        }
    }
    let mut candidates: Vec<(bool, f64, u64, PersonId)> = Vec::new();
    for (t, people) in stayers.iter().enumerate() {
        let above_min = seating.count(t) > problem.tables[t].min;
        for &s in people {
            let value = attachment(seating.affinity, s, &seating.members[t]);
            candidates.push((!above_min, value, rank[s as usize], s));
        }
    }
    candidates
        .into_iter()
        .min_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then((a.2, a.3).cmp(&(b.2, b.3)))
        })
        .map(|c| vec![(c.3, MoveReason::MakeRoom)])
        .unwrap_or_default()
}

/// Step 5: relocations and swaps of the placed people that improve (moved, orphans, objective).
fn improve<A: Affinity>(
    seating: &mut Seating<'_, A>,
    free: &[PersonId],
    previous: &[Option<TableId>],
    budget: u64,
) {
    let problem = seating.problem;
    let tables = problem.tables.len();
    let moved = |p: PersonId, t: usize| u32::from(previous[p as usize] != Some(t as TableId));
    let mut evaluations = 0u64;
    let mut improved = true;
    while improved && evaluations < budget {
        improved = false;
        for &p in free {
            let Some(from) = seating.seat[p as usize] else {
                continue;
            };
            let from = from as usize;
            if seating.count(from) <= problem.tables[from].min {
                continue;
            }
            for to in 0..tables {
                if to == from || !seating.allows(p, to, false) || evaluations >= budget {
                    continue;
                }
                evaluations += 1;
                let before = (moved(p, from), seating.orphans, seating.objective);
                seating.unplace(p);
                seating.place(p, to as TableId);
                let after = (moved(p, to), seating.orphans, seating.objective);
                if better(after, before) {
                    improved = true;
                    break;
                }
                seating.unplace(p);
                seating.place(p, from as TableId);
            }
        }
        for (x, &p) in free.iter().enumerate() {
            for &q in &free[x + 1..] {
                if evaluations >= budget {
                    return;
                }
                let (Some(tp), Some(tq)) = (seating.seat[p as usize], seating.seat[q as usize])
                else {
                    continue;
                };
                let (tp, tq) = (tp as usize, tq as usize);
                if tp == tq {
                    continue;
                }
                evaluations += 1;
                let before = (
                    moved(p, tp) + moved(q, tq),
                    seating.orphans,
                    seating.objective,
                );
                seating.unplace(p);
                seating.unplace(q);
                if seating.conflicts_at(p, tq) == 0 && seating.conflicts_at(q, tp) == 0 {
                    seating.place(p, tq as TableId);
                    seating.place(q, tp as TableId);
                    let after = (
                        moved(p, tq) + moved(q, tp),
                        seating.orphans,
                        seating.objective,
                    );
                    if better(after, before) {
                        improved = true;
                        continue;
                    }
                    seating.unplace(p);
                    seating.unplace(q);
                }
                seating.place(p, tp as TableId);
                seating.place(q, tq as TableId);
            }
        }
    }
}

/// Lexicographic comparison of (people moved, orphans, objective); objective gains below 1e-9
/// are rounding noise.
fn better(after: (u32, i64, f64), before: (u32, i64, f64)) -> bool {
    after.0 < before.0
        || (after.0 == before.0
            && (after.1 < before.1 || (after.1 == before.1 && after.2 > before.2 + 1e-9)))
}

/// The outcome from the final seating, in which everyone is seated.
fn outcome<A: Affinity>(
    seating: &Seating<'_, A>,
    previous: &[Option<TableId>],
    reason: &[Option<MoveReason>],
) -> Result<RepairOutcome, RepairError> {
    let table_of: Vec<TableId> = seating
        .seat
        .iter()
        .map(|s| s.ok_or(RepairError::NoPlanFound))
        .collect::<Result<_, _>>()?;
    let mut moves = Vec::new();
    let mut changed = Vec::new();
    for (p, &to) in table_of.iter().enumerate() {
        let from = previous[p];
        if from == Some(to) {
            continue;
        }
        let why = match from {
            None => MoveReason::Newcomer,
            Some(_) => reason[p].unwrap_or(MoveReason::MakeRoom),
        };
        moves.push(Move {
            person: p as PersonId,
            from,
            to,
            reason: why,
        });
        changed.push(to);
        if let Some(f) = from.filter(|&f| (f as usize) < seating.problem.tables.len()) {
            changed.push(f);
        }
    }
    changed.sort_unstable();
    changed.dedup();
    Ok(RepairOutcome {
        assignment: Assignment { table_of },
        moved_seated: moves.iter().filter(|m| m.from.is_some()).count() as u32,
        moves,
        changed_tables: changed,
    })
}

/// Open tables without locked people to dissolve so that the head count reaches the remaining
/// minimums, fewest previously seated people first; empty if that cannot be done.
fn dissolve_suggestion(problem: &Problem, previous: &[Option<TableId>]) -> Vec<TableId> {
    let n = problem.people.len() as u64;
    let tables = problem.tables.len();
    let mut has_lock = vec![false; tables];
    let mut locked_count = vec![0u64; tables];
    for &(_, t) in &problem.locked_seats {
        if let Some(slot) = has_lock.get_mut(t as usize) {
            *slot = true;
            locked_count[t as usize] += 1;
        }
    }
    let mut seated = vec![0u64; tables];
    for t in previous.iter().flatten() {
        if let Some(slot) = seated.get_mut(*t as usize) {
            *slot += 1;
        }
    }
    let lo = |t: usize| {
        let spec = problem.tables[t];
        if spec.locked {
            locked_count[t]
        } else {
            u64::from(spec.min).max(locked_count[t])
        }
    };
    let hi = |t: usize| {
        if problem.tables[t].locked {
            locked_count[t]
        } else {
            u64::from(problem.tables[t].max)
        }
    };
    let mut min_seats: u64 = (0..tables).map(lo).sum();
    let mut max_seats: u64 = (0..tables).map(hi).sum();
    let mut candidates: Vec<usize> = (0..tables)
        .filter(|&t| !has_lock[t] && !problem.tables[t].locked && problem.tables[t].min > 0)
        .collect();
    candidates.sort_by_key(|&t| (seated[t], std::cmp::Reverse(problem.tables[t].min), t));
    let mut dissolve = Vec::new();
    for t in candidates {
        if min_seats <= n {
            break;
        }
        if max_seats - hi(t) < n {
            continue;
        }
        min_seats -= lo(t);
        max_seats -= hi(t);
        dissolve.push(t as TableId);
    }
    if min_seats <= n && max_seats >= n {
        dissolve.sort_unstable();
        dissolve
    } else {
        Vec::new()
    }
}

/// A partial seating with the counters the search needs kept up to date on every place/unplace:
/// head counts, blocked-partner counts per (person, table), interest-sharing tablemates per
/// person, the number of orphans, the objective, and the seats still missing below minimums.
struct Seating<'a, A: Affinity> {
    problem: &'a Problem,
    affinity: &'a A,
    blocks: &'a [Vec<PersonId>],
    seat: Vec<Option<TableId>>,
    members: Vec<Vec<PersonId>>,
    /// `conflicts[p * tables + t]`: people at `t` whom `p` must not sit with.
    conflicts: Vec<u32>,
    /// Tablemates each seated person shares an interest with.
    sharers: Vec<u32>,
    orphans: i64,
    objective: f64,
    /// `Σ_t max(0, min_t − count_t)` over all tables.
    deficit: u64,
}

impl<'a, A: Affinity> Seating<'a, A> {
    fn new(problem: &'a Problem, affinity: &'a A, blocks: &'a [Vec<PersonId>]) -> Self {
        let n = problem.people.len();
        let tables = problem.tables.len();
        Self {
            problem,
            affinity,
            blocks,
            seat: vec![None; n],
            members: vec![Vec::new(); tables],
            conflicts: vec![0; n * tables],
            sharers: vec![0; n],
            orphans: 0,
            objective: 0.0,
            deficit: problem.tables.iter().map(|s| u64::from(s.min)).sum(),
        }
    }

    fn count(&self, t: usize) -> u32 {
        self.members[t].len() as u32
    }

    fn conflicts_at(&self, p: PersonId, t: usize) -> u32 {
        self.conflicts[p as usize * self.problem.tables.len() + t]
    }

    /// Whether unseated `p` may join table `t`: open, a free seat, nobody there blocked with
    /// them, and (with `only_needy`) still under its minimum.
    fn allows(&self, p: PersonId, t: usize, only_needy: bool) -> bool {
        let spec = self.problem.tables[t];
        let count = self.count(t);
        !spec.locked
            && count < spec.max
            && self.conflicts_at(p, t) == 0
            && (!only_needy || count < spec.min)
    }

    /// Change in the number of orphans if `p` joined table `t`.
    fn orphan_delta(&self, p: PersonId, t: usize) -> i64 {
        let people = &self.problem.people;
        let mut delta = 0;
        let mut shares_any = false;
        for &q in &self.members[t] {
            if shares_interest(&people[p as usize], &people[q as usize]) {
                shares_any = true;
                if self.sharers[q as usize] == 0 {
                    delta -= 1;
                }
            }
        }
        if !shares_any {
            delta += 1;
        }
        delta
    }

    fn place(&mut self, p: PersonId, t: TableId) {
        let tu = t as usize;
        let tables = self.problem.tables.len();
        let people = &self.problem.people;
        for &q in &self.members[tu] {
            self.objective += self.affinity.pair(p, q);
            if shares_interest(&people[p as usize], &people[q as usize]) {
                if self.sharers[q as usize] == 0 {
                    self.orphans -= 1;
                }
                self.sharers[q as usize] += 1;
                self.sharers[p as usize] += 1;
            }
        }
        if self.sharers[p as usize] == 0 {
            self.orphans += 1;
        }
        if self.count(tu) < self.problem.tables[tu].min {
            self.deficit -= 1;
        }
        self.members[tu].push(p);
        self.seat[p as usize] = Some(t);
        for &r in &self.blocks[p as usize] {
            self.conflicts[r as usize * tables + tu] += 1;
        }
    }

    fn unplace(&mut self, p: PersonId) {
        let Some(t) = self.seat[p as usize].take() else {
            return;
        };
        let tu = t as usize;
        let tables = self.problem.tables.len();
        let people = &self.problem.people;
        if let Some(at) = self.members[tu].iter().position(|&q| q == p) {
            self.members[tu].remove(at);
        }
        if self.sharers[p as usize] == 0 {
            self.orphans -= 1;
        }
        for &q in &self.members[tu] {
            self.objective -= self.affinity.pair(p, q);
            if shares_interest(&people[p as usize], &people[q as usize]) {
                self.sharers[q as usize] -= 1;
                self.sharers[p as usize] -= 1;
                if self.sharers[q as usize] == 0 {
                    self.orphans += 1;
                }
            }
        }
        if self.count(tu) < self.problem.tables[tu].min {
            self.deficit += 1;
        }
        for &r in &self.blocks[p as usize] {
            self.conflicts[r as usize * tables + tu] -= 1;
        }
    }
}

#[cfg(test)]
mod tests;
