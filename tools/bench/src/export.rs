//! `tablemates-bench export`: seeds a scratch database with a conference whose meetups all have
//! published plans (through the store functions, not HTTP), then starts the service in a child
//! process on it and times the organizer's seats export over HTTP, from the request to the last
//! byte. The peak memory reported is the server process's own (`VmHWM`), so neither the seeding
//! nor the client is in it.

use std::time::Instant;

use anyhow::Context;
use chrono::Utc;

use super::published::{self, Shape};
use super::scratch::Scratch;
use super::server::{self, Server};

/// Options of the export benchmark.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Attendees, each seated in every meetup.
    #[arg(long, default_value_t = 20_000)]
    pub people: usize,
    #[arg(long, default_value_t = 5)]
    pub meetups: usize,
    #[arg(long, default_value_t = 8)]
    pub table_size: usize,
    /// JSON instead of CSV.
    #[arg(long)]
    pub json: bool,
    /// A PostgreSQL or MariaDB server (e.g. postgres://postgres@127.0.0.1:5432/postgres) to
    /// create a scratch database on, dropped afterwards; the default is a temporary SQLite file.
    #[arg(long)]
    pub database_url: Option<String>,
}

use super::scratch::SLUG;

/// Seeds, serves, exports and prints a report plus one `RESULT` line for scripts.
pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.people > 0 && args.meetups > 0 && args.table_size > 1,
        "sizes must be positive"
    );
    // Before seeding, which takes a while at full size, rather than after it.
    server::service_executable()?;
    let scratch = Scratch::create(args.database_url.as_deref()).await?;
    let result = seed_and_measure(&args, &scratch).await;
    scratch.remove().await;
    result
}

async fn seed_and_measure(args: &ExportArgs, scratch: &Scratch) -> anyhow::Result<()> {
    let shape = Shape {
        people: args.people,
        meetups: args.meetups,
        tables: args.people.div_ceil(args.table_size),
        drafts: false,
    };
    let (seeded, backend, took) = scratch
        .seeded(async |db| published::seed(db, shape, Utc::now()).await)
        .await?;
    let token = seeded.token;
    println!(
        "seeded         {:>8.2} s ({} attendees, {} meetups, {backend:?})",
        took.as_secs_f64(),
        args.people,
        args.meetups
    );

    let server = Server::start(&scratch.url).await?;
    let before = server.memory();
    let cpu_before = server.cpu_seconds();
    let file = if args.json { "seats.json" } else { "seats.csv" };
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut response = client
        .get(server.url(&format!("/api/v1/conferences/{SLUG}/exports/{file}")))
        .bearer_auth(&token)
        .send()
        .await
        .context("requesting the export")?;
    let first_byte = started.elapsed();
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        anyhow::bail!(
            "the export: expected 200, got {status}: {}\nserver log:\n{}",
            response.text().await.unwrap_or_default(),
            server.log_tail()
        );
    }
    // Kept whole so the rows can be counted after the clock stops; this is the client's
    // memory, not the server's.
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.context("reading the export")? {
        body.extend_from_slice(&chunk);
    }
    let seconds = started.elapsed().as_secs_f64();
    let after = server.memory();
    let cpu = server
        .cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    drop(server);

    let rows = count_rows(&body, args.json)?;
    let expected = args.people * args.meetups;
    anyhow::ensure!(
        rows == expected,
        "the export holds {rows} rows, not the {expected} seeded"
    );
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!("rows           {rows:>8}");
    println!("bytes          {:>8}", body.len());
    println!(
        "export         {seconds:>8.3} s ({:.0} rows/s; first byte after {:.3} s)",
        rows as f64 / seconds,
        first_byte.as_secs_f64()
    );
    if let Some(cpu) = cpu {
        println!("server cpu     {cpu:>8.2} s during the export (all threads)");
    }
    match (before, after) {
        (Some(before), Some(after)) => println!(
            "server memory  {:>8.1} MiB peak (VmHWM of the server process; {:.1} MiB before the export)",
            mib(after.peak_kib),
            mib(before.rss_kib)
        ),
        _ => println!("server memory  unknown (no /proc)"),
    }
    println!(
        "RESULT backend={backend:?} format={} rows={rows} bytes={} export_s={seconds:.3} rows_per_s={:.0} server_peak_mib={:.1} server_rss_before_mib={:.1} server_cpu_s={:.2}",
        if args.json { "json" } else { "csv" },
        body.len(),
        rows as f64 / seconds,
        after.map_or(f64::NAN, |m| mib(m.peak_kib)),
        before.map_or(f64::NAN, |m| mib(m.rss_kib)),
        cpu.unwrap_or(f64::NAN)
    );
    Ok(())
}

/// Data rows of a seats export: CSV records after the header, or JSON array elements.
fn count_rows(body: &[u8], json: bool) -> anyhow::Result<usize> {
    if json {
        let rows: Vec<serde::de::IgnoredAny> =
            serde_json::from_slice(body).context("the JSON export does not parse")?;
        return Ok(rows.len());
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let mut rows = 0;
    for record in reader.byte_records() {
        record.context("the CSV export does not parse")?;
        rows += 1;
    }
    Ok(rows)
}
