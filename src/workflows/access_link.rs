//! "Send me my link again": an attendee who lost their personal link asks for a fresh one by
//! email address. The answer never says whether the address is registered; only its owner's
//! inbox learns that.

use chrono::{DateTime, Utc};
use tracing::instrument;

use crate::domain::EmailAddress;
use crate::domain::records::{AccessLink, EmailPayload, NewEmail};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

use super::registration::ConferenceCache;

/// Queues an `access_link` email when `email` is registered for the conference, and does
/// nothing otherwise. At most one such email per attendee and hour (the dedupe key holds the
/// hour), so the form cannot flood an inbox. The mailer mints the new personal link when it
/// sends the email, which replaces the attendee's earlier one.
///
/// An unknown conference is 404: conferences are public, attendees are not.
#[instrument(skip_all, fields(slug = %slug))]
pub async fn request(
    ctx: &Context,
    conferences: &ConferenceCache,
    slug: &str,
    email: &EmailAddress,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let conference = conferences.get(ctx, slug, now).await?;
    let Some(id) =
        store::attendees::find_id_by_email(&ctx.db.read, conference.id, email.normalized()).await?
    else {
        return Ok(());
    };
    let Some(attendee) = store::attendees::find(&ctx.db.read, id).await? else {
        return Ok(());
    };
    let queued = store::outbox::enqueue(
        &ctx.db.write,
        NewEmail {
            dedupe_key: format!("access_link:{id}:{}", now.format("%Y%m%d%H")),
            attendee_id: Some(id),
            recipient: attendee.fields.email.to_string(),
            due_at: None,
            payload: EmailPayload::AccessLink(AccessLink {
                attendee_name: attendee.fields.name.to_string(),
                conference_name: conference.fields.name.clone(),
                conference_slug: conference.slug.to_string(),
            }),
        },
        now,
    )
    .await?;
    tracing::info!(queued, "access link requested");
    Ok(())
}
