//! Attendees' access tokens (the secret in their personal links), stored as hashes. An
//! attendee has one live token per purpose: a newer one, once the email carrying it is sent
//! (or once it is handed out directly), revokes the older ones, which then read as replaced.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
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

/// Rows per multi-row statement, well under every backend's limit on bound values.
const CHUNK: usize = 500;

/// A token to store.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// Made with `Uuid::now_v7`, so a later token sorts after an earlier one.
    pub id: Uuid,
    pub attendee_id: Uuid,
    pub token_hash: String,
    pub purpose: &'static str,
    pub expires_at: DateTime<Utc>,
}

/// What a presented token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Live {
        id: Uuid,
        attendee_id: Uuid,
        last_used_at: Option<DateTime<Utc>>,
    },
    /// A newer token of the same purpose replaced it.
    Replaced { attendee_id: Uuid },
}

/// Stores `tokens` without revoking anything (see [`revoke_older`]).
pub async fn insert_many(
    db: &impl ConnectionTrait,
    tokens: &[NewToken],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for chunk in tokens.chunks(CHUNK) {
        let rows = chunk.iter().map(|t| attendee_token::ActiveModel {
            id: Set(t.id),
            attendee_id: Set(t.attendee_id),
            token_hash: Set(t.token_hash.clone()),
            purpose: Set(t.purpose.to_owned()),
            expires_at: Set(t.expires_at),
            created_at: Set(now),
            revoked_at: Set(None),
            last_used_at: Set(None),
        });
        attendee_token::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Stores `token` and revokes the attendee's older live tokens of its purpose, at once: for a
/// link handed out directly rather than emailed.
pub async fn mint(
    db: &sea_orm::DatabaseConnection,
    token: NewToken,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let txn = db.begin().await?;
    insert_many(&txn, std::slice::from_ref(&token), now).await?;
    revoke_older(&txn, token.purpose, &[token.attendee_id], token.id, now).await?;
    txn.commit().await
}

/// Revokes the live tokens of `purpose` of `attendees` made before token `newer_than` (a
/// UUIDv7, so "before" is its order): the newest one stays live, also when two mailers mint
/// for one person at the same time.
pub async fn revoke_older(
    db: &impl ConnectionTrait,
    purpose: &str,
    attendees: &[Uuid],
    newer_than: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for chunk in attendees.chunks(CHUNK) {
        attendee_token::Entity::update_many()
            .col_expr(attendee_token::Column::RevokedAt, Expr::value(now))
            .filter(attendee_token::Column::AttendeeId.is_in(chunk.iter().copied()))
            .filter(attendee_token::Column::Purpose.eq(purpose))
            .filter(attendee_token::Column::RevokedAt.is_null())
            .filter(attendee_token::Column::Id.lt(newer_than))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Deletes tokens that no sent email carried: nobody holds them.
pub async fn delete(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(CHUNK) {
        attendee_token::Entity::delete_many()
            .filter(attendee_token::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The unexpired token of `purpose` with this hash: live, or replaced by a newer one.
pub async fn find(
    db: &impl ConnectionTrait,
    token_hash: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<Found>, sea_orm::DbErr> {
    Ok(attendee_token::Entity::find()
        .filter(attendee_token::Column::TokenHash.eq(token_hash))
        .filter(attendee_token::Column::Purpose.eq(purpose))
        .filter(attendee_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|t| match t.revoked_at {
            Some(_) => Found::Replaced {
                attendee_id: t.attendee_id,
            },
            None => Found::Live {
                id: t.id,
                attendee_id: t.attendee_id,
                last_used_at: t.last_used_at,
            },
        }))
}

/// Records that the token was used at `now`.
pub async fn record_use(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    attendee_token::Entity::update_many()
        .col_expr(attendee_token::Column::LastUsedAt, Expr::value(now))
        .filter(attendee_token::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The attendee behind a live, unexpired token of `purpose`.
pub async fn find_attendee(
    db: &impl ConnectionTrait,
    token_hash: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    Ok(match find(db, token_hash, purpose, now).await? {
        Some(Found::Live { attendee_id, .. }) => Some(attendee_id),
        _ => None,
    })
}
