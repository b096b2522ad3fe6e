//! Row of `calendar_sequences`: the SEQUENCE of the last invitation sent for one attendee's
//! calendar event of one meetup.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_sequences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meetup_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub attendee_id: Uuid,
    pub sequence: i64,
}

impl ActiveModelBehavior for ActiveModel {}
