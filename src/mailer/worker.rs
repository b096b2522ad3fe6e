//! The outbox worker: claims due emails under a lease, renders and sends them, and records
//! the outcome: sent, retried later with exponential back-off and jitter, or failed for good.
//!
//! Delivery is at least once: a worker that dies after the server accepted a message but
//! before it marked the row sent leaves the lease to expire, and the row is sent again (with
//! the same Message-ID). Rows are never lost and never sent by two workers at once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::templates::Templates;
use super::transport::Sender;
use crate::entities::outbox_email;
use crate::store::{Db, outbox};

/// The longest wait between two attempts at one email.
const MAX_DELAY: Duration = Duration::from_secs(6 * 3600);

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub poll: Duration,
    /// Rows claimed per round; a full round is followed by the next one without waiting.
    pub batch: u64,
    /// How long a claim holds a row; longer than one batch can take to send.
    pub lease: Duration,
    pub retry_base: Duration,
    pub max_attempts: i32,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            poll: Duration::from_millis(500),
            batch: 32,
            lease: Duration::from_secs(5 * 60),
            retry_base: Duration::from_secs(30),
            max_attempts: 10,
        }
    }
}

/// A running worker; `stop` lets it finish the email in hand and waits for it.
pub struct Handle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Handle {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the outbox worker ended abnormally");
        }
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
    sender: Sender,
    settings: WorkerSettings,
) -> Handle {
    let (stop, stopped) = watch::channel(false);
    let worker = Worker {
        db,
        templates,
        from,
        sender,
        settings,
    };
    Handle {
        stop,
        task: tokio::spawn(worker.run(stopped)),
    }
}

struct Worker {
    db: Db,
    templates: Templates,
    from: Mailbox,
    sender: Sender,
    settings: WorkerSettings,
}

/// Why one attempt failed, and whether another attempt could succeed.
struct Failure {
    message: String,
    permanent: bool,
}

impl Worker {
    async fn run(mut self, mut stopped: watch::Receiver<bool>) {
        let lease = chrono::Duration::from_std(self.settings.lease)
            .unwrap_or_else(|_| chrono::Duration::minutes(5));
        while !*stopped.borrow() {
            let claimed =
                outbox::claim_due(&self.db.write, Utc::now(), lease, self.settings.batch).await;
            let full = match claimed {
                Ok(rows) => {
                    let full = rows.len() as u64 >= self.settings.batch;
                    for row in rows {
                        self.handle(row).await;
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
        self.sender.close().await;
    }

    async fn handle(&mut self, row: outbox_email::Model) {
        let outcome = self.deliver(&row).await;
        let now = Utc::now();
        let recorded = match outcome {
            Ok(()) => {
                tracing::info!(id = %row.id, kind = %row.kind, to = %mask(&row.recipient), "email sent");
                outbox::mark_sent(&self.db.write, row.id, now).await
            }
            Err(failure) => {
                let attempts = row.attempts.saturating_add(1);
                let retry_at = (!failure.permanent && attempts < self.settings.max_attempts)
                    .then(|| self.retry_at(attempts, now));
                tracing::warn!(
                    id = %row.id, kind = %row.kind, to = %mask(&row.recipient), attempts,
                    retry_at = ?retry_at, error = %failure.message, "email not sent"
                );
                outbox::record_failure(&self.db.write, row.id, attempts, &failure.message, retry_at)
                    .await
            }
        };
        if let Err(e) = recorded {
            tracing::error!(id = %row.id, error = %e, "recording an email's outcome failed; its lease will expire and it will be tried again");
        }
    }

    fn retry_at(&self, attempts: i32, now: DateTime<Utc>) -> DateTime<Utc> {
        let delay = retry_delay(attempts, self.settings.retry_base, rand::random::<f64>());
        now + chrono::Duration::from_std(delay).unwrap_or_else(|_| chrono::Duration::hours(6))
    }

    async fn deliver(&mut self, row: &outbox_email::Model) -> Result<(), Failure> {
        let permanent = |message: String| Failure {
            message,
            permanent: true,
        };
        let payload: serde_json::Value = serde_json::from_str(&row.payload)
            .map_err(|e| permanent(format!("payload is not JSON: {e}")))?;
        let rendered = self
            .templates
            .render(&row.kind, &payload)
            .map_err(|e| permanent(e.to_string()))?;
        let message =
            super::message::build(row.id, &self.from, &row.recipient, &rendered, Utc::now())
                .map_err(permanent)?;
        self.sender
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
