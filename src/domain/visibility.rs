//! `Visibility`: who may see an attendee's profile details (bio, handles, affiliation, role).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::ParseError;

/// Who sees an attendee's optional profile details. Whatever the setting, organizers always see
/// the attendee's name and email address, because they run the event and must be able to reach
/// every attendee; this setting governs everything else the attendee shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Only the attendee themself; hidden from tablemates, organizers and exports.
    Nobody,
    /// The attendee's tablemates and the organizers.
    Tablemates,
    /// Only the organizers.
    Organizer,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Nobody,
        Visibility::Tablemates,
        Visibility::Organizer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Nobody => "nobody",
            Visibility::Tablemates => "tablemates",
            Visibility::Organizer => "organizer",
        }
    }

    /// Whether the attendee's tablemates may see the details.
    pub fn tablemates_see(self) -> bool {
        self == Visibility::Tablemates
    }

    /// Whether organizers (and organizer exports) may see the details.
    pub fn organizers_see(self) -> bool {
        matches!(self, Visibility::Tablemates | Visibility::Organizer)
    }
}

impl FromStr for Visibility {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim();
        Visibility::ALL
            .into_iter()
            .find(|visibility| visibility.as_str() == name)
            .ok_or_else(|| {
                ParseError::coded(
                    "field-visibility",
                    [],
                    "must be one of nobody, tablemates or organizer",
                )
            })
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for visibility in Visibility::ALL {
            assert_eq!(visibility.as_str().parse::<Visibility>(), Ok(visibility));
            assert_eq!(
                serde_json::to_string(&visibility).unwrap(),
                format!("\"{visibility}\"")
            );
        }
    }

    #[test]
    fn rejects_unknown_names() {
        assert_eq!(
            "everyone".parse::<Visibility>().unwrap_err().message(),
            "must be one of nobody, tablemates or organizer"
        );
        assert!("Tablemates".parse::<Visibility>().is_err());
    }

    #[test]
    fn who_sees_what() {
        let seen: Vec<(bool, bool)> = Visibility::ALL
            .iter()
            .map(|v| (v.tablemates_see(), v.organizers_see()))
            .collect();
        assert_eq!(seen, [(false, false), (true, true), (false, true)]);
    }
}
