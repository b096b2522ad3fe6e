//! Organizers watching and retrying the delivery of their conference's emails.

use chrono::{DateTime, Utc};
use tracing::instrument;
use uuid::Uuid;

use super::conferences::get_owned;
use crate::domain::records::{EmailFilter, OutboxEmail, OutboxStatus};
use crate::error::Error;
use crate::store;
use crate::workflows::Context;

pub struct Page {
    pub items: Vec<OutboxEmail>,
    pub total: u64,
}

/// One page of the emails sent (or to be sent) to attendees of the organizer's conference.
pub async fn list(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    filter: &EmailFilter,
    page: u64,
    per_page: u64,
) -> Result<Page, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let (items, total) =
        store::outbox::list_for_conference(&ctx.db.read, conference.id, filter, page, per_page)
            .await?;
    Ok(Page { items, total })
}

/// Queues a failed email again, due at `now` with its attempts reset. An email of another
/// conference is not found; one that is not failed is a conflict, because retrying a pending
/// email would do nothing and retrying a sent one would send it twice.
#[instrument(skip(ctx, now))]
pub async fn retry(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<OutboxEmail, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let mut email = store::outbox::find_in_conference(&ctx.db.write, conference.id, id)
        .await?
        .ok_or(Error::NotFound("email"))?;
    if !store::outbox::retry_failed(&ctx.db.write, conference.id, id, now).await? {
        let status = email.status.to_string();
        return Err(Error::refused(
            None,
            crate::domain::ParseError::coded(
                "conflict-retry-not-failed",
                [("status", status.as_str().into())],
                format!("only a failed email can be retried; this one is {status}"),
            ),
        ));
    }
    // Answer with the row as the requeue wrote it: reading it again could already see the
    // mailer's next attempt, and the organizer asked to requeue, not to learn the outcome.
    email.status = OutboxStatus::Pending;
    email.attempts = 0;
    email.due_at = now;
    email.lease_until = None;
    email.last_error = None;
    Ok(email)
}
