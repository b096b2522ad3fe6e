//! Row of `plan_changes`: what one repair of a published plan moved, and why.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    /// JSON array of moves: attendee, from table, to table, reason.
    #[sea_orm(column_type = "Text")]
    pub moves: String,
    /// JSON array of table numbers whose members changed.
    #[sea_orm(column_type = "Text")]
    pub changed_tables: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
