//! Conferences: created and edited by their organizer, read publicly by slug.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{IntoCondition, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::stored;
use crate::domain::ConferenceSlug;
use crate::domain::records::{Conference, ConferenceFields, OrganizerRole};
use crate::entities::{conference, conference_organizer};

/// Inserts a conference; `None` when the slug is taken.
pub async fn insert(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
    slug: &ConferenceSlug,
    fields: &ConferenceFields,
    registration_open: bool,
    now: DateTime<Utc>,
) -> Result<Option<Conference>, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    let row = conference::ActiveModel {
        id: Set(id),
        organizer_id: Set(organizer_id),
        slug: Set(slug.as_str().to_owned()),
        name: Set(fields.name.clone()),
        description: Set(fields.description.clone()),
        venue: Set(fields.venue.clone()),
        time_zone: Set(fields.time_zone.as_str().to_owned()),
        starts_on: Set(fields.starts_on),
        ends_on: Set(fields.ends_on),
        registration_open: Set(registration_open),
        suggested_interests: Set(to_json(&fields.suggested_interests)),
        table_min: Set(fields.table_min),
        table_max: Set(fields.table_max),
        default_language: Set(fields.default_language.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let inserted = conference::Entity::insert(row)
        .on_conflict_do_nothing_on([conference::Column::Slug])
        .exec_without_returning(db)
        .await?;
    if super::inserted_rows(db, &inserted) == Some(0) {
        return Ok(None);
    }
    conference::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(into_conference)
        .transpose()
}

/// The conference with `id`, whoever owns it.
pub async fn find_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Conference>, sea_orm::DbErr> {
    conference::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(into_conference)
        .transpose()
}

/// How many conferences there are, whoever owns them.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    conference::Entity::find().count(db).await
}

pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<Conference>, sea_orm::DbErr> {
    conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(into_conference)
        .transpose()
}

/// The conference with `slug` if `organizer_id` organizes it (created it, or is one of its
/// co-organizers), with their role; anyone else's is `None`.
pub async fn find_owned(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
    slug: &str,
) -> Result<Option<(Conference, OrganizerRole)>, sea_orm::DbErr> {
    let Some(conference) = find_by_slug(db, slug).await? else {
        return Ok(None);
    };
    Ok(
        super::conference_organizers::role(db, &conference, organizer_id)
            .await?
            .map(|role| (conference, role)),
    )
}

/// The conferences `organizer_id` created or co-organizes.
pub async fn list_owned(
    db: &impl ConnectionTrait,
    organizer_id: Uuid,
) -> Result<Vec<Conference>, sea_orm::DbErr> {
    let co_organized = Query::select()
        .column(conference_organizer::Column::ConferenceId)
        .from(conference_organizer::Entity)
        .and_where(conference_organizer::Column::OrganizerId.eq(organizer_id))
        .to_owned();
    list_where(
        db,
        Condition::any()
            .add(conference::Column::OrganizerId.eq(organizer_id))
            .add(conference::Column::Id.in_subquery(co_organized)),
    )
    .await
}

/// Conferences taking registrations that have not ended by `today`, the soonest first.
pub async fn list_open_for_registration(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<Conference>, sea_orm::DbErr> {
    let open = Condition::all()
        .add(conference::Column::RegistrationOpen.eq(true))
        .add(conference::Column::EndsOn.gte(today));
    list_where(db, open).await
}

/// The conferences `condition` selects, the soonest first (by slug within a day, so every
/// listing has one order on every backend).
async fn list_where(
    db: &impl ConnectionTrait,
    condition: impl IntoCondition,
) -> Result<Vec<Conference>, sea_orm::DbErr> {
    conference::Entity::find()
        .filter(condition)
        .order_by_asc(conference::Column::StartsOn)
        .order_by_asc(conference::Column::Slug)
        .all(db)
        .await?
        .into_iter()
        .map(into_conference)
        .collect()
}

pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    fields: &ConferenceFields,
    now: DateTime<Utc>,
) -> Result<Option<Conference>, sea_orm::DbErr> {
    let Some(row) = conference::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut row = row.into_active_model();
    row.name = Set(fields.name.clone());
    row.description = Set(fields.description.clone());
    row.venue = Set(fields.venue.clone());
    row.time_zone = Set(fields.time_zone.as_str().to_owned());
    row.starts_on = Set(fields.starts_on);
    row.ends_on = Set(fields.ends_on);
    row.suggested_interests = Set(to_json(&fields.suggested_interests));
    row.table_min = Set(fields.table_min);
    row.table_max = Set(fields.table_max);
    row.default_language = Set(fields.default_language.as_str().to_owned());
    row.updated_at = Set(now);
    into_conference(row.update(db).await?).map(Some)
}

pub async fn set_registration_open(
    db: &impl ConnectionTrait,
    id: Uuid,
    open: bool,
    now: DateTime<Utc>,
) -> Result<Option<Conference>, sea_orm::DbErr> {
    let Some(row) = conference::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut row = row.into_active_model();
    row.registration_open = Set(open);
    row.updated_at = Set(now);
    into_conference(row.update(db).await?).map(Some)
}

fn to_json(list: &[String]) -> String {
    serde_json::Value::from(list.to_vec()).to_string()
}

fn into_conference(row: conference::Model) -> Result<Conference, sea_orm::DbErr> {
    Ok(Conference {
        id: row.id,
        organizer_id: row.organizer_id,
        slug: stored("conferences.slug", &row.slug)?,
        fields: ConferenceFields {
            name: row.name,
            description: row.description,
            venue: row.venue,
            time_zone: stored("conferences.time_zone", &row.time_zone)?,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            // Written by `to_json` only, so a parse failure means a hand-edited row: show none.
            suggested_interests: serde_json::from_str(&row.suggested_interests).unwrap_or_default(),
            table_min: row.table_min,
            table_max: row.table_max,
            default_language: super::stored("conferences.default_language", &row.default_language)?,
        },
        registration_open: row.registration_open,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
