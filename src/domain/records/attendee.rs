//! Attendees with their handles, interests and the people they want to meet.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::{
    AttendeeStatus, EmailAddress, Language, Network, PersonName, SocialHandle, Verified, Visibility,
};

/// The personal fields of an attendee, validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeFields {
    pub name: PersonName,
    pub email: EmailAddress,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub affiliation_visibility: Visibility,
    pub bio_visibility: Visibility,
    /// The attendee's choice for pages and emails; `None` follows the conference's default.
    pub language: Option<Language>,
}

/// A handle on a network, and who may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    pub handle: SocialHandle,
    pub visibility: Visibility,
    /// Set once the holder proved the handle; any edit of the handle clears it.
    pub verified: Option<Verified>,
}

impl Handle {
    pub fn network(&self) -> Network {
        self.handle.network()
    }
}

/// A handle an attendee hopes to meet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Wanted {
    pub handle: SocialHandle,
}

/// A wanted connection with the attendee it resolves to, if they registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedWanted {
    pub handle: SocialHandle,
    pub attendee_id: Option<Uuid>,
}

/// An attendee as stored, with everything attached to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub id: Uuid,
    pub conference_id: Uuid,
    pub fields: AttendeeFields,
    pub status: AttendeeStatus,
    /// `None` while an imported attendee has not accepted their invitation.
    pub privacy_consent_at: Option<DateTime<Utc>>,
    pub email_consent_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub handles: Vec<Handle>,
    pub interests: Vec<String>,
    pub wanted: Vec<ResolvedWanted>,
    /// An address an organizer changed the email to, waiting for that address to confirm; until
    /// then every email and link goes to `fields.email`.
    pub pending_email: Option<EmailAddress>,
}

/// One attendee as the matcher, plans and exports see them, loaded for a whole conference at
/// once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: Uuid,
    pub name: PersonName,
    pub email: EmailAddress,
    pub status: AttendeeStatus,
    pub affiliation: Option<String>,
    pub affiliation_visibility: Visibility,
    pub role: Option<String>,
    pub bio: Option<String>,
    pub bio_visibility: Visibility,
    pub handles: Vec<Handle>,
    /// Interest names, sorted.
    pub interests: Vec<String>,
    /// Attendees this one wants to meet, resolved through their handles, sorted, without self.
    pub wants: Vec<Uuid>,
}

/// Which of a conference's attendees an organizer lists.
#[derive(Debug, Clone, Default)]
pub struct AttendeeFilter {
    /// Case-insensitive substring of name, email or (unless hidden from organizers) affiliation.
    pub query: Option<String>,
    pub status: Option<AttendeeStatus>,
}

/// An attendee about to be stored.
pub struct NewAttendee<'a> {
    pub id: Uuid,
    pub conference_id: Uuid,
    pub fields: &'a AttendeeFields,
    pub status: AttendeeStatus,
    /// `None` for someone imported from a source that did not ask for it: they are invited
    /// and consent when they accept.
    pub privacy_consent_at: Option<DateTime<Utc>>,
    pub email_consent_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
}
