//! Row of `meetup_tables`: one table of a meetup, numbered from 1.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetup_tables")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meetup_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    pub label: String,
    pub min_size: i32,
    pub max_size: i32,
}

impl ActiveModelBehavior for ActiveModel {}
