//! The `tablemates` binary: parse the command line and configuration, then hand over to the
//! library.

use anyhow::Context;
use clap::Parser;
use tablemates::cli::{BenchCommand, Cli, Command, OrganizerCommand};
use tablemates::config::Config;
use tablemates::domain::{EmailAddress, PersonName};
use tablemates::startup::Application;
use tablemates::store::Db;
use tablemates::{telemetry, workflows};

/// A multi-threaded runtime, so the registration writers and the outbox worker spread over the
/// cores instead of sharing the one thread an actix system would give them.
fn main() -> anyhow::Result<()> {
    limit_malloc_arenas();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init();
    // Benchmarks need no configuration, so a bad service setting does not stop them.
    let config = || Config::from_env().context("invalid configuration");
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Bench(BenchCommand::Conference(args)) => tablemates::bench::conference::run(args)?,
        Command::Bench(BenchCommand::Golfer(args)) => tablemates::bench::golfer::run(&args)?,
        Command::Bench(BenchCommand::Mdgp(args)) => tablemates::bench::mdgp::run(&args)?,
        Command::Bench(BenchCommand::Quality(args)) => tablemates::bench::quality::run(&args)?,
        Command::Bench(BenchCommand::Mail(args)) => tablemates::bench::mail::run(args).await?,
        Command::Bench(BenchCommand::Export(args)) => tablemates::bench::export::run(args).await?,
        Command::Bench(BenchCommand::Seating(args)) => {
            tablemates::bench::seating::run(args).await?
        }
        Command::Serve { demo } => {
            let config = config()?;
            let app = Application::build(config.clone()).await?;
            let mut url = config.base_url.clone();
            if config.listen.port() == 0 {
                let _ = url.set_port(Some(app.port()));
            }
            if demo {
                match tablemates::demo::seed(app.db()).await? {
                    Some(d) => {
                        println!(
                            "demo: {} fictional attendees and a lunch series at {}c/{}",
                            d.attendees, url, d.slug
                        );
                        println!(
                            "demo organizer API token (shown once): {}",
                            d.organizer_token
                        );
                    }
                    None => {
                        println!("demo: the database already holds a conference; left as it is")
                    }
                }
            }
            println!("tablemates is listening on {url}");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let config = config()?;
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            println!("migrations applied");
        }
        Command::Organizer(OrganizerCommand::Create { email, name }) => {
            let email = EmailAddress::parse(&email)
                .map_err(|e| anyhow::anyhow!("--email: {}", e.message()))?;
            let name =
                PersonName::parse(&name).map_err(|e| anyhow::anyhow!("--name: {}", e.message()))?;
            let config = config()?;
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let (organizer, token) = workflows::organizers::create_with_token(
                &db,
                email.normalized(),
                name.as_str(),
                chrono::Utc::now(),
                &mut rand::rng(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("organizer {} <{}>", organizer.name, organizer.email);
            println!("API token (shown once, keep it secret): {token}");
        }
    }
    Ok(())
}

/// glibc gives every thread that allocates its own malloc arena, up to eight per core, and
/// memory freed in one is not reused by another: a 100,000-row export peaked at 105 MiB with
/// the default and 91 MiB with two arenas (BENCHMARKS.md, exports; mimalloc did worse, 121–128
/// MiB). glibc reads `MALLOC_ARENA_MAX` once, before `main`, and the crate forbids the `unsafe`
/// a `mallopt` call needs, so the binary starts itself again with the variable set (`exec`
/// keeps the process id). An operator's own `MALLOC_ARENA_MAX` wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none()
        && let Ok(exe) = std::env::current_exe()
    {
        use std::os::unix::process::CommandExt;
        let mut args = std::env::args_os();
        // argv[0] as typed, not the absolute path of the executable: `ps` and the command line
        // `bench quality` records show what was run.
        let error = std::process::Command::new(exe)
            .arg0(args.next().unwrap_or_default())
            .args(args)
            .env("MALLOC_ARENA_MAX", "2")
            .exec();
        eprintln!("could not restart with MALLOC_ARENA_MAX=2 ({error}); going on without");
    }
}
