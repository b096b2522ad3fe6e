//! Webhook endpoints (`endpoints`) and the delivery outbox of their events (`deliveries`).

pub mod deliveries;
pub mod endpoints;
