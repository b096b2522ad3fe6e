//! Seating plans: the header, the tables as the plan uses them, one seat per attendee, and the
//! change log of repairs.

use chrono::{DateTime, Utc};
use uuid::Uuid;

named_enum! {
    /// Where a plan stands. A meetup has at most one draft and one published plan at a time.
    pub enum PlanStatus {
        Draft,
        Published,
        /// A draft replaced by a newer run, or a published plan replaced by a newer publication.
        Superseded,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanTable {
    pub number: i32,
    pub label: String,
    pub min: i32,
    pub max: i32,
    pub locked: bool,
    pub explanation: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub attendee_id: Uuid,
    pub table_number: i32,
    pub locked: bool,
}

/// A plan's header without its tables and seats, as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    pub id: Uuid,
    pub meetup_id: Uuid,
    pub job_id: Option<Uuid>,
    pub status: PlanStatus,
    pub version: i32,
    pub seed: u64,
    pub params: serde_json::Value,
    pub inputs_hash: String,
    pub metrics: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A plan with its tables and seats.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: Uuid,
    pub meetup_id: Uuid,
    pub job_id: Option<Uuid>,
    pub status: PlanStatus,
    pub version: i32,
    pub seed: u64,
    pub params: serde_json::Value,
    pub inputs_hash: String,
    pub metrics: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub tables: Vec<PlanTable>,
    pub seats: Vec<Seat>,
}

/// What a plan run produced, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlan {
    pub meetup_id: Uuid,
    pub job_id: Option<Uuid>,
    pub seed: u64,
    pub params: serde_json::Value,
    pub inputs_hash: String,
    pub metrics: serde_json::Value,
    pub tables: Vec<PlanTable>,
    pub seats: Vec<Seat>,
}

/// One repair of a published plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub version: i32,
    pub reason: String,
    pub moves: serde_json::Value,
    pub changed_tables: Vec<i32>,
    pub created_at: DateTime<Utc>,
}
