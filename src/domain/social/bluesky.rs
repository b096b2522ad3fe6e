//! Bluesky handles: canonical form is the lowercase domain-style handle without `@`, or the
//! account's DID (`did:plc:…`, `did:web:host`), which stays the same when the handle changes.

use super::link::{looks_like_link, parse_link};
use crate::domain::ParseError;
use crate::domain::hostname::is_hostname;

const RULE: &str = "must be a Bluesky handle like name.bsky.social, optionally starting with @, \
                    a DID like did:plc:… or did:web:example.com \
                    (or a link like https://bsky.app/profile/name.bsky.social)";

/// The rule, for a value that breaks it.
fn rule() -> ParseError {
    ParseError::coded("field-handle-bluesky", [], RULE)
}

/// Top-level domains the AT Protocol refuses for handles.
const DISALLOWED_TLDS: [&str; 8] = [
    "alt",
    "arpa",
    "example",
    "internal",
    "invalid",
    "local",
    "localhost",
    "onion",
];

/// Accepts `name.bsky.social`, `@name.bsky.social`, `https://bsky.app/profile/name.bsky.social`
/// and any custom domain handle (`alice.example.com`). Handles are ASCII in the AT Protocol.
pub(super) fn canonical(raw: &str) -> Result<String, ParseError> {
    let raw = raw.trim();
    let handle = if looks_like_link(raw) {
        let link = parse_link(raw).ok_or_else(rule)?;
        match (link.host.as_str(), link.segments.as_slice()) {
            ("bsky.app", [profile, handle]) if profile == "profile" => handle.clone(),
            _ => return Err(rule()),
        }
    } else {
        raw.strip_prefix('@').unwrap_or(raw).to_owned()
    };
    let handle = handle.to_ascii_lowercase();
    if handle.starts_with("did:") {
        return if is_did(&handle) {
            Ok(handle)
        } else {
            Err(rule())
        };
    }
    let tld_ok = handle.rsplit('.').next().is_some_and(|tld| {
        !DISALLOWED_TLDS.contains(&tld) && tld.starts_with(|c: char| c.is_ascii_alphabetic())
    });
    if is_hostname(&handle, false) && tld_ok {
        Ok(handle)
    } else {
        Err(rule())
    }
}

/// Whether `did` (lowercase) is a DID Bluesky accounts use: `did:plc:` and 24 base32
/// characters, or `did:web:` and a host name (no port or path, which Bluesky does not support).
pub fn is_did(did: &str) -> bool {
    if let Some(id) = did.strip_prefix("did:plc:") {
        id.len() == 24 && id.bytes().all(|b| matches!(b, b'a'..=b'z' | b'2'..=b'7'))
    } else if let Some(host) = did.strip_prefix("did:web:") {
        is_hostname(host, false) && host.contains('.')
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_handles_and_profile_links() {
        for (raw, expected) in [
            ("ada.bsky.social", "ada.bsky.social"),
            ("@Ada.Bsky.Social", "ada.bsky.social"),
            ("jay.example.com", "jay.example.com"),
            (
                "https://bsky.app/profile/Ada.bsky.social",
                "ada.bsky.social",
            ),
            ("bsky.app/profile/ada.bsky.social/", "ada.bsky.social"),
            ("xn--bcher-kva.example.com", "xn--bcher-kva.example.com"),
            (
                "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
                "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
            ),
            (
                "https://bsky.app/profile/did:plc:EWVI7NXZYOUN6ZHXRHS64OIZ",
                "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
            ),
            ("did:web:ada.example.com", "did:web:ada.example.com"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_non_handles_with_the_rule() {
        for raw in [
            "",
            "ada",
            "@ada",
            "ada..bsky.social",
            "ada_l.bsky.social",
            "-ada.bsky.social",
            "ada.local",
            "ada.example.123",
            "ada.example.9ab",
            "bücher.example.com",
            "https://bsky.app/profile/did:plc:abc123",
            "did:plc:ewvi7nxzyoun6zhxrhs64oi1",
            "did:web:localhost",
            "did:web:ada.example.com%3A8080",
            "did:key:z6mkhaxgbzdvd",
            "https://bsky.app/ada.bsky.social",
            "https://bsky.app/profile/ada.bsky.social/post/3k",
        ] {
            assert_eq!(canonical(raw).unwrap_err().message(), RULE, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn canonical_form_reparses_to_itself(raw in "@?[A-Za-z0-9-]{1,10}(\\.[A-Za-z0-9-]{1,10}){1,3}") {
            if let Ok(handle) = canonical(&raw) {
                prop_assert_eq!(canonical(&handle), Ok(handle.clone()));
                prop_assert_eq!(canonical(&format!("https://bsky.app/profile/{handle}")), Ok(handle));
            }
        }
    }
}
