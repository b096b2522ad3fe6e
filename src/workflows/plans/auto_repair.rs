//! Repair without the organizer: when someone confirms late, withdraws or opts in or out of a
//! meetup, the change that caused it also queues a repair job for every published plan of a
//! meetup that has not started. The job runs the same fewest-moves repair as the organizer's
//! button, so the tables that changed hear about it within seconds, and nobody else does.
//!
//! The job is queued in the caller's transaction: a withdrawal that commits always has its
//! repair, and one that rolls back has none. A burst of changes shares one queued job per plan.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::domain::records::{
    Job, JobError, JobFailure, JobKind, JobOutcome, JobResult, PlanStatus,
};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

#[derive(Debug, Serialize, Deserialize)]
struct RepairParams {
    plan_id: Uuid,
}

/// Queues a repair of each published plan in `conference_id` whose meetup starts after `now`
/// (all of them, or only `meetup_id`'s), unless one is already waiting. Returns how many were
/// queued; the caller wakes the job runner after committing.
pub async fn schedule(
    txn: &impl ConnectionTrait,
    conference_id: Uuid,
    meetup_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let upcoming: Vec<Uuid> = store::meetups::list(txn, conference_id)
        .await?
        .into_iter()
        .filter(|m| {
            m.fields.starts_at > now && !m.is_cancelled() && meetup_id.is_none_or(|id| id == m.id)
        })
        .map(|m| m.id)
        .collect();
    let mut queued = 0;
    for plan_id in store::plans::published_ids_for_meetups(txn, &upcoming).await? {
        let params = json!(RepairParams { plan_id });
        if !store::jobs::is_queued(txn, JobKind::PlanRepair, &params).await? {
            store::jobs::insert(txn, conference_id, JobKind::PlanRepair, &params, now).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Runs a queued repair. A plan that is no longer the published one (superseded, or its
/// meetup gone or started) is left alone: the job succeeds and says why.
pub async fn execute(ctx: &Context, job: &Job) -> JobOutcome {
    let params: RepairParams = serde_json::from_value(job.params.clone())
        .map_err(|e| JobError::new(JobFailure::InvalidParameters, e))?;
    repair_one(ctx, job.conference_id, params.plan_id, None).await
}

/// The published plans of upcoming meetups in `conference_id` that seat `attendee_id`.
pub async fn plans_seating(
    ctx: &Context,
    conference_id: Uuid,
    attendee_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, Error> {
    let upcoming: Vec<Uuid> = store::meetups::list(&ctx.db.read, conference_id)
        .await?
        .into_iter()
        .filter(|m| m.fields.starts_at > now && !m.is_cancelled())
        .map(|m| m.id)
        .collect();
    Ok(store::plans::published_for_meetups(&ctx.db.read, &upcoming)
        .await?
        .into_iter()
        .filter(|p| p.seats.iter().any(|s| s.attendee_id == attendee_id))
        .map(|p| p.id)
        .collect())
}

/// Times an automatic repair starts again from the plan as it is now, when another repair (on
/// this instance or another) changed the plan under it; each start is a fresh look at who
/// takes part, so the change that queued this one is never lost.
const RACES: usize = 5;

/// Repairs `plan_id` at once, as its job would, with `reason` in the change log (the default
/// counts who joined and left). A repair that loses the race for the plan's version to another
/// one reloads the plan and repairs what is left, if anything.
pub async fn repair_one(
    ctx: &Context,
    conference_id: Uuid,
    plan_id: Uuid,
    reason: Option<String>,
) -> JobOutcome {
    let mut attempt = 1;
    loop {
        match repair_as_read(ctx, conference_id, plan_id, reason.clone()).await {
            Ok(result) => return Ok(result),
            Err(Failure::Job(e)) => return Err(e),
            Err(Failure::Raced) if attempt < RACES => attempt += 1,
            Err(Failure::Raced) => {
                return Err(JobError::new(
                    JobFailure::RepairFailed,
                    Error::conflict(
                        Some("version"),
                        format!("the plan changed under {RACES} repairs in a row; try again"),
                    ),
                ));
            }
        }
    }
}

/// Why one repair did not end the job.
enum Failure {
    /// Another repair changed the plan after this one read it, or the database aborted this
    /// one's write to settle a deadlock with another's.
    Raced,
    Job(JobError),
}

/// One repair of the plan as it reads it now.
async fn repair_as_read(
    ctx: &Context,
    conference_id: Uuid,
    plan_id: Uuid,
    reason: Option<String>,
) -> Result<JobResult, Failure> {
    let problem = |e: Error| Failure::Job(super::job_error(JobFailure::RepairFailed, e));
    let now = Utc::now();
    let Some(plan) = store::plans::find(&ctx.db.read, plan_id)
        .await
        .map_err(|e| problem(e.into()))?
    else {
        return Ok(JobResult::RepairSkipped {
            plan_id,
            skipped: "the plan no longer exists".to_owned(),
        });
    };
    if plan.status != PlanStatus::Published {
        return Ok(JobResult::RepairSkipped {
            plan_id: plan.id,
            skipped: format!("the plan is {}", plan.status),
        });
    }
    let meetup = store::meetups::find(&ctx.db.read, conference_id, plan.meetup_id)
        .await
        .map_err(|e| problem(e.into()))?;
    let Some(meetup) = meetup.filter(|m| m.fields.starts_at > now) else {
        return Ok(JobResult::RepairSkipped {
            plan_id: plan.id,
            skipped: "the meetup has started".to_owned(),
        });
    };
    if meetup.is_cancelled() {
        return Ok(JobResult::RepairSkipped {
            plan_id: plan.id,
            skipped: "the meetup was cancelled".to_owned(),
        });
    }
    let conference = store::conferences::find_by_id(&ctx.db.read, conference_id)
        .await
        .map_err(|e| problem(e.into()))?
        .ok_or_else(|| problem(Error::NotFound("conference")))?;
    let plan_id = plan.id;
    let repaired = super::repair::repair_published(ctx, &conference, &meetup, plan, reason, now)
        .await
        .map_err(|e| match e {
            Error::Conflict {
                field: Some(field), ..
            } if field == "version" => Failure::Raced,
            // The database settled a deadlock with another instance's write by aborting this.
            Error::Internal(cause)
                if cause
                    .downcast_ref::<sea_orm::DbErr>()
                    .is_some_and(store::retry::is_conflict) =>
            {
                Failure::Raced
            }
            other => problem(other),
        })?;
    Ok(JobResult::Repaired {
        plan_id,
        change_id: repaired.change.as_ref().map(|c| c.id),
        changed_tables: repaired
            .change
            .map(|c| c.changed_tables)
            .unwrap_or_default(),
    })
}
