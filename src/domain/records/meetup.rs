//! Meetups of a conference (a breakfast, a lunch, one round of a series) and their tables.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One table of a meetup as the organizer defined it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableDef {
    pub number: i32,
    pub label: String,
    pub min: i32,
    pub max: i32,
}

/// The editable part of a meetup, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetupFields {
    pub name: String,
    pub series: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub opt_in_only: bool,
    pub tables: Vec<TableDef>,
}

/// A stored meetup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meetup {
    pub id: Uuid,
    pub conference_id: Uuid,
    pub fields: MeetupFields,
    /// When the organizer cancelled it: it is kept, but no longer run, published or attended.
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Meetup {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}
