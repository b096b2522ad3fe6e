//! `tablemates-bench load`: the load and fault suite. Every scenario starts what it needs on
//! loopback (a private PostgreSQL cluster, release `tablemates serve` processes, an SMTP
//! sink), drives it, checks what must hold, stops everything and prints one Markdown table
//! for BENCHMARKS.md. A failed check makes the command exit non-zero.

mod cluster;
mod disk;
mod kill;
mod mail_flood;
mod mixed;
mod report;
mod restart;
mod sink;
mod stage;
mod traffic;

use std::time::Duration;

pub use report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// Mixed traffic from many clients on two instances sharing one PostgreSQL database.
    Mixed,
    /// Two instances drain a large outbox into an SMTP sink; each email arrives once.
    Mail,
    /// PostgreSQL stopped and started again under load: fast 503s, then recovery.
    DbRestart,
    /// One of two instances killed with SIGKILL under load: the other carries on and takes
    /// over the killed one's leased emails and jobs.
    Kill,
    /// SQLite on a full and on a read-only filesystem (small tmpfs mounts).
    SqliteDisk,
}

#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Scenarios to run, in this order (repeat the flag or separate with commas); all by default.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub scenario: Vec<Scenario>,
    /// The short form for CI: fewer clients, seconds, people and emails (about 2 minutes).
    #[arg(long)]
    pub short: bool,
    /// Where the private PostgreSQL cluster's binaries are (`initdb`, `pg_ctl`); by default
    /// the newest /usr/lib/postgresql/*/bin.
    #[arg(long)]
    pub pg_bin: Option<std::path::PathBuf>,
}

/// The sizes of one run: the full suite, or its short form.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub clients: usize,
    pub seconds: u64,
    pub people: usize,
    pub emails: usize,
    /// Whether the kill scenario also waits out the job runner's fixed 60 s lease.
    pub job_takeover: bool,
}

impl Sizes {
    fn of(short: bool) -> Self {
        if short {
            Self {
                clients: 50,
                seconds: 10,
                people: 1_000,
                emails: 2_000,
                job_takeover: false,
            }
        } else {
            Self {
                clients: 200,
                seconds: 60,
                people: 5_000,
                emails: 20_000,
                job_takeover: true,
            }
        }
    }

    fn duration(&self) -> Duration {
        Duration::from_secs(self.seconds)
    }
}

pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let sizes = Sizes::of(args.short);
    let scenarios = if args.scenario.is_empty() {
        vec![
            Scenario::Mixed,
            Scenario::Mail,
            Scenario::DbRestart,
            Scenario::Kill,
            Scenario::SqliteDisk,
        ]
    } else {
        args.scenario.clone()
    };
    let mut report = Report::new(sizes, args.short);
    let mut cluster = None;
    for scenario in scenarios {
        let started = std::time::Instant::now();
        let outcome = match scenario {
            Scenario::SqliteDisk => disk::run(&mut report).await,
            server_scenario => {
                if cluster.is_none() {
                    cluster = Some(cluster::Cluster::start(args.pg_bin.as_deref()).await?);
                }
                let Some(cluster) = cluster.as_mut() else {
                    unreachable!("started above")
                };
                match server_scenario {
                    Scenario::Mixed => mixed::run(cluster, sizes, &mut report).await,
                    Scenario::Mail => mail_flood::run(cluster, sizes, &mut report).await,
                    Scenario::DbRestart => restart::run(cluster, sizes, &mut report).await,
                    Scenario::Kill => kill::run(cluster, sizes, &mut report).await,
                    Scenario::SqliteDisk => unreachable!("matched above"),
                }
            }
        };
        if let Err(e) = outcome {
            report.failed(scenario, format!("{e:#}"));
        }
        eprintln!(
            "load: {scenario:?} finished in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    if let Some(cluster) = cluster {
        cluster.stop();
    }
    print!("{}", report.markdown());
    let failures = report.failures();
    anyhow::ensure!(failures == 0, "{failures} check(s) failed (see the table)");
    Ok(())
}
