//! One async function per use case. Each owns its transaction and enqueues the emails its change
//! causes inside that transaction. Time and randomness come in as arguments.

pub mod access_link;
pub mod attendees;
pub mod co_organizers;
pub mod conferences;
pub mod console;
pub mod email_change;
pub mod emails;
pub mod erasure;
pub mod exports;
pub mod import;
pub mod jobs;
pub mod meetups;
pub mod metrics;
pub mod organizer_sessions;
pub mod organizers;
pub mod plans;
pub mod pretix;
pub mod rate_limits;
pub mod registration;
pub mod reminders;
pub mod retention;
pub mod server_keys;
pub mod tablemate;
pub mod unsubscribe;
pub mod verification;
pub mod webhooks;

use chrono::{DateTime, Utc};

use crate::store::Db;

/// What every use case may reach: the database and the deployment's settings. Time and
/// randomness stay arguments, so what a use case does depends only on what it is given.
#[derive(Debug, Clone)]
pub struct Context {
    pub db: Db,
    pub links: LinkSettings,
    pub reminders: reminders::Reminders,
    /// How long a new organizer API token works unless its creator says otherwise, in days.
    pub organizer_token_days: i64,
    /// The master secret keys are derived from, when the deployment configures one.
    pub secret_key: Option<crate::secrets::MasterKey>,
    /// What the use cases and workers count for `GET /metrics`.
    pub metrics: crate::metrics::Metrics,
    /// Whether webhook endpoints may be plain `http` and private or loopback addresses.
    pub outbound_allow_private: bool,
    /// Where handles are proved.
    pub verification: crate::verification::Settings,
}

/// What every workflow that mints links needs to know about the deployment.
#[derive(Debug, Clone)]
pub struct LinkSettings {
    pub base_url: url::Url,
    pub access_token_days: i64,
}

impl LinkSettings {
    /// The personal link an attendee manages their registration with.
    pub fn manage_url(&self, raw_token: &str) -> String {
        crate::domain::links::manage_url(&self.base_url, raw_token)
    }

    /// The one-time link an organizer signs in with.
    pub fn sign_in_url(&self, raw_token: &str) -> String {
        crate::domain::links::sign_in_url(&self.base_url, raw_token)
    }

    /// Whether the service is reached over HTTPS, so its cookies may only travel that way.
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    pub fn token_expiry(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + chrono::Duration::days(self.access_token_days)
    }
}
