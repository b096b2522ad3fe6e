//! Plain async functions over `&impl ConnectionTrait`: the only code that touches entities.
//! Callers own transactions; every function here works inside or outside one.

pub mod attendees;
pub mod conferences;
pub mod db;
pub mod organizers;
pub mod outbox;
pub mod tokens;

pub use db::Db;
