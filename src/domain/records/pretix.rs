//! A conference's connection to its pretix event, from which orders are pulled.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Where the orders come from and how to read them; the token only ever sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PretixConnection {
    pub conference_id: Uuid,
    /// The pretix installation, like `https://pretix.eu` (no trailing slash).
    pub base_url: String,
    pub organizer_slug: String,
    pub event_slug: String,
    pub token_sealed: String,
    /// The identifier of the question that asked for consent to be seated with others.
    pub privacy_consent_question: Option<String>,
    pub email_consent_question: Option<String>,
    /// pretix's `X-Page-Generated` of the last complete pull: the next one asks only for
    /// orders modified since.
    pub cursor: Option<String>,
    pub last_pulled_at: Option<DateTime<Utc>>,
}
