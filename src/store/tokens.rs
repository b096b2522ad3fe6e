//! Attendees' access tokens (the secret in their personal links), stored as hashes.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::attendee_token;

/// What a token lets its bearer do.
pub const PURPOSE_MANAGE: &str = "manage";
/// Confirms the address an organizer changed the attendee's email to (and nothing else).
pub const PURPOSE_EMAIL_CHANGE: &str = "email_change";

/// Removes the attendee's tokens of one purpose: a newer email change, or its confirmation or
/// cancellation, leaves no older confirmation link working.
pub async fn delete_of(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    purpose: &str,
) -> Result<(), sea_orm::DbErr> {
    attendee_token::Entity::delete_many()
        .filter(attendee_token::Column::AttendeeId.eq(attendee_id))
        .filter(attendee_token::Column::Purpose.eq(purpose))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
    token_hash: &str,
    purpose: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    attendee_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        attendee_id: Set(attendee_id),
        token_hash: Set(token_hash.to_owned()),
        purpose: Set(purpose.to_owned()),
        expires_at: Set(expires_at),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The attendee behind an unexpired token of `purpose`.
pub async fn find_attendee(
    db: &impl ConnectionTrait,
    token_hash: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    Ok(attendee_token::Entity::find()
        .filter(attendee_token::Column::TokenHash.eq(token_hash))
        .filter(attendee_token::Column::Purpose.eq(purpose))
        .filter(attendee_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|t| t.attendee_id))
}
