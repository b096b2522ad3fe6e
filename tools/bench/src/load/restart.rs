//! PostgreSQL stopped and started again while two instances serve: requests during the
//! outage are answered 503 problem+json with `Retry-After`, fast; the instances recover by
//! themselves; nothing is half-written (every registration stored once with its email, no
//! orphan rows).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::stage::{self, Stage};
use super::traffic::{self, Control, Target};
use super::{Report, Scenario, Sizes, cluster::Cluster};
use crate::server::Server;

const S: Scenario = Scenario::DbRestart;
/// The service's connection wait in this scenario (its default).
const ACQUIRE: Duration = Duration::from_secs(3);
/// How long the database stays down.
const OUTAGE: Duration = Duration::from_secs(5);

pub async fn run(cluster: &mut Cluster, sizes: Sizes, report: &mut Report) -> anyhow::Result<()> {
    let stage = stage::prepare(cluster, 500).await?;
    let outcome = drive(cluster, &stage, sizes, report).await;
    // A run that failed between the stop and the start leaves the cluster down.
    if outcome.is_err()
        && let Err(e) = cluster.start_server()
    {
        eprintln!("load: {e:#}");
    }
    stage.scratch.remove().await;
    outcome
}

async fn drive(
    cluster: &Cluster,
    stage: &Stage,
    sizes: Sizes,
    report: &mut Report,
) -> anyhow::Result<()> {
    let acquire = ACQUIRE.as_millis().to_string();
    let extra = [("TABLEMATES_DB_ACQUIRE_TIMEOUT_MS", acquire.as_str())];
    let servers = [
        Server::start_with(&stage.scratch.url, &extra).await?,
        Server::start_with(&stage.scratch.url, &extra).await?,
    ];
    let target = Arc::new(Target {
        base_urls: servers.iter().map(|s| s.base_url.clone()).collect(),
        organizer_token: stage.organizer_token.clone(),
        attendee_tokens: stage.attendee_tokens.clone(),
        prefix: "restart".into(),
    });
    let control = Control::default();
    let duration = Duration::from_secs(sizes.seconds.max(20));
    let clients = sizes.clients.min(100);
    let load = tokio::spawn(traffic::run(target, clients, duration, control.clone()));
    tokio::time::sleep(Duration::from_secs(5)).await;
    control.fault();
    let down = Instant::now();
    cluster.stop_server()?;
    tokio::time::sleep(OUTAGE).await;
    cluster.start_server()?;
    let outage = down.elapsed();
    control.mark();
    let mut outcome = load.await?;
    report.figure(
        S,
        "outage",
        format!(
            "PostgreSQL stopped (-m fast) and started again after {:.1} s, {} s into {} s of load from {clients} clients on 2 instances",
            outage.as_secs_f64(),
            5,
            duration.as_secs()
        ),
    );
    for (what, value) in traffic::describe(&mut outcome) {
        report.figure(S, what, value);
    }
    let slowest = outcome
        .kinds
        .values()
        .map(|k| k.slowest_503)
        .max()
        .unwrap_or_default();
    report.check(
        S,
        "requests during the outage answered 503",
        outcome.unavailable() > 0 && outcome.bad_503.is_none(),
        format!(
            "{} × 503{}",
            outcome.unavailable(),
            match &outcome.bad_503 {
                Some(body) => format!("; one without problem+json and Retry-After: {body}"),
                None => ", each problem+json with Retry-After".into(),
            }
        ),
    );
    // A 503 waits for the pool's timeout on top of whatever the server's queue costs every
    // request under this load. The client's clock sees both, so on a slow machine a fixed bound
    // would fail a server that does fail fast; the queue is measured by the same scenario's 2xx
    // answers before the stop. A request that waited on the pool twice, or hung until the
    // client's 30 s timeout, still fails the check.
    let mut healthy: Vec<Duration> = outcome
        .kinds
        .values()
        .flat_map(|k| k.ok_before_fault.iter().copied())
        .collect();
    let queue = traffic::quantile(&mut healthy, 0.99);
    let bound = ACQUIRE + queue.max(Duration::from_secs(2));
    report.check(
        S,
        "the 503s came fast",
        slowest <= bound,
        format!(
            "slowest 503 after {:.2} s; bound {:.2} s = acquire timeout {:.0} s + the larger of 2 s and the p99 of 2xx answers before the stop ({:.2} s, {} answers)",
            slowest.as_secs_f64(),
            bound.as_secs_f64(),
            ACQUIRE.as_secs_f64(),
            queue.as_secs_f64(),
            healthy.len()
        ),
    );
    report.check(
        S,
        "no other 5xx, every request answered",
        outcome.other_5xx() == 0 && outcome.no_answer() == 0,
        format!(
            "{} other 5xx, {} without an answer{}",
            outcome.other_5xx(),
            outcome.no_answer(),
            outcome
                .example_5xx
                .as_deref()
                .map(|e| format!(", e.g. {}", e.chars().take(200).collect::<String>()))
                .unwrap_or_default()
        ),
    );
    report.check(
        S,
        "recovered by itself",
        outcome.first_ok_after_mark.is_some(),
        match outcome.first_ok_after_mark {
            Some(t) => format!(
                "first 2xx {:.2} s after the server was back",
                t.as_secs_f64()
            ),
            None => "no 2xx after the restart".into(),
        },
    );
    let stored = stage::stored(
        &stage.scratch.url,
        "restart",
        &outcome.accepted,
        &outcome.refused_503,
    )
    .await?;
    let (whole, text) = stored.whole(outcome.accepted.len());
    report.check(
        S,
        "accepted registrations stored exactly once, with their email; no orphan rows",
        whole,
        text,
    );
    report.figure(
        S,
        "registrations answered 503 but stored",
        format!(
            "{} of {} (committed as the connection was cut; a retry answers 202 \"already registered\")",
            stored.refused_but_stored,
            outcome.refused_503.len()
        ),
    );
    drop(servers);
    Ok(())
}
