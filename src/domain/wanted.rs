//! `WantedHandle`: someone an attendee wants to sit with, named by a handle on some network.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::{ListError, Network, ParseError, SocialHandle};

/// Most wanted connections one attendee may list (counted as submitted).
pub const MAX_WANTED: usize = 50;

/// A wanted connection. Parsed exactly like the attendee's own handles, so it matches another
/// attendee's [`SocialHandle`] by plain equality. Serialises as `{"network": …, "handle": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct WantedHandle(SocialHandle);

impl WantedHandle {
    /// Parses a network name (see [`Network`]'s `FromStr`) and a handle on it.
    pub fn parse(network: &str, handle: &str) -> Result<Self, ParseError> {
        let network: Network = network.parse()?;
        Ok(Self(SocialHandle::parse(network, handle)?))
    }

    pub fn network(&self) -> Network {
        self.0.network()
    }

    /// The canonical handle.
    pub fn handle(&self) -> &str {
        self.0.as_str()
    }

    pub fn social_handle(&self) -> &SocialHandle {
        &self.0
    }
}

impl From<SocialHandle> for WantedHandle {
    fn from(handle: SocialHandle) -> Self {
        Self(handle)
    }
}

impl fmt::Display for WantedHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Parses `(network, handle)` pairs, dropping duplicates after normalisation (first kept, order
/// otherwise preserved). Fails on the first invalid pair, or when more than [`MAX_WANTED`] are
/// submitted.
pub fn parse_wanted<N, H>(
    items: impl IntoIterator<Item = (N, H)>,
) -> Result<Vec<WantedHandle>, ListError>
where
    N: AsRef<str>,
    H: AsRef<str>,
{
    let items: Vec<(N, H)> = items.into_iter().collect();
    if items.len() > MAX_WANTED {
        return Err(ListError::TooLong {
            max: MAX_WANTED,
            actual: items.len(),
        });
    }
    let mut seen = HashSet::new();
    let mut wanted = Vec::with_capacity(items.len());
    for (index, (network, handle)) in items.iter().enumerate() {
        let parsed = WantedHandle::parse(network.as_ref(), handle.as_ref())
            .map_err(|error| ListError::Item { index, error })?;
        if seen.insert(parsed.clone()) {
            wanted.push(parsed);
        }
    }
    Ok(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_and_drops_duplicates_after_normalisation() {
        let wanted = parse_wanted([
            ("x", "@Ada"),
            ("twitter", "https://twitter.com/ada"),
            ("github", "ada"),
            ("mastodon", "ada@hachyderm.io"),
            ("Mastodon", "https://hachyderm.io/@Ada"),
        ])
        .unwrap();
        let shown: Vec<String> = wanted
            .iter()
            .map(|w| format!("{}:{}", w.network(), w.handle()))
            .collect();
        assert_eq!(shown, ["x:ada", "github:ada", "mastodon:@ada@hachyderm.io"]);
    }

    #[test]
    fn matches_the_attendee_handle_it_names() {
        let wanted = WantedHandle::parse("bluesky", "https://bsky.app/profile/Ada.bsky.social");
        let own = SocialHandle::parse(Network::Bluesky, "@ada.bsky.social").unwrap();
        assert_eq!(wanted.unwrap().social_handle(), &own);
    }

    #[test]
    fn error_names_the_bad_pair() {
        let error = parse_wanted([("x", "ada"), ("myspace", "ada")]).unwrap_err();
        assert_eq!(error.index(), Some(1));
        assert_eq!(
            error.message(),
            "must be one of x, mastodon, bluesky, linkedin, github or website"
        );
        let error = parse_wanted([("github", "-ada")]).unwrap_err();
        assert_eq!(error.index(), Some(0));
        assert!(error.message().starts_with("must be 1 to 39"));
    }

    #[test]
    fn accepts_50_and_rejects_51() {
        let names: Vec<String> = (0..51).map(|i| format!("user{i}")).collect();
        let pairs = |n: usize| {
            names[..n]
                .iter()
                .map(|name| ("github", name.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(parse_wanted(pairs(50)).unwrap().len(), 50);
        assert_eq!(
            parse_wanted(pairs(51)),
            Err(ListError::TooLong {
                max: 50,
                actual: 51
            })
        );
    }

    #[test]
    fn serializes_like_a_social_handle() {
        let wanted = WantedHandle::parse("github", "Ada").unwrap();
        assert_eq!(
            serde_json::to_string(&wanted).unwrap(),
            r#"{"network":"github","handle":"ada"}"#
        );
    }
}
