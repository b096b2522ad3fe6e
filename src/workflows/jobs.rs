//! The job runner inside every server process: claims queued jobs (a lease, so several
//! processes share the queue and a job of a crashed process is taken over), runs them, and
//! records the outcome. Requests wake it so a small run starts at once. Told to stop, it lets
//! the job in hand finish for a while, then gives it back to the queue unfinished.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use strum::VariantArray;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::domain::records::{JobError, JobKind};
use crate::store;
use crate::workflows::Context;

/// How long a claimed job is ours without a heartbeat.
const LEASE: Duration = Duration::from_secs(60);
const HEARTBEAT: Duration = Duration::from_secs(15);
/// Claims of one job that may end with the database out of reach before its failure is
/// recorded; each gives it back to the queue for a later try.
const TRIES_WHEN_UNAVAILABLE: i32 = 5;
/// Tries at giving back a job abandoned at a stop.
const RELEASE_TRIES: u32 = 3;

/// Wakes the runner; cheap to clone into request state.
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The running job runner.
pub struct Runner {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    db: crate::store::Db,
    hand: Arc<Hand>,
}

/// The job being run, so that a stop that cannot wait for it can give it back.
#[derive(Default)]
struct Hand {
    job: Mutex<Option<uuid::Uuid>>,
    /// Held by a claim from before its UPDATE is sent until the job it claimed is in hand.
    /// The database commits a claim whose caller was aborted while waiting for the answer,
    /// so the claim runs in a task of its own and a stop waits for it before looking.
    claiming: Arc<tokio::sync::Mutex<()>>,
}

impl Hand {
    fn hold(&self, job: Option<uuid::Uuid>) {
        if let Ok(mut held) = self.job.lock() {
            *held = job;
        }
    }
}

impl Runner {
    /// Waits up to `grace` for the job in hand; one still running then is abandoned and
    /// released (queued again, lease cleared) so that another process takes it at once
    /// instead of after its lease runs out.
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        match tokio::time::timeout(grace, &mut task).await {
            Ok(Ok(())) => return,
            Ok(Err(e)) => tracing::error!(error = %e, "the job runner ended abnormally"),
            Err(_) => {
                task.abort();
                let _ = task.await;
            }
        }
        let _claims_done = self.hand.claiming.lock().await;
        let abandoned = self.hand.job.lock().ok().and_then(|mut j| j.take());
        match abandoned {
            Some(id) => give_back_abandoned(&self.db, id).await,
            None => tracing::info!("the job runner stopped with no job in hand"),
        }
    }
}

/// Queues an abandoned job again. A connection the aborted run left mid-query can fail the first
/// try, so it tries a few times before leaving the job to its lease.
async fn give_back_abandoned(db: &crate::store::Db, id: uuid::Uuid) {
    let mut tries = 0;
    loop {
        tries += 1;
        match store::jobs::release(&db.write, id).await {
            Ok(()) => {
                tracing::info!(job = %id, "job given back to the queue unfinished");
                return;
            }
            Err(e) if tries < RELEASE_TRIES => {
                tracing::warn!(job = %id, error = %e, tries, "giving the job back failed; trying again");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                tracing::error!(job = %id, error = %e, "giving the job back failed; it waits for its lease to expire");
                return;
            }
        }
    }
}

/// Aborts the task it holds when dropped: a heartbeat must not outlive its job, even when
/// the job is abandoned mid-way.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts the runner; it also looks for work every `poll` in case another process queued it.
pub fn start(ctx: Context, waker: Waker, poll: Duration) -> Runner {
    ctx.metrics
        .declare_job_kinds(JobKind::VARIANTS.iter().map(|k| k.as_str()));
    let (stop, mut stopped) = watch::channel(false);
    let hand = Arc::new(Hand::default());
    let db = ctx.db.clone();
    let held = hand.clone();
    let task = tokio::spawn(async move {
        loop {
            if *stopped.borrow() {
                break;
            }
            let ran = match run_one(&ctx, &held).await {
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
    Runner {
        stop,
        task,
        db,
        hand,
    }
}

/// Claims the next job and puts it in hand in one step that aborting the runner cannot
/// split: a stop from then on gives the job back, instead of leaving it under its lease for
/// a minute.
async fn claim(ctx: &Context, hand: &Arc<Hand>) -> Result<Option<uuid::Uuid>, sea_orm::DbErr> {
    let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
    let claiming = hand.claiming.clone().lock_owned().await;
    let db = ctx.db.write.clone();
    let hand = hand.clone();
    tokio::spawn(async move {
        let id = store::jobs::claim_next(&db, Utc::now(), lease).await?;
        hand.hold(id);
        drop(claiming);
        Ok(id)
    })
    .await
    .map_err(|e| sea_orm::DbErr::Custom(format!("the claim ended abnormally: {e}")))?
}

async fn run_one(ctx: &Context, hand: &Arc<Hand>) -> Result<bool, sea_orm::DbErr> {
    let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
    let Some(id) = claim(ctx, hand).await? else {
        return Ok(false);
    };
    let Some(job) = store::jobs::find(&ctx.db.write, id).await? else {
        // Erased with its conference since the claim: nothing to run or give back.
        hand.hold(None);
        return Ok(true);
    };
    tracing::info!(job = %job.id, kind = %job.kind, "job started");
    let started = Instant::now();
    let heartbeat = AbortOnDrop({
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
    });
    let outcome = match job.kind {
        JobKind::Plan => super::plans::run::execute(ctx, &job, Utc::now).await,
        JobKind::PlanRepair => super::plans::auto_repair::execute(ctx, &job).await,
    };
    drop(heartbeat);
    let seconds = started.elapsed().as_secs_f64();
    if let Err(e) = &outcome
        && give_back(e, job.attempts)
    {
        tracing::warn!(job = %job.id, attempts = job.attempts, error = %e, "the database was out of reach; the job goes back to the queue");
        store::jobs::release(&ctx.db.write, job.id).await?;
        hand.hold(None);
        // Not claimed again at once: the runner waits its poll interval first.
        return Ok(false);
    }
    tracing::info!(job = %job.id, succeeded = outcome.is_ok(), seconds, "job finished");
    store::jobs::finish(&ctx.db.write, job.id, &outcome, Utc::now()).await?;
    hand.hold(None);
    ctx.metrics
        .job_finished(job.kind.as_str(), outcome.is_ok(), seconds);
    Ok(true)
}

/// Whether a failed job goes back to the queue instead of being recorded as failed:
/// `attempts` counts the claims so far, this one included.
fn give_back(error: &JobError, attempts: i32) -> bool {
    error.transient && attempts < TRIES_WHEN_UNAVAILABLE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::JobFailure;

    #[test]
    fn a_lost_database_gives_the_job_back_a_few_times_then_fails_it() {
        let lost = JobError {
            transient: true,
            ..JobError::new(JobFailure::StoringFailed, "connection refused")
        };
        assert!(give_back(&lost, 1));
        assert!(give_back(&lost, TRIES_WHEN_UNAVAILABLE - 1));
        assert!(!give_back(&lost, TRIES_WHEN_UNAVAILABLE));
        let invalid = JobError::new(JobFailure::InvalidParameters, "missing field");
        assert!(!give_back(&invalid, 1));
    }
}
