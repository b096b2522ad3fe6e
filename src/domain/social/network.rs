//! `Network`: the social networks an attendee can name a handle on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::ParseError;

/// A network on which handles identify people; each has one canonical handle form
/// (see [`SocialHandle`](super::SocialHandle)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// X, formerly Twitter.
    X,
    Mastodon,
    Bluesky,
    Linkedin,
    Github,
    /// A personal web site, named by its URL.
    Website,
}

impl Network {
    pub const ALL: [Network; 6] = [
        Network::X,
        Network::Mastodon,
        Network::Bluesky,
        Network::Linkedin,
        Network::Github,
        Network::Website,
    ];

    /// How people name the network.
    pub fn display_name(self) -> &'static str {
        match self {
            Network::X => "X (Twitter)",
            Network::Mastodon => "Mastodon",
            Network::Bluesky => "Bluesky",
            Network::Linkedin => "LinkedIn",
            Network::Github => "GitHub",
            Network::Website => "Website",
        }
    }

    /// How people name the network stored as `raw` ("github" is "GitHub"); a name this
    /// version does not know is shown as it is.
    pub fn display_name_of(raw: &str) -> String {
        raw.parse::<Network>()
            .map_or_else(|_| raw.to_owned(), |n| n.display_name().to_owned())
    }

    /// What a handle on the network looks like, as a hint beside a form field.
    pub fn example_handle(self) -> &'static str {
        match self {
            Network::X => "@name",
            Network::Mastodon => "@name@server.social",
            Network::Bluesky => "name.bsky.social",
            Network::Linkedin => "linkedin.com/in/name",
            Network::Github => "@login",
            Network::Website => "example.org",
        }
    }

    /// The stable lowercase name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Network::X => "x",
            Network::Mastodon => "mastodon",
            Network::Bluesky => "bluesky",
            Network::Linkedin => "linkedin",
            Network::Github => "github",
            Network::Website => "website",
        }
    }
}

impl FromStr for Network {
    type Err = ParseError;

    /// Accepts the names from [`Network::as_str`] in any case, and "twitter" for X.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim().to_ascii_lowercase();
        if name == "twitter" {
            return Ok(Network::X);
        }
        Network::ALL
            .into_iter()
            .find(|network| network.as_str() == name)
            .ok_or_else(|| {
                ParseError::coded(
                    "field-network",
                    [],
                    "must be one of x, mastodon, bluesky, linkedin, github or website",
                )
            })
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for network in Network::ALL {
            assert_eq!(network.as_str().parse::<Network>(), Ok(network));
            assert_eq!(network.to_string(), network.as_str());
            assert_eq!(
                serde_json::to_string(&network).unwrap(),
                format!("\"{}\"", network.as_str())
            );
        }
    }

    #[test]
    fn accepts_twitter_and_any_case() {
        assert_eq!("twitter".parse::<Network>(), Ok(Network::X));
        assert_eq!(" GitHub ".parse::<Network>(), Ok(Network::Github));
        assert_eq!("LinkedIn".parse::<Network>(), Ok(Network::Linkedin));
    }

    #[test]
    fn rejects_unknown_networks_listing_the_known_ones() {
        let error = "facebook".parse::<Network>().unwrap_err();
        assert_eq!(
            error.message(),
            "must be one of x, mastodon, bluesky, linkedin, github or website"
        );
    }
}
