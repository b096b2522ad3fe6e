//! An organizer's change of an attendee's email address. The address is who the attendee is to
//! the service (their personal link goes there), so an organizer cannot move it behind their
//! back: the new address is stored aside and confirmed by a link sent to it, the current address
//! is told at once (with the attendee's personal link, to cancel), and until the new address
//! confirms every email and link keeps going to the current one.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use tracing::instrument;
use uuid::Uuid;

use crate::domain::EmailAddress;
use crate::domain::records::{
    Attendee, Conference, EmailChangeConfirmation, EmailChangeNotice, EmailPayload, NewEmail,
};
use crate::error::Error;
use crate::secrets;
use crate::store;
use crate::workflows::Context;

/// Within the organizer's edit transaction: asks to change `attendee`'s email to `new`. The
/// current address clears a waiting change; the address already waiting changes nothing.
pub(super) async fn request(
    txn: &impl ConnectionTrait,
    attendee: &Attendee,
    conference: &Conference,
    new: &EmailAddress,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let id = attendee.id;
    if new.normalized() == attendee.fields.email.normalized() {
        if attendee.pending_email.is_some() {
            store::attendees::set_pending_email(txn, id, None, now).await?;
            store::tokens::delete_of(txn, id, store::tokens::PURPOSE_EMAIL_CHANGE).await?;
        }
        return Ok(());
    }
    if attendee
        .pending_email
        .as_ref()
        .is_some_and(|p| p.normalized() == new.normalized())
    {
        return Ok(());
    }
    if store::attendees::find_id_by_email(txn, conference.id, new.normalized())
        .await?
        .is_some()
    {
        return Err(address_taken());
    }
    store::attendees::set_pending_email(txn, id, Some(new), now).await?;
    // Older confirmation links stop confirming; the mailer mints the new one when it sends.
    store::tokens::delete_of(txn, id, store::tokens::PURPOSE_EMAIL_CHANGE).await?;
    let at = now.timestamp_micros();
    let attendee_name = attendee.fields.name.to_string();
    store::outbox::enqueue(
        txn,
        NewEmail {
            dedupe_key: format!("email_change_confirmation:{id}:{at}"),
            attendee_id: Some(id),
            recipient: new.to_string(),
            due_at: None,
            payload: EmailPayload::EmailChangeConfirmation(EmailChangeConfirmation {
                attendee_name: attendee_name.clone(),
                conference_name: conference.fields.name.clone(),
                conference_slug: conference.slug.to_string(),
                new_email: new.to_string(),
            }),
        },
        now,
    )
    .await?;
    store::outbox::enqueue(
        txn,
        NewEmail {
            dedupe_key: format!("email_change_notice:{id}:{at}"),
            attendee_id: Some(id),
            recipient: attendee.fields.email.to_string(),
            due_at: None,
            payload: EmailPayload::EmailChangeNotice(EmailChangeNotice {
                attendee_name,
                conference_name: conference.fields.name.clone(),
                conference_slug: conference.slug.to_string(),
                new_email: new.to_string(),
            }),
        },
        now,
    )
    .await?;
    Ok(())
}

/// The attendee whose waiting change this confirmation link confirms, if it still does.
async fn waiting(
    ctx: &Context,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Uuid, EmailAddress)>, Error> {
    let Some(id) = store::tokens::find_attendee(
        &ctx.db.read,
        &secrets::hash(raw_token),
        store::tokens::PURPOSE_EMAIL_CHANGE,
        now,
    )
    .await?
    else {
        return Ok(None);
    };
    Ok(store::attendees::find(&ctx.db.read, id)
        .await?
        .and_then(|a| Some((id, a.pending_email?))))
}

/// Whether the confirmation link still confirms something (the page asks before it acts).
pub async fn link_is_live(
    ctx: &Context,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    Ok(waiting(ctx, raw_token, now).await?.is_some())
}

/// The new address confirms: it becomes the attendee's email, and the link stops working.
#[instrument(skip_all)]
pub async fn confirm(
    ctx: &Context,
    raw_token: &str,
    now: DateTime<Utc>,
) -> Result<(Attendee, Conference), Error> {
    let Some((id, email)) = waiting(ctx, raw_token, now).await? else {
        return Err(dead_link());
    };
    let txn = ctx.db.write.begin().await?;
    if !store::attendees::switch_email(&txn, id, &email, now).await? {
        return Err(address_taken());
    }
    store::tokens::delete_of(&txn, id, store::tokens::PURPOSE_EMAIL_CHANGE).await?;
    txn.commit().await?;
    let attendee = registration(ctx, id).await?;
    let conference = store::conferences::find_by_id(&ctx.db.read, attendee.conference_id)
        .await?
        .ok_or(Error::NotFound("conference"))?;
    Ok((attendee, conference))
}

/// The attendee cancels a change an organizer asked for.
#[instrument(skip(ctx, now))]
pub async fn cancel(ctx: &Context, id: Uuid, now: DateTime<Utc>) -> Result<Attendee, Error> {
    let txn = ctx.db.write.begin().await?;
    store::attendees::set_pending_email(&txn, id, None, now).await?;
    store::tokens::delete_of(&txn, id, store::tokens::PURPOSE_EMAIL_CHANGE).await?;
    txn.commit().await?;
    registration(ctx, id).await
}

async fn registration(ctx: &Context, id: Uuid) -> Result<Attendee, Error> {
    store::attendees::find(&ctx.db.read, id)
        .await?
        .ok_or(Error::NotFound("registration"))
}

fn address_taken() -> Error {
    Error::conflict(
        Some("email"),
        "another attendee of this conference has this email",
    )
}

fn dead_link() -> Error {
    Error::Unauthorized("the link is not valid, has expired, or the change was cancelled".into())
}
