//! Verified handles: how a handle was proved, and the code naming an attendee's public
//! verification page, which their profiles link back to.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::ParseError;

/// How a handle was proved; stored in `attendee_handles.verified_method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerificationMethod {
    /// A fediverse profile links to the verification page with `rel="me"`.
    RelMe,
    /// Bluesky: the handle resolves to a DID through `/.well-known/atproto-did`, the DID
    /// document names the handle back, and the profile description holds the page's address.
    AtprotoWellKnown,
    /// As [`AtprotoWellKnown`](Self::AtprotoWellKnown), the DID found in DNS (`_atproto` TXT).
    AtprotoDns,
    /// Bluesky, given as a DID: its document and profile description hold the page's address.
    AtprotoDid,
    /// A public GitHub gist whose description holds the page's address.
    GithubGist,
    /// The GitHub profile's web site (`blog`) or bio holds the page's address.
    GithubProfile,
}

impl VerificationMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RelMe => "rel-me",
            Self::AtprotoWellKnown => "atproto-well-known",
            Self::AtprotoDns => "atproto-dns",
            Self::AtprotoDid => "atproto-did",
            Self::GithubGist => "github-gist",
            Self::GithubProfile => "github-profile",
        }
    }

    const ALL: [Self; 6] = [
        Self::RelMe,
        Self::AtprotoWellKnown,
        Self::AtprotoDns,
        Self::AtprotoDid,
        Self::GithubGist,
        Self::GithubProfile,
    ];
}

impl FromStr for VerificationMethod {
    type Err = ParseError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == raw)
            .ok_or_else(|| {
                ParseError::coded(
                    "field-verification-method",
                    [],
                    "is not a known verification method",
                )
            })
    }
}

impl fmt::Display for VerificationMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A handle's proof: when, and how. A handle without one is only claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub method: VerificationMethod,
    pub at: DateTime<Utc>,
}

/// The bytes a verification code is drawn from: 128 bits, too many to guess.
pub const CODE_BYTES: usize = 16;

/// Spells random bytes as a verification code: lowercase hex, safe in any URL and any
/// profile field, and case-insensitive for people who retype it.
pub fn code_from_bytes(bytes: &[u8; CODE_BYTES]) -> String {
    hex::encode(bytes)
}

/// Whether `raw` has the shape of a code [`code_from_bytes`] spells; anything else is looked
/// up nowhere.
pub fn is_code(raw: &str) -> bool {
    raw.len() == CODE_BYTES * 2
        && raw
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_round_trip() {
        for m in VerificationMethod::ALL {
            assert_eq!(m.as_str().parse::<VerificationMethod>(), Ok(m));
        }
        assert!("magic".parse::<VerificationMethod>().is_err());
    }

    #[test]
    fn codes_are_lowercase_hex_of_sixteen_bytes() {
        let code = code_from_bytes(&[0xab; CODE_BYTES]);
        assert_eq!(code.len(), 32);
        assert!(is_code(&code));
        assert!(!is_code(&code.to_uppercase()));
        assert!(!is_code("abc"));
        assert!(!is_code(&"g".repeat(32)));
    }
}
