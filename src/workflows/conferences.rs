//! Conferences as their organizer manages them, and as the public sees them.

use chrono::{DateTime, NaiveDate, Utc};
use tracing::instrument;

use crate::domain::ConferenceSlug;
use crate::domain::records::{Conference, ConferenceFields, OrganizerRole};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

#[instrument(skip(ctx, fields, now))]
pub async fn create(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    slug: &ConferenceSlug,
    fields: &ConferenceFields,
    registration_open: bool,
    now: DateTime<Utc>,
) -> Result<Conference, Error> {
    store::conferences::insert(
        &ctx.db.write,
        organizer_id,
        slug,
        fields,
        registration_open,
        now,
    )
    .await?
    .ok_or_else(|| {
        Error::refused(
            Some("slug"),
            crate::domain::ParseError::coded(
                "conflict-slug-taken",
                [("slug", slug.as_str().into())],
                format!("the slug \"{}\" is taken", slug.as_str()),
            ),
        )
    })
}

/// A conference the organizer organizes (as its owner or a helper); anyone else's is
/// reported as not found, so its existence is not revealed.
pub async fn get_owned(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    slug: &str,
) -> Result<Conference, Error> {
    Ok(get_with_role(ctx, organizer_id, slug).await?.0)
}

/// The conference and the organizer's role in it; not found as in [`get_owned`].
pub async fn get_with_role(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    slug: &str,
) -> Result<(Conference, OrganizerRole), Error> {
    store::conferences::find_owned(&ctx.db.read, organizer_id, slug)
        .await?
        .ok_or(Error::NotFound("conference"))
}

/// A conference of which the organizer is an owner: for what a helper may not do (manage its
/// organizers, delete it). A helper is 403; anyone else 404, as in [`get_owned`].
pub async fn get_as_owner(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    slug: &str,
) -> Result<Conference, Error> {
    match get_with_role(ctx, organizer_id, slug).await? {
        (conference, OrganizerRole::Owner) => Ok(conference),
        (_, role) => Err(Error::Forbidden(format!(
            "you are a {role} of this conference: only its owners may do this"
        ))),
    }
}

pub async fn list_owned(ctx: &Context, organizer_id: uuid::Uuid) -> Result<Vec<Conference>, Error> {
    Ok(store::conferences::list_owned(&ctx.db.read, organizer_id).await?)
}

/// Applies `change` to the stored fields and saves the result.
#[instrument(skip(ctx, change, now))]
pub async fn update(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    slug: &str,
    change: impl FnOnce(&ConferenceFields) -> Result<ConferenceFields, Error>,
    now: DateTime<Utc>,
) -> Result<Conference, Error> {
    let existing = get_owned(ctx, organizer_id, slug).await?;
    let fields = change(&existing.fields)?;
    store::conferences::update(&ctx.db.write, existing.id, &fields, now)
        .await?
        .ok_or(Error::NotFound("conference"))
}

#[instrument(skip(ctx, now))]
pub async fn set_registration_open(
    ctx: &Context,
    organizer_id: uuid::Uuid,
    slug: &str,
    open: bool,
    now: DateTime<Utc>,
) -> Result<Conference, Error> {
    let existing = get_owned(ctx, organizer_id, slug).await?;
    store::conferences::set_registration_open(&ctx.db.write, existing.id, open, now)
        .await?
        .ok_or(Error::NotFound("conference"))
}

/// A conference by slug for the public page.
pub async fn public(ctx: &Context, slug: &str) -> Result<Conference, Error> {
    store::conferences::find_by_slug(&ctx.db.read, slug)
        .await?
        .ok_or(Error::NotFound("conference"))
}

/// The conferences anyone may still register for on `today`, the soonest first, for the
/// front door. A conference stays listed through its last day, since people sign up on site.
pub async fn open_for_registration(
    ctx: &Context,
    today: NaiveDate,
) -> Result<Vec<Conference>, Error> {
    Ok(store::conferences::list_open_for_registration(&ctx.db.read, today).await?)
}

/// The conference an attendee registered for, for the attendee's own page.
pub async fn of_attendee(
    ctx: &Context,
    attendee: &crate::domain::records::Attendee,
) -> Result<Conference, Error> {
    store::conferences::find_by_id(&ctx.db.read, attendee.conference_id)
        .await?
        .ok_or(Error::NotFound("conference"))
}
