//! The email outbox: rows written in the same transaction as the change that causes an email,
//! so an email is never lost nor sent for a change that rolled back. A unique dedupe key makes
//! a repeated enqueue a no-op.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
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
    let id = Uuid::now_v7();
    let dedupe_key = email.dedupe_key.clone();
    let row = outbox_email::ActiveModel {
        id: Set(id),
        kind: Set(email.kind.to_owned()),
        dedupe_key: Set(email.dedupe_key),
        attendee_id: Set(email.attendee_id),
        recipient: Set(email.recipient),
        payload: Set(email.payload.to_string()),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        due_at: Set(now),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    };
    let inserted = outbox_email::Entity::insert(row)
        .on_conflict_do_nothing_on([outbox_email::Column::DedupeKey])
        .exec_without_returning(db)
        .await?;
    match super::inserted_rows(db, &inserted) {
        Some(n) => Ok(n > 0),
        None => Ok(outbox_email::Entity::find()
            .filter(outbox_email::Column::DedupeKey.eq(dedupe_key))
            .one(db)
            .await?
            .is_some_and(|row| row.id == id)),
    }
}

/// Queued emails for one attendee, oldest first.
pub async fn for_attendee(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
) -> Result<Vec<outbox_email::Model>, sea_orm::DbErr> {
    outbox_email::Entity::find()
        .filter(outbox_email::Column::AttendeeId.eq(attendee_id))
        .order_by_asc(outbox_email::Column::CreatedAt)
        .all(db)
        .await
}
