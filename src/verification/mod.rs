//! Proving handles: fetches what a network publishes about an account and looks there for the
//! attendee's verification page, which only the account's holder can have put there.
//!
//! Each network's file knows where to look; [`fetch`] holds the one HTTP client (through
//! `outbound`, so private addresses stay out of reach) with its timeout and size limit.
//! Nothing here touches the database: the workflow stores what a check found.

mod bluesky;
mod dns;
mod fediverse;
mod fetch;
mod github;
pub mod rel_me;

use std::net::SocketAddr;
use std::time::Duration;

use crate::domain::{MessageArg, Network, ParseError, SocialHandle, VerificationMethod};

/// Where the networks are reached. The defaults are the real services; tests point each at a
/// stand-in on loopback.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The scheme for addresses a handle names (its Mastodon server, its Bluesky domain, a
    /// did:web host, a web site): `https`, or `http` for stand-ins.
    pub web_scheme: String,
    /// When set, every request to an address a handle names goes to this socket instead of
    /// the host's own (the host is still sent as `Host`), as curl's `--connect-to` does.
    pub connect_to: Option<SocketAddr>,
    /// The did:plc directory.
    pub plc_url: url::Url,
    /// The Bluesky AppView profiles are read from (`app.bsky.actor.getProfile`).
    pub appview_url: url::Url,
    /// GitHub's REST API.
    pub github_api_url: url::Url,
    /// The DNS server `_atproto` TXT records are asked of; `None` is the system's.
    pub dns_server: Option<SocketAddr>,
    /// How long one request (or DNS query) may take.
    pub timeout: Duration,
    /// Whether addresses may be loopback or private (the same setting as webhooks').
    pub allow_private: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            web_scheme: "https".into(),
            connect_to: None,
            plc_url: url::Url::parse("https://plc.directory").expect("a URL"),
            appview_url: url::Url::parse("https://public.api.bsky.app").expect("a URL"),
            github_api_url: url::Url::parse("https://api.github.com").expect("a URL"),
            dns_server: None,
            timeout: Duration::from_secs(5),
            allow_private: false,
        }
    }
}

/// What a profile must point back to: the attendee's verification page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's full address, as a `rel="me"` link names it.
    pub url: String,
}

impl Page {
    /// The address without its scheme: how it reads in a profile text, where people often
    /// leave `https://` out.
    pub fn mention(&self) -> &str {
        self.url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
    }

    /// Whether `text` names the page.
    pub fn is_named_in(&self, text: &str) -> bool {
        text.contains(self.mention())
    }
}

/// Why a handle could not be proved, phrased for its holder: what was looked for, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub ParseError);

impl Failure {
    /// A failure with its catalogue id and arguments (see [`ParseError::coded`]).
    fn coded<const N: usize>(
        code: &'static str,
        args: [(&'static str, MessageArg); N],
        message: impl Into<String>,
    ) -> Self {
        Self(ParseError::coded(code, args, message))
    }
}

/// Checks handles against the networks.
#[derive(Clone)]
pub struct Verifier {
    fetch: fetch::Fetcher,
    dns: dns::TxtResolver,
    settings: Settings,
}

impl Verifier {
    pub fn new(settings: Settings) -> anyhow::Result<Self> {
        Ok(Self {
            fetch: fetch::Fetcher::new(&settings)?,
            dns: dns::TxtResolver::new(settings.dns_server, settings.timeout)?,
            settings,
        })
    }

    /// Proves `handle` points back to `page`, and says how.
    pub async fn verify(
        &self,
        handle: &SocialHandle,
        page: &Page,
    ) -> Result<VerificationMethod, Failure> {
        match handle.network() {
            Network::Mastodon => fediverse::verify(&self.fetch, handle.as_str(), page).await,
            Network::Website => fediverse::verify_site(&self.fetch, handle.as_str(), page).await,
            Network::Bluesky => {
                bluesky::verify(
                    &self.fetch,
                    &self.dns,
                    &self.settings,
                    handle.as_str(),
                    page,
                )
                .await
            }
            Network::Github => {
                github::verify(&self.fetch, &self.settings, handle.as_str(), page).await
            }
            Network::X | Network::Linkedin => Err(Failure::coded(
                "field-verify-unsupported",
                [("network", handle.network().display_name().into())],
                format!(
                    "{} handles cannot be verified: the network offers no public way to read a \
                 profile's links",
                    handle.network().display_name()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_named_with_or_without_its_scheme() {
        let page = Page {
            url: "https://tables.example/v/0123abcd".into(),
        };
        assert_eq!(page.mention(), "tables.example/v/0123abcd");
        assert!(page.is_named_in("Me: https://tables.example/v/0123abcd"));
        assert!(page.is_named_in("proof tables.example/v/0123abcd."));
        assert!(!page.is_named_in("tables.example/v/0123abc"));
        assert!(!page.is_named_in("other.example/v/0123abcd"));
    }
}
