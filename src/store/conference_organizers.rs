//! A conference's organizers: the one who created it (`conferences.organizer_id`, always an
//! owner) and the co-organizers added since, each an owner or a helper.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::domain::records::{Conference, ConferenceOrganizer, OrganizerRole};
use crate::entities::conference_organizer;

/// What `organizer_id` is in the conference: its creator is an owner; someone who is neither
/// creator nor co-organizer is `None`.
pub async fn role(
    db: &impl ConnectionTrait,
    conference: &Conference,
    organizer_id: Uuid,
) -> Result<Option<OrganizerRole>, sea_orm::DbErr> {
    if conference.organizer_id == organizer_id {
        return Ok(Some(OrganizerRole::Owner));
    }
    Ok(conference_organizer::Entity::find()
        .filter(conference_organizer::Column::ConferenceId.eq(conference.id))
        .filter(conference_organizer::Column::OrganizerId.eq(organizer_id))
        .one(db)
        .await?
        // A role this version does not know grants the least.
        .map(|m| m.role.parse().unwrap_or(OrganizerRole::Helper)))
}

/// The creator first, then the co-organizers in the order they were added.
pub async fn list(
    db: &impl ConnectionTrait,
    conference: &Conference,
) -> Result<Vec<ConferenceOrganizer>, sea_orm::DbErr> {
    let mut out = Vec::new();
    if let Some(creator) = super::organizers::find_by_id(db, conference.organizer_id).await? {
        out.push(ConferenceOrganizer {
            organizer: creator,
            role: OrganizerRole::Owner,
            creator: true,
            added_at: conference.created_at,
        });
    }
    let members = conference_organizer::Entity::find()
        .filter(conference_organizer::Column::ConferenceId.eq(conference.id))
        .order_by_asc(conference_organizer::Column::CreatedAt)
        .order_by_asc(conference_organizer::Column::Id)
        .all(db)
        .await?;
    for member in members {
        let Some(who) = super::organizers::find_by_id(db, member.organizer_id).await? else {
            continue;
        };
        out.push(ConferenceOrganizer {
            organizer: who,
            role: member.role.parse().unwrap_or(OrganizerRole::Helper),
            creator: false,
            added_at: member.created_at,
        });
    }
    Ok(out)
}

/// Adds a co-organizer; false when they already are one (the caller's transaction makes the
/// check and the insert one step).
pub async fn insert(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    organizer_id: Uuid,
    role: OrganizerRole,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let exists = conference_organizer::Entity::find()
        .filter(conference_organizer::Column::ConferenceId.eq(conference_id))
        .filter(conference_organizer::Column::OrganizerId.eq(organizer_id))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Ok(false);
    }
    conference_organizer::Entity::insert(conference_organizer::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conference_id),
        organizer_id: Set(organizer_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(true)
}

/// Removes a co-organizer; false when they were none.
pub async fn delete(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    organizer_id: Uuid,
) -> Result<bool, sea_orm::DbErr> {
    let deleted = conference_organizer::Entity::delete_many()
        .filter(conference_organizer::Column::ConferenceId.eq(conference_id))
        .filter(conference_organizer::Column::OrganizerId.eq(organizer_id))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected > 0)
}
