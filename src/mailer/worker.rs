//! The outbox worker: claims due emails in batches under a lease, renders and sends them over
//! several kept-open SMTP connections at once (at a configurable rate), and records the
//! outcomes per batch: sent, retried later with exponential back-off and jitter, or failed.
//!
//! Delivery is at least once: a worker that dies after the server accepted a message but
//! before it marked the row sent leaves the lease to expire, and the row is sent again (with
//! the same Message-ID). A batch is recorded before the next one is claimed, so a crash can
//! repeat at most one batch. Rows are never lost and never sent by two workers at once.

use std::collections::HashMap;

use crate::domain::Language;
use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use lettre::message::Mailbox;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::links::{LinkSettings, Minted};
use super::templates::Templates;
use super::transport::{Sender, TransportConfig};
use crate::domain::records::OutboxEmail;
use crate::store::{Db, outbox};

/// The longest wait between two attempts at one email.
const MAX_DELAY: Duration = Duration::from_secs(6 * 3600);

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub poll: Duration,
    /// Rows claimed per round; a full round is followed by the next one without waiting. Also
    /// the most emails a crash can make the service send twice.
    pub batch: u64,
    /// How long a claim holds a row. A batch stops taking new rows after half of it, and gives
    /// the rest back, so a slow server never lets a lease run out under a send.
    pub lease: Duration,
    pub retry_base: Duration,
    pub max_attempts: i32,
    /// SMTP connections kept open and sending at the same time.
    pub connections: usize,
    /// Most emails sent per second over all connections; 0 for no limit.
    pub rate_per_second: u32,
    /// Signs every message when set.
    pub dkim: Option<Arc<super::dkim::Signer>>,
    /// How to make the links emails carry; without it, an email that needs a link fails.
    pub links: Option<Arc<LinkSettings>>,
    /// Where sends and failures are counted.
    pub metrics: crate::metrics::Metrics,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            poll: Duration::from_millis(500),
            batch: 200,
            lease: Duration::from_secs(5 * 60),
            retry_base: Duration::from_secs(30),
            max_attempts: 10,
            connections: 8,
            rate_per_second: 0,
            dkim: None,
            links: None,
            metrics: crate::metrics::Metrics::default(),
        }
    }
}

/// A running worker; `stop` lets it finish the sends in hand, record them, and give back the
/// rows it claimed but did not start, then waits for it.
pub struct Handle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    sent: Arc<AtomicU64>,
}

impl Handle {
    /// Emails this worker has recorded as sent since it started; lets a caller watch progress
    /// without querying the outbox.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Returns how many emails the worker recorded as sent in its life.
    pub async fn stop(self) -> u64 {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the outbox worker ended abnormally");
        }
        self.sent.load(Ordering::Relaxed)
    }
}

/// The wait before attempt `attempts + 1`, after `attempts` (≥ 1) failed ones:
/// `base · 2^(attempts−1)`, stretched by up to half again by `jitter` (in `[0, 1)`) so that
/// emails that failed together do not all come back together, and capped at six hours.
pub fn retry_delay(attempts: i32, base: Duration, jitter: f64) -> Duration {
    let exponent = attempts.saturating_sub(1).clamp(0, 30) as u32;
    let delay = base.saturating_mul(1u32 << exponent).min(MAX_DELAY);
    delay
        .mul_f64(1.0 + jitter.clamp(0.0, 1.0) / 2.0)
        .min(MAX_DELAY)
}

/// Starts the worker on the current tokio runtime.
pub fn spawn(
    db: Db,
    templates: Templates,
    from: Mailbox,
    transport: TransportConfig,
    settings: WorkerSettings,
) -> Handle {
    let (stop, stopped) = watch::channel(false);
    let limiter = NonZeroU32::new(settings.rate_per_second)
        .map(|rate| Arc::new(RateLimiter::direct(Quota::per_second(rate))));
    let senders = (0..settings.connections.max(1))
        .map(|_| Sender::new(transport.clone()))
        .collect();
    let sent = Arc::new(AtomicU64::new(0));
    let worker = Worker {
        db,
        sent: sent.clone(),
        shared: Arc::new(Shared {
            templates,
            from,
            limiter,
            dkim: settings.dkim.clone(),
            links: settings.links.clone(),
        }),
        transport,
        senders,
        settings,
    };
    Handle {
        stop,
        task: tokio::spawn(worker.run(stopped)),
        sent,
    }
}

struct Worker {
    db: Db,
    shared: Arc<Shared>,
    transport: TransportConfig,
    /// One per connection; lent to a sending task for each batch and given back after it.
    senders: Vec<Sender>,
    settings: WorkerSettings,
    /// Rows recorded as sent, for [`Handle::sent`].
    sent: Arc<AtomicU64>,
}

/// What every sending task reads.
struct Shared {
    templates: Templates,
    from: Mailbox,
    limiter: Option<Arc<DefaultDirectRateLimiter>>,
    dkim: Option<Arc<super::dkim::Signer>>,
    links: Option<Arc<LinkSettings>>,
}

type Claimed = Result<Vec<OutboxEmail>, String>;

/// Claims the next batch of due emails (see [`outbox::claim_due`]).
async fn claim(db: Db, lease: chrono::Duration, batch: u64) -> Claimed {
    outbox::claim_due(&db.write, Utc::now(), lease, batch)
        .await
        .map_err(|e| e.to_string())
}

/// Why one attempt failed, and whether another attempt could succeed.
struct Failure {
    message: String,
    permanent: bool,
}

type Attempt = (OutboxEmail, Result<(), Failure>);

/// Whether the worker was told to stop (or its handle is gone, so nobody could tell it).
fn stopping(stopped: &watch::Receiver<bool>) -> bool {
    *stopped.borrow() || stopped.has_changed().is_err()
}

impl Worker {
    async fn run(mut self, mut stopped: watch::Receiver<bool>) {
        let lease = chrono::Duration::from_std(self.settings.lease)
            .unwrap_or_else(|_| chrono::Duration::minutes(5));
        // While a full batch is sending, the next one is claimed: under a backlog the
        // connections never wait for the database. Claiming sends nothing, so a crash still
        // repeats at most the batch in hand; the prefetched rows just wait for their lease.
        let mut prefetched: Option<JoinHandle<Claimed>> = None;
        while !stopping(&stopped) {
            let claimed = match prefetched.take() {
                Some(next) => next.await.unwrap_or_else(|e| Err(e.to_string())),
                None => claim(self.db.clone(), lease, self.settings.batch).await,
            };
            let full = match claimed {
                Ok(rows) => {
                    let full = rows.len() as u64 >= self.settings.batch;
                    if full {
                        prefetched = Some(tokio::spawn(claim(
                            self.db.clone(),
                            lease,
                            self.settings.batch,
                        )));
                    }
                    if !rows.is_empty() {
                        self.send_batch(rows, &stopped).await;
                    }
                    full
                }
                Err(e) => {
                    tracing::warn!(error = %e, "claiming due emails failed");
                    false
                }
            };
            if !full {
                tokio::select! {
                    () = tokio::time::sleep(self.settings.poll) => {}
                    _ = stopped.changed() => {}
                }
            }
        }
        if let Some(next) = prefetched
            && let Ok(Ok(rows)) = next.await
        {
            let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
            if let Err(e) = outbox::release(&self.db.write, &ids).await {
                tracing::warn!(error = %e, count = ids.len(), "giving back unsent emails failed; they wait for their leases to expire");
            }
        }
        for sender in &mut self.senders {
            sender.close().await;
        }
    }

    /// Sends `rows` over all connections, each taking the next row when it is free, then
    /// records every outcome and gives back the rows nobody started.
    async fn send_batch(&mut self, rows: Vec<OutboxEmail>, stopped: &watch::Receiver<bool>) {
        let deadline = Instant::now() + self.settings.lease / 2;
        let minted = match &self.shared.links {
            Some(settings) => {
                match super::links::mint(&self.db.write, settings, &rows, Utc::now()).await {
                    Ok(minted) => minted,
                    Err(e) => {
                        let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
                        tracing::warn!(error = %e, count = ids.len(), "minting the batch's links failed; giving the emails back");
                        if let Err(e) = outbox::release(&self.db.write, &ids).await {
                            tracing::warn!(error = %e, "giving back unsent emails failed; they wait for their leases to expire");
                        }
                        return;
                    }
                }
            }
            None => Minted::default(),
        };
        let minted = Arc::new(minted);
        let attendees: Vec<uuid::Uuid> = rows.iter().filter_map(|r| r.attendee_id).collect();
        let languages = match crate::store::languages::for_attendees(&self.db.read, &attendees)
            .await
        {
            Ok(languages) => Arc::new(languages),
            Err(e) => {
                let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
                tracing::warn!(error = %e, count = ids.len(), "reading the batch's languages failed; giving the emails back");
                if let Err(e) = outbox::release(&self.db.write, &ids).await {
                    tracing::warn!(error = %e, "giving back unsent emails failed; they wait for their leases to expire");
                }
                return;
            }
        };
        let queue = Arc::new(Mutex::new(VecDeque::from(rows)));
        let tasks: Vec<_> = self
            .senders
            .drain(..)
            .map(|sender| {
                tokio::spawn(send_from_queue(
                    sender,
                    queue.clone(),
                    self.shared.clone(),
                    minted.clone(),
                    languages.clone(),
                    stopped.clone(),
                    deadline,
                ))
            })
            .collect();
        let mut attempts = Vec::new();
        for task in tasks {
            match task.await {
                Ok((sender, done)) => {
                    self.senders.push(sender);
                    attempts.extend(done);
                }
                Err(e) => {
                    // The row that task held keeps its lease and is claimed again when the lease ends.
                    tracing::error!(error = %e, "a sending task ended abnormally");
                    self.senders.push(Sender::new(self.transport.clone()));
                }
            }
        }
        let untouched: Vec<uuid::Uuid> = queue
            .lock()
            .map(|mut q| q.drain(..).map(|r| r.id).collect())
            .unwrap_or_default();
        self.record(attempts, &untouched, &minted).await;
    }

    async fn record(&self, attempts: Vec<Attempt>, untouched: &[uuid::Uuid], minted: &Minted) {
        let now = Utc::now();
        let mut sent = Vec::with_capacity(attempts.len());
        let mut delivered_to = std::collections::HashSet::new();
        for (row, outcome) in attempts {
            match outcome {
                Ok(()) => {
                    tracing::debug!(id = %row.id, kind = %row.kind, to = %mask(&row.recipient), "email sent");
                    sent.push(row.id);
                    // Only an email carrying the new personal link may retire the old one: an
                    // email-change confirmation sent while the notice failed must not.
                    if row.kind.carries_personal_link() {
                        delivered_to.extend(row.attendee_id);
                    }
                }
                Err(failure) => self.record_failure(&row, failure, now).await,
            }
        }
        match mark_sent(&self.db, &sent, minted, &delivered_to, now).await {
            Ok(()) => {
                self.sent.fetch_add(sent.len() as u64, Ordering::Relaxed);
                self.settings.metrics.emails_sent(sent.len() as u64);
            }
            Err(e) => {
                tracing::error!(error = %e, count = sent.len(), "recording sent emails failed; their leases will expire and they will be sent again");
            }
        }
        if let Err(e) = outbox::release(&self.db.write, untouched).await {
            tracing::warn!(error = %e, count = untouched.len(), "giving back unsent emails failed; they wait for their leases to expire");
        }
        tracing::debug!(
            sent = sent.len(),
            given_back = untouched.len(),
            "outbox batch done"
        );
    }

    async fn record_failure(&self, row: &OutboxEmail, failure: Failure, now: DateTime<Utc>) {
        let attempts = row.attempts.saturating_add(1);
        let retry_at = (!failure.permanent && attempts < self.settings.max_attempts)
            .then(|| self.retry_at(attempts, now));
        tracing::warn!(
            id = %row.id, kind = %row.kind, to = %mask(&row.recipient), attempts,
            retry_at = ?retry_at, error = %failure.message, "email not sent"
        );
        self.settings.metrics.email_send_failed(retry_at.is_none());
        if let Err(e) =
            outbox::record_failure(&self.db.write, row.id, attempts, &failure.message, retry_at)
                .await
        {
            tracing::error!(id = %row.id, error = %e, "recording a failed email failed; its lease will expire and it will be tried again");
        }
    }

    fn retry_at(&self, attempts: i32, now: DateTime<Utc>) -> DateTime<Utc> {
        let delay = retry_delay(attempts, self.settings.retry_base, rand::random::<f64>());
        now + chrono::Duration::from_std(delay).unwrap_or_else(|_| chrono::Duration::hours(6))
    }
}

/// Records `sent` as sent and settles the batch's personal links (see [`Minted::settle`]) in
/// one transaction.
async fn mark_sent(
    db: &Db,
    sent: &[uuid::Uuid],
    minted: &Minted,
    delivered_to: &std::collections::HashSet<uuid::Uuid>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    let txn = db.write.begin().await?;
    outbox::mark_sent(&txn, sent, now).await?;
    minted.settle(&txn, delivered_to, now).await?;
    txn.commit().await
}

/// One connection's share of a batch: takes rows until the queue is empty, the worker stops,
/// or the batch's time is up. A send already started is always finished.
async fn send_from_queue(
    mut sender: Sender,
    queue: Arc<Mutex<VecDeque<OutboxEmail>>>,
    shared: Arc<Shared>,
    minted: Arc<Minted>,
    languages: Arc<HashMap<uuid::Uuid, Language>>,
    mut stopped: watch::Receiver<bool>,
    deadline: Instant,
) -> (Sender, Vec<Attempt>) {
    let mut done = Vec::new();
    while !stopping(&stopped) && Instant::now() < deadline {
        let Some(row) = queue.lock().ok().and_then(|mut q| q.pop_front()) else {
            break;
        };
        if let Some(limiter) = &shared.limiter {
            let ready = tokio::select! {
                () = limiter.until_ready() => true,
                _ = stopped.changed() => false,
                () = tokio::time::sleep_until(deadline) => false,
            };
            if !ready {
                if let Ok(mut q) = queue.lock() {
                    q.push_front(row);
                }
                break;
            }
        }
        // Without an attendee (an organizer's sign-in, whose payload names its language) or
        // once they are erased: English.
        let language = row
            .attendee_id
            .and_then(|id| languages.get(&id).copied())
            .unwrap_or_default();
        let outcome = deliver(&mut sender, &shared, &minted, language, &row).await;
        done.push((row, outcome));
    }
    (sender, done)
}

async fn deliver(
    sender: &mut Sender,
    shared: &Shared,
    minted: &Minted,
    language: Language,
    row: &OutboxEmail,
) -> Result<(), Failure> {
    let permanent = |message: String| Failure {
        message,
        permanent: true,
    };
    let payload = row
        .payload()
        .map_err(|e| permanent(format!("the payload is not a {} payload: {e}", row.kind)))?;
    let language = payload.language().unwrap_or(language);
    let links = match &shared.links {
        Some(settings) => minted.links_for(settings, row).map_err(permanent)?,
        None => super::links::Links::default(),
    };
    let rendered = shared
        .templates
        .render_payload(&payload, &links, language)
        .map_err(|e| permanent(e.to_string()))?;
    let message = super::message::build_signed(
        row.id,
        &shared.from,
        &row.recipient,
        &rendered,
        Utc::now(),
        shared.dkim.as_deref(),
    )
    .map_err(permanent)?;
    sender
        .send(
            &row.id.to_string(),
            message.envelope(),
            &message.formatted(),
        )
        .await
        .map_err(|e| Failure {
            message: e.to_string(),
            permanent: false,
        })
}

/// The recipient as logs may show it (`a***@example.org`).
fn mask(address: &str) -> String {
    crate::domain::EmailAddress::parse(address)
        .map(|a| a.masked())
        .unwrap_or_else(|_| "***".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_with_bounded_jitter() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(1, base, 0.0), Duration::from_secs(30));
        assert_eq!(retry_delay(2, base, 0.0), Duration::from_secs(60));
        assert_eq!(retry_delay(5, base, 0.0), Duration::from_secs(480));
        assert_eq!(retry_delay(2, base, 0.999_999).as_secs(), 89);
        for attempts in 1..12 {
            let low = retry_delay(attempts, base, 0.0);
            let high = retry_delay(attempts, base, 0.999);
            assert!(high >= low && high <= low.mul_f64(1.5).min(MAX_DELAY));
        }
    }

    #[test]
    fn retries_are_capped_at_six_hours_even_for_absurd_counts() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(40, base, 0.5), MAX_DELAY);
        assert_eq!(retry_delay(i32::MAX, base, 0.0), MAX_DELAY);
        assert_eq!(retry_delay(0, base, 0.0), base);
    }

    #[test]
    fn masked_addresses_keep_only_the_first_letter_and_the_domain() {
        assert_eq!(mask("ada@example.org"), "a***@example.org");
        assert_eq!(mask("nonsense"), "***");
    }
}
