//! Bodies of webhook endpoints and their delivery log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::records::{DeliveryStatus, WebhookDelivery, WebhookEndpoint};
use crate::http::extract::ObjectPaths;
use crate::workflows::webhooks::EndpointInput;

/// A new endpoint (POST: `url` and `events` required) or changes to one (PATCH).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointIn {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub events: Option<Vec<String>>,
    #[serde(default, deserialize_with = "super::double_option")]
    pub description: Option<Option<String>>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

impl ObjectPaths for EndpointIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl From<EndpointIn> for EndpointInput {
    fn from(body: EndpointIn) -> Self {
        Self {
            url: body.url,
            events: body.events,
            description: body.description,
            enabled: body.enabled,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EndpointOut {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<&'static str>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Only when the secret was just made (creation, rotation): it is never shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl EndpointOut {
    /// The endpoint without its secret.
    pub fn hidden(e: WebhookEndpoint) -> Self {
        Self::with_secret(e, false)
    }

    /// The endpoint with the secret just made.
    pub fn revealed(e: WebhookEndpoint) -> Self {
        Self::with_secret(e, true)
    }

    fn with_secret(e: WebhookEndpoint, show: bool) -> Self {
        Self {
            id: e.id,
            url: e.url,
            description: e.description,
            events: e.events.iter().map(|t| t.as_str()).collect(),
            enabled: e.enabled,
            created_at: e.created_at,
            updated_at: e.updated_at,
            secret: show.then_some(e.secret),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EndpointList {
    pub items: Vec<EndpointOut>,
}

#[derive(Debug, Serialize)]
pub struct DeliveryOut {
    pub id: Uuid,
    /// The `webhook-id` header: the same for every attempt and replay of one event.
    pub message_id: String,
    #[serde(rename = "type")]
    pub event_type: &'static str,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    /// When the next attempt is due; `null` once delivered or failed.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The delivery this one replays, if it is a replay.
    pub replay_of: Option<Uuid>,
    /// The body sent, as JSON.
    pub payload: serde_json::Value,
}

impl From<WebhookDelivery> for DeliveryOut {
    fn from(d: WebhookDelivery) -> Self {
        Self {
            id: d.id,
            message_id: d.message_id,
            event_type: d.event_type.as_str(),
            next_attempt_at: (d.status == DeliveryStatus::Pending).then_some(d.due_at),
            status: d.status,
            attempts: d.attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            created_at: d.created_at,
            delivered_at: d.delivered_at,
            replay_of: d.replay_of,
            payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DeliveryPage {
    pub items: Vec<DeliveryOut>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// Query of a delivery log; numbers arrive as text so a bad one is reported by name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryListQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
}
