//! One of two instances killed with SIGKILL under load: the survivor keeps answering without
//! a 5xx, and sends the emails the killed one had leased once their lease ends (at least
//! once: those the killed one had sent but not yet recorded go out again). In the full run the
//! killed one also held the plan job, which the survivor takes over after the job lease.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::sink::Sink;
use super::stage::{self, Stage};
use super::traffic::{self, Control, Target};
use super::{Report, Scenario, Sizes, cluster::Cluster};
use crate::server::Server;
use tablemates::store::Db;

const S: Scenario = Scenario::Kill;
const LEASE_MS: u64 = 5_000;
const BATCH: usize = 50;
/// Per instance, so the outbox still holds work when the kill comes.
const RATE: usize = 150;

pub async fn run(cluster: &mut Cluster, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let people = if sizes.job_takeover {
        sizes.people
    } else {
        500
    };
    let stage = stage::prepare(cluster, people).await?;
    let outcome = drive(&stage, sizes, report).await;
    stage.scratch.remove().await;
    outcome
}

async fn drive(stage: &Stage, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let queued = sizes.emails / 4;
    stage
        .scratch
        .seeded(async |db| super::mail_flood::queue(db, "kill", queued).await)
        .await?;
    let sink = Sink::start().await?;
    let smtp = sink.url();
    let (lease, batch, rate) = (LEASE_MS.to_string(), BATCH.to_string(), RATE.to_string());
    let extra = [
        ("TABLEMATES_SMTP_URL", smtp.as_str()),
        ("TABLEMATES_OUTBOX_LEASE_MS", lease.as_str()),
        ("TABLEMATES_OUTBOX_BATCH", batch.as_str()),
        ("TABLEMATES_MAIL_RATE_PER_SECOND", rate.as_str()),
        ("TABLEMATES_OUTBOX_POLL_MS", "50"),
    ];
    let mut victim = Server::start_with(&stage.scratch.url, &extra).await?;
    let http = reqwest::Client::new();
    // The killed instance claims the plan job first: the survivor is not up yet.
    let job = if sizes.job_takeover {
        let job: serde_json::Value = http
            .post(format!(
                "{}/api/v1/conferences/{}/plan-runs",
                victim.base_url,
                crate::scratch::SLUG
            ))
            .bearer_auth(&stage.organizer_token)
            .json(&serde_json::json!({"meetup_ids": stage.meetup_ids, "seed": 1}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let id = job["id"].as_str().unwrap_or_default().to_owned();
        let waited = Instant::now();
        while stage::job_status(&http, &victim.base_url, &stage.organizer_token, &id).await?
            != "running"
        {
            anyhow::ensure!(
                waited.elapsed() < Duration::from_secs(30),
                "the job never ran"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Some(id)
    } else {
        None
    };
    let survivor = Server::start_with(&stage.scratch.url, &extra).await?;
    let target = Arc::new(Target {
        base_urls: vec![victim.base_url.clone(), survivor.base_url.clone()],
        organizer_token: stage.organizer_token.clone(),
        attendee_tokens: stage.attendee_tokens.clone(),
        prefix: "kill".into(),
    });
    let control = Control::default();
    let duration = Duration::from_secs(sizes.seconds.max(15));
    let clients = sizes.clients.min(100);
    let load = tokio::spawn(traffic::run(target, clients, duration, control.clone()));
    tokio::time::sleep(Duration::from_secs(3)).await;
    victim.kill()?;
    let killed = Instant::now();
    let before_kill = sink.tally();
    let mut outcome = load.await?;
    report.figure(
        S,
        "kill",
        format!(
            "SIGKILL 3 s into {} s of load from {clients} clients on 2 instances, {} emails queued beforehand, outbox lease {} s, batch {BATCH}, {RATE} emails/s per instance",
            duration.as_secs(),
            queued,
            LEASE_MS / 1000
        ),
    );
    for (what, value) in traffic::describe(&mut outcome) {
        report.figure(S, what, value);
    }
    report.check(
        S,
        "no 5xx from the survivor",
        outcome.fivexx_by_instance[1] == 0,
        format!(
            "{} 5xx from the survivor ({} requests to the killed one went unanswered, as expected)",
            outcome.fivexx_by_instance[1],
            outcome.no_answer()
        ),
    );
    // Every email in the outbox (queued, and the load's confirmations) reaches the sink.
    let db = Db::connect(&stage.scratch.url, 2).await?;
    let mut total = 0;
    let mut all_sent = None;
    while killed.elapsed() < Duration::from_secs(300) {
        // The load's registrations added confirmations after the kill: count them all.
        total = stage::count(&db, "SELECT COUNT(*) AS n FROM outbox_emails").await? as u64;
        let unsent = stage::count(
            &db,
            "SELECT COUNT(*) AS n FROM outbox_emails WHERE status <> 'sent'",
        )
        .await?;
        if unsent == 0 && sink.tally().distinct >= total {
            all_sent = Some(killed.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let tally = sink.tally();
    report.check(
        S,
        "the killed instance's leased emails taken over",
        all_sent.is_some() && tally.distinct == total,
        format!(
            "{} of {total} emails at the sink ({} had arrived at the kill); all sent {} after the kill",
            tally.distinct,
            before_kill.distinct,
            all_sent
                .map(|t| format!("{:.1} s", t.as_secs_f64()))
                .unwrap_or_else(|| "not".into())
        ),
    );
    report.check(
        S,
        "sent twice: only the batch in flight at the kill (at least once)",
        tally.repeated as usize <= BATCH,
        format!(
            "{} emails arrived twice (limit: one batch of {BATCH})",
            tally.repeated
        ),
    );
    if let Some(id) = job {
        let finished = stage::wait_for_job(
            &survivor.base_url,
            &stage.organizer_token,
            &id,
            Duration::from_secs(400),
        )
        .await;
        report.check(
            S,
            "the killed instance's plan job taken over",
            finished.is_ok(),
            match finished {
                Ok(()) => format!(
                    "succeeded {:.1} s after the kill (job lease 60 s, then the run)",
                    killed.elapsed().as_secs_f64()
                ),
                Err(e) => format!("{e:#}"),
            },
        );
    }
    let stored = stage::stored(
        &stage.scratch.url,
        "kill",
        &outcome.accepted,
        &outcome.refused_503,
    )
    .await?;
    let (whole, text) = stored.whole(outcome.accepted.len());
    report.check(
        S,
        "accepted registrations stored exactly once, with their email",
        whole,
        text,
    );
    db.write.close().await.ok();
    drop(survivor);
    Ok(())
}
