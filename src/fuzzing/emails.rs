//! Email addresses: what parses keeps the typed text, is clean, normalises to an address that
//! parses as itself, and folds `+tags` (the mailbox rate limits count by) idempotently.

use super::assert_clean;
use crate::domain::EmailAddress;

pub fn emails(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(email) = EmailAddress::parse(raw) else {
        return;
    };
    assert_eq!(email.as_str(), raw.trim());
    assert_eq!(email.normalized(), email.as_str().to_lowercase());
    for form in [email.as_str(), email.normalized()] {
        assert_invariants(form);
    }
    let again = EmailAddress::parse(email.normalized())
        .unwrap_or_else(|e| panic!("normalised {:?} is refused: {e:?}", email.normalized()));
    assert_eq!(again.normalized(), email.normalized());
    assert_eq!(again, email);

    let mailbox = email.mailbox();
    let (local, domain) = email.normalized().split_once('@').expect("one @");
    let (mailbox_local, mailbox_domain) = mailbox.split_once('@').expect("one @");
    assert_eq!(mailbox_domain, domain);
    assert!(
        local.starts_with(mailbox_local),
        "{mailbox:?} is not a prefix"
    );
    assert!(
        !mailbox_local.contains('+') || mailbox == email.normalized(),
        "{mailbox:?} keeps a tag"
    );
    // The mailbox is a rate-limit key, never an address mail goes to: `ada.+x@…` folds to
    // `ada.@…`, which the parser refuses; it need not parse, only fold to itself.
    let folded = EmailAddress::from_stored(mailbox.clone(), mailbox.clone());
    assert_eq!(
        folded.mailbox(),
        mailbox,
        "folding twice changes the mailbox"
    );
    assert_eq!(again.mailbox(), mailbox);

    let masked = email.masked();
    assert!(masked.ends_with(&format!("***@{domain}")), "{masked:?}");
    assert!(masked.chars().count() <= domain.chars().count() + 5);
}

/// The type's documented invariants, for one written form of the address.
fn assert_invariants(form: &str) {
    assert_clean("address", form);
    assert!(!form.chars().any(char::is_whitespace), "{form:?}");
    assert!(
        form.chars().count() <= 254,
        "{form:?} is over 254 characters"
    );
    let (local, domain) = form.split_once('@').expect("an @");
    assert!(!domain.contains('@'), "{form:?} has two @");
    assert!((1..=64).contains(&local.chars().count()), "{form:?}");
    assert!(!local.starts_with('.') && !local.ends_with('.') && !local.contains(".."));
    assert!(domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
}
