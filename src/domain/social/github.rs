//! GitHub user names: canonical form is the lowercase login.

use super::link::{looks_like_link, parse_link};
use crate::domain::ParseError;

const RULE: &str = "must be 1 to 39 letters, digits or single hyphens, not starting or ending \
                    with a hyphen (or a link like https://github.com/name)";

/// The rule, for a value that breaks it.
fn rule() -> ParseError {
    ParseError::coded("field-handle-github", [], RULE)
}

/// Accepts `name`, `@name` and `https://github.com/name`.
pub(super) fn canonical(raw: &str) -> Result<String, ParseError> {
    let raw = raw.trim();
    let name = if looks_like_link(raw) {
        let link = parse_link(raw).ok_or_else(rule)?;
        match (link.host.as_str(), link.segments.as_slice()) {
            ("github.com", [name]) => name.clone(),
            _ => return Err(rule()),
        }
    } else {
        raw.strip_prefix('@').unwrap_or(raw).to_owned()
    };
    let valid = (1..=39).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--");
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
    fn accepts_logins_and_profile_links() {
        for (raw, expected) in [
            ("octocat", "octocat"),
            ("@Octo-Cat", "octo-cat"),
            ("a", "a"),
            (&"a".repeat(39), &"a".repeat(39)),
            ("https://github.com/RustLang", "rustlang"),
            ("https://www.github.com/rust-lang/", "rust-lang"),
            ("github.com/rust-lang?tab=repositories", "rust-lang"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_bad_logins_with_the_rule() {
        for raw in [
            "",
            "-octo",
            "octo-",
            "octo--cat",
            "octo_cat",
            &"a".repeat(40),
            "https://github.com/rust-lang/rust",
            "https://gitlab.com/ada",
        ] {
            assert_eq!(canonical(raw).unwrap_err().message(), RULE, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn canonical_form_reparses_to_itself(raw in "@?[A-Za-z0-9-]{0,45}") {
            if let Ok(login) = canonical(&raw) {
                prop_assert!(login.len() <= 39);
                prop_assert_eq!(canonical(&login), Ok(login.clone()));
            }
        }
    }
}
