//! A conference's webhook endpoints.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::domain::records::WebhookEndpoint;
use crate::domain::webhooks::{events_of_text, events_text};
use crate::entities::{webhook_delivery, webhook_endpoint};

fn endpoint_of(row: webhook_endpoint::Model) -> WebhookEndpoint {
    WebhookEndpoint {
        id: row.id,
        conference_id: row.conference_id,
        url: row.url,
        description: row.description,
        events: events_of_text(&row.events),
        secret: row.secret,
        enabled: row.enabled,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    endpoint: &WebhookEndpoint,
) -> Result<(), sea_orm::DbErr> {
    webhook_endpoint::ActiveModel {
        id: Set(endpoint.id),
        conference_id: Set(endpoint.conference_id),
        url: Set(endpoint.url.clone()),
        description: Set(endpoint.description.clone()),
        events: Set(events_text(&endpoint.events)),
        secret: Set(endpoint.secret.clone()),
        enabled: Set(endpoint.enabled),
        created_at: Set(endpoint.created_at),
        updated_at: Set(endpoint.updated_at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The conference's endpoints, oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<WebhookEndpoint>, sea_orm::DbErr> {
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::ConferenceId.eq(conference_id))
        .order_by_asc(webhook_endpoint::Column::CreatedAt)
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(endpoint_of)
        .collect())
}

/// Endpoint `id` if it belongs to `conference_id`.
pub async fn find(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
) -> Result<Option<WebhookEndpoint>, sea_orm::DbErr> {
    Ok(webhook_endpoint::Entity::find_by_id(id)
        .filter(webhook_endpoint::Column::ConferenceId.eq(conference_id))
        .one(db)
        .await?
        .map(endpoint_of))
}

/// Endpoints by id, whatever their conference: for the delivery worker.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<WebhookEndpoint>, sea_orm::DbErr> {
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(endpoint_of)
        .collect())
}

/// Writes every field of `endpoint` but its conference and creation time.
pub async fn update(
    db: &impl ConnectionTrait,
    endpoint: &WebhookEndpoint,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let Some(row) = webhook_endpoint::Entity::find_by_id(endpoint.id)
        .one(db)
        .await?
    else {
        return Err(sea_orm::DbErr::RecordNotFound("webhook endpoint".into()));
    };
    let mut row = row.into_active_model();
    row.url = Set(endpoint.url.clone());
    row.description = Set(endpoint.description.clone());
    row.events = Set(events_text(&endpoint.events));
    row.secret = Set(endpoint.secret.clone());
    row.enabled = Set(endpoint.enabled);
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(())
}

/// Deletes endpoint `id` of `conference_id` with its delivery log; whether it existed.
pub async fn delete(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
) -> Result<bool, sea_orm::DbErr> {
    if find(db, conference_id, id).await?.is_none() {
        return Ok(false);
    }
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::EndpointId.eq(id))
        .exec(db)
        .await?;
    webhook_endpoint::Entity::delete_by_id(id).exec(db).await?;
    Ok(true)
}
