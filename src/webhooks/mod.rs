//! Webhooks out, the sending side: a worker that claims due deliveries under a lease, posts
//! them signed (Standard Webhooks), and records delivered, retry later or failed. The rows
//! are written by the use cases (`workflows::webhooks::emit`), in their own transactions.

mod worker;

use std::time::Duration;

pub use worker::{Handle, spawn};

/// How deliveries are sent and retried.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Whether endpoints may be plain `http` and private or loopback addresses.
    pub allow_private: bool,
    /// How long one request may take, connecting included.
    pub timeout: Duration,
    /// The wait after the first failed attempt; it doubles with each further one.
    pub retry_base: Duration,
    /// Attempts in all before a delivery is marked failed.
    pub max_attempts: i32,
    /// How often the worker looks for due deliveries when there were none.
    pub poll: Duration,
    /// Deliveries claimed per round, and sent at the same time.
    pub batch: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            allow_private: false,
            timeout: Duration::from_secs(10),
            retry_base: Duration::from_secs(30),
            max_attempts: 10,
            poll: Duration::from_millis(500),
            batch: 16,
        }
    }
}
