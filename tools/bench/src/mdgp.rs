//! `tablemates-bench mdgp`: runs the seating solver on MDGPLIB files and reports objective, gap to
//! the best-known value and time; on a folder, runs every instance with several seeds and prints a
//! Markdown table for BENCHMARKS.md.
//!
//! The I/O edge of the benchmark: parsing and checking live in `matching::mdgp`, the search in
//! `matching::solver`. Every reported objective is recomputed by the checker from the assignment.

use anyhow::{Context, bail};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tablemates::matching::mdgp::{self, BestKnown, Optimum};
use tablemates::matching::model::Budget;
use tablemates::matching::solver::{self, Constraints, Mode, SolveOptions};

/// Arguments of `tablemates-bench mdgp`.
#[derive(Debug, Clone, clap::Args)]
pub struct MdgpArgs {
    /// An MDGPLIB instance file, or a folder of them for a batch run.
    pub file: PathBuf,
    /// Time limit per run; default: the state of the art's limit for the instance size
    /// (3/20/120/600 s for n = 120/240/480/960), 0.1 s for n ≤ 12, 1 s with --fast.
    #[arg(long)]
    pub seconds: Option<f64>,
    /// Seed of the (first) run; a batch uses seeds seed, seed+1, … seed+runs-1.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Writes the assignment (one 0-based group per line, in element order); single file only.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Best-known values; `optimal_small_computed.tsv` beside it is read too if present.
    #[arg(long, default_value = "../shared/bench/mdgp/bks.tsv")]
    pub bks: PathBuf,
    /// Search lanes per run, each on its own thread.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// The solver's fast mode for live use (default limit 1 s).
    #[arg(long)]
    pub fast: bool,
    /// Stops after this many solver iterations instead of at the time limit: a reproducible run,
    /// identical on every machine for the same seed and lanes.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Instead of solving, checks this solution of FILE: our `--out` format (one group per line) or
    /// a TPSDP solution file; prints its objective and gap.
    #[arg(long)]
    pub check: Option<PathBuf>,
    /// Batch: runs (seeds) per instance.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Batch: runs executed at the same time (each with --threads lanes).
    #[arg(long, default_value_t = 1)]
    pub jobs: usize,
    /// Batch: only instances whose file name contains this text.
    #[arg(long)]
    pub filter: Option<String>,
}

/// Runs the benchmark on one file or on every `.txt` instance in a folder.
pub fn run(args: &MdgpArgs) -> anyhow::Result<()> {
    let references = References::load(&args.bks)?;
    if args.file.is_dir() {
        return run_batch(args, &references);
    }
    let name = instance_name(&args.file);
    let instance = load_instance(&args.file)?;
    if let Some(path) = &args.check {
        return check_solution(&instance, &references, path);
    }
    let n = instance.affinity_len();
    let seconds = time_limit(args, &references, &name, n);
    let outcome = solve_once(&instance.parsed, args, args.seed, seconds)?;
    println!(
        "instance {name}  n {n}  groups {}  kind {}",
        instance.parsed.tables.len(),
        instance.parsed.kind
    );
    match references.get(&name) {
        Some(r) => println!(
            "objective {:.3}  {} {:.3}  gap {:.4} %",
            outcome.objective,
            r.label,
            r.value,
            gap_percent(r.value, outcome.objective)
        ),
        None => println!(
            "objective {:.3}  (no reference value for {name})",
            outcome.objective
        ),
    }
    println!(
        "time {:.3} s{} (limit {seconds} s)  iterations {} (best at {})  seed {}  threads {}{}",
        outcome.seconds,
        outcome
            .cpu_seconds
            .map(|c| format!(", cpu {c:.2} s"))
            .unwrap_or_default(),
        outcome.iterations,
        outcome.best_iteration,
        args.seed,
        args.threads,
        if args.fast { "  mode fast" } else { "" }
    );
    if let Some(path) = &args.out {
        std::fs::write(path, mdgp::format_assignment(&outcome.group_of))
            .with_context(|| format!("writing the assignment to {}", path.display()))?;
        println!("assignment written to {}", path.display());
    }
    Ok(())
}

/// Scores a saved solution with the checker: either our one-group-per-line format or TPSDP's.
fn check_solution(
    instance: &LoadedInstance,
    references: &References,
    path: &Path,
) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let group_of = match mdgp::parse_assignment(&text) {
        Ok(groups) => groups,
        Err(_) => {
            mdgp::parse_tpsdp_solution(&text)
                .with_context(|| {
                    format!(
                        "{} is neither one group per line nor a TPSDP solution",
                        path.display()
                    )
                })?
                .group_of
        }
    };
    let objective = mdgp::check(&instance.parsed, &group_of)
        .with_context(|| format!("{} is not a feasible solution", path.display()))?;
    print!("{}: feasible, objective {objective:.3}", instance.name);
    match references.get(&instance.name) {
        Some(r) => println!(
            ", {} {:.3}, gap {:.4} %",
            r.label,
            r.value,
            gap_percent(r.value, objective)
        ),
        None => println!(),
    }
    Ok(())
}

/// A reference value: best-known (n ≥ 120) or proven/enumerated optimum (n ≤ 12).
#[derive(Debug, Clone)]
struct Reference {
    value: f64,
    label: &'static str,
    time_limit_s: Option<f64>,
}

#[derive(Debug, Default)]
struct References(HashMap<String, Reference>);

impl References {
    /// Reads `bks.tsv` and, if present, `optimal_small_computed.tsv` beside it; a missing `bks.tsv`
    /// only means no gaps are reported.
    fn load(bks: &Path) -> anyhow::Result<Self> {
        let mut map = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(bks) {
            let rows: Vec<BestKnown> = mdgp::parse_best_known(&text)
                .with_context(|| format!("reading {}", bks.display()))?;
            for r in rows {
                map.insert(
                    r.instance,
                    Reference {
                        value: r.best_known,
                        label: "best-known",
                        time_limit_s: r.time_limit_s,
                    },
                );
            }
        } else {
            eprintln!(
                "note: {} not found; no gaps will be reported",
                bks.display()
            );
        }
        let optima_path = bks.with_file_name("optimal_small_computed.tsv");
        if let Ok(text) = std::fs::read_to_string(&optima_path) {
            let rows: Vec<Optimum> = mdgp::parse_optima(&text)
                .with_context(|| format!("reading {}", optima_path.display()))?;
            for r in rows {
                map.insert(
                    r.instance,
                    Reference {
                        value: r.optimum,
                        label: "optimum",
                        time_limit_s: None,
                    },
                );
            }
        }
        Ok(Self(map))
    }

    fn get(&self, name: &str) -> Option<&Reference> {
        self.0.get(name)
    }
}

struct LoadedInstance {
    name: String,
    parsed: mdgp::Instance,
}

impl LoadedInstance {
    fn affinity_len(&self) -> usize {
        use tablemates::matching::affinity::Affinity;
        self.parsed.affinity.len()
    }
}

fn instance_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_instance(path: &Path) -> anyhow::Result<LoadedInstance> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let parsed =
        mdgp::parse_instance(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(LoadedInstance {
        name: instance_name(path),
        parsed,
    })
}

/// The per-run limit: `--seconds`, else 1 s in fast mode, else the published limit for the
/// instance, else 0.1 s for n ≤ 12 and 3 s otherwise.
fn time_limit(args: &MdgpArgs, references: &References, name: &str, n: usize) -> f64 {
    if let Some(s) = args.seconds {
        return s;
    }
    if args.fast {
        return 1.0;
    }
    if let Some(t) = references.get(name).and_then(|r| r.time_limit_s) {
        return t;
    }
    match n {
        0..=12 => 0.1,
        13..=120 => 3.0,
        121..=240 => 20.0,
        241..=480 => 120.0,
        _ => 600.0,
    }
}

fn gap_percent(reference: f64, value: f64) -> f64 {
    if reference == 0.0 {
        0.0
    } else {
        100.0 * (reference - value) / reference.abs()
    }
}

#[derive(Debug, Clone)]
struct Outcome {
    objective: f64,
    seconds: f64,
    /// CPU time the run's thread received (Linux, one lane only): on a shared machine it can be
    /// well below `seconds`.
    cpu_seconds: Option<f64>,
    iterations: u64,
    best_iteration: u64,
    group_of: Vec<u32>,
}

/// One timed run; the objective is re-checked by the MDGPLIB checker.
fn solve_once(
    instance: &mdgp::Instance,
    args: &MdgpArgs,
    seed: u64,
    seconds: f64,
) -> anyhow::Result<Outcome> {
    let cpu_start = thread_cpu_seconds();
    let start = Instant::now();
    let options = SolveOptions {
        seed,
        budget: match args.iterations {
            Some(k) => Budget {
                converge: false,
                max_iterations: Some(k),
                deadline: None,
            },
            None => Budget {
                converge: false,
                max_iterations: None,
                deadline: Some(start + Duration::from_secs_f64(seconds.max(0.0))),
            },
        },
        threads: args.threads.max(1),
        mode: if args.fast { Mode::Fast } else { Mode::Quality },
    };
    let solution = solver::solve(
        &instance.affinity,
        &instance.tables,
        &Constraints::default(),
        None,
        &options,
    )?;
    let elapsed = start.elapsed().as_secs_f64();
    let cpu_seconds = match (cpu_start, thread_cpu_seconds()) {
        (Some(a), Some(b)) if args.threads <= 1 => Some(b - a),
        _ => None,
    };
    let group_of = solution.assignment.table_of;
    let objective =
        mdgp::check(instance, &group_of).context("the solver's assignment failed the checker")?;
    if (objective - solution.objective).abs() > 1e-6 * objective.abs().max(1.0) {
        bail!(
            "the solver reported {} but the checker computes {objective}",
            solution.objective
        );
    }
    Ok(Outcome {
        objective,
        seconds: elapsed,
        cpu_seconds,
        iterations: solution.iterations,
        best_iteration: solution.best_iteration,
        group_of,
    })
}

/// User + system time of the calling thread from `/proc/thread-self/stat` (Linux; 100 ticks/s).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Every instance of the folder × `runs` seeds, `jobs` at a time; a Markdown row is printed as
/// soon as an instance (and every one before it) is complete, the summary at the end.
fn run_batch(args: &MdgpArgs, references: &References) -> anyhow::Result<()> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&args.file)
        .with_context(|| format!("listing {}", args.file.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            args.filter
                .as_ref()
                .is_none_or(|f| instance_name(p).contains(f.as_str()))
        })
        .collect();
    paths.sort_by_key(|p| {
        let name = instance_name(p);
        (name.split('_').nth(1).map(str::to_string), name)
    });
    if paths.is_empty() {
        bail!("no .txt instances in {}", args.file.display());
    }
    let instances: Vec<LoadedInstance> = paths
        .iter()
        .map(|p| load_instance(p))
        .collect::<Result<_, _>>()?;
    let runs = args.runs.max(1);
    let jobs: Vec<(usize, u64)> = (0..instances.len())
        .flat_map(|k| (0..runs as u64).map(move |r| (k, r)))
        .collect();

    println!(
        "MDGPLIB batch: {} instances × {runs} seeds ({}..={}), {} lane(s) per run, {} run(s) at a time{}",
        instances.len(),
        args.seed,
        args.seed + runs as u64 - 1,
        args.threads.max(1),
        args.jobs.max(1),
        if args.fast { ", fast mode" } else { "" }
    );
    println!();
    println!(
        "| instance | n | reference | limit s | median | mean | best | median gap % | mean gap % | best gap % | mean time s | mean cpu s |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

    let results: Mutex<Vec<Vec<Option<Outcome>>>> =
        Mutex::new(vec![vec![None; runs]; instances.len()]);
    let printed = Mutex::new(0usize);
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new(vec![None; instances.len()]);
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);

    std::thread::scope(|scope| {
        for _ in 0..args.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&(k, r)) = jobs.get(index) else {
                        break;
                    };
                    let inst = &instances[k];
                    let n = inst.affinity_len();
                    let seconds = time_limit(args, references, &inst.name, n);
                    let seed = args.seed + r;
                    let outcome = match solve_once(&inst.parsed, args, seed, seconds) {
                        Ok(o) => o,
                        Err(e) => {
                            let mut f = failure.lock().unwrap_or_else(|p| p.into_inner());
                            f.get_or_insert(e.context(format!("{} seed {seed}", inst.name)));
                            break;
                        }
                    };
                    let reference = references.get(&inst.name);
                    eprintln!(
                        "{} seed {seed}: {:.3}{} in {:.2} s (cpu {}), {} iterations",
                        inst.name,
                        outcome.objective,
                        reference
                            .map(|r| format!(
                                " (gap {:.4} %)",
                                gap_percent(r.value, outcome.objective)
                            ))
                            .unwrap_or_default(),
                        outcome.seconds,
                        outcome
                            .cpu_seconds
                            .map(|c| format!("{c:.2} s"))
                            .unwrap_or_else(|| "n/a".into()),
                        outcome.iterations
                    );
                    let mut all = results.lock().unwrap_or_else(|p| p.into_inner());
                    all[k][r as usize] = Some(outcome);
                    if all[k].iter().all(Option::is_some) {
                        let outcomes: Vec<Outcome> = all[k].iter().flatten().cloned().collect();
                        let row = Row::new(inst, n, reference, seconds, &outcomes);
                        let mut rows = rows.lock().unwrap_or_else(|p| p.into_inner());
                        rows[k] = Some(row);
                        let mut printed = printed.lock().unwrap_or_else(|p| p.into_inner());
                        while let Some(Some(row)) = rows.get(*printed) {
                            println!("{}", row.markdown());
                            *printed += 1;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let rows: Vec<Row> = rows
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect();
    println!();
    println!("{}", summary(&rows));
    Ok(())
}

#[derive(Debug, Clone)]
struct Row {
    name: String,
    n: usize,
    reference: Option<(f64, &'static str)>,
    seconds: f64,
    median: f64,
    mean: f64,
    best: f64,
    mean_time: f64,
    mean_cpu: Option<f64>,
}

impl Row {
    fn new(
        inst: &LoadedInstance,
        n: usize,
        reference: Option<&Reference>,
        seconds: f64,
        outcomes: &[Outcome],
    ) -> Self {
        let mut values: Vec<f64> = outcomes.iter().map(|o| o.objective).collect();
        values.sort_by(f64::total_cmp);
        let k = values.len();
        let median = if k % 2 == 1 {
            values[k / 2]
        } else {
            (values[k / 2 - 1] + values[k / 2]) / 2.0
        };
        Self {
            name: inst.name.clone(),
            n,
            reference: reference.map(|r| (r.value, r.label)),
            seconds,
            median,
            mean: values.iter().sum::<f64>() / k as f64,
            best: values[k - 1],
            mean_time: outcomes.iter().map(|o| o.seconds).sum::<f64>() / k as f64,
            mean_cpu: outcomes
                .iter()
                .map(|o| o.cpu_seconds)
                .sum::<Option<f64>>()
                .map(|c| c / k as f64),
        }
    }

    fn gap(&self, value: f64) -> Option<f64> {
        self.reference.map(|(r, _)| gap_percent(r, value))
    }

    fn markdown(&self) -> String {
        let fmt_gap = |g: Option<f64>| g.map(|g| format!("{g:.3}")).unwrap_or_else(|| "–".into());
        let reference = self
            .reference
            .map(|(v, label)| format!("{v:.3}{}", if label == "optimum" { " (opt)" } else { "" }))
            .unwrap_or_else(|| "–".into());
        format!(
            "| {} | {} | {reference} | {} | {:.3} | {:.3} | {:.3} | {} | {} | {} | {:.2} | {} |",
            self.name,
            self.n,
            self.seconds,
            self.median,
            self.mean,
            self.best,
            fmt_gap(self.gap(self.median)),
            fmt_gap(self.gap(self.mean)),
            fmt_gap(self.gap(self.best)),
            self.mean_time,
            self.mean_cpu
                .map(|c| format!("{c:.2}"))
                .unwrap_or_else(|| "–".into())
        )
    }
}

/// Mean gaps per instance size, and for n ≤ 12 how many instances reached their optimum in every
/// run's median.
fn summary(rows: &[Row]) -> String {
    let mut out = String::from(
        "| n | instances | mean of median gaps % | mean of mean gaps % | worst median gap % |\n|---:|---:|---:|---:|---:|\n",
    );
    let mut sizes: Vec<usize> = rows.iter().map(|r| r.n).collect();
    sizes.sort_unstable();
    sizes.dedup();
    for n in sizes {
        let group: Vec<&Row> = rows
            .iter()
            .filter(|r| r.n == n && r.reference.is_some())
            .collect();
        if group.is_empty() {
            continue;
        }
        let medians: Vec<f64> = group.iter().filter_map(|r| r.gap(r.median)).collect();
        let means: Vec<f64> = group.iter().filter_map(|r| r.gap(r.mean)).collect();
        let worst = medians.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let _ = writeln!(
            out,
            "| {n} | {} | {:.3} | {:.3} | {:.3} |",
            group.len(),
            medians.iter().sum::<f64>() / medians.len() as f64,
            means.iter().sum::<f64>() / means.len() as f64,
            worst
        );
    }
    out
}
