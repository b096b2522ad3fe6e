//! The job runner inside every server process: claims queued jobs (a lease, so several
//! processes share the queue and a job of a crashed process is taken over), runs them, and
//! records the outcome. Requests wake it so a small run starts at once.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::domain::records::JobKind;
use crate::store;
use crate::workflows::Context;

/// How long a claimed job is ours without a heartbeat.
const LEASE: Duration = Duration::from_secs(60);
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Wakes the runner; cheap to clone into request state.
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The running job runner; `stop` waits for the job in hand.
pub struct Runner {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Runner {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the job runner ended abnormally");
        }
    }
}

/// Starts the runner; it also looks for work every `poll` in case another process queued it.
pub fn start(ctx: Context, waker: Waker, poll: Duration) -> Runner {
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        loop {
            if *stopped.borrow() {
                break;
            }
            let ran = match run_one(&ctx).await {
                Ok(ran) => ran,
                Err(e) => {
                    tracing::error!(error = %e, "claiming a job failed");
                    false
                }
            };
            if ran {
                continue;
            }
            tokio::select! {
                _ = waker.0.notified() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = stopped.changed() => {}
            }
        }
    });
    Runner { stop, task }
}

async fn run_one(ctx: &Context) -> Result<bool, sea_orm::DbErr> {
    let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
    let Some(job) = store::jobs::claim_next(&ctx.db.write, Utc::now(), lease).await? else {
        return Ok(false);
    };
    tracing::info!(job = %job.id, kind = %job.kind, "job started");
    let heartbeat = {
        let db = ctx.db.clone();
        let id = job.id;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                let until = Utc::now() + lease;
                if let Err(e) = store::jobs::heartbeat(&db.write, id, 50, until).await {
                    tracing::warn!(error = %e, job = %id, "job heartbeat failed");
                }
            }
        })
    };
    let outcome = match job.kind {
        JobKind::Plan => super::plans::run::execute(ctx, &job, Utc::now).await,
        JobKind::PlanRepair => super::plans::auto_repair::execute(ctx, &job).await,
    };
    heartbeat.abort();
    tracing::info!(job = %job.id, succeeded = outcome.is_ok(), "job finished");
    store::jobs::finish(&ctx.db.write, job.id, &outcome, Utc::now()).await?;
    Ok(true)
}
