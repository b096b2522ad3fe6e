//! Row of `plan_tables`: a table as a plan uses it, with its explanation.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_tables")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    pub label: String,
    pub min_size: i32,
    pub max_size: i32,
    pub locked: bool,
    /// JSON object: shared interests, wanted pairs and score parts of the table.
    #[sea_orm(column_type = "Text")]
    pub explanation: String,
}

impl ActiveModelBehavior for ActiveModel {}
