//! Synthetic conferences for tests and benchmarks: a seeded, deterministic [`Problem`] with the
//! statistics of a real event (few popular interests and a long tail, a few large companies and
//! many small ones, some people who asked to meet each other).
//!
//! The model:
//! - each person draws `interests_per_person ± 3` distinct interests from a vocabulary ranked by
//!   popularity, rank `k` (1-based) with probability ∝ `k^-zipf_exponent`; interest id = rank − 1;
//! - a share `affiliated_share` of people belong to an affiliation; affiliation sizes follow a
//!   Zipf–Mandelbrot law `∝ 1 / (k + 5)` over `people / 20` affiliations, so the largest holds about
//!   3 % of the affiliated and most hold a handful;
//! - `mutual_want_share` of people are in mutual want pairs; `one_sided_want_share` of people want to
//!   meet one person who does not ask back. A wanted person shares an interest with the one who
//!   wants them 70 % of the time (people want to meet people in their field), else is anyone;
//! - `block_share` of people block one random person; `met_before_per_person` earlier meetings per
//!   person are drawn as random pairs (a second round of the same event);
//! - tables of `table_min..=table_max`; as many as put the free people near the middle of the
//!   bounds. `locked_tables` tables are closed, each with a random number of people in bounds
//!   locked to it; `locked_seats` more people are locked to open tables (at most `table_min` per
//!   table). Blocks are drawn after a witness seating that keeps every lock and size bound, and a
//!   block between two people the witness seats together is dropped, so every generated problem
//!   has a feasible seating.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::{Person, PersonId, Problem, TableSpec, Weights};

/// Parameters of a synthetic conference; [`ConferenceSpec::new`] gives the benchmark defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct ConferenceSpec {
    pub people: usize,
    pub vocabulary: u32,
    /// Mean number of interests per person; each person has this ± 3 (at least 1).
    pub interests_per_person: u32,
    pub zipf_exponent: f64,
    pub affiliated_share: f64,
    pub mutual_want_share: f64,
    pub one_sided_want_share: f64,
    pub block_share: f64,
    pub met_before_per_person: f64,
    pub table_min: u32,
    pub table_max: u32,
    pub locked_tables: usize,
    pub locked_seats: usize,
    pub weights: Weights,
    pub seed: u64,
}

impl ConferenceSpec {
    /// The benchmark conference: ~8 interests from 500 (Zipf, exponent 1), 80 % affiliated, 5 % of
    /// people in mutual want pairs and 5 % with a one-sided want, 0.1 % blocking someone, no
    /// history, tables of 6–8, nothing locked.
    pub fn new(people: usize, seed: u64) -> Self {
        Self {
            people,
            vocabulary: 500,
            interests_per_person: 8,
            zipf_exponent: 1.0,
            affiliated_share: 0.8,
            mutual_want_share: 0.05,
            one_sided_want_share: 0.05,
            block_share: 0.001,
            met_before_per_person: 0.0,
            table_min: 6,
            table_max: 8,
            locked_tables: 0,
            locked_seats: 0,
            weights: Weights::default(),
            seed,
        }
    }
}

/// Why a spec describes no conference.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeneratorError {
    #[error("tables need 1 ≤ table_min ≤ table_max, got {min}..={max}")]
    TableBounds { min: u32, max: u32 },
    #[error("the vocabulary must hold at least one interest")]
    EmptyVocabulary,
    #[error("{name} must be a share in [0, 1], got {value}")]
    Share { name: &'static str, value: f64 },
    #[error("{name} must be finite and ≥ 0, got {value}")]
    Rate { name: &'static str, value: f64 },
    #[error("{people} free people cannot fill whole tables of {min}..={max}")]
    NoTableCount { people: usize, min: u32, max: u32 },
    #[error("{people} people cannot fill {tables} locked tables of at least {min}")]
    TooManyLockedTables {
        people: usize,
        tables: usize,
        min: u32,
    },
    #[error("the problem would need more than u32::MAX people or tables")]
    TooLarge,
}

/// Builds the conference `spec` describes; the same spec always gives the same problem.
pub fn generate(spec: &ConferenceSpec) -> Result<Problem, GeneratorError> {
    validate(spec)?;
    let n = spec.people;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);

    let interest_cdf = zipf_cdf(spec.vocabulary as usize, spec.zipf_exponent, 0.0);
    let mut people: Vec<Person> = (0..n)
        .map(|_| Person {
            interests: draw_interests(spec, &interest_cdf, &mut rng),
            ..Person::default()
        })
        .collect();

    let affiliations = (n / 20).max(1);
    let affiliation_cdf = zipf_cdf(affiliations, 1.0, 5.0);
    for person in &mut people {
        if rng.random_bool(spec.affiliated_share) {
            person.affiliation = Some(sample(&affiliation_cdf, &mut rng) as u32);
        }
    }

    let holders = holders_of(&people, spec.vocabulary as usize);
    add_wants(spec, &mut people, &holders, &mut rng);

    let (tables, locked_seats) = tables_and_locks(spec, &mut rng)?;
    let witness = witness_seating(n, &tables, &locked_seats);

    if n > 1 {
        let blockers = (spec.block_share * n as f64).round() as usize;
        for _ in 0..blockers {
            let a = rng.random_range(0..n);
            let b = rng.random_range(0..n);
            if witness[a] != witness[b] {
                people[a].blocks.push(b as PersonId);
            }
        }
    }
    for person in &mut people {
        person.blocks.sort_unstable();
        person.blocks.dedup();
        person.wants.sort_unstable();
        person.wants.dedup();
    }

    let mut met_before = Vec::new();
    if n > 1 {
        let pairs = (spec.met_before_per_person * n as f64 / 2.0).round() as usize;
        for _ in 0..pairs {
            let a = rng.random_range(0..n) as PersonId;
            let b = rng.random_range(0..n) as PersonId;
            if a != b {
                met_before.push((a.min(b), a.max(b), 1));
            }
        }
        met_before.sort_unstable();
        met_before.dedup();
    }

    Ok(Problem {
        people,
        tables,
        met_before,
        locked_seats,
        weights: spec.weights,
    })
}

fn validate(spec: &ConferenceSpec) -> Result<(), GeneratorError> {
    if spec.table_min == 0 || spec.table_min > spec.table_max {
        return Err(GeneratorError::TableBounds {
            min: spec.table_min,
            max: spec.table_max,
        });
    }
    if spec.vocabulary == 0 {
        return Err(GeneratorError::EmptyVocabulary);
    }
    for (name, value) in [
        ("affiliated_share", spec.affiliated_share),
        ("mutual_want_share", spec.mutual_want_share),
        ("one_sided_want_share", spec.one_sided_want_share),
        ("block_share", spec.block_share),
    ] {
        if !(0.0..=1.0).contains(&value) {
            return Err(GeneratorError::Share { name, value });
        }
    }
    for (name, value) in [
        ("zipf_exponent", spec.zipf_exponent),
        ("met_before_per_person", spec.met_before_per_person),
    ] {
        if !(value.is_finite() && value >= 0.0) {
            return Err(GeneratorError::Rate { name, value });
        }
    }
    if spec.people >= u32::MAX as usize {
        return Err(GeneratorError::TooLarge);
    }
    Ok(())
}

/// Cumulative probabilities of ranks `1..=len` with weight `(k + offset)^-exponent`.
fn zipf_cdf(len: usize, exponent: f64, offset: f64) -> Vec<f64> {
    let mut cdf: Vec<f64> = Vec::with_capacity(len);
    let mut total = 0.0;
    for k in 1..=len {
        total += (k as f64 + offset).powf(-exponent);
        cdf.push(total);
    }
    for c in &mut cdf {
        *c /= total;
    }
    cdf
}

/// A rank index `0..cdf.len()` drawn from `cdf`.
fn sample(cdf: &[f64], rng: &mut ChaCha8Rng) -> usize {
    let u: f64 = rng.random();
    cdf.partition_point(|&c| c <= u).min(cdf.len() - 1)
}

fn draw_interests(spec: &ConferenceSpec, cdf: &[f64], rng: &mut ChaCha8Rng) -> Vec<u32> {
    let mean = spec.interests_per_person;
    let low = mean.saturating_sub(3).max(1);
    let count = rng.random_range(low..=mean + 3).min(spec.vocabulary) as usize;
    let mut interests: Vec<u32> = Vec::with_capacity(count);
    while interests.len() < count {
        let t = sample(cdf, rng) as u32;
        if !interests.contains(&t) {
            interests.push(t);
        }
    }
    interests.sort_unstable();
    interests
}

fn holders_of(people: &[Person], vocabulary: usize) -> Vec<Vec<PersonId>> {
    let mut holders = vec![Vec::new(); vocabulary];
    for (p, person) in people.iter().enumerate() {
        for &t in &person.interests {
            holders[t as usize].push(p as PersonId);
        }
    }
    holders
}

/// Someone `p` would ask to meet: 70 % of the time a holder of one of `p`'s interests.
fn pick_wanted(
    p: usize,
    people: &[Person],
    holders: &[Vec<PersonId>],
    rng: &mut ChaCha8Rng,
) -> usize {
    let interests = &people[p].interests;
    if !interests.is_empty() && rng.random_bool(0.7) {
        let t = interests[rng.random_range(0..interests.len())];
        let list = &holders[t as usize];
        list[rng.random_range(0..list.len())] as usize
    } else {
        rng.random_range(0..people.len())
    }
}

fn add_wants(
    spec: &ConferenceSpec,
    people: &mut [Person],
    holders: &[Vec<PersonId>],
    rng: &mut ChaCha8Rng,
) {
    let n = people.len();
    if n < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut paired = vec![false; n];
    let pairs = (spec.mutual_want_share * n as f64 / 2.0).round() as usize;
    let mut made = 0;
    for &p in &order {
        if made == pairs {
            break;
        }
        if paired[p] {
            continue;
        }
        for _ in 0..8 {
            let q = pick_wanted(p, people, holders, rng);
            if q != p && !paired[q] {
                paired[p] = true;
                paired[q] = true;
                people[p].wants.push(q as PersonId);
                people[q].wants.push(p as PersonId);
                made += 1;
                break;
            }
        }
    }
    let wanters = (spec.one_sided_want_share * n as f64).round() as usize;
    for _ in 0..wanters {
        let p = rng.random_range(0..n);
        let q = pick_wanted(p, people, holders, rng);
        if q != p && !people[q].wants.contains(&(p as PersonId)) {
            people[p].wants.push(q as PersonId);
        }
    }
}

/// Locked seats `(person, table)`.
type Locks = Vec<(PersonId, u32)>;

/// A seating that keeps every lock and size bound: each open table gets an even share of the
/// people not at closed tables, its locked people first. `tables_and_locks` locks at most `min`
/// people to an open table and opens between `free / max` and `free / min` tables, so an even
/// share always fits.
fn witness_seating(n: usize, tables: &[TableSpec], locks: &Locks) -> Vec<u32> {
    let mut at = vec![u32::MAX; n];
    let mut seated = vec![0usize; tables.len()];
    for &(p, t) in locks {
        at[p as usize] = t;
        seated[t as usize] += 1;
    }
    let open: Vec<usize> = (0..tables.len()).filter(|&t| !tables[t].locked).collect();
    let free = n - seated
        .iter()
        .zip(tables)
        .filter(|(_, t)| t.locked)
        .map(|(s, _)| s)
        .sum::<usize>();
    let unseated: Vec<usize> = (0..n).filter(|&p| at[p] == u32::MAX).collect();
    let mut unseated = unseated.into_iter();
    for (k, &t) in open.iter().enumerate() {
        let share = free / open.len() + usize::from(k < free % open.len());
        while seated[t] < share {
            let Some(p) = unseated.next() else { break };
            at[p] = t as u32;
            seated[t] += 1;
        }
    }
    debug_assert!(at.iter().all(|&t| t != u32::MAX));
    at
}

/// The tables and the locked seats: closed tables first, then enough open tables for the rest.
fn tables_and_locks(
    spec: &ConferenceSpec,
    rng: &mut ChaCha8Rng,
) -> Result<(Vec<TableSpec>, Locks), GeneratorError> {
    let n = spec.people;
    let (min, max) = (spec.table_min, spec.table_max);
    let mut order: Vec<PersonId> = (0..n as PersonId).collect();
    order.shuffle(rng);
    let mut next = 0usize;
    let mut tables = Vec::new();
    let mut locks = Vec::new();
    for t in 0..spec.locked_tables {
        let size = rng.random_range(min..=max) as usize;
        if next + size > n {
            return Err(GeneratorError::TooManyLockedTables {
                people: n,
                tables: spec.locked_tables,
                min,
            });
        }
        for &p in &order[next..next + size] {
            locks.push((p, t as u32));
        }
        next += size;
        tables.push(TableSpec {
            min,
            max,
            locked: true,
        });
    }
    let free = n - next;
    let fewest = free.div_ceil(max as usize);
    let most = free / min as usize;
    if fewest > most {
        return Err(GeneratorError::NoTableCount {
            people: free,
            min,
            max,
        });
    }
    let middle = f64::from(min + max) / 2.0;
    let open = ((free as f64 / middle).round() as usize).clamp(fewest, most);
    let first_open = tables.len();
    if first_open + open >= u32::MAX as usize {
        return Err(GeneratorError::TooLarge);
    }
    tables.extend((0..open).map(|_| TableSpec {
        min,
        max,
        locked: false,
    }));
    if open > 0 {
        let mut per_table = vec![0u32; open];
        let seats = spec.locked_seats.min(free);
        for &p in &order[next..next + seats] {
            for _ in 0..16 {
                let t = rng.random_range(0..open);
                if per_table[t] < min {
                    per_table[t] += 1;
                    locks.push((p, (first_open + t) as u32));
                    break;
                }
            }
        }
    }
    locks.sort_unstable();
    Ok((tables, locks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_conference_and_another_seed_another() {
        let mut spec = ConferenceSpec::new(500, 7);
        spec.locked_tables = 2;
        spec.locked_seats = 10;
        spec.met_before_per_person = 1.0;
        let a = generate(&spec).unwrap();
        assert_eq!(a, generate(&spec).unwrap());
        spec.seed = 8;
        assert_ne!(a, generate(&spec).unwrap());
    }

    #[test]
    fn the_conference_has_the_requested_statistics() {
        let spec = ConferenceSpec::new(4000, 1);
        let problem = generate(&spec).unwrap();
        let n = problem.people.len();
        assert_eq!(n, 4000);
        let interests: usize = problem.people.iter().map(|p| p.interests.len()).sum();
        let mean = interests as f64 / n as f64;
        assert!((7.5..8.5).contains(&mean), "mean interests {mean}");
        for p in &problem.people {
            assert!(p.interests.windows(2).all(|w| w[0] < w[1]));
            assert!(p.interests.iter().all(|&t| t < 500));
        }
        let holders = holders_of(&problem.people, 500);
        assert!(holders[0].len() > 20 * holders[200].len().max(1));
        let mutual = (0..n)
            .filter(|&p| {
                problem.people[p]
                    .wants
                    .iter()
                    .any(|&q| problem.people[q as usize].wants.contains(&(p as u32)))
            })
            .count();
        assert!(
            (150..=250).contains(&mutual),
            "{mutual} people in mutual pairs"
        );
        let mut sizes = std::collections::HashMap::new();
        for p in &problem.people {
            if let Some(a) = p.affiliation {
                *sizes.entry(a).or_insert(0usize) += 1;
            }
        }
        let largest = sizes.values().copied().max().unwrap();
        let smallest = sizes.values().copied().min().unwrap();
        assert!(largest >= 40 && smallest <= 5, "{smallest}..{largest}");
        let m = problem.tables.len();
        assert!(m * 6 <= n && n <= m * 8);
    }

    #[test]
    fn locks_fit_the_tables() {
        let mut spec = ConferenceSpec::new(300, 3);
        spec.locked_tables = 3;
        spec.locked_seats = 40;
        let problem = generate(&spec).unwrap();
        let mut count = vec![0u32; problem.tables.len()];
        for &(_, t) in &problem.locked_seats {
            count[t as usize] += 1;
        }
        for (t, table) in problem.tables.iter().enumerate() {
            if table.locked {
                assert!((table.min..=table.max).contains(&count[t]));
            } else {
                assert!(count[t] <= table.min);
            }
        }
        assert_eq!(problem.tables.iter().filter(|t| t.locked).count(), 3);
    }

    /// Found by the scale property test: both free people of a 12-person conference had to sit at
    /// the one open table, and one blocked the other.
    #[test]
    fn blocks_never_make_the_conference_infeasible() {
        for seed in 0..200 {
            let mut spec = ConferenceSpec::new(12, 10955815527568808771 ^ seed);
            spec.table_min = 4;
            spec.table_max = 6;
            spec.block_share = 0.5;
            spec.locked_tables = 1;
            spec.locked_seats = 6;
            let Ok(problem) = generate(&spec) else {
                continue;
            };
            let witness = witness_seating(12, &problem.tables, &problem.locked_seats);
            let mut size = vec![0u32; problem.tables.len()];
            for &t in &witness {
                size[t as usize] += 1;
            }
            for (t, table) in problem.tables.iter().enumerate() {
                assert!((table.min..=table.max).contains(&size[t]), "seed {seed}");
            }
            for &(p, t) in &problem.locked_seats {
                assert_eq!(witness[p as usize], t);
            }
            for (p, person) in problem.people.iter().enumerate() {
                for &q in &person.blocks {
                    assert_ne!(witness[p], witness[q as usize], "seed {seed}");
                }
            }
        }
    }

    #[test]
    fn impossible_specs_are_errors() {
        let mut spec = ConferenceSpec::new(5, 1);
        assert!(matches!(
            generate(&spec),
            Err(GeneratorError::NoTableCount { .. })
        ));
        spec.people = 50;
        spec.table_min = 9;
        assert!(matches!(
            generate(&spec),
            Err(GeneratorError::TableBounds { .. })
        ));
        spec.table_min = 6;
        spec.block_share = 2.0;
        assert!(matches!(generate(&spec), Err(GeneratorError::Share { .. })));
    }
}
