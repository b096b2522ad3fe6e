//! Black-box tests over HTTP: each test starts the application as production does, on port 0,
//! with a database of its own, on every backend the environment names (SQLite always;
//! PostgreSQL and MariaDB when TABLEMATES_TEST_POSTGRES_URL / TABLEMATES_TEST_MYSQL_URL are set).
//! `api_test!` makes one test per backend, `…::sqlite`, `…::postgres`, `…::mysql`, so
//! `cargo test --test api ::postgres` runs one database's share.

#[path = "../support/eventually.rs"]
mod eventually;
#[macro_use]
mod helpers;

mod abuse_limits;
mod access_matrix;
mod attendees;
mod auto_repair;
mod calendar;
mod co_organizers;
mod conferences;
mod console;
mod console_attendees;
mod console_chart;
mod console_emails;
mod console_setup;
mod console_webhooks;
mod contract;
mod cross_field_rules;
mod demo;
mod emails;
mod erasure;
mod errors;
mod exports;
mod faults;
mod headers;
mod help;
mod import;
mod import_sources;
mod input_limits;
mod instances;
mod job_runner;
mod jobs;
mod languages;
mod links;
mod logs;
mod mail;
mod maildev;
mod metrics;
mod organizer_console;
mod organizer_tokens;
mod pages;
mod plans;
mod pretix_live;
mod pretix_pull;
mod preview;
mod privacy;
mod registration;
mod reminders;
mod request_ids;
mod seating_rules;
mod series_publish;
mod shutdown;
mod table_size;
mod unavailable;
mod unsubscribe;
mod verified_handles;
mod webhooks;
