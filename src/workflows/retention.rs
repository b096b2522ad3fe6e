//! Retention: what the service keeps only for a while. Attendees are erased some days after
//! their conference ends, registrations never confirmed expire, expired tokens, sessions and
//! sign-in links go, and so do webhook deliveries finished 30 days ago. A background task runs it every hour (first a minute after start-up); time comes in as an argument.
//!
//! Several server processes on one database may run it at once without a lease: every step is
//! a delete of what is due, in its own transaction, so the second finds nothing left; an
//! erasure that found nothing is rolled back and logs nothing.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tokio::task::JoinHandle;
use tracing::instrument;

use crate::domain::erasure::{ErasureActor, ErasureKind};
use crate::error::Error;
use crate::store;
use crate::store::erasure::Touched;
use crate::workflows::Context;

/// How often the background task runs.
const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
/// How long after start-up the first run waits.
const FIRST_RUN_AFTER: std::time::Duration = std::time::Duration::from_secs(60);
/// Most conferences or registrations one run erases; the next run takes the rest.
const BATCH: u64 = 200;
/// How long a delivered or failed webhook delivery stays in its endpoint's log, in days.
pub const WEBHOOK_LOG_DAYS: i64 = 30;
/// Most webhook deliveries one run deletes.
const WEBHOOK_BATCH: u64 = 10_000;

/// How long data is kept; 0 keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days after a conference's last day its attendees are erased.
    pub erase_after_days: u32,
    /// Days a registration waits for confirmation before it is erased.
    pub unconfirmed_days: u32,
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub conferences_erased: u64,
    pub registrations_expired: u64,
    pub expired_secrets: u64,
    pub webhook_deliveries_purged: u64,
}

/// Erases and purges what is due at `now`.
#[instrument(skip(ctx))]
pub async fn run(ctx: &Context, retention: Retention, now: DateTime<Utc>) -> Result<Swept, Error> {
    let mut swept = Swept::default();
    if retention.erase_after_days > 0 {
        let before =
            (now - chrono::Duration::days(i64::from(retention.erase_after_days))).date_naive();
        for conference_id in
            store::erasure::ended_with_attendees(&ctx.db.read, before, BATCH).await?
        {
            let txn = ctx.db.write.begin().await?;
            let rows_deleted = store::erasure::forget_attendees(&txn, conference_id).await?;
            if rows_deleted == 0 {
                txn.rollback().await?;
                continue;
            }
            let touched = Touched {
                rows_deleted,
                ..Touched::default()
            };
            store::erasure::record(
                &txn,
                conference_id,
                ErasureKind::ConferenceEnded,
                ErasureActor::Retention,
                touched,
                now,
            )
            .await?;
            txn.commit().await?;
            swept.conferences_erased += 1;
        }
    }
    if retention.unconfirmed_days > 0 {
        let before = now - chrono::Duration::days(i64::from(retention.unconfirmed_days));
        for id in store::erasure::unconfirmed_before(&ctx.db.read, before, BATCH).await? {
            let Some(attendee) = store::attendees::find(&ctx.db.read, id).await? else {
                continue;
            };
            let touched = super::erasure::erase_attendee(
                ctx,
                &attendee,
                ErasureKind::ExpiredRegistration,
                ErasureActor::Retention,
                now,
            )
            .await?;
            if touched.rows_deleted > 0 {
                swept.registrations_expired += 1;
            }
        }
    }
    swept.expired_secrets = store::erasure::purge_expired(&ctx.db.write, now).await?;
    swept.webhook_deliveries_purged = store::webhooks::deliveries::purge_finished(
        &ctx.db.write,
        now - chrono::Duration::days(WEBHOOK_LOG_DAYS),
        WEBHOOK_BATCH,
    )
    .await?;
    if swept != Swept::default() {
        ctx.db.forget_freed_pages().await;
        tracing::info!(?swept, "retention run");
    }
    Ok(swept)
}

/// Runs [`run`] a minute after start-up (out of the way of the start itself) and then every
/// hour, until the handle is aborted.
pub fn start(ctx: Context, retention: Retention) -> JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_RUN_AFTER).await;
        loop {
            if let Err(e) = run(&ctx, retention, Utc::now()).await {
                tracing::warn!(error = %e, "the retention run failed; it is tried again in an hour");
            }
            tokio::time::sleep(EVERY).await;
        }
    })
}
