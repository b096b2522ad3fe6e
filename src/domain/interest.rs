//! `Interest`: a topic an attendee wants to talk about, normalised so equal topics compare equal.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::{ListError, ParseError};

/// Most interests one attendee may list (counted as submitted, before de-duplication).
pub const MAX_INTERESTS: usize = 30;

const MAX_CHARS: usize = 64;

/// A topic, normalised: trimmed, inner whitespace runs collapsed to one space, Unicode-lowercased;
/// 1 to 64 characters, no control characters. `"  Machine   Learning"` and `"machine learning"`
/// are the same interest. Lowercasing is `str::to_lowercase`, not full case folding (`ß` stays
/// `ß`), and no Unicode normalisation (NFC) is applied.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Interest(String);

impl Interest {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let collapsed = super::strip_invisible(raw)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if collapsed.is_empty() {
            return Err(ParseError::empty());
        }
        if collapsed.chars().any(char::is_control) {
            return Err(ParseError::coded(
                "field-control-characters-any",
                [],
                "must not contain control characters",
            ));
        }
        let normalized = collapsed.to_lowercase();
        if normalized.chars().count() > MAX_CHARS {
            return Err(ParseError::coded(
                "field-too-long",
                [("max", MAX_CHARS.into())],
                format!("must be at most {MAX_CHARS} characters"),
            ));
        }
        Ok(Self(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Interest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses an attendee's interests, dropping duplicates after normalisation (first one kept, order
/// otherwise preserved). Fails on the first invalid element, or when more than [`MAX_INTERESTS`]
/// are submitted.
pub fn parse_interests<S: AsRef<str>>(items: &[S]) -> Result<Vec<Interest>, ListError> {
    if items.len() > MAX_INTERESTS {
        return Err(ListError::TooLong {
            max: MAX_INTERESTS,
            actual: items.len(),
        });
    }
    let mut seen = HashSet::new();
    let mut interests = Vec::with_capacity(items.len());
    for (index, raw) in items.iter().enumerate() {
        let interest =
            Interest::parse(raw.as_ref()).map_err(|error| ListError::Item { index, error })?;
        if seen.insert(interest.clone()) {
            interests.push(interest);
        }
    }
    Ok(interests)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_whitespace_and_case() {
        for (raw, expected) in [
            ("Rust", "rust"),
            ("  Machine \t  Learning\n", "machine learning"),
            ("ÉTÉ Ölçü", "été ölçü"),
            ("C++", "c++"),
            ("機械学習", "機械学習"),
        ] {
            assert_eq!(
                Interest::parse(raw).map(|i| i.to_string()),
                Ok(expected.to_owned())
            );
        }
    }

    #[test]
    fn rejects_empty_too_long_and_control_characters() {
        assert_eq!(
            Interest::parse(" \n ").unwrap_err().message(),
            "must not be empty"
        );
        assert!(Interest::parse(&"é".repeat(64)).is_ok());
        assert_eq!(
            Interest::parse(&"é".repeat(65)).unwrap_err().message(),
            "must be at most 64 characters"
        );
        assert_eq!(
            Interest::parse("rust\u{0}").unwrap_err().message(),
            "must not contain control characters"
        );
    }

    #[test]
    fn list_drops_duplicates_after_normalisation_keeping_order() {
        let interests = parse_interests(&["Rust", "WebAssembly", " rust ", "RUST", "databases"]);
        let names: Vec<String> = interests.unwrap().iter().map(Interest::to_string).collect();
        assert_eq!(names, ["rust", "webassembly", "databases"]);
    }

    #[test]
    fn list_error_names_the_bad_element() {
        let error = parse_interests(&["rust", "ok", "  "]).unwrap_err();
        assert_eq!(
            error,
            ListError::Item {
                index: 2,
                error: ParseError::empty()
            }
        );
    }

    #[test]
    fn list_accepts_30_and_rejects_31() {
        let thirty: Vec<String> = (0..30).map(|i| format!("topic {i}")).collect();
        assert_eq!(parse_interests(&thirty).unwrap().len(), 30);
        let thirty_one: Vec<String> = (0..31).map(|i| format!("topic {i}")).collect();
        assert_eq!(
            parse_interests(&thirty_one),
            Err(ListError::TooLong {
                max: 30,
                actual: 31
            })
        );
    }

    #[test]
    fn empty_list_is_fine() {
        assert_eq!(parse_interests::<&str>(&[]), Ok(vec![]));
    }

    proptest! {
        #[test]
        fn normalised_form_reparses_to_itself(raw in "\\PC{0,70}") {
            if let Ok(interest) = Interest::parse(&raw) {
                prop_assert_eq!(Interest::parse(interest.as_str()), Ok(interest.clone()));
                prop_assert!((1..=64).contains(&interest.as_str().chars().count()));
            }
        }

        #[test]
        fn list_result_has_no_duplicates(raw in prop::collection::vec("[ a-cA-C]{1,4}", 0..30)) {
            if let Ok(interests) = parse_interests(&raw) {
                let unique: HashSet<_> = interests.iter().collect();
                prop_assert_eq!(unique.len(), interests.len());
            }
        }
    }
}
