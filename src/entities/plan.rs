//! Row of `plans`: a seating of one meetup, draft or published.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub meetup_id: Uuid,
    pub job_id: Option<Uuid>,
    pub status: String,
    /// Starts at 1; every adjustment or repair adds one.
    pub version: i32,
    pub seed: i64,
    /// JSON object: the parameters the plan was computed with.
    #[sea_orm(column_type = "Text")]
    pub params: String,
    /// SHA-256 of the matcher's input: same hash and seed, same plan.
    pub inputs_hash: String,
    /// JSON object: the plan's metrics.
    #[sea_orm(column_type = "Text")]
    pub metrics: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
