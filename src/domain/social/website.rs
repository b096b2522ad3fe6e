//! Personal web sites: canonical form is the URL as the `url` crate serialises it.

use url::Host;

use super::link::parse_url;
use crate::domain::ParseError;
use crate::domain::hostname::is_hostname;

const RULE: &str = "must be a web address like https://example.org";

/// The rule, for a value that breaks it.
fn rule() -> ParseError {
    ParseError::coded("field-handle-website", [], RULE)
}
const MAX_URL_CHARS: usize = 2000;

/// Accepts an http or https URL whose host is a domain name; `https://` is assumed when no scheme
/// is typed. Rejects user names and passwords in the URL (they would be shown to others) and IP
/// addresses. The fragment is dropped; path and query are kept.
pub(super) fn canonical(raw: &str) -> Result<String, ParseError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(ParseError::coded(
            "field-too-long",
            [("max", MAX_URL_CHARS.into())],
            format!("must be at most {MAX_URL_CHARS} characters"),
        ));
    }
    let mut url = parse_url(raw).ok_or_else(rule)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ParseError::coded(
            "field-url-credentials",
            [],
            "must not contain a user name or password",
        ));
    }
    match url.host() {
        Some(Host::Domain(domain)) if is_hostname(domain, false) => {}
        _ => return Err(rule()),
    }
    url.set_fragment(None);
    Ok(url.into())
}

/// The canonical URL without its scheme and without a lone trailing `/`, for display.
pub(super) fn display(canonical: &str) -> &str {
    let rest = canonical
        .strip_prefix("https://")
        .or_else(|| canonical.strip_prefix("http://"))
        .unwrap_or(canonical);
    match rest.strip_suffix('/') {
        Some(host) if !host.contains('/') => host,
        _ => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_http_urls_in_canonical_form() {
        for (raw, expected) in [
            ("https://example.org", "https://example.org/"),
            ("HTTPS://Example.ORG/Blog/", "https://example.org/Blog/"),
            ("http://example.org/a?b=c#top", "http://example.org/a?b=c"),
            ("example.org", "https://example.org/"),
            ("ada.dev/about", "https://ada.dev/about"),
            ("https://bücher.example/", "https://xn--bcher-kva.example/"),
            ("https://example.org:8443/x", "https://example.org:8443/x"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_non_web_addresses() {
        for raw in [
            "",
            "not a url",
            "localhost",
            "http://localhost:8080/",
            "https://127.0.0.1/",
            "https://[::1]/",
            "ftp://example.org/",
            "javascript:alert(1)",
            "mailto:ada@example.org",
        ] {
            assert_eq!(canonical(raw).unwrap_err().message(), RULE, "{raw}");
        }
    }

    #[test]
    fn rejects_credentials() {
        assert_eq!(
            canonical("https://ada:secret@example.org/")
                .unwrap_err()
                .message(),
            "must not contain a user name or password"
        );
    }

    #[test]
    fn rejects_overlong_urls() {
        let raw = format!("https://example.org/{}", "a".repeat(2000));
        assert_eq!(
            canonical(&raw).unwrap_err().message(),
            "must be at most 2000 characters"
        );
    }

    #[test]
    fn display_drops_scheme_and_lone_trailing_slash() {
        assert_eq!(display("https://example.org/"), "example.org");
        assert_eq!(display("http://example.org/blog/"), "example.org/blog/");
        assert_eq!(display("https://example.org/?q=1"), "example.org/?q=1");
    }

    proptest! {
        #[test]
        fn canonical_form_reparses_to_itself(raw in "(https?://)?[A-Za-z0-9]{1,10}\\.[a-z]{2,5}(/[A-Za-z0-9._~%-]{0,10}){0,3}(\\?[a-z=&]{0,10})?") {
            let url = canonical(&raw).unwrap();
            prop_assert_eq!(canonical(&url), Ok(url.clone()));
        }
    }
}
