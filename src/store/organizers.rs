//! Organizers (their API tokens: `organizer_tokens`).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::domain::records::Organizer;
use crate::domain::{EmailAddress, PersonName};
use crate::entities::organizer;

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

pub(super) fn into_organizer(row: organizer::Model) -> Organizer {
    Organizer {
        id: row.id,
        email: EmailAddress::from_stored(row.email.clone(), row.email),
        name: PersonName::from_stored(row.name),
    }
}
