//! `tablemates-bench quality`: the seating quality suite. Seats synthetic conferences (60, 500
//! and 5,000 people; one meetup, and a series of three) with the engine exactly as the service
//! calls it and with two baselines (random, round-by-round greedy) in the same run, computes every
//! figure itself from the seatings (`figures`, never the engine's report), and prints a readable
//! report and a Markdown table, optionally written into BENCHMARKS.md between markers (`report`).

mod baselines;
mod figures;
mod report;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;

use self::figures::{Figures, RoundSeating, figures};
use tablemates::matching::generator::{ConferenceSpec, generate};
use tablemates::matching::model::{Budget, Problem};
use tablemates::matching::plan::{PlanOptions, SeriesRound, seat_series};
use tablemates::matching::solver::Mode;

/// Share of people in mutual want pairs in the suite's conferences (the generator's default is
/// 5 %; the suite's spec asks for 2 %).
pub const MUTUAL_WANT_SHARE: f64 = 0.02;
/// People who block someone, at least, whatever the size: the generator's 0.1 % rounds to none
/// at 60 people, and a suite that never sees a block cannot show a blocked pair seated.
pub const MIN_BLOCKERS: usize = 2;
pub const TABLE_MIN: u32 = 8;
pub const TABLE_MAX: u32 = 10;
/// Search lanes, as the service fixes them (`workflows::plans::run`).
pub const LANES: usize = 2;

/// Options of `tablemates-bench quality`.
#[derive(Debug, Clone, clap::Args)]
pub struct QualityArgs {
    /// Conference sizes, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [60, 500, 5_000])]
    pub people: Vec<usize>,
    /// Meetups per case, comma-separated (everyone takes part in every meetup of a series).
    #[arg(long, value_delimiter = ',', default_values_t = [1, 3])]
    pub rounds: Vec<usize>,
    /// Seed of the conferences, the engine and the baselines.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The engine's deadline per case, in seconds (the service's default budget).
    #[arg(long, default_value_t = 30.0)]
    pub max_seconds: f64,
    /// The engine's iteration budget (by default none: the engine's own, within the deadline).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Search until the deadline instead of stopping once converged (as the service did before
    /// it stopped on convergence): the reference the converged runs are compared with.
    #[arg(long)]
    pub full_budget: bool,
    /// The engine's thorough mode (lanes recombine their seatings; not what the service runs).
    #[arg(long)]
    pub thorough: bool,
    /// Write the Markdown table into this file between `<!-- quality-suite:start -->` and
    /// `<!-- quality-suite:end -->`, appending a section with the markers when they are absent.
    #[arg(long)]
    pub write: Option<PathBuf>,
}

/// One conference and how many meetups it is seated for.
pub struct Case {
    pub people: usize,
    pub problem: Problem,
    pub rounds: Vec<SeriesRound>,
    pub mutual_pairs: usize,
    pub one_sided_wants: usize,
    pub blocked_pairs: usize,
    /// Repeated meetings every seating of the series has: what the tables force
    /// (`matching::rules::forced_repeats`, each later meetup against the first).
    pub forced_repeats: u64,
}

/// Who seated a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Engine,
    Random,
    Greedy,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Engine, Method::Random, Method::Greedy];

    pub fn name(self) -> &'static str {
        match self {
            Method::Engine => "engine",
            Method::Random => "random",
            Method::Greedy => "greedy",
        }
    }
}

/// A method's figures and the time it took, or why it made no seating.
pub struct Outcome {
    pub method: Method,
    pub result: Result<Measured, String>,
}

pub struct Measured {
    pub figures: Figures,
    pub wall: Duration,
    /// CPU time of the whole process (all threads) while the method ran, when readable.
    pub cpu: Option<Duration>,
}

/// Runs every case with every method, prints the report and the table, and writes the table
/// where `--write` says.
pub fn run(args: &QualityArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.max_seconds.is_finite() && args.max_seconds > 0.0,
        "--max-seconds must be a positive number of seconds"
    );
    anyhow::ensure!(
        args.people.iter().all(|&p| p >= 2),
        "--people: every size must be at least 2"
    );
    anyhow::ensure!(
        args.rounds.iter().all(|&r| r >= 1),
        "--rounds: every case needs at least 1 meetup"
    );
    let context = report::RunContext::now(args);
    println!(
        "quality suite: {} case(s), seed {}, engine budget {} s{}, {} build",
        args.people.len() * args.rounds.len(),
        args.seed,
        args.max_seconds,
        args.iterations
            .map_or_else(String::new, |i| format!(" or {i} iterations")),
        context.profile
    );
    let mut results = Vec::new();
    for &people in &args.people {
        let problem = generate(&spec(people, args.seed))
            .with_context(|| format!("generating a conference of {people}"))?;
        for &rounds in &args.rounds {
            let case = Case::new(people, problem.clone(), rounds);
            println!("\n{}", report::describe_case(&case));
            let outcomes: Vec<Outcome> = Method::ALL
                .iter()
                .map(|&method| {
                    let outcome = measure(&case, method, args);
                    println!("  {}", report::describe_outcome(&outcome, rounds));
                    outcome
                })
                .collect();
            results.push((case, outcomes));
        }
    }
    let context = context.finished();
    let block = report::markdown(&context, &results);
    println!("\n{block}");
    if let Some(path) = &args.write {
        report::write_into(path, &block)?;
        println!("written into {}", path.display());
    }
    Ok(())
}

/// The suite's conference: the generator's defaults (Zipf interests, affiliations, 5 % one-sided
/// wants, 0.1 % blocking someone) with 2 % of people in mutual want pairs, at least
/// [`MIN_BLOCKERS`] blocking someone and tables of 8–10.
pub fn spec(people: usize, seed: u64) -> ConferenceSpec {
    let mut spec = ConferenceSpec::new(people, seed);
    spec.mutual_want_share = MUTUAL_WANT_SHARE;
    spec.block_share = spec
        .block_share
        .max(MIN_BLOCKERS as f64 / people.max(1) as f64)
        .min(1.0);
    spec.table_min = TABLE_MIN;
    spec.table_max = TABLE_MAX;
    spec
}

impl Case {
    /// `rounds` meetups of `problem`, everyone taking part in each, with the problem's tables and
    /// locks: the rounds the service builds for a series where nobody skips a meetup.
    pub fn new(people: usize, problem: Problem, rounds: usize) -> Self {
        let round = SeriesRound {
            participants: (0..problem.people.len() as u32).collect(),
            tables: problem.tables.clone(),
            locked_seats: problem.locked_seats.clone(),
        };
        let (mut mutual_pairs, mut one_sided_wants, mut blocked_pairs) = (0, 0, 0);
        for (i, person) in problem.people.iter().enumerate() {
            let i = i as u32;
            for &j in &person.wants {
                if !problem.people[j as usize].wants.contains(&i) {
                    one_sided_wants += 1;
                } else if i < j {
                    mutual_pairs += 1;
                }
            }
            for &j in &person.blocks {
                // A pair blocking each other both ways is one pair.
                if i < j || !problem.people[j as usize].blocks.contains(&i) {
                    blocked_pairs += 1;
                }
            }
        }
        let later = rounds.saturating_sub(1) as u64;
        let forced_repeats = later
            * tablemates::matching::rules::forced_repeats(
                &problem.tables,
                problem.people.len() as u64,
                problem.tables.len() as u64,
            )
            .unwrap_or(0);
        Self {
            people,
            problem,
            forced_repeats,
            rounds: vec![round; rounds],
            mutual_pairs,
            one_sided_wants,
            blocked_pairs,
        }
    }
}

/// Seats `case` with `method`, timed, and computes the figures of the seating.
fn measure(case: &Case, method: Method, args: &QualityArgs) -> Outcome {
    let cpu_before = process_cpu();
    let start = Instant::now();
    let seated: Result<Vec<RoundSeating>, String> = match method {
        Method::Engine => engine(case, args, start),
        Method::Random => baselines::random(case.problem.people.len(), &case.rounds, args.seed)
            .map_err(|e| e.to_string()),
        Method::Greedy => {
            baselines::greedy(&case.problem, &case.rounds, args.seed).map_err(|e| e.to_string())
        }
    };
    let wall = start.elapsed();
    let cpu = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let result = seated.map(|seatings| Measured {
        figures: figures(&case.problem.people, &case.rounds, &seatings),
        wall,
        cpu,
    });
    Outcome { method, result }
}

/// The engine as the service runs a plan (`workflows::plans::run::execute`): the base problem
/// carries everyone and no tables, each round its participants, tables and locks, and the budget
/// is the run's iterations and a deadline `max_seconds` after the start.
fn engine(case: &Case, args: &QualityArgs, start: Instant) -> Result<Vec<RoundSeating>, String> {
    let base = Problem {
        tables: Vec::new(),
        locked_seats: Vec::new(),
        ..case.problem.clone()
    };
    let options = PlanOptions {
        seed: args.seed,
        budget: Budget {
            converge: !args.full_budget,
            max_iterations: args.iterations,
            deadline: Some(start + Duration::from_secs_f64(args.max_seconds)),
        },
        lanes: LANES,
        mode: if args.thorough {
            Mode::Thorough
        } else {
            Mode::Quality
        },
    };
    seat_series(&base, &case.rounds, &options)
        .map(|rounds| rounds.into_iter().map(|r| r.table_of).collect())
        .map_err(|e| e.to_string())
}

/// CPU time (user + system, all threads, exited ones included) of this process so far, from
/// `/proc/self/stat` in clock ticks of 1/100 s (Linux's fixed `USER_HZ`).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; the fields after it start at `state`.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suite_conference_has_blocks_mutual_pairs_and_tables_of_8_to_10_even_at_60() {
        let case = Case::new(60, generate(&spec(60, 1)).unwrap(), 3);
        assert!(case.blocked_pairs >= 1, "no blocked pair at 60 people");
        assert!(case.mutual_pairs >= 1);
        assert_eq!(case.rounds.len(), 3);
        assert!(
            case.problem
                .tables
                .iter()
                .all(|t| (t.min, t.max) == (TABLE_MIN, TABLE_MAX))
        );
        assert_eq!(spec(5_000, 1).block_share, 0.001);
    }

    #[test]
    fn every_method_seats_a_small_case_validly() {
        let case = Case::new(60, generate(&spec(60, 2)).unwrap(), 2);
        let args = QualityArgs {
            people: vec![60],
            rounds: vec![2],
            seed: 2,
            max_seconds: 30.0,
            full_budget: false,
            thorough: false,
            iterations: Some(20),
            write: None,
        };
        for method in Method::ALL {
            let outcome = measure(&case, method, &args);
            let measured = outcome.result.expect("a seating");
            let f = &measured.figures;
            assert_eq!((f.size_violations, f.misplaced), (0, 0), "{method:?}");
            assert_eq!(f.mutual.possible, 2 * case.mutual_pairs, "{method:?}");
        }
    }
}
