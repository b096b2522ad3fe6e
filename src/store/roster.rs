//! A conference's attendees with everything the matcher, plans and exports need, loaded in a
//! fixed number of queries keyed by the conference (never by long id lists), so a conference of
//! tens of thousands loads as fast as one of ten.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};
use uuid::Uuid;

use super::attendees::handle_of;
use super::stored;
use crate::domain::privacy::handle_is_claimed;
use crate::domain::records::{Handle, Member};
use crate::domain::{AttendeeStatus, EmailAddress, PersonName};
use crate::entities::{attendee, attendee_handle, attendee_interest, interest, wanted_connection};

/// The conference's attendees with `status` (or all), in registration order.
///
/// The interest links (about eight per attendee) and the handles are streamed rather than
/// collected: holding every driver row of a 20,000-person conference at once was most of an
/// export's peak memory.
pub async fn load<C>(
    db: &C,
    conference_id: Uuid,
    status: Option<AttendeeStatus>,
) -> Result<Vec<Member>, sea_orm::DbErr>
where
    C: ConnectionTrait + StreamTrait + Send,
{
    let mut query =
        attendee::Entity::find().filter(attendee::Column::ConferenceId.eq(conference_id));
    if let Some(status) = status {
        query = query.filter(attendee::Column::Status.eq(status.as_str()));
    }
    let rows: Vec<attendee::Model> = query
        .order_by_asc(attendee::Column::CreatedAt)
        .order_by_asc(attendee::Column::Id)
        .stream(db)
        .await?
        .try_collect()
        .await?;

    let mut handles: HashMap<Uuid, Vec<Handle>> = HashMap::new();
    {
        let mut stream = attendee_handle::Entity::find()
            .filter(attendee_handle::Column::ConferenceId.eq(conference_id))
            .order_by_asc(attendee_handle::Column::Network)
            .stream(db)
            .await?;
        while let Some(h) = stream.try_next().await? {
            handles
                .entry(h.attendee_id)
                .or_default()
                .push(handle_of(h)?);
        }
    }
    let holder: HashMap<(&str, &str), Uuid> = handles
        .iter()
        .flat_map(|(id, hs)| {
            hs.iter()
                .filter(|h| handle_is_claimed(h.visibility))
                .map(move |h| ((h.network().as_str(), h.handle.as_str()), *id))
        })
        .collect();

    let names: HashMap<Uuid, String> = interest::Entity::find()
        .filter(interest::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let mut interests: HashMap<Uuid, Vec<String>> = HashMap::new();
    let mut links = attendee_interest::Entity::find()
        .select_only()
        .column(attendee_interest::Column::AttendeeId)
        .column(attendee_interest::Column::InterestId)
        .filter(
            attendee_interest::Column::InterestId.in_subquery(
                Query::select()
                    .column(interest::Column::Id)
                    .from(interest::Entity)
                    .and_where(interest::Column::ConferenceId.eq(conference_id))
                    .to_owned(),
            ),
        )
        .into_tuple::<(Uuid, Uuid)>()
        .stream(db)
        .await?;
    while let Some((attendee_id, interest_id)) = links.try_next().await? {
        if let Some(name) = names.get(&interest_id) {
            interests.entry(attendee_id).or_default().push(name.clone());
        }
    }
    drop(links);

    let mut wants: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for w in wanted_connection::Entity::find()
        .filter(wanted_connection::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
    {
        if let Some(&target) = holder.get(&(w.network.as_str(), w.handle.as_str()))
            && target != w.attendee_id
        {
            wants.entry(w.attendee_id).or_default().push(target);
        }
    }

    drop(holder);

    rows.into_iter()
        .map(|row| {
            let mut my_interests = interests.remove(&row.id).unwrap_or_default();
            my_interests.sort();
            let mut my_wants = wants.remove(&row.id).unwrap_or_default();
            my_wants.sort();
            my_wants.dedup();
            Ok(Member {
                handles: handles.remove(&row.id).unwrap_or_default(),
                interests: my_interests,
                wants: my_wants,
                id: row.id,
                name: PersonName::from_stored(row.name),
                email: EmailAddress::from_stored(row.email, row.email_normalized),
                status: stored("attendees.status", &row.status)?,
                affiliation: row.affiliation,
                affiliation_visibility: stored(
                    "attendees.affiliation_visibility",
                    &row.affiliation_visibility,
                )?,
                role: row.role,
                bio: row.bio,
                bio_visibility: stored("attendees.bio_visibility", &row.bio_visibility)?,
            })
        })
        .collect()
}

/// Every attendee's name in the conference, for showing plans.
pub async fn names(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<HashMap<Uuid, String>, sea_orm::DbErr> {
    let rows: Vec<(Uuid, String)> = attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Id)
        .column(attendee::Column::Name)
        .filter(attendee::Column::ConferenceId.eq(conference_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The conference's confirmed attendees' ids, in the order [`load`] gives them: who can take
/// part in a meetup, for its feasibility preview (read from an index of status and order).
pub async fn confirmed_ids(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Id)
        .filter(attendee::Column::ConferenceId.eq(conference_id))
        .filter(attendee::Column::Status.eq(AttendeeStatus::Confirmed.as_str()))
        .order_by_asc(attendee::Column::CreatedAt)
        .order_by_asc(attendee::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// The names of these attendees of the conference (an id of someone else's names nobody).
pub async fn names_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = attendee::Entity::find()
        .select_only()
        .column(attendee::Column::Id)
        .column(attendee::Column::Name)
        .filter(attendee::Column::ConferenceId.eq(conference_id))
        .filter(attendee::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
