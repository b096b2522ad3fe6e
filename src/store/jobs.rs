//! Background jobs (plan runs). Any server process may run a queued job: it claims it with a
//! lease through a conditional update, so two processes never run one job at once, and a job
//! whose process died is claimed again once its lease has expired.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::stored;
use crate::domain::records::{Job, JobFilter, JobKind, JobOutcome, JobStatus};
use crate::entities::job;

fn from_row(row: job::Model) -> Result<Job, sea_orm::DbErr> {
    Ok(Job {
        id: row.id,
        conference_id: row.conference_id,
        kind: stored("jobs.kind", &row.kind)?,
        status: stored("jobs.status", &row.status)?,
        progress: row
            .progress_snapshot
            .and_then(|p| serde_json::from_str(&p).ok()),
        params: serde_json::from_str(&row.params).unwrap_or_default(),
        // Written by `finish` only, so a parse failure means a hand-edited row: show none.
        result: row.result.and_then(|r| serde_json::from_str(&r).ok()),
        error: row.error.and_then(|r| serde_json::from_str(&r).ok()),
        attempts: row.attempts,
        created_at: row.created_at,
        started_at: row.started_at,
        finished_at: row.finished_at,
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    kind: JobKind,
    params: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Job, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    let row = job::Model {
        id,
        conference_id,
        kind: kind.as_str().to_owned(),
        status: JobStatus::Queued.as_str().to_owned(),
        progress: 0,
        params: params.to_string(),
        result: None,
        error: None,
        progress_snapshot: None,
        attempts: 0,
        lease_until: None,
        created_at: now,
        started_at: None,
        finished_at: None,
    };
    job::Entity::insert(job::ActiveModel {
        id: Set(row.id),
        conference_id: Set(row.conference_id),
        kind: Set(row.kind.clone()),
        status: Set(row.status.clone()),
        progress: Set(0),
        params: Set(row.params.clone()),
        result: Set(None),
        error: Set(None),
        progress_snapshot: Set(None),
        attempts: Set(0),
        lease_until: Set(None),
        created_at: Set(now),
        started_at: Set(None),
        finished_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    from_row(row)
}

/// Whether a job of `kind` with exactly these parameters waits to be claimed: a second one
/// would only redo its work.
pub async fn is_queued(
    db: &impl ConnectionTrait,
    kind: JobKind,
    params: &serde_json::Value,
) -> Result<bool, sea_orm::DbErr> {
    Ok(job::Entity::find()
        .select_only()
        .column(job::Column::Id)
        .filter(job::Column::Kind.eq(kind.as_str()))
        .filter(job::Column::Status.eq(JobStatus::Queued.as_str()))
        .filter(job::Column::Params.eq(params.to_string()))
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some())
}

/// One page of a conference's jobs (1-based `page`), newest first, and how many match.
pub async fn list_for_conference(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    filter: &JobFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Job>, u64), sea_orm::DbErr> {
    let mut condition = Condition::all().add(job::Column::ConferenceId.eq(conference_id));
    if let Some(status) = &filter.status {
        condition = condition.add(job::Column::Status.eq(status.as_str()));
    }
    if let Some(kind) = &filter.kind {
        condition = condition.add(job::Column::Kind.eq(kind.as_str()));
    }
    let query = job::Entity::find()
        .filter(condition)
        .order_by_desc(job::Column::CreatedAt)
        .order_by_desc(job::Column::Id);
    let (rows, total) = super::page_of(db, query, page, per_page).await?;
    Ok((
        rows.into_iter().map(from_row).collect::<Result<_, _>>()?,
        total,
    ))
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Job>, sea_orm::DbErr> {
    job::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(from_row)
        .transpose()
}

/// A job nobody holds: queued, or running under a lease that has expired.
fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(job::Column::Status.eq(JobStatus::Queued.as_str()))
        .add(
            Condition::all()
                .add(job::Column::Status.eq(JobStatus::Running.as_str()))
                .add(job::Column::LeaseUntil.lt(now)),
        )
}

/// Claims the oldest claimable job for `lease` and returns its id; `None` when there is none
/// (or another process won every race). A job taken over from a crashed process starts again without the progress
/// that process reported.
pub async fn claim_next(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: chrono::Duration,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    let candidates: Vec<Uuid> = job::Entity::find()
        .select_only()
        .column(job::Column::Id)
        .filter(claimable(now))
        .order_by_asc(job::Column::CreatedAt)
        .limit(4)
        .into_tuple()
        .all(db)
        .await?;
    for id in candidates {
        let result = job::Entity::update_many()
            .col_expr(
                job::Column::Status,
                Expr::value(JobStatus::Running.as_str()),
            )
            .col_expr(job::Column::LeaseUntil, Expr::value(now + lease))
            .col_expr(job::Column::StartedAt, Expr::value(now))
            .col_expr(
                job::Column::ProgressSnapshot,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).add(1),
            )
            .filter(job::Column::Id.eq(id))
            .filter(claimable(now))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Extends the lease of a running job and records its progress.
pub async fn heartbeat(
    db: &impl ConnectionTrait,
    id: Uuid,
    progress: i32,
    lease_until: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    job::Entity::update_many()
        .col_expr(job::Column::Progress, Expr::value(progress))
        .col_expr(job::Column::LeaseUntil, Expr::value(lease_until))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(JobStatus::Running.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Records what a job reports about its progress. One UPDATE by primary key, cheap enough to
/// repeat every half second; it changes only a running job, so a late report never lands on a
/// finished one.
pub async fn set_progress(
    db: &impl ConnectionTrait,
    id: Uuid,
    progress: &serde_json::Value,
) -> Result<(), sea_orm::DbErr> {
    job::Entity::update_many()
        .col_expr(
            job::Column::ProgressSnapshot,
            Expr::value(progress.to_string()),
        )
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(JobStatus::Running.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the job finished: succeeded with its result, or failed with its error.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: Uuid,
    outcome: &JobOutcome,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let (status, column, json) = match outcome {
        Ok(result) => (JobStatus::Succeeded, job::Column::Result, to_json(result)),
        Err(error) => (JobStatus::Failed, job::Column::Error, to_json(error)),
    };
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(status.as_str()))
        .col_expr(job::Column::Progress, Expr::value(100))
        .col_expr(column, Expr::value(json))
        .col_expr(job::Column::FinishedAt, Expr::value(now))
        .col_expr(
            job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(job::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Gives a running job back to the queue, claimable at once by any process, without a result:
/// for a process that stops before the job finishes.
pub async fn release(db: &impl ConnectionTrait, id: Uuid) -> Result<(), sea_orm::DbErr> {
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
        .col_expr(
            job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::Progress, Expr::value(0))
        .col_expr(
            job::Column::ProgressSnapshot,
            Expr::value(Option::<String>::None),
        )
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(JobStatus::Running.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Jobs per status (those with none left out), in one grouped COUNT.
pub async fn count_by_status(
    db: &impl ConnectionTrait,
) -> Result<Vec<(String, i64)>, sea_orm::DbErr> {
    job::Entity::find()
        .select_only()
        .column(job::Column::Status)
        .column_as(job::Column::Id.count(), "n")
        .group_by(job::Column::Status)
        .into_tuple()
        .all(db)
        .await
}
