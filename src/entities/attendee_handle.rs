//! Row of `attendee_handles`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendee_handles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub attendee_id: Uuid,
    pub conference_id: Uuid,
    pub network: String,
    pub handle: String,
    pub visibility: String,
    /// The handle while tablemates may see it, else NULL: only such handles are unique in a
    /// conference and resolve wanted connections.
    pub claim: Option<String>,
    /// When the holder proved the handle; NULL while it is only claimed.
    pub verified_at: Option<DateTimeUtc>,
    /// How it was proved (`rel-me`, `atproto`, `github-gist`, …); set with `verified_at`.
    pub verified_method: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
