//! Organizers' browser sign-in: one-time links (used once, then dead) and the sessions they
//! open. Both are found by the SHA-256 of their secret.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::{organizer_session, organizer_sign_in_link};

pub async fn insert_link(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    organizer_sign_in_link::Entity::insert(organizer_sign_in_link::ActiveModel {
        id: Set(Uuid::now_v7()),
        organizer_id: Set(organizer_id),
        token_hash: Set(token_hash.to_owned()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Marks the unused, unexpired link with `token_hash` used and returns its organizer; `None`
/// when there is no such link. The test sits in the `UPDATE`, so two clicks use it once.
pub async fn use_link(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    let Some(link) = organizer_sign_in_link::Entity::find()
        .filter(organizer_sign_in_link::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let used = organizer_sign_in_link::Entity::update_many()
        .col_expr(organizer_sign_in_link::Column::UsedAt, Expr::value(now))
        .filter(organizer_sign_in_link::Column::Id.eq(link.id))
        .filter(organizer_sign_in_link::Column::UsedAt.is_null())
        .filter(organizer_sign_in_link::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok((used.rows_affected == 1).then_some(link.organizer_id))
}

/// Whether a link with `token_hash` exists, is unused and has not expired (what a sign-in page
/// shows before anyone presses the button).
pub async fn link_is_live(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    Ok(organizer_sign_in_link::Entity::find()
        .filter(organizer_sign_in_link::Column::TokenHash.eq(token_hash))
        .filter(organizer_sign_in_link::Column::UsedAt.is_null())
        .filter(organizer_sign_in_link::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .is_some())
}

pub async fn insert_session(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    organizer_session::Entity::insert(organizer_session::ActiveModel {
        id: Set(Uuid::now_v7()),
        organizer_id: Set(organizer_id),
        token_hash: Set(token_hash.to_owned()),
        expires_at: Set(expires_at),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The organizer of the unexpired session with `token_hash`, if any.
pub async fn session_organizer(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sea_orm::DbErr> {
    Ok(organizer_session::Entity::find()
        .filter(organizer_session::Column::TokenHash.eq(token_hash))
        .filter(organizer_session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|s| s.organizer_id))
}

/// Ends the session with `token_hash` (signing out); ending one that is gone is no error.
pub async fn delete_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<(), sea_orm::DbErr> {
    organizer_session::Entity::delete_many()
        .filter(organizer_session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await?;
    Ok(())
}
