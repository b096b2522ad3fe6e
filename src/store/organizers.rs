//! Organizers and their API tokens.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::domain::records::Organizer;
use crate::domain::{EmailAddress, PersonName};
use crate::entities::{organizer, organizer_token};

pub async fn find_by_id(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
) -> Result<Option<Organizer>, sea_orm::DbErr> {
    Ok(organizer::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(into_organizer))
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email_normalized: &str,
) -> Result<Option<Organizer>, sea_orm::DbErr> {
    Ok(organizer::Entity::find()
        .filter(organizer::Column::Email.eq(email_normalized))
        .one(db)
        .await?
        .map(into_organizer))
}

pub async fn insert(
    db: &impl ConnectionTrait,
    email_normalized: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Organizer, sea_orm::DbErr> {
    let row = organizer::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email_normalized.to_owned()),
        name: Set(name.to_owned()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(into_organizer(row))
}

pub async fn insert_token(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
    token_hash: &str,
    label: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    organizer_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        organizer_id: Set(organizer_id),
        token_hash: Set(token_hash.to_owned()),
        label: Set(label.to_owned()),
        created_at: Set(now),
        last_used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The organizer a token hash belongs to, if any.
pub async fn find_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<Organizer>, sea_orm::DbErr> {
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
        .map(into_organizer))
}

fn into_organizer(row: organizer::Model) -> Organizer {
    Organizer {
        id: row.id,
        email: EmailAddress::from_stored(row.email.clone(), row.email),
        name: PersonName::from_stored(row.name),
    }
}
