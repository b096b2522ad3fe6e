//! `tablemates-bench export`: seeds a scratch database with a conference whose meetups all have
//! published plans (through the store functions, not HTTP), then starts the service in a child
//! process on it and times the organizer's seats export over HTTP, from the request to the last
//! byte. The peak memory reported is the server process's own (`VmHWM`), so neither the seeding
//! nor the client is in it.

use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, NaiveDate, Utc};
use uuid::Uuid;

use super::scratch::Scratch;
use super::server::{self, Server};
use tablemates::domain::records::NewAttendee;
use tablemates::domain::records::{
    AttendeeFields, Handle, MeetupFields, NewPlan, PlanTable, Seat, TableDef,
};
use tablemates::domain::{EmailAddress, PersonName};
use tablemates::store::{self, Db};

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

const INTERESTS: [&str; 12] = [
    "rust",
    "databases",
    "ux",
    "ml",
    "security",
    "devops",
    "compilers",
    "web",
    "embedded",
    "testing",
    "accessibility",
    "privacy",
];

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
    let (token, backend, took) = scratch
        .seeded(async |db| seed(db, args, Utc::now()).await)
        .await?;
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

/// Seeds the conference and returns its organizer's API token.
async fn seed(db: &Db, args: &ExportArgs, now: chrono::DateTime<Utc>) -> anyhow::Result<String> {
    let (conference, token) =
        super::scratch::seed_conference(db, 0, args.table_size as i32, args.table_size as i32, now)
            .await?;
    let cid = conference.id;

    let mut ids = Vec::with_capacity(args.people);
    for start in (0..args.people).step_by(2000) {
        let end = (start + 2000).min(args.people);
        let fields: Vec<AttendeeFields> = (start..end)
            .map(|i| AttendeeFields {
                name: PersonName::parse(&format!("Attendee Number {i}")).expect("a valid name"),
                email: EmailAddress::parse(&format!("attendee{i}@example.org"))
                    .expect("a valid address"),
                affiliation: Some(format!("Organisation {}", i % 700)),
                role: None,
                bio: None,
                affiliation_visibility: tablemates::domain::Visibility::Tablemates,
                bio_visibility: tablemates::domain::Visibility::Tablemates,
            })
            .collect();
        let chunk_ids: Vec<Uuid> = fields.iter().map(|_| Uuid::now_v7()).collect();
        let rows: Vec<NewAttendee<'_>> = fields
            .iter()
            .zip(&chunk_ids)
            .map(|(f, id)| NewAttendee {
                id: *id,
                conference_id: cid,
                fields: f,
                status: tablemates::domain::AttendeeStatus::Confirmed,
                privacy_consent_at: now,
                email_consent_at: None,
                confirmed_at: Some(now),
            })
            .collect();
        store::batch::insert_attendees(&db.write, &rows, now).await?;
        let handles: Vec<Vec<Handle>> = (start..end)
            .map(|i| {
                vec![Handle {
                    handle: tablemates::domain::SocialHandle::parse(
                        tablemates::domain::Network::Mastodon,
                        &format!("@person{i}@example.social"),
                    )
                    .expect("a valid handle"),
                    visibility: tablemates::domain::Visibility::Tablemates,
                }]
            })
            .collect();
        let handle_items: Vec<(Uuid, Uuid, &[Handle])> = chunk_ids
            .iter()
            .zip(&handles)
            .map(|(id, h)| (*id, cid, h.as_slice()))
            .collect();
        store::batch::insert_handles(&db.write, &handle_items).await?;
        let interests: Vec<Vec<String>> = (start..end)
            .map(|i| {
                (0..3)
                    .map(|k| INTERESTS[(i * 7 + k * 5) % INTERESTS.len()].to_owned())
                    .collect()
            })
            .collect();
        let interest_items: Vec<(Uuid, Uuid, &[String])> = chunk_ids
            .iter()
            .zip(&interests)
            .map(|(id, names)| (cid, *id, names.as_slice()))
            .collect();
        store::batch::link_interests(&db.write, &interest_items).await?;
        ids.extend(chunk_ids);
    }

    let tables = args.people.div_ceil(args.table_size);
    for m in 0..args.meetups {
        let starts_at = conference_start(now) + Duration::days(m as i64);
        let meetup = store::meetups::insert(
            &db.write,
            cid,
            &MeetupFields {
                name: format!("Lunch {}", m + 1),
                series: Some("lunch".into()),
                starts_at,
                ends_at: starts_at + Duration::hours(1),
                location: "Hall B".into(),
                opt_in_only: false,
                tables: (1..=tables as i32)
                    .map(|n| TableDef {
                        number: n,
                        label: format!("Table {n}"),
                        min: 1,
                        max: args.table_size as i32,
                    })
                    .collect(),
            },
            now,
        )
        .await?;
        // A different seating each meetup: stride through the attendees by a step coprime
        // with their number, so everyone is seated once.
        let mut stride = 1 + m * 3;
        while gcd(stride, args.people) != 1 {
            stride += 1;
        }
        let seats: Vec<Seat> = (0..args.people)
            .map(|i| Seat {
                attendee_id: ids[(i * stride) % args.people],
                table_number: (i / args.table_size) as i32 + 1,
                locked: false,
            })
            .collect();
        // Seats are in table order, so each table's members are one run of them.
        let plan_tables: Vec<PlanTable> = seats
            .chunks(args.table_size)
            .zip(1..)
            .map(|(members, n): (&[Seat], i32)| PlanTable {
                number: n,
                label: format!("Table {n}"),
                min: 1,
                max: args.table_size as i32,
                locked: false,
                explanation: serde_json::json!({"shared_interests": [{
                    "interest": INTERESTS[n as usize % INTERESTS.len()],
                    "attendee_ids": members.iter().take(3).map(|s| s.attendee_id).collect::<Vec<_>>(),
                }]}),
            })
            .collect();
        let plan_id = store::plans::insert_draft(
            &db.write,
            &NewPlan {
                meetup_id: meetup.id,
                job_id: None,
                seed: 1,
                params: serde_json::json!({}),
                inputs_hash: String::new(),
                metrics: serde_json::json!({}),
                tables: plan_tables,
                seats,
            },
            now,
        )
        .await?;
        anyhow::ensure!(
            store::plans::publish(&db.write, plan_id, meetup.id, 1, now).await?,
            "published"
        );
    }
    Ok(token)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn conference_start(now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 6, 1)
        .and_then(|d| d.and_hms_opt(11, 30, 0))
        .map_or(now, |t| t.and_utc())
}
