//! The webhook delivery outbox: one row per event and subscribed endpoint, written in the
//! transaction of the change that causes the event, so an event is never lost nor sent for a
//! change that rolled back. The worker claims due rows under a lease, as the email outbox's
//! does (see `outbox::claim_due` for how each backend keeps two workers off one row).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::super::stored;
use crate::domain::records::{DeliveryStatus, WebhookDelivery};
use crate::domain::webhooks::EventType;
use crate::entities::{webhook_delivery, webhook_endpoint};

fn delivery_of(row: webhook_delivery::Model) -> Result<WebhookDelivery, sea_orm::DbErr> {
    Ok(WebhookDelivery {
        id: row.id,
        endpoint_id: row.endpoint_id,
        message_id: row.message_id,
        event_type: stored("webhook_deliveries.event_type", &row.event_type)?,
        payload: row.payload,
        status: stored("webhook_deliveries.status", &row.status)?,
        attempts: row.attempts,
        due_at: row.due_at,
        lease_until: row.lease_until,
        last_status_code: row.last_status_code,
        last_error: row.last_error,
        created_at: row.created_at,
        delivered_at: row.delivered_at,
        replay_of: row.replay_of,
    })
}

/// A new pending row, due at once.
fn pending(
    endpoint_id: Uuid,
    message_id: &str,
    event_type: &str,
    payload: &str,
    replay_of: Option<Uuid>,
    now: DateTime<Utc>,
) -> webhook_delivery::ActiveModel {
    webhook_delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        endpoint_id: Set(endpoint_id),
        message_id: Set(message_id.to_owned()),
        event_type: Set(event_type.to_owned()),
        payload: Set(payload.to_owned()),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        due_at: Set(now),
        lease_until: Set(None),
        last_status_code: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        delivered_at: Set(None),
        replay_of: Set(replay_of),
    }
}

/// One event to queue: its type, message id (`webhook-id`) and body.
#[derive(Debug, Clone)]
pub struct Message {
    pub event: EventType,
    pub id: String,
    pub body: String,
}

/// Queues each of `messages` for every enabled endpoint of `conference_id` that subscribes
/// to its event; returns how many rows were written.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    messages: &[Message],
    now: DateTime<Utc>,
) -> Result<usize, sea_orm::DbErr> {
    let endpoints = super::endpoints::list(db, conference_id).await?;
    let rows: Vec<webhook_delivery::ActiveModel> = messages
        .iter()
        .flat_map(|m| {
            endpoints
                .iter()
                .filter(|e| e.enabled && e.events.contains(&m.event))
                .map(|e| pending(e.id, &m.id, m.event.as_str(), &m.body, None, now))
        })
        .collect();
    let written = rows.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        webhook_delivery::Entity::insert_many(chunk)
            .exec(db)
            .await?;
    }
    Ok(written)
}

/// Queues `original` again, as a new row with the same message id and body (the receiver
/// tells a replay from a new event by the id).
pub async fn replay(
    db: &impl ConnectionTrait,
    original: &WebhookDelivery,
    now: DateTime<Utc>,
) -> Result<WebhookDelivery, sea_orm::DbErr> {
    let row = pending(
        original.endpoint_id,
        &original.message_id,
        original.event_type.as_str(),
        &original.payload,
        Some(original.id),
        now,
    )
    .insert(db)
    .await?;
    delivery_of(row)
}

/// One page (1-based) of the deliveries to `endpoint_id`, newest first, and their total.
pub async fn list(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    page: u64,
    per_page: u64,
) -> Result<(Vec<WebhookDelivery>, u64), sea_orm::DbErr> {
    let query = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .order_by_desc(webhook_delivery::Column::CreatedAt)
        .order_by_desc(webhook_delivery::Column::Id);
    let (rows, total) = super::super::page_of(db, query, page, per_page).await?;
    Ok((
        rows.into_iter()
            .map(delivery_of)
            .collect::<Result<_, _>>()?,
        total,
    ))
}

/// Delivery `id` if it is one to `endpoint_id`.
pub async fn find(
    db: &impl ConnectionTrait,
    endpoint_id: Uuid,
    id: Uuid,
) -> Result<Option<WebhookDelivery>, sea_orm::DbErr> {
    webhook_delivery::Entity::find_by_id(id)
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .one(db)
        .await?
        .map(delivery_of)
        .transpose()
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .add(webhook_delivery::Column::DueAt.lte(now))
        .add(
            Condition::any()
                .add(webhook_delivery::Column::LeaseUntil.is_null())
                .add(webhook_delivery::Column::LeaseUntil.lt(now)),
        )
}

/// Claims up to `limit` due deliveries for `lease` and returns those this caller claimed,
/// oldest due first; as `outbox::claim_due`, two workers never both get a row.
pub async fn claim_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u64,
) -> Result<Vec<WebhookDelivery>, sea_orm::DbErr> {
    let columns = crate::store::lease::Claim {
        id: webhook_delivery::Column::Id,
        order: webhook_delivery::Column::DueAt,
        lease_until: webhook_delivery::Column::LeaseUntil,
    };
    let mut rows = crate::store::lease::claim::<webhook_delivery::Entity>(
        db,
        columns,
        due(now),
        now + lease,
        limit,
    )
    .await?;
    rows.sort_by_key(|r| (r.due_at, r.id));
    rows.into_iter().map(delivery_of).collect()
}

/// Records an attempt at `id`: the receiver's status code (if it answered), and delivered,
/// or retried at `retry_at`, or failed for good when `retry_at` is `None`.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    id: Uuid,
    outcome: Attempt<'_>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let mut update = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Attempts,
            Expr::value(outcome.attempts),
        )
        .col_expr(
            webhook_delivery::Column::LastStatusCode,
            Expr::value(outcome.status_code),
        )
        .col_expr(
            webhook_delivery::Column::LastError,
            Expr::value(
                outcome
                    .error
                    .map(|e| e.chars().take(2000).collect::<String>()),
            ),
        )
        .col_expr(
            webhook_delivery::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match (outcome.error, outcome.retry_at) {
        (None, _) => update
            .col_expr(
                webhook_delivery::Column::Status,
                Expr::value(DeliveryStatus::Delivered.as_str()),
            )
            .col_expr(webhook_delivery::Column::DeliveredAt, Expr::value(now)),
        (Some(_), Some(at)) => update.col_expr(webhook_delivery::Column::DueAt, Expr::value(at)),
        (Some(_), None) => update.col_expr(
            webhook_delivery::Column::Status,
            Expr::value(DeliveryStatus::Failed.as_str()),
        ),
    };
    update
        .filter(webhook_delivery::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// What one attempt came to: `error` is `None` for a delivery the receiver accepted.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub attempts: i32,
    pub status_code: Option<i32>,
    pub error: Option<&'a str>,
    pub retry_at: Option<DateTime<Utc>>,
}

/// Gives back claimed rows that were not attempted, for the next worker to claim at once.
pub async fn release(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(1000) {
        webhook_delivery::Entity::update_many()
            .col_expr(
                webhook_delivery::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(webhook_delivery::Column::Id.is_in(chunk.iter().copied()))
            .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The deliveries to `conference_id`'s endpoints.
fn of_conference(conference_id: Uuid) -> Condition {
    Condition::all().add(
        webhook_delivery::Column::EndpointId.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(webhook_endpoint::Column::Id)
                .from(webhook_endpoint::Entity)
                .and_where(webhook_endpoint::Column::ConferenceId.eq(conference_id))
                .to_owned(),
        ),
    )
}

/// Deletes the `attendee.confirmed` deliveries of the conference that name `attendee_id` (an
/// erased attendee leaves not even their id behind); returns how many went.
pub async fn forget_attendee(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    attendee_id: Option<Uuid>,
) -> Result<u64, sea_orm::DbErr> {
    let mut condition = of_conference(conference_id)
        .add(webhook_delivery::Column::EventType.eq(EventType::AttendeeConfirmed.as_str()));
    if let Some(id) = attendee_id {
        condition = condition.add(webhook_delivery::Column::Payload.contains(id.to_string()));
    }
    Ok(webhook_delivery::Entity::delete_many()
        .filter(condition)
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes the conference's endpoints with their deliveries; returns how many rows went.
pub async fn delete_of_conference(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let deliveries = webhook_delivery::Entity::delete_many()
        .filter(of_conference(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    let endpoints = webhook_endpoint::Entity::delete_many()
        .filter(webhook_endpoint::Column::ConferenceId.eq(conference_id))
        .exec(db)
        .await?
        .rows_affected;
    Ok(deliveries + endpoints)
}

/// Deletes up to `limit` deliveries that were delivered or failed before `before` (a pending
/// one stays, however old); returns how many went.
pub async fn purge_finished(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
    limit: u64,
) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    let ids: Vec<Uuid> = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(webhook_delivery::Column::Status.ne(DeliveryStatus::Pending.as_str()))
        .filter(webhook_delivery::Column::CreatedAt.lt(before))
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::Id.is_in(ids))
        .exec(db)
        .await?
        .rows_affected)
}
