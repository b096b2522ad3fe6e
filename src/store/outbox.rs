//! The email outbox: rows written in the same transaction as the change that causes an email,
//! so an email is never lost nor sent for a change that rolled back. A unique dedupe key makes
//! a repeated enqueue a no-op.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
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
