//! An organizer's API token as its owner sees it: never the secret, which exists only in the
//! answer that created it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

named_enum! {
    /// What a token may do.
    pub enum TokenScope {
        /// Everything its organizer may do.
        Full,
        /// Read and export only: GET requests. A change is refused (403) naming the scope.
        Read,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizerToken {
    pub id: Uuid,
    pub organizer_id: Uuid,
    pub label: String,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Set once revoked; a revoked token never works again.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl OrganizerToken {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}
