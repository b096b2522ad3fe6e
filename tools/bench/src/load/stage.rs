//! What the server scenarios share: a scratch database on the private cluster seeded with a
//! conference (open for registration) and its people, personal links for some of them, and
//! the checks run on the database afterwards.

use std::collections::HashSet;

use anyhow::Context;
use chrono::Utc;
use sea_orm::{ConnectionTrait, Statement};

use super::cluster::Cluster;
use crate::scratch::{self, Scratch};
use crate::seating::{self, SeatingArgs};
use tablemates::store::Db;

/// Personal links minted for the clients' reads and edits.
const LINKS: usize = 200;

pub struct Stage {
    pub scratch: Scratch,
    pub organizer_token: String,
    pub attendee_tokens: Vec<String>,
    pub meetup_ids: Vec<uuid::Uuid>,
}

/// Seeds `people` confirmed attendees and one meetup; registration is opened.
pub async fn prepare(cluster: &Cluster, people: usize) -> anyhow::Result<Stage> {
    let scratch = Scratch::create(Some(&cluster.url())).await?;
    let args = SeatingArgs {
        people,
        rounds: 1,
        table_min: 8,
        table_max: 10,
        seed: 1,
        iterations: None,
        max_seconds: None,
        database_url: None,
    };
    let ((seeded, attendee_tokens), _, _) = scratch
        .seeded(async |db| {
            let now = Utc::now();
            let seeded = seating::seed(db, &args, now).await?;
            db.write
                .execute_unprepared("UPDATE conferences SET registration_open = TRUE")
                .await?;
            let ctx = scratch::context(db)?;
            let ids = attendee_ids(db, LINKS).await?;
            let mut tokens = Vec::new();
            for id in ids {
                let url = tablemates::workflows::attendees::personal_link(
                    &ctx,
                    id,
                    now,
                    &mut rand::rng(),
                )
                .await
                .map_err(|e| anyhow::anyhow!("a personal link: {e}"))?;
                let token = url
                    .split_once("token=")
                    .map(|(_, t)| t.to_owned())
                    .context("a token in the link")?;
                tokens.push(token);
            }
            Ok((seeded, tokens))
        })
        .await?;
    Ok(Stage {
        scratch,
        organizer_token: seeded.token,
        attendee_tokens,
        meetup_ids: seeded.meetup_ids,
    })
}

async fn attendee_ids(db: &Db, n: usize) -> anyhow::Result<Vec<uuid::Uuid>> {
    let rows = db
        .read
        .query_all_raw(Statement::from_string(
            db.backend(),
            format!("SELECT id FROM attendees ORDER BY id LIMIT {n}"),
        ))
        .await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<uuid::Uuid>("", "id")?))
        .collect()
}

/// How the registrations of a load ended up in the database.
pub struct Stored {
    /// Accepted registrations not stored.
    pub lost: usize,
    /// Addresses stored more than once.
    pub duplicated: usize,
    /// Registrations answered 503 that were stored anyway (committed as the connection broke).
    pub refused_but_stored: usize,
    /// Load attendees without their confirmation email in the outbox.
    pub without_email: i64,
    /// Handles and interests whose attendee is gone.
    pub orphans: i64,
}

impl Stored {
    /// Whether every accepted registration is stored once, with its email, and no rows are
    /// orphaned; and the figures that say so, for a report line.
    pub fn whole(&self, accepted: usize) -> (bool, String) {
        let ok =
            self.lost == 0 && self.duplicated == 0 && self.without_email == 0 && self.orphans == 0;
        let text = format!(
            "{accepted} accepted: {} lost, {} stored twice, {} without an email, {} orphans",
            self.lost, self.duplicated, self.without_email, self.orphans
        );
        (ok, text)
    }
}

pub async fn stored(
    url: &str,
    prefix: &str,
    accepted: &HashSet<String>,
    refused: &HashSet<String>,
) -> anyhow::Result<Stored> {
    let db = Db::connect(url, 2).await?;
    let rows = db
        .read
        .query_all_raw(Statement::from_string(
            db.backend(),
            format!(
                "SELECT email, COUNT(*) AS n FROM attendees WHERE email LIKE '{prefix}-%' GROUP BY email"
            ),
        ))
        .await?;
    let mut counts = std::collections::HashMap::new();
    for row in rows {
        counts.insert(
            row.try_get::<String>("", "email")?,
            row.try_get::<i64>("", "n")?,
        );
    }
    let lost = accepted.iter().filter(|e| !counts.contains_key(*e)).count();
    let duplicated = counts.values().filter(|&&n| n > 1).count();
    let refused_but_stored = refused.iter().filter(|e| counts.contains_key(*e)).count();
    let without_email = count(
        &db,
        &format!(
            "SELECT COUNT(*) AS n FROM attendees a WHERE a.email LIKE '{prefix}-%' AND NOT EXISTS \
             (SELECT 1 FROM outbox_emails o WHERE o.attendee_id = a.id)"
        ),
    )
    .await?;
    let orphans = count(
        &db,
        "SELECT (SELECT COUNT(*) FROM attendee_handles h WHERE NOT EXISTS \
         (SELECT 1 FROM attendees a WHERE a.id = h.attendee_id)) + (SELECT COUNT(*) FROM \
         attendee_interests i WHERE NOT EXISTS (SELECT 1 FROM attendees a WHERE a.id = \
         i.attendee_id)) AS n",
    )
    .await?;
    db.write.close().await.ok();
    db.read.close().await.ok();
    Ok(Stored {
        lost,
        duplicated,
        refused_but_stored,
        without_email,
        orphans,
    })
}

pub async fn count(db: &Db, sql: &str) -> anyhow::Result<i64> {
    let row = db
        .read
        .query_one_raw(Statement::from_string(db.backend(), sql.to_owned()))
        .await?
        .context("no row")?;
    Ok(row.try_get::<i64>("", "n")?)
}

/// Posts a plan run of every meetup to `base_url` and waits for its job to finish; returns
/// the seconds from the request to `succeeded`.
pub async fn plan_run(
    base_url: &str,
    token: &str,
    meetup_ids: &[uuid::Uuid],
    give_up: std::time::Duration,
) -> anyhow::Result<f64> {
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    let job: serde_json::Value = http
        .post(format!(
            "{base_url}/api/v1/conferences/{}/plan-runs",
            crate::scratch::SLUG
        ))
        .bearer_auth(token)
        .json(&serde_json::json!({"meetup_ids": meetup_ids, "seed": 1}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = job["id"].as_str().context("a job id")?.to_owned();
    wait_for_job(base_url, token, &id, give_up).await?;
    Ok(started.elapsed().as_secs_f64())
}

/// Polls a job until it succeeded (an error if it failed or `give_up` passed).
pub async fn wait_for_job(
    base_url: &str,
    token: &str,
    id: &str,
    give_up: std::time::Duration,
) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    loop {
        let job = job_status(&http, base_url, token, id).await;
        match job.as_deref() {
            Ok("succeeded") => return Ok(()),
            Ok("failed") => anyhow::bail!("the plan job failed"),
            _ if started.elapsed() > give_up => {
                anyhow::bail!("the plan job did not finish in {give_up:?} (last: {job:?})")
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

pub async fn job_status(
    http: &reqwest::Client,
    base_url: &str,
    token: &str,
    id: &str,
) -> anyhow::Result<String> {
    let job: serde_json::Value = http
        .get(format!(
            "{base_url}/api/v1/conferences/{}/jobs/{id}",
            crate::scratch::SLUG
        ))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(job["status"].as_str().unwrap_or_default().to_owned())
}
