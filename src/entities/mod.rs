//! sea-orm entities, one per table, free of logic; `store/` converts them to domain types.

pub mod attendee;
pub mod attendee_handle;
pub mod attendee_interest;
pub mod attendee_token;
pub mod conference;
pub mod email_preference;
pub mod interest;
pub mod organizer;
pub mod organizer_token;
pub mod outbox_email;
pub mod server_secret;
pub mod wanted_connection;
