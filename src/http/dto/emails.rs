//! Bodies of the organizer's email delivery endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::records::{EmailKind, OutboxEmail, OutboxStatus};

/// One email to an attendee and how its delivery went. Organizers see the full address: they
/// can see their attendees' emails anyway, and need it to tell people apart.
#[derive(Debug, Serialize)]
pub struct EmailOut {
    pub id: Uuid,
    pub kind: EmailKind,
    pub attendee_id: Option<Uuid>,
    pub recipient: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When a pending email is (next) due; `null` once it is no longer pending.
    pub due_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<OutboxEmail> for EmailOut {
    fn from(row: OutboxEmail) -> Self {
        let pending = row.status == OutboxStatus::Pending;
        Self {
            id: row.id,
            kind: row.kind,
            attendee_id: row.attendee_id,
            recipient: row.recipient,
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
            created_at: row.created_at,
            due_at: pending.then_some(row.due_at),
            sent_at: row.sent_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EmailPage {
    pub items: Vec<EmailOut>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// Query of the organizer's email list; numbers and ids arrive as text so a bad one is
/// reported under its own name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailListQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub status: Option<String>,
    pub attendee_id: Option<String>,
}
