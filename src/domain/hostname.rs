//! The DNS host name check shared by email domains, Mastodon servers and Bluesky handles.

/// Longest host name in DNS presentation form, without a trailing dot.
const MAX_HOST_CHARS: usize = 253;
const MAX_LABEL_CHARS: usize = 63;

/// Whether `host` is a fully qualified DNS name: at least two dot-separated labels, each 1 to 63
/// letters, digits or hyphens, not starting or ending with a hyphen, at most 253 characters, and a
/// last label that is not all digits (so IPv4 addresses are not host names).
///
/// With `allow_unicode`, letters and digits from any script count (internationalised domains
/// as people type them); otherwise only ASCII does (Bluesky handles, and the `xn--` forms).
pub(super) fn is_hostname(host: &str, allow_unicode: bool) -> bool {
    let label_char =
        |c: char| c == '-' || c.is_ascii_alphanumeric() || (allow_unicode && c.is_alphanumeric());
    let labels: Vec<&str> = host.split('.').collect();
    host.chars().count() <= MAX_HOST_CHARS
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= MAX_LABEL_CHARS
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(label_char)
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_and_punycode_names() {
        for host in [
            "example.org",
            "a.b-c.d9.example",
            "xn--mller-kva.de",
            "bsky.social",
        ] {
            assert!(is_hostname(host, false), "{host}");
        }
    }

    #[test]
    fn unicode_labels_only_when_allowed() {
        assert!(is_hostname("müller.de", true));
        assert!(!is_hostname("müller.de", false));
    }

    #[test]
    fn rejects_malformed_names() {
        let long_label = format!("{}.org", "a".repeat(64));
        let too_long = format!("{}org", "abcdefghi.".repeat(26));
        for host in [
            "localhost",
            "example.",
            ".example.org",
            "a..b.org",
            "-a.org",
            "a-.org",
            "a_b.org",
            "192.168.0.1",
            "exa mple.org",
            &long_label,
            &too_long,
        ] {
            assert!(!is_hostname(host, true), "{host}");
        }
    }
}
