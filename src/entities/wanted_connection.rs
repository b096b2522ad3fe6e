//! Row of `wanted_connections`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "wanted_connections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub attendee_id: Uuid,
    pub conference_id: Uuid,
    pub network: String,
    pub handle: String,
}

impl ActiveModelBehavior for ActiveModel {}
