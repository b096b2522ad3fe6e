//! Row of `conferences`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organizer_id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub venue: String,
    pub time_zone: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub registration_open: bool,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub suggested_interests: String,
    pub table_min: i32,
    pub table_max: i32,
    /// `en` or `de`: pages and emails for attendees who chose no language.
    pub default_language: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
