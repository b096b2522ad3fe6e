//! Public registration: stores a new attendee and queues their confirmation email, or, for an
//! email already registered, changes nothing and queues "you are already registered" instead.
//! Both answer the same to the caller, so the endpoint cannot reveal who attends.
//!
//! Registrations are written in batches: `register_many` stores any number of them in one
//! transaction with a fixed number of statements, and [`Registrar`] gathers the registrations
//! that arrive while a batch is being written into the next one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use tracing::instrument;
use uuid::Uuid;

use crate::domain::AttendeeStatus;
use crate::domain::records::{
    AlreadyRegistered, AttendeeFields, ClaimedHandle, Conference, Confirmation, EmailPayload,
    Handle, NewAttendee, NewEmail, Wanted,
};
use crate::error::Error;
use crate::store::batch;
use crate::workflows::Context;

mod conference_cache;
mod limited;
mod registrar;

pub use conference_cache::ConferenceCache;
pub use limited::register_limited;
pub use registrar::Registrar;

/// A registration whose fields are all valid and normalised.
#[derive(Debug, Clone)]
pub struct AttendeeInput {
    pub fields: AttendeeFields,
    pub handles: Vec<Handle>,
    pub interests: Vec<String>,
    pub wanted: Vec<Wanted>,
    pub email_consent: bool,
}

/// What happened; the HTTP answer is the same for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Registered(Uuid),
    AlreadyRegistered(Uuid),
}

/// A registration checked against its conference and ready to be written.
pub struct Pending {
    pub conference: Conference,
    pub input: AttendeeInput,
    pub now: DateTime<Utc>,
}

/// Checks that the conference exists and takes registrations, and mints the link token.
pub async fn prepare(
    ctx: &Context,
    conferences: &ConferenceCache,
    slug: &str,
    input: AttendeeInput,
    now: DateTime<Utc>,
) -> Result<Pending, Error> {
    let conference = conferences.get(ctx, slug, now).await?;
    if !conference.registration_open {
        let name = &conference.fields.name;
        return Err(Error::refused(
            None,
            crate::domain::ParseError::coded(
                "conflict-registration-closed",
                [("conference", name.as_str().into())],
                format!("registration for {name} is closed"),
            ),
        ));
    }
    Ok(Pending {
        conference,
        input,
        now,
    })
}

/// Writes a batch of registrations in one transaction. Within the batch, as across batches,
/// the first registration of an email wins and later ones count as repeats.
#[instrument(skip_all, fields(batch = items.len()))]
pub async fn register_many(ctx: &Context, items: &[Pending]) -> Result<Vec<Outcome>, Error> {
    let Some(now) = items.iter().map(|p| p.now).max() else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = items.iter().map(|_| Uuid::now_v7()).collect();
    let txn = ctx.db.write.begin().await?;
    let rows: Vec<NewAttendee<'_>> = items
        .iter()
        .zip(&ids)
        .map(|(p, id)| NewAttendee {
            id: *id,
            conference_id: p.conference.id,
            fields: &p.input.fields,
            status: AttendeeStatus::PendingConfirmation,
            privacy_consent_at: Some(p.now),
            email_consent_at: p.input.email_consent.then_some(p.now),
            confirmed_at: None,
        })
        .collect();
    let inserted = batch::insert_attendees(&txn, &rows, now).await?;
    let is_new = |i: usize| inserted.contains(&ids[i]);

    let repeat_keys: Vec<(Uuid, String)> = (0..items.len())
        .filter(|&i| !is_new(i))
        .map(|i| {
            let p = &items[i];
            (
                p.conference.id,
                p.input.fields.email.normalized().to_owned(),
            )
        })
        .collect();
    let existing: HashMap<(Uuid, String), Uuid> = if repeat_keys.is_empty() {
        HashMap::new()
    } else {
        batch::attendee_ids_by_email(&txn, &repeat_keys).await?
    };

    let fresh: Vec<usize> = (0..items.len()).filter(|&i| is_new(i)).collect();
    let handles: Vec<(Uuid, Uuid, &[Handle])> = fresh
        .iter()
        .map(|&i| {
            (
                ids[i],
                items[i].conference.id,
                items[i].input.handles.as_slice(),
            )
        })
        .collect();
    let mut unclaimed = batch::insert_handles(&txn, &handles).await?;
    let interests: Vec<(Uuid, Uuid, &[String])> = fresh
        .iter()
        .map(|&i| {
            (
                items[i].conference.id,
                ids[i],
                items[i].input.interests.as_slice(),
            )
        })
        .collect();
    batch::link_interests(&txn, &interests).await?;
    let wanted: Vec<(Uuid, Uuid, &[Wanted])> = fresh
        .iter()
        .map(|&i| {
            (
                ids[i],
                items[i].conference.id,
                items[i].input.wanted.as_slice(),
            )
        })
        .collect();
    batch::insert_wanted(&txn, &wanted).await?;

    let mut outcomes = Vec::with_capacity(items.len());
    let mut emails = Vec::with_capacity(items.len());
    for (i, p) in items.iter().enumerate() {
        if is_new(i) {
            let id = ids[i];
            let skipped = unclaimed.remove(&id).unwrap_or_default();
            emails.push(confirmation_email(id, p, &skipped));
            outcomes.push(Outcome::Registered(id));
        } else {
            let key = (
                p.conference.id,
                p.input.fields.email.normalized().to_owned(),
            );
            let id = *existing.get(&key).ok_or_else(|| {
                Error::internal(anyhow::anyhow!(
                    "attendee insert was skipped but no attendee has the email"
                ))
            })?;
            emails.push(already_registered_email(id, p));
            outcomes.push(Outcome::AlreadyRegistered(id));
        }
    }
    // A repeat within the hour queues nothing; the personal link is minted by the mailer
    // when it sends an email, so the outbox never holds one.
    batch::enqueue_emails(&txn, emails, now).await?;
    txn.commit().await?;
    ctx.metrics.registrations_accepted(fresh.len() as u64);
    Ok(outcomes)
}

fn confirmation_email(id: Uuid, p: &Pending, skipped: &[Handle]) -> NewEmail {
    NewEmail {
        dedupe_key: format!("registration_confirmation:{id}"),
        attendee_id: Some(id),
        recipient: p.input.fields.email.to_string(),
        due_at: None,
        payload: EmailPayload::RegistrationConfirmation(Confirmation {
            attendee_name: p.input.fields.name.to_string(),
            conference_name: p.conference.fields.name.clone(),
            conference_slug: p.conference.slug.to_string(),
            handles_claimed_by_someone_else: skipped
                .iter()
                .map(|h| ClaimedHandle {
                    network: h.network(),
                    handle: h.handle.as_str().to_owned(),
                })
                .collect(),
        }),
    }
}

/// One "already registered" email per attendee and hour at most, however often the form is
/// sent, so the form cannot be used to flood someone's inbox.
fn already_registered_email(id: Uuid, p: &Pending) -> NewEmail {
    NewEmail {
        dedupe_key: format!("already_registered:{id}:{}", p.now.format("%Y%m%d%H")),
        attendee_id: Some(id),
        recipient: p.input.fields.email.to_string(),
        due_at: None,
        payload: EmailPayload::AlreadyRegistered(AlreadyRegistered {
            conference_name: p.conference.fields.name.clone(),
            conference_slug: p.conference.slug.to_string(),
        }),
    }
}
