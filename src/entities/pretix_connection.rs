//! Row of `pretix_connections`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pretix_connections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conference_id: Uuid,
    pub base_url: String,
    pub organizer_slug: String,
    pub event_slug: String,
    #[sea_orm(column_type = "Text")]
    pub token_sealed: String,
    pub privacy_consent_question: Option<String>,
    pub email_consent_question: Option<String>,
    pub cursor: Option<String>,
    pub last_pulled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
