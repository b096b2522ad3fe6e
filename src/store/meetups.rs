//! Meetups of a conference, their tables, and who takes part in each.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::domain::records::{Meetup, MeetupFields, TableDef};
use crate::entities::{meetup, meetup_participation, meetup_table};

pub async fn insert(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    fields: &MeetupFields,
    now: DateTime<Utc>,
) -> Result<Meetup, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    meetup::Entity::insert(meetup::ActiveModel {
        id: Set(id),
        conference_id: Set(conference_id),
        name: Set(fields.name.clone()),
        series: Set(fields.series.clone()),
        starts_at: Set(fields.starts_at),
        ends_at: Set(fields.ends_at),
        location: Set(fields.location.clone()),
        opt_in_only: Set(fields.opt_in_only),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    insert_tables(db, id, &fields.tables).await?;
    Ok(Meetup {
        id,
        conference_id,
        fields: fields.clone(),
        cancelled_at: None,
        created_at: now,
        updated_at: now,
    })
}

/// Inserts several meetups of one conference (the rounds of a series), in order.
pub async fn insert_all(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    all: &[MeetupFields],
    now: DateTime<Utc>,
) -> Result<Vec<Meetup>, sea_orm::DbErr> {
    let mut out = Vec::with_capacity(all.len());
    for fields in all {
        out.push(insert(db, conference_id, fields, now).await?);
    }
    Ok(out)
}

/// Marks meetup `id` cancelled at `now`; false when it does not exist or was cancelled already
/// (so two cancellations at once mail people once).
pub async fn cancel(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let done = meetup::Entity::update_many()
        .col_expr(
            meetup::Column::CancelledAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .col_expr(
            meetup::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(meetup::Column::Id.eq(id))
        .filter(meetup::Column::CancelledAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Replaces the meetup's fields and tables; `None` when it does not exist.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    fields: &MeetupFields,
    now: DateTime<Utc>,
) -> Result<Option<Meetup>, sea_orm::DbErr> {
    let Some(row) = meetup::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let created_at = row.created_at;
    let conference_id = row.conference_id;
    let cancelled_at = row.cancelled_at;
    let mut active = row.into_active_model();
    active.name = Set(fields.name.clone());
    active.series = Set(fields.series.clone());
    active.starts_at = Set(fields.starts_at);
    active.ends_at = Set(fields.ends_at);
    active.location = Set(fields.location.clone());
    active.opt_in_only = Set(fields.opt_in_only);
    active.updated_at = Set(now);
    active.update(db).await?;
    meetup_table::Entity::delete_many()
        .filter(meetup_table::Column::MeetupId.eq(id))
        .exec(db)
        .await?;
    insert_tables(db, id, &fields.tables).await?;
    Ok(Some(Meetup {
        id,
        conference_id,
        fields: fields.clone(),
        cancelled_at,
        created_at,
        updated_at: now,
    }))
}

async fn insert_tables(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    tables: &[TableDef],
) -> Result<(), sea_orm::DbErr> {
    for chunk in tables.chunks(500) {
        meetup_table::Entity::insert_many(chunk.iter().map(|t| meetup_table::ActiveModel {
            meetup_id: Set(meetup_id),
            number: Set(t.number),
            label: Set(t.label.clone()),
            min_size: Set(t.min),
            max_size: Set(t.max),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<(), sea_orm::DbErr> {
    meetup::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The meetup `id` of conference `conference_id`.
pub async fn find(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
) -> Result<Option<Meetup>, sea_orm::DbErr> {
    let Some(row) = meetup::Entity::find_by_id(id)
        .filter(meetup::Column::ConferenceId.eq(conference_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, vec![row]).await?.pop())
}

/// Every meetup of the conference, in time order.
pub async fn list(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<Meetup>, sea_orm::DbErr> {
    let rows = meetup::Entity::find()
        .filter(meetup::Column::ConferenceId.eq(conference_id))
        .order_by_asc(meetup::Column::StartsAt)
        .order_by_asc(meetup::Column::Id)
        .all(db)
        .await?;
    hydrate(db, rows).await
}

async fn hydrate(
    db: &impl ConnectionTrait,
    rows: Vec<meetup::Model>,
) -> Result<Vec<Meetup>, sea_orm::DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let tables = meetup_table::Entity::find()
        .filter(meetup_table::Column::MeetupId.is_in(rows.iter().map(|r| r.id)))
        .order_by_asc(meetup_table::Column::Number)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| Meetup {
            id: row.id,
            conference_id: row.conference_id,
            fields: MeetupFields {
                name: row.name,
                series: row.series,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                location: row.location,
                opt_in_only: row.opt_in_only,
                tables: tables
                    .iter()
                    .filter(|t| t.meetup_id == row.id)
                    .map(|t| TableDef {
                        number: t.number,
                        label: t.label.clone(),
                        min: t.min_size,
                        max: t.max_size,
                    })
                    .collect(),
            },
            cancelled_at: row.cancelled_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
        .collect())
}

/// Records an attendee's choice to take part in a meetup or not.
pub async fn set_participation(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
    attendee_id: Uuid,
    attending: bool,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    meetup_participation::Entity::insert(meetup_participation::ActiveModel {
        meetup_id: Set(meetup_id),
        attendee_id: Set(attendee_id),
        attending: Set(attending),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            meetup_participation::Column::MeetupId,
            meetup_participation::Column::AttendeeId,
        ])
        .update_columns([
            meetup_participation::Column::Attending,
            meetup_participation::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Explicit choices recorded for one meetup: attendee → attending.
pub async fn choices_for_meetup(
    db: &impl ConnectionTrait,
    meetup_id: Uuid,
) -> Result<std::collections::HashMap<Uuid, bool>, sea_orm::DbErr> {
    Ok(meetup_participation::Entity::find()
        .filter(meetup_participation::Column::MeetupId.eq(meetup_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.attendee_id, r.attending))
        .collect())
}

/// Explicit choices one attendee recorded: meetup → attending.
pub async fn choices_of_attendee(
    db: &impl ConnectionTrait,
    attendee_id: Uuid,
) -> Result<std::collections::HashMap<Uuid, bool>, sea_orm::DbErr> {
    Ok(meetup_participation::Entity::find()
        .filter(meetup_participation::Column::AttendeeId.eq(attendee_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.meetup_id, r.attending))
        .collect())
}

/// Whether an attendee with `choice` (their explicit answer, if any) takes part in `meetup`.
pub fn takes_part(meetup: &MeetupFields, choice: Option<bool>) -> bool {
    choice.unwrap_or(!meetup.opt_in_only)
}
