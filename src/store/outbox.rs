//! The email outbox: rows written in the same transaction as the change that causes an email,
//! so an email is never lost nor sent for a change that rolled back. A unique dedupe key makes
//! a repeated enqueue a no-op.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::entities::outbox_email;

/// An email waiting to be rendered and sent.
#[derive(Debug, Clone)]
pub struct NewEmail {
    pub kind: &'static str,
    pub dedupe_key: String,
    pub attendee_id: Option<Uuid>,
    pub recipient: String,
    pub payload: serde_json::Value,
}

/// Inserts `email` unless one with its dedupe key exists; returns whether it was inserted.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: NewEmail,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let key = email.dedupe_key.clone();
    Ok(super::batch::enqueue_emails(db, vec![email], now)
        .await?
        .contains(&key))
}

/// Claims up to `limit` due pending emails for `lease` by setting their `lease_until`, and
/// returns the rows this caller claimed. Each claim is a conditional `UPDATE` that matches
/// only a row nobody holds, and a row counts as claimed only when its own `UPDATE` changed
/// it, so two workers (or two processes) racing for a row never both get it. A worker that
/// dies mid-send leaves its lease to expire; the row is then claimed again.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u64,
) -> Result<Vec<outbox_email::Model>, sea_orm::DbErr> {
    let candidates: Vec<Uuid> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .filter(outbox_email::Column::Status.eq(PENDING))
        .filter(outbox_email::Column::DueAt.lte(now))
        .filter(free_at(now))
        .order_by_asc(outbox_email::Column::DueAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let result = outbox_email::Entity::update_many()
            .col_expr(outbox_email::Column::LeaseUntil, Expr::value(now + lease))
            .filter(outbox_email::Column::Id.eq(id))
            .filter(outbox_email::Column::Status.eq(PENDING))
            .filter(free_at(now))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(id);
        }
    }
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    outbox_email::Entity::find()
        .filter(outbox_email::Column::Id.is_in(claimed))
        .order_by_asc(outbox_email::Column::DueAt)
        .all(db)
        .await
}

/// Records that the email `id` was handed to the mail server.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value(SENT))
        .col_expr(outbox_email::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt at `id`: the attempt count becomes `attempts`, and the row is
/// released to be tried again at `retry_at`, or marked failed for good when `retry_at` is
/// `None`.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    id: Uuid,
    attempts: i32,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), sea_orm::DbErr> {
    let mut update = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(error.chars().take(2000).collect::<String>()),
        )
        .col_expr(
            outbox_email::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry_at {
        Some(at) => update.col_expr(outbox_email::Column::DueAt, Expr::value(at)),
        None => update.col_expr(outbox_email::Column::Status, Expr::value(FAILED)),
    };
    update
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Waiting to be sent (possibly again, after a failed attempt).
pub const PENDING: &str = "pending";
/// Accepted by the mail server (or written to the mail folder).
pub const SENT: &str = "sent";
/// Given up on after too many attempts, or impossible to render.
pub const FAILED: &str = "failed";

fn free_at(now: DateTime<Utc>) -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(outbox_email::Column::LeaseUntil.is_null())
        .add(outbox_email::Column::LeaseUntil.lt(now))
}
