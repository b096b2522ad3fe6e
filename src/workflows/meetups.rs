//! Meetups as organizers define them (one at a time, or the rounds of a series at once),
//! cancelling them, and attendees' choices to take part.

use crate::domain::webhooks::Event;
use crate::workflows::webhooks;
use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use crate::domain::ParseError;
use crate::domain::records::{Conference, Meetup, MeetupFields, PlanStatus};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;
use crate::workflows::plans::{self, auto_repair};
use crate::workflows::reminders::{self};

#[instrument(skip(ctx, fields, now))]
pub async fn create(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    fields: impl FnOnce(&Conference) -> Result<MeetupFields, Error>,
    now: DateTime<Utc>,
) -> Result<Meetup, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let fields = fields(&conference)?;
    Ok(store::meetups::insert(&ctx.db.write, conference.id, &fields, now).await?)
}

/// Creates the rounds of a series at once, all or nothing.
#[instrument(skip(ctx, rounds, now))]
pub async fn create_series(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    rounds: impl FnOnce(&Conference) -> Result<Vec<MeetupFields>, Error>,
    now: DateTime<Utc>,
) -> Result<Vec<Meetup>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let rounds = rounds(&conference)?;
    let txn = ctx.db.write.begin().await?;
    let created = store::meetups::insert_all(&txn, conference.id, &rounds, now).await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn list(ctx: &Context, organizer_id: Uuid, slug: &str) -> Result<Vec<Meetup>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    Ok(store::meetups::list(&ctx.db.read, conference.id).await?)
}

pub async fn get(ctx: &Context, organizer_id: Uuid, slug: &str, id: Uuid) -> Result<Meetup, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    store::meetups::find(&ctx.db.read, conference.id, id)
        .await?
        .ok_or(Error::NotFound("meetup"))
}

/// Applies `change` to the stored fields. Tables cannot change under a published plan (its
/// seats name them); repair or re-run and publish instead. A new time, name or place, in the
/// same transaction: reminders not sent yet follow it, and everyone seated by a published plan
/// of a meetup that has not started is told, with an updated calendar invitation.
#[instrument(skip(ctx, change, now))]
pub async fn update(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    change: impl FnOnce(&MeetupFields) -> Result<MeetupFields, Error>,
    now: DateTime<Utc>,
) -> Result<Meetup, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let existing = store::meetups::find(&ctx.db.read, conference.id, id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    plans::refuse_if_cancelled(&existing, "changed")?;
    let fields = change(&existing.fields)?;
    if fields.tables != existing.fields.tables
        && store::plans::latest_with_status(&ctx.db.read, id, PlanStatus::Published)
            .await?
            .is_some()
    {
        return Err(Error::refused(
            Some("tables"),
            ParseError::coded(
                "conflict-tables-published",
                [],
                "this meetup has a published plan that seats people at these tables; its tables cannot change",
            ),
        ));
    }
    let shown_changed = |a: &MeetupFields, b: &MeetupFields| {
        (a.starts_at, a.ends_at, &a.name, &a.location)
            != (b.starts_at, b.ends_at, &b.name, &b.location)
    };
    let txn = ctx.db.write.begin().await?;
    let updated = store::meetups::update(&txn, id, &fields, now)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    if shown_changed(&existing.fields, &updated.fields) {
        reminders::follow_meetup(&txn, &conference, &updated, ctx.reminders, now).await?;
        plans::announce_meetup_change(&txn, ctx, &conference, &existing, &updated, now).await?;
    }
    if updated.fields != existing.fields {
        let changed = Event::MeetupChanged { meetup_id: id };
        webhooks::emit(&txn, &conference, &[changed], now).await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// Deletes a meetup that has no published plan, and cancels any reminder of it still queued
/// (normally none: a new plan's publication cancels the old plan's, but one a worker held at
/// that moment and then gave back unsent is still pending).
#[instrument(skip(ctx, now))]
pub async fn delete(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let existing = get(ctx, organizer_id, slug, id).await?;
    if store::plans::latest_with_status(&ctx.db.read, id, PlanStatus::Published)
        .await?
        .is_some()
    {
        return Err(Error::refused(
            None,
            ParseError::coded(
                "conflict-cancel-published",
                [],
                "this meetup has a published plan; attendees were told where they sit",
            ),
        ));
    }
    let txn = ctx.db.write.begin().await?;
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

/// Cancels a meetup, keeping it: everyone its published plan seats is told, with a calendar
/// cancellation (unless the meetup has started), and its reminders not sent yet are cancelled,
/// in one transaction. Cancelling it again changes nothing and mails nobody.
#[instrument(skip(ctx, now))]
pub async fn cancel(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Meetup, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let existing = store::meetups::find(&ctx.db.read, conference.id, id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    if existing.is_cancelled() {
        return Ok(existing);
    }
    let txn = ctx.db.write.begin().await?;
    if store::meetups::cancel(&txn, id, now).await? {
        store::outbox::cancel_reminders(&txn, id, None, "not sent: the meetup was cancelled", now)
            .await?;
        plans::announce_cancellation(&txn, ctx, &conference, &existing, now).await?;
        let cancelled = Event::MeetupCancelled { meetup_id: id };
        webhooks::emit(&txn, &conference, &[cancelled], now).await?;
    }
    let cancelled = store::meetups::find(&txn, conference.id, id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    txn.commit().await?;
    Ok(cancelled)
}

/// One meetup as an attendee sees it: whether they take part, and their table once published.
#[derive(Debug, Clone)]
pub struct MyMeetup {
    pub meetup: Meetup,
    pub attending: bool,
}

/// The meetups of the attendee's conference with their choice.
pub async fn mine(ctx: &Context, attendee_id: Uuid) -> Result<Vec<MyMeetup>, Error> {
    let me = store::attendees::find(&ctx.db.read, attendee_id)
        .await?
        .ok_or(Error::Unauthorized("the link is no longer valid".into()))?;
    let choices = store::meetups::choices_of_attendee(&ctx.db.read, attendee_id).await?;
    Ok(store::meetups::list(&ctx.db.read, me.conference_id)
        .await?
        .into_iter()
        .filter(|m| !m.is_cancelled())
        .map(|meetup| MyMeetup {
            attending: store::meetups::takes_part(&meetup.fields, choices.get(&meetup.id).copied()),
            meetup,
        })
        .collect())
}

/// Records the attendee's choice to take part in a meetup of their conference and queues the
/// repair of its published plan.
#[instrument(skip(ctx, now))]
pub async fn set_attending(
    ctx: &Context,
    attendee_id: Uuid,
    meetup_id: Uuid,
    attending: bool,
    now: DateTime<Utc>,
) -> Result<MyMeetup, Error> {
    let me = store::attendees::find(&ctx.db.read, attendee_id)
        .await?
        .ok_or(Error::Unauthorized("the link is no longer valid".into()))?;
    let meetup = store::meetups::find(&ctx.db.read, me.conference_id, meetup_id)
        .await?
        .ok_or(Error::NotFound("meetup"))?;
    plans::refuse_if_cancelled(&meetup, "joined or left")?;
    let txn = ctx.db.write.begin().await?;
    store::meetups::set_participation(&txn, meetup_id, attendee_id, attending, now).await?;
    auto_repair::schedule(&txn, me.conference_id, Some(meetup_id), now).await?;
    txn.commit().await?;
    Ok(MyMeetup { meetup, attending })
}
