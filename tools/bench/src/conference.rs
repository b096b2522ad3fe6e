//! `tablemates-bench conference`: seats a synthetic conference with the large-scale solver and
//! prints the objective of a random seating, of the construction alone and of the final seating,
//! the orphans, the time taken and the process's peak memory.

use std::time::{Duration, Instant};

use anyhow::Context;

use tablemates::matching::conference::{ConferenceAffinity, score_seating};
use tablemates::matching::generator::{ConferenceSpec, generate};
use tablemates::matching::model::Budget;
use tablemates::matching::scale::{LargeOptions, random_seating, solve_large};

/// Options of the conference benchmark.
#[derive(Debug, Clone, clap::Args)]
pub struct ConferenceArgs {
    /// Number of attendees.
    #[arg(long, default_value_t = 20_000)]
    pub people: usize,
    /// Time budget of the solve (affinity, construction and search), in seconds.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Stop the search after this many steps (one step = one person examined) instead of
    /// at the deadline; makes the run reproducible.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Seed of both the generator and the solver.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value_t = 6)]
    pub table_min: u32,
    #[arg(long, default_value_t = 8)]
    pub table_max: u32,
    /// Size of the interest vocabulary.
    #[arg(long, default_value_t = 500)]
    pub vocabulary: u32,
    /// Mean interests per person.
    #[arg(long, default_value_t = 8)]
    pub interests: u32,
    /// Earlier meetings per person (a later round of the same event).
    #[arg(long, default_value_t = 0.0)]
    pub met_before: f64,
    /// Cost of one orphan in the search objective.
    #[arg(long, default_value_t = tablemates::matching::scale::DEFAULT_ORPHAN_PENALTY)]
    pub orphan_penalty: f64,
    /// Random holders of a person's interests whose tables the search tries per step.
    #[arg(long, default_value_t = tablemates::matching::scale::Tuning::default().interest_samples)]
    pub interest_samples: usize,
    /// Members of a candidate table tried as swap partners (all when omitted).
    #[arg(long)]
    pub swap_partners: Option<usize>,
}

/// Runs the benchmark and prints a human-readable report plus one `RESULT` line for scripts.
pub fn run(args: ConferenceArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.seconds.is_finite() && args.seconds > 0.0,
        "--seconds must be a positive number of seconds"
    );
    let mut spec = ConferenceSpec::new(args.people, args.seed);
    spec.table_min = args.table_min;
    spec.table_max = args.table_max;
    spec.vocabulary = args.vocabulary;
    spec.interests_per_person = args.interests;
    spec.met_before_per_person = args.met_before;

    let clock = Instant::now();
    let problem = generate(&spec).context("generating the conference")?;
    let generated = clock.elapsed();
    println!(
        "conference: {} people, {} tables of {}-{}, seed {}",
        problem.people.len(),
        problem.tables.len(),
        args.table_min,
        args.table_max,
        args.seed
    );
    println!("generate       {:>8.3} s", generated.as_secs_f64());

    let baseline_affinity = ConferenceAffinity::new(&problem).context("building the affinity")?;
    let random = random_seating(&problem, &baseline_affinity, args.seed)?;
    let random = score_seating(&baseline_affinity, &random.table_of, problem.tables.len());
    let construction_clock = Instant::now();
    let only_construction = LargeOptions::new(
        args.seed,
        Budget {
            converge: false,
            max_iterations: Some(0),
            deadline: None,
        },
    );
    let (_, constructed) = solve_large(&problem, &baseline_affinity, &only_construction)?;
    let construction_time = construction_clock.elapsed();
    drop(baseline_affinity);

    let sched_before = scheduler_times();
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(args.seconds);
    let affinity = ConferenceAffinity::new(&problem).context("building the affinity")?;
    let affinity_time = start.elapsed();
    let mut options = LargeOptions::new(
        args.seed,
        Budget {
            converge: false,
            max_iterations: args.iterations,
            deadline: Some(deadline),
        },
    );
    options.orphan_penalty = args.orphan_penalty;
    options.tuning.interest_samples = args.interest_samples;
    if let Some(partners) = args.swap_partners {
        options.tuning.swap_partners = partners;
    }
    let (_, stats) = solve_large(&problem, &affinity, &options)?;
    let solve_time = start.elapsed();
    let sched = scheduler_times()
        .zip(sched_before)
        .map(|(after, before)| (after.0 - before.0, after.1 - before.1));
    let peak = peak_memory_kib();

    println!("affinity       {:>8.3} s", affinity_time.as_secs_f64());
    println!(
        "random         objective {:>14.1}   orphans {:>6}",
        random.objective, random.orphans
    );
    println!(
        "construction   objective {:>14.1}   orphans {:>6}   ({:.3} s, {:.2}x random)",
        constructed.construction.objective,
        constructed.construction.orphans,
        construction_time.as_secs_f64(),
        constructed.construction.objective / random.objective
    );
    println!(
        "final          objective {:>14.1}   orphans {:>6}   ({:.2}x random, {:+.1} % over construction)",
        stats.result.objective,
        stats.result.orphans,
        stats.result.objective / random.objective,
        100.0 * (stats.result.objective / stats.construction.objective - 1.0)
    );
    println!(
        "search         {} steps, {} sweeps, {} moves, {} swaps, stopped by {:?}; {} people share nothing with anyone",
        stats.steps, stats.sweeps, stats.moves, stats.swaps, stats.stop, stats.unavoidable_orphans
    );
    println!(
        "solve          {:>8.3} s (budget {} s)",
        solve_time.as_secs_f64(),
        args.seconds
    );
    if let Some((on_cpu, waiting)) = sched {
        println!(
            "cpu            {:>8.3} s on a core, {:.3} s waiting for one (machine contention)",
            on_cpu.as_secs_f64(),
            waiting.as_secs_f64()
        );
    }
    match peak {
        Some(kib) => println!("peak memory    {:>8.1} MiB (VmHWM)", kib as f64 / 1024.0),
        None => println!("peak memory    unknown (no /proc/self/status)"),
    }
    println!(
        "RESULT people={} seed={} random={:.1} construction={:.1} final={:.1} construction_orphans={} orphans={} solve_s={:.3} cpu_s={:.3} steps={} peak_mib={:.1}",
        problem.people.len(),
        args.seed,
        random.objective,
        stats.construction.objective,
        stats.result.objective,
        stats.construction.orphans,
        stats.result.orphans,
        solve_time.as_secs_f64(),
        sched.map_or(f64::NAN, |s| s.0.as_secs_f64()),
        stats.steps,
        peak.map_or(f64::NAN, |kib| kib as f64 / 1024.0)
    );
    Ok(())
}

/// The process's peak resident set (`VmHWM`) in KiB, on Linux.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Time this thread has run on a CPU and time it has waited in the run queue, from
/// `/proc/thread-self/schedstat` (nanoseconds, Linux with schedstats).
fn scheduler_times() -> Option<(Duration, Duration)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    let on_cpu = fields.next()??;
    let waiting = fields.next()??;
    Some((Duration::from_nanos(on_cpu), Duration::from_nanos(waiting)))
}
