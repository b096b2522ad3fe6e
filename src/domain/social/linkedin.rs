//! LinkedIn profiles: canonical form is the lowercase public profile slug (`/in/SLUG`).

use super::link::{looks_like_link, parse_link};
use crate::domain::ParseError;

const RULE: &str = "must be a LinkedIn profile link like https://www.linkedin.com/in/your-name \
                    or its last part: 3 to 100 letters, digits or hyphens";

/// The rule, for a value that breaks it.
fn rule() -> ParseError {
    ParseError::coded("field-handle-linkedin", [], RULE)
}

/// Accepts `https://www.linkedin.com/in/SLUG/` (with or without `www.`, a country subdomain, a
/// trailing slash or a query) and a bare `SLUG`.
///
/// Slugs are ASCII here; percent-encoded non-ASCII slugs are rejected rather than guessed at.
pub(super) fn canonical(raw: &str) -> Result<String, ParseError> {
    let raw = raw.trim();
    let slug = if looks_like_link(raw) {
        let link = parse_link(raw).ok_or_else(rule)?;
        let linkedin_host = link.host == "linkedin.com" || link.host.ends_with(".linkedin.com");
        match link.segments.as_slice() {
            [section, slug] if linkedin_host && section == "in" => slug.clone(),
            _ => return Err(rule()),
        }
    } else {
        raw.to_owned()
    };
    let valid = (3..=100).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(slug.to_ascii_lowercase())
    } else {
        Err(rule())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_profile_links_and_slugs() {
        for (raw, expected) in [
            (
                "https://www.linkedin.com/in/Ada-Lovelace-1815/",
                "ada-lovelace-1815",
            ),
            ("https://linkedin.com/in/ada-lovelace", "ada-lovelace"),
            ("http://de.linkedin.com/in/ada?originalSubdomain=uk", "ada"),
            ("www.linkedin.com/in/ada-lovelace/", "ada-lovelace"),
            ("ada-lovelace", "ada-lovelace"),
            (" AdaL ", "adal"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_other_links_and_bad_slugs_with_the_rule() {
        for raw in [
            "",
            "ad",
            "ada lovelace",
            "ada_lovelace",
            &"a".repeat(101),
            "https://www.linkedin.com/company/rust",
            "https://www.linkedin.com/in/",
            "https://notlinkedin.com/in/ada",
            "https://www.linkedin.com/in/ada%C3%A9",
        ] {
            assert_eq!(canonical(raw).unwrap_err().message(), RULE, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn canonical_form_reparses_to_itself(slug in "[A-Za-z0-9-]{0,105}") {
            if let Ok(canonical_slug) = canonical(&slug) {
                prop_assert_eq!(canonical(&canonical_slug), Ok(canonical_slug.clone()));
                let link = format!("https://www.linkedin.com/in/{canonical_slug}/");
                prop_assert_eq!(canonical(&link), Ok(canonical_slug));
            }
        }
    }
}
