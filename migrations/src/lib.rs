//! The ordered, frozen history of tablemates' schema. Nothing here imports the service's code:
//! a migration describes the schema as it was on the day it was written.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_initial;
mod m20261126_000002_meetups;
mod m20261126_000003_email_preferences;
mod m20261204_000004_nobody_alone;
mod m20261204_000005_job_progress;
mod m20261204_000006_organizer_sessions;
mod m20261204_000007_attendee_list_order;
mod m20261204_000008_meetup_cancellation;
mod m20261205_000009_rate_limits;
mod m20261205_000010_privacy_rule;
mod m20261205_000011_co_organizers;
mod m20261205_000011_organizer_tokens;
mod m20261205_000011_personal_links;
mod m20261205_000012_erasure;
mod m20261205_000013_plan_seat_tables;
mod m20261205_000014_calendar_sequences;
mod m20261205_000015_webhooks;
mod m20261205_000016_import_sources;
mod m20261205_000017_handle_verification;
mod m20261205_000018_languages;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261126_000002_meetups::Migration),
            Box::new(m20261126_000003_email_preferences::Migration),
            Box::new(m20261204_000004_nobody_alone::Migration),
            Box::new(m20261204_000005_job_progress::Migration),
            Box::new(m20261204_000006_organizer_sessions::Migration),
            Box::new(m20261204_000007_attendee_list_order::Migration),
            Box::new(m20261204_000008_meetup_cancellation::Migration),
            Box::new(m20261205_000009_rate_limits::Migration),
            Box::new(m20261205_000010_privacy_rule::Migration),
            Box::new(m20261205_000011_personal_links::Migration),
            Box::new(m20261205_000011_organizer_tokens::Migration),
            Box::new(m20261205_000011_co_organizers::Migration),
            Box::new(m20261205_000012_erasure::Migration),
            Box::new(m20261205_000013_plan_seat_tables::Migration),
            Box::new(m20261205_000014_calendar_sequences::Migration),
            Box::new(m20261205_000015_webhooks::Migration),
            Box::new(m20261205_000016_import_sources::Migration),
            Box::new(m20261205_000017_handle_verification::Migration),
            Box::new(m20261205_000018_languages::Migration),
        ]
    }
}
