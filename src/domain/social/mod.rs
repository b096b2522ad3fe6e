//! `SocialHandle`: a person's identity on one network, in that network's single canonical form.
//!
//! People paste handles in many shapes (`@Ada`, `https://x.com/ada`, `ada@server`); each network's
//! file turns every accepted shape into one canonical string so that "who wants to meet whom" can
//! be matched by plain equality.

mod bluesky;
mod github;
mod link;
mod linkedin;
mod mastodon;
mod network;
mod website;
mod x;

use std::fmt;

use serde::Serialize;

use super::ParseError;

pub use bluesky::is_did as is_bluesky_did;
pub use network::Network;

/// The widest canonical handle storage holds (the handle columns are `VARCHAR(255)`).
pub const MAX_HANDLE_CHARS: usize = 255;

/// A handle on one network, stored canonically:
///
/// | network  | canonical form              | accepted input besides it                        |
/// |----------|-----------------------------|--------------------------------------------------|
/// | x        | `name` (lowercase, ≤ 15)    | `@Name`, `https://x.com/Name`, `twitter.com/…`   |
/// | mastodon | `@user@server.tld`          | `user@server.tld`, `https://server.tld/@user`    |
/// | bluesky  | `name.bsky.social` or DID   | `@name…`, `https://bsky.app/profile/name…`       |
/// | linkedin | `slug` (lowercase)          | `https://www.linkedin.com/in/Slug/?…`            |
/// | github   | `login` (lowercase, ≤ 39)   | `@Login`, `https://github.com/Login`             |
/// | website  | URL as `url` serialises it  | `example.org/x` (https assumed)                  |
///
/// At most [`MAX_HANDLE_CHARS`] characters in canonical form.
///
/// Two handles are equal exactly when network and canonical form are equal. Serialises as
/// `{"network": "x", "handle": "name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SocialHandle {
    network: Network,
    handle: String,
}

impl SocialHandle {
    /// Normalises `raw` to the canonical form for `network`; the error states the accepted forms.
    pub fn parse(network: Network, raw: &str) -> Result<Self, ParseError> {
        let handle = match network {
            Network::X => x::canonical(raw)?,
            Network::Mastodon => mastodon::canonical(raw)?,
            Network::Bluesky => bluesky::canonical(raw)?,
            Network::Linkedin => linkedin::canonical(raw)?,
            Network::Github => github::canonical(raw)?,
            Network::Website => website::canonical(raw)?,
        };
        // Checked on the canonical form: a short web address can grow past it percent-encoded,
        // and a Mastodon account's user and server limits together allow more.
        let count = handle.chars().count();
        if count > MAX_HANDLE_CHARS {
            return Err(ParseError::coded(
                "field-handle-too-long",
                [("max", MAX_HANDLE_CHARS.into()), ("count", count.into())],
                format!(
                    "must be at most {MAX_HANDLE_CHARS} characters written out in full \
                     (this is {count})"
                ),
            ));
        }
        Ok(Self { network, handle })
    }

    /// A handle read back from storage, in the canonical form [`SocialHandle::parse`] gave it.
    /// Not checked again: a rule made stricter later must not make stored handles unreadable.
    pub fn from_stored(network: Network, handle: String) -> Self {
        Self { network, handle }
    }

    pub fn network(&self) -> Network {
        self.network
    }

    /// The canonical form (see the type's table); store and compare this.
    pub fn as_str(&self) -> &str {
        &self.handle
    }

    /// How people write it: `@name` on X, GitHub and Bluesky, `@user@server` on Mastodon,
    /// `in/slug` on LinkedIn, the address without `https://` for web sites.
    pub fn display(&self) -> String {
        match self.network {
            Network::Bluesky if self.handle.starts_with("did:") => self.handle.clone(),
            Network::X | Network::Github | Network::Bluesky => format!("@{}", self.handle),
            Network::Mastodon => self.handle.clone(),
            Network::Linkedin => format!("in/{}", self.handle),
            Network::Website => website::display(&self.handle).to_owned(),
        }
    }

    /// A link to the profile, to put behind [`display`](Self::display).
    pub fn profile_url(&self) -> String {
        let handle = &self.handle;
        match self.network {
            Network::X => format!("https://x.com/{handle}"),
            Network::Mastodon => {
                let (user, server) = mastodon::parts(handle);
                format!("https://{server}/@{user}")
            }
            Network::Bluesky => format!("https://bsky.app/profile/{handle}"),
            Network::Linkedin => format!("https://www.linkedin.com/in/{handle}/"),
            Network::Github => format!("https://github.com/{handle}"),
            Network::Website => handle.clone(),
        }
    }
}

impl fmt::Display for SocialHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(network: Network, raw: &str) -> SocialHandle {
        SocialHandle::parse(network, raw).unwrap()
    }

    #[test]
    fn display_and_profile_url_per_network() {
        for (network, raw, display, url) in [
            (
                Network::X,
                "@RustLang",
                "@rustlang",
                "https://x.com/rustlang",
            ),
            (
                Network::Mastodon,
                "https://fosstodon.org/@Ada",
                "@ada@fosstodon.org",
                "https://fosstodon.org/@ada",
            ),
            (
                Network::Bluesky,
                "@Ada.bsky.social",
                "@ada.bsky.social",
                "https://bsky.app/profile/ada.bsky.social",
            ),
            (
                Network::Linkedin,
                "linkedin.com/in/Ada-L",
                "in/ada-l",
                "https://www.linkedin.com/in/ada-l/",
            ),
            (
                Network::Github,
                "Octocat",
                "@octocat",
                "https://github.com/octocat",
            ),
            (
                Network::Website,
                "Example.org",
                "example.org",
                "https://example.org/",
            ),
        ] {
            let parsed = handle(network, raw);
            assert_eq!(parsed.network(), network);
            assert_eq!(parsed.display(), display, "{raw}");
            assert_eq!(parsed.to_string(), display, "{raw}");
            assert_eq!(parsed.profile_url(), url, "{raw}");
        }
    }

    #[test]
    fn profile_url_parses_back_to_the_same_handle() {
        for (network, raw) in [
            (Network::X, "ada"),
            (Network::Mastodon, "@ada@hachyderm.io"),
            (Network::Bluesky, "ada.bsky.social"),
            (Network::Linkedin, "ada-lovelace"),
            (Network::Github, "ada"),
            (Network::Website, "https://ada.dev/about"),
        ] {
            let parsed = handle(network, raw);
            assert_eq!(handle(network, &parsed.profile_url()), parsed, "{raw}");
            assert_eq!(handle(network, parsed.as_str()), parsed, "{raw}");
        }
    }

    #[test]
    fn canonical_forms_longer_than_their_column_are_refused() {
        // Short as typed, long written out: 60 `é` percent-encode to 360 characters.
        let site = format!("example.org/{}", "é".repeat(60));
        let server = format!("{0}.{0}.{0}.social", "b".repeat(63));
        let account = format!("@{}@{server}", "a".repeat(64));
        for (network, raw, count) in [
            (Network::Website, site.as_str(), 380),
            (Network::Mastodon, account.as_str(), 264),
        ] {
            let error = SocialHandle::parse(network, raw).unwrap_err();
            assert_eq!(
                error.message(),
                format!("must be at most 255 characters written out in full (this is {count})")
            );
        }
        let fits = format!("https://example.org/{}", "a".repeat(235));
        assert_eq!(handle(Network::Website, &fits).as_str().len(), 255);
    }

    #[test]
    fn same_name_on_different_networks_differs() {
        assert_ne!(handle(Network::X, "ada"), handle(Network::Github, "ada"));
    }

    #[test]
    fn serializes_network_and_canonical_handle() {
        let parsed = handle(Network::X, "@Ada");
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            r#"{"network":"x","handle":"ada"}"#
        );
    }
}
