//! Group commit for registrations: requests hand their checked registration to a few writer
//! tasks, each of which takes everything waiting (up to a batch limit) and writes it in one
//! transaction. Under load this turns a dozen round trips per registration into a dozen per
//! batch; when idle a batch is a single registration and nothing waits.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, mpsc, oneshot};

use super::{Outcome, Pending, register_many};
use crate::error::Error;
use crate::workflows::Context;

type Reply = oneshot::Sender<Result<Outcome, Error>>;

/// After a batch finds the database out of reach, the batches taken within this long are
/// answered 503 at once instead of each waiting out the pool's acquire timeout in turn behind
/// the other writers (a request queued behind two such batches took twice the timeout).
const FAIL_FAST: Duration = Duration::from_millis(500);

/// When a writer last found the database out of reach, and why (so every 503 it answers in the
/// window logs the cause, say "database or disk is full"), shared by the writers.
type LastOutage = Arc<std::sync::Mutex<Option<(Instant, String)>>>;

/// The queue into the writer tasks. Cloning shares the same queue.
#[derive(Clone)]
pub struct Registrar {
    queue: mpsc::Sender<(Pending, Reply)>,
}

impl Registrar {
    /// Starts `writers` tasks on the current runtime (one for SQLite, whose writes are
    /// serialised anyway; a few for PostgreSQL and MariaDB so one batch commits while the next
    /// is written).
    /// `max_batch` bounds the registrations written in one transaction: larger batches cost
    /// fewer round trips per registration, smaller ones keep each request's wait short.
    pub fn start(ctx: Context, writers: usize, max_batch: usize) -> Self {
        let max_batch = max_batch.max(1);
        let (queue, receiver) = mpsc::channel::<(Pending, Reply)>(4 * max_batch);
        let receiver = Arc::new(Mutex::new(receiver));
        let outage = LastOutage::default();
        for _ in 0..writers.max(1) {
            let (ctx, receiver, outage) = (ctx.clone(), receiver.clone(), outage.clone());
            tokio::spawn(async move {
                while let Some(batch) = next_batch(&receiver, max_batch).await {
                    write(&ctx, batch, &outage).await;
                }
            });
        }
        Self { queue }
    }

    /// Queues one registration and waits until its batch is committed.
    pub async fn register(&self, pending: Pending) -> Result<Outcome, Error> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((pending, reply))
            .await
            .map_err(|_| Error::internal(anyhow::anyhow!("the registration writers stopped")))?;
        answer.await.map_err(|_| {
            Error::internal(anyhow::anyhow!("a registration writer dropped a reply"))
        })?
    }
}

async fn next_batch(
    receiver: &Mutex<mpsc::Receiver<(Pending, Reply)>>,
    max_batch: usize,
) -> Option<Vec<(Pending, Reply)>> {
    let mut receiver = receiver.lock().await;
    let first = receiver.recv().await?;
    let mut batch = vec![first];
    while batch.len() < max_batch {
        match receiver.try_recv() {
            Ok(next) => batch.push(next),
            Err(_) => break,
        }
    }
    Some(batch)
}

/// Writes a batch; if the batch as a whole fails, each registration is retried alone so one
/// bad row (or a lost deadlock) does not fail the others. A database out of reach fails the
/// whole batch: one by one, each would wait for a connection again.
async fn write(ctx: &Context, batch: Vec<(Pending, Reply)>, outage: &LastOutage) {
    let (items, replies): (Vec<Pending>, Vec<Reply>) = batch.into_iter().unzip();
    let recent = outage
        .lock()
        .ok()
        .and_then(|last| last.clone())
        .filter(|(at, _)| at.elapsed() < FAIL_FAST);
    if let Some((at, cause)) = recent {
        let message = format!(
            "the database was out of reach {} ms ago: {cause}",
            at.elapsed().as_millis()
        );
        for reply in replies {
            let _ = reply.send(Err(unavailable(&message)));
        }
        return;
    }
    match register_many(ctx, &items).await {
        Ok(outcomes) => {
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                let _ = reply.send(Ok(outcome));
            }
        }
        Err(Error::Unavailable(cause)) => {
            let message = format!("{cause:#}");
            if let Ok(mut last) = outage.lock() {
                *last = Some((Instant::now(), message.clone()));
            }
            for reply in replies {
                let _ = reply.send(Err(unavailable(&message)));
            }
        }
        Err(err) if items.len() == 1 => {
            if let Some(reply) = replies.into_iter().next() {
                let _ = reply.send(Err(err));
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, size = items.len(), "batch failed; writing one by one");
            for (item, reply) in items.into_iter().zip(replies) {
                let result = register_many(ctx, std::slice::from_ref(&item))
                    .await
                    .and_then(|mut o| {
                        o.pop().ok_or_else(|| {
                            Error::internal(anyhow::anyhow!("a batch of one gave no outcome"))
                        })
                    });
                let _ = reply.send(result);
            }
        }
    }
}

fn unavailable(cause: &str) -> Error {
    Error::Unavailable(anyhow::anyhow!("{cause}"))
}
