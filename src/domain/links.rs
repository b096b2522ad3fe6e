//! The addresses of the service's links, from its public base URL and a link's secret. Only
//! the mailer (when it sends an email) and the operator's tools put a secret into one.

use url::Url;

/// `{base}/manage?token=…`: the personal link an attendee manages their registration with.
pub fn manage_url(base: &Url, raw_token: &str) -> String {
    with_token(base, "/manage", raw_token)
}

/// `{base}/organizer/sign-in/link?token=…`: the one-time link an organizer signs in with.
pub fn sign_in_url(base: &Url, raw_token: &str) -> String {
    with_token(base, "/organizer/sign-in/link", raw_token)
}

/// `{base}/email-change?token=…`: the link that confirms an address an organizer changed an
/// attendee's email to.
pub fn email_change_url(base: &Url, raw_token: &str) -> String {
    with_token(base, "/email-change", raw_token)
}

/// `{base}/unsubscribe/{token}`: the one-click unsubscribe link (RFC 8058).
pub fn unsubscribe_url(base: &Url, token: &str) -> String {
    let mut url = base.clone();
    url.set_path(&format!("/unsubscribe/{token}"));
    url.set_query(None);
    url.to_string()
}

/// `{base}/v/{code}`: an attendee's public verification page, which their profiles link to.
pub fn verification_url(base: &Url, code: &str) -> String {
    let mut url = base.clone();
    url.set_path(&format!("/v/{code}"));
    url.set_query(None);
    url.to_string()
}

fn with_token(base: &Url, path: &str, raw_token: &str) -> String {
    let mut url = base.clone();
    url.set_path(path);
    url.set_query(Some(&format!("token={raw_token}")));
    url.to_string()
}
