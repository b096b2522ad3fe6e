//! Organizers' API tokens, stored as hashes, with their scope, expiry, revocation and last use.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::domain::records::{Organizer, OrganizerToken, TokenScope};
use crate::entities::{organizer, organizer_token};

/// A token to store: only its hash.
pub struct NewOrganizerToken<'a> {
    pub organizer_id: Uuid,
    pub token_hash: &'a str,
    pub label: &'a str,
    pub scope: TokenScope,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    token: NewOrganizerToken<'_>,
    now: DateTime<Utc>,
) -> Result<OrganizerToken, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    organizer_token::Entity::insert(organizer_token::ActiveModel {
        id: Set(id),
        organizer_id: Set(token.organizer_id),
        token_hash: Set(token.token_hash.to_owned()),
        label: Set(token.label.to_owned()),
        created_at: Set(now),
        last_used_at: Set(None),
        scope: Set(token.scope.as_str().to_owned()),
        expires_at: Set(token.expires_at),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(OrganizerToken {
        id,
        organizer_id: token.organizer_id,
        label: token.label.to_owned(),
        scope: token.scope,
        created_at: now,
        expires_at: token.expires_at,
        last_used_at: None,
        revoked_at: None,
    })
}

/// The token with this hash (live or not) and its organizer.
pub async fn find_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<(OrganizerToken, Organizer)>, sea_orm::DbErr> {
    let Some(token) = organizer_token::Entity::find()
        .filter(organizer_token::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(organizer::Entity::find_by_id(token.organizer_id)
        .one(db)
        .await?
        .map(|owner| (into_token(token), super::organizers::into_organizer(owner))))
}

/// The organizer's tokens, newest first, revoked ones included.
pub async fn list(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
) -> Result<Vec<OrganizerToken>, sea_orm::DbErr> {
    Ok(organizer_token::Entity::find()
        .filter(organizer_token::Column::OrganizerId.eq(organizer_id))
        .order_by_desc(organizer_token::Column::CreatedAt)
        .order_by_desc(organizer_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(into_token)
        .collect())
}

/// Revokes the organizer's token `id`; false when they have no such token. Revoking again
/// keeps the first time.
pub async fn revoke(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(token) = organizer_token::Entity::find_by_id(id)
        .filter(organizer_token::Column::OrganizerId.eq(organizer_id))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if token.revoked_at.is_none() {
        organizer_token::Entity::update_many()
            .col_expr(organizer_token::Column::RevokedAt, Expr::value(now))
            .filter(organizer_token::Column::Id.eq(id))
            .filter(organizer_token::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(true)
}

pub async fn record_use(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    organizer_token::Entity::update_many()
        .col_expr(organizer_token::Column::LastUsedAt, Expr::value(now))
        .filter(organizer_token::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

fn into_token(row: organizer_token::Model) -> OrganizerToken {
    OrganizerToken {
        id: row.id,
        organizer_id: row.organizer_id,
        label: row.label,
        // A scope this version does not know grants the least.
        scope: row.scope.parse().unwrap_or(TokenScope::Read),
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}
