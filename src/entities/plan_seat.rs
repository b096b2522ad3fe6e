//! Row of `plan_seats`: where one attendee sits in a plan.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_seats")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub attendee_id: Uuid,
    pub table_number: i32,
    pub locked: bool,
}

impl ActiveModelBehavior for ActiveModel {}
