//! `PersonName`: how an attendee is called on badges, table lists and emails.

use std::fmt;

use serde::Serialize;

use super::ParseError;
use super::text::optional_text;

/// A person's name as they typed it, trimmed: 1 to 100 characters, one line, no control characters.
///
/// No further rules: names come in every script and shape, so anything printable is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// Longest accepted name, in characters.
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        optional_text(raw, Self::MAX_CHARS, false)?
            .map(Self)
            .ok_or_else(ParseError::empty)
    }

    /// A name read back from storage, where it went only through [`PersonName::parse`]. Not
    /// checked again: a rule made stricter later must not make stored registrations unreadable.
    pub fn from_stored(name: String) -> Self {
        Self(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims_names_in_any_script() {
        for (raw, expected) in [
            ("  Ada Lovelace ", "Ada Lovelace"),
            ("李小龍", "李小龍"),
            ("Zoë O'Brien-Ærø", "Zoë O'Brien-Ærø"),
            ("X", "X"),
        ] {
            assert_eq!(
                PersonName::parse(raw).map(|n| n.to_string()),
                Ok(expected.to_owned())
            );
        }
    }

    #[test]
    fn accepts_exactly_100_characters() {
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn rejects_empty_too_long_and_control_characters() {
        assert_eq!(
            PersonName::parse("   ").unwrap_err().message(),
            "must not be empty"
        );
        assert_eq!(
            PersonName::parse(&"a".repeat(101)).unwrap_err().message(),
            "must be at most 100 characters (this is 101)"
        );
        assert_eq!(
            PersonName::parse("Ada\nLovelace").unwrap_err().message(),
            "must be a single line without control characters"
        );
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let name = PersonName::parse("Ada").unwrap();
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"Ada\"");
    }
}
