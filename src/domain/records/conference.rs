//! Conferences and the organizers who run them.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::{ConferenceSlug, EmailAddress, Language, PersonName, TimeZone};

/// A stored conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conference {
    pub id: Uuid,
    pub organizer_id: Uuid,
    pub slug: ConferenceSlug,
    pub fields: ConferenceFields,
    pub registration_open: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The editable part of a conference, already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConferenceFields {
    pub name: String,
    pub description: String,
    pub venue: String,
    pub time_zone: TimeZone,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub suggested_interests: Vec<String>,
    pub table_min: i32,
    pub table_max: i32,
    /// The language of pages and emails for attendees who chose none.
    pub default_language: Language,
}

/// Someone who creates and runs conferences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub id: Uuid,
    pub email: EmailAddress,
    pub name: PersonName,
}
