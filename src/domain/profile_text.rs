//! Optional free-text profile fields: `Bio`, `Affiliation`, `Role`.
//!
//! Each is trimmed and may be left empty, which parses to `None` rather than an empty value, so
//! "not given" has exactly one representation.

use std::fmt;

use serde::Serialize;

use super::ParseError;
use super::text::optional_text;

macro_rules! optional_text_type {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, multiline = $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Longest accepted text, in characters after trimming.
            pub const MAX_CHARS: usize = $max;

            /// Trims `raw`; whitespace-only input is `Ok(None)`.
            pub fn parse(raw: &str) -> Result<Option<Self>, ParseError> {
                Ok(optional_text(raw, Self::MAX_CHARS, $multiline)?.map(Self))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

optional_text_type!(
    /// A short self-description shown to tablemates: up to 500 characters, line breaks allowed.
    Bio, max = 500, multiline = true
);

optional_text_type!(
    /// Where someone works or studies, one line of up to 100 characters. The matching engine may
    /// use it to avoid seating colleagues together, so it is kept exactly as typed (trimmed).
    Affiliation, max = 100, multiline = false
);

optional_text_type!(
    /// What someone does ("Maintainer", "PhD student"), one line of up to 100 characters.
    Role, max = 100, multiline = false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_none_for_every_field() {
        assert_eq!(Bio::parse("  \n "), Ok(None));
        assert_eq!(Affiliation::parse(""), Ok(None));
        assert_eq!(Role::parse("\t"), Ok(None));
    }

    #[test]
    fn bio_keeps_paragraphs_and_accepts_500_characters() {
        let bio = Bio::parse(" Rustacean.\r\n\r\nLikes trains. ")
            .unwrap()
            .unwrap();
        assert_eq!(bio.as_str(), "Rustacean.\n\nLikes trains.");
        assert!(Bio::parse(&"b".repeat(500)).unwrap().is_some());
    }

    #[test]
    fn bio_rejects_501_characters() {
        assert_eq!(
            Bio::parse(&"b".repeat(501)).unwrap_err().message(),
            "must be at most 500 characters (this is 501)"
        );
    }

    #[test]
    fn affiliation_and_role_are_trimmed_single_lines_of_at_most_100() {
        assert_eq!(
            Affiliation::parse("  Ferrous Systems ")
                .unwrap()
                .unwrap()
                .to_string(),
            "Ferrous Systems"
        );
        assert_eq!(
            Role::parse("Maintainer").unwrap().unwrap().as_str(),
            "Maintainer"
        );
        assert!(Affiliation::parse(&"a".repeat(100)).unwrap().is_some());
        assert!(Affiliation::parse(&"a".repeat(101)).is_err());
        assert!(Role::parse(&"r".repeat(101)).is_err());
        assert!(Role::parse("Lead\nEngineer").is_err());
    }
}
