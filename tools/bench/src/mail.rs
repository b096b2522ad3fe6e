//! `tablemates-bench mail`: queues N emails of one kind with realistic payloads, then times the
//! outbox worker claiming, rendering and sending them all to an SMTP server (e.g. Postfix's
//! `smtp-sink`), as the service would.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;
use lettre::message::Mailbox;
use serde_json::{Value, json};

use tablemates::domain::records::{EmailKind, EmailPayload, NewEmail};
use tablemates::mailer::worker::{self, WorkerSettings};
use tablemates::mailer::{Templates, TransportConfig};
use tablemates::store::Db;

#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// Database to queue into; use a fresh one (the default is a new SQLite file in a temp folder).
    #[arg(long)]
    pub database_url: Option<String>,
    /// Where to send: smtp://host:port (e.g. smtp-sink) or file://DIR.
    #[arg(long, default_value = "smtp://127.0.0.1:2526")]
    pub smtp_url: String,
    /// Emails to queue and send.
    #[arg(long, default_value_t = 10_000)]
    pub count: usize,
    /// Template kind of every email.
    #[arg(long, default_value = "registration_confirmation")]
    pub kind: String,
    /// A JSON file with the template variables, for kinds without a built-in sample.
    #[arg(long)]
    pub payload_file: Option<std::path::PathBuf>,
    /// SMTP connections sending at once.
    #[arg(long, default_value_t = WorkerSettings::default().connections)]
    pub connections: usize,
    /// Rows claimed per round.
    #[arg(long, default_value_t = WorkerSettings::default().batch)]
    pub batch: u64,
}

pub async fn run(args: MailArgs) -> anyhow::Result<()> {
    let Ok(kind) = args.kind.parse::<EmailKind>() else {
        bail!(
            "unknown kind {:?}; the templates have {}",
            args.kind,
            tablemates::domain::records::one_of(<EmailKind as strum::VariantArray>::VARIANTS)
        );
    };
    let fixed = match &args.payload_file {
        Some(path) => Some(
            serde_json::from_slice::<Value>(
                &std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
            )
            .with_context(|| format!("{} is not JSON", path.display()))?,
        ),
        None => None,
    };
    let payload = |i: usize| match &fixed {
        Some(value) => Ok(value.clone()),
        None => sample_payload(kind, i),
    };
    let templates = Templates::load(None)?;
    let from: Mailbox = "tablemates <no-reply@bench.tablemates.test>".parse()?;
    let sample = templates.render(kind, &payload(0)?, tablemates::domain::Language::En)?;
    let size = tablemates::mailer::message::build(
        uuid::Uuid::now_v7(),
        &from,
        "someone@example.org",
        &sample,
        Utc::now(),
    )
    .map_err(anyhow::Error::msg)?
    .formatted()
    .len();

    let temp = tempfile_dir()?;
    let url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", temp.join("bench.db").display()));
    let db = Db::connect(&url, 8).await?;
    db.migrate().await?;
    let transport = TransportConfig::parse(&args.smtp_url).map_err(anyhow::Error::msg)?;

    let queued_at = Instant::now();
    let run = uuid::Uuid::now_v7().simple().to_string();
    let now = Utc::now();
    for start in (0..args.count).step_by(1_000) {
        let emails = (start..(start + 1_000).min(args.count))
            .map(|i| {
                Ok(NewEmail {
                    dedupe_key: format!("bench:{run}:{i}"),
                    attendee_id: None,
                    recipient: format!("attendee{i}@example.org"),
                    due_at: None,
                    payload: EmailPayload::from_json(kind, payload(i)?)
                        .with_context(|| format!("the payload is not a {kind} payload"))?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        tablemates::store::batch::enqueue_emails(&db.write, emails, now).await?;
    }
    let queue_time = queued_at.elapsed();

    let settings = WorkerSettings {
        poll: Duration::from_millis(20),
        batch: args.batch,
        connections: args.connections,
        ..WorkerSettings::default()
    };
    let started = Instant::now();
    let handle = worker::spawn(db.clone(), templates, from, transport, settings);
    // Progress comes from the worker's own counter: polling the outbox every few
    // milliseconds would put the harness's queries on the database being measured.
    // A run that stops making progress (emails failing) ends after 30 s and is reported below.
    let (mut seen, mut progressed) = (0, Instant::now());
    while seen < args.count as u64 && progressed.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if handle.sent() > seen {
            (seen, progressed) = (handle.sent(), Instant::now());
        }
    }
    let elapsed = started.elapsed();
    handle.stop().await;
    let sent = count(&db, "status = 'sent'").await?;
    let failed = count(&db, "status = 'failed'").await?;
    if sent < args.count as i64 {
        bail!(
            "only {sent} of {} emails were sent ({failed} failed)",
            args.count
        );
    }
    println!(
        "backend {:?}: {} × {kind} ({size} bytes each) over {} connections, batch {}",
        db.backend(),
        args.count,
        args.connections,
        args.batch
    );
    println!(
        "queued in {:.2} s; claimed, rendered and sent in {:.2} s: {:.0} emails/s",
        queue_time.as_secs_f64(),
        elapsed.as_secs_f64(),
        args.count as f64 / elapsed.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&temp);
    Ok(())
}

/// Variables a real email of `kind` carries, varied by `i`.
pub fn sample_payload(kind: EmailKind, i: usize) -> anyhow::Result<Value> {
    let manage_url = format!(
        "https://tablemates.example.org/manage?token={}",
        format!("{i:08}")
            .repeat(6)
            .chars()
            .take(43)
            .collect::<String>()
    );
    Ok(match kind {
        EmailKind::RegistrationConfirmation => json!({
            "attendee_name": format!("Attendee Number {i}"),
            "conference_name": "RustConf Europe 2026",
            "conference_slug": "rustconf-eu-2026",
            "manage_url": manage_url,
            "handles_claimed_by_someone_else": if i.is_multiple_of(10) {
                json!([{"network": "github", "handle": format!("someone-{i}")}])
            } else {
                json!([])
            },
        }),
        EmailKind::AlreadyRegistered => json!({
            "conference_name": "RustConf Europe 2026",
            "conference_slug": "rustconf-eu-2026",
            "manage_url": manage_url,
        }),
        other => bail!("no sample payload for kind {other:?}: pass --payload-file"),
    })
}

async fn count(db: &Db, condition: &str) -> anyhow::Result<i64> {
    use sea_orm::ConnectionTrait;
    let row = db
        .read
        .query_one_raw(sea_orm::Statement::from_string(
            db.backend(),
            format!("SELECT COUNT(*) AS n FROM outbox_emails WHERE {condition}"),
        ))
        .await?
        .context("no count")?;
    Ok(row.try_get::<i64>("", "n")?)
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("tablemates-bench-mail-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
