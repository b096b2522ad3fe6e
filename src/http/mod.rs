//! The thin actix layer: extract and convert, call one workflow, map the result. No SQL, no
//! email, no business rules here.

pub mod dto;
pub mod extract;
pub mod problem;
mod routes;

mod attendees;
mod conferences;
mod emails;
mod exports;
mod health;
mod import;
mod me;
mod meetups;
mod pages;
mod plans;
mod public;
mod unsubscribe;

pub use routes::{ROUTES, configure};

use crate::store::Db;
use crate::workflows::LinkSettings;
use crate::workflows::registration::{ConferenceCache, Registrar};

/// What every handler may reach.
pub struct AppState {
    pub db: Db,
    pub links: LinkSettings,
    pub reminders: crate::workflows::reminders::Reminders,
    pub registrar: Registrar,
    pub conferences: ConferenceCache,
    pub jobs: crate::workflows::jobs::Waker,
    /// Largest attendee file the import accepts, in bytes.
    pub max_import_bytes: usize,
}
