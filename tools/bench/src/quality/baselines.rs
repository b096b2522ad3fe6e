//! The quality suite's two baselines, so the engine's figures have something to be read against.
//! They are yardsticks, kept simple on purpose, not competitors. Both are seeded and
//! deterministic, plan the rounds one after another and ignore locks (the suite's conferences
//! have none).
//!
//! - [`random`]: each round, every table gets its minimum and the people left over go one at a
//!   time to a table with room, chosen uniformly; then the participants, shuffled uniformly, fill
//!   those seats. Valid head counts, nothing else considered.
//! - [`greedy`]: each round, participants in a seeded random order each join the table with room
//!   where they gain the most, compared lexicographically: no blocked pair there, then fewest
//!   people already met (earlier rounds and the problem's history), then most mutual wants, then
//!   most one-sided wants (either direction), then most shared interests (summed over the
//!   tablemates); ties go to the emptier table, then the lower index. A table counts as having
//!   room only if taking the person still leaves enough people to bring every table to its
//!   minimum.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::figures::{RoundSeating, shared_interests};
use tablemates::matching::model::{PersonId, Problem, TableId, TableSpec};
use tablemates::matching::plan::SeriesRound;

/// Why a baseline could not seat a round.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaselineError {
    #[error("round {round}: {people} people cannot fill tables holding {min}..={max} in all")]
    HeadCount {
        round: usize,
        people: usize,
        min: u64,
        max: u64,
    },
    #[error("round {round}: participant {person} is not one of the problem's people")]
    UnknownPerson { round: usize, person: PersonId },
}

/// A uniformly random seating with valid head counts per round (see the module docs).
pub fn random(
    people: usize,
    rounds: &[SeriesRound],
    seed: u64,
) -> Result<Vec<RoundSeating>, BaselineError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(rounds.len());
    for (r, round) in rounds.iter().enumerate() {
        check(r, people, round)?;
        let mut sizes: Vec<u32> = round.tables.iter().map(|t| t.min).collect();
        let seated: u64 = sizes.iter().map(|&s| u64::from(s)).sum();
        let mut open: Vec<usize> = (0..sizes.len())
            .filter(|&t| sizes[t] < round.tables[t].max)
            .collect();
        for _ in seated..round.participants.len() as u64 {
            let x = rng.random_range(0..open.len());
            let t = open[x];
            sizes[t] += 1;
            if sizes[t] == round.tables[t].max {
                open.swap_remove(x);
            }
        }
        let mut order = round.participants.clone();
        order.shuffle(&mut rng);
        let mut table_of = vec![None; people];
        let mut next = order.into_iter();
        for (t, &size) in sizes.iter().enumerate() {
            for p in next.by_ref().take(size as usize) {
                table_of[p as usize] = Some(t as TableId);
            }
        }
        out.push(table_of);
    }
    Ok(out)
}

/// What a person gains at a table, in the order the greedy compares it (larger is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Gain {
    no_block: bool,
    /// Negated count of tablemates already met, so fewer is larger.
    unmet: i64,
    mutual: usize,
    one_sided: usize,
    shared_interests: usize,
    /// Tie-breaks: the emptier table, then the lower index (both negated).
    emptier: i64,
    lower_index: i64,
}

/// The round-by-round greedy seating (see the module docs).
pub fn greedy(
    problem: &Problem,
    rounds: &[SeriesRound],
    seed: u64,
) -> Result<Vec<RoundSeating>, BaselineError> {
    let people = &problem.people;
    let n = people.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut met: Vec<Vec<PersonId>> = vec![Vec::new(); n];
    for &(a, b, _) in &problem.met_before {
        if (a as usize) < n && (b as usize) < n {
            met[a as usize].push(b);
            met[b as usize].push(a);
        }
    }
    let mut out = Vec::with_capacity(rounds.len());
    for (r, round) in rounds.iter().enumerate() {
        check(r, n, round)?;
        let tables: &[TableSpec] = &round.tables;
        let mut members: Vec<Vec<PersonId>> = vec![Vec::new(); tables.len()];
        // Seats still needed to bring every table to its minimum, and people still to seat.
        let mut short: usize = tables.iter().map(|t| t.min as usize).sum();
        let mut left = round.participants.len();
        let mut order = round.participants.clone();
        order.shuffle(&mut rng);
        let mut table_of = vec![None; n];
        for &p in &order {
            // When the people left are just enough for the minimums, only a short table will do.
            let must_fill = left == short;
            let me = &people[p as usize];
            let mut best: Option<(Gain, usize)> = None;
            for (t, spec) in tables.iter().enumerate() {
                let here = &members[t];
                let size = here.len() as u32;
                if size >= spec.max || (must_fill && size >= spec.min) {
                    continue;
                }
                let mut gain = Gain {
                    no_block: true,
                    unmet: 0,
                    mutual: 0,
                    one_sided: 0,
                    shared_interests: 0,
                    emptier: -i64::from(size),
                    lower_index: -(t as i64),
                };
                for &q in here {
                    let other = &people[q as usize];
                    if me.blocks.contains(&q) || other.blocks.contains(&p) {
                        gain.no_block = false;
                    }
                    if met[p as usize].contains(&q) {
                        gain.unmet -= 1;
                    }
                    match (me.wants.contains(&q), other.wants.contains(&p)) {
                        (true, true) => gain.mutual += 1,
                        (true, false) | (false, true) => gain.one_sided += 1,
                        (false, false) => {}
                    }
                    gain.shared_interests += shared_interests(me, other);
                }
                if best.is_none_or(|(b, _)| gain > b) {
                    best = Some((gain, t));
                }
            }
            // `check` guarantees a table: seats left (Σ max − seated) ≥ people left ≥ 1, and when
            // the people left equal the seats short, some table is below its minimum.
            let (_, t) = best.expect("a table with room");
            if (members[t].len() as u32) < tables[t].min {
                short -= 1;
            }
            left -= 1;
            members[t].push(p);
            table_of[p as usize] = Some(t as TableId);
        }
        for table in &members {
            for &a in table {
                for &b in table {
                    if a != b {
                        met[a as usize].push(b);
                    }
                }
            }
        }
        out.push(table_of);
    }
    Ok(out)
}

/// The round's participants exist and their number fits the tables' bounds.
fn check(round: usize, people: usize, spec: &SeriesRound) -> Result<(), BaselineError> {
    if let Some(&person) = spec.participants.iter().find(|&&p| p as usize >= people) {
        return Err(BaselineError::UnknownPerson { round, person });
    }
    let min: u64 = spec.tables.iter().map(|t| u64::from(t.min)).sum();
    let max: u64 = spec.tables.iter().map(|t| u64::from(t.max)).sum();
    let count = spec.participants.len();
    if !(min..=max).contains(&(count as u64)) {
        return Err(BaselineError::HeadCount {
            round,
            people: count,
            min,
            max,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::figures::figures;
    use super::*;
    use tablemates::matching::generator::{ConferenceSpec, generate};
    use tablemates::matching::model::Person;

    /// A small generated conference with uneven table bounds, and three rounds of it.
    fn conference(seed: u64) -> (Problem, Vec<SeriesRound>) {
        let mut spec = ConferenceSpec::new(47, seed);
        spec.table_min = 3;
        spec.table_max = 7;
        spec.block_share = 0.1;
        spec.mutual_want_share = 0.2;
        let mut problem = generate(&spec).expect("a conference");
        // Uneven bounds, still holding everyone: the head counts have to respect each table's.
        problem.tables[0] = TableSpec::open(5, 5);
        problem.tables[1] = TableSpec::open(1, 9);
        let round = SeriesRound {
            participants: (0..47).filter(|p| p % 11 != 4).collect(),
            tables: problem.tables.clone(),
            locked_seats: vec![],
        };
        (problem, vec![round; 3])
    }

    fn head_counts_are_valid(rounds: &[SeriesRound], seatings: &[RoundSeating]) {
        for (round, seating) in rounds.iter().zip(seatings) {
            let mut sizes = vec![0u32; round.tables.len()];
            for (p, t) in seating.iter().enumerate() {
                assert_eq!(
                    t.is_some(),
                    round.participants.contains(&(p as PersonId)),
                    "person {p}"
                );
                if let Some(t) = t {
                    sizes[*t as usize] += 1;
                }
            }
            for (spec, size) in round.tables.iter().zip(sizes) {
                assert!((spec.min..=spec.max).contains(&size), "{size} at {spec:?}");
            }
        }
    }

    #[test]
    fn both_baselines_seat_every_participant_within_the_table_bounds() {
        for seed in 1..=4 {
            let (problem, rounds) = conference(seed);
            let random = random(problem.people.len(), &rounds, seed).unwrap();
            head_counts_are_valid(&rounds, &random);
            let greedy = greedy(&problem, &rounds, seed).unwrap();
            head_counts_are_valid(&rounds, &greedy);
            let f = figures(&problem.people, &rounds, &greedy);
            assert_eq!((f.size_violations, f.misplaced), (0, 0));
        }
    }

    #[test]
    fn both_baselines_are_deterministic_per_seed() {
        let (problem, rounds) = conference(1);
        let n = problem.people.len();
        assert_eq!(random(n, &rounds, 5), random(n, &rounds, 5));
        assert_ne!(random(n, &rounds, 5), random(n, &rounds, 6));
        assert_eq!(greedy(&problem, &rounds, 5), greedy(&problem, &rounds, 5));
        assert_ne!(greedy(&problem, &rounds, 5), greedy(&problem, &rounds, 6));
    }

    #[test]
    fn greedy_never_seats_a_blocked_pair_when_another_table_has_room() {
        // Everyone shares every interest, so people pile onto the fullest table; two tables of up
        // to 8 for 8 people always leave room away from a blocked partner.
        let unblocked = Problem {
            people: (0..8)
                .map(|_| Person {
                    interests: vec![1, 2, 3],
                    ..Person::default()
                })
                .collect(),
            tables: vec![TableSpec::open(1, 8); 2],
            ..Problem::default()
        };
        let mut blocked = unblocked.clone();
        blocked.people[0].blocks = vec![5];
        let rounds = vec![SeriesRound {
            participants: (0..8).collect(),
            tables: unblocked.tables.clone(),
            locked_seats: vec![],
        }];
        let together = |problem: &Problem, seating: &[RoundSeating]| {
            figures(&problem.people, &rounds, seating).blocked_together
        };
        // The test means something: without the block, 0 and 5 do sit together for some seed,
        // and so does the random baseline with the block.
        assert!((1..=20).any(|seed| {
            let seating = greedy(&unblocked, &rounds, seed).unwrap();
            seating[0][0] == seating[0][5]
        }));
        assert!((1..=20).any(|seed| together(&blocked, &random(8, &rounds, seed).unwrap()) > 0));
        for seed in 1..=20 {
            let seating = greedy(&blocked, &rounds, seed).unwrap();
            assert_eq!(together(&blocked, &seating), 0, "seed {seed}");
        }
    }

    #[test]
    fn greedy_avoids_repeats_and_seats_mutual_pairs_together_when_it_can() {
        let (problem, rounds) = conference(2);
        let greedy = figures(
            &problem.people,
            &rounds,
            &greedy(&problem, &rounds, 1).unwrap(),
        );
        let random = figures(
            &problem.people,
            &rounds,
            &random(problem.people.len(), &rounds, 1).unwrap(),
        );
        assert!(greedy.repeated_meetings < random.repeated_meetings);
        assert!(greedy.mutual.met >= random.mutual.met);
        assert_eq!(greedy.blocked_together, 0);
    }

    #[test]
    fn a_head_count_the_tables_cannot_hold_is_an_error() {
        let rounds = vec![SeriesRound {
            participants: (0..3).collect(),
            tables: vec![TableSpec::open(4, 6)],
            locked_seats: vec![],
        }];
        assert!(matches!(
            random(3, &rounds, 1),
            Err(BaselineError::HeadCount { people: 3, .. })
        ));
        assert!(matches!(
            greedy(
                &Problem {
                    people: vec![Person::default(); 3],
                    ..Problem::default()
                },
                &rounds,
                1
            ),
            Err(BaselineError::HeadCount { .. })
        ));
    }
}
