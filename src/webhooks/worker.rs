//! The delivery worker. Delivery is at least once: a worker that dies after the receiver
//! answered but before it recorded the answer leaves its lease to expire, and the row is sent
//! again with the same `webhook-id`, by which receivers recognise it.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use futures_util::future::join_all;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::Settings;
use crate::domain::records::{WebhookDelivery, WebhookEndpoint};
use crate::domain::webhooks::{check_url, secret_key, sign};
use crate::store::Db;
use crate::store::webhooks::deliveries::{self, Attempt};
use crate::store::webhooks::endpoints;

/// A running worker; `stop` lets it finish the batch in hand and waits for it.
pub struct Handle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Handle {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the webhook worker ended abnormally");
        }
    }
}

/// Starts the worker on the current tokio runtime.
pub fn spawn(
    db: Db,
    settings: Settings,
    metrics: crate::metrics::Metrics,
) -> reqwest::Result<Handle> {
    let client = crate::outbound::client(settings.timeout, settings.allow_private)?;
    let (stop, stopped) = watch::channel(false);
    let worker = Worker {
        db,
        client,
        settings,
        metrics,
    };
    Ok(Handle {
        stop,
        task: tokio::spawn(worker.run(stopped)),
    })
}

struct Worker {
    db: Db,
    client: reqwest::Client,
    settings: Settings,
    metrics: crate::metrics::Metrics,
}

/// What one attempt came to: the receiver's status code if it answered, and an error unless
/// it was a 2xx; `permanent` when no further attempt could succeed.
struct Outcome {
    status_code: Option<i32>,
    error: Option<String>,
    permanent: bool,
}

impl Worker {
    /// Long enough for a whole batch: every request of it runs at once, each within the
    /// timeout, then the outcomes are written.
    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.settings.timeout * 3 + Duration::from_secs(30))
            .unwrap_or_else(|_| chrono::Duration::minutes(5))
    }

    async fn run(self, mut stopped: watch::Receiver<bool>) {
        while !*stopped.borrow() && stopped.has_changed().is_ok() {
            let claimed = deliveries::claim_due(
                &self.db.write,
                Utc::now(),
                self.lease(),
                self.settings.batch,
            )
            .await;
            let full = match claimed {
                Ok(rows) if *stopped.borrow() => {
                    self.give_back(&rows).await;
                    false
                }
                Ok(rows) => {
                    let full = rows.len() as u64 >= self.settings.batch;
                    if !rows.is_empty() {
                        self.send_batch(rows).await;
                    }
                    full
                }
                Err(e) => {
                    tracing::warn!(error = %e, "claiming due webhook deliveries failed");
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
    }

    async fn give_back(&self, rows: &[WebhookDelivery]) {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        if let Err(e) = deliveries::release(&self.db.write, &ids).await {
            tracing::warn!(error = %e, count = ids.len(), "giving back webhook deliveries failed; they wait for their leases to expire");
        }
    }

    async fn send_batch(&self, rows: Vec<WebhookDelivery>) {
        let mut ids: Vec<Uuid> = rows.iter().map(|r| r.endpoint_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let found = match endpoints::by_ids(&self.db.read, &ids).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "reading webhook endpoints failed; giving the deliveries back");
                self.give_back(&rows).await;
                return;
            }
        };
        let by_id: HashMap<Uuid, WebhookEndpoint> = found.into_iter().map(|e| (e.id, e)).collect();
        let outcomes = join_all(
            rows.iter()
                .map(|row| self.attempt(row, by_id.get(&row.endpoint_id))),
        )
        .await;
        for (row, outcome) in rows.iter().zip(outcomes) {
            self.record(row, outcome).await;
        }
    }

    async fn attempt(&self, row: &WebhookDelivery, endpoint: Option<&WebhookEndpoint>) -> Outcome {
        let refused = |message: &str| Outcome {
            status_code: None,
            error: Some(message.to_owned()),
            permanent: true,
        };
        let Some(endpoint) = endpoint else {
            return refused("the endpoint was deleted");
        };
        if !endpoint.enabled {
            return refused("not sent: the endpoint is disabled");
        }
        let url = match check_url(&endpoint.url, self.settings.allow_private) {
            Ok(url) => url,
            Err(e) => return refused(&format!("not sent: the URL {}", e.message())),
        };
        let Some(key) = secret_key(&endpoint.secret) else {
            return refused("not sent: the endpoint's secret is not a whsec_ secret");
        };
        let timestamp = Utc::now().timestamp();
        let signature = sign(&key, &row.message_id, timestamp, &row.payload);
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &row.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(row.payload.clone())
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status();
                Outcome {
                    status_code: Some(i32::from(status.as_u16())),
                    error: (!status.is_success())
                        .then(|| format!("the receiver answered {status}")),
                    permanent: false,
                }
            }
            Err(e) => Outcome {
                status_code: None,
                error: Some(describe(&e)),
                permanent: false,
            },
        }
    }

    async fn record(&self, row: &WebhookDelivery, outcome: Outcome) {
        let attempts = row.attempts.saturating_add(1);
        let now = Utc::now();
        let retry_at = (outcome.error.is_some()
            && !outcome.permanent
            && attempts < self.settings.max_attempts)
            .then(|| {
                let delay =
                    crate::mailer::retry_delay(attempts, self.settings.retry_base, rand::random());
                now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(6))
            });
        self.metrics
            .webhook_attempt(match (&outcome.error, retry_at) {
                (None, _) => "delivered",
                (Some(_), Some(_)) => "retry",
                (Some(_), None) => "failed",
            });
        if let Some(error) = &outcome.error {
            tracing::info!(delivery = %row.id, endpoint = %row.endpoint_id, attempts, error = %error, retry = retry_at.is_some(), "webhook delivery attempt failed");
        }
        let attempt = Attempt {
            attempts,
            status_code: outcome.status_code,
            error: outcome.error.as_deref(),
            retry_at,
        };
        if let Err(e) = deliveries::record_attempt(&self.db.write, row.id, attempt, now).await {
            tracing::warn!(error = %e, delivery = %row.id, "recording a webhook attempt failed; it is sent again after its lease");
        }
    }
}

/// A transport failure in words, without the URL (which the log already ties to the
/// endpoint, and which may carry a token in its query).
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "the request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() {
        what.to_owned()
    } else {
        format!("{what}: {cause}")
    }
}
