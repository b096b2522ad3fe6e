//! The thin actix layer: extract and convert, call one workflow, map the result. No SQL, no
//! email, no business rules here.

pub mod client_address;
pub mod dto;
pub mod extract;
mod guard_first;
pub mod language;
pub mod log_span;
pub mod metrics;
pub mod problem;
pub mod reasons;
pub mod request_id;
mod routes;
pub mod security_headers;

mod attendees;
mod co_organizers;
mod conferences;
mod email_change;
mod emails;
mod erasures;
mod exports;
mod health;
mod import;
mod me;
mod meetups;
mod organizer_tokens;
mod pages;
mod plans;
mod pretix;
mod public;
mod unsubscribe;
mod verification;
mod webhooks;

pub use routes::{ROUTES, configure};

use crate::workflows::Context;
use crate::workflows::registration::{ConferenceCache, Registrar};

/// What every handler may reach.
pub struct AppState {
    /// What the use cases are called with.
    pub ctx: Context,
    pub registrar: Registrar,
    pub conferences: ConferenceCache,
    pub jobs: crate::workflows::jobs::Waker,
    /// Largest attendee file the import accepts, in bytes.
    pub max_import_bytes: usize,
    /// The abuse limits of the forms that send email.
    pub limiter: crate::workflows::rate_limits::Limiter,
    /// Proxies whose `X-Forwarded-For` names the client (see `client_address`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The bearer token `GET /metrics` requires; `None` leaves it open.
    pub metrics_token: Option<String>,
}
