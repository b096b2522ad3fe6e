//! Reading profile links people paste instead of a bare handle (`https://x.com/name`, `github.com/name`).

use url::Url;

/// A pasted http(s) link reduced to what identifies a profile.
#[derive(Debug)]
pub(super) struct Link {
    /// Lowercased host without a leading `www.` or `mobile.`: which big network the link is on.
    pub(super) host: String,
    /// The lowercased host as written: on a federated network the server is part of the
    /// identity, and `mobile.example.social` is not `example.social`.
    pub(super) server: String,
    /// The non-empty path segments, as they appear in the URL (query and fragment dropped).
    pub(super) segments: Vec<String>,
}

/// Whether `raw` (trimmed) should be read as a link rather than a bare handle.
pub(super) fn looks_like_link(raw: &str) -> bool {
    raw.contains('/')
}

/// Parses `raw` as an http or https URL, assuming `https://` when no scheme is given.
/// `None` when it is not such a URL or has no host. Without a scheme, an `@` before the first `/`
/// means it is not a link (`mailto:ada@example.org`, `ada@example.org`), not a user name.
pub(super) fn parse_url(raw: &str) -> Option<Url> {
    let raw = raw.trim();
    let url = if raw.contains("://") {
        Url::parse(raw).ok()?
    } else {
        let authority = raw.split('/').next().unwrap_or(raw);
        if authority.contains('@') {
            return None;
        }
        Url::parse(&format!("https://{raw}")).ok()?
    };
    let is_http = matches!(url.scheme(), "http" | "https");
    (is_http && url.host_str().is_some()).then_some(url)
}

/// Parses `raw` as a profile link; `None` when it is not an http(s) URL with a host.
pub(super) fn parse_link(raw: &str) -> Option<Link> {
    let url = parse_url(raw)?;
    let server = url.host_str()?.to_ascii_lowercase();
    let host = ["www.", "mobile."]
        .iter()
        .find_map(|prefix| server.strip_prefix(prefix))
        .map_or(server.clone(), str::to_owned);
    let segments = url
        .path_segments()
        .map(|parts| {
            parts
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some(Link {
        host,
        server,
        segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_host_and_segments_with_or_without_scheme() {
        for raw in [
            "https://www.GitHub.com/ada/?tab=repos#top",
            "http://github.com/ada",
            "github.com/ada/",
        ] {
            let link = parse_link(raw).unwrap();
            assert_eq!(link.host, "github.com", "{raw}");
            assert_eq!(link.segments, ["ada"], "{raw}");
        }
    }

    #[test]
    fn keeps_at_signs_in_paths() {
        let link = parse_link("https://mastodon.social/@ada").unwrap();
        assert_eq!(link.host, "mastodon.social");
        assert_eq!(link.segments, ["@ada"]);
    }

    #[test]
    fn rejects_other_schemes() {
        assert!(parse_link("ftp://example.org/ada").is_none());
        assert!(parse_link("mailto:ada@example.org").is_none());
    }
}
