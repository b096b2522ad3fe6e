//! `tablemates bench export`: seeds a temporary SQLite database with a conference whose meetups
//! all have published plans (through the store functions, not HTTP), then times the organizer's
//! CSV export of every seat and reports rows/s, bytes and the export's peak memory.

use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, NaiveDate, Utc};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::store::attendees::{AttendeeFields, Handle, NewAttendee};
use crate::store::conferences::ConferenceFields;
use crate::store::meetups::{MeetupFields, TableDef};
use crate::store::plans::{NewPlan, PlanTable, Seat};
use crate::store::{self, Db};
use crate::workflows::exports::{self, Format, Kind};

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
}

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

/// Seeds, exports and prints a report plus one `RESULT` line for scripts.
pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.people > 0 && args.meetups > 0 && args.table_size > 1,
        "sizes must be positive"
    );
    let dir = tempfile::tempdir().context("a temporary folder")?;
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let db = Db::connect(&url, 4).await?;
    db.migrate().await?;
    let now = Utc::now();

    let seeding = Instant::now();
    let (conference_id, meetups) = seed(&db, &args, now).await?;
    println!(
        "seeded         {:>8.2} s ({} attendees, {} meetups)",
        seeding.elapsed().as_secs_f64(),
        args.people,
        args.meetups
    );

    // Forget the seeding's peak, so VmHWM below is the export's own (Linux ≥ 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = peak_memory_kib();
    let started = Instant::now();
    let source = exports::source_for(&db, conference_id, "bench", "Europe/Lisbon", meetups).await?;
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(4);
    let reader = tokio::spawn(async move {
        let mut bytes = 0usize;
        while let Some(chunk) = rx.recv().await {
            bytes += chunk.len();
        }
        bytes
    });
    let format = if args.json { Format::Json } else { Format::Csv };
    let rows = exports::write(&db, &source, Kind::Seats, format, false, &tx).await?;
    drop(tx);
    let bytes = reader.await?;
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_memory_kib();
    drop(source);

    println!("rows           {rows:>8}");
    println!("bytes          {bytes:>8}");
    println!(
        "export         {seconds:>8.3} s ({:.0} rows/s)",
        rows as f64 / seconds
    );
    match (peak, reset) {
        (Some(kib), true) => println!(
            "peak memory    {:>8.1} MiB (VmHWM during the export)",
            kib as f64 / 1024.0
        ),
        (Some(kib), false) => println!(
            "peak memory    {:>8.1} MiB (VmHWM of the whole run; reset refused)",
            kib as f64 / 1024.0
        ),
        (None, _) => println!("peak memory    unknown (no /proc/self/status)"),
    }
    let _ = before;
    println!(
        "RESULT rows={rows} bytes={bytes} export_s={seconds:.3} rows_per_s={:.0} peak_mib={:.1} peak_reset={reset}",
        rows as f64 / seconds,
        peak.unwrap_or_default() as f64 / 1024.0
    );
    Ok(())
}

async fn seed(
    db: &Db,
    args: &ExportArgs,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<(Uuid, Vec<store::meetups::Meetup>)> {
    let organizer = store::organizers::insert(&db.write, "bench@example.org", "Bench", now).await?;
    let day = NaiveDate::from_ymd_opt(2026, 6, 1).context("a date")?;
    let conference = store::conferences::insert(
        &db.write,
        organizer.id,
        "bench",
        &ConferenceFields {
            name: "Bench Conference".into(),
            description: String::new(),
            venue: String::new(),
            time_zone: "Europe/Lisbon".into(),
            starts_on: day,
            ends_on: day,
            suggested_interests: Vec::new(),
            table_min: args.table_size as i32,
            table_max: args.table_size as i32,
        },
        false,
        now,
    )
    .await?
    .context("the conference")?;
    let cid = conference.id;

    let mut ids = Vec::with_capacity(args.people);
    for start in (0..args.people).step_by(2000) {
        let end = (start + 2000).min(args.people);
        let fields: Vec<AttendeeFields> = (start..end)
            .map(|i| AttendeeFields {
                name: format!("Attendee Number {i}"),
                email: format!("attendee{i}@example.org"),
                email_normalized: format!("attendee{i}@example.org"),
                affiliation: Some(format!("Organisation {}", i % 700)),
                role: None,
                bio: None,
                affiliation_visibility: "tablemates".into(),
                bio_visibility: "tablemates".into(),
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
                status: "confirmed",
                privacy_consent_at: now,
                email_consent_at: None,
                confirmed_at: Some(now),
            })
            .collect();
        store::batch::insert_attendees(&db.write, &rows, now).await?;
        let handles: Vec<Vec<Handle>> = (start..end)
            .map(|i| {
                vec![Handle {
                    network: "mastodon".into(),
                    handle: format!("@person{i}@example.social"),
                    visibility: "tablemates".into(),
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
    let mut meetups = Vec::new();
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
        meetups.push(meetup);
    }
    Ok((cid, meetups))
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn conference_start(now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 6, 1)
        .and_then(|d| d.and_hms_opt(11, 30, 0))
        .map_or(now, |t| t.and_utc())
}

/// The process's peak resident set (`VmHWM`) in KiB, on Linux.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
