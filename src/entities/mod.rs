//! sea-orm entities, one per table, free of logic; `store/` converts them to domain types.

pub mod attendee;
pub mod attendee_handle;
pub mod attendee_interest;
pub mod attendee_token;
pub mod calendar_sequence;
pub mod conference;
pub mod conference_organizer;
pub mod email_preference;
pub mod erasure;
pub mod interest;
pub mod job;
pub mod meetup;
pub mod meetup_participation;
pub mod meetup_table;
pub mod organizer;
pub mod organizer_session;
pub mod organizer_sign_in_link;
pub mod organizer_token;
pub mod outbox_email;
pub mod plan;
pub mod plan_change;
pub mod plan_seat;
pub mod plan_table;
pub mod rate_limit_hit;
pub mod server_secret;
pub mod wanted_connection;
