//! `tablemates-bench golfer`: multi-round planning on Social Golfer and conference-shaped cases,
//! reporting repeated pairs, repeats per round, time and the repeat-free bound.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use tablemates::matching::affinity::DenseAffinity;
use tablemates::matching::model::{Budget, TableSpec};
use tablemates::matching::rounds::{RoundsInput, RoundsPlan, plan_rounds};

/// Options of `tablemates-bench golfer`.
#[derive(Debug, Clone, clap::Args)]
pub struct GolferArgs {
    /// Number of people (defaults to the seats of `--tables`).
    #[arg(long)]
    pub people: Option<usize>,
    /// Size of every table (people must divide evenly).
    #[arg(long, conflicts_with = "tables")]
    pub table_size: Option<u32>,
    /// Explicit tables as COUNTxSIZE items, e.g. `12x8,1x4`.
    #[arg(long)]
    pub tables: Option<String>,
    /// Number of rounds to plan.
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Time budget per run, in seconds.
    #[arg(long, default_value_t = 60.0)]
    pub seconds: f64,
    /// Iteration budget instead of a deadline (deterministic runs).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Seed of the run (the suite uses seeds 1..=5).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the plan here: one line per round with each person's table.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Run every case of the issue with 5 seeds and print a Markdown table.
    #[arg(long)]
    pub suite: bool,
    /// With `--suite`: only cases whose name contains this.
    #[arg(long)]
    pub only: Option<String>,
}

/// Runs one case, or the suite.
pub fn run(args: &GolferArgs) -> anyhow::Result<()> {
    if args.suite {
        return run_suite(args);
    }
    let tables = parse_tables(args)?;
    let people = match args.people {
        Some(p) => p,
        None => tables.iter().map(|t| t.max as usize).sum(),
    };
    let rounds = args.rounds.context("--rounds is required")?;
    let case = Case {
        name: "custom".to_owned(),
        people,
        tables,
        rounds,
        seconds: args.seconds,
        wants_per_person: 0,
        target: "—".to_owned(),
    };
    let (plan, elapsed) = solve(&case, args.seed, args.iterations)?;
    let r = &plan.report;
    println!(
        "people {people}, tables {}, rounds {rounds}, seed {}",
        describe_tables(&case.tables),
        args.seed
    );
    println!(
        "repeat-free bound {} rounds; repeats lower bound {}",
        r.repeat_free_bound
            .map_or_else(|| "none".to_owned(), |b| b.to_string()),
        r.repeats_lower_bound
    );
    println!("repeated meetings {}", r.repeated_meetings);
    println!("repeats per round {:?}", r.repeats_per_round);
    for p in r.repeated_pairs.iter().take(20) {
        println!("  pair ({}, {}) rounds {:?}", p.a, p.b, p.rounds);
    }
    println!(
        "time {:.3} s, iterations {}",
        elapsed.as_secs_f64(),
        r.iterations
    );
    if let Some(path) = &args.out {
        let mut text = String::new();
        for a in &plan.rounds {
            let line: Vec<String> = a.table_of.iter().map(u32::to_string).collect();
            writeln!(text, "{}", line.join(" "))?;
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// One benchmark case.
struct Case {
    name: String,
    people: usize,
    tables: Vec<TableSpec>,
    rounds: usize,
    seconds: f64,
    /// Random mutual-want partners per person (0: none).
    wants_per_person: usize,
    target: String,
}

fn exact(count: usize, size: u32) -> Vec<TableSpec> {
    vec![
        TableSpec {
            min: size,
            max: size,
            locked: false
        };
        count
    ]
}

fn suite_cases() -> Vec<Case> {
    let case = |name: &str, people, tables, rounds, seconds, wants, target: &str| Case {
        name: name.to_owned(),
        people,
        tables,
        rounds,
        seconds,
        wants_per_person: wants,
        target: target.to_owned(),
    };
    let conference = [exact(12, 8), exact(1, 4)].concat();
    vec![
        case(
            "golfer 32×4, 9 rounds",
            32,
            exact(8, 4),
            9,
            60.0,
            0,
            "0 repeats in 60 s",
        ),
        case(
            "golfer 32×4, 10 rounds (optimum)",
            32,
            exact(8, 4),
            10,
            60.0,
            0,
            "report; GA tool: 29",
        ),
        case(
            "Kirkman 15×3, 7 rounds",
            15,
            exact(5, 3),
            7,
            60.0,
            0,
            "0 repeats",
        ),
        case(
            "conference 60×6, 5 rounds",
            60,
            exact(10, 6),
            5,
            1.0,
            0,
            "0 repeats in ≤ 1 s",
        ),
        case(
            "conference 100 (12×8 + 1×4), 6 rounds",
            100,
            conference.clone(),
            6,
            1.0,
            0,
            "0 repeats in ≤ 1 s",
        ),
        case(
            "conference 300×10, 8 rounds",
            300,
            exact(30, 10),
            8,
            1.0,
            0,
            "0 repeats in ≤ 1 s",
        ),
        case(
            "100 (12×8 + 1×4), 6 rounds, 2 mutual wants each",
            100,
            conference,
            6,
            1.0,
            2,
            "0 repeats, ≥ 95 % wants met",
        ),
        case(
            "golfer 32×4, 11 rounds (beyond bound)",
            32,
            exact(8, 4),
            11,
            10.0,
            0,
            "spread repeats",
        ),
    ]
}

/// Random mutual wants (about `per_person` per person) and an affinity with small random values
/// on 5 % of pairs plus 6 on wanted pairs, like the default weights.
fn wants_and_affinity(case: &Case, seed: u64) -> (Vec<(u32, u32)>, DenseAffinity) {
    let n = case.people;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut aff = DenseAffinity::zeros(n);
    let mut wants = Vec::new();
    if case.wants_per_person == 0 {
        return (wants, aff);
    }
    for i in 0..n as u32 {
        for j in i + 1..n as u32 {
            if rng.random_bool(0.05) {
                aff.set(i, j, rng.random_range(0.0..1.0));
            }
        }
    }
    let pairs = n * case.wants_per_person / 2;
    while wants.len() < pairs {
        let i = rng.random_range(0..n as u32);
        let j = rng.random_range(0..n as u32);
        let key = (i.min(j), i.max(j));
        if i != j && !wants.contains(&key) {
            wants.push(key);
            aff.set(i, j, 6.0);
        }
    }
    (wants, aff)
}

fn solve(
    case: &Case,
    seed: u64,
    iterations: Option<u64>,
) -> anyhow::Result<(RoundsPlan, Duration)> {
    let (mutual_wants, affinity) = wants_and_affinity(case, seed);
    let input = RoundsInput {
        people: case.people,
        rounds: vec![case.tables.clone(); case.rounds],
        mutual_wants,
        ..RoundsInput::default()
    };
    let start = Instant::now();
    let budget = match iterations {
        Some(i) => Budget {
            converge: false,
            max_iterations: Some(i),
            deadline: None,
        },
        None => Budget {
            converge: false,
            max_iterations: None,
            deadline: Some(start + Duration::from_secs_f64(case.seconds)),
        },
    };
    let plan = plan_rounds(&input, &affinity, seed, budget)?;
    Ok((plan, start.elapsed()))
}

fn run_suite(args: &GolferArgs) -> anyhow::Result<()> {
    println!(
        "| case | target | bound | median repeats (5 seeds) | per seed | max per round (worst seed) | wants met | max time |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for case in suite_cases() {
        if args
            .only
            .as_deref()
            .is_some_and(|only| !case.name.contains(only))
        {
            continue;
        }
        let mut repeats = Vec::new();
        let mut worst_round = 0;
        let mut max_time = Duration::ZERO;
        let mut wants = (0, 0);
        let mut bound = String::new();
        for seed in 1..=5 {
            let (plan, elapsed) = solve(&case, seed, args.iterations)?;
            let r = &plan.report;
            repeats.push(r.repeated_meetings);
            worst_round = worst_round.max(r.repeats_per_round.iter().copied().max().unwrap_or(0));
            max_time = max_time.max(elapsed);
            wants.0 += r.wanted_met;
            wants.1 += r.wanted_pairs;
            bound = r
                .repeat_free_bound
                .map_or_else(|| "none".to_owned(), |b| format!("{b} rounds"));
        }
        let per_seed: Vec<String> = repeats.iter().map(u64::to_string).collect();
        repeats.sort_unstable();
        let wants = if wants.1 == 0 {
            "—".to_owned()
        } else {
            format!("{:.1} %", 100.0 * wants.0 as f64 / wants.1 as f64)
        };
        println!(
            "| {} | {} | {bound} | {} | {} | {worst_round} | {wants} | {:.2} s |",
            case.name,
            case.target,
            repeats[2],
            per_seed.join(", "),
            max_time.as_secs_f64()
        );
    }
    Ok(())
}

fn parse_tables(args: &GolferArgs) -> anyhow::Result<Vec<TableSpec>> {
    if let Some(list) = &args.tables {
        let mut tables = Vec::new();
        for item in list.split(',') {
            let (count, size) = item
                .trim()
                .split_once('x')
                .with_context(|| format!("table item {item:?} is not COUNTxSIZE"))?;
            let count: usize = count
                .parse()
                .with_context(|| format!("count in {item:?}"))?;
            let size: u32 = size.parse().with_context(|| format!("size in {item:?}"))?;
            tables.extend(exact(count, size));
        }
        return Ok(tables);
    }
    let (Some(people), Some(k)) = (args.people, args.table_size) else {
        bail!("give --people with --table-size, or --tables");
    };
    if k == 0 || people % k as usize != 0 {
        bail!("{people} people do not split into tables of {k}");
    }
    Ok(exact(people / k as usize, k))
}

fn describe_tables(tables: &[TableSpec]) -> String {
    let mut out: Vec<(usize, u32)> = Vec::new();
    for t in tables {
        match out.last_mut() {
            Some((c, s)) if *s == t.max => *c += 1,
            _ => out.push((1, t.max)),
        }
    }
    out.iter()
        .map(|(c, s)| format!("{c}x{s}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(tables: Option<&str>, people: Option<usize>, k: Option<u32>) -> GolferArgs {
        GolferArgs {
            people,
            table_size: k,
            tables: tables.map(str::to_owned),
            rounds: Some(1),
            seconds: 1.0,
            iterations: None,
            seed: 1,
            out: None,
            suite: false,
            only: None,
        }
    }

    #[test]
    fn explicit_table_lists_parse_into_exact_sizes() {
        let t = parse_tables(&args(Some("12x8,1x4"), None, None)).expect("parses");
        assert_eq!(t.len(), 13);
        assert_eq!(t.iter().map(|t| t.max as usize).sum::<usize>(), 100);
        assert_eq!(describe_tables(&t), "12x8,1x4");
    }

    #[test]
    fn people_that_do_not_divide_into_tables_are_rejected() {
        assert!(parse_tables(&args(None, Some(10), Some(4))).is_err());
        assert!(parse_tables(&args(Some("3y4"), None, None)).is_err());
    }
}
