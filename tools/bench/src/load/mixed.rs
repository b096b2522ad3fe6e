//! Mixed traffic on two instances sharing one PostgreSQL database, with one plan run for all
//! the seeded people in the middle of it: per-kind throughput and latency, no 5xx at all, and
//! every accepted registration stored exactly once.

use std::sync::Arc;
use std::time::Duration;

use super::stage::{self, Stage};
use super::traffic::{self, Control, Target};
use super::{Report, Scenario, Sizes, cluster::Cluster};
use crate::server::Server;

const S: Scenario = Scenario::Mixed;

pub async fn run(cluster: &mut Cluster, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let stage = stage::prepare(cluster, sizes.people).await?;
    let outcome = drive(&stage, sizes, report).await;
    stage.scratch.remove().await;
    outcome
}

async fn drive(stage: &Stage, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let servers = [
        Server::start(&stage.scratch.url).await?,
        Server::start(&stage.scratch.url).await?,
    ];
    let target = Arc::new(Target {
        base_urls: servers.iter().map(|s| s.base_url.clone()).collect(),
        organizer_token: stage.organizer_token.clone(),
        attendee_tokens: stage.attendee_tokens.clone(),
        prefix: "mixed".into(),
    });
    let control = Control::default();
    let load = tokio::spawn(traffic::run(
        target.clone(),
        sizes.clients,
        sizes.duration(),
        control.clone(),
    ));
    // The plan run starts once the load is going, on the first instance.
    tokio::time::sleep(Duration::from_secs(sizes.seconds / 6)).await;
    let plan = stage::plan_run(
        &target.base_urls[0],
        &stage.organizer_token,
        &stage.meetup_ids,
        Duration::from_secs(600),
    )
    .await;
    let mut outcome = load.await?;
    report.figure(
        S,
        "requests in all",
        format!(
            "{} in {:.1} s ({:.0}/s) from {} clients on 2 instances",
            outcome.total(),
            outcome.elapsed.as_secs_f64(),
            outcome.total() as f64 / outcome.elapsed.as_secs_f64(),
            sizes.clients
        ),
    );
    for (what, value) in traffic::describe(&mut outcome) {
        report.figure(S, what, value);
    }
    match plan {
        Ok(seconds) => report.check(
            S,
            format!("plan run for {} people under load", sizes.people),
            true,
            format!("succeeded {seconds:.1} s after the request"),
        ),
        Err(e) => report.check(S, "plan run under load", false, format!("{e:#}")),
    }
    let errors = outcome.other_5xx() + outcome.unavailable();
    report.check(
        S,
        "no 5xx",
        errors == 0,
        format!(
            "{errors} 5xx{}",
            outcome
                .example_5xx
                .as_deref()
                .map(|e| format!(", e.g. {}", e.chars().take(200).collect::<String>()))
                .unwrap_or_default()
        ),
    );
    report.check(
        S,
        "every request answered",
        outcome.no_answer() == 0,
        format!("{} without an answer", outcome.no_answer()),
    );
    let stored = stage::stored(
        &stage.scratch.url,
        "mixed",
        &outcome.accepted,
        &outcome.refused_503,
    )
    .await?;
    report.check(
        S,
        "every accepted registration stored exactly once",
        stored.lost == 0 && stored.duplicated == 0,
        format!(
            "{} accepted: {} lost, {} stored twice",
            outcome.accepted.len(),
            stored.lost,
            stored.duplicated
        ),
    );
    report.check(
        S,
        "each new attendee has its confirmation email queued; no orphan rows",
        stored.without_email == 0 && stored.orphans == 0,
        format!(
            "{} without an email, {} orphan handles/interests",
            stored.without_email, stored.orphans
        ),
    );
    drop(servers);
    Ok(())
}
