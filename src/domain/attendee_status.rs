//! `AttendeeStatus`: where an attendee's registration stands.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::ParseError;

/// A registration's state. Only `Confirmed` attendees are seated; `Withdrawn` ones keep their row
/// until erased so that organizers see who cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AttendeeStatus {
    /// Registered, but has not yet clicked the link in the confirmation email.
    #[serde(rename = "pending")]
    PendingConfirmation,
    #[serde(rename = "confirmed")]
    Confirmed,
    #[serde(rename = "withdrawn")]
    Withdrawn,
}

impl AttendeeStatus {
    pub const ALL: [AttendeeStatus; 3] = [
        AttendeeStatus::PendingConfirmation,
        AttendeeStatus::Confirmed,
        AttendeeStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttendeeStatus::PendingConfirmation => "pending",
            AttendeeStatus::Confirmed => "confirmed",
            AttendeeStatus::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for AttendeeStatus {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim();
        AttendeeStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
            .ok_or_else(|| {
                ParseError::coded(
                    "field-attendee-status",
                    [],
                    "must be one of pending, confirmed or withdrawn",
                )
            })
    }
}

impl fmt::Display for AttendeeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for status in AttendeeStatus::ALL {
            assert_eq!(status.as_str().parse::<AttendeeStatus>(), Ok(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{status}\"")
            );
        }
        assert_eq!(AttendeeStatus::PendingConfirmation.as_str(), "pending");
    }

    #[test]
    fn rejects_unknown_names() {
        assert_eq!(
            "cancelled".parse::<AttendeeStatus>().unwrap_err().message(),
            "must be one of pending, confirmed or withdrawn"
        );
    }
}
