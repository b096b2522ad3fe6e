//! Bodies of the organizer's audit log of erasures.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::erasure::{ErasureActor, ErasureKind, ErasureRecord};

/// One erasure: what, by whom as a role, when, and how many rows it touched; never whose.
#[derive(Debug, Serialize)]
pub struct ErasureOut {
    pub id: Uuid,
    pub kind: ErasureKind,
    pub actor: ErasureActor,
    pub rows_deleted: u64,
    pub emails_rewritten: u64,
    pub plan_records_anonymised: u64,
    pub erased_at: DateTime<Utc>,
}

impl From<ErasureRecord> for ErasureOut {
    fn from(r: ErasureRecord) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            actor: r.actor,
            rows_deleted: r.rows_deleted,
            emails_rewritten: r.emails_rewritten,
            plan_records_anonymised: r.plan_records_anonymised,
            erased_at: r.erased_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ErasureList {
    pub items: Vec<ErasureOut>,
}
