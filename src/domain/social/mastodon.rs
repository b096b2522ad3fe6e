//! Mastodon (fediverse) accounts: canonical form is `@user@server.tld`, lowercase.

use url::Host;

use super::link::{looks_like_link, parse_link};
use crate::domain::ParseError;
use crate::domain::hostname::is_hostname;

const RULE: &str =
    "must look like @name@server.social (or a link like https://server.social/@name)";

/// The rule, for a value that breaks it.
fn rule() -> ParseError {
    ParseError::coded("field-handle-mastodon", [], RULE)
}

const MAX_USER_CHARS: usize = 64;

/// Accepts `@user@server.tld`, `user@server.tld` and `https://server.tld/@user`.
///
/// The server is stored in its ASCII (punycode) form, so both spellings of an internationalised
/// server name compare equal.
pub(super) fn canonical(raw: &str) -> Result<String, ParseError> {
    let raw = raw.trim();
    let (user, server) = if looks_like_link(raw) {
        let link = parse_link(raw).ok_or_else(rule)?;
        match link.segments.as_slice() {
            [at_user] => match at_user.strip_prefix('@') {
                Some(user) => (user.to_owned(), link.server),
                None => return Err(rule()),
            },
            _ => return Err(rule()),
        }
    } else {
        let account = raw.strip_prefix('@').unwrap_or(raw);
        match account.split_once('@') {
            Some((user, server)) => (user.to_owned(), ascii_server(server)?),
            None => return Err(rule()),
        }
    };
    if !is_user(&user) || !is_hostname(&server, false) {
        return Err(rule());
    }
    Ok(format!("@{}@{server}", user.to_ascii_lowercase()))
}

/// Splits a canonical `@user@server` into its parts.
pub(super) fn parts(canonical: &str) -> (&str, &str) {
    let account = canonical.strip_prefix('@').unwrap_or(canonical);
    account.split_once('@').unwrap_or((account, ""))
}

fn ascii_server(server: &str) -> Result<String, ParseError> {
    match Host::parse(server) {
        Ok(Host::Domain(domain)) => Ok(domain),
        _ => Err(rule()),
    }
}

/// Mastodon's own rule (letters, digits, underscores, with dots or hyphens only inside), with a
/// generous length so accounts on other fediverse servers fit.
fn is_user(user: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    user.len() <= MAX_USER_CHARS
        && edge_ok(user.chars().next())
        && edge_ok(user.chars().last())
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_accounts_and_profile_links() {
        for (raw, expected) in [
            ("@Gargron@Mastodon.Social", "@gargron@mastodon.social"),
            ("gargron@mastodon.social", "@gargron@mastodon.social"),
            (" @ada_l@hachyderm.io ", "@ada_l@hachyderm.io"),
            ("@a.b-c@fosstodon.org", "@a.b-c@fosstodon.org"),
            (
                "https://mastodon.social/@Gargron",
                "@gargron@mastodon.social",
            ),
            ("https://fosstodon.org/@ada/", "@ada@fosstodon.org"),
            ("fosstodon.org/@ada", "@ada@fosstodon.org"),
            ("@ada@bücher.social", "@ada@xn--bcher-kva.social"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_incomplete_or_malformed_accounts_with_the_rule() {
        for raw in [
            "",
            "@ada",
            "ada",
            "@@mastodon.social",
            "@ada@localhost",
            "@ada@mastodon..social",
            "@.ada@mastodon.social",
            "@ada.@mastodon.social",
            "@ad a@mastodon.social",
            "@ada@mastodon.social@extra.org",
            "https://mastodon.social/ada",
            "https://mastodon.social/@ada/109",
            "https://mastodon.social/",
        ] {
            assert_eq!(canonical(raw).unwrap_err().message(), RULE, "{raw}");
        }
    }

    /// Found by fuzzing: the `www.`/`mobile.` stripping meant for the big networks' links moved
    /// `https://mobile.example.social/@ada` to another server, `example.social`.
    #[test]
    fn a_profile_link_keeps_its_whole_server() {
        for (raw, expected) in [
            ("https://mobile.1.al/@ada", "@ada@mobile.1.al"),
            ("https://www.Example.social/@Ada", "@ada@www.example.social"),
        ] {
            assert_eq!(canonical(raw).as_deref(), Ok(expected), "{raw}");
            let (user, server) = parts(expected);
            let profile = format!("https://{server}/@{user}");
            assert_eq!(canonical(&profile).as_deref(), Ok(expected), "{profile}");
        }
    }

    #[test]
    fn splits_canonical_form_into_user_and_server() {
        assert_eq!(parts("@ada@fosstodon.org"), ("ada", "fosstodon.org"));
    }

    proptest! {
        #[test]
        fn canonical_form_reparses_to_itself(
            user in "[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}[A-Za-z0-9_]",
            server in "[A-Za-z0-9]{1,12}\\.[A-Za-z]{2,6}",
            link in any::<bool>(),
        ) {
            let raw = if link { format!("https://{server}/@{user}") } else { format!("@{user}@{server}") };
            let account = canonical(&raw).unwrap();
            prop_assert_eq!(canonical(&account), Ok(account.clone()));
        }
    }
}
