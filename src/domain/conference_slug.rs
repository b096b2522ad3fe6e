//! `ConferenceSlug`: the short name that identifies a conference in URLs (`/c/rustconf-2025`).

use std::fmt;

use serde::Serialize;

use super::ParseError;

const RULE: &str = "must be 3 to 64 lowercase letters (a-z), digits or single hyphens, \
                    not starting or ending with a hyphen";

/// A URL-safe conference identifier: 3 to 64 characters of `a-z`, `0-9` and `-`, no leading,
/// trailing or doubled hyphen. Uppercase is rejected rather than lowered, so the slug an organizer
/// sees is exactly the one in every link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ConferenceSlug(String);

impl ConferenceSlug {
    /// Trims surrounding whitespace, then checks the rule above.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let slug = raw.trim();
        let valid = (3..=64).contains(&slug.len())
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--");
        if valid {
            Ok(Self(slug.to_owned()))
        } else {
            Err(ParseError::coded("field-slug", [], RULE))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ConferenceSlug {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl fmt::Display for ConferenceSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_lowercase_slugs() {
        for raw in ["rustconf-2025", "abc", "a1b", "eurorust", &"a".repeat(64)] {
            assert_eq!(ConferenceSlug::parse(raw).unwrap().as_str(), raw);
        }
        assert_eq!(
            ConferenceSlug::parse(" fosdem ").unwrap().to_string(),
            "fosdem"
        );
    }

    #[test]
    fn rejects_everything_else_with_the_rule() {
        for raw in [
            "ab",
            &"a".repeat(65),
            "RustConf",
            "rust conf",
            "rust_conf",
            "-rust",
            "rust-",
            "rust--conf",
            "ünicode",
            "",
        ] {
            assert_eq!(
                ConferenceSlug::parse(raw).unwrap_err().message(),
                RULE,
                "{raw}"
            );
        }
    }

    proptest! {
        #[test]
        fn accepted_slugs_reparse_to_themselves(raw in "[a-z0-9-]{0,70}") {
            if let Ok(slug) = ConferenceSlug::parse(&raw) {
                prop_assert_eq!(slug.as_str(), raw.as_str());
                prop_assert_eq!(ConferenceSlug::parse(slug.as_str()), Ok(slug));
            }
        }
    }
}
