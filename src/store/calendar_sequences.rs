//! The SEQUENCE counters of attendees' calendar events, one per (meetup, attendee): the
//! number an invitation carries so that a calendar replaces the event it holds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::calendar_sequence::{ActiveModel, Column, Entity};

/// Counts one more invitation for each of `events` (meetup id, attendee id), and returns the
/// SEQUENCE each of them now carries: the column default for an event's first invitation,
/// one more than the last one's after that. Run it in the transaction that queues the emails,
/// so a rolled-back update takes its numbers back with it.
pub async fn next(
    db: &impl ConnectionTrait,
    events: &[(Uuid, Uuid)],
) -> Result<HashMap<(Uuid, Uuid), i64>, sea_orm::DbErr> {
    let mut by_meetup: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    for (meetup, attendee) in events {
        by_meetup.entry(*meetup).or_default().insert(*attendee);
    }
    let mut out = HashMap::new();
    for (meetup, attendees) in by_meetup {
        let attendees: Vec<Uuid> = attendees.into_iter().collect();
        let known: BTreeSet<Uuid> = of(db, meetup, &attendees).await?.into_keys().collect();
        if !known.is_empty() {
            Entity::update_many()
                .col_expr(Column::Sequence, Expr::col(Column::Sequence).add(1))
                .filter(Column::MeetupId.eq(meetup))
                .filter(Column::AttendeeId.is_in(known.iter().copied()))
                .exec(db)
                .await?;
        }
        let new: Vec<ActiveModel> = attendees
            .iter()
            .filter(|a| !known.contains(a))
            .map(|a| ActiveModel {
                meetup_id: Set(meetup),
                attendee_id: Set(*a),
                sequence: NotSet,
            })
            .collect();
        for chunk in new.chunks(500) {
            Entity::insert_many(chunk.iter().cloned())
                .exec_without_returning(db)
                .await?;
        }
        out.extend(
            of(db, meetup, &attendees)
                .await?
                .into_iter()
                .map(|(a, n)| ((meetup, a), n)),
        );
    }
    Ok(out)
}

/// The SEQUENCE of the last invitation sent to each of `attendees` for `meetup`.
async fn of(
    db: &impl ConnectionTrait,
    meetup: Uuid,
    attendees: &[Uuid],
) -> Result<HashMap<Uuid, i64>, sea_orm::DbErr> {
    let mut out = HashMap::new();
    for chunk in attendees.chunks(500) {
        let rows = Entity::find()
            .filter(Column::MeetupId.eq(meetup))
            .filter(Column::AttendeeId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.attendee_id, r.sequence)));
    }
    Ok(out)
}

/// The SEQUENCE of the last invitation sent to `attendee` for each meetup, by meetup id.
pub async fn of_attendee(
    db: &impl ConnectionTrait,
    attendee: Uuid,
) -> Result<HashMap<Uuid, i64>, sea_orm::DbErr> {
    Ok(Entity::find()
        .filter(Column::AttendeeId.eq(attendee))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.meetup_id, r.sequence))
        .collect())
}

/// Forgets `attendee`'s counters (erasure).
pub async fn erase(db: &impl ConnectionTrait, attendee: Uuid) -> Result<u64, sea_orm::DbErr> {
    Ok(Entity::delete_many()
        .filter(Column::AttendeeId.eq(attendee))
        .exec(db)
        .await?
        .rows_affected)
}
