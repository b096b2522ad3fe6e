//! Webhook endpoints and the deliveries of events to them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::webhooks::EventType;

/// An endpoint as stored. The secret is shown to the organizer only when it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub conference_id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<EventType>,
    pub secret: String,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

named_enum! {
    /// Where a delivery stands: waiting (for its first attempt or a retry), accepted by the
    /// receiver with a 2xx, or given up after the last attempt.
    pub enum DeliveryStatus {
        Pending,
        Delivered,
        Failed,
    }
}

/// One event for one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub message_id: String,
    pub event_type: EventType,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub due_at: DateTime<Utc>,
    pub lease_until: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub replay_of: Option<Uuid>,
}
