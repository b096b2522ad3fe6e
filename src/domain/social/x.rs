//! X (Twitter) handles: canonical form is the lowercase user name without `@`.

use super::link::{looks_like_link, parse_link};
use crate::domain::ParseError;

const RULE: &str = "must be 1 to 15 letters, digits or underscores, optionally starting with @ \
                    (or a link like https://x.com/name)";

/// The rule, for a value that breaks it.
fn rule() -> ParseError {
    ParseError::coded("field-handle-x", [], RULE)
}

/// Accepts `name`, `@name`, and `https://x.com/name` or `twitter.com/name` links.
pub(super) fn canonical(raw: &str) -> Result<String, ParseError> {
    let raw = raw.trim();
    let name = if looks_like_link(raw) {
        let link = parse_link(raw).ok_or_else(rule)?;
        match (link.host.as_str(), link.segments.as_slice()) {
            ("x.com" | "twitter.com", [name]) => name.clone(),
            _ => return Err(rule()),
        }
    } else {
        raw.strip_prefix('@').unwrap_or(raw).to_owned()
    };
    let valid = (1..=15).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(rule())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_names_at_names_and_links() {
        for (raw, expected) in [
            ("ada", "ada"),
            (" @Ada_Lovelace ", "ada_lovelace"),
            ("_", "_"),
            ("abcdefghijklmn5", "abcdefghijklmn5"),
            ("https://x.com/RustLang", "rustlang"),
            ("https://twitter.com/rustlang/", "rustlang"),
            ("https://mobile.twitter.com/rustlang?lang=en", "rustlang"),
            ("x.com/rustlang", "rustlang"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_bad_names_with_the_rule() {
        for raw in [
            "",
            "@",
            "abcdefghijklmnop",
            "ada lovelace",
            "ada-lovelace",
            "@@ada",
            "adä",
            "https://x.com/",
            "https://x.com/ada/status/1",
            "https://facebook.com/ada",
        ] {
            assert_eq!(canonical(raw).unwrap_err().message(), RULE, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn accepted_handles_are_short_lowercase_and_stable(raw in "@?[A-Za-z0-9_]{0,20}|\\PC{0,30}") {
            if let Ok(handle) = canonical(&raw) {
                prop_assert!((1..=15).contains(&handle.len()));
                prop_assert_eq!(handle.to_ascii_lowercase(), handle.clone());
                prop_assert_eq!(canonical(&handle), Ok(handle.clone()));
                prop_assert_eq!(canonical(&format!("https://x.com/{handle}")), Ok(handle));
            }
        }
    }
}
