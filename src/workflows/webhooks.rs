//! Webhooks out: organizers' endpoints (made, changed, given a new secret, removed), the log of
//! what was sent to each and its replay, and [`emit`], which the use cases that cause an event
//! call inside their own transaction (a transactional outbox: the delivery worker sends it).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use tracing::instrument;
use uuid::Uuid;

use crate::domain::records::{Conference, WebhookDelivery, WebhookEndpoint};
use crate::domain::webhooks::{Event, check_url, parse_events, secret_from_bytes};
use crate::domain::{ParseError, single_line};
use crate::error::{Error, FieldErrors};
use crate::store::webhooks::deliveries::{self, Message};
use crate::store::webhooks::endpoints;
use crate::workflows::Context;
use crate::workflows::conferences::get_owned;

/// Key bytes of a new secret: more than the 24 the Standard Webhooks format asks at least.
const SECRET_BYTES: usize = 32;
/// The longest description.
const MAX_DESCRIPTION: usize = 500;
/// Most endpoints one conference may have: each event is one row per endpoint.
pub const MAX_ENDPOINTS: usize = 20;

/// Queues `events` of `conference` for each of its enabled endpoints that subscribe to them,
/// in the caller's transaction `txn`.
pub async fn emit(
    txn: &impl ConnectionTrait,
    conference: &Conference,
    events: &[Event],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if events.is_empty() {
        return Ok(());
    }
    let messages: Vec<Message> = events
        .iter()
        .map(|event| Message {
            event: event.event_type(),
            id: format!("msg_{}", Uuid::now_v7().simple()),
            body: event.body(conference.slug.as_str(), now),
        })
        .collect();
    deliveries::enqueue(txn, conference.id, &messages, now).await?;
    Ok(())
}

/// As [`emit`], for a conference known by id only.
pub async fn emit_in(
    txn: &impl ConnectionTrait,
    conference_id: Uuid,
    events: &[Event],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let conference = crate::store::conferences::find_by_id(txn, conference_id)
        .await?
        .ok_or(Error::NotFound("conference"))?;
    emit(txn, &conference, events, now).await
}

/// What an organizer asks for, as typed.
#[derive(Debug, Clone, Default)]
pub struct EndpointInput {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    /// `Some(None)` clears it.
    pub description: Option<Option<String>>,
    pub enabled: Option<bool>,
}

/// Applies `input` to `endpoint`, listing every invalid field at once.
fn apply(
    ctx: &Context,
    endpoint: &mut WebhookEndpoint,
    input: EndpointInput,
    errors: &mut FieldErrors,
) {
    if let Some(url) = input.url
        && let Some(url) = errors.check("url", check_url(&url, ctx.outbound_allow_private))
    {
        endpoint.url = url.to_string();
    }
    if let Some(events) = input.events {
        match parse_events(&events) {
            Ok(events) => endpoint.events = events,
            Err(e) => {
                let at = events
                    .iter()
                    .position(|n| n.parse::<crate::domain::webhooks::EventType>().is_err());
                let field = at.map_or("events".to_owned(), |i| format!("events[{i}]"));
                errors.reject(field, e);
            }
        }
    }
    if let Some(description) = input.description {
        endpoint.description = match description {
            None => None,
            Some(raw) => errors
                .check("description", single_line(&raw, MAX_DESCRIPTION))
                .filter(|d| !d.is_empty()),
        };
    }
    if let Some(enabled) = input.enabled {
        endpoint.enabled = enabled;
    }
}

fn new_secret(rng: &mut impl rand::RngCore) -> String {
    let mut key = [0u8; SECRET_BYTES];
    rng.fill_bytes(&mut key);
    secret_from_bytes(&key)
}

/// Registers an endpoint; its secret is in the returned record, the only time it is shown.
#[instrument(skip(ctx, input, now, rng))]
pub async fn create(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    input: EndpointInput,
    now: DateTime<Utc>,
    rng: &mut impl rand::RngCore,
) -> Result<WebhookEndpoint, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let mut errors = FieldErrors::default();
    if input.url.is_none() {
        errors.reject("url", ParseError::required());
    }
    let events_missing = input.events.is_none();
    let mut endpoint = WebhookEndpoint {
        id: Uuid::now_v7(),
        conference_id: conference.id,
        url: String::new(),
        description: None,
        events: Vec::new(),
        secret: new_secret(rng),
        enabled: true,
        created_at: now,
        updated_at: now,
    };
    apply(ctx, &mut endpoint, input, &mut errors);
    if events_missing {
        errors.reject("events", ParseError::required());
    }
    errors.finish()?;
    let txn = ctx.db.write.begin().await?;
    if endpoints::list(&txn, conference.id).await?.len() >= MAX_ENDPOINTS {
        return Err(Error::refused(
            None,
            crate::domain::ParseError::coded(
                "conflict-webhook-limit",
                [("max", MAX_ENDPOINTS.into())],
                format!("a conference has at most {MAX_ENDPOINTS} webhook endpoints"),
            ),
        ));
    }
    endpoints::insert(&txn, &endpoint).await?;
    txn.commit().await?;
    tracing::info!(conference_id = %conference.id, endpoint = %endpoint.id, "webhook endpoint added");
    Ok(endpoint)
}

pub async fn list(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
) -> Result<Vec<WebhookEndpoint>, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    Ok(endpoints::list(&ctx.db.read, conference.id).await?)
}

pub async fn get(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
) -> Result<WebhookEndpoint, Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    endpoints::find(&ctx.db.read, conference.id, id)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))
}

#[instrument(skip(ctx, input, now))]
pub async fn update(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    input: EndpointInput,
    now: DateTime<Utc>,
) -> Result<WebhookEndpoint, Error> {
    let mut endpoint = get(ctx, organizer_id, slug, id).await?;
    let mut errors = FieldErrors::default();
    apply(ctx, &mut endpoint, input, &mut errors);
    errors.finish()?;
    endpoints::update(&ctx.db.write, &endpoint, now).await?;
    endpoint.updated_at = now;
    Ok(endpoint)
}

/// Gives the endpoint a new secret at once (the old one stops signing): returned, shown once.
#[instrument(skip(ctx, now, rng))]
pub async fn rotate_secret(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    id: Uuid,
    now: DateTime<Utc>,
    rng: &mut impl rand::RngCore,
) -> Result<WebhookEndpoint, Error> {
    let mut endpoint = get(ctx, organizer_id, slug, id).await?;
    endpoint.secret = new_secret(rng);
    endpoints::update(&ctx.db.write, &endpoint, now).await?;
    endpoint.updated_at = now;
    tracing::info!(endpoint = %endpoint.id, "webhook secret rotated");
    Ok(endpoint)
}

/// Removes the endpoint and its delivery log; deliveries not sent yet are not sent.
#[instrument(skip(ctx))]
pub async fn delete(ctx: &Context, organizer_id: Uuid, slug: &str, id: Uuid) -> Result<(), Error> {
    let conference = get_owned(ctx, organizer_id, slug).await?;
    let txn = ctx.db.write.begin().await?;
    if !endpoints::delete(&txn, conference.id, id).await? {
        return Err(Error::NotFound("webhook endpoint"));
    }
    txn.commit().await?;
    Ok(())
}

/// One page of the endpoint's deliveries, newest first, and their total.
pub async fn deliveries(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    endpoint_id: Uuid,
    page: u64,
    per_page: u64,
) -> Result<(Vec<WebhookDelivery>, u64), Error> {
    let endpoint = get(ctx, organizer_id, slug, endpoint_id).await?;
    Ok(deliveries::list(&ctx.db.read, endpoint.id, page, per_page).await?)
}

/// Sends delivery `id` again, whatever became of it: a new log row with the same message id
/// (`webhook-id`) and body, due at once.
#[instrument(skip(ctx, now))]
pub async fn replay(
    ctx: &Context,
    organizer_id: Uuid,
    slug: &str,
    endpoint_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<WebhookDelivery, Error> {
    let endpoint = get(ctx, organizer_id, slug, endpoint_id).await?;
    let original = deliveries::find(&ctx.db.read, endpoint.id, id)
        .await?
        .ok_or(Error::NotFound("webhook delivery"))?;
    if !endpoint.enabled {
        return Err(Error::refused(
            Some("enabled"),
            crate::domain::ParseError::coded(
                "conflict-webhook-disabled",
                [],
                "the endpoint is disabled; enable it to replay its deliveries",
            ),
        ));
    }
    Ok(deliveries::replay(&ctx.db.write, &original, now).await?)
}
