//! `EmailAddress`: the attendee's contact address and, lowercased, their identity per conference.

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

use super::ParseError;
use super::hostname::is_hostname;
use super::text::is_invisible_format;

const MAX_ADDRESS_CHARS: usize = 254;
const MAX_LOCAL_CHARS: usize = 64;

/// An email address that passed a practical syntax check (not full RFC 5322: no quoted local
/// parts, comments or IP-literal domains, which real sign-up forms never need).
///
/// Keeps the trimmed text as typed for display and sending; `normalized()` is the whole address
/// lowercased, which is what uniqueness per conference compares. Equality and hashing use the
/// normalized form, so `Ada@Example.org == ada@example.org`.
///
/// Invariants, of the typed and the normalized form: exactly one `@`; a local part of 1 to 64
/// characters without spaces, control characters, invisible formatting characters (see
/// [`strip_invisible`](super::strip_invisible)) or `"(),:;<>[\]`, not starting or ending with a
/// dot and without two dots in a row; a domain that is a host name with at least one dot; at
/// most 254 characters in total.
#[derive(Debug, Clone)]
pub struct EmailAddress {
    original: String,
    normalized: String,
}

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let address = raw.trim();
        if address.is_empty() {
            return Err(ParseError::empty());
        }
        // The rules hold for the lowercased form, the one stored and parsed again: lowercasing
        // can lengthen a text (`İ` becomes two characters), never shorten it, so the typed form
        // keeps them too.
        let normalized = address.to_lowercase();
        if normalized.chars().count() > MAX_ADDRESS_CHARS {
            return Err(ParseError::coded(
                "field-too-long",
                [("max", MAX_ADDRESS_CHARS.into())],
                format!("must be at most {MAX_ADDRESS_CHARS} characters"),
            ));
        }
        let Some((local, domain)) = normalized.split_once('@').filter(|(_, d)| !d.contains('@'))
        else {
            return Err(ParseError::coded(
                "field-email-at",
                [],
                "must contain exactly one @, like name@example.org",
            ));
        };
        check_local_part(local)?;
        if !is_hostname(domain, true) {
            return Err(ParseError::coded(
                "field-email-domain",
                [],
                "the part after the @ must be a domain name like example.org",
            ));
        }
        Ok(Self {
            original: address.to_owned(),
            normalized,
        })
    }

    /// An address read back from storage, as typed and normalised, where it went only through
    /// [`EmailAddress::parse`]. Not checked again: a rule made stricter later must not make
    /// stored registrations unreadable.
    pub fn from_stored(original: String, normalized: String) -> Self {
        Self {
            original,
            normalized,
        }
    }

    /// The address as the person typed it (trimmed): use it to display and to send.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// The whole address lowercased: compare and store uniqueness keys with this.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// The mailbox this address delivers to, as far as the service can tell: [`normalized`]
    /// with a `+tag` folded away (`ada+x@example.org` → `ada@example.org`), which almost
    /// every mail provider delivers to the same inbox. Dots are not folded: only some
    /// providers ignore them, and folding them elsewhere would merge different people.
    ///
    /// [`normalized`]: EmailAddress::normalized
    pub fn mailbox(&self) -> String {
        match self.normalized.split_once('@') {
            Some((local, domain)) => {
                let base = local.split_once('+').map_or(local, |(base, _)| base);
                // A local part that is all tag ("+x@…") keeps it: there is nothing to fold to.
                let base = if base.is_empty() { local } else { base };
                format!("{base}@{domain}")
            }
            None => self.normalized.clone(),
        }
    }

    /// A form safe for logs, e.g. `j***@example.org`: first character of the local part only.
    pub fn masked(&self) -> String {
        let (local, domain) = self
            .normalized
            .split_once('@')
            .unwrap_or(("", &self.normalized));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

fn check_local_part(local: &str) -> Result<(), ParseError> {
    if local.is_empty() {
        return Err(ParseError::coded(
            "field-email-local-empty",
            [],
            "needs a name before the @, like name@example.org",
        ));
    }
    if local.chars().count() > MAX_LOCAL_CHARS {
        return Err(ParseError::coded(
            "field-email-local-too-long",
            [("max", MAX_LOCAL_CHARS.into())],
            format!("the part before the @ must be at most {MAX_LOCAL_CHARS} characters"),
        ));
    }
    // Invisible formatting characters would let `ada\u{200B}@…` register beside `ada@…`, and a
    // bidi override would make the address read as another one wherever it is shown.
    let forbidden = |c: char| {
        c.is_whitespace() || c.is_control() || is_invisible_format(c) || "\"(),:;<>[\\]".contains(c)
    };
    if local.chars().any(forbidden) {
        return Err(ParseError::coded(
            "field-email-local-characters",
            [],
            "must not contain spaces, invisible characters, quotes, commas, brackets or similar \
             characters before the @",
        ));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(ParseError::coded(
            "field-email-local-dots",
            [],
            "the part before the @ must not start or end with a dot or contain two dots in a row",
        ));
    }
    Ok(())
}

impl PartialEq for EmailAddress {
    fn eq(&self, other: &Self) -> bool {
        self.normalized == other.normalized
    }
}

impl Eq for EmailAddress {}

impl Hash for EmailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.normalized.hash(state);
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn message(raw: &str) -> String {
        EmailAddress::parse(raw).unwrap_err().message().to_owned()
    }

    #[test]
    fn accepts_common_addresses_keeping_the_original_text() {
        for raw in [
            "ada@example.org",
            "Ada.Lovelace+tablemates@Mail.Example.CO.UK",
            "o'brien@example.ie",
            "x@a-b.io",
            "zoë@müller.de",
            "user@xn--mller-kva.de",
        ] {
            let email = EmailAddress::parse(raw).unwrap();
            assert_eq!(email.as_str(), raw);
            assert_eq!(email.normalized(), raw.to_lowercase());
        }
    }

    #[test]
    fn trims_and_lowercases_for_comparison() {
        let email = EmailAddress::parse("  Ada@Example.ORG\n").unwrap();
        assert_eq!(email.as_str(), "Ada@Example.ORG");
        assert_eq!(email.normalized(), "ada@example.org");
        assert_eq!(email.to_string(), "Ada@Example.ORG");
        assert_eq!(email, EmailAddress::parse("ada@example.org").unwrap());
    }

    #[test]
    fn the_mailbox_folds_case_and_plus_tags_but_not_dots() {
        for (raw, mailbox) in [
            ("Ada+Spam@Example.org", "ada@example.org"),
            ("ada+a+b@example.org", "ada@example.org"),
            ("ada@example.org", "ada@example.org"),
            ("a.da+x@example.org", "a.da@example.org"),
            ("+x@example.org", "+x@example.org"),
        ] {
            assert_eq!(
                EmailAddress::parse(raw).expect(raw).mailbox(),
                mailbox,
                "{raw}"
            );
        }
    }

    #[test]
    fn masks_all_but_the_first_character_of_the_local_part() {
        let email = EmailAddress::parse("Jane.Doe@Example.org").unwrap();
        assert_eq!(email.masked(), "j***@example.org");
        assert_eq!(EmailAddress::parse("j@x.io").unwrap().masked(), "j***@x.io");
    }

    #[test]
    fn rejects_missing_or_repeated_at_sign() {
        let expected = "must contain exactly one @, like name@example.org";
        assert_eq!(message("ada.example.org"), expected);
        assert_eq!(message("ada@@example.org"), expected);
        assert_eq!(message("a@b@example.org"), expected);
        assert_eq!(message("   "), "must not be empty");
    }

    #[test]
    fn rejects_bad_local_parts() {
        assert_eq!(
            message("@example.org"),
            "needs a name before the @, like name@example.org"
        );
        assert_eq!(
            message(&format!("{}@example.org", "a".repeat(65))),
            "the part before the @ must be at most 64 characters"
        );
        for raw in [
            "ada lovelace@example.org",
            "\"ada\"@example.org",
            "Ada <ada@example.org>",
        ] {
            assert!(message(raw).starts_with("must not contain spaces"), "{raw}");
        }
        for raw in [".ada@example.org", "ada.@example.org", "a..da@example.org"] {
            assert!(message(raw).contains("dot"), "{raw}");
        }
    }

    #[test]
    fn rejects_invisible_characters_before_the_at() {
        for raw in [
            "ada\u{200B}@example.org",
            "\u{202E}ada@example.org",
            "a\u{2066}da@example.org",
            "ada\u{FEFF}@example.org",
        ] {
            assert!(
                message(raw).starts_with("must not contain spaces, invisible characters"),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn limits_hold_for_the_lowercased_form_that_is_parsed_again() {
        // `İ` lowercases to `i` and a combining dot: 40 typed characters, 80 stored.
        let raw = format!("{}@example.org", "İ".repeat(40));
        assert_eq!(
            message(&raw),
            "the part before the @ must be at most 64 characters"
        );
        let raw = format!("{}@{}.org", "İ".repeat(30), "a".repeat(200));
        assert_eq!(message(&raw), "must be at most 254 characters");
        let fits = EmailAddress::parse(&format!("{}@example.org", "İ".repeat(32))).unwrap();
        assert!(EmailAddress::parse(fits.normalized()).is_ok());
    }

    #[test]
    fn rejects_bad_domains() {
        let expected = "the part after the @ must be a domain name like example.org";
        for raw in [
            "ada@",
            "ada@localhost",
            "ada@example..org",
            "ada@-example.org",
            "ada@exam_ple.org",
            "ada@[127.0.0.1]",
            "ada@127.0.0.1",
            "ada@example.org.",
        ] {
            assert_eq!(message(raw), expected, "{raw}");
        }
    }

    #[test]
    fn limits_total_length_to_254() {
        let address = |last_label: usize| {
            let domain = format!(
                "{}.{}.{}.org",
                "a".repeat(63),
                "b".repeat(63),
                "c".repeat(last_label)
            );
            format!("{}@{domain}", "x".repeat(64))
        };
        assert_eq!(address(57).chars().count(), 254);
        assert!(EmailAddress::parse(&address(57)).is_ok());
        assert_eq!(message(&address(58)), "must be at most 254 characters");
    }

    #[test]
    fn serializes_as_the_original_string() {
        let email = EmailAddress::parse("Ada@Example.org").unwrap();
        assert_eq!(
            serde_json::to_string(&email).unwrap(),
            "\"Ada@Example.org\""
        );
    }

    proptest! {
        #[test]
        fn normalized_form_reparses_to_itself(
            local in "[A-Za-z0-9_+-]{1,20}(\\.[A-Za-z0-9_+-]{1,10})?",
            domain in "[A-Za-z0-9]{1,20}\\.[A-Za-z]{2,6}",
        ) {
            let email = EmailAddress::parse(&format!("{local}@{domain}")).unwrap();
            let again = EmailAddress::parse(email.normalized()).unwrap();
            prop_assert_eq!(again.normalized(), email.normalized());
            prop_assert_eq!(again, email);
        }

        #[test]
        fn never_panics_and_accepted_addresses_satisfy_the_invariants(raw in "\\PC{0,80}") {
            if let Ok(email) = EmailAddress::parse(&raw) {
                prop_assert_eq!(email.as_str().matches('@').count(), 1);
                prop_assert!(email.as_str().chars().count() <= 254);
                prop_assert!(!email.as_str().chars().any(char::is_whitespace));
            }
        }
    }
}
