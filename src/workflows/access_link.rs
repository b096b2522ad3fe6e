//! "Send me my link again": an attendee who lost their personal link asks for a fresh one by
//! email address. The answer never says whether the address is registered; only its owner's
//! inbox learns that. Nor does its timing: the request is answered before the address is looked
//! up, and the lookup and the email happen afterwards, in a task of their own.

use chrono::{DateTime, Utc};
use tracing::{Instrument, instrument};

use crate::domain::EmailAddress;
use crate::domain::records::{AccessLink, Conference, EmailPayload, NewEmail};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;
use crate::workflows::rate_limits::Limiter;

use super::registration::ConferenceCache;

/// Checks the conference and hands the rest to a background task, so the caller answers in the
/// same time whether or not `email` is registered.
///
/// An unknown conference is 404: conferences are public, attendees are not. What fails in the
/// background is logged, never answered.
#[instrument(skip_all, fields(slug = %slug))]
pub async fn request(
    ctx: &Context,
    conferences: &ConferenceCache,
    limiter: &Limiter,
    slug: &str,
    email: EmailAddress,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let conference = conferences.get(ctx, slug, now).await?;
    let (ctx, limiter) = (ctx.clone(), limiter.clone());
    tokio::spawn(
        async move {
            if let Err(e) = send(&ctx, &limiter, &conference, &email, now).await {
                tracing::error!(error = ?e, "access link request failed");
            }
        }
        .in_current_span(),
    );
    Ok(())
}

/// Queues an `access_link` email when `email` is registered for the conference and its mailbox
/// is under its email limit, and does nothing otherwise. At most one such email per attendee
/// and hour (the dedupe key holds the hour), so the form cannot flood an inbox. The mailer
/// mints the new personal link when it sends the email, which replaces the attendee's earlier
/// one.
async fn send(
    ctx: &Context,
    limiter: &Limiter,
    conference: &Conference,
    email: &EmailAddress,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if !limiter.mailbox_allows(&ctx.db.write, email, now).await? {
        return Ok(());
    }
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
