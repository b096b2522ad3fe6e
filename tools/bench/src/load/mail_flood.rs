//! Two instances, 8 SMTP connections each, drain one outbox into the suite's SMTP sink: every
//! email arrives exactly once (no instance crashes here, so the at-least-once window after a
//! crash does not apply).

use std::time::{Duration, Instant};

use chrono::Utc;

use super::sink::Sink;
use super::stage;
use super::{Report, Scenario, Sizes, cluster::Cluster};
use crate::scratch::Scratch;
use crate::server::Server;
use tablemates::domain::records::{EmailPayload, NewEmail, Withdrawal};
use tablemates::store::Db;

const S: Scenario = Scenario::Mail;
/// A drain that stalls this long is a failure, not a slow run.
const GIVE_UP: Duration = Duration::from_secs(180);

pub async fn run(cluster: &mut Cluster, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let scratch = Scratch::create(Some(&cluster.url())).await?;
    let outcome = drive(&scratch, sizes, report).await;
    scratch.remove().await;
    outcome
}

/// Queues `n` withdrawal confirmations (keys `{key}:{i}`) straight into the outbox.
pub async fn queue(db: &Db, key: &str, n: usize) -> anyhow::Result<()> {
    let now = Utc::now();
    for start in (0..n).step_by(1_000) {
        let emails = (start..(start + 1_000).min(n))
            .map(|i| NewEmail {
                dedupe_key: format!("{key}:{i}"),
                attendee_id: None,
                recipient: format!("{key}{i}@example.org"),
                due_at: None,
                // A kind without a personal link: there is no attendee to mint one for.
                payload: EmailPayload::WithdrawalConfirmation(Withdrawal {
                    attendee_name: format!("Person {i}"),
                    conference_name: "Load Conference".into(),
                    conference_slug: "load".into(),
                }),
            })
            .collect();
        tablemates::store::batch::enqueue_emails(&db.write, emails, now).await?;
    }
    Ok(())
}

async fn drive(scratch: &Scratch, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let n = sizes.emails;
    scratch
        .seeded(async |db| queue(db, "flood", n).await)
        .await?;
    let sink = Sink::start().await?;
    let smtp = sink.url();
    let extra = [
        ("TABLEMATES_SMTP_URL", smtp.as_str()),
        ("TABLEMATES_SMTP_CONNECTIONS", "8"),
        ("TABLEMATES_OUTBOX_POLL_MS", "50"),
    ];
    let started = Instant::now();
    let servers = [
        Server::start_with(&scratch.url, &extra).await?,
        Server::start_with(&scratch.url, &extra).await?,
    ];
    while (sink.tally().distinct as usize) < n && started.elapsed() < GIVE_UP {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let took = started.elapsed();
    // Room for a late second copy to show before counting.
    tokio::time::sleep(Duration::from_secs(1)).await;
    drop(servers);
    let tally = sink.tally();
    let db = Db::connect(&scratch.url, 2).await?;
    let sent = stage::count(
        &db,
        "SELECT COUNT(*) AS n FROM outbox_emails WHERE status = 'sent'",
    )
    .await?;
    db.write.close().await.ok();
    report.figure(
        S,
        format!("{n} emails, 2 instances × 8 SMTP connections"),
        format!(
            "all at the sink {:.1} s after the instances started: {:.0} emails/s (start-up included)",
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64()
        ),
    );
    report.check(
        S,
        "each email delivered exactly once",
        tally.distinct as usize == n && tally.repeated == 0 && tally.deliveries as usize == n,
        format!(
            "{} distinct of {n}, {} deliveries, {} delivered more than once",
            tally.distinct, tally.deliveries, tally.repeated
        ),
    );
    report.check(
        S,
        "the outbox records every email sent",
        sent as usize == n,
        format!("{sent} rows `sent`"),
    );
    Ok(())
}
