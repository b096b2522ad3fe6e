//! Meetups as organizers define them, and attendees' choices to take part.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use crate::domain::records::{Conference, Meetup, MeetupFields, PlanStatus};
use crate::error::Error;
use crate::store::{self, Db};
use crate::workflows::LinkSettings;
use crate::workflows::conferences::get_owned;
use crate::workflows::plans::{self, auto_repair};
use crate::workflows::reminders::{self, Reminders};

#[instrument(skip(db, fields, now))]
pub async fn create(
    db: &Db,
    organizer_id: Uuid,
    slug: &str,
    fields: impl FnOnce(&Conference) -> Result<MeetupFields, Error>,
    now: DateTime<Utc>,
) -> Result<Meetup, Error> {
    let conference = get_owned(db, organizer_id, slug).await?;
    let fields = fields(&conference)?;
    Ok(store::meetups::insert(&db.write, conference.id, &fields, now).await?)
}

pub async fn list(db: &Db, organizer_id: Uuid, slug: &str) -> Result<Vec<Meetup>, Error> {
    let conference = get_owned(db, organizer_id, slug).await?;
    Ok(store::meetups::list(&db.read, conference.id).await?)
}

pub async fn get(db: &Db, organizer_id: Uuid, slug: &str, id: Uuid) -> Result<Meetup, Error> {
    let conference = get_owned(db, organizer_id, slug).await?;
    store::meetups::find(&db.read, conference.id, id)
        .await?
        .ok_or(Error::NotFound("meetup"))
}

/// Applies `change` to the stored fields. Tables cannot change under a published plan (its
/// seats name them); repair or re-run and publish instead. A new time, name or place, in the
/// same transaction: reminders not sent yet follow it, and everyone seated by a published plan
/// of a meetup that has not started is told, with an updated calendar invitation.
#[expect(
    clippy::too_many_arguments,
    reason = "the use case's inputs plus links, reminder settings, randomness and time"
)]
#[instrument(skip(db, change, links, rng, now))]
pub async fn update(
    db: &Db,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    change: impl FnOnce(&MeetupFields) -> Result<MeetupFields, Error>,
    links: &LinkSettings,
    reminders: Reminders,
    rng: &mut impl rand::RngCore,
    now: DateTime<Utc>,
) -> Result<Meetup, Error> {
    let conference = get_owned(db, organizer_id, slug).await?;
    let existing = store::meetups::find(&db.read, conference.id, id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    let fields = change(&existing.fields)?;
    if fields.tables != existing.fields.tables
        && store::plans::latest_with_status(&db.read, id, PlanStatus::Published)
            .await?
            .is_some()
    {
        return Err(Error::conflict(
            Some("tables"),
            "this meetup has a published plan that seats people at these tables; its tables cannot change",
        ));
    }
    let shown_changed = |a: &MeetupFields, b: &MeetupFields| {
        (a.starts_at, a.ends_at, &a.name, &a.location)
            != (b.starts_at, b.ends_at, &b.name, &b.location)
    };
    let txn = db.write.begin().await?;
    let updated = store::meetups::update(&txn, id, &fields, now)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    if shown_changed(&existing.fields, &updated.fields) {
        reminders::follow_meetup(&txn, &conference, &updated, reminders, now).await?;
        plans::announce_meetup_change(
            &txn,
            &conference,
            &existing,
            &updated,
            links,
            reminders,
            rng,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// Deletes a meetup that has no published plan, and cancels any reminder of it still queued
/// (normally none: a new plan's publication cancels the old plan's, but one a worker held at
/// that moment and then gave back unsent is still pending).
#[instrument(skip(db, now))]
pub async fn delete(
    db: &Db,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let existing = get(db, organizer_id, slug, id).await?;
    if store::plans::latest_with_status(&db.read, id, PlanStatus::Published)
        .await?
        .is_some()
    {
        return Err(Error::conflict(
            None,
            "this meetup has a published plan; attendees were told where they sit",
        ));
    }
    let txn = db.write.begin().await?;
    store::outbox::cancel_reminders(
        &txn,
        existing.id,
        None,
        "not sent: the meetup was deleted",
        now,
    )
    .await?;
    store::meetups::delete(&txn, existing.id).await?;
    txn.commit().await?;
    Ok(())
}

/// One meetup as an attendee sees it: whether they take part, and their table once published.
#[derive(Debug, Clone)]
pub struct MyMeetup {
    pub meetup: Meetup,
    pub attending: bool,
}

/// The meetups of the attendee's conference with their choice.
pub async fn mine(db: &Db, attendee_id: Uuid) -> Result<Vec<MyMeetup>, Error> {
    let me = store::attendees::find(&db.read, attendee_id)
        .await?
        .ok_or(Error::Unauthorized("the link is no longer valid".into()))?;
    let choices = store::meetups::choices_of_attendee(&db.read, attendee_id).await?;
    Ok(store::meetups::list(&db.read, me.conference_id)
        .await?
        .into_iter()
        .map(|meetup| MyMeetup {
            attending: store::meetups::takes_part(&meetup.fields, choices.get(&meetup.id).copied()),
            meetup,
        })
        .collect())
}

/// Records the attendee's choice to take part in a meetup of their conference and queues the
/// repair of its published plan.
#[instrument(skip(db, now))]
pub async fn set_attending(
    db: &Db,
    attendee_id: Uuid,
    meetup_id: Uuid,
    attending: bool,
    now: DateTime<Utc>,
) -> Result<MyMeetup, Error> {
    let me = store::attendees::find(&db.read, attendee_id)
        .await?
        .ok_or(Error::Unauthorized("the link is no longer valid".into()))?;
    let meetup = store::meetups::find(&db.read, me.conference_id, meetup_id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    let txn = db.write.begin().await?;
    store::meetups::set_participation(&txn, meetup_id, attendee_id, attending, now).await?;
    auto_repair::schedule(&txn, me.conference_id, Some(meetup_id), now).await?;
    txn.commit().await?;
    Ok(MyMeetup { meetup, attending })
}
