//! Public registration: stores a new attendee and queues their confirmation email, or, for an
//! email already registered, changes nothing and queues "you are already registered" instead.
//! Both answer the same to the caller, so the endpoint cannot reveal who attends.

use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::TransactionTrait;
use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use crate::error::Error;
use crate::secrets;
use crate::store::attendees::{AttendeeFields, Handle, NewAttendee, Wanted};
use crate::store::outbox::NewEmail;
use crate::store::{self, Db};

use super::LinkSettings;

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

#[instrument(skip_all, fields(slug = %slug, email = %mask(&input.fields.email_normalized)))]
pub async fn register(
    db: &Db,
    links: &LinkSettings,
    slug: &str,
    input: AttendeeInput,
    now: DateTime<Utc>,
    rng: &mut impl RngCore,
) -> Result<Outcome, Error> {
    let conference = store::conferences::find_by_slug(&db.read, slug)
        .await?
        .ok_or(Error::NotFound("conference"))?;
    if !conference.registration_open {
        return Err(Error::conflict(
            None,
            format!("registration for {} is closed", conference.fields.name),
        ));
    }
    let token = secrets::generate(secrets::ATTENDEE_PREFIX, rng);
    let id = Uuid::now_v7();
    let txn = db.write.begin().await?;
    let inserted = store::attendees::insert(
        &txn,
        NewAttendee {
            id,
            conference_id: conference.id,
            fields: &input.fields,
            status: "pending",
            privacy_consent_at: now,
            email_consent_at: input.email_consent.then_some(now),
            confirmed_at: None,
        },
        now,
    )
    .await?;
    let outcome = if inserted {
        let unclaimed =
            store::attendees::insert_handles(&txn, id, conference.id, &input.handles).await?;
        store::attendees::link_interests(&txn, conference.id, id, &input.interests).await?;
        store::attendees::insert_wanted(&txn, id, conference.id, &input.wanted).await?;
        store::tokens::insert(
            &txn,
            id,
            &token.hash,
            store::tokens::PURPOSE_MANAGE,
            links.token_expiry(now),
            now,
        )
        .await?;
        store::outbox::enqueue(
            &txn,
            NewEmail {
                kind: "registration_confirmation",
                dedupe_key: format!("registration_confirmation:{id}"),
                attendee_id: Some(id),
                recipient: input.fields.email.clone(),
                payload: json!({
                    "attendee_name": input.fields.name,
                    "conference_name": conference.fields.name,
                    "conference_slug": conference.slug,
                    "manage_url": links.manage_url(&token.raw),
                    "handles_claimed_by_someone_else": unclaimed
                        .iter()
                        .map(|h| json!({"network": h.network, "handle": h.handle}))
                        .collect::<Vec<_>>(),
                }),
            },
            now,
        )
        .await?;
        Outcome::Registered(id)
    } else {
        let existing =
            store::attendees::find_id_by_email(&txn, conference.id, &input.fields.email_normalized)
                .await?
                .ok_or_else(|| {
                    Error::internal(anyhow::anyhow!(
                        "attendee insert conflicted but no attendee has the email"
                    ))
                })?;
        // One "already registered" email per hour at most, however often the form is sent.
        let inserted = store::outbox::enqueue(
            &txn,
            NewEmail {
                kind: "already_registered",
                dedupe_key: format!("already_registered:{existing}:{}", now.format("%Y%m%d%H")),
                attendee_id: Some(existing),
                recipient: input.fields.email.clone(),
                payload: json!({
                    "conference_name": conference.fields.name,
                    "conference_slug": conference.slug,
                    "manage_url": links.manage_url(&token.raw),
                }),
            },
            now,
        )
        .await?;
        if inserted {
            store::tokens::insert(
                &txn,
                existing,
                &token.hash,
                store::tokens::PURPOSE_MANAGE,
                links.token_expiry(now),
                now,
            )
            .await?;
        }
        Outcome::AlreadyRegistered(existing)
    };
    txn.commit().await?;
    Ok(outcome)
}

/// `j***@example.org`: enough to correlate log lines, not enough to identify anyone.
pub fn mask(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}
