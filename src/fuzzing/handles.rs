//! Social handles and wanted connections: what parses is canonical, clean, fits its column, and
//! reads back as itself from every form the service shows or links to.

use std::collections::HashSet;

use super::assert_clean;
use crate::domain::{ListError, MAX_WANTED, Network, SocialHandle, WantedHandle, parse_wanted};

/// The first byte picks the parser: `'0'`–`'5'` (mod 8) a network in [`Network::ALL`] order,
/// the other values a wanted list of `network<TAB>handle` lines. The rest is the text typed.
pub fn handles(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match Network::ALL.get(usize::from(selector % 8)) {
        Some(&network) => handle(network, text),
        None => wanted_list(text),
    }
}

fn handle(network: Network, raw: &str) {
    let Ok(parsed) = SocialHandle::parse(network, raw) else {
        return;
    };
    let canonical = parsed.as_str();
    assert_eq!(parsed.network(), network);
    assert_clean("canonical handle", canonical);
    assert!(
        !canonical.chars().any(char::is_whitespace),
        "canonical handle {canonical:?} holds whitespace"
    );
    assert!(
        canonical.chars().count() <= crate::domain::MAX_HANDLE_CHARS,
        "canonical handle of {} characters does not fit its column",
        canonical.chars().count()
    );
    let again = |form: &str, what: &str| {
        assert_eq!(
            SocialHandle::parse(network, form).as_ref(),
            Ok(&parsed),
            "{what} {form:?} of {raw:?} does not read back as {canonical:?}"
        );
    };
    again(canonical, "canonical form");
    again(&parsed.profile_url(), "profile URL");
    let display = parsed.display();
    assert_clean("displayed handle", &display);
    // LinkedIn shows `in/slug` and web sites drop the scheme: people read those, not paste them.
    if !matches!(network, Network::Linkedin | Network::Website) {
        again(&display, "displayed form");
    }
    let wanted = WantedHandle::parse(network.as_str(), raw).expect("a wanted handle parses alike");
    assert_eq!(wanted.social_handle(), &parsed);
}

fn wanted_list(text: &str) {
    let pairs: Vec<(&str, &str)> = text
        .split('\n')
        .map(|line| line.split_once('\t').unwrap_or((line, "")))
        .collect();
    match parse_wanted(pairs.iter().copied()) {
        Ok(wanted) => {
            assert!(pairs.len() <= MAX_WANTED);
            let each: Vec<WantedHandle> = pairs
                .iter()
                .map(|(n, h)| WantedHandle::parse(n, h).expect("every pair of a parsed list"))
                .collect();
            let mut seen = HashSet::new();
            let first_of_each: Vec<WantedHandle> = each
                .into_iter()
                .filter(|w| seen.insert(w.clone()))
                .collect();
            assert_eq!(
                wanted, first_of_each,
                "the list is its first of each handle, in order"
            );
        }
        Err(ListError::TooLong { max, actual }) => {
            assert_eq!((max, actual), (MAX_WANTED, pairs.len()));
            assert!(actual > max);
        }
        Err(ListError::Item { index, error }) => {
            assert!(pairs.len() <= MAX_WANTED);
            let (network, handle) = pairs[index];
            assert_eq!(WantedHandle::parse(network, handle), Err(error));
            for (n, h) in &pairs[..index] {
                assert!(
                    WantedHandle::parse(n, h).is_ok(),
                    "an earlier pair fails first"
                );
            }
        }
    }
}
