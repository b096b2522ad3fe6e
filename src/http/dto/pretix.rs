//! Bodies of the pretix connection: what connecting takes and how a connection is shown (the
//! token never).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::import::ImportReportOut;
use crate::domain::ParseError;
use crate::domain::records::PretixConnection;
use crate::error::{Error, FieldErrors};
use crate::http::extract::ObjectPaths;
use crate::workflows::pretix::ConnectionInput;

/// Longest slug, question identifier or token accepted.
const MAX_TEXT: usize = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PretixConnectionIn {
    pub base_url: String,
    pub organizer: String,
    pub event: String,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub privacy_consent_question: Option<String>,
    #[serde(default)]
    pub email_consent_question: Option<String>,
}

impl ObjectPaths for PretixConnectionIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

impl PretixConnectionIn {
    pub fn into_input(self) -> Result<ConnectionInput, Error> {
        let mut errors = FieldErrors::default();
        let base_url = errors.check(
            "base_url",
            url::Url::parse(self.base_url.trim())
                .map_err(|e| {
                    ParseError::coded(
                        "field-pretix-url",
                        [("reason", e.to_string().into())],
                        format!("must be a URL like https://pretix.eu: {e}"),
                    )
                })
                .and_then(|u| {
                    if matches!(u.scheme(), "http" | "https") && u.host().is_some() {
                        Ok(u)
                    } else {
                        Err(ParseError::coded(
                            "field-pretix-url-scheme",
                            [],
                            "must be an http or https URL like https://pretix.eu",
                        ))
                    }
                }),
        );
        let mut slug = |field: &str, raw: &str| {
            let raw = raw.trim();
            let fine = !raw.is_empty()
                && raw.len() <= MAX_TEXT
                && raw
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !fine {
                errors.reject(
                    field,
                    ParseError::coded(
                        "field-pretix-slug",
                        [("max", MAX_TEXT.into())],
                        format!(
                            "must be the slug pretix shows in its addresses \
                             (letters, digits, - _ .; at most {MAX_TEXT})"
                        ),
                    ),
                );
            }
            raw.to_owned()
        };
        let organizer_slug = slug("organizer", &self.organizer);
        let event_slug = slug("event", &self.event);
        let mut text = |field: &str, raw: Option<String>| {
            let raw = raw.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty())?;
            if raw.len() > MAX_TEXT || raw.chars().any(char::is_control) {
                errors.reject(
                    field,
                    ParseError::coded(
                        "field-too-long-one-line",
                        [("max", MAX_TEXT.into())],
                        format!("must be at most {MAX_TEXT} characters, on one line"),
                    ),
                );
            }
            Some(raw)
        };
        let token = text("token", self.token);
        let privacy_consent_question =
            text("privacy_consent_question", self.privacy_consent_question);
        let email_consent_question = text("email_consent_question", self.email_consent_question);
        errors.finish()?;
        Ok(ConnectionInput {
            base_url: base_url.ok_or_else(|| Error::field("base_url", "is required"))?,
            organizer_slug,
            event_slug,
            token,
            privacy_consent_question,
            email_consent_question,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct PretixConnectionOut {
    pub base_url: String,
    pub organizer: String,
    pub event: String,
    /// Always true: a connection has a token, which is never shown.
    pub token_set: bool,
    pub privacy_consent_question: Option<String>,
    pub email_consent_question: Option<String>,
    pub cursor: Option<String>,
    pub last_pulled_at: Option<DateTime<Utc>>,
    /// The address to give pretix as the organizer's webhook: its last segment is this
    /// conference's secret, as pretix signs nothing.
    pub webhook_url: String,
}

impl PretixConnectionOut {
    pub fn new(c: PretixConnection, webhook_url: String) -> Self {
        Self {
            webhook_url,
            base_url: c.base_url,
            organizer: c.organizer_slug,
            event: c.event_slug,
            token_set: true,
            privacy_consent_question: c.privacy_consent_question,
            email_consent_question: c.email_consent_question,
            cursor: c.cursor,
            last_pulled_at: c.last_pulled_at,
        }
    }
}

/// What pretix posts to its webhooks about an order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PretixWebhookIn {
    #[serde(default)]
    pub notification_id: Option<i64>,
    pub organizer: String,
    pub event: String,
    #[serde(default)]
    pub code: String,
    pub action: String,
}

impl ObjectPaths for PretixWebhookIn {
    const OBJECT_PATHS: &'static [&'static str] = &[""];
}

/// What a pull did: the pages read, the cursor the next pull starts from, and the import.
#[derive(Debug, Serialize)]
pub struct PretixSyncOut {
    pub pages: usize,
    pub cursor: String,
    pub report: ImportReportOut,
}
