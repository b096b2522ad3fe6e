//! Row of `erasures`: the audit log of erasures, without personal data.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "erasures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub kind: String,
    pub actor: String,
    pub rows_deleted: i64,
    pub emails_rewritten: i64,
    pub plan_records_anonymised: i64,
    pub erased_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
