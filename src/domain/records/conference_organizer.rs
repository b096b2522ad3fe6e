//! Who organizes a conference, and as what.

use chrono::{DateTime, Utc};

use super::Organizer;

named_enum! {
    /// An organizer's part in one conference.
    pub enum OrganizerRole {
        /// Everything, including managing the conference's organizers (and deleting it).
        Owner,
        /// Everything an owner does except managing its organizers and deleting it.
        Helper,
    }
}

/// One of a conference's organizers. The organizer who created it is an owner who cannot be
/// removed (`creator`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConferenceOrganizer {
    pub organizer: Organizer,
    pub role: OrganizerRole,
    pub creator: bool,
    pub added_at: DateTime<Utc>,
}
