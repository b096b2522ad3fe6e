//! Row of `jobs`: background work (plan runs) any server process may pick up.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub kind: String,
    pub status: String,
    /// 0 queued, 50 running, 100 finished. No longer shown (see `progress_snapshot`); still
    /// written for processes of the previous release that share the database and show it.
    pub progress: i32,
    #[sea_orm(column_type = "Text")]
    pub params: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub result: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    /// JSON: what the job last reported about its progress while running; `None` until it
    /// reports (repairs never do).
    #[sea_orm(column_type = "Text", nullable)]
    pub progress_snapshot: Option<String>,
    pub attempts: i32,
    pub lease_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
