//! tablemates: seats a conference's attendees at tables so that people who know each other
//! online, or share what they care about, finally meet.
//!
//! Dependencies point one way: `http → workflows → {store, mailer, matching} → domain`.
//! `matching` and `domain` are pure: no I/O, no clock, no unseeded randomness.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod entities;
pub mod error;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod i18n;
pub mod mailer;
pub mod matching;
pub mod metrics;
pub mod outbound;
pub mod process;
pub mod secrets;
pub mod shutdown;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod verification;
pub mod webhooks;
pub mod workflows;
